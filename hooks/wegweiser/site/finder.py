"""The finder's files (/suche/): facets, card texts, places, the split index and lunr.

Every language has its own set (`<prefix>suche/<hash>/`): the index holds that language's labels
and synonyms and the translated offer texts, the facets and cards its words. lunr is shared, with
the stemmer of the language where it has one (search.SNOWBALL).

What a phone fetches before the first result is kept small: the facets (numbers only) and the word
list are preloaded in <head>; the card texts come in chunks of CARD_CHUNK offers, fetched for the
results on screen; the index postings only for the words typed (search.index_files); the places only
when the family asks for distances. Everything sits in a folder named by a hash of its content
(`suche/<hash>/`), so a browser may cache it for good.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import re
from pathlib import Path

import rjsmin
from babel import Locale

from ..content.markup import link_scheme
from ..model import Directory, Offer
from . import i18n
from .i18n import N_, _
from .pages import Site, SiteSettings
from .render import delivery_label, shown_text
from .scan import BAD_SCHEMES
from .search import SNOWBALL, index_files, split_keys
from .when import DAY_CODES, DAY_SHORT, calendar_data, finder_blocks, schedule_summary

# lunr and the language's stemmer from the installed mkdocs package, in this order, minified into
# one file (one request instead of three on a slow connection)
LUNR_JS = "contrib/search/templates/search/lunr.js"
LUNR_SUPPORT = "contrib/search/lunr-language/lunr.stemmer.support.js"


def lunr_sources(lang: str) -> tuple[str, ...]:
    if lang not in SNOWBALL:
        return (LUNR_JS,)
    return LUNR_JS, LUNR_SUPPORT, f"contrib/search/lunr-language/lunr.{lang}.js"


def lunr_uri(lang: str) -> str:
    return f"suche/lunr/lunr-{lang}.min.js" if lang in SNOWBALL else "suche/lunr/lunr.min.js"


LUNR_URI = lunr_uri("de")
CARD_CHUNK = 64  # offers per card-text file: the first results of a search touch only a few
PRELOAD_CHUNKS = 4  # a directory of at most this many chunks preloads them all with the facets
ART = {"vor_ort": N_("vor Ort"), "online": N_("online"), "telefon": N_("am Telefon"),
       "aufsuchend": N_("aufsuchend (bei Ihnen zu Hause)")}


def where_text(offer: Offer, directory: Directory) -> str:
    """What the card says under "Wo" (the `where` macro in _card.html), in the active language."""
    places: list[str] = []
    for loc in offer.locations:
        d = directory.districts.get(loc.district)
        name = d.name if d else _("ganze Stadt")
        if name not in places:
            places.append(name)
    ways = [delivery_label(d) for d in offer.delivery if d != "vor_ort"]
    text = ", ".join(places + ways)
    return text + (" (" + _("ganze Stadt") + ")" if offer.citywide and not places else "")


def offer_facets(offer: Offer, directory: Directory, pos: dict[str, dict[str, int]]) -> dict:
    """What the finder filters, counts and orders by: numbers only, so the file stays small."""
    vocab = directory.vocabulary
    served = dict.fromkeys([d for d in offer.districts if d in pos["districts"]]
                           + [loc.district for loc in offer.locations if loc.district in pos["districts"]])
    row: dict = {
        "st": [pos["stages"][s] for s in offer.life_stages],
        "d": [pos["districts"][d] for d in served],
        "ld": sorted({pos["districts"][loc.district] for loc in offer.locations
                      if loc.district in pos["districts"]}),
        "c": [pos["categories"][c] for c in offer.categories],
        "la": [pos["languages"][lang] for lang in offer.languages],
        "dl": [pos["delivery"][d] for d in offer.delivery],
    }
    if offer.cost_free:
        row["f"] = 1
    if offer.status == "paused":
        row["ps"] = 1
    if offer.citywide:
        row["cw"] = 1
    if offer.age_min is not None:
        row["a"] = [offer.age_min, offer.age_max]
    if any(set(loc.accessibility) & vocab.barrierefrei for loc in offer.locations):
        row["bf"] = 1
    if offer.schedule:
        row["sc"] = finder_blocks(offer)
    if offer.valid_from and offer.valid_from > directory.today:
        row["vf"] = offer.valid_from.isoformat()
    if offer.valid_until:
        row["vu"] = offer.valid_until.isoformat()
    return row


def card_text(offer: Offer, directory: Directory) -> dict:
    """The text of a result card (overrides/wegweiser/_card.html draws the same card), in the
    active language: a translated name and summary where someone wrote them."""
    text = shown_text(offer, directory, i18n.current())
    row = {"id": offer.id, "n": text.name, "s": text.summary, "p": offer.provider,
           "w": where_text(offer, directory),
           "t": schedule_summary(offer) if offer.schedule else ""}
    if offer.schedule_note:
        row["tn"] = offer.schedule_note  # the provider's German, marked so on other languages' cards
    if text.translated:
        row["tl"] = text.lang  # the card's name and summary are in the page's language
    if not offer.cost_free and offer.cost_note:
        row["k"] = offer.cost_note
    return row


def places(directory: Directory) -> list:
    """Per offer its locations [[lat, lon], ...] (or null): only for sorting by distance."""
    return [[[round(loc.lat, 5), round(loc.lon, 5)] for loc in o.locations if loc.located] or None
            for o in directory.published]


def facet_data(directory: Directory) -> dict:
    """The vocabulary tables in the active language (languages are named in German on German
    pages, else each in itself) and, per published offer (position = lunr ref), its facets."""
    vocab = directory.vocabulary
    lang = i18n.current()
    language_names = vocab.languages if lang == i18n.SOURCE else {
        c: vocab.language_native.get(c) or label for c, label in vocab.languages.items()}
    tables = {
        "stages": [{"c": s.code, "l": vocab.label("life_stages", s.code, lang), "min": s.age_min,
                    "max": s.age_max} for s in vocab.life_stages],
        "districts": [{"c": d.id, "l": d.name} for d in directory.districts.values()],
        "categories": [{"c": c, "l": vocab.label("categories", c, lang)} for c in vocab.categories],
        "languages": [{"c": c, "l": label} for c, label in language_names.items()],
        "delivery": [{"c": c, "l": _(label)} for c, label in ART.items()],
    }
    pos = {key: {t["c"]: i for i, t in enumerate(rows)} for key, rows in tables.items()}
    for d, row in zip(directory.districts.values(), tables["districts"]):
        row["nb"] = [pos["districts"][n] for n in d.neighbours if n in pos["districts"]]
    return {**tables, "cal": calendar_data(directory.calendar),
            "offers": [offer_facets(o, directory, pos) for o in directory.published]}


def facet_columns(facets: dict) -> dict:
    """The facets as shipped: the offers' rows turned into one list per key (null where a row has
    none). The same key once instead of once per offer: a quarter fewer gzip bytes at 5,000 offers,
    and this file is on the way to a family's first search result."""
    rows = facets["offers"]
    keys = sorted({key for row in rows for key in row})
    out = {k: v for k, v in facets.items() if k != "offers"}
    return {**out, "version": 3, "n": len(rows), "offers": {k: [row.get(k) for row in rows] for k in keys}}


