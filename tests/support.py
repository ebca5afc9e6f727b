"""Building real sites from fixture content, serving them on loopback, opening them in Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from benchmarks.siteconfig import inheriting_config

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("WEGWEISER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def write_config(workdir: Path, content: Path, site_url: str = "", extra: str = "",
                 languages: tuple[str, ...] | None = ("de",)) -> Path:
    """A mkdocs.yml in workdir that inherits the project's and reads `content` (German only unless
    ``languages`` says otherwise; None: the languages of the project's mkdocs.yml)."""
    return inheriting_config(workdir / "mkdocs.yml", content, workdir / "site", site_url, extra, languages)


def mkdocs_build(config: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), *args],
                          capture_output=True, text=True, env=full_env, timeout=600, cwd=config.parent)


def build_site(workdir: Path, content: Path, site_url: str = "", extra: str = "",
               languages: tuple[str, ...] | None = ("de",)) -> Path:
    """Build content into workdir/site; fail loudly with mkdocs' output."""
    if (workdir / "site").exists():
        shutil.rmtree(workdir / "site")
    result = mkdocs_build(write_config(workdir, content, site_url, extra, languages))
    assert result.returncode == 0, result.stdout + result.stderr
    return workdir / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path):
    """The built site over HTTP on 127.0.0.1 and a random port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class RequestLog:
    """Every request a page makes, to prove that nothing leaves the origin."""

    def __init__(self, page, origin: str):
        self.origin = origin.rstrip("/")
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    @property
    def foreign(self) -> list[str]:
        return [u for u in self.urls if not (u.startswith(self.origin + "/") or u == self.origin
                                             or u.startswith("data:") or u.startswith("blob:"))]


def settle(page) -> None:
    """Until no finite animation or transition runs (via evaluate: the site's CSP forbids the eval
    that wait_for_function needs)."""
    page.evaluate("""async () => {
        const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        for (let round = 0; round < 20; round++) {
            await frame();
            const running = document.getAnimations().filter(a => a.playState === "running"
                && a.effect.getTiming().iterations !== Infinity);
            if (!running.length) return;
            await Promise.all(running.map(a => a.finished.catch(() => null)));
        }
    }""")


def axe_run(page):
    """Axe on a page at rest: mid-transition colours (Material fades the header title in when
    the page scrolls, e.g. to an error summary) are blends no reader ever settles on."""
    from axe_playwright_python.sync_playwright import Axe
    settle(page)
    return Axe().run(page)
