"""The city's boundaries file, checked, and every offer's places against it.

The official open-data file is the input staff will drop in, so the checks name the feature, ring
and point that is wrong, in German, with where it is in the text. The geometry is model/geo.py.
"""
from __future__ import annotations

import bisect
import difflib
import json
import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

import geojson

from ..model.geo import (Area, Point, PreparedArea, bbox, box_km, km_outside, ring_closed,
                         self_intersection)
from .problems import ERROR, WARNING, Problem, field_path

# Far outside = farther from the city's bounding box than this (and at least FAR_MIN_KM): a typo
# in a digit or swapped lat/lon, not an offer just across the city limits.
FAR_MIN_KM = 10.0
FAR_SHARE = 0.5  # of the box's longer side


# --- where things are in a JSON text ------------------------------------------------------------

class JsonPositions:
    """line:col of any value in a JSON text by its path, e.g. ("features", 3, "geometry").

    Python's json module gives no positions; this walks the text with the stdlib decoder, only
    when a problem needs a place, and remembers the children of each container it has indexed.
    """

    def __init__(self, text: str):
        self.text = text
        self._lines: list[int] | None = None
        self._decoder = json.JSONDecoder()
        self._children: dict[int, dict] = {}

    def _skip_ws(self, i: int) -> int:
        t = self.text
        while i < len(t) and t[i] in " \t\r\n":
            i += 1
        return i

    def _index(self, start: int) -> dict:
        """{key or position: offset of the value} for the object or array starting at `start`."""
        if start in self._children:
            return self._children[start]
        t, out = self.text, {}
        opener = t[start]
        i = self._skip_ws(start + 1)
        k = 0
        while i < len(t) and t[i] not in "]}":
            if opener == "{":
                key, i = json.decoder.scanstring(t, i + 1)
                i = self._skip_ws(i)
                i = self._skip_ws(i + 1)  # the colon
                out[key] = i  # a repeated key: json.loads keeps the last one, so does this
            else:
                out[k] = i
                k += 1
            _, i = self._decoder.raw_decode(t, i)
            i = self._skip_ws(i)
            if i < len(t) and t[i] == ",":
                i = self._skip_ws(i + 1)
        self._children[start] = out
        return out

    def offset(self, path: Sequence) -> int:
        i = self._skip_ws(0)
        for part in path:
            if i >= len(self.text) or self.text[i] not in "{[":
                break
            children = self._index(i)
            if part not in children:
                break
            i = children[part]
        return i

    def where(self, path: Sequence) -> tuple[int, int]:
        return self.line_col(self.offset(path))

    def line_col(self, i: int) -> tuple[int, int]:
        if self._lines is None:
            self._lines = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._lines, i)
        return line, i - self._lines[line - 1] + 1


# --- the boundaries file ----------------------------------------------------------------------

@dataclass
class Boundaries:
    """The valid part of boundaries.geojson: an area per district id, and the data as read."""
    areas: dict[str, Area]
    data: dict | None  # the FeatureCollection with only the valid features


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _coord(v) -> str:
    """A value as written in the file (numbers keep their digits)."""
    return json.dumps(v, ensure_ascii=False)


_CRS_HINT = ("Exportieren Sie die Grenzen als GeoJSON in WGS 84 (EPSG:4326, Länge/Breite in Grad), "
             "z. B. in QGIS mit „Exportieren → Objekte speichern als… → KBS EPSG:4326“.")