def facet_rows(shipped: dict) -> list[dict]:
    """The rows of a shipped facets file again (what finder-search.js rebuilds; for tests and tools)."""
    rows: list[dict] = [{} for _ in range(shipped["n"])]
    for key, column in shipped["offers"].items():
        for row, value in zip(rows, column):
            if value is not None:
                row[key] = value
    return rows


def finder_files(directory: Directory, lang: str = i18n.SOURCE, kept: dict | None = None) -> dict[str, bytes]:
    """The data files of one language, by path inside its data folder (``kept``: search.index_files)."""
    words, shards = index_files(directory, to_json, lang, kept)
    with i18n.activate(lang):
        cards = [card_text(o, directory) for o in directory.published]
        facets = facet_data(directory)
    files = {"facetten.json": to_json(facet_columns(facets)), "woerter.json": to_json(words),
             "orte.json": to_json(places(directory))}
    files.update({f"index/{key}.json": shard for key, shard in shards.items()})
    files.update({f"karten/{k // CARD_CHUNK}.json": to_json(cards[k:k + CARD_CHUNK])
                  for k in range(0, len(cards), CARD_CHUNK)})
    return files


# --- files in the site ----------------------------------------------------------------------------

# Any text that could be read as a script URL; browsers ignore whitespace and controls inside it.
_SCHEME_HINT = re.compile(r"(?i)(?:java|vb)[\s\x00-\x1f]*script|data[\s\x00-\x1f]*:|file[\s\x00-\x1f]*:|blob[\s\x00-\x1f]*:|filesystem")


def _inert(value):
    """Text that reads as a script URL (a provider's name "javascript:…") gets an invisible word
    joiner in front: the finder only ever shows it as text, but no consumer of the file, and not
    the output scan, should ever find a usable script URL in it."""
    if isinstance(value, str):
        return "\u2060" + value if link_scheme(value.strip()) in BAD_SCHEMES else value
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_inert(v) for v in value]
    return value


