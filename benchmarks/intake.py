"""How long `wegweiser import` takes for a city-sized spreadsheet.

    python -m benchmarks.intake            # 5,000 rows, xlsx and CSV
    python -m benchmarks.intake --rows 500

A spreadsheet of N rows in the Familienbüro's layout (tests/intake_data.py's columns, the demo's
Stadtteile, varied opening times and languages) is imported into a copy of the demo content whose
offers are removed; then imported again unchanged (the re-import path: every file read back and
compared). Wall time and this process's CPU time are printed: the machine is shared, CPU time is the
steadier figure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import intake_data  # noqa: E402  (the test fixture's columns and mapping)

from wegweiser.content.directory import load_directory  # noqa: E402
from wegweiser.intake import run as run_  # noqa: E402

TIMES = ["Di 9-11 Uhr", "Mo–Fr 8:00–12:00", "dienstags 9.30 bis 11", "Mo, Mi 14-16 Uhr; Fr 13-15 Uhr",
         "Sa 10-14 (nicht in den Ferien)", "nach Vereinbarung", "Do 15-17 Uhr", "Mo-Fr 8-12 und 14-16 Uhr"]
LANGUAGES = ["Deutsch", "Deutsch, Türkisch", "Türkisch, Arabisch", "Deutsch, Englisch", "Deutsch, Ukrainisch, Russisch"]
TOPICS = [("Begegnung", "Baby, Kleinkind", "0-3"), ("Beratung", "Kita, Grundschule", "3-10"),
          ("Sprache", "Kita", "3-6"), ("Bildung", "Grundschule", "6-10"), ("Freizeit", "Jugend", "10-16")]


def rows(n: int, districts: list[str], seed: int = 1) -> list[list]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        topic, stages, age = TOPICS[i % len(TOPICS)]
        district = rnd.choice(districts)
        out.append([10_000 + i, f"{topic}gruppe {i}", f"Träger {i % 97}",
                    f"Beschreibung des Angebots {i}.\nZweite Zeile mit mehr Text über das Angebot.",
                    topic, stages, age, district, f"Familienzentrum {i % 211}", f"Hauptstraße {i % 180 + 1}",
                    45879, "Gelsenkirchen", TIMES[i % len(TIMES)], rnd.choice(["x", "", "ja"]),
                    "", rnd.choice(LANGUAGES), "", f"0209 {100000 + i}", "",
                    dt.datetime(2026, 1 + i % 10, 1 + i % 27)])
    return out


def measure(label: str, fn) -> tuple:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, (label, time.perf_counter() - wall, time.process_time() - cpu)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args(argv)
    today = dt.date(2026, 11, 22)
    demo = load_directory(ROOT / "content", today).directory
    names = [d.name for d in demo.districts.values()]
    data = rows(args.rows, names)
    results = []
    with tempfile.TemporaryDirectory(prefix="wegweiser-bench-import-") as tmp:
        work = Path(tmp)
        (work / "import.yml").write_text(intake_data.MAPPING, encoding="utf-8")
        _, t = measure("xlsx schreiben (openpyxl)", lambda: intake_data.write_xlsx(work / "angebote.xlsx", data))
        results.append(t)
        intake_data.write_csv(work / "angebote.csv", data)
        for kind in ("xlsx", "csv"):
            content = work / f"content-{kind}"
            shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("offers"))
            (content / "offers").mkdir()
            state = work / f"{kind}.stand.json"

            def once():
                return run_.run(run_.Options(work / f"angebote.{kind}", work / "import.yml", content,
                                             content / "offers", today, "Gelsenkirchen", state=state))
            (code, report), t = measure(f"Import {kind}, {args.rows} Zeilen", once)
            assert code == 0, report.lines[-5:]
            results.append(t)
            (code, report), t = measure(f"erneuter Import {kind}, unverändert", once)
            assert code == 0 and f"({0} neu, 0 geändert, {args.rows} unverändert)" in report.lines[-1], report.lines[-1]
            results.append(t)
    print(f"{'Schritt':<40} {'Zeit':>8} {'CPU':>8}")
    for label, wall, cpu in results:
        print(f"{label:<40} {wall:>7.1f}s {cpu:>7.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
