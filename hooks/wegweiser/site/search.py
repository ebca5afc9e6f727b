"""The finder's data (/suche/): a lunr index with a German pipeline, and compact facet data.

The index is built with lunr.py. The browser must reach the very same index with lunr.js, and the
German text pipeline is the crux: lunr.py's own `languages="de"` needs nltk downloads, so the
pipeline is made of installable parts registered under the names lunr.de.js registers in the
browser: "trimmer-de", "stopWordFilter-de" and "stemmer-de" (snowballstemmer, pinned to the
Snowball 2.x German algorithm that lunr.de.js implements; 3.x stems differently).

What the browser downloads is not lunr's serialised index (its field vectors and inverted index
hold every posting twice, with scores that do not compress: 14.7 MB for 5,000 offers) but the
builder's state: the sorted terms, each with its postings (document, field, term frequency), and
the field lengths. finder.js makes a lunr.Index from it with lunr's own scoring (`decode` does the
same with lunr.py here), so the agreement test compares like with like.
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import re
import unicodedata
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from babel import Locale
from lunr import builder as lunr_builder
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.stop_word_filter import generate_stop_word_filter
from lunr.token import Token

from ..content.markup import link_scheme
from .scan import BAD_SCHEMES
from ..model import Directory, Offer
from . import i18n
from .i18n import N_, _
from .pages import Site, SiteSettings
from .render import delivery_label, schedule_summary, shown_text

# lunr.de.js's stop words, word for word (tests/test_search.py compares them with the shipped file).
STOP_WORDS = frozenset("""
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm
andern anderr anders auch auf aus bei bin bis bist da damit dann das dasselbe dazu daß dein deine
deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben des
desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du
durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es
etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier
hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden
jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können
könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mich
mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner
seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst um
und uns unse unsem unsen unser unses unter viel vom von vor war waren warst was weg weil weiter
welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen
wollte während würde würden zu zum zur zwar zwischen über
""".split())


# (field, boost): a word in the name counts most.
FIELDS = (("name", 10), ("summary", 4), ("provider", 3), ("labels", 3), ("places", 3),
          ("keywords", 2), ("description", 1))
# Stemming per language where lunr-languages (in the browser) and snowballstemmer (here) stem alike
# (tests/test_languages_browser.py compares them word by word over each language's index). The other
# languages match by whole words, prefixes and one typo only: lunr.ar.js is a root-pattern stemmer,
# not Snowball's Arabic; lunr.js's English stemmer and lunr.py's port of it differ ("always":
# "alway" / "alwai"); Ukrainian and Bulgarian have no stemmer in lunr-languages.
SNOWBALL = {"de": "german", "tr": "turkish", "ro": "romanian"}
STEMMER = {lang: f"stemmer-{lang}" for lang in SNOWBALL}
PIPELINE = ("stemmer-de",)  # German: lunr's search pipeline, what lunr.js runs on query terms


def pipeline(lang: str) -> tuple[str, ...]:
    return (STEMMER[lang],) if lang in STEMMER else ()
EXACT_BOOST, PREFIX_BOOST, FUZZY_BOOST = 10, 2, 1
PREFIX_MIN, FUZZY_MIN = 4, 5  # word lengths from which type-ahead and typo tolerance apply
# (shorter prefixes expand to thousands of words: over a second on a slow phone at 5,000 offers)

LUNR_FILES = {  # in the installed mkdocs package -> in the site
    "contrib/search/templates/search/lunr.js": "suche/lunr/lunr.js",
    "contrib/search/lunr-language/lunr.stemmer.support.js": "suche/lunr/lunr.stemmer.support.js",
    **{f"contrib/search/lunr-language/lunr.{lang}.js": f"suche/lunr/lunr.{lang}.js" for lang in SNOWBALL},
}
INDEX_URI = "suche/index.json"
DATA_URI = "suche/angebote.json"


def scripts(lang: str) -> list[str]:
    """The lunr files the finder of a language loads: lunr, and its language's stemmer if it has one."""
    if lang not in SNOWBALL:
        return ["suche/lunr/lunr.js"]
    return ["suche/lunr/lunr.js", "suche/lunr/lunr.stemmer.support.js", f"suche/lunr/lunr.{lang}.js"]
