"""A synthetic directory of N offers, deterministic for a seed, valid by construction.

    python -m benchmarks.generate --offers 5000 --out /tmp/bench/content

Up to ``DEMO_LIMIT`` offers are spread over the 18 demo Stadtteile (their files and boundaries are
copied from content/); above it, districts are generated: about one per ``OFFERS_PER_DISTRICT``
offers, square cells on a grid with symmetric neighbours, so a district page keeps the size it has in
a real city while the directory grows. Every location lies inside its district's polygon, ages fit
the life stages, and dates are relative to ``REFERENCE_DAY`` (the day the tests and the benchmark
pin as today), so ``wegweiser check`` reports no errors and only a realistic share of warnings
(stale entries, ended offers).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import words

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "content"
REFERENCE_DAY = dt.date(2026, 11, 22)
DEMO_LIMIT = 5_000
OFFERS_PER_DISTRICT = 300
CITYWIDE = "gesamtstadt"
LANGUAGES = ["tr", "ar", "uk", "ru", "pl", "ro", "bg", "en", "ku", "fa"]
ACCESSIBILITY = ["stufenlos", "rollstuhlgerecht", "aufzug", "barrierefreies_wc", "kinderwagen", "wickelraum",
                 "induktionsschleife", "leichte_sprache"]
DAYS = ["mo", "di", "mi", "do", "fr", "sa"]
# Ages per life stage code: (min, max) in years, as the vocabulary defines them.
STAGE_AGES = {"schwangerschaft": (0, 0.5), "baby": (0, 1), "kleinkind": (1, 3), "kita": (3, 6),
              "grundschule": (6, 10), "jugend": (10, 16), "beruf": (14, 25)}
SHORTCUTS = {"alle": list(STAGE_AGES), "fruehe_hilfen": ["schwangerschaft", "baby", "kleinkind"],
             "schulzeit": ["grundschule", "jugend"]}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "é": "e"})


@dataclass
class District:
    id: str
    name: str
    neighbours: list[str]
    rings: list[list[tuple[float, float]]]  # outer rings of its polygons, (lon, lat)


def slug(text: str, limit: int = 70) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.translate(_UMLAUTS).lower()).strip("-")
    return s[:limit].rstrip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# --- districts ---------------------------------------------------------------------------------

def _inside(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in(district: District, rng: random.Random) -> tuple[float, float]:
    """A point well inside one of the district's polygons, rounded as a provider would write it."""
    ring = rng.choice(district.rings)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    while True:
        lon = round(rng.uniform(min(xs), max(xs)), 5)
        lat = round(rng.uniform(min(ys), max(ys)), 5)
        # a margin keeps the point inside however a checker treats the boundary
        if all(_inside(lon + dx, lat + dy, ring) for dx in (-2e-4, 2e-4) for dy in (-2e-4, 2e-4)):
            return lat, lon


def demo_districts(target: Path) -> list[District]:
    """The 18 demo Stadtteile: their files and boundaries copied as they are."""
    (target / "districts").mkdir(parents=True, exist_ok=True)
    for path in sorted((DEMO / "districts").iterdir()):
        shutil.copy2(path, target / "districts" / path.name)
    geo = json.loads((DEMO / "districts" / "boundaries.geojson").read_text(encoding="utf-8"))
    out = []
    for feature in geo["features"]:
        did = feature["properties"]["id"]
        front = (DEMO / "districts" / f"{did}.md").read_text(encoding="utf-8").split("---\n")[1]
        neighbours = re.search(r"^neighbours: \[(.*)\]$", front, re.M)
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        out.append(District(did, feature["properties"]["name"],
                            [n.strip() for n in neighbours.group(1).split(",")] if neighbours else [],
                            [[tuple(p) for p in poly[0]] for poly in polygons]))
    return out


