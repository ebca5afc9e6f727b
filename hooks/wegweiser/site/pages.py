"""Which pages the site has and what each shows: pure functions of the directory.

URLs are built from ids, which are permanent, so links from outside keep working:
  /                          start page
  /lebensphasen/<stage>/     a life stage: its Stadtteile (links) and its city-wide offers (one line each)
  /lebensphasen/<stage>/<district>/   the offers of a life stage for one Stadtteil, as cards
  /stadtteile/<district>/    profile, offers by life stage, offers nearby
  /angebote/<id>/            one offer
  /suche/                    the finder
"""
from __future__ import annotations

import dataclasses
import io
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from ..model import ConfigError, Directory, District, Offer
from . import i18n
from .i18n import _
from .repository import Repository


@dataclass(frozen=True)
class SiteSettings:
    content: str = "content"
    city: str = "Gelsenkirchen"
    report_email: str = ""  # where "Fehler melden" writes to
    # where the content files live: edit links and the form's submit routes (repository.py)
    repository: Repository | None = None
    planning: bool = True
    map_shading: str = "offers"  # the city map's colours: "offers" (per 1,000 children) or "need"
    state: str = "Nordrhein-Westfalen"  # Bundesland, for addresses in the open data
    data_licence: str = ""  # the licence of the open data, as the city decides it
    data_licence_url: str = ""
    precompress: bool = False  # write .gz siblings of text files for gzip_static (site/precompress.py)
    # A local preview (mkdocs serve) is never published: staff views may show what a build keeps
    # off the public site (need classes without publish_need_index). Set by the engine, not by config.
    preview: bool = False
    # The site's languages: the first is the source (German, at /), each other one under /<code>/.
    languages: tuple[str, ...] = ("de",)

    @classmethod
    def from_config(cls, extra: dict, site_name: str = "") -> "SiteSettings":
        names = ("content", "city", "report_email", "planning", "state", "data_licence",
                 "data_licence_url", "map_shading", "precompress")
        known = {k: extra[k] for k in names if k in extra}
        if "languages" in extra:
            known["languages"] = _languages(extra["languages"])
        if "edit_url" in extra:
            raise ConfigError("extra.wegweiser.edit_url gibt es nicht mehr. Tragen Sie stattdessen das "
                              "Repository ein: repository: {host: github, url: https://github.com/STADT/"
                              "wegweiser, branch: main}; daraus entstehen die Links „Angaben ändern“.")
        return cls(**known, repository=Repository.from_config(extra.get("repository")))


def _languages(value) -> tuple[str, ...]:
    codes = list(value) if isinstance(value, (list, tuple)) else None
    if not codes or codes[0] != i18n.SOURCE or any(not isinstance(c, str) or c not in i18n.KNOWN for c in codes) \
            or len(set(codes)) != len(codes):
        raise ConfigError("mkdocs.yml: extra.wegweiser.languages: Erwartet wird eine Liste von Sprachen, die mit "
                          f"„de“ beginnt, jede einmal, aus: {', '.join(i18n.KNOWN)}. Gefunden: {value!r}.")
    return tuple(codes)


@dataclass
class PageSpec:
    src_uri: str  # e.g. "angebote/krabbelgruppe-erle/index.md"
    title: str  # plain text; escaped wherever it is shown
    template: str  # in overrides/wegweiser/
    context: dict = field(default_factory=dict)
    description: str = ""
    in_nav: bool = False
    hide: tuple[str, ...] = ("navigation", "toc")  # the tabs are the navigation; pages use the width
    markdown_placeholder: str = ""
    robots: str = ""  # e.g. "noindex" for staff pages
    lang: str = i18n.SOURCE  # the page's language; its src_uri starts with the language's prefix
    german_only: bool = False  # a page whose content exists only in German, inside another language's site
    copies: bool = True  # a feature's page the other languages show too (German text in their frame)

    @property
    def url(self) -> str:
        return self.src_uri.removesuffix("index.md")