DAY_BITS = {d: 1 << i for i, d in enumerate(("mo", "di", "mi", "do", "fr", "sa", "so"))}
ART = {"vor_ort": N_("vor Ort"), "online": N_("online"), "telefon": N_("am Telefon"),
       "aufsuchend": N_("aufsuchend (bei Ihnen zu Hause)")}

# --- the German pipeline ---------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words (letters and digits); the browser splits the same way (finder.js)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=None)
def stem(word: str, lang: str = "de") -> str:
    return _stemmer(lang).stemWord(word)


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    return snowballstemmer.stemmer(SNOWBALL[lang])


def _trimmer(token, i=None, tokens=None):
    # Text reaches lunr already split into words (see `words`), so there is nothing to trim; the
    # function exists so the pipeline has lunr.de's shape.
    return token


def _stemmer_fn(lang: str):
    def stemmer(token, i=None, tokens=None):
        return token.update(lambda s, metadata=None: stem(s, lang))
    return stemmer


_STEMMER_FNS = {lang: _stemmer_fn(lang) for lang in SNOWBALL}


def register_german() -> None:
    """Make the functions known to lunr.py under lunr-languages' names (idempotent)."""
    if Pipeline.registered_functions.get("stemmer-de") is _STEMMER_FNS["de"]:
        return
    Pipeline.register_function(_trimmer, "trimmer-de")
    generate_stop_word_filter(STOP_WORDS, language="de")  # a set: looked up per token
    for lang, fn in _STEMMER_FNS.items():
        Pipeline.register_function(fn, f"stemmer-{lang}")


def german_builder(lang: str = "de") -> Builder:
    """The builder of one language's index (German: lunr.de's trimmer, stop words and stemmer)."""
    register_german()
    builder = Builder()
    steps = ("trimmer-de", "stopWordFilter-de", "stemmer-de") if lang == "de" else pipeline(lang)
    builder.pipeline.add(*(Pipeline.registered_functions[n] for n in steps))
    builder.search_pipeline.add(*(Pipeline.registered_functions[n] for n in pipeline(lang)))
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    return builder


# --- the index ---------------------------------------------------------------------------------

_MD_LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")


def document(ref: int, offer: Offer, directory: Directory, lang: str = "de") -> dict:
    """The searchable text of an offer, one string per field (run with `lang` active).

    Outside German the labels come in the page's language with their everyday synonyms, and in
    German too: the provider's text is German, and so may be a family's search word.
    """
    vocab = directory.vocabulary
    languages = dict.fromkeys((lang, "de"))

    def terms(section: str, codes) -> list[str]:
        return [w for code in codes for lg in languages for w in vocab.search_words(section, code, lg)]

    places = [directory.districts[d].name for d in offer.districts if d in directory.districts]
    places += [loc.name for loc in offer.locations]
    places += [directory.districts[loc.district].name for loc in offer.locations
               if loc.district in directory.districts]
    if offer.citywide:
        places.append(_("ganze Stadt"))
    keywords = terms("audiences", offer.audiences)
    keywords += [vocab.languages.get(code, "") for code in offer.languages]
    if lang != "de":
        keywords += [vocab.language_native.get(code, "") for code in offer.languages]
    keywords += [delivery_label(d) for d in offer.delivery]
    keywords += [_("kostenlos")] if offer.cost_free else [offer.cost_note]
    keywords += [offer.easy_summary]
    text = shown_text(offer, directory, lang)
    translated = (lambda own, german: f"{own} {german}") if text.translated else (lambda own, german: german)
    fields = {
        "name": translated(text.name, offer.name),
        "summary": translated(text.summary, offer.summary),
        "provider": offer.provider,
        "labels": " ".join(terms("life_stages", offer.life_stages) + terms("categories", offer.categories)),
        "places": " ".join(places),
        "keywords": " ".join(keywords),
        "description": _MD_LINK_TARGET.sub(" ", translated(text.body, offer.body)),
    }
    # Lists of words: lunr takes each as a token (its own character-by-character tokenizer is
    # the slowest part of a build with thousands of offers).
    return {"ref": str(ref), **{k: words(v) for k, v in fields.items()}}


