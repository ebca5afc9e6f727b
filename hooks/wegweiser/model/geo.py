"""Geography without a GIS: the district boundaries, checked; points in areas; projection; simplification.

Coordinates are (lon, lat) in degrees (WGS 84, as GeoJSON writes them). An area is a list of
polygons, a polygon a list of closed rings (the outer border first, then holes). Everything here is
pure and small on purpose: the city's official open-data file is the input staff will drop in, so
the checks must name the feature, ring and point that is wrong, in German, with where it is.
"""
from __future__ import annotations

import bisect
import difflib
import json
import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import geojson

from ..content.problems import ERROR, WARNING, Problem, field_path

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]
Area = list[Polygon]

# Far outside = farther from the city's bounding box than this (and at least FAR_MIN_KM): a typo
# in a digit or swapped lat/lon, not an offer just across the city limits.
FAR_MIN_KM = 10.0
FAR_SHARE = 0.5  # of the box's longer side
EARTH_RADIUS = 6378137.0  # metres, as Web Mercator (EPSG:3857) uses it
MAX_MERCATOR_LAT = 85.05112878


# --- geometry ---------------------------------------------------------------------------------

def orient(a: Point, b: Point, c: Point) -> float:
    """> 0 when a→b→c turns left (counter-clockwise), < 0 right, 0 on one line."""
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def on_segment(p: Point, a: Point, b: Point, eps: float = 1e-12) -> bool:
    """Whether p lies on the segment a–b (ends included)."""
    if abs(orient(a, b, p)) > eps * max(1.0, abs(b[0] - a[0]) + abs(b[1] - a[1])):
        return False
    return (min(a[0], b[0]) - eps <= p[0] <= max(a[0], b[0]) + eps
            and min(a[1], b[1]) - eps <= p[1] <= max(a[1], b[1]) + eps)


def ring_closed(ring: Sequence[Point]) -> bool:
    return len(ring) > 0 and tuple(ring[0]) == tuple(ring[-1])


def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace formula: > 0 for a counter-clockwise ring."""
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


INSIDE, BORDER, OUTSIDE = 1, 0, -1


def point_in_ring(p: Point, ring: Sequence[Point]) -> int:
    """INSIDE, BORDER or OUTSIDE of a closed ring (crossing number, borders found first)."""
    x, y = p
    inside = False
    for i in range(len(ring) - 1):
        a, b = ring[i], ring[i + 1]
        if on_segment(p, a, b):
            return BORDER
        if (a[1] > y) != (b[1] > y):
            if x < a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]):
                inside = not inside
    return INSIDE if inside else OUTSIDE


def point_in_polygon(p: Point, polygon: Polygon) -> int:
    where = point_in_ring(p, polygon[0])
    if where != INSIDE:
        return where
    for hole in polygon[1:]:
        h = point_in_ring(p, hole)
        if h == BORDER:
            return BORDER
        if h == INSIDE:
            return OUTSIDE
    return INSIDE


def point_in_area(p: Point, area: Area) -> bool:
    """Inside or on the border of any of its polygons: a point on a shared border belongs to both."""
    return any(point_in_polygon(p, poly) != OUTSIDE for poly in area)


def bbox(points: Iterable[Point]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def area_points(area: Area) -> Iterator[Point]:
    for poly in area:
        for ring in poly:
            yield from ring


def haversine_km(p: Point, q: Point) -> float:
    """Great-circle distance between two (lon, lat) points in km."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*p, *q))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def km_outside(p: Point, box: tuple[float, float, float, float]) -> float:
    """Distance in km from a (lon, lat) point to the nearest point of a box (0 inside)."""
    nearest = (min(max(p[0], box[0]), box[2]), min(max(p[1], box[1]), box[3]))
    return haversine_km(p, nearest)


def box_km(box: tuple[float, float, float, float]) -> float:
    """The longer side of a box in km."""
    mid = math.radians((box[1] + box[3]) / 2)
    return max((box[2] - box[0]) * 111.32 * math.cos(mid), (box[3] - box[1]) * 110.57)


