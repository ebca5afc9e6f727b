"""Drawing the maps: the borders as arcs that neighbours share, views from Web Mercator metres to SVG
units, compact path data, clipping and where a Stadtteil's name fits. Pure geometry and SVG text:
what the maps show and which page shows them is maps.py's job.

Borders are projected (Web Mercator) and split into arcs shared by neighbours once; each arc is
simplified once per scale, so neighbouring Stadtteile keep a common border without gaps.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import escape

from ..model import geo

LABEL_SIZE = 13
TOLERANCE = 0.7  # view units: what simplification may move a border (the stroke covers it)

# --- borders as shared arcs ---------------------------------------------------------------------

class Atlas:
    """The districts in Web Mercator metres, as rings of arcs that neighbours share."""

    def __init__(self, areas: dict[str, geo.Area]):
        self.merc: dict[geo.Point, geo.Point] = {}
        # district -> polygons -> rings as open lists of (lon, lat), repeated points dropped
        opened: dict[str, list[list[list[geo.Point]]]] = {}
        members: dict[geo.Point, set[int]] = {}
        count = 0
        for did, area in areas.items():
            opened[did] = []
            for poly in area:
                rings = []
                for ring in poly:
                    keys: list[geo.Point] = []
                    for pt in ring:
                        if not keys or pt != keys[-1]:
                            keys.append(pt)
                    if len(keys) > 1 and keys[0] == keys[-1]:
                        keys.pop()
                    if len(keys) < 3:
                        continue
                    for k in keys:
                        members.setdefault(k, set()).add(count)
                    count += 1
                    rings.append(keys)
                if rings:
                    opened[did].append(rings)
        for k in members:
            self.merc[k] = geo.mercator(*k)
        # A point where the set of rings sharing it changes ends an arc, in every ring alike.
        fixed: set[geo.Point] = set()
        for polys in opened.values():
            for rings in polys:
                for keys in rings:
                    n = len(keys)
                    for i, k in enumerate(keys):
                        m = members[k]
                        if len(m) > 1 and (members[keys[i - 1]] != m or members[keys[(i + 1) % n]] != m):
                            fixed.add(k)
        self.arcs: list[list[geo.Point]] = []
        arc_ids: dict[tuple, int] = {}
        # district -> polygons -> rings -> [(arc id, reversed)]
        self.shapes: dict[str, list[list[list[tuple[int, bool]]]]] = {}
        self.boxes: dict[str, tuple[float, float, float, float]] = {}
        for did, polys in opened.items():
            self.shapes[did] = [[self._split(keys, fixed, arc_ids) for keys in rings] for rings in polys]
            if polys:
                self.boxes[did] = geo.bbox(self.merc[k] for rings in polys for keys in rings for k in keys)
        self._simplified: dict[tuple[int, float], list[geo.Point]] = {}

    def _split(self, keys: list[geo.Point], fixed: set, arc_ids: dict) -> list[tuple[int, bool]]:
        n = len(keys)
        cuts = [i for i, k in enumerate(keys) if k in fixed]
        if len(cuts) < 2:
            # Anchors from the shape alone, not from where the ring starts: an enclave's border and
            # the hole around it are the same points from different starts and must split alike.
            start = cuts[0] if cuts else keys.index(min(keys))
            a = self.merc[keys[start]]
            far = max(range(n), key=lambda i: ((self.merc[keys[i]][0] - a[0]) ** 2
                                              + (self.merc[keys[i]][1] - a[1]) ** 2, keys[i]))
            cuts = sorted({start, far})
            if len(cuts) < 2:
                cuts = [0, n // 2]
        out = []
        for a, b in zip(cuts, cuts[1:] + [cuts[0] + n]):
            seq = tuple(keys[i % n] for i in range(a, b + 1))
            rev = seq[::-1]
            canon, flipped = (seq, False) if seq <= rev else (rev, True)
            if canon not in arc_ids:
                arc_ids[canon] = len(self.arcs)
                self.arcs.append(list(canon))
            out.append((arc_ids[canon], flipped))
        return out

    def arc(self, arc_id: int, tolerance: float) -> list[geo.Point]:
        key = (arc_id, tolerance)
        if key not in self._simplified:
            self._simplified[key] = geo.simplify([self.merc[k] for k in self.arcs[arc_id]], tolerance)
        return self._simplified[key]

    def polygons(self, did: str, tolerance: float) -> list[list[list[geo.Point]]]:
        """The district's polygons as closed rings in Mercator metres, simplified; tiny rings dropped."""
        out = []
        for poly in self.shapes.get(did, ()):
            rings = []
            for ring in poly:
                pts: list[geo.Point] = []
                for arc_id, flipped in ring:
                    seg = self.arc(arc_id, tolerance)
                    seg = seg[::-1] if flipped else seg
                    pts.extend(seg[1:] if pts else seg)
                if len(set(pts)) >= 3:
                    rings.append(pts)
                elif not rings:
                    break  # the outer border vanished at this scale: so does the polygon
            if rings:
                out.append(rings)
        return out