def check_boundaries(text: str, shown: str, district_ids: Iterable[str]) -> tuple[Boundaries, list[Problem]]:
    """Read and check boundaries.geojson against the district files; every problem at its place."""
    known = sorted(district_ids)
    problems: list[Problem] = []
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        return Boundaries({}, None), [Problem(shown, err.lineno, err.colno, "", f"Die Datei ist kein gültiges "
                                              f"JSON ({err.msg}). Tauschen Sie sie gegen die Originaldatei aus.")]
    except ValueError as err:
        found = re.search(r"(?<=[\[,:\s])(NaN|-?Infinity)\b", text)
        line, col = JsonPositions(text).line_col(found.start() if found else 0)
        return Boundaries({}, None), [Problem(shown, line, col, "", f"Die Datei enthält {err}, das ist in JSON "
                                              "nicht erlaubt. Tauschen Sie sie gegen die Originaldatei aus.")]
    pos = JsonPositions(text)

    def problem(path: tuple, message: str, severity: str = ERROR) -> Problem:
        line, col = pos.where(path)
        return Problem(shown, line, col, field_path(path), message, severity, "boundaries")

    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        what = f"type ist „{data.get('type')}“" if isinstance(data, dict) else "kein JSON-Objekt"
        return Boundaries({}, None), [problem((), f"Die Datei ist keine GeoJSON-FeatureCollection ({what}). "
                                     'Erwartet wird {"type": "FeatureCollection", "features": [...]} mit '
                                     "einem Feature je Stadtteil.")]
    if "crs" in data:
        problems.append(problem(("crs",), _crs_message(data["crs"])))
    features = data.get("features")
    if not isinstance(features, list):
        problems.append(problem(("features",) if "features" in data else (),
                                "Die Liste „features“ fehlt. Jeder Stadtteil braucht ein Feature."))
        return Boundaries({}, None), problems

    areas: dict[str, Area] = {}
    kept: list[dict] = []
    first_index: dict[str, int] = {}
    for i, feature in enumerate(features):
        found, area, did = _check_feature(feature, i, known, first_index, problem)
        problems += found
        if did is not None and did not in first_index:
            first_index[did] = i
        if area is not None and not found:
            areas[did] = area
            kept.append(feature)

    for did in known:
        if did not in first_index:
            problems.append(problem(("features",), f"Für den Stadtteil „{did}“ (content/districts/{did}.md) "
                                    f"fehlt die Grenze. Ergänzen Sie ein Feature mit \"properties\": "
                                    f"{{\"id\": \"{did}\"}}."))
    return Boundaries(areas, {"type": "FeatureCollection", "features": kept}), problems


def _reject_constant(name: str):
    raise ValueError(f"„{name}“")


def _crs_message(crs) -> str:
    name = json.dumps(crs, ensure_ascii=False)
    geographic = any(code in name for code in ("CRS84", "4326"))
    if geographic:
        return ("Das Mitglied „crs“ ist in GeoJSON (RFC 7946) nicht mehr vorgesehen. Die Koordinaten sind "
                "hier schon WGS 84: Löschen Sie „crs“ aus der Datei.")
    return (f"Die Datei nennt das Koordinatensystem {name}. GeoJSON (RFC 7946) kennt nur WGS 84 "
            f"(EPSG:4326) und kein „crs“. {_CRS_HINT}")