def _district_names(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        prefix, root, ending = (rng.choice(words.DISTRICT_PREFIXES), rng.choice(words.DISTRICT_ROOTS),
                                rng.choice(words.DISTRICT_ENDINGS))
        name = f"{prefix}-{root.capitalize()}{ending}" if prefix else f"{root.capitalize()}{ending}"
        if slug(name) not in seen:
            seen.add(slug(name))
            names.append(name)
    return names


def grid_districts(target: Path, count: int, rng: random.Random) -> list[District]:
    """``count`` square districts on a grid, each the neighbour of the cells beside it."""
    cols = math.ceil(math.sqrt(count))
    size_lon, size_lat = 0.03, 0.02
    names = _district_names(count, rng)
    ids = [slug(n) for n in names]
    cells = {(i // cols, i % cols): i for i in range(count)}
    districts = []
    features = []
    for (row, col), i in cells.items():
        neighbours = [ids[cells[c]] for c in ((row - 1, col), (row + 1, col), (row, col - 1), (row, col + 1))
                      if c in cells]
        lon0, lat0 = 6.5 + col * size_lon, 51.2 + row * size_lat
        ring = [(lon0, lat0), (lon0 + size_lon, lat0), (lon0 + size_lon, lat0 + size_lat),
                (lon0, lat0 + size_lat), (lon0, lat0)]
        districts.append(District(ids[i], names[i], neighbours, [ring]))
        features.append({"type": "Feature", "properties": {"id": ids[i], "name": names[i]},
                         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}})
    folder = target / "districts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "boundaries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                                          ensure_ascii=False), encoding="utf-8")
    for d in districts:
        (folder / f"{d.id}.md").write_text(_district_file(d, rng), encoding="utf-8")
    return districts


def _district_file(d: District, rng: random.Random) -> str:
    total = rng.randrange(4_000, 40_000)
    reviewed = REFERENCE_DAY - dt.timedelta(days=rng.randrange(10, 300))
    lines = ["---", f"name: {q(d.name)}", f"borough: {rng.choice(words.BOROUGHS)}",
             f"neighbours: [{', '.join(d.neighbours)}]",
             "population:", f"  total: {total}", f"  under_18: {total * rng.randrange(14, 24) // 100}",
             "  year: 2024", "  source: Beispielwerte (nicht amtlich)",
             "need_index:", f"  value: {rng.randrange(1, 6)}", "  year: 2024",
             "  source: Beispielwerte im Sinne des Partizipationsindex (nicht amtlich)",
             f"publish_need_index: {'true' if rng.random() < 0.5 else 'false'}",
             "contacts:", f"  - name: {q('Stadtteilbüro ' + d.name + ' (Beispiel)')}",
             f"    phone: \"0209 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}\"",
             f"    email: stadtteilbuero-{d.id}@example.org",
             f"last_reviewed: {reviewed.isoformat()}", "example: true", "---",
             f"{d.name} ist ein Stadtteil mit vielen jungen Familien. Rund um den Marktplatz gibt es "
             "Geschäfte, Schulen und mehrere Kitas.", "",
             "Das Stadtteilbüro hilft bei Fragen zu Angeboten in der Nähe und vermittelt weiter.", ""]
    return "\n".join(lines)


# --- offers ------------------------------------------------------------------------------------

def _weighted(rng: random.Random, table: list[tuple[object, float]]):
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _age(stages: list[str]) -> tuple[float, float]:
    expanded = [s for code in stages for s in SHORTCUTS.get(code, [code])]
    return min(STAGE_AGES[s][0] for s in expanded), max(STAGE_AGES[s][1] for s in expanded)


def _num(value: float) -> str:
    return f"{value:g}"


def _body(rng: random.Random, kind: str, place: str) -> str:
    fill = {"kind": kind, "place": place}
    paragraphs = [" ".join([rng.choice(words.BODY_OPENERS).format(**fill)]
                           + rng.sample(words.BODY_MIDDLE, rng.randrange(1, 4)))]
    if rng.random() < 0.35:
        items = rng.sample(words.BODY_LIST_ITEMS, rng.randrange(2, 5))
        paragraphs.append(words.BODY_LIST_INTRO + "\n\n" + "\n".join(f"- {i}" for i in items))
    if rng.random() < 0.5:
        paragraphs.append(" ".join(rng.sample(words.BODY_MIDDLE, rng.randrange(1, 5))))
    if rng.random() < 0.15:
        paragraphs.append("Mehr zu unseren Angeboten lesen Sie auf [unserer Webseite]"
                          f"(https://{slug(place)}.example.org/familien).")
    paragraphs.append(rng.choice(words.BODY_CLOSERS))
    return "\n\n".join(paragraphs) + "\n"