def quantize(tolerance: float) -> float:
    """Round a tolerance down to a power of √2, so neighbouring views share simplified arcs."""
    return 2 ** (math.floor(math.log2(tolerance) * 2) / 2)


# --- views and SVG paths ------------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """Mercator metres -> SVG units (y downwards) for one map."""
    x0: float
    y1: float
    scale: float
    width: int
    height: int
    detail: float = TOLERANCE  # how far simplification may move a border, in view units

    @classmethod
    def fit(cls, box: tuple[float, float, float, float], width: int, pad: float,
            aspect: tuple[float, float] = (0.5, 1.6), detail: float = TOLERANCE) -> "View":
        """A view of width units showing box with pad (share of its size) around; height within aspect."""
        x0, y0, x1, y1 = box
        w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
        x0, x1, y0, y1 = x0 - w * pad, x1 + w * pad, y0 - h * pad, y1 + h * pad
        w, h = x1 - x0, y1 - y0
        lo, hi = aspect
        if h / w < lo:  # too flat: show more above and below
            grow = (w * lo - h) / 2
            y0, y1, h = y0 - grow, y1 + grow, w * lo
        elif h / w > hi:  # too tall: show more left and right
            grow = (h / hi - w) / 2
            x0, x1, w = x0 - grow, x1 + grow, h / hi
        scale = width / w
        return cls(x0, y1, scale, width, round(h * scale), detail)

    def xy(self, p: geo.Point) -> geo.Point:
        return ((p[0] - self.x0) * self.scale, (self.y1 - p[1]) * self.scale)

    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y1 - self.height / self.scale, self.x0 + self.width / self.scale, self.y1)

    @property
    def tolerance(self) -> float:
        return quantize(self.detail / self.scale)


