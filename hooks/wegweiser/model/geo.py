"""Geometry without a GIS: points in areas, distances, projection, simplification, label spots.

Coordinates are (lon, lat) in degrees (WGS 84, as GeoJSON writes them). An area is a list of
polygons, a polygon a list of closed rings (the outer border first, then holes). Everything here is
pure and small on purpose; checking the city's boundaries file with it is content/boundaries.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]
Area = list[Polygon]

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