@dataclass
class Site:
    pages: list[PageSpec]
    # generated files: uri -> content, or the file in `spool` that holds it
    assets: dict[str, bytes | Path] = field(default_factory=dict)
    # functions and values the page templates may call, added by features (maps, finder, …)
    template_globals: dict = field(default_factory=dict)
    # for a function among them whose result depends on more than its arguments: a value that
    # changes whenever its results may (`mkdocs serve --dirty` rebuilds the pages that call it then),
    # or a function giving that value once all features have added their files
    global_keys: dict = field(default_factory=dict)
    # open-data files for the download page, in the order they are registered
    downloads: list["Download"] = field(default_factory=list)
    # generated files that redirect an old address (site/redirects.py): the only ones with a refresh
    redirects: set[str] = field(default_factory=set)
    # A folder for the generated files (the engine gives one; None: keep them in memory, as the
    # tests that look at one file do). A big directory's exports are hundreds of MB: on disk, a build
    # holds none of them, and a feature that writes through `writer` never holds a whole one.
    spool: Path | None = None
    # What features keep for the next build of this process (`mkdocs serve` rebuilds): feature name
    # -> what it kept, e.g. per-offer results with the inputs they were made from; a feature reuses
    # only what all of its inputs prove unchanged. None for every other build: nothing is kept.
    reuse: dict | None = None

    @contextmanager
    def writer(self, uri: str):
        """A binary file to write the asset `uri` into: in the spool, or in memory without one."""
        if self.spool is None:
            buffer = io.BytesIO()
            yield buffer
            self.assets[uri] = buffer.getvalue()
            return
        path = self.spool / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as out:
            yield out
        self.assets[uri] = path

    def spill(self) -> None:
        """Move every asset still held in memory into the spool (no-op without one)."""
        if self.spool is None:
            return
        for uri, content in self.assets.items():
            if not isinstance(content, Path):
                path = self.spool / uri
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                self.assets[uri] = path

    def asset_size(self, uri: str) -> int:
        content = self.assets[uri]
        return os.stat(content).st_size if isinstance(content, Path) else len(content)

    def asset_bytes(self, uri: str) -> bytes:
        content = self.assets[uri]
        return content.read_bytes() if isinstance(content, Path) else content


@dataclass(frozen=True)
class Download:
    path: str  # site-relative, e.g. "offers.csv" or "hsds/service.json"
    title: str  # German
    description: str  # German: what is in it and who it is for
    format: str  # "CSV", "GeoJSON", "JSON (HSDS 3.0)"


def offer_url(offer: Offer) -> str:
    return f"angebote/{offer.id}/"


def serves(offer: Offer, district_id: str) -> bool:
    """Whether families of a Stadtteil are named by the offer, or it takes place there."""
    return district_id in offer.districts or any(loc.district == district_id for loc in offer.locations)


def group_by_district(offers: list[Offer], districts: dict[str, District]) -> list[tuple[District | None, list[Offer]]]:
    """City-wide offers first (district None), then each Stadtteil with the offers it is served by."""
    citywide = [o for o in offers if o.citywide]
    groups: list[tuple[District | None, list[Offer]]] = [(None, citywide)] if citywide else []
    local = [o for o in offers if not o.citywide]
    by_district: dict[str, list[Offer]] = {d: [] for d in districts}
    for o in local:
        for did in dict.fromkeys(list(o.districts) + [loc.district for loc in o.locations]):
            if did in by_district:
                by_district[did].append(o)
    groups += [(districts[d], by_district[d]) for d in districts if by_district[d]]
    return groups


def local_first(offers: list[Offer], district_id: str) -> list[Offer]:
    """Held in the Stadtteil first, then those serving it from elsewhere; paused ones last."""
    return sorted(offers, key=lambda o: (o.status == "paused",
                                         not any(loc.district == district_id for loc in o.locations)))