def mercator(lon: float, lat: float) -> Point:
    """Web Mercator (EPSG:3857) metres; y grows northwards."""
    lat = max(-MAX_MERCATOR_LAT, min(MAX_MERCATOR_LAT, lat))
    return (EARTH_RADIUS * math.radians(lon),
            EARTH_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def crossing_point(a: Point, b: Point, c: Point, d: Point) -> Point:
    """Where the lines through a–b and c–d meet; for touching segments, the point they share."""
    den = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0])
    if den == 0:
        return next((p for p in (c, d) if on_segment(p, a, b)), a)
    t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / den
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def segments_cross(a: Point, b: Point, c: Point, d: Point, touching: bool) -> bool:
    """Whether a–b and c–d intersect: properly only, or also by touching/overlapping."""
    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
    if ((o1 > 0 > o2) or (o1 < 0 < o2)) and ((o3 > 0 > o4) or (o3 < 0 < o4)):
        return True
    if not touching:
        return False
    return ((o1 == 0 and on_segment(c, a, b)) or (o2 == 0 and on_segment(d, a, b))
            or (o3 == 0 and on_segment(a, c, d)) or (o4 == 0 and on_segment(b, c, d)))


@dataclass(frozen=True)
class Crossing:
    ring: int  # index of the ring in the polygon
    at: int  # index of the first point of the first segment, as in the file
    other_ring: int
    other_at: int
    point: Point  # where, roughly (a vertex of the first segment)


def self_intersection(polygon: Sequence[Sequence[Point]]) -> Crossing | None:
    """The first place where a ring crosses or touches itself, or two rings cross; None if simple.

    Repeated consecutive points are allowed (common in exported data). A sweep over the segments
    sorted by x keeps this near n log n for real borders with thousands of points.
    """
    segs = []  # (xmin, xmax, ymin, ymax, ring, k, a, b, at)
    sizes = []
    for r, ring in enumerate(polygon):
        pts: list[tuple[Point, int]] = []
        for i, p in enumerate(ring):
            if not pts or p != pts[-1][0]:
                pts.append((p, i))
        n = len(pts) - 1
        sizes.append(n)
        for k in range(n):
            (a, at), (b, _) = pts[k], pts[k + 1]
            segs.append((min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1]), r, k, a, b, at))
    segs.sort(key=lambda s: s[0])
    active: list = []
    for s in segs:
        xmin, ymin, ymax = s[0], s[2], s[3]
        active = [t for t in active if t[1] >= xmin]
        for t in active:
            if t[3] < ymin or t[2] > ymax:
                continue
            if s[4] == t[4]:
                n = sizes[s[4]]
                dk = abs(s[5] - t[5])
                if dk == 1 or dk == n - 1:  # neighbours share a point; only a spike back is wrong
                    first, second = (t, s) if (t[5] + 1) % n == s[5] else (s, t)
                    p, q, r_ = first[6], first[7], second[7]
                    if orient(p, q, r_) == 0 and ((p[0] - q[0]) * (r_[0] - q[0]) + (p[1] - q[1]) * (r_[1] - q[1])) > 0:
                        return Crossing(s[4], min(s[8], t[8]), t[4], max(s[8], t[8]), q)
                    continue
                if segments_cross(s[6], s[7], t[6], t[7], touching=True):
                    return Crossing(s[4], min(s[8], t[8]), t[4], max(s[8], t[8]),
                                    crossing_point(s[6], s[7], t[6], t[7]))
            elif segments_cross(s[6], s[7], t[6], t[7], touching=False):
                first, second = sorted((s, t), key=lambda u: u[4])
                return Crossing(first[4], first[8], second[4], second[8],
                                crossing_point(s[6], s[7], t[6], t[7]))
        active.append(s)
    return None


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker on an open line: the ends stay, points closer than tolerance go."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tolerance * tolerance
    while stack:
        i, j = stack.pop()
        ax, ay = points[i]
        bx, by = points[j]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_d = -1, tol2
        for k in range(i + 1, j):
            px, py = points[k]
            if seg2 == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / seg2))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best_d:
                best, best_d = k, d
        if best >= 0:
            keep[best] = True
            stack += [(i, best), (best, j)]
    return [p for p, k in zip(points, keep) if k]