class _Terms:
    """The indexing pipeline applied once per distinct word.

    lunr.py runs every function of the pipeline on every occurrence of every word and deep-copies
    each token's (empty) metadata: two thirds of the index build at 5,000 offers. The pipeline is
    deterministic per word, so each word is processed once here; lunr then receives finished terms
    with its own indexing pipeline emptied for the duration of `add` (restored before the index is
    built, so the serialised pipeline names are unchanged).
    """

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.cache: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        try:
            return self.cache[word]
        except KeyError:
            out = self.pipeline.run([Token(word, {})])
            term = str(out[0]) if out else None
            self.cache[word] = term
            return term


@contextmanager
def _list_tokens():
    """lunr.builder's tokenizer without its per-token deepcopy of empty metadata (lists only)."""
    original = lunr_builder.Tokenizer

    def tokens(obj, metadata=None, separator=None):
        if isinstance(obj, (list, tuple)) and not metadata:
            return [Token(str(element).lower(), {}) for element in obj]
        return original(obj, metadata, separator)

    lunr_builder.Tokenizer = tokens
    try:
        yield
    finally:
        lunr_builder.Tokenizer = original


def build_builder(directory: Directory, lang: str = "de") -> Builder:
    """A lunr.py Builder holding every published offer; refs are positions in directory.published."""
    builder = german_builder(lang)
    terms = _Terms(builder.pipeline)
    builder.pipeline = Pipeline()
    with _list_tokens(), i18n.activate(lang):
        for ref, offer in enumerate(directory.published):
            doc = document(ref, offer, directory, lang)
            builder.add({k: v if k == "ref" else [t for t in map(terms, v) if t] for k, v in doc.items()})
    builder.pipeline = terms.pipeline
    # Number the terms in sorted order, as `decode` (and finder.js) will.
    for i, term in enumerate(sorted(builder.inverted_index)):
        builder.inverted_index[term]["_index"] = i
    return builder


def build_index(directory: Directory, lang: str = "de") -> Index:
    return build_builder(directory, lang).build()


def encode(builder: Builder) -> dict:
    """The builder's state in a compact form the browser turns back into a lunr index.

    postings: per term (sorted), per field it occurs in: [field, d1, d2, ...] where d is the gap to
    the previous document number; a negative gap -d is followed by the term frequency (> 1).
    """
    field_names = list(builder._fields)
    docs = builder.document_count
    terms = sorted(builder.inverted_index)
    postings = []
    for term in terms:
        entry = []
        for f, name in enumerate(field_names):
            refs = sorted(int(r) for r in builder.inverted_index[term][name])
            if not refs:
                continue
            row, previous = [f], -1
            for ref in refs:
                tf = builder.field_term_frequencies[f"{name}/{ref}"][term]
                row += [ref - previous] if tf == 1 else [previous - ref, tf]
                previous = ref
            entry.append(row)
        postings.append(entry)
    lengths = [[builder.field_lengths[f"{name}/{ref}"] for ref in range(docs)] for name in field_names]
    pipeline_names = [fn.label for fn in builder.search_pipeline._stack]
    return {"version": "2.3.9", "fields": [[n, builder._fields[n].boost] for n in field_names],
            "pipeline": pipeline_names, "documents": docs, "terms": terms, "postings": postings,
            "lengths": lengths}


def decode(data: dict) -> Index:
    """`encode`'s output back into a lunr.py index, the way finder.js does it with lunr.js."""
    register_german()
    builder = Builder()
    builder.ref("ref")
    for name, boost in data["fields"]:
        builder.field(name, boost=boost)
    builder.search_pipeline = Pipeline.load(data["pipeline"])
    names = [n for n, _ in data["fields"]]
    for ref in range(data["documents"]):
        builder._documents[str(ref)] = {}
        for f, name in enumerate(names):
            builder.field_term_frequencies[f"{name}/{ref}"] = {}
            builder.field_lengths[f"{name}/{ref}"] = data["lengths"][f][ref]
    builder.document_count = data["documents"]
    for i, term in enumerate(data["terms"]):
        posting = {name: {} for name in names}
        posting["_index"] = i
        for row in data["postings"][i]:
            name, ref, k = names[row[0]], -1, 1
            while k < len(row):
                gap, tf = row[k], 1
                if gap < 0:
                    gap, tf = -gap, row[k + 1]
                    k += 1
                k += 1
                ref += gap
                posting[name][str(ref)] = {}
                builder.field_term_frequencies[f"{name}/{ref}"][term] = tf
        builder.inverted_index[term] = posting
    builder.term_index = len(data["terms"])
    return builder.build()


