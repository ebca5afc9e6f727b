"""`make bench`: how the build and the finder scale, side by side with the anchors, in one run.

    python -m benchmarks.run                    # 1,000, 5,000 and 20,000 offers
    python -m benchmarks.run --large            # also 50,000
    python -m benchmarks.run --sizes 1000,5000  # choose

For each size: `wegweiser check`; a full `mkdocs build` (wall time, peak RSS from /usr/bin/time -v,
output bytes and files); plain mkdocs + Material building the same number of trivial pages with a
short nav and `not_in_nav` for the bulk (the engine's floor); Hugo building the same number of
trivial pages. At 1,000 offers the `mkdocs serve` rebuild after editing one offer. At 1,000 and
5,000 the finder (if the site ships one) against Material's built-in search and Pagefind, in
headless Chromium with a 4x-throttled CPU. Prints a table and writes it into docs/benchmarks.md
between the markers, keeping the hand-written notes around them.

The machine is shared and noisy: compare the ratios taken in the same run, not seconds across runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from . import phone
from .generate import REFERENCE_DAY, generate
from .pss import TreePeak
from .siteconfig import inheriting_config
from .targets import target_lines

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TIME = "/usr/bin/time"
CHROMIUM = os.environ.get("WEGWEISER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
ENV = {**os.environ, "WEGWEISER_TODAY": REFERENCE_DAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
QUERY = "babymassage"  # a word providers use in names and descriptions; typed key by key
CPU_SLOWDOWN = 4


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


# --- one size ----------------------------------------------------------------------------------

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


def measure_size(n: int, work: Path, finder: bool, keep: bool) -> SizeResult:
    work.mkdir(parents=True, exist_ok=True)
    content, site = work / "content", work / "site"
    facts = generate(content, n)
    r = SizeResult(n, facts["districts"])
    python = sys.executable
    wegweiser = str(Path(python).with_name("wegweiser"))
    print(f"[{n}] wegweiser check …", flush=True)
    shutil.rmtree(work / ".cache", ignore_errors=True)
    r.check = timed([wegweiser, "check", "--content", str(content)], cwd=work)
    r.check_warm = timed([wegweiser, "check", "--content", str(content)], cwd=work)
    print(f"[{n}] mkdocs build (Wegweiser) …", flush=True)
    shutil.rmtree(site, ignore_errors=True)
    r.build = timed([python, "-m", "mkdocs", "build", "-q", "-f", str(wegweiser_config(work, content, site))],
                    cwd=work)
    if r.build.ok:
        r.output_bytes, r.output_files = tree_size(site)
        r.pages = html_pages(site)
        r.largest = max((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html"))
    else:
        print(r.build.output, file=sys.stderr)
        r.pages = n
    print(f"[{n}] mkdocs build (Material, {r.pages} einfache Seiten) …", flush=True)
    r.floor = timed([python, "-m", "mkdocs", "build", "-q", "-f", str(floor_site(work, r.pages))], cwd=work)
    if shutil.which("hugo"):
        print(f"[{n}] hugo ({r.pages} einfache Seiten) …", flush=True)
        hugo = hugo_site(work, r.pages)
        r.hugo = timed(["hugo", "--quiet", "-s", str(hugo), "-d", str(work / "hugo-public")], cwd=work)
    if finder and r.build.ok:
        r.finder = measure_finder(n, work, content, site)
    if not keep:
        for name in ("floor-docs", "floor-site", "hugo", "hugo-public", "site-material"):
            shutil.rmtree(work / name, ignore_errors=True)
    return r


# --- mkdocs serve ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_serve(n: int, work: Path, dirty: bool, edits: int = 3) -> dict:
    """Seconds from saving an edited offer until `mkdocs serve` has rebuilt (logs "Reloading browsers").

    ``dirty``: `mkdocs serve --dirty`, as `make serve` runs it (only changed pages are rebuilt).
    """
    work.mkdir(parents=True, exist_ok=True)
    content = work / "content"
    if not (content / "offers").is_dir() or len(list((content / "offers").glob("*.md"))) != n:
        generate(content, n)
    config = wegweiser_config(work, content, work / "site")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *(["--dirty"] if dirty else []), "-f",
                             str(config), "-a", f"127.0.0.1:{port}"],
                            cwd=work, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[tuple[float, str]] = []
    cond = threading.Condition()

    def reader():
        for line in proc.stdout:
            with cond:
                lines.append((time.perf_counter(), line.rstrip()))
                cond.notify_all()

    threading.Thread(target=reader, daemon=True).start()

    def wait_for(pattern: str, after: int, timeout: float = 300) -> tuple[int, float, str] | None:
        deadline = time.perf_counter() + timeout
        with cond:
            while True:
                for i in range(after, len(lines)):
                    if pattern in lines[i][1]:
                        return i, lines[i][0], lines[i][1]
                left = deadline - time.perf_counter()
                if left <= 0 or proc.poll() is not None:
                    return None
                cond.wait(left)

    result: dict = {"offers": n, "dirty": dirty, "rebuilds": [], "builds": []}
    try:
        first = wait_for("Serving on", 0)
        if first is None:
            result["error"] = "mkdocs serve startete nicht: " + " | ".join(l for _, l in lines[-5:])
            return result
        pos = first[0]
        offer = sorted((content / "offers").glob("*.md"))[n // 2]
        original = offer.read_text(encoding="utf-8")
        for i in range(edits):
            time.sleep(1.5)  # let the polling observer settle
            offer.write_text(original + f"\nGeändert für die Messung ({i + 1}).\n", encoding="utf-8")
            saved = time.perf_counter()
            built = wait_for("Documentation built in", pos + 1)
            done = wait_for("Reloading browsers", pos + 1)
            if done is None:
                result["error"] = "kein Neubau erkannt: " + " | ".join(l for _, l in lines[-5:])
                break
            result["rebuilds"].append(done[1] - saved)
            if built:
                m = re.search(r"built in ([0-9.]+) seconds", built[2])
                if m:
                    result["builds"].append(float(m.group(1)))
            pos = done[0]
        offer.write_text(original, encoding="utf-8")
    finally:
        proc.send_signal(signal.SIGINT)  # mkdocs shuts down cleanly on Ctrl-C
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(timeout=10)
    return result


# --- the finder, Material's search, Pagefind -----------------------------------------------------

class _Counting(http.server.SimpleHTTPRequestHandler):
    """Notes the bytes it sends per path: requests from web workers (Pagefind's, Material's) too."""
    sent: list = []

    def copyfile(self, source, outputfile):
        data = source.read()
        self.sent.append((self.path.split("?")[0], len(data)))
        outputfile.write(data)

    def log_message(self, *args):
        pass


@contextmanager
def serve_dir(path: Path):
    """The folder over HTTP on loopback; yields (base URL, the list of (path, bytes) sent so far)."""
    sent: list = []
    handler = type("Handler", (_Counting,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()
        server.server_close()


def finder_files(site: Path) -> list[Path]:
    """The finder's data under suche/: its search index and facet data (JSON), not its scripts."""
    folder = site / "suche"
    return sorted(p for p in folder.rglob("*.json") if p.is_file()) if folder.is_dir() else []


