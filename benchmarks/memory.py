"""Memory of a build, step by step, in one process: RSS and peak RSS after loading and after each feature.

    python -m benchmarks.memory CONTENT [--skip ical] [--languages de]

Runs what `mkdocs build` runs before the pages (load_directory, then pages.build_site with the
features of site/features.py, into a spool folder), without mkdocs and Material. After each step it
prints the resident memory and the peak since the step before (the kernel's high-water mark, reset
between steps through /proc/self/clear_refs), so each feature's own peak shows, not only the
build's. Linux only. The calendar (ical) costs minutes of CPU at 50,000 offers and holds nothing
between offers: ``--skip ical`` leaves it out.
"""
from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .generate import REFERENCE_DAY


def _status(field: str) -> int:
    """A line of /proc/self/status in MB (VmRSS: now, VmHWM: peak since the last reset)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("content", type=Path)
    ap.add_argument("--skip", action="append", default=[], help="feature module to leave out (e.g. ical)")
    ap.add_argument("--languages", default="de")
    ap.add_argument("--keep-parsed", action="store_true",
                    help="keep the LoadCache (parsed files) during the build, as `mkdocs serve` does")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
    from wegweiser.content.directory import LoadCache, load_directory
    from wegweiser.site import features, pages

    rows: list[tuple[str, int, int, float]] = []
    started = time.process_time()

    def step(name: str) -> None:
        gc.collect()
        rows.append((name, _status("VmRSS"), _status("VmHWM"), time.process_time() - started))
        print(f"{name:<31} RSS {rows[-1][1]:>6} MB  Spitze {rows[-1][2]:>6} MB  CPU {rows[-1][3]:7.1f} s",
              flush=True)
        _reset_peak()

    step("Start")
    day = REFERENCE_DAY
    languages = tuple(args.languages.split(","))
    cache = LoadCache()
    result = load_directory(args.content, day, cache, languages)
    assert result.ok, [p.format() for p in result.errors][:5]
    step("Laden und Prüfen")
    if not args.keep_parsed:  # as the engine's `mkdocs build`
        del cache
        step("Zwischenspeicher frei")
    settings = pages.SiteSettings(languages=languages)
    spool = Path(tempfile.mkdtemp(prefix="wegweiser-memory-"))
    try:
        chosen = [f for f in features.ALL if f.__module__.rsplit(".", 1)[-1] not in args.skip]

        def measured(extend):
            def run(directory, settings_, site):
                extend(directory, settings_, site)
                site.spill()
                step(extend.__module__.rsplit(".", 1)[-1])
            return run

        def core(directory, settings_, site):  # runs first: what build_site made before the features
            pass
        core.__module__ = "Kernseiten"
        site = pages.build_site(result.directory, settings, [measured(f) for f in [core, *chosen]], spool=spool)
        if not args.keep_parsed:
            result.directory.forget_front_matter()
            step("Vorbefüllung frei (Offer.data)")
        step("fertig")
        del site
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    print(f"Spitze insgesamt {max(r[2] for r in rows)} MB, CPU {rows[-1][3]:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