# --- searching (finder.js has the same steps; the agreement test holds them together) ----------

def query_words(text: str, lang: str = "de") -> list[str]:
    """The words a query searches for: no (German) stop words, no repeats, in the order typed."""
    stop = STOP_WORDS if lang == "de" else frozenset()
    return list(dict.fromkeys(w for w in words(text) if w not in stop))


def word_scores(index: Index, word: str) -> dict[int, float]:
    """Documents matching one word: exactly (stemmed) or as a prefix; failing both, with one typo.

    Typo tolerance only as the fallback: a word that is found as typed (as most are) does not pay
    for the edit-distance expansion, which costs most on a slow phone.
    """
    query = index.create_query()
    query.term(word, use_pipeline=True, boost=EXACT_BOOST)
    if len(word) >= PREFIX_MIN:
        query.term(word, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING, boost=PREFIX_BOOST)
    found = index.query(query)
    if not found and len(word) >= FUZZY_MIN:
        query = index.create_query()
        query.term(word, use_pipeline=True, edit_distance=1, boost=FUZZY_BOOST)
        found = index.query(query)
    return {int(m["ref"]): m["score"] for m in found}


def search(index: Index, text: str, lang: str = "de") -> tuple[list[int], bool]:
    """Document numbers, best first, and whether they match only some of the words.

    Every word must match; when no document matches them all, documents matching the most words
    come first (the page says so). Ties keep the alphabetical order of the directory.
    """
    per_word = [word_scores(index, w) for w in query_words(text, lang)]
    if not per_word:
        return [], False
    total: dict[int, float] = {}
    hits: dict[int, int] = {}
    for scores in per_word:
        for ref, score in scores.items():
            total[ref] = total.get(ref, 0.0) + score
            hits[ref] = hits.get(ref, 0) + 1
    every = [r for r in total if hits[r] == len(per_word)]
    partial = not every
    chosen = list(total) if partial else every
    chosen.sort(key=lambda r: (-hits[r], -round(total[r], 6), r))
    return chosen, partial


# --- facet data ---------------------------------------------------------------------------------

def where_text(offer: Offer, directory: Directory) -> str:
    """What the card says under "Wo" (the `where` macro in _card.html)."""
    places: list[str] = []
    for loc in offer.locations:
        d = directory.districts.get(loc.district)
        name = d.name if d else _("ganze Stadt")
        if name not in places:
            places.append(name)
    ways = [delivery_label(d) for d in offer.delivery if d != "vor_ort"]
    text = ", ".join(places + ways)
    return text + (" (" + _("ganze Stadt") + ")" if offer.citywide and not places else "")


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def offer_facets(offer: Offer, directory: Directory, pos: dict[str, dict[str, int]]) -> dict:
    vocab = directory.vocabulary
    served = dict.fromkeys([d for d in offer.districts if d in pos["districts"]]
                           + [loc.district for loc in offer.locations if loc.district in pos["districts"]])
    text = shown_text(offer, directory, i18n.current())
    row: dict = {
        "id": offer.id, "n": text.name, "s": text.summary, "p": offer.provider,
        "w": where_text(offer, directory),
        "t": schedule_summary(offer) if offer.schedule else offer.schedule_note,
        "st": [pos["stages"][s] for s in offer.life_stages],
        "d": [pos["districts"][d] for d in served],
        "ld": sorted({pos["districts"][loc.district] for loc in offer.locations
                      if loc.district in pos["districts"]}),
        "c": [pos["categories"][c] for c in offer.categories],
        "la": [pos["languages"][lang] for lang in offer.languages],
        "dl": [pos["delivery"][d] for d in offer.delivery],
    }
    if text.translated:
        row["tl"] = text.lang  # the card's name and summary are in the page's language
    if offer.cost_free:
        row["f"] = 1
    elif offer.cost_note:
        row["k"] = offer.cost_note
    if offer.status == "paused":
        row["ps"] = 1
    if offer.citywide:
        row["cw"] = 1
    if offer.age_min is not None:
        row["a"] = [offer.age_min, offer.age_max]
    if any(set(loc.accessibility) & vocab.barrierefrei for loc in offer.locations):
        row["bf"] = 1
    if offer.schedule:
        row["sc"] = [[sum(DAY_BITS[d] for d in b.days), _minutes(b.opens), _minutes(b.closes)]
                     for b in offer.schedule]
    points = [[round(loc.lat, 5), round(loc.lon, 5)] for loc in offer.locations if loc.located]
    if points:
        row["g"] = points
    if offer.valid_from and offer.valid_from > directory.today:
        row["vf"] = offer.valid_from.isoformat()
    return row


