"""The site on a cheap phone: Lighthouse per page type, and the finder on a throttled connection.

    python -m benchmarks.phone --site site                 # Lighthouse over the built demo
    python -m benchmarks.phone --site site --finder-only   # only the throttled finder timing

The site is served with gzip (as any real web server does) from 127.0.0.1. Lighthouse (npm, pinned)
is installed once into .cache/lighthouse and runs Debian's Chromium; its scores are noisy on a shared
machine: read them as a trend. The finder timing uses Chromium's own throttling (DevTools protocol):
400 kbit/s, 400 ms latency and a 4x slower CPU, a cheap phone on slow mobile data.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import subprocess
import time
from io import BytesIO
from pathlib import Path

from .commands import ROOT, serve_folder

LIGHTHOUSE = "lighthouse@12.2.3"
CACHE = ROOT / ".cache" / "lighthouse"
CHROMIUM = os.environ.get("WEGWEISER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
# The phone of the issue: 400 kbit/s down and up, 400 ms round trip, CPU four times slower.
PHONE_NETWORK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
                 "uploadThroughput": 400_000 / 8}
PHONE_CPU = 4
PHONE_VIEWPORT = {"width": 390, "height": 800}
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".geojson", ".map", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it; counts the bytes sent per path."""
    sent: list = []
    cache: dict = {}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not path.is_file()):
            # Served as they are (Pagefind's index and WebAssembly are compressed already): counted too.
            body = super().send_head()
            if body is not None and path.is_file():
                self.sent.append((self.path.split("?")[0], path.stat().st_size))
            return body
        stamp = self.date_time_string(int(path.stat().st_mtime))
        if self.headers.get("If-Modified-Since") == stamp:
            self.send_response(304)
            self.end_headers()
            return None
        key = (str(path), path.stat().st_mtime_ns)
        body = self.cache.get(key)
        if body is None:
            body = self.cache[key] = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", stamp)
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends for every file
        self.end_headers()
        self.sent.append((self.path.split("?")[0], len(body)))
        return BytesIO(body)

    def copyfile(self, source, outputfile):
        shutil.copyfileobj(source, outputfile)

    def log_message(self, *args):
        pass


def serve_gzip(site: Path):
    """The built site over HTTP with gzip on loopback; yields (base URL, [(path, gzip bytes)])."""
    return serve_folder(site, GzipHandler, cache={})


# --- Lighthouse --------------------------------------------------------------------------------