def _schedule(rng: random.Random) -> list[str]:
    out = []
    for _ in range(_weighted(rng, [(1, 63), (2, 31), (3, 6)])):
        days = sorted(rng.sample(DAYS, _weighted(rng, [(1, 60), (2, 30), (3, 10)])), key=DAYS.index)
        start = rng.randrange(16, 36)  # half hours from 08:00 to 17:30
        end = start + rng.randrange(2, 7)
        out += [f"  - days: [{', '.join(days)}]", f"    opens: \"{start // 2:02d}:{start % 2 * 30:02d}\"",
                f"    closes: \"{end // 2:02d}:{end % 2 * 30:02d}\""]
    return out


class _Providers:
    """A pool of providers: most run several offers, as in a real city."""

    def __init__(self, count: int, rng: random.Random):
        self.items = []
        seen: set[str] = set()
        while len(self.items) < count:
            name = " ".join(x for x in (rng.choice(words.PROVIDER_TYPES), rng.choice(words.PLACE_NAMES),
                                        rng.choice(words.PROVIDER_FORMS)) if x)
            name += f" {len(self.items) + 1}" if name in seen else ""
            seen.add(name)
            self.items.append((name + " (Beispiel)", slug(name, 40)))


def offer_file(rng: random.Random, district_list: list[District], by_id: dict[str, District],
               providers: _Providers) -> tuple[str, str, str]:
    """(name, district id for the file name, file text) of one random offer."""
    kind, stages, categories, audiences, remote = rng.choice(words.KINDS)
    provider, provider_slug = rng.choice(providers.items)
    home = rng.choice(district_list)
    citywide = rng.random() < (0.6 if remote else 0.14)
    on_site = remote is None or rng.random() < 0.3
    place = f"{rng.choice(words.PLACE_TYPES)} {rng.choice(words.PLACE_NAMES)}"
    name = kind
    if rng.random() < 0.6:
        name += f" {rng.choice(words.QUALIFIERS)}"
    name += " (ganze Stadt)" if citywide else f" in {home.name}"

    if citywide:
        listed = [CITYWIDE]
    else:
        extra = min(len(home.neighbours), _weighted(rng, [(0, 56), (1, 27), (2, 14), (3, 3)]))
        listed = [home.id] + rng.sample(home.neighbours, extra)
    delivery = (["vor_ort"] if on_site else []) + [d for d in (remote or []) if rng.random() < 0.7 or not on_site]
    if not delivery:
        delivery = list(remote or ["vor_ort"])
    if on_site and rng.random() < 0.12:
        delivery.append(rng.choice(["telefon", "online"]))
    delivery = list(dict.fromkeys(delivery))

    lo, hi = _age(stages)
    summary = f"{rng.choice(words.SUMMARY_WHAT)} – {rng.choice(words.SUMMARY_EXTRA)}."
    free = rng.random() < 0.7
    lines = ["---", f"name: {q(name)}", f"summary: {q(summary)}", "provider:", f"  name: {q(provider)}"]
    if rng.random() < 0.7:
        lines.append(f"  website: https://{provider_slug}.example.org")
    lines += [f"life_stages: [{', '.join(stages)}]", f"categories: [{', '.join(categories)}]",
              f"age: {{min: {_num(lo)}, max: {_num(hi)}}}",
              f"audiences: [{', '.join(dict.fromkeys(audiences + ([rng.choice(['eltern', 'grosseltern', 'alleinerziehende'])] if rng.random() < 0.3 else [])))}]",
              f"districts: [{', '.join(listed)}]"]
    if on_site:
        lines.append("locations:")
        in_districts = [home] if citywide else [by_id[d] for d in listed]
        for i in range(_weighted(rng, [(1, 95), (2, 5)])):
            where = in_districts[0] if i == 0 else rng.choice(in_districts)
            lat, lon = point_in(where, rng)
            access = rng.sample(ACCESSIBILITY, rng.randrange(0, 5))
            lines += [f"  - name: {q(place if i == 0 else rng.choice(words.PLACE_TYPES) + ' ' + rng.choice(words.PLACE_NAMES))}",
                      f"    street: {q(rng.choice(words.STREETS) + ' ' + str(rng.randrange(1, 180)))}",
                      f"    postal_code: \"45{rng.randrange(100, 999)}\"", "    city: Gelsenkirchen",
                      f"    district: {where.id}", f"    lat: {lat}", f"    lon: {lon}"]
            if access:
                lines.append(f"    accessibility: [{', '.join(access)}]")
    lines.append(f"delivery: [{', '.join(delivery)}]")
    lines += ["cost:", f"  free: {'true' if free else 'false'}"]
    if not free:
        lines.append(f"  note: {q(rng.choice(words.COST_NOTES))}")
    languages = ["de"] + rng.sample(LANGUAGES, _weighted(rng, [(0, 40), (1, 17), (2, 22), (3, 16), (4, 5)]))
    lines.append(f"languages: [{', '.join(languages)}]")
    lines.append("schedule:")
    lines += _schedule(rng)
    if rng.random() < 0.3:
        lines.append(f"schedule_note: {q(rng.choice(words.SCHEDULE_NOTES))}")
    lines += ["registration:", f"  required: {'true' if rng.random() < 0.5 else 'false'}"]
    if rng.random() < 0.8:
        lines.append(f"  how: {q(rng.choice(words.REGISTRATION_HOW))}")
    contact = []
    if rng.random() < 0.85:
        contact.append(f"  phone: \"0209 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}\"")
    if rng.random() < 0.8 or not contact:
        contact.append(f"  email: info@{provider_slug}.example.org")
    if rng.random() < 0.5:
        contact.append(f"  website: https://{provider_slug}.example.org/angebote")
    lines += ["contact:"] + contact
    if rng.random() < 0.35:
        lines += ["easy_language:", f"  summary: {q(rng.choice(words.EASY_SUMMARIES))}"]
    roll = rng.random()
    if roll < 0.03:
        lines.append(f"valid_from: {(REFERENCE_DAY + dt.timedelta(days=rng.randrange(-200, 60))).isoformat()}")
    elif roll < 0.06:
        lines.append(f"valid_until: {(REFERENCE_DAY + dt.timedelta(days=rng.randrange(20, 300))).isoformat()}")
    stale = rng.random() < 0.05
    reviewed = REFERENCE_DAY - dt.timedelta(days=rng.randrange(380, 700) if stale else rng.randrange(0, 330))
    status = _weighted(rng, [("active", 96.5), ("paused", 2.5), ("ended", 1.0)])
    lines += [f"last_reviewed: {reviewed.isoformat()}", f"status: {status}", "example: true", "---",
              _body(rng, kind, place)]
    return name, ("" if citywide else home.id), "\n".join(lines)