def facet_data(directory: Directory, lang: str = "de") -> dict:
    """Everything the finder filters, counts and shows, per published offer (position = lunr ref),
    in one language (languages are named in German on German pages, else each in itself)."""
    with i18n.activate(lang):
        return _facet_data(directory, lang)


def _facet_data(directory: Directory, lang: str) -> dict:
    vocab = directory.vocabulary
    language_names = vocab.languages if lang == "de" else {c: vocab.language_native.get(c) or label
                                                          for c, label in vocab.languages.items()}
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
    return {"version": 1, **tables,
            "offers": [offer_facets(o, directory, pos) for o in directory.published]}


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
    """lunr.js and its German support from the installed mkdocs package (nothing vendored)."""
    root = Path(importlib.util.find_spec("mkdocs").origin).parent
    return {uri: (root / rel).read_bytes() for rel, uri in LUNR_FILES.items()}


def _versioned(uri: str, content: bytes) -> str:
    return f"{uri}?v={hashlib.sha256(content).hexdigest()[:10]}"


def sizes(assets: dict[str, bytes]) -> dict[str, tuple[int, int]]:
    """Raw and gzip bytes of each file (for the benchmark report)."""
    return {uri: (len(b), len(gzip.compress(b, 9))) for uri, b in assets.items()}


def finder_text() -> dict:
    """The finder's words in the active language, for finder.js (plurals per CLDR category)."""
    code = i18n.current()
    plural = Locale.parse(code).plural_form
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
        "found": found, "none": _("Kein Angebot gefunden"), "byDistance": _(", nach Entfernung sortiert"),
        "partial": _("Kein Angebot passt zu allen Suchwörtern. Diese Angebote passen zu einigen davon."),
        "tryOther": _("Versuchen Sie ein anderes Wort oder weniger Filter."),
        "active": _("%(n)s aktiv") % {"n": "{n}"}, "locate": _("Meinen Standort verwenden"),
        "unlocate": _("Standort nicht mehr verwenden"), "locating": _("Standort wird bestimmt …"),
        "noPosition": _("Ihr Standort ist nicht verfügbar. Die Liste bleibt wie sie ist."),
        "loading": _("Die Suche wird geladen …"),
        "failed": _("Die Suche konnte nicht geladen werden. Alle Angebote finden Sie auch über die "
                    "Lebensphasen und die Stadtteile."),
    }


def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    """Per language its own index (labels and synonyms in that language) and facet data; the lunr
    files are shared. The data URLs carry a content hash: a browser may cache them for good."""
    site.assets.update(lunr_files())
    finder = {}
    for lang in settings.languages:
        prefix = i18n.language(lang).prefix
        index = to_json(encode(build_builder(directory, lang)))
        data = to_json(facet_data(directory, lang))
        site.assets[prefix + INDEX_URI] = index
        site.assets[prefix + DATA_URI] = data
        finder[lang] = {"index": _versioned(prefix + INDEX_URI, index), "data": _versioned(prefix + DATA_URI, data),
                        "scripts": scripts(lang)}
    site.template_globals["finder"] = finder
    site.template_globals["finder_text"] = finder_text