def stage_view(stage, offers: list[Offer], directory: Directory) -> tuple[dict, list[tuple[District, list[Offer]]]]:
    """The stage page's context, and the (Stadtteil, local offers) pairs that get a page of their own.

    Each offer appears once on the stage page: the city-wide ones as a line each, the local ones
    behind a link per Stadtteil. So the page grows with the city-wide offers alone, a line each,
    and a stage × Stadtteil page with the offers of one Stadtteil (bounded at any size of directory).
    """
    groups = group_by_district(offers, directory.districts)
    citywide = groups[0][1] if groups and groups[0][0] is None else []
    local = [(d, local_first(o, d.id)) for d, o in groups if d is not None]
    context = {"stage": stage, "count": len(offers), "citywide": citywide,
               "districts": [(d, len(o)) for d, o in local]}
    return context, local


def by_stage(offers: list[Offer], stages: list[str]) -> dict[str, list[Offer]]:
    out: dict[str, list[Offer]] = {s: [] for s in stages}
    for o in offers:
        for s in o.life_stages:
            out[s].append(o)
    return out


@dataclass(frozen=True)
class DistrictIndex:
    """Local (not city-wide) offers per Stadtteil, in the directory's order, built in one pass.

    Asking every district for its offers by scanning all offers would grow with districts × offers.
    """
    serving: dict[str, list[Offer]]  # named in `districts` or located there (what `serves` says)
    located: dict[str, list[Offer]]  # with a location there
    citywide_count: int

    @classmethod
    def of(cls, offers: list[Offer]) -> "DistrictIndex":
        serving: dict[str, list[Offer]] = {}
        located: dict[str, list[Offer]] = {}
        citywide = 0
        for o in offers:
            if o.citywide:
                citywide += 1
                continue
            places = [loc.district for loc in o.locations]
            for did in dict.fromkeys(list(o.districts) + places):
                serving.setdefault(did, []).append(o)
            for did in dict.fromkeys(places):
                located.setdefault(did, []).append(o)
        return cls(serving, located, citywide)


# A Stadtteil page shows this many cards per life stage and names per neighbour, then links the full
# list (the stage × Stadtteil page, the neighbour's page): at 50,000 offers it was 0.9 MB otherwise.
CARDS_PER_STAGE = 12
NEARBY_SHOWN = 20


def district_view(directory: Directory, district: District, index: DistrictIndex | None = None) -> dict:
    index = index or DistrictIndex.of(directory.published)
    stages = directory.vocabulary.life_stage_codes
    local = index.serving.get(district.id, [])
    ids = {o.id for o in local}
    nearby = []
    for nid in district.neighbours:
        neighbour = directory.districts.get(nid)
        if neighbour is None:
            continue
        offers = [o for o in index.located.get(nid, []) if o.id not in ids]
        nearby.append((neighbour, offers))
    return {"district": district, "by_stage": by_stage(local, stages), "local_count": len(local),
            "nearby": nearby, "citywide_count": index.citywide_count,
            "cards_shown": CARDS_PER_STAGE, "nearby_shown": NEARBY_SHOWN}


