"""Maps drawn at build time as small inline SVG: no tile server, no script, nothing fetched at view time.

- /stadtteile/: the city, every Stadtteil a labelled link, shaded by offers per 1,000 children (or
  by need class where staff publish it); the table on that page is the text alternative.
- /stadtteile/<id>/: the Stadtteil and its neighbours, the offers' places as markers linking to them.
- /angebote/<id>/: a small locator map of each place in its Stadtteil.

Borders are projected (Web Mercator) and split into arcs shared by neighbours once; each arc is
simplified once per scale, so neighbouring Stadtteile keep a common border without gaps. An offer
page only adds a marker to its Stadtteil's precomputed locator: per-page work does not grow with
the directory.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from ..model import geo
from ..model import ConfigError, Directory, Offer
from . import i18n
from .i18n import _
from .pages import Site, SiteSettings, offer_url

CITY_WIDTH = 440
LABEL_SIZE = 13
MARKER = 10  # radius of an offer's marker on a Stadtteil map, in view units
DISTRICT_WIDTH = 400
LOCATOR_WIDTH = 200
TOLERANCE = 0.7  # view units: what simplification may move a border (the stroke covers it)
CLASSES = 5


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


# --- what the maps show ---------------------------------------------------------------------------

def number_de(value: float, digits: int = 1) -> str:
    """A number as the page's language writes it (German: 1.234,5)."""
    return format_decimal(round(value, digits), format=f"#,##0.{'0' * digits}" if digits else "#,##0",
                          locale=i18n.current())


