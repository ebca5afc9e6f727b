"""The finder against Material's search and Pagefind in headless Chromium, and the cheap phone:
throttled finder and Pagefind, Lighthouse on the demo."""
from __future__ import annotations

import gzip
import http.server
import shutil
import sys
from pathlib import Path

from . import phone
from .phone import CHROMIUM, CHROMIUM_ARGS
from .commands import ROOT, serve_folder, timed, wegweiser_config

QUERY = "babymassage"  # a word providers use in names and descriptions; typed key by key
CPU_SLOWDOWN = 4


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


def serve_dir(path: Path):
    """The folder over HTTP on loopback; yields (base URL, the list of (path, bytes) sent so far)."""
    return serve_folder(path, _Counting)


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
SEARCH_PATHS = {"finder": ("/suche/lunr/", "/assets/finder.js", "/assets/finder-search.js", *(f"/suche/{c}" for c in "0123456789abcdef")),
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


def add_pagefind(site: Path, cwd: Path) -> None:
    """Pagefind's index over the offer pages of a built site, and the page that measures it."""
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    timed([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "angebote/**/*.html",
           "--root-selector", ".md-content", "--force-language", "de"], cwd=cwd)
    if (site / "pagefind").is_dir():
        (site / "pagefind-messung.html").write_text(PAGEFIND_HARNESS, encoding="utf-8")