def bytes_raw_gzip(paths: list[Path]) -> tuple[int, int]:
    raw = sum(p.stat().st_size for p in paths)
    gz = sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in paths)
    return raw, gz


PAGEFIND_HARNESS = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><label for="q">Suche</label><input id="q" type="search"><ol id="r"></ol>
<script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
performance.mark("finder-ready");
let latest = 0;
async function run(text) {
  const n = ++latest;
  const search = await pagefind.search(text);
  if (n !== latest || !search) return;
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  if (n !== latest) return;
  document.getElementById("r").replaceChildren(...data.map((d) => {
    const li = document.createElement("li"); li.textContent = d.meta.title; return li; }));
  performance.mark("finder-results");
}
document.getElementById("q").addEventListener("input", (event) => run(event.target.value));
const asked = new URLSearchParams(location.search).get("q");  // as the finder: the word in the URL
if (asked) { document.getElementById("q").value = asked; run(asked); }
</script></body></html>
"""

# Installed before any page script: the time of the last keystroke, and for Material's search (which
# sets no performance marks) the moments its result list and its status line change.
INIT_SCRIPT = """
window.__bench = {lastInput: 0, results: [], ready: 0};
document.addEventListener("input", () => { window.__bench.lastInput = performance.now(); }, true);
document.addEventListener("DOMContentLoaded", () => {
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  if (meta) {
    const initial = meta.textContent.trim();
    new MutationObserver(() => {
      if (!window.__bench.ready && meta.textContent.trim() !== initial) window.__bench.ready = performance.now();
    }).observe(meta, {childList: true, characterData: true, subtree: true});
  }
  if (list) new MutationObserver(() => { window.__bench.results.push(performance.now()); })
    .observe(list, {childList: true});
});
"""

# The requests that belong to each search (its scripts, index and data), not to the page around it.
SEARCH_PATHS = {"finder": ("/suche/lunr/", "/assets/finder.js", *(f"/suche/{c}" for c in "0123456789abcdef")),
                "material": ("/search/search_index.json", "/assets/javascripts/workers/search"),
                "pagefind": ("/pagefind/",)}


def search_bytes(sent: list, kind: str) -> int:
    return sum(n for path, n in sent if path.startswith(SEARCH_PATHS[kind]))


def browser_timing(browser, url: str, sent: list, kind: str) -> dict:
    """ready_ms (page start to ready), query_ms (last keystroke to results), bytes fetched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.add_init_script(INIT_SCRIPT)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    out: dict = {}
    sent.clear()
    try:
        page.goto(url, wait_until="load", timeout=120_000)
        if kind == "material":
            page.wait_for_function("window.__bench.ready > 0", timeout=180_000)
            out["ready_ms"] = page.evaluate("window.__bench.ready")
            box = page.locator(".md-search__input")
        else:
            page.wait_for_function("performance.getEntriesByName('finder-ready').length > 0", timeout=180_000)
            out["ready_ms"] = page.evaluate("performance.getEntriesByName('finder-ready')[0].startTime")
            box = page.locator("#q") if kind == "pagefind" else page.locator(
                "#ww-q, main input[type=search], main input[name=q]").first
        out["bytes_ready"] = search_bytes(sent, kind)
        box.click()
        box.press_sequentially(QUERY, delay=120)
        if kind == "material":
            page.wait_for_function("window.__bench.results.some(t => t >= window.__bench.lastInput)",
                                   timeout=120_000)
            page.wait_for_timeout(1500)  # later updates for the same query count too
            out["query_ms"] = page.evaluate("Math.max(...window.__bench.results) - window.__bench.lastInput")
        else:
            page.wait_for_function("performance.getEntriesByName('finder-results')"
                                   ".some(e => e.startTime >= window.__bench.lastInput)", timeout=120_000)
            page.wait_for_timeout(1500)
            out["query_ms"] = page.evaluate("Math.max(...performance.getEntriesByName('finder-results')"
                                            ".map(e => e.startTime)) - window.__bench.lastInput")
        out["bytes_total"] = search_bytes(sent, kind)
    except Exception as err:  # a missing piece is reported in the table, not a crash of the run
        out["error"] = f"{type(err).__name__}: {str(err).splitlines()[0][:160]}"
    finally:
        context.close()
    return out