def class_breaks(values: list[float], classes: int = CLASSES) -> list[float]:
    """Upper bounds (exclusive) of all classes but the last: quantiles, rounded to 2 significant digits."""
    values = sorted(values)
    if len(values) < 2:
        return []
    breaks = []
    for k in range(1, classes):
        q = values[k * len(values) // classes]
        b = float(f"{q:.2g}") if q else 0.0
        if b > values[0] and (not breaks or b > breaks[-1]):
            breaks.append(b)
    return breaks


def shade(value: float, breaks: list[float]) -> int:
    """Class 1..len(breaks)+1 of a value."""
    return 1 + sum(value >= b for b in breaks)


@dataclass(frozen=True)
class Shading:
    title: str  # what the colours mean
    column: str  # the table column's heading
    classes: dict[str, int]  # district id -> class (0 = no value)
    legend: list[tuple[int, str]]  # (class, text)
    texts: dict[str, str]  # district id -> the value in words (for the map's link labels)
    values: dict[str, str]  # district id -> the value alone (for the table)
    steps: int  # number of classes with a value


def offers_per_children(directory: Directory, counts: dict[str, int]) -> Shading:
    rates = {did: counts[did] / d.population_under_18 * 1000 for did, d in directory.districts.items()
             if d.population_under_18}
    breaks = class_breaks(list(rates.values()))
    classes = {did: shade(rates[did], breaks) if did in rates else 0 for did in directory.districts}
    bounds = [0.0] + breaks
    steps = len(breaks) + 1
    scale = _spread(steps)
    legend = []
    for i in range(steps):
        if i == 0 and steps > 1:
            text = _("unter %(n)s") % {"n": number_de(breaks[0])}
        elif i == steps - 1:
            text = (_("ab %(n)s") % {"n": number_de(bounds[i])} if steps > 1 else
                    _("%(from)s bis %(to)s") % {"from": number_de(min(rates.values())),
                                                "to": number_de(max(rates.values()))})
        else:
            text = _("%(from)s bis unter %(to)s") % {"from": number_de(bounds[i]), "to": number_de(bounds[i + 1])}
        legend.append((scale[i], text))
    if len(rates) < len(directory.districts):
        legend.append((0, _("keine Einwohnerzahl")))
    texts = {did: _("%(n)s je 1.000 Kinder und Jugendliche") % {"n": number_de(r)} for did, r in rates.items()}
    return Shading(_("Angebote vor Ort je 1.000 Kinder und Jugendliche (unter 18 Jahren)"), _("je 1.000 Kinder"),
                   {did: scale[c - 1] if c else 0 for did, c in classes.items()}, legend, texts,
                   {did: number_de(r) for did, r in rates.items()}, steps)


def need_classes(directory: Directory) -> Shading:
    shown = {did: d.need_index for did, d in directory.districts.items() if d.publish_need_index and d.need_index}
    legend = [(v, (_("Bedarfsklasse %(n)s (niedriger Bedarf)") if v == 1 else
                   _("Bedarfsklasse %(n)s (hoher Bedarf)") if v == 5 else _("Bedarfsklasse %(n)s")) % {"n": v})
              for v in range(1, 6)]
    if len(shown) < len(directory.districts):
        legend.append((0, _("nicht veröffentlicht")))
    return Shading(_("Bedarfsklasse des Stadtteils (1 = niedriger, 5 = hoher Bedarf)"), _("Bedarfsklasse"),
                   {did: shown.get(did, 0) for did in directory.districts}, legend,
                   {did: _("Bedarfsklasse %(n)s von 5") % {"n": v} for did, v in shown.items()},
                   {did: str(v) for did, v in shown.items()}, 5)


def _spread(steps: int) -> list[int]:
    """Colour classes 1..5 spread over fewer steps, so two classes are light and dark, not 1 and 2."""
    if steps <= 1:
        return [3]
    return [1 + round(i * (CLASSES - 1) / (steps - 1)) for i in range(steps)]


# --- the feature --------------------------------------------------------------------------------

class Maps:
    """Everything the three map kinds need, computed once per build."""

    def __init__(self, directory: Directory, settings: SiteSettings):
        if settings.map_shading not in ("offers", "need"):
            raise ConfigError(f"map_shading: „{settings.map_shading}“ gibt es nicht. Erlaubt sind „offers“ "
                              "(Angebote je 1.000 Kinder) und „need“ (Bedarfsklasse, wo veröffentlicht).")
        self.directory = directory
        self.atlas = Atlas({did: a for did, a in directory.areas.items() if did in directory.districts})
        published = directory.published
        # offers on site per Stadtteil, as pages.serves() counts them, in one pass over the offers
        self.counts = {did: 0 for did in directory.districts}
        for o in published:
            if not o.citywide:
                for did in set(o.districts) | {loc.district for loc in o.locations}:
                    if did in self.counts:
                        self.counts[did] += 1
        self.shading_kind = settings.map_shading
        self._shadings: dict[str, Shading] = {}
        # the offers' places per Stadtteil, for the markers (one pass over all offers)
        self.places: dict[str, list[tuple[Offer, int]]] = {did: [] for did in directory.districts}
        for o in published:
            for i, loc in enumerate(o.locations):
                if loc.located and loc.district in self.places:
                    self.places[loc.district].append((o, i))
        self.sizes: dict[str, int] = {}  # map name -> bytes, for the build report
        self._district_maps: dict[tuple[str, str, str], Markup] = {}
        self._locators: dict[str, tuple[View, str] | None] = {}

    @property
    def shading(self) -> Shading:
        """The city map's colours and their words, in the language of the page being made."""
        lang = i18n.current()
        if lang not in self._shadings:
            self._shadings[lang] = (need_classes(self.directory) if self.shading_kind == "need"
                                    else offers_per_children(self.directory, self.counts))
        return self._shadings[lang]

    # /stadtteile/
    def city_map(self, base: str) -> Markup:
        ids = [did for did in self.directory.districts if self.atlas.shapes.get(did)]
        if not ids:
            return Markup("")
        box = geo.bbox(p for did in ids for p in ((self.atlas.boxes[did][0], self.atlas.boxes[did][1]),
                                                  (self.atlas.boxes[did][2], self.atlas.boxes[did][3])))
        view = View.fit(box, CITY_WIDTH, 0.02, aspect=(0.4, 2.0))
        areas, labels = [], []
        for did in ids:
            d = self.directory.districts[did]
            label = f"{d.name}: {_offers(self.counts[did])}"
            if did in self.shading.texts:
                label += f", {self.shading.texts[did]}"
            areas.append(f'<a href="{escape(base)}stadtteile/{escape(did)}/" aria-label="{escape(label)}" '
                         f'class="ww-map__area ww-map__c{self.shading.classes[did]}">'
                         f'<path d="{view_paths(self.atlas, did, view, None)}"/></a>')
            labels.append(self._label(did, view))
        svg = (f'<svg class="ww-map__svg" viewBox="0 0 {view.width} {view.height}" role="group" '
               f'aria-labelledby="karte-titel">{"".join(areas)}'
               f'<g class="ww-map__labels" aria-hidden="true">{"".join(labels)}</g></svg>')
        legend = "".join(f'<li><span class="ww-swatch ww-map__c{c}" aria-hidden="true"></span>{escape(t)}</li>'
                         for c, t in self.shading.legend)
        # (translated outside the f-strings: pybabel does not look inside them)
        caption = " ".join((_("Karte der Stadtteile: %(title)s.") % {"title": self.shading.title},
                            _("Tippen Sie auf einen Stadtteil, um seine Seite zu öffnen. Die Tabelle unten nennt "
                              "dieselben Zahlen.")))
        legend_label = _("Legende")
        html = (f'<figure class="ww-map ww-map--city">'
                f'<figcaption id="karte-titel">{escape(caption)}'
                f'</figcaption>{svg}<ul class="ww-legend" aria-label="{escape(legend_label)}">{legend}</ul></figure>')
        self.sizes["stadtteile"] = len(svg.encode())
        return Markup(html)

    def _label(self, did: str, view: View) -> str:
        """The district's name where it fits inside its largest polygon: level, split at a hyphen,
        or turned along the shape (a long thin Stadtteil); smaller when nothing fits."""
        polys = self.atlas.polygons(did, view.tolerance)
        if not polys:
            return ""
        largest = max(polys, key=lambda poly: abs(geo.signed_area(poly[0] + poly[0][:1])))
        shape = [[view.xy(p) for p in r + r[:1]] for r in largest]
        name = self.directory.districts[did].name
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

    # /stadtteile/<id>/
    def district_map(self, did: str, base: str) -> Markup:
        key = (did, base, i18n.current())
        if key not in self._district_maps:
            self._district_maps[key] = self._district_map(did, base)
        return self._district_maps[key]

    def _district_map(self, did: str, base: str) -> Markup:
        if not self.atlas.shapes.get(did):
            return Markup("")
        district = self.directory.districts[did]
        view = View.fit(self.atlas.boxes[did], DISTRICT_WIDTH, 0.12, aspect=(0.6, 1.3))
        shown = self._around(did, view)
        neighbours = []
        for nid in shown:
            if nid == did:
                continue
            label = _("Nachbarstadtteil %(name)s") % {"name": self.directory.districts[nid].name}
            neighbours.append(f'<a href="{escape(base)}stadtteile/{escape(nid)}/" aria-label="'
                              f'{escape(label)}" class="ww-map__area ww-map__near"><path d="'
                              f'{view_paths(self.atlas, nid, view)}"/></a>')
        here = f'<path class="ww-map__here" d="{view_paths(self.atlas, did, view)}"/>'
        markers = self._markers(did, view, base)
        labels = "".join(self._near_label(nid, view) for nid in shown if nid != did)
        count = len(markers)
        svg = (f'<svg class="ww-map__svg" viewBox="0 0 {view.width} {view.height}" role="group" '
               f'aria-labelledby="karte-titel">{"".join(neighbours)}{here}'
               f'<g class="ww-map__labels" aria-hidden="true">{labels}</g>{"".join(markers)}</svg>')
        caption = escape(i18n.ngettext(
            "Karte: %(district)s (hervorgehoben) und Nachbarstadtteile, mit %(num)s Ort von Angeboten. Tippen Sie auf "
            "einen Punkt, um das Angebot zu öffnen.",
            "Karte: %(district)s (hervorgehoben) und Nachbarstadtteile, mit %(num)s Orten von Angeboten. Tippen Sie "
            "auf einen Punkt, um das Angebot zu öffnen.", count) % {"district": district.name, "num": count}
            if count else _("Karte: %(district)s (hervorgehoben) und Nachbarstadtteile.") % {"district": district.name})
        skip_text = _("Karte überspringen")
        skip = (f'<a class="ww-skip" href="#angebote">{escape(skip_text)}</a>' if count else "")
        self.sizes[f"stadtteile/{did}"] = len(svg.encode())
        return Markup(f'<figure class="ww-map ww-map--district">{skip}'
                      f'<figcaption id="karte-titel">{caption}</figcaption>{svg}</figure>')

    def _around(self, did: str, view: View) -> list[str]:
        """Districts in view: the neighbours named in the files and any other border in sight."""
        box = view.box()
        return [nid for nid in self.directory.districts
                if nid in self.atlas.boxes and overlaps(self.atlas.boxes[nid], box)]

    def _near_label(self, nid: str, view: View) -> str:
        rings = []
        for poly in self.atlas.polygons(nid, view.tolerance):
            pts = clip([view.xy(p) for p in poly[0]], 0, 0, view.width, view.height)
            if len(pts) >= 3:
                rings.append(pts + pts[:1])
        if not rings:
            return ""
        ring = max(rings, key=lambda r: abs(geo.signed_area(r)))
        x0, y0, x1, y1 = geo.bbox(ring)
        name = self.directory.districts[nid].name
        if (x1 - x0) < len(name) * 7 or (y1 - y0) < 18:
            return ""  # only a sliver of it is in view
        x, y = geo.label_point([ring])
        return f'<text x="{x:.0f}" y="{y + 4:.0f}" font-size="13" class="ww-map__nearname">{escape(name)}</text>'

    def _markers(self, did: str, view: View, base: str) -> list[str]:
        """A marker per place of each offer; markers that would overlap sit in a ring around their
        middle, so each stays a link of its own that a finger can hit."""
        clusters: list[list] = []  # [x, y, [(offer, location index)]]
        for o, i in self.places[did]:
            loc = o.locations[i]
            x, y = view.xy(geo.mercator(loc.lon, loc.lat))
            if not (0 <= x <= view.width and 0 <= y <= view.height):
                continue
            near = next((c for c in clusters if math.hypot(c[0] - x, c[1] - y) < 2 * MARKER + 2), None)
            if near is None:
                clusters.append([x, y, [(o, i)]])
            else:
                near[2].append((o, i))
        out = []
        for x, y, members in sorted(clusters, key=lambda c: (round(c[1]), round(c[0]))):
            n = len(members)
            spread = (MARKER + 1.5) / math.sin(math.pi / n) if n > 1 else 0.0
            for k, (o, i) in enumerate(members):
                angle = 2 * math.pi * k / n
                cx, cy = x + spread * math.sin(angle), y - spread * math.cos(angle)
                loc = o.locations[i]
                out.append(f'<a href="{escape(base)}{offer_url(o)}" class="ww-map__marker" aria-label="'
                           f'{escape(o.name)}, {escape(loc.name)}"><circle cx="{cx:.0f}" cy="{cy:.0f}" '
                           f'r="{MARKER}"/></a>')
        return out

    # /angebote/<id>/
    def _locator_base(self, did: str) -> tuple[View, str] | None:
        if did not in self._locators:
            self._locators[did] = self._draw_locator_base(did)
        return self._locators[did]

    def _draw_locator_base(self, did: str) -> tuple[View, str] | None:
        if not self.atlas.shapes.get(did):
            return None
        # a thumbnail: coarser borders than the big maps, it only has to show where in the Stadtteil
        view = View.fit(self.atlas.boxes[did], LOCATOR_WIDTH, 0.25, aspect=(0.7, 1.2), detail=1.5)
        near = "".join(f'<path class="ww-map__near" d="{view_paths(self.atlas, nid, view)}"/>'
                       for nid in self._around(did, view) if nid != did)
        return view, f'{near}<path class="ww-map__here" d="{view_paths(self.atlas, did, view)}"/>'

    def locator_map(self, offer: Offer, index: int) -> Markup:
        loc = offer.locations[index]
        if not loc.located:
            return Markup("")
        found = self._locator_base(loc.district)
        if found is None:
            return Markup("")
        view, shapes = found
        x, y = view.xy(geo.mercator(loc.lon, loc.lat))
        if not (0 <= x <= view.width and 0 <= y <= view.height):
            return Markup("")  # the place lies outside its Stadtteil (a warning in check)
        name = self.directory.districts[loc.district].name
        where = _("Lage von %(place)s im Stadtteil %(district)s") % {"place": loc.name, "district": name}
        caption = _("Lage im Stadtteil %(district)s") % {"district": name}
        svg = (f'<svg class="ww-map__svg" viewBox="0 0 {view.width} {view.height}" role="img" '
               f'aria-label="{escape(where)}">{shapes}'
               f'<circle class="ww-map__pin" cx="{x:.0f}" cy="{y:.0f}" r="7"/></svg>')
        return Markup(f'<figure class="ww-map ww-map--locator">{svg}'
                      f'<figcaption>{escape(caption)}</figcaption></figure>')


def _offers(n: int) -> str:
    return i18n.ngettext("%(n)s Angebot", "%(n)s Angebote", n) % {"n": n}


def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    if not directory.areas:
        return
    maps = Maps(directory, settings)
    site.template_globals.update(
        city_map=maps.city_map, district_map=maps.district_map, locator_map=maps.locator_map,
        map_shading=maps.shading, map_counts=maps.counts, maps=maps)
