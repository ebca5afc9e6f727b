"""Shared fixtures: the repository, a pinned "today", and copies of the fixture directory."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"
TODAY = "2026-11-22"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("WEGWEISER_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


class Tree:
    """A writable copy of a content directory."""

    def __init__(self, path: Path):
        self.path = path

    def write(self, rel: str, text: str | bytes) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.write_bytes if isinstance(text, bytes) else lambda t: target.write_text(t, encoding="utf-8"))(text)
        return target

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Tree:
    """The mini fixture directory copied to tmp/content; the working directory is tmp."""
    shutil.copytree(MINI, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return Tree(tmp_path / "content")
