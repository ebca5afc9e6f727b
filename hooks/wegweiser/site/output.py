"""The site folder written all-or-nothing: a build writes into a hidden sibling, which takes the
folder's place only after the whole build succeeded; after a failed one the folder is as it was.
And the spool, where generated files wait on disk until they are linked into the output.

Knows no engine (engine.py points the build at ``work_dir``), so any adapter can use it.
"""
from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from typing import Callable


class AtomicOutput:
    """One build at a time per folder: a second one (another terminal, a script) waits, else it would
    clear the first one's half-written sibling and both would fail. The lock is on the parent folder,
    which holds the siblings: a lock file would be one more thing left beside the site."""

    def __init__(self, site_dir: Path, waiting: Callable[[], None] | None = None):
        self.final_dir = site_dir.resolve()
        self.work_dir = self.final_dir.with_name(f".{self.final_dir.name}-neu")
        self.final_dir.parent.mkdir(parents=True, exist_ok=True)
        self._lock = os.open(self.final_dir.parent, os.O_RDONLY)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting()
            fcntl.flock(self._lock, fcntl.LOCK_EX)
        shutil.rmtree(self.work_dir, ignore_errors=True)  # left over from a killed build

    def commit(self) -> None:
        """The new output in the folder's place; the old one gone."""
        old = self.final_dir.with_name(f".{self.final_dir.name}-alt")
        try:
            shutil.rmtree(old, ignore_errors=True)
            if self.final_dir.exists():
                self.final_dir.rename(old)
            try:
                self.work_dir.rename(self.final_dir)
            except OSError:  # the folder as it was, whatever stopped the swap
                if old.exists() and not self.final_dir.exists():
                    old.rename(self.final_dir)
                raise
            shutil.rmtree(old, ignore_errors=True)
        finally:
            os.close(self._lock)

    def discard(self) -> None:
        shutil.rmtree(self.work_dir, ignore_errors=True)
        os.close(self._lock)


def fresh_spool(site_dir: Path) -> Path:
    """A fresh folder beside site_dir (the same file system: the files are hard-linked). Each build,
    and each rebuild of `mkdocs serve`, gets a new one: a linked file in site_dir is never changed in
    place, and --dirty sees the new files as newer."""
    site_dir = site_dir.resolve()
    spool = site_dir.with_name(f".{site_dir.name}-erzeugt")
    shutil.rmtree(spool, ignore_errors=True)  # left over from a killed build
    spool.mkdir(parents=True)
    return spool