def clip(ring: list[geo.Point], x0: float, y0: float, x1: float, y1: float) -> list[geo.Point]:
    """Sutherland–Hodgman: the part of a ring inside a rectangle (edges along it are fine for fills)."""
    def cut(pts, inside, meet):
        out = []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(meet(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(meet(prev, cur))
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    pts = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)
    for inside, meet in ((lambda p: p[0] >= x0, at_x(x0)), (lambda p: p[0] <= x1, at_x(x1)),
                         (lambda p: p[1] >= y0, at_y(y0)), (lambda p: p[1] <= y1, at_y(y1))):
        if not pts:
            break
        pts = cut(pts, inside, meet)
    return pts


def path_data(rings: list[list[geo.Point]]) -> str:
    """Rings in view units as compact path data: absolute start, then rounded relative steps."""
    parts = []
    for ring in rings:
        pts = []
        for x, y in ring:
            q = (round(x), round(y))
            if not pts or q != pts[-1]:
                pts.append(q)
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts.pop()
        if len(set(pts)) < 3:
            continue
        d = [f"M{pts[0][0]} {pts[0][1]}l"]
        steps = []
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            steps.append(_pair(bx - ax, by - ay))
        d.append("".join(steps).lstrip(" "))
        parts.append("".join(d) + "z")
    return "".join(parts)


def _pair(dx: int, dy: int) -> str:
    return f"{'' if dx < 0 else ' '}{dx}{'' if dy < 0 else ' '}{dy}"


def view_paths(atlas: Atlas, did: str, view: View, margin: float = 4) -> str:
    rings = []
    for poly in atlas.polygons(did, view.tolerance):
        for ring in poly:
            pts = [view.xy(p) for p in ring]
            if margin is not None:
                pts = clip(pts, -margin, -margin, view.width + margin, view.height + margin)
            if len(pts) >= 3:
                rings.append(pts)
    return path_data(rings)


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


# --- names on the map -----------------------------------------------------------------------------

def area_label(atlas: Atlas, did: str, name: str, view: View) -> str:
    """The district's name where it fits inside its largest polygon: level, split at a hyphen,
    or turned along the shape (a long thin Stadtteil); smaller when nothing fits."""
    polys = atlas.polygons(did, view.tolerance)
    if not polys:
        return ""
    largest = max(polys, key=lambda poly: abs(geo.signed_area(poly[0] + poly[0][:1])))
    shape = [[view.xy(p) for p in r + r[:1]] for r in largest]
    lines = [name]
    if "-" in name:
        head, _sep, tail = name.partition("-")
        lines = [head + "-", tail]
    tries = []  # (how well it fits, size, lines, point, angle); the first that fits wins
    angle = geo.principal_angle(shape[0])
    xs, ys = [p[0] for p in shape[0]], [p[1] for p in shape[0]]
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    turned = [geo.rotate(r, -angle, centre) for r in shape] if abs(angle) > 20 else None
    for size in (LABEL_SIZE, LABEL_SIZE - 2):
        for text in ([name], lines) if len(lines) == 2 else ([name],):
            need = max(len(t) for t in text) * size * 0.62
            height = size * 1.15 * len(text)
            spot, room = geo.label_spot(shape, height)
            tries.append((min(room / need, 1.0), size, text, spot, 0.0))
            if tries[-1][0] >= 1.0:
                break
            if turned:
                spot, room = geo.label_spot(turned, height)
                tries.append((min(room / need, 1.0) - 0.05, size, text, geo.rotate([spot], angle, centre)[0], angle))
                if tries[-1][0] >= 0.95:
                    break
        if max(t[0] for t in tries) >= 0.95:
            break
    fit, size, text, (x, y), angle = max(tries, key=lambda t: (t[0], t[1], -len(t[2]), -abs(t[4])))
    turn = f' transform="rotate({angle:.0f} {x:.0f} {y:.0f})"' if angle else ""
    if len(text) == 1:
        return f'<text x="{x:.0f}" y="{y + size * 0.35:.0f}" font-size="{size}"{turn}>{escape(name)}</text>'
    return (f'<text x="{x:.0f}" y="{y - size * 0.2:.0f}" font-size="{size}"{turn}>'
            f'<tspan x="{x:.0f}">{escape(text[0])}</tspan>'
            f'<tspan x="{x:.0f}" dy="{size * 1.1:.0f}">{escape(text[1])}</tspan></text>')


def near_label(atlas: Atlas, nid: str, name: str, view: View) -> str:
    rings = []
    for poly in atlas.polygons(nid, view.tolerance):
        pts = clip([view.xy(p) for p in poly[0]], 0, 0, view.width, view.height)
        if len(pts) >= 3:
            rings.append(pts + pts[:1])
    if not rings:
        return ""
    ring = max(rings, key=lambda r: abs(geo.signed_area(r)))
    x0, y0, x1, y1 = geo.bbox(ring)
    if (x1 - x0) < len(name) * 7 or (y1 - y0) < 18:
        return ""  # only a sliver of it is in view
    x, y = geo.label_point([ring])
    return f'<text x="{x:.0f}" y="{y + 4:.0f}" font-size="13" class="ww-map__nearname">{escape(name)}</text>'
