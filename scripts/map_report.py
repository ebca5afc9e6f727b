"""Bytes per map and build-time cost of the maps, for the demo and a synthetic city.

    .venv/bin/python scripts/map_report.py [--offers 5000] [--grid 8x6] [--points 60]

The synthetic city has grid-cell Stadtteile whose shared borders wiggle with --points points per
cell side (official open data has hundreds of points per Stadtteil), so the simplification and the
arc sharing do real work. Every offer has one place inside its Stadtteil. Prints one table.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from wegweiser.model import geo
from wegweiser.data import geodata
from wegweiser.site import maps  # noqa: E402
from wegweiser.content.directory import load_directory  # noqa: E402
from wegweiser.model import today  # noqa: E402
from wegweiser.site.pages import SiteSettings  # noqa: E402

import datetime as dt  # noqa: E402

TODAY = dt.date(2026, 11, 22)
STAGES = [("baby", 0, 1), ("kleinkind", 1, 3), ("kita", 3, 6), ("grundschule", 6, 10), ("jugend", 10, 16)]


def synthetic(out: Path, offers: int, cols: int, rows: int, points: int, seed: int = 5) -> None:
    rnd = random.Random(seed)
    (out / "offers").mkdir(parents=True)
    (out / "districts").mkdir()
    shutil.copy(ROOT / "content" / "vocabulary.yml", out / "vocabulary.yml")
    lon0, lat0, w, h = 6.95, 51.45, 0.30 / cols, 0.20 / rows
    node = {(i, j): (lon0 + i * w + (rnd.random() - .5) * w * .2 if 0 < i < cols else lon0 + i * w,
                     lat0 + j * h + (rnd.random() - .5) * h * .2 if 0 < j < rows else lat0 + j * h)
            for i in range(cols + 1) for j in range(rows + 1)}
    edges: dict = {}

    def edge(a, b):
        """Points from node a to node b, b left out; the same wiggles for both cells sharing it."""
        key = (min(a, b), max(a, b))
        if key not in edges:
            pa, pb = node[key[0]], node[key[1]]
            outside = (a[0] == b[0] and a[0] in (0, cols)) or (a[1] == b[1] and a[1] in (0, rows))
            pts = [pa]
            for k in range(1, points):
                t = k / points
                # across the side, fading out towards the corners, so no border crosses another
                wobble = 0.0 if outside else (rnd.random() - .5) * min(w, h) * .06 * math.sin(math.pi * t)
                across = (wobble, 0.0) if a[0] == b[0] else (0.0, wobble)
                pts.append((pa[0] + (pb[0] - pa[0]) * t + across[0], pa[1] + (pb[1] - pa[1]) * t + across[1]))
            edges[key] = pts + [pb]
        pts = edges[key]
        return (pts if key[0] == a else pts[::-1])[:-1]

    def ring(i, j):
        corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)]
        pts = [p for a, b in zip(corners, corners[1:]) for p in edge(a, b)]
        return [[round(x, 6), round(y, 6)] for x, y in pts + pts[:1]]

    features, cells = [], {}
    for i in range(cols):
        for j in range(rows):
            did = f"bezirk-{i}-{j}"
            cells[did] = (i, j)
            features.append({"type": "Feature", "properties": {"id": did},
                             "geometry": {"type": "Polygon", "coordinates": [ring(i, j)]}})
            near = [f"bezirk-{a}-{b}" for a, b in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1))
                    if 0 <= a < cols and 0 <= b < rows]
            (out / "districts" / f"{did}.md").write_text(
                f"---\nname: Bezirk {i}-{j}\nneighbours: [{', '.join(near)}]\npopulation: {{total: 12000, "
                f"under_18: {rnd.randint(1500, 3500)}, year: 2024, source: Synthetisch}}\nlast_reviewed: 2026-10-01\n"
                f"---\nEin Bezirk.\n", encoding="utf-8")
    (out / "districts" / "boundaries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    ids = sorted(cells)
    for n in range(offers):
        did = rnd.choice(ids)
        i, j = cells[did]
        lon = lon0 + (i + .25 + rnd.random() * .5) * w
        lat = lat0 + (j + .25 + rnd.random() * .5) * h
        stage, lo, hi = rnd.choice(STAGES)
        (out / "offers" / f"angebot-{n}.md").write_text(f"""---
name: Angebot {n}
summary: Ein Angebot für Familien.
provider: {{name: Träger {n % 97}}}
life_stages: [{stage}]
categories: [beratung]
age: {{min: {lo}, max: {hi}}}
audiences: [eltern]
districts: [{did}]
locations:
  - {{name: Haus {n}, street: Weg {n}, postal_code: "45879", city: Gelsenkirchen, district: {did}, lat: {lat:.5f}, lon: {lon:.5f}}}
delivery: [vor_ort]
cost: {{free: true}}
languages: [de]
schedule:
  - {{days: [mo], opens: "09:00", closes: "12:00"}}
