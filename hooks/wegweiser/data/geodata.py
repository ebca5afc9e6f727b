"""Open data for maps: offers.geojson (a point per place) and districts.geojson (borders with counts).

Both are RFC 7946 GeoJSON: WGS 84 longitude/latitude, no "crs", outer rings counter-clockwise,
six decimals (about 10 cm). Links are relative to the site's start page, like the site itself.
"""
from __future__ import annotations

import json

from ..model import geo
from .redact import defused, without_emails
from ..model import Directory, Offer
from ..site.pages import Download, Site, SiteSettings, offer_url
from ..site.when import schedule_summary

DIGITS = 6


def clean_text(text: str) -> str:
    """Provider text as all open data carries it (redact.py): no e-mail address to harvest in bulk
    (P10), nothing a reader could take for a script URL."""
    return defused(without_emails(text))


def _cleaned(props: dict) -> dict:
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in props.items()}


def _point(lon: float, lat: float) -> list[float]:
    return [round(lon, DIGITS), round(lat, DIGITS)]


def offer_features(directory: Directory) -> list[dict]:
    """A Point feature per place of each published offer, with what a card shows."""
    return list(_offer_features(directory))


def _offer_features(directory: Directory):
    vocab = directory.vocabulary
    for o in directory.published:
        for i, loc in enumerate(o.locations):
            if not loc.located:
                continue  # no point to draw; the quality report lists it (no_coordinates)
            yield {
                "type": "Feature",
                "id": f"{o.id}/{i + 1}",
                "geometry": {"type": "Point", "coordinates": _point(loc.lon, loc.lat)},
                "properties": _cleaned({
                    "offer": o.id, "url": offer_url(o), "name": o.name, "summary": o.summary,
                    "provider": o.provider, "status": o.status,
                    "life_stages": list(o.life_stages),
                    "life_stage_labels": [vocab.stage(s).label for s in o.life_stages],
                    "categories": list(o.categories),
                    "age_min": o.age_min, "age_max": o.age_max,
                    "cost_free": o.cost_free, "cost_note": o.cost_note,
                    "languages": list(o.languages), "delivery": list(o.delivery),
                    "schedule": schedule_summary(o), "schedule_note": o.schedule_note,
                    "districts": list(o.districts),
                    "place": loc.name, "street": loc.street, "postal_code": loc.postal_code,
                    "city": loc.city, "district": loc.district,
                    "district_name": directory.districts[loc.district].name
                    if loc.district in directory.districts else "",
                    "accessibility": list(loc.accessibility),
                    "example": o.example,
                }),
            }


def ccw(ring: list[geo.Point], outer: bool) -> list[list[float]]:
    """RFC 7946's right-hand rule: outer rings counter-clockwise, holes clockwise."""
    counter = geo.signed_area(ring) > 0
    pts = ring if counter == outer else ring[::-1]
    return [_point(*p) for p in pts]


def district_features(directory: Directory) -> list[dict]:
    """Each Stadtteil's border with its name and the offers on site per life stage."""
    stages = directory.vocabulary.life_stage_codes
    # the offers on site per Stadtteil, as pages.serves() has it, in one pass over the offers
    local: dict[str, list[Offer]] = {did: [] for did in directory.districts}
    for o in directory.published:
        if not o.citywide:
            for did in dict.fromkeys(list(o.districts) + [loc.district for loc in o.locations]):
                if did in local:
                    local[did].append(o)
    out = []
    for did, d in directory.districts.items():
        area = directory.areas.get(did)
        if not area:
            continue
        polys = [[ccw(ring, r == 0) for r, ring in enumerate(poly)] for poly in area]
        geometry = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                    else {"type": "MultiPolygon", "coordinates": polys})
        props = {"id": did, "name": d.name, "borough": d.borough, "url": f"stadtteile/{did}/",
                 "offers": len(local[did]),
                 "offers_by_life_stage": {s: sum(s in o.life_stages for o in local[did]) for s in stages},
                 "population_under_18": d.population_under_18, "population_year": d.population_year,
                 "example": d.example}
        if d.publish_need_index and d.need_index:
            props["need_index"] = d.need_index
        out.append({"type": "Feature", "id": did, "geometry": geometry, "properties": _cleaned(props)})
    return out


def collection(features: list[dict]) -> bytes:
    return (json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                       separators=(",", ":")) + "\n").encode()


def write_collection(features, out) -> None:
    """collection(), a feature at a time into the binary file `out` (the same bytes)."""
    out.write(b'{"type":"FeatureCollection","features":[')
    for i, feature in enumerate(features):
        out.write(((',' if i else '') + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))).encode())
    out.write(b"]}\n")


def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    city = settings.city
    with site.writer("offers.geojson") as out:
        write_collection(_offer_features(directory), out)
    site.downloads.append(Download(
        "offers.geojson", "Orte der Angebote (GeoJSON)",
        f"Jeder Ort eines veröffentlichten Angebots in {city} als Punkt, mit Name, Kurztext, Träger, "
        "Lebensphasen, Kosten, Sprachen, Zeiten und Adresse. Für Karten-Programme wie QGIS oder uMap.",
        "GeoJSON"))
    if directory.areas:
        site.assets["districts.geojson"] = collection(district_features(directory))
        site.downloads.append(Download(
            "districts.geojson", "Stadtteile mit Zahl der Angebote (GeoJSON)",
            f"Die Grenzen der Stadtteile von {city} mit Name und der Zahl der Angebote vor Ort, auch je "
            "Lebensphase. Angebote für die ganze Stadt sind nicht mitgezählt.", "GeoJSON"))