def lighthouse_bin() -> Path | None:
    """The pinned Lighthouse, installed on first use with npm into .cache/lighthouse."""
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            return None
        print(f"Installiere {LIGHTHOUSE} nach {CACHE.relative_to(ROOT)} …", flush=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(CACHE),
                        LIGHTHOUSE], check=False)
    return binary if binary.exists() else None


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile defaults, simulated throttling): scores and the key metrics."""
    binary = lighthouse_bin()
    if binary is None:
        return {"error": "Lighthouse nicht installierbar (npm fehlt)"}
    cmd = [str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=performance,accessibility,best-practices",
           "--chrome-flags=" + " ".join(CHROMIUM_ARGS)]
    run = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
                         timeout=300)
    if run.returncode or not out.exists():
        return {"error": (run.stderr or run.stdout).strip().splitlines()[-1][:200] if (run.stderr or run.stdout)
                else f"Lighthouse: Exit {run.returncode}"}
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]

    def metric(name):
        return audits.get(name, {}).get("numericValue")

    blocking = audits.get("render-blocking-resources", {}).get("details", {}).get("items", [])
    failed = sorted(a for a, v in audits.items()
                    if v.get("score") is not None and v.get("score") < 1 and v.get("scoreDisplayMode") == "binary")
    return {
        "performance": round(100 * report["categories"]["performance"]["score"]),
        "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
        "best_practices": round(100 * report["categories"]["best-practices"]["score"]),
        "fcp_ms": metric("first-contentful-paint"), "lcp_ms": metric("largest-contentful-paint"),
        "tbt_ms": metric("total-blocking-time"), "cls": metric("cumulative-layout-shift"),
        "bytes": metric("total-byte-weight"), "dom": metric("dom-size"),
        "blocking": [(i.get("url", "").split("/", 3)[-1], i.get("totalBytes")) for i in blocking],
        "failed": failed,
    }


# Every page type of the demo, with the path it is measured at.
PAGE_TYPES = [
    ("Start", ""),
    ("Lebensphasen", "lebensphasen/"),
    ("Lebensphase", "lebensphasen/kita/"),
    ("Stadtteile (Karte)", "stadtteile/"),
    ("Stadtteil", "stadtteile/hassel/"),
    ("Angebot", None),  # the first offer page found
    ("Suche mit Wort", "suche/?q=beratung"),
    ("Suche ohne Wort", "suche/"),
    ("Offene Daten", "offene-daten/"),
    ("Über", "ueber/"),
]


def page_paths(site: Path) -> list[tuple[str, str]]:
    out = []
    for label, path in PAGE_TYPES:
        if path is None:
            first = sorted((site / "angebote").glob("*/index.html"))
            if not first:
                continue
            path = first[0].parent.relative_to(site).as_posix() + "/"
        elif not (site / path.split("?")[0] / "index.html").exists() and path:
            continue
        out.append((label, path))
    return out


def measure_lighthouse(site: Path, work: Path, repeat: int = 1) -> list[dict]:
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    with serve_gzip(site) as (url, _):
        for label, path in page_paths(site):
            runs = []
            for i in range(repeat):
                print(f"Lighthouse: {label} ({path or '/'}) …", flush=True)
                runs.append(lighthouse(url + path, work / f"lh-{len(rows)}-{i}.json"))
            ok = [r for r in runs if "error" not in r]
            best = max(ok, key=lambda r: r["performance"]) if ok else runs[-1]
            rows.append({"page": label, "path": "/" + path, "runs": len(ok), **best,
                         "performance_all": [r["performance"] for r in ok]})
    return rows


# --- the finder on the throttled phone -----------------------------------------------------------

def finder_phone(site: Path, target: str = "suche/?q=beratung", selector: str = "#ww-results .ww-card",
                 repeat: int = 3) -> dict:
    """The family's path on the throttled phone: the start page is open (its CSS and scripts are in
    the cache), then "Suchen" is tapped: from there to the first result on screen, and the bytes
    fetched until then. The median of `repeat` runs."""
    from playwright.sync_api import sync_playwright
    runs = []
    with sync_playwright() as p, serve_gzip(site) as (url, sent):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(repeat):
                # bypass_csp: Playwright's waits evaluate script text, which the site's CSP forbids
                context = browser.new_context(viewport=PHONE_VIEWPORT, device_scale_factor=2, is_mobile=True,
                                              has_touch=True, bypass_csp=True)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                page.goto(url, wait_until="load", timeout=120_000)
                cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU})
                sent.clear()
                tapped = time.perf_counter()
                page.goto(url + target, wait_until="commit", timeout=120_000)
                page.wait_for_selector(selector, timeout=180_000)
                first = time.perf_counter() - tapped
                before = sum(n for _, n in sent)
                cls = page.evaluate("""new Promise(done => { let s = 0; new PerformanceObserver(l => {
                    for (const e of l.getEntries()) if (!e.hadRecentInput) s += e.value; })
                    .observe({type: 'layout-shift', buffered: true}); setTimeout(() => done(s), 300); })""")
                runs.append({"first_s": first, "bytes_first": before, "cls": cls, "requests": len(sent)})
                context.close()
        finally:
            browser.close()
    runs.sort(key=lambda r: r["first_s"])
    return {**runs[len(runs) // 2], "all_first_s": [round(r["first_s"], 2) for r in runs]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.phone", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out" / "phone")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--finder-only", action="store_true")
    parser.add_argument("--lighthouse-only", action="store_true")
    parser.add_argument("--only", default="", help="Lighthouse nur für diese Seitentypen (Komma)")
    args = parser.parse_args(argv)
    if args.only:
        wanted = set(args.only.split(","))
        PAGE_TYPES[:] = [t for t in PAGE_TYPES if t[0] in wanted]
    if not args.lighthouse_only:
        print(json.dumps(finder_phone(args.site, repeat=args.repeat)))
    if not args.finder_only:
        for row in measure_lighthouse(args.site, args.work, args.repeat):
            print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