def measure_finder(n: int, work: Path, content: Path, site: Path) -> dict:
    out: dict = {}
    shipped = finder_files(site)
    if shipped:
        raw, gz = bytes_raw_gzip(shipped)
        out["finder"] = {"files": len(shipped), "raw": raw, "gzip": gz}
    else:
        out["finder"] = {"missing": True}

    print(f"[{n}] mkdocs build mit Materials Suche …", flush=True)
    material_site = work / "site-material"
    shutil.rmtree(material_site, ignore_errors=True)
    run = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                 str(wegweiser_config(work, content, material_site, "plugins:\n  - search\n"))], cwd=work)
    index = material_site / "search" / "search_index.json"
    if run.ok and index.exists():
        raw, gz = bytes_raw_gzip([index])
        out["material"] = {"build_s": run.seconds, "raw": raw, "gzip": gz}
    else:
        out["material"] = {"error": "Bau mit Suche fehlgeschlagen"}

    print(f"[{n}] Pagefind indexiert die Angebotsseiten …", flush=True)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    run = timed([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "angebote/**/*.html",
                 "--root-selector", ".md-content", "--force-language", "de"], cwd=work)
    if run.ok and (site / "pagefind").is_dir():
        raw, _ = bytes_raw_gzip(sorted(p for p in (site / "pagefind").rglob("*") if p.is_file()))
        out["pagefind"] = {"index_s": run.seconds, "raw": raw}
        (site / "pagefind-messung.html").write_text(PAGEFIND_HARNESS, encoding="utf-8")
    else:
        out["pagefind"] = {"error": "Pagefind fehlgeschlagen: " + run.output[-200:]}

    if not Path(CHROMIUM).exists():
        out["browser_error"] = f"kein Chromium unter {CHROMIUM}"
        return out
    print(f"[{n}] Finder und Pagefind auf dem gebremsten Handy …", flush=True)
    out["phone"] = measure_phone(site)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with serve_dir(site) as (url, sent):
                if shipped:
                    out["finder"].update(browser_timing(browser, url + "suche/", sent, "finder"))
                if "raw" in out["pagefind"]:
                    out["pagefind"].update(browser_timing(browser, url + "pagefind-messung.html", sent, "pagefind"))
            if "raw" in out["material"]:
                with serve_dir(material_site) as (url, sent):
                    out["material"].update(browser_timing(browser, url, sent, "material"))
        finally:
            browser.close()
    return out


