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
import json
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from .commands import (ENV, ROOT, Run, SizeResult, ensure_tools, floor_site, html_pages, hugo_site, timed, tree_size,
                       wegweiser_config)
from .generate import generate
from .report import DOC, build_table, phone_lines, report, write_doc
from .searchbench import add_pagefind, measure_demo, measure_finder, measure_phone
from .siteconfig import inheriting_config


# --- one size ----------------------------------------------------------------------------------

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


def measure_serve(n: int, work: Path, dirty: bool, edits: int = 3, all_languages: bool = False) -> dict:
    """Seconds from saving an edited offer until `mkdocs serve` has rebuilt (logs "Reloading browsers").

    ``dirty``: `mkdocs serve --dirty`, as `make serve` runs it (only changed pages are rebuilt).
    ``all_languages``: the languages of the project's mkdocs.yml, as `make serve` builds them; else German.
    """
    work.mkdir(parents=True, exist_ok=True)
    content = work / "content"
    if not (content / "offers").is_dir() or len(list((content / "offers").glob("*.md"))) != n:
        generate(content, n)
    config = (inheriting_config(work / "mkdocs-languages.yml", content, work / "site-languages", languages=None)
              if all_languages else wegweiser_config(work, content, work / "site"))
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

    result: dict = {"offers": n, "dirty": dirty, "all_languages": all_languages, "rebuilds": [], "builds": []}
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


RUNS = ("check", "check_warm", "build", "floor", "hugo")


def rewrite_report(path: Path, write: bool, merge: list[Path] = ()) -> int:
    """The report again from a run's results.json, e.g. after the report's wording changed; with the
    search and phone figures of the runs in ``merge`` (results.json too) at the sizes both have, and
    their serve measurements of a kind the first run lacks."""
    data = json.loads(path.read_text(encoding="utf-8"))
    results = []
    for size in data["sizes"]:
        r = SizeResult(**{k: v for k, v in size.items() if k not in RUNS})
        for k in RUNS:
            if size.get(k):
                setattr(r, k, Run(**size[k]))
        results.append(r)
    for other in merge:  # the search and the phone from a run at fewer sizes (the finder is slow to measure)
        more = json.loads(other.read_text(encoding="utf-8"))
        for size in more["sizes"]:
            for r in results:
                if r.offers == size["offers"] and size.get("finder"):
                    r.finder = size["finder"]
        data["demo"] = more.get("demo") or data.get("demo")
        known = {(x["dirty"], x.get("all_languages", False)) for x in data["serve"]}
        data["serve"] += [x for x in more.get("serve", []) if (x["dirty"], x.get("all_languages", False)) not in known]
        data.setdefault("also", []).append(shlex.join(more.get("argv", [])))
    block = report(results, data["serve"], data.get("argv", []), data.get("demo"), data.get("also", []))
    print(block)
    if write:
        write_doc(block)
    return 0


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
    parser.add_argument("--report", type=Path, metavar="RESULTS_JSON",
                        help="nichts messen: den Bericht aus der results.json eines früheren Laufs neu schreiben")
    parser.add_argument("--merge", type=Path, nargs="*", default=[], metavar="RESULTS_JSON",
                        help="mit --report: Suche und Handy aus diesen Läufen übernehmen")
    parser.add_argument("--phone-only", action="store_true",
                        help="nur Finder und Pagefind auf dem gedrosselten Handy (Beispiel und --finder-sizes)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] + ([50_000] if args.large else [])
    finder_sizes = {int(s) for s in args.finder_sizes.split(",") if s.strip()}
    if args.report:
        return rewrite_report(args.report, not args.no_write, args.merge)
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
        for dirty, every in ((False, False), (True, False), (True, True)):
            print(f"[{args.serve_size}] mkdocs serve{' --dirty' if dirty else ''}"
                  f"{', alle Sprachen' if every else ''} …", flush=True)
            serve.append(measure_serve(args.serve_size, args.work / f"serve-{args.serve_size}", dirty,
                                       all_languages=every))
    block = report(results, serve, argv, demo)
    print(block)
    (args.work / "results.json").write_text(json.dumps(
        {"argv": argv, "demo": demo, "sizes": [{**r.__dict__, **{k: getattr(r, k).__dict__ for k in RUNS if getattr(r, k)}}
                                               for r in results], "serve": serve},
        ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if not args.no_write:
        write_doc(block)
        print(f"geschrieben: {DOC.relative_to(ROOT)}")
    return 0 if all(r.build and r.build.ok for r in results) else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
