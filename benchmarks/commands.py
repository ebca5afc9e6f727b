"""Running commands and timing them, and the sites they build beside Wegweiser's: plain mkdocs +
Material (the engine's floor) and Hugo, the same number of trivial pages."""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .generate import REFERENCE_DAY
from .pss import TreePeak
from .siteconfig import inheriting_config

ROOT = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"
ENV = {**os.environ, "WEGWEISER_TODAY": REFERENCE_DAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}


# --- running and measuring commands ------------------------------------------------------------

@dataclass
class Run:
    seconds: float  # wall clock
    rss_mb: float | None
    ok: bool
    output: str = ""
    cpu: float | None = None  # user + system seconds: steadier than wall time on a shared machine
    pss_mb: float | None = None  # the whole process tree's memory at its peak (benchmarks/pss.py)


def ensure_tools() -> None:
    """/usr/bin/time (Debian `time`) and Hugo (Debian `hugo`): installed like scripts/ensure-chromium."""
    missing = [pkg for pkg, path in (("time", TIME), ("hugo", "hugo")) if not shutil.which(path)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installiere {', '.join(missing)} (Debian-Pakete) …", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env,
                       check=False, stdout=subprocess.DEVNULL)


def timed(cmd: list[str], cwd: Path | None = None, timeout: float = 3600) -> Run:
    """Wall time and peak RSS of one command (the RSS of the largest process in its tree)."""
    stats = Path(f"/tmp/wegweiser-bench-time-{os.getpid()}.txt")
    wrapped = [TIME, "-v", "-o", str(stats), *cmd] if Path(TIME).exists() else cmd
    started = time.perf_counter()
    proc = subprocess.Popen(wrapped, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreePeak(proc.pid)
    sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    finally:
        pss = sampler.stop()
    seconds = time.perf_counter() - started
    rss = cpu = None
    if stats.exists():
        text = stats.read_text()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        rss = int(m.group(1)) / 1024 if m else None
        times = re.findall(r"(?:User|System) time \(seconds\): ([0-9.]+)", text)
        cpu = sum(float(t) for t in times) if times else None
        stats.unlink()
    return Run(seconds, rss, proc.returncode == 0, (stdout + stderr)[-4000:], cpu, pss)


def tree_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file():
            total += p.stat().st_size
            files += 1
    return total, files


def html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


# --- the sites ---------------------------------------------------------------------------------

def wegweiser_config(work: Path, content: Path, site: Path, extra: str = "") -> Path:
    """A mkdocs.yml that inherits the project's and reads the synthetic content."""
    return inheriting_config(work / ("mkdocs.yml" if not extra else "mkdocs-variant.yml"), content, site,
                             extra=extra)


def floor_site(work: Path, pages: int) -> Path:
    """Plain mkdocs + Material: `pages` trivial pages, a short nav, the bulk `not_in_nav`."""
    docs = work / "floor-docs"
    shutil.rmtree(docs, ignore_errors=True)
    (docs / "angebote").mkdir(parents=True)
    nav = ["index", "lebensphasen", "stadtteile", "suche", "ueber"]
    for name in nav:
        (docs / f"{name}.md").write_text(f"# {name.capitalize()}\n\nEine Übersichtsseite.\n", encoding="utf-8")
    for i in range(max(pages - len(nav), 0)):
        (docs / "angebote" / f"angebot-{i:05d}.md").write_text(
            f"# Angebot {i}\n\nEin Absatz Text über das Angebot {i} für Familien in der Stadt.\n", encoding="utf-8")
    config = work / "floor.yml"
    config.write_text(f"""site_name: Untergrenze
docs_dir: {docs}
site_dir: {work / 'floor-site'}
theme:
  name: material
  language: de
  font: false
plugins: []
not_in_nav: |
  /angebote/
nav:
{''.join(f'  - {n}.md{chr(10)}' for n in nav)}""", encoding="utf-8")
    return config


HUGO_LAYOUT = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="/">Start</a></nav><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""


def hugo_site(work: Path, pages: int) -> Path:
    site = work / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content" / "angebote").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text('baseURL = "/"\ntitle = "Untergrenze"\nlanguageCode = "de"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n', encoding="utf-8")
    for name in ("single", "list"):
        (site / "layouts" / "_default" / f"{name}.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    for i in range(pages):
        (site / "content" / "angebote" / f"angebot-{i:05d}.md").write_text(
            f"---\ntitle: Angebot {i}\n---\nEin Absatz Text über das Angebot {i} für Familien in der Stadt.\n",
            encoding="utf-8")
    return site



@dataclass
class SizeResult:
    offers: int
    districts: int = 0
    pages: int = 0
    check: Run | None = None  # the first run (writes the check cache)
    check_warm: Run | None = None  # the second, nothing changed
    build: Run | None = None
    output_bytes: int = 0
    output_files: int = 0
    largest: tuple[int, str] = (0, "")  # bytes and path of the largest HTML page
    floor: Run | None = None
    hugo: Run | None = None
    finder: dict = field(default_factory=dict)


@contextmanager
def serve_folder(path: Path, handler: type, **attributes):
    """The folder over HTTP on loopback with a subclass of `handler` carrying `attributes`; yields
    (base URL, the handler's `sent` list: what it sent, in the form the handler notes it)."""
    sent: list = []
    cls = type("Handler", (handler,), {"sent": sent, **attributes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(cls, directory=str(path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()