# --- the cheap phone: throttled finder and Pagefind, Lighthouse on the demo ----------------------

PHONE_QUERY = "beratung"


def measure_phone(site: Path) -> dict:
    """The finder and Pagefind on the same site, on the throttled phone (see benchmarks/phone.py)."""
    out = {"finder": phone.finder_phone(site, f"suche/?q={PHONE_QUERY}", "#ww-results .ww-card")}
    if (site / "pagefind-messung.html").exists():
        out["pagefind"] = phone.finder_phone(site, f"pagefind-messung.html?q={PHONE_QUERY}", "#r li")
    return out


def measure_demo(work: Path) -> dict:
    """The shipped demo: Lighthouse on every page type (served with gzip), the throttled finder."""
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    print("[Demo] mkdocs build …", flush=True)
    run = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                 str(wegweiser_config(work, ROOT / "content", site))], cwd=work)
    if not run.ok:
        return {"error": run.output[-300:]}
    out: dict = {"offers": len(list((site / "angebote").glob("*/index.html")))}
    add_pagefind(site, work)
    if Path(CHROMIUM).exists():
        print("[Demo] Finder und Pagefind auf dem gebremsten Handy …", flush=True)
        out["phone"] = measure_phone(site)
        out["lighthouse"] = phone.measure_lighthouse(site, work / "lighthouse")
    return out