def generate(target: Path, offers: int, seed: int = 1, districts: int | None = None) -> dict:
    """Write a complete content directory into ``target`` (emptied first); returns its facts.

    ``districts``: None = the demo Stadtteile up to DEMO_LIMIT offers, generated ones above;
    0 = always the demo Stadtteile; n = n generated districts.
    """
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "offers").mkdir(parents=True)
    shutil.copy2(DEMO / "vocabulary.yml", target / "vocabulary.yml")
    for translation in DEMO.glob("vocabulary.*.yml"):  # the vocabulary in the site's other languages
        shutil.copy2(translation, target / translation.name)
    if districts is None:
        districts = 0 if offers <= DEMO_LIMIT else math.ceil(offers / OFFERS_PER_DISTRICT)
    district_list = demo_districts(target) if districts == 0 else grid_districts(target, districts, rng)
    by_id = {d.id: d for d in district_list}
    providers = _Providers(max(5, offers // 6), rng)
    used: dict[str, int] = {}
    for _ in range(offers):
        name, _home, text = offer_file(rng, district_list, by_id, providers)
        base = slug(name)
        used[base] = used.get(base, 0) + 1
        oid = base if used[base] == 1 else f"{base}-{used[base]}"
        if used[base] > 1:  # a second "Babytreff in Erle" gets its own name, or the check sees a duplicate
            text = text.replace(f"name: {q(name)}\n", f"name: {q(f'{name} {used[base]}')}\n", 1)
        (target / "offers" / f"{oid}.md").write_text(text, encoding="utf-8")
    return {"offers": offers, "districts": len(district_list), "seed": seed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Synthetisches Verzeichnis für Messungen erzeugen")
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="Zielordner (wird geleert)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--districts", type=int, default=None,
                        help="0 = die 18 Beispiel-Stadtteile; n = n erzeugte Stadtteile")
    args = parser.parse_args(argv)
    facts = generate(args.out, args.offers, args.seed, args.districts)
    print(f"{facts['offers']} Angebote in {facts['districts']} Stadtteilen nach {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