def to_json(data) -> bytes:
    """Compact UTF-8 JSON. `<` is escaped so the text stays inert even if a browser sniffed it as HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if _SCHEME_HINT.search(text):  # rare: only then walk every value (slow at thousands of offers)
        text = json.dumps(_inert(data), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


def lunr_files(languages=(i18n.SOURCE,)) -> dict[str, bytes]:
    """lunr.js and each language's stemmer from the installed mkdocs package (nothing vendored),
    minified (a third of the bytes) with each file's licence header kept, one file per language
    (the languages without a stemmer share lunr.js alone)."""
    return {lunr_uri(lang): _lunr_bundle(lunr_sources(lang)) for lang in languages}


def _lunr_bundle(sources: tuple[str, ...]) -> bytes:
    root = Path(importlib.util.find_spec("mkdocs").origin).parent
    parts = []
    for rel in sources:
        text = (root / rel).read_text(encoding="utf-8")
        header = re.match(r"\s*(/\*(?!!).*?\*/)", text, re.S)  # lunr.js's; /*! comments stay anyway
        parts.append((header.group(1) + "\n" if header else "") + rjsmin.jsmin(text, keep_bang_comments=True)
                     + ";\n")
    return "".join(parts).encode("utf-8")


def folder_name(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    return digest.hexdigest()[:10]


def sizes(assets: dict[str, bytes]) -> dict[str, tuple[int, int]]:
    """Raw and gzip bytes of each file (for the benchmark report)."""
    return {uri: (len(b), len(gzip.compress(b, 9))) for uri, b in assets.items()}


def finder_text() -> dict:
    """The finder's words in the active language, for finder.js (plurals per CLDR category)."""
    plural = Locale.parse(i18n.current()).plural_form
    samples: dict[str, int] = {}
    for n in range(0, 200):
        samples.setdefault(plural(n), n)
    found = {category: i18n.ngettext("%(n)s Angebot gefunden", "%(n)s Angebote gefunden", n) % {"n": "{n}"}
             for category, n in samples.items()}
    return {
        "all": {"lebensphase": _("Alle Lebensphasen"), "stadtteil": _("Alle Stadtteile"),
                "sprache": _("Alle Sprachen"), "art": _("Alle Arten"), "thema": _("Alle Themen")},
        "paused": _("Pausiert"), "provider": _("Träger"), "cost": _("Kosten"), "paid": _("kostenpflichtig"),
        "free": _("kostenlos"), "languages": _("Sprachen"), "where": _("Wo"), "when": _("Wann"),
        "distance": _("Entfernung"), "m": _("ca. %(n)s m") % {"n": "{n}"}, "km": _("ca. %(n)s km") % {"n": "{n}"},
        "found": found, "none": _("Kein Angebot gefunden"),
        "partial": _("Kein Angebot passt zu allen Suchwörtern. Diese Angebote passen zu einigen davon."),
        "tryOther": _("Versuchen Sie ein anderes Wort oder weniger Filter."),
        "orderDistance": _("Nach Entfernung sortiert."), "orderBest": _("Die besten Treffer zuerst."),
        "orderUseful": _("Sortiert Angebote für wenige Lebensphasen vor denen für alle, pausierte zuletzt."),
        "orderUsefulIn": _("Sortiert zuerst in %(district)s, dann in der Nähe, dann für die ganze Stadt; "
                           "Angebote für wenige Lebensphasen vor denen für alle, pausierte zuletzt.")
                         % {"district": "{district}"},
        "active": _("%(n)s aktiv") % {"n": "{n}"}, "locate": _("Meinen Standort verwenden"),
        "unlocate": _("Standort nicht mehr verwenden"), "locating": _("Standort wird bestimmt …"),
        "noPosition": _("Ihr Standort ist nicht verfügbar. Die Liste bleibt wie sie ist."),
        "loading": _("Die Suche wird geladen …"),
        "next": {"label": _("Nächster Termin"), "today": _("heute"), "tomorrow": _("morgen"),
                 "days": [_(DAY_SHORT[d]) for d in DAY_CODES],
                 "time": _("%(from)s–%(to)s Uhr") % {"from": "{a}", "to": "{b}"}},
        "failed": _("Die Suche konnte nicht geladen werden. Alle Angebote finden Sie auch über die "
                    "Lebensphasen und die Stadtteile."),
    }


def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    """Per language its own folder of files (`<prefix>suche/<hash>/`); the lunr files are shared."""
    site.assets.update(lunr_files(settings.languages))
    finder = {}
    # `mkdocs serve` rebuilds: each offer's term frequencies per language, read again only when changed
    kept = site.reuse.setdefault("finder", {}) if site.reuse is not None else None
    for lang in settings.languages:
        files = finder_files(directory, lang, kept.setdefault(lang, {}) if kept is not None else None)
        folder = f"{i18n.language(lang).prefix}suche/{folder_name(files)}/"
        site.assets.update({folder + path: content for path, content in files.items()})
        chunks = sorted(p for p in files if p.startswith("karten/"))
        finder[lang] = {
            "data": folder, "scripts": [lunr_uri(lang)], "stemmer": lang if lang in SNOWBALL else "",
            # in the page: finder-search.js fetches the URL's word's shard before the word list is there
            "split": sorted(split_keys(p[len("index/"):-len(".json")] for p in files if p.startswith("index/"))),
            "chunk": CARD_CHUNK,
            "preload": [folder + "facetten.json", folder + "woerter.json"]
                       + ([folder + p for p in chunks] if len(chunks) <= PRELOAD_CHUNKS else []),
        }
    site.template_globals["finder"] = finder
    site.template_globals["finder_text"] = finder_text