def phone_only(work: Path, sizes: list[int], demo: bool = True) -> int:
    """The throttled-phone finder timing alone (no build timings, Lighthouse or other anchors):
    the demo and generated directories, each built German-only and indexed by Pagefind."""
    results = []
    demo_out = None
    if demo:
        site = work / "demo" / "site"
        shutil.rmtree(site, ignore_errors=True)
        site.parent.mkdir(parents=True, exist_ok=True)
        print("[Demo] mkdocs build …", flush=True)
        run = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                     str(wegweiser_config(work / "demo", ROOT / "content", site))], cwd=work / "demo")
        if not run.ok:
            print(run.output, file=sys.stderr)
            return 1
        add_pagefind(site, work / "demo")
        demo_out = {"phone": measure_phone(site)}
    for n in sizes:
        where = work / str(n)
        where.mkdir(parents=True, exist_ok=True)
        content, site = where / "content", where / "site"
        facts = generate(content, n)
        r = SizeResult(n, facts["districts"])
        print(f"[{n}] mkdocs build (Wegweiser) …", flush=True)
        shutil.rmtree(site, ignore_errors=True)
        r.build = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                         str(wegweiser_config(where, content, site))], cwd=where)
        if not r.build.ok:
            print(r.build.output, file=sys.stderr)
            return 1
        add_pagefind(site, where)
        print(f"[{n}] Finder und Pagefind auf dem gebremsten Handy …", flush=True)
        r.finder = {"phone": measure_phone(site)}
        results.append(r)
    print("\n".join(phone_lines(demo_out, results)))
    return 0


def add_pagefind(site: Path, cwd: Path) -> None:
    """Pagefind's index over the offer pages of a built site, and the page that measures it."""
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    timed([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "angebote/**/*.html",
           "--root-selector", ".md-content", "--force-language", "de"], cwd=cwd)
    if (site / "pagefind").is_dir():
        (site / "pagefind-messung.html").write_text(PAGEFIND_HARNESS, encoding="utf-8")


