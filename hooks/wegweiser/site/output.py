"""The site folder written all-or-nothing: a build writes into a hidden sibling, which takes the
folder's place only after the whole build succeeded; after a failed one the folder is as it was.
And the spool, where generated files wait on disk until they are linked into the output.

Knows no engine (engine.py points the build at ``work_dir``), so any adapter can use it.
"""
from __future__ import annotations

import shutil
from pathlib import Path


class AtomicOutput:
    def __init__(self, site_dir: Path):
        self.final_dir = site_dir.resolve()
        self.work_dir = self.final_dir.with_name(f".{self.final_dir.name}-neu")
        shutil.rmtree(self.work_dir, ignore_errors=True)  # left over from a killed build

    def commit(self) -> None:
        """The new output in the folder's place; the old one gone."""
        old = self.final_dir.with_name(f".{self.final_dir.name}-alt")
        shutil.rmtree(old, ignore_errors=True)
        if self.final_dir.exists():
            self.final_dir.rename(old)
        self.work_dir.rename(self.final_dir)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.work_dir, ignore_errors=True)


def fresh_spool(site_dir: Path) -> Path:
    """A fresh folder beside site_dir (the same file system: the files are hard-linked). Each build,
    and each rebuild of `mkdocs serve`, gets a new one: a linked file in site_dir is never changed in
    place, and --dirty sees the new files as newer."""
    site_dir = site_dir.resolve()
    spool = site_dir.with_name(f".{site_dir.name}-erzeugt")
    shutil.rmtree(spool, ignore_errors=True)  # left over from a killed build
    spool.mkdir(parents=True)
    return spool
