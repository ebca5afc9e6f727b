"""The finder's files (/suche/): facets, card texts, places, the split index and lunr.

What a phone fetches before the first result is kept small: the facets (numbers only) and the word
list are preloaded in <head>; the card texts come in chunks of CARD_CHUNK offers, fetched for the
results on screen; the index postings only for the words typed (search.encode); the places only
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

from ..content.markup import link_scheme
from ..model import Directory, Offer
from .pages import Site, SiteSettings
from .render import DELIVERY
from .scan import BAD_SCHEMES
from .search import build_builder, encode
from .when import calendar_data, finder_blocks, when_text

# lunr and its German support from the installed mkdocs package, in this order, minified into one
# file (one request instead of three on a slow connection)
LUNR_SOURCES = ("contrib/search/templates/search/lunr.js", "contrib/search/lunr-language/lunr.stemmer.support.js",
                "contrib/search/lunr-language/lunr.de.js")
LUNR_URI = "suche/lunr/lunr-de.min.js"
CARD_CHUNK = 64  # offers per card-text file: the first results of a search touch only a few
PRELOAD_CHUNKS = 4  # a directory of at most this many chunks preloads them all with the facets
ART = {"vor_ort": "vor Ort", "online": "online", "telefon": "am Telefon",
       "aufsuchend": "aufsuchend (bei Ihnen zu Hause)"}


def where_text(offer: Offer, directory: Directory) -> str:
    """What the card says under "Wo" (the `where` macro in _card.html)."""
    places: list[str] = []
    for loc in offer.locations:
        d = directory.districts.get(loc.district)
        name = d.name if d else "ganze Stadt"
        if name not in places:
            places.append(name)
    ways = [DELIVERY[d] for d in offer.delivery if d != "vor_ort"]
    text = ", ".join(places + ways)
    return text + (" (ganze Stadt)" if offer.citywide and not places else "")


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
    """The text of a result card (overrides/wegweiser/_card.html draws the same card)."""
    row = {"id": offer.id, "n": offer.name, "s": offer.summary, "p": offer.provider,
           "w": where_text(offer, directory),
           "t": when_text(offer)}
    if not offer.cost_free and offer.cost_note:
        row["k"] = offer.cost_note
    return row


def places(directory: Directory) -> list:
    """Per offer its locations [[lat, lon], ...] (or null): only for sorting by distance."""
    return [[[round(loc.lat, 5), round(loc.lon, 5)] for loc in o.locations if loc.located] or None
            for o in directory.published]


def facet_data(directory: Directory) -> dict:
    """The vocabulary tables and, per published offer (position = lunr ref), its facets."""
    vocab = directory.vocabulary
    tables = {
        "stages": [{"c": s.code, "l": s.label, "min": s.age_min, "max": s.age_max} for s in vocab.life_stages],
        "districts": [{"c": d.id, "l": d.name} for d in directory.districts.values()],
        "categories": [{"c": c, "l": label} for c, label in vocab.categories.items()],
        "languages": [{"c": c, "l": label} for c, label in vocab.languages.items()],
        "delivery": [{"c": c, "l": label} for c, label in ART.items()],
    }
    pos = {key: {t["c"]: i for i, t in enumerate(rows)} for key, rows in tables.items()}
    for d, row in zip(directory.districts.values(), tables["districts"]):
        row["nb"] = [pos["districts"][n] for n in d.neighbours if n in pos["districts"]]
    return {"version": 2, "chunk": CARD_CHUNK, **tables, "cal": calendar_data(directory.calendar),
            "offers": [offer_facets(o, directory, pos) for o in directory.published]}


def finder_files(directory: Directory) -> dict[str, bytes]:
    """The data files, by path inside the data folder."""
    words, shards = encode(build_builder(directory).build())
    cards = [card_text(o, directory) for o in directory.published]
    files = {"facetten.json": to_json(facet_data(directory)), "woerter.json": to_json(words),
             "orte.json": to_json(places(directory))}
    files.update({f"index/{key}.json": to_json(shard) for key, shard in shards.items()})
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


def lunr_files() -> dict[str, bytes]:
    """lunr.js and its German support from the installed mkdocs package (nothing vendored),
    minified (a third of the bytes) with each file's licence header kept, as one file."""
    root = Path(importlib.util.find_spec("mkdocs").origin).parent
    parts = []
    for rel in LUNR_SOURCES:
        text = (root / rel).read_text(encoding="utf-8")
        header = re.match(r"\s*(/\*(?!!).*?\*/)", text, re.S)  # lunr.js's; /*! comments stay anyway
        parts.append((header.group(1) + "\n" if header else "") + rjsmin.jsmin(text, keep_bang_comments=True)
                     + ";\n")
    return {LUNR_URI: "".join(parts).encode("utf-8")}


def folder_name(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    return digest.hexdigest()[:10]


def sizes(assets: dict[str, bytes]) -> dict[str, tuple[int, int]]:
    """Raw and gzip bytes of each file (for the benchmark report)."""
    return {uri: (len(b), len(gzip.compress(b, 9))) for uri, b in assets.items()}


def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    files = finder_files(directory)
    folder = f"suche/{folder_name(files)}/"
    site.assets.update({folder + path: content for path, content in files.items()})
    site.assets.update(lunr_files())
    chunks = sorted(p for p in files if p.startswith("karten/"))
    site.template_globals["finder"] = {
        "data": folder, "scripts": [LUNR_URI],
        "preload": [folder + "facetten.json", folder + "woerter.json"]
                   + ([folder + p for p in chunks] if len(chunks) <= PRELOAD_CHUNKS else []),
    }
