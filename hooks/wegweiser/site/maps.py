"""Maps drawn at build time as small inline SVG: no tile server, no script, nothing fetched at view time.

- /stadtteile/: the city, every Stadtteil a labelled link, shaded by offers per 1,000 children (or
  by need class where staff publish it); the table on that page is the text alternative.
- /stadtteile/<id>/: the Stadtteil and its neighbours, the offers' places as markers linking to them.
- /angebote/<id>/: a small locator map of each place in its Stadtteil.

The borders, views and path data are drawn by mapdraw.py; this module decides what the maps show
(shading, markers, captions) and hands them to the pages. An offer page only adds a marker to its
Stadtteil's precomputed locator: per-page work does not grow with the directory.
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
from .mapdraw import Atlas, View, area_label, near_label, overlaps, view_paths
from .pages import Site, SiteSettings, offer_url

CITY_WIDTH = 440
MARKER = 10  # radius of an offer's marker on a Stadtteil map, in view units
DISTRICT_WIDTH = 400
LOCATOR_WIDTH = 200
CLASSES = 5


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
            labels.append(area_label(self.atlas, did, self.directory.districts[did].name, view))
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
        labels = "".join(near_label(self.atlas, nid, self.directory.districts[nid].name, view)
                         for nid in shown if nid != did)
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