def _check_feature(feature, i: int, known: list[str], first_index: dict[str, int], problem):
    """(problems, area or None, district id or None) for features[i]."""
    base = ("features", i)
    label = f"Feature Nr. {i + 1}"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        what = f"type „{feature.get('type')}“" if isinstance(feature, dict) else "kein JSON-Objekt"
        return [problem(base, f"{label} ist kein GeoJSON-Feature ({what}).")], None, None
    problems = []
    props = feature.get("properties")
    did = props.get("id") if isinstance(props, dict) else None
    if not isinstance(did, str) or not did:
        where = base + (("properties", "id") if isinstance(props, dict) and "id" in props else
                        ("properties",) if "properties" in feature else ())
        problems.append(problem(where, f"{label} hat keine Kennung in properties.id. Tragen Sie die Kennung "
                                "des Stadtteils ein (der Dateiname ohne .md, z. B. \"id\": \"erle\")."))
        did = None
    else:
        label = f"{label} (id „{did}“)"
        if did in first_index:
            problems.append(problem(base + ("properties", "id"), f"{label}: Für „{did}“ gibt es schon "
                                    f"Feature Nr. {first_index[did] + 1}. Jeder Stadtteil hat genau eine Grenze; "
                                    "fassen Sie mehrere Flächen zu einem MultiPolygon zusammen."))
        elif did not in known:
            close = difflib.get_close_matches(did, known, n=1, cutoff=0.7)
            hint = f" Meinten Sie „{close[0]}“?" if close else \
                f" Bekannt sind: {', '.join(known) or '(keine)'}."
            problems.append(problem(base + ("properties", "id"), f"{label}: Einen Stadtteil „{did}“ gibt es "
                                    f"nicht (keine Datei content/districts/{did}.md).{hint}"))
    if "crs" in feature:
        problems.append(problem(base + ("crs",), f"{label}: {_crs_message(feature['crs'])}"))
    geometry = feature.get("geometry")
    gpath = base + ("geometry",)
    if not isinstance(geometry, dict):
        problems.append(problem(gpath if "geometry" in feature else base,
                                f"{label} hat keine Geometrie. Erwartet wird ein Polygon oder MultiPolygon."))
        return problems, None, did
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        problems.append(problem(gpath + ("type",) if "type" in geometry else gpath,
                                f"{label} ist ein „{kind}“. Ein Stadtteil braucht eine Fläche: Polygon oder "
                                "MultiPolygon."))
        return problems, None, did
    coords = geometry.get("coordinates")
    polys = [coords] if kind == "Polygon" else coords
    cpath = gpath + ("coordinates",)
    if not isinstance(polys, list) or not polys or not all(isinstance(p, list) and p for p in polys):
        problems.append(problem(cpath if "coordinates" in geometry else gpath,
                                f"{label}: Die Koordinaten fehlen oder haben nicht die Form eines {kind}."))
        return problems, None, did
    area: Area = []
    for k, poly in enumerate(polys):
        ppath = cpath if kind == "Polygon" else cpath + (k,)
        part = f"Fläche {k + 1}, " if kind == "MultiPolygon" else ""
        found, rings = _check_polygon(poly, ppath, f"{label}, {part}", problem)
        problems += found
        if rings is not None:
            area.append(rings)
    if not problems:
        # The geojson package's own verdict, as a second opinion; it must agree with ours.
        errors = geojson.GeoJSON.to_instance(geometry, strict=True).errors()
        if errors:
            problems.append(problem(gpath, f"{label}: ungültige Geometrie ({errors})."))
    return problems, (area if len(area) == len(polys) else None), did


def _ring_name(r: int) -> str:
    return "Außengrenze" if r == 0 else f"Loch {r}"


def _check_polygon(poly: list, ppath: tuple, label: str, problem):
    rings: Polygon = []
    for r, ring in enumerate(poly):
        rpath = ppath + (r,)
        name = _ring_name(r)
        if not isinstance(ring, list):
            return [problem(rpath, f"{label}{name}: Ein Ring ist eine Liste von Punkten.")], None
        for j, pt in enumerate(ring):
            if not (isinstance(pt, list) and len(pt) in (2, 3) and all(_number(v) for v in pt)):
                return [problem(rpath + (j,), f"{label}{name}, Punkt {j + 1}: {_coord(pt)} ist kein Punkt. "
                                "Ein Punkt ist [Länge, Breite] in Grad, z. B. [7.0867, 51.5101].")], None
            if not (-180 <= pt[0] <= 180 and -90 <= pt[1] <= 90):
                return [problem(rpath + (j,), f"{label}{name}, Punkt {j + 1}: {_coord(pt)} ist keine "
                                "Angabe in Grad. Die Werte sehen nach einem projizierten Koordinatensystem "
                                f"aus (z. B. UTM, EPSG:25832). {_CRS_HINT}")], None
        if len(ring) < 4:
            return [problem(rpath, f"{label}{name} hat nur {len(ring)} Punkte. Eine Fläche braucht mindestens "
                            "4 (drei Ecken und der erste Punkt noch einmal am Ende).")], None
        if not ring_closed([tuple(p) for p in ring]):
            return [problem(rpath + (len(ring) - 1,), f"{label}{name} ist nicht geschlossen: Der letzte Punkt "
                            f"{_coord(ring[-1])} muss gleich dem ersten {_coord(ring[0])} sein.")], None
        rings.append([(float(p[0]), float(p[1])) for p in ring])
    crossing = self_intersection(rings)
    if crossing is not None:
        c = crossing
        lon, lat = c.point
        if c.ring == c.other_ring:
            what = (f"{_ring_name(c.ring)} kreuzt oder berührt sich selbst zwischen Punkt {c.at + 1} und "
                    f"Punkt {c.other_at + 1}")
        else:
            what = (f"{_ring_name(c.ring)} (ab Punkt {c.at + 1}) und {_ring_name(c.other_ring)} (ab Punkt "
                    f"{c.other_at + 1}) kreuzen sich")
        return [problem(ppath + (c.ring, c.at), f"{label}{what}, bei [{lon:.6g}, {lat:.6g}]. Korrigieren Sie die "
                        "Grenze, z. B. in QGIS mit „Geometrie reparieren“.")], None
    return [], rings