registration: {{required: false}}
contact: {{phone: "0209 1"}}
last_reviewed: 2026-10-01
status: active
---
Text.
""", encoding="utf-8")


def timed(fn):
    """The value and the CPU seconds it took (wall time is noisy on a shared machine)."""
    start = time.process_time()
    value = fn()
    return value, time.process_time() - start


def measure(name: str, content: Path) -> list[tuple]:
    result, t_load = timed(lambda: load_directory(content, TODAY))
    assert result.ok, [p.format() for p in result.errors][:5]
    d = result.directory
    text = (content / "districts" / "boundaries.geojson").read_text(encoding="utf-8")
    _, t_bounds = timed(lambda: geo.check_boundaries(text, "b", set(d.districts)))
    from wegweiser.content import files, rules, schema, yamlload  # noqa: F401  (the parsed offers for the geo rules)
    from wegweiser.content.directory import _parse_yaml
    from wegweiser.content.validate import SchemaCheck
    check = SchemaCheck(schema.offer_schema(d.vocabulary))
    parsed = [_parse_yaml(files.Source("offer", content / "offers" / f"{o.id}.md", o.source, o.id), check, True, [])
              for o in d.offers.values()]
    _, t_places = timed(lambda: list(geo.location_rules(parsed, d.areas, {k: v.name for k, v in d.districts.items()})))
    vertices = sum(len(r) for a in d.areas.values() for p in a for r in p)
    m, t_atlas = timed(lambda: maps.Maps(d, SiteSettings()))
    city, t_city = timed(lambda: m.city_map("../"))
    t_districts = 0.0
    for did in d.districts:
        _, t = timed(lambda: m.district_map(did, "../../"))
        t_districts += t
    per_page = []
    start = time.process_time()
    for o in d.published:
        per_page.append(sum(len(str(m.locator_map(o, i)).encode()) for i in range(len(o.locations))))
    t_locators = time.process_time() - start
    exports, t_export = timed(lambda: (geodata.collection(geodata.offer_features(d)),
                                       geodata.collection(geodata.district_features(d))))
    district_sizes = [v for k, v in m.sizes.items() if k.startswith("stadtteile/")]
    with_map = [b for b in per_page if b]
    return [
        (name, "offers / districts / border points", f"{len(d.published)} / {len(d.districts)} / {vertices}"),
        (name, "load_directory (all checks)", f"{t_load:.2f} s"),
        (name, "  of it: boundaries checked", f"{t_bounds:.3f} s"),
        (name, "  of it: places in their Stadtteil", f"{t_places:.3f} s"),
        (name, "atlas (project, shared arcs)", f"{t_atlas:.3f} s"),
        (name, "city map", f"{t_city:.3f} s, {m.sizes['stadtteile']:,} B"),
        (name, "district maps (all)", f"{t_districts:.3f} s; B min/median/max {min(district_sizes):,} / "
                                      f"{int(statistics.median(district_sizes)):,} / {max(district_sizes):,}"),
        (name, "locator maps (all offer pages)", f"{t_locators:.3f} s; B per page min/median/max "
                                                 f"{min(with_map):,} / {int(statistics.median(with_map)):,} / "
                                                 f"{max(with_map):,}"),
        (name, "exports offers / districts", f"{t_export:.3f} s; {len(exports[0]):,} B / {len(exports[1]):,} B"),
    ]


def build_both(name: str, content: Path) -> list[tuple]:
    """mkdocs build of the same content with all features and with the map features left out."""
    import os
    import subprocess
    sys.path.insert(0, str(ROOT / "tests"))
    from support import write_config
    out = []
    for label, drop in (("with maps", ""), ("without maps", "f.ALL[:] = [x for x in f.ALL if x.__module__ not in "
                                                             "('wegweiser.site.maps', 'wegweiser.data.geodata')]; ")):
        work = content.parent / label.replace(" ", "-")
        work.mkdir()
        config = write_config(work, content)
        code = (f"import wegweiser.site.features as f; {drop}from mkdocs.__main__ import cli; "
                f"cli(['build', '-q', '-f', {str(config)!r}])")
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", sys.executable, "-c", code], capture_output=True,
                              text=True, env={**os.environ, "WEGWEISER_TODAY": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"})
        wall = time.perf_counter() - start
        user, system, peak = done.stderr.strip().splitlines()[-1].split()
        pages = list((work / "site" / "angebote").rglob("index.html"))
        size = sum(p.stat().st_size for p in pages)
        total = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
        out.append((name, f"mkdocs build {label}", f"CPU {float(user) + float(system):.1f} s (wall {wall:.1f} s), "
                    f"peak {int(peak) // 1024} MB, offer pages {size / len(pages) / 1024:.1f} KB avg, "
                    f"site {total / 1e6:.1f} MB"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--offers", type=int, default=5000)
    ap.add_argument("--grid", default="8x6")
    ap.add_argument("--points", type=int, default=60)
    ap.add_argument("--build", action="store_true", help="also build the synthetic site with and without maps")
    args = ap.parse_args()
    cols, rows = map(int, args.grid.split("x"))
    print("CPU seconds (time.process_time), bytes of the <svg> as served inline")
    rows_out = measure("demo", ROOT / "content")
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        synthetic(content, args.offers, cols, rows, args.points)
        rows_out += measure(f"synthetic {args.offers}", content)
        if args.build:
            rows_out += build_both(f"synthetic {args.offers}", content)
    width = max(len(r[1]) for r in rows_out)
    for name, what, value in rows_out:
        print(f"{name:16} {what:{width}}  {value}")


if __name__ == "__main__":
    main()