def core_pages(directory: Directory, settings: SiteSettings, lang: str) -> list[PageSpec]:
    """The pages of one language (run with that language active: titles are translated)."""
    vocab = directory.vocabulary
    published = directory.published
    prefix = i18n.language(lang).prefix
    stages = by_stage(published, vocab.life_stage_codes)
    index = DistrictIndex.of(published)
    district_counts = {d: len(index.serving.get(d, ())) for d in directory.districts}
    city = {"city": settings.city}
    pages = [
        PageSpec("index.md", _("Wegweiser für Familien in %(city)s") % city, "home.html",
                 {"stage_counts": {s: len(v) for s, v in stages.items()},
                  "district_counts": district_counts, "total": len(published)},
                 description=_("Angebote für Familien in %(city)s: von der Schwangerschaft bis zum Beruf.")
                 % city, in_nav=True),
        PageSpec("lebensphasen/index.md", _("Lebensphasen"), "stages.html",
                 {"stage_counts": {s: len(v) for s, v in stages.items()}},
                 description=_("Angebote nach dem Alter Ihres Kindes."), in_nav=True),
        PageSpec("stadtteile/index.md", _("Stadtteile"), "districts.html",
                 {"district_counts": district_counts},
                 description=_("Die Stadtteile von %(city)s und ihre Angebote.") % city, in_nav=True),
        PageSpec("suche/index.md", _("Angebote finden"), "search.html",
                 {"stage_counts": {s: len(v) for s, v in stages.items()}, "district_counts": district_counts},
                 description=_("Angebote suchen und filtern."), in_nav=True),
    ]
    for stage in vocab.life_stages:
        offers = stages[stage.code]
        label = vocab.label("life_stages", stage.code, lang)
        context, local = stage_view(stage, offers, directory)
        pages.append(PageSpec(f"lebensphasen/{stage.code}/index.md", label, "stage.html", context,
                              description=i18n.ngettext("%(n)s Angebot für die Lebensphase %(stage)s.",
                                                        "%(n)s Angebote für die Lebensphase %(stage)s.",
                                                        len(offers)) % {"n": len(offers), "stage": label}))
        served = {d.id for d, _o in local}
        for district, here in local:
            near = [directory.districts[n] for n in district.neighbours if n in served]
            where = {"stage": label, "district": district.name}
            pages.append(PageSpec(
                f"lebensphasen/{stage.code}/{district.id}/index.md", _("%(stage)s in %(district)s") % where,
                "stage_district.html",
                {"stage": stage, "district": district, "listed": here, "near": near,
                 "citywide_count": len(context["citywide"])},
                description=i18n.ngettext("%(n)s Angebot für die Lebensphase %(stage)s in %(district)s.",
                                          "%(n)s Angebote für die Lebensphase %(stage)s in %(district)s.",
                                          len(here)) % {"n": len(here), **where}))
    for district in directory.districts.values():
        pages.append(PageSpec(f"stadtteile/{district.id}/index.md", district.name, "district.html",
                              district_view(directory, district, index),
                              description=_("Angebote für Familien in %(district)s.") % {"district": district.name}))
    for offer in published:
        pages.append(PageSpec(f"angebote/{offer.id}/index.md", offer.name, "offer.html", {"offer": offer},
                              description=offer.summary))
    for spec in pages:
        spec.src_uri = prefix + spec.src_uri
        spec.lang = lang
    return pages


def build_site(directory: Directory, settings: SiteSettings, extensions=(), spool: Path | None = None,
               reuse: dict | None = None) -> Site:
    """The core pages in every language, then each feature's additions: ``extend(directory, settings, site)``.

    ``spool``: an empty folder for the generated files; each feature's files go there as soon as it
    has run (or while it runs, through ``Site.writer``), so the build never holds them all.
    ``reuse``: `Site.reuse`, the same dict for every rebuild of one `mkdocs serve` (else None).

    Features add German pages; their public ones (not the staff views, which are noindex) appear in
    the other languages too, with German content inside that language's navigation.
    """
    pages = []
    for lang in settings.languages:
        with i18n.activate(lang):
            pages += core_pages(directory, settings, lang)
    site = Site(pages, spool=spool, reuse=reuse)
    core = len(pages)
    for extend in extensions:
        extend(directory, settings, site)
        site.spill()
    for spec in site.pages[core:]:
        if spec.robots or not spec.copies or spec.lang != i18n.SOURCE:  # staff views (noindex): German only
            continue
        for lang in settings.languages[1:]:
            site.pages.append(dataclasses.replace(spec, src_uri=i18n.language(lang).prefix + spec.src_uri,
                                                  lang=lang, german_only=True))
    return site