# --- offers' places against the boundaries ------------------------------------------------------

def location_rules(offers: Iterable, areas: dict[str, Area], names: dict[str, str]) -> Iterator[Problem]:
    """Each location's point in its district (warning) and near the city at all (error).

    ``offers`` are rules.Parsed offers (valid on their own); ``names`` maps district ids to names.
    """
    if not areas:
        return
    prepared = {did: PreparedArea(a) for did, a in areas.items()}
    city = bbox(p for a in prepared.values() for p in ((a.box[0], a.box[1]), (a.box[2], a.box[3])))
    far = max(FAR_MIN_KM, FAR_SHARE * box_km(city))

    def find(p: Point) -> str | None:
        return next((did for did, a in prepared.items() if a.contains(p)), None)

    for o in offers:
        for i, loc in enumerate(o.data.get("locations") or []):
            did, lat, lon = loc.get("district"), loc.get("lat"), loc.get("lon")
            if not (_number(lat) and _number(lon)) or did not in prepared:
                continue
            p = (float(lon), float(lat))
            path = ("locations", i, "lat")
            if prepared[did].contains(p):
                continue
            away = km_outside(p, city)
            if away > far:
                swapped = (float(lat), float(lon))
                if km_outside(swapped, city) <= far:
                    inside = find(swapped)
                    there = f" in „{names.get(inside, inside)}“" if inside else " in der Stadt"
                    yield o.problem(path, f"Breite und Länge sind vertauscht: Mit lat {lat} und lon {lon} liegt "
                                    f"der Ort {_km(away)} außerhalb der Stadt, mit getauschten Werten{there}. "
                                    f"Schreiben Sie lat: {lon} und lon: {lat}.")
                else:
                    yield o.problem(path, f"Der Ort liegt {_km(away)} außerhalb der Stadt (lat {lat}, lon {lon}). "
                                    "Prüfen Sie lat und lon, z. B. auf openstreetmap.org: Rechtsklick auf den Ort → "
                                    "„Adresse anzeigen“ zeigt Breite, Länge.")
                continue
            inside = find(p)
            name = names.get(did, did)
            if inside:
                msg = (f"Die Koordinaten liegen in „{names.get(inside, inside)}“ ({inside}), nicht im angegebenen "
                       f"Stadtteil „{name}“ ({did}). Prüfen Sie lat/lon oder district.")
            else:
                msg = (f"Die Koordinaten liegen außerhalb aller Stadtteilgrenzen, nicht im angegebenen Stadtteil "
                       f"„{name}“ ({did}). Prüfen Sie lat/lon oder district.")
            yield o.problem(path, msg, WARNING, kind="location-outside")


def _km(value: float) -> str:
    return f"{value:,.0f} km".replace(",", ".") if value >= 10 else f"{value:.1f} km".replace(".", ",")