def phone_lines(demo: dict | None, results: list[SizeResult]) -> list[str]:
    lines = []
    if demo and demo.get("lighthouse"):
        lines += [f"Lighthouse {phone.LIGHTHOUSE.split('@')[1]} (mobile Voreinstellung, simuliert gedrosselt), das "
                  "Beispielverzeichnis mit gzip von 127.0.0.1; Leistung schwankt auf dem geteilten Rechner um einige "
                  "Punkte.", "",
                  "| Seite | Pfad | Leistung | Barrierefreiheit | Best Practices | FCP | LCP | TBT | CLS | Bytes | DOM |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in demo["lighthouse"]:
            if "error" in row:
                lines.append(f"| {row['page']} | `{row['path']}` | {row['error']} |||||||||")
                continue
            lines.append(f"| {row['page']} | `{row['path']}` | {row['performance']} | {row['accessibility']} "
                         f"| {row['best_practices']} | {de(row['fcp_ms'] / 1000)} s | {de(row['lcp_ms'] / 1000)} s "
                         f"| {de(row['tbt_ms'], 0)} ms | {de(row['cls'], 3)} | {kb(row['bytes'])} | {de(row['dom'], 0)} |")
        lines.append("")
    rows = []
    sized = ([("Beispiel", demo)] if demo and demo.get("phone") else []) + [
        (de(r.offers, 0), r.finder) for r in results if r.finder and r.finder.get("phone")]
    for label, block in sized:
        for key, name in (("finder", "Wegweiser-Finder"), ("pagefind", "Pagefind")):
            f = block["phone"].get(key)
            if not f:
                continue
            rows.append(f"| {label} | {name} | {de(f['first_s'])} s | {kb(f['bytes_first'])} | {f['requests']} "
                        f"| {de(f['cls'], 3)} | {', '.join(de(x) for x in f['all_first_s'])} |")
    if rows:
        lines += [f"Gedrosseltes Handy (Chromium über CDP: {PHONE_NET_TEXT}, CPU {phone.PHONE_CPU}× langsamer, "
                  f"{phone.PHONE_VIEWPORT['width']} × {phone.PHONE_VIEWPORT['height']}): die Startseite ist offen "
                  f"(ihr CSS im Cache, `Cache-Control: max-age=600` wie GitHub Pages), dann „Suchen“ mit "
                  f"„{PHONE_QUERY}“: Zeit bis zum ersten Treffer auf dem Schirm, Bytes (gzip) bis dahin, "
                  "Median aus drei Läufen. Pagefind: dieselbe Abfrage aus der Adresse, über die Angebotsseiten "
                  "desselben Baus.", "",
                  "| Angebote | Suche | erster Treffer | Bytes bis dahin | Anfragen | CLS | alle Läufe |",
                  "|---:|---|---:|---:|---:|---:|---|", *rows, ""]
    return lines


PHONE_NET_TEXT = (f"{phone.PHONE_NETWORK['downloadThroughput'] * 8 / 1000:.0f} kbit/s, "
                  f"{phone.PHONE_NETWORK['latency']} ms Latenz")


# --- the table ---------------------------------------------------------------------------------

def de(value: float | None, digits: int = 1) -> str:
    """German number format: 1.234,5"""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def ratio(a: Run | None, b: Run | None) -> str:
    """Wall-clock ratio, and the CPU-time ratio in brackets (steadier when other jobs share the cores)."""
    if not a or not b or not a.ok or not b.ok or b.seconds == 0:
        return "–"
    cpu = f" (CPU {de(a.cpu / b.cpu, 2)}×)" if a.cpu and b.cpu else ""
    return de(a.seconds / b.seconds, 2) + "×" + cpu


def secs(run: Run | None) -> str:
    if run is None:
        return "–"
    cpu = f" (CPU {de(run.cpu, 1)})" if run.cpu is not None else ""
    return de(run.seconds, 1) + " s" + cpu + ("" if run.ok else " – Fehler")


def rss(run: Run | None) -> str:
    """The largest process; with the whole tree's PSS where it forked (pagefork.py) and that is more."""
    if not run or not run.rss_mb:
        return "–"
    tree = f" (alle Prozesse {de(run.pss_mb, 0)} MB)" if run.pss_mb and run.pss_mb > run.rss_mb * 1.05 else ""
    return f"{de(run.rss_mb, 0)} MB{tree}"


def build_table(results: list[SizeResult]) -> list[str]:
    rows = ["| Angebote | Stadtteile | Seiten | `check` | `check`, 2. Lauf | Wegweiser-Bau | Spitzen-RSS | Ausgabe "
            "| Dateien | Material, kurze Nav. | RSS | Hugo | Wegweiser ÷ Material | Wegweiser ÷ Hugo | ms je Angebot |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        per_offer = r.build.seconds * 1000 / r.offers if r.build and r.build.ok else None
        rows.append(f"| {de(r.offers, 0)} | {r.districts} | {de(r.pages, 0)} | {secs(r.check)} | {secs(r.check_warm)} | {secs(r.build)} "
                    f"| {rss(r.build)} | {de(r.output_bytes / 1e6, 0)} MB | {de(r.output_files, 0)} "
                    f"| {secs(r.floor)} | {rss(r.floor)} | {secs(r.hugo) if r.hugo else 'nicht installiert'} "
                    f"| {ratio(r.build, r.floor)} | {ratio(r.build, r.hugo)} | {de(per_offer, 2)} |")
    return rows


def growth_lines(results: list[SizeResult]) -> list[str]:
    ok = [r for r in results if r.build and r.build.ok]
    if len(ok) < 2:
        return []
    lines = []
    for a, b in zip(ok, ok[1:]):
        factor = b.offers / a.offers

        def grow(x: Run | None, y: Run | None) -> str:
            if not (x and y and x.ok and y.ok and x.seconds):
                return "–"
            cpu = f" (CPU {de(y.cpu / x.cpu, 1)}×)" if x.cpu and y.cpu else ""
            return de(y.seconds / x.seconds, 1) + "×" + cpu
        per = lambda r: de(r.build.seconds * 1000 / r.offers, 2)  # noqa: E731
        lines.append(f"- {de(a.offers, 0)} → {de(b.offers, 0)} Angebote (linear wäre ×{de(factor, 1)}): "
                     f"Wegweiser-Bau {grow(a.build, b.build)}, `check` {grow(a.check, b.check)}, "
                     f"Material {grow(a.floor, b.floor)}, Hugo {grow(a.hugo, b.hugo)}; "
                     f"Zeit je Angebot {per(a)} → {per(b)} ms.")
    biggest = [f"{de(r.offers, 0)} Angebote: `{r.largest[1]}` {de(r.largest[0] / 1e6, 1)} MB"
               for r in ok if r.largest[0]]
    return ["Wachstum:", "", *lines, "", "Größte Seite: " + "; ".join(biggest) + "."]


def serve_lines(serves: list[dict]) -> list[str]:
    if not serves:
        return ["(nicht gemessen)"]
    out = []
    for serve in serves:
        command = "`mkdocs serve --dirty` (wie `make serve`)" if serve["dirty"] else "`mkdocs serve`"
        if not serve["rebuilds"]:
            out.append(f"- {command}: Fehler: {serve.get('error', 'keine Messung')}")
            continue
        med = statistics.median(serve["rebuilds"])
        builds = (f"; davon Bau laut mkdocs-Log {de(statistics.median(serve['builds']), 2)} s"
                  if serve["builds"] else "")
        out.append(f"- {command} bei {de(serve['offers'], 0)} Angeboten: ein Angebot gespeichert → neu gebaut nach "
                   f"**{de(med, 2)} s** (Median aus {len(serve['rebuilds'])}: "
                   f"{', '.join(de(x, 2) for x in serve['rebuilds'])} s{builds})")
    out += ["", "Gemessen vom Speichern der Datei bis zur Log-Zeile „Reloading browsers“; darin bis zu 0,5 s "
            "Abfrageintervall des Dateibeobachters und 0,1 s Wartezeit von mkdocs."]
    return out


def kb(n: int | None) -> str:
    return f"{de(n / 1024, 0)} KB" if n is not None else "–"


def finder_table(results: list[SizeResult]) -> list[str]:
    rows = ["| Angebote | Suche | Index roh | Index gzip | bis bereit | Such-Bytes bis bereit | letzte Taste → Treffer "
            "| Such-Bytes nach der Abfrage |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if not r.finder:
            continue
        for key, label in (("finder", "Wegweiser-Finder"), ("material", "Material-Suche (lunr.js)"),
                           ("pagefind", "Pagefind")):
            f = r.finder.get(key, {})
            if f.get("missing"):
                rows.append(f"| {de(r.offers, 0)} | {label} | – | – | – | – | – | noch nicht vorhanden: "
                            "die Seite liefert unter suche/ keinen Index |")
                continue
            gz = kb(f.get("gzip")) if "gzip" in f else "(bereits komprimiert)"
            ms = lambda k: f"{de(f[k], 0)} ms" if k in f else "–"  # noqa: E731
            note = f" ({f['error']})" if f.get("error") else ""
            rows.append(f"| {de(r.offers, 0)} | {label} | {kb(f.get('raw'))} | {gz} | {ms('ready_ms')} "
                        f"| {kb(f.get('bytes_ready'))} | {ms('query_ms')} | {kb(f.get('bytes_total'))}{note} |")
    return rows if len(rows) > 2 else []


def machine_facts() -> list[str]:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        kbytes = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {de(kbytes / 1024 / 1024, 0)} GB RAM"
    except (OSError, AttributeError):
        pass

    def tool(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "nicht installiert"
    versions = ", ".join(f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "jinja2", "pyyaml",
                                                                "jsonschema", "markdown", "pagefind"))
    return [f"- Datum: {dt.date.today().isoformat()}; Rechner: {os.cpu_count()} Kerne (`nproc`), {cpu}{mem}, "
            f"geteilt mit anderen Aufgaben (±20 % Rauschen)",
            f"- Python {platform.python_version()}; {versions}",
            f"- {tool(['hugo', 'version'])}; {tool([CHROMIUM, '--version'])}",
            f"- Inhalt: `python -m benchmarks.generate` (Saat 1), heute = {REFERENCE_DAY.isoformat()}"]


def report(results: list[SizeResult], serve: list[dict], argv: list[str], demo: dict | None = None) -> str:
    lines = [START, "", "## Ergebnisse", "", *machine_facts(),
             f"- Befehl: `python -m benchmarks.run {' '.join(argv)}`", "",
             "### Bauen", "", *build_table(results), "", *growth_lines(results), "",
             "### Vorschau (`mkdocs serve`)", "", *serve_lines(serve), ""]
    targets = target_lines(results, serve)
    if targets:
        lines += ["### Ziele aus Issue 17", "", *targets, ""]
    finder = finder_table(results)
    if finder:
        lines += ["### Suche", "", f"Headless Chromium, CPU per CDP `Emulation.setCPUThrottlingRate` {CPU_SLOWDOWN}× "
                  f"gebremst, Cache aus; Abfrage „{QUERY}“ Taste für Taste. „bis bereit“: ab Seitenstart; Bytes: "
                  "was der Messserver für die Suche selbst (Skripte, Index, Daten; nicht die Seite drumherum) "
                  "unkomprimiert sendet, Anfragen der Web Worker eingeschlossen; die CSP der Seiten "
                  "ist für die Messung abgeschaltet (Playwright `bypass_csp`).", "", *finder, ""]
    handy = phone_lines(demo, results)
    if handy:
        lines += ["### Auf dem günstigen Handy", "", *handy]
    lines.append(END)
    return "\n".join(lines)


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Messungen\n\n" + START + "\n" + END + "\n"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="Angebotszahlen, mit Komma getrennt")
    parser.add_argument("--large", action="store_true", help="zusätzlich 50.000 Angebote")
    parser.add_argument("--finder-sizes", default="1000,5000", help="bei diesen Größen die Suche messen")
    parser.add_argument("--serve-size", type=int, default=1000, help="0 = `mkdocs serve` nicht messen")
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out", help="Arbeitsordner")
    parser.add_argument("--keep", action="store_true", help="gebaute Seiten behalten")
    parser.add_argument("--no-write", action="store_true", help="docs/benchmarks.md nicht schreiben")
    parser.add_argument("--no-demo", action="store_true",
                        help="das Beispielverzeichnis nicht messen (Lighthouse, gedrosselter Finder)")
    parser.add_argument("--phone-only", action="store_true",
                        help="nur Finder und Pagefind auf dem gedrosselten Handy (Beispiel und --finder-sizes)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] + ([50_000] if args.large else [])
    finder_sizes = {int(s) for s in args.finder_sizes.split(",") if s.strip()}
    ensure_tools()
    if args.phone_only:
        return phone_only(args.work, sorted(finder_sizes), demo=not args.no_demo)
    demo = None if args.no_demo else measure_demo(args.work / "demo")
    results = []
    for n in sizes:
        results.append(measure_size(n, args.work / str(n), n in finder_sizes, args.keep))
        print("\n".join(build_table(results)), flush=True)
    serve = []
    if args.serve_size:
        for dirty in (False, True):
            print(f"[{args.serve_size}] mkdocs serve{' --dirty' if dirty else ''} …", flush=True)
            serve.append(measure_serve(args.serve_size, args.work / f"serve-{args.serve_size}", dirty))
    block = report(results, serve, argv, demo)
    print(block)
    (args.work / "results.json").write_text(json.dumps(
        {"demo": demo, "sizes": [{**r.__dict__, **{k: getattr(r, k).__dict__ for k in ("check", "check_warm", "build", "floor", "hugo")
                                     if getattr(r, k)}} for r in results], "serve": serve},
        ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if not args.no_write:
        write_doc(block)
        print(f"geschrieben: {DOC.relative_to(ROOT)}")
    return 0 if all(r.build and r.build.ok for r in results) else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
