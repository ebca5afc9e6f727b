"""What each extra language costs the build: 1 and 7 languages at 1,000 and 5,000 offers.

    python -m benchmarks.languages --sizes 1000        # one size at a time on a shared machine
    python -m benchmarks.languages --sizes 5000 --write

Builds the same generated directory with German only and with all seven languages and reports CPU
time (user + system, steadier than wall time on a busy machine), wall time, peak memory and output.
"per extra language" = (7 languages − 1 language) / 6, compared with the 1-language build.
--write puts the table into docs/benchmarks.md between the language markers (keeping other rows).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .generate import generate
from .commands import ENV, TIME
from .report import DOC
from .siteconfig import inheriting_config

ALL = ("de", "tr", "ar", "uk", "ro", "bg", "en")
START, END = "<!-- languages:start -->", "<!-- languages:end -->"
RESULTS = Path(tempfile.gettempdir()) / "wegweiser-bench-languages.json"


def build(content: Path, work: Path, languages: tuple[str, ...]) -> dict:
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    config = inheriting_config(work / "mkdocs.yml", content, site, languages=languages)
    run = subprocess.run([TIME, "-v", sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                         capture_output=True, text=True, env=ENV, cwd=work)
    if run.returncode != 0:
        raise SystemExit(run.stdout[-3000:] + run.stderr[-3000:])
    field = lambda name: re.search(rf"{name}: ([\d.:]+)", run.stderr).group(1)
    wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)").split(":")
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"cpu": float(field("User time \\(seconds\\)")) + float(field("System time \\(seconds\\)")),
            "wall": sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall))),
            "rss_mb": int(field(r"Maximum resident set size \(kbytes\)")) / 1024,
            "files": len(files), "mb": sum(p.stat().st_size for p in files) / 1e6}


def table(results: dict) -> str:
    rows = ["| Angebote | Sprachen | CPU (s) | Wand (s) | Speicher (MB) | Dateien | Ausgabe (MB) | je weitere Sprache |",
            "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for size in sorted(results, key=int):
        one, seven = results[size].get("1"), results[size].get("7")
        for n, r in (("1", one), ("7", seven)):
            if r is None:
                continue
            extra = ""
            if n == "7" and one:
                per = (seven["cpu"] - one["cpu"]) / 6
                extra = f"{per:.1f} s CPU = {per / one['cpu']:.0%} eines Baus mit 1 Sprache"
            rows.append(f"| {int(size):,} | {n} | {r['cpu']:.1f} | {r['wall']:.1f} | {r['rss_mb']:.0f} | "
                        f"{r['files']:,} | {r['mb']:.1f} | {extra} |".replace(",", "."))
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in [int(s) for s in args.sizes.split(",")]:
            generate(work / "content", size)
            for languages in (("de",), ALL):
                r = build(work / "content", work, languages)
                results.setdefault(str(size), {})[str(len(languages))] = r
                print(size, len(languages), r, flush=True)
                RESULTS.write_text(json.dumps(results))
    text = table(results)
    print(text)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        block = f"{START}\n{text}\n{END}"
        doc = re.sub(f"{START}.*?{END}", lambda m: block, doc, flags=re.S) if START in doc else doc + "\n" + block + "\n"
        DOC.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