def runs(polygon: Sequence[Sequence[Point]], y: float) -> list[tuple[float, float]]:
    """The stretches of a horizontal line at y that lie inside the polygon (even-odd)."""
    xs = []
    for ring in polygon:
        for i in range(len(ring) - 1):
            a, b = ring[i], ring[i + 1]
            if (a[1] > y) != (b[1] > y):
                xs.append(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
    xs.sort()
    return [(xs[k], xs[k + 1]) for k in range(0, len(xs) - 1, 2)]


def label_spot(polygon: Sequence[Sequence[Point]], height: float = 0.0, steps: int = 24) -> tuple[Point, float]:
    """Where a label of the given height fits widest inside a polygon, and how wide it may be.

    The centroid can fall outside a concave shape (a crescent); scanning lines is enough for a
    label and far smaller than a pole-of-inaccessibility search. Runs near the middle win ties.
    """
    x0, y0, x1, y1 = bbox(polygon[0])
    mid, half = (y0 + y1) / 2, max((y1 - y0) / 2, 1e-12)
    best, best_score, best_w = ((x0 + x1) / 2, mid), -1.0, 0.0
    for step in range(1, steps):
        y = y0 + (y1 - y0) * step / steps
        others = [runs(polygon, y - height / 2), runs(polygon, y + height / 2)] if height else []
        for lo, hi in runs(polygon, y):
            for line in others:
                overlap = [(max(lo, a), min(hi, b)) for a, b in line if a < hi and b > lo]
                lo, hi = max(overlap, key=lambda r: r[1] - r[0]) if overlap else (lo, lo)
            score = (hi - lo) * (1 - 0.3 * abs(y - mid) / half)
            if score > best_score:
                best, best_score, best_w = ((lo + hi) / 2, y), score, hi - lo
    return best, best_w


def label_point(polygon: Sequence[Sequence[Point]]) -> Point:
    return label_spot(polygon)[0]


def principal_angle(ring: Sequence[Point]) -> float:
    """The direction (degrees, -90..90, 0 = east, y downwards as in SVG) a ring is longest in."""
    n = len(ring)
    mx, my = sum(p[0] for p in ring) / n, sum(p[1] for p in ring) / n
    sxx = sum((p[0] - mx) ** 2 for p in ring)
    syy = sum((p[1] - my) ** 2 for p in ring)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in ring)
    angle = math.degrees(0.5 * math.atan2(2 * sxy, sxx - syy))
    return angle


def rotate(points: Iterable[Point], degrees: float, about: Point) -> list[Point]:
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return [(about[0] + (x - about[0]) * c - (y - about[1]) * s, about[1] + (x - about[0]) * s + (y - about[1]) * c)
            for x, y in points]


class PreparedArea:
    """An area with its edges sorted into horizontal bands: a point test looks at one band only.

    Offers are tested against their district (and, when outside, against every district), so
    5,000 offers against borders of thousands of points must not be 5,000 full scans.
    """

    BANDS = 64

    def __init__(self, area: Area):
        self.area = area
        self.box = bbox(area_points(area))
        y0, y1 = self.box[1], self.box[3]
        self.y0, self.h = y0, (y1 - y0) or 1.0
        self.polys = []
        for poly in area:
            rings = []
            for ring in poly:
                bands: list[list[tuple[Point, Point]]] = [[] for _ in range(self.BANDS)]
                for i in range(len(ring) - 1):
                    a, b = ring[i], ring[i + 1]
                    lo, hi = self._band(min(a[1], b[1])), self._band(max(a[1], b[1]))
                    for k in range(lo, hi + 1):
                        bands[k].append((a, b))
                rings.append(bands)
            self.polys.append(rings)

    def _band(self, y: float) -> int:
        return max(0, min(self.BANDS - 1, int((y - self.y0) / self.h * self.BANDS)))

    def _ring(self, p: Point, bands) -> int:
        x, y = p
        inside = False
        for a, b in bands[self._band(y)]:
            if on_segment(p, a, b):
                return BORDER
            if (a[1] > y) != (b[1] > y) and x < a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]):
                inside = not inside
        return INSIDE if inside else OUTSIDE

    def contains(self, p: Point) -> bool:
        x, y = p
        b = self.box
        if not (b[0] <= x <= b[2] and b[1] <= y <= b[3]):
            return False
        for rings in self.polys:
            where = self._ring(p, rings[0])
            if where == BORDER:
                return True
            if where == INSIDE and all(self._ring(p, hole) != INSIDE for hole in rings[1:]):
                return True
        return False


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
