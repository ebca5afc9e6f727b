"""Shared fixtures: the repository, a pinned "today", and copies of the fixture directory."""
from __future__ import annotations

import os
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


# --- built sites and the browser (session-wide: building and launching are the slow parts) -------

from support import CHROMIUM, CHROMIUM_ARGS, build_site, serve  # noqa: E402


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory):
    """The mini fixture directory built into a real site."""
    work = tmp_path_factory.mktemp("mini")
    os.environ["WEGWEISER_TODAY"] = TODAY
    return build_site(work, MINI)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The shipped demo directory built into a real site."""
    work = tmp_path_factory.mktemp("demo")
    os.environ["WEGWEISER_TODAY"] = TODAY
    return build_site(work, ROOT / "content")


@pytest.fixture(scope="session")
def languages_site(tmp_path_factory):
    """The demo directory in every language of mkdocs.yml: one build shared by the language tests."""
    work = tmp_path_factory.mktemp("languages")
    os.environ["WEGWEISER_TODAY"] = TODAY
    return build_site(work, ROOT / "content", languages=None)


@pytest.fixture(scope="session")
def languages_url(languages_site):
    with serve(languages_site) as url:
        yield url


@pytest.fixture(scope="session")
def demo_url(demo_site):
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium fehlt unter {CHROMIUM}: `make browser` installiert es.")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    """A page in a 360×740 phone viewport."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE",
                                  timezone_id="Europe/Berlin")
    page = context.new_page()
    yield page
    context.close()
