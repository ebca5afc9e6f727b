"""The finder's full-text index (/suche/): lunr with a German pipeline, split for the browser.

The index is built with lunr.py. The browser must reach the very same index with lunr.js, and the
German text pipeline is the crux: lunr.py's own `languages="de"` needs nltk downloads, so the
pipeline is made of installable parts registered under the names lunr.de.js registers in the
browser: "trimmer-de", "stopWordFilter-de" and "stemmer-de" (snowballstemmer, pinned to the
Snowball 2.x German algorithm that lunr.de.js implements; 3.x stems differently).

What the browser downloads is not lunr's serialised index (its field vectors and inverted index
hold every posting twice: 14.7 MB for 5,000 offers) but the word list and, per word, its postings
with lunr's own score, split into shards by the word's first letters (`encode`): a search fetches
only the shards of the words typed. finder.js makes a lunr.Index from them (`decode` does the same
with lunr.py here), so the agreement test compares like with like. The facet and card data the
finder filters and shows are in finder.py.
"""
from __future__ import annotations

import json

import re
import unicodedata
from contextlib import contextmanager
from functools import lru_cache

import snowballstemmer
from lunr import builder as lunr_builder
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.stop_word_filter import generate_stop_word_filter
from lunr.token import Token
from lunr.token_set import TokenSet
from lunr.vector import Vector

from ..model import Directory, Offer
from . import i18n
from .i18n import _
from .render import delivery_label, shown_text

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


_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


SPLIT_BYTES = 24_000  # a shard larger than this (JSON) is split by the first three letters


def shard_key(word: str, split: frozenset[str] | set[str] = frozenset()) -> str:
    """The shard a term's postings are in: its first two letters, umlauts folded; three letters
    where the two-letter shard is split (`encode`: large directories, common beginnings such as
    "be" or "ki"). The German stemmer keeps the first three letters of a word (it folds umlauts
    and ß), so a typed word and its stem have the same key: the browser knows the shard from the
    typed word, before lunr is loaded. (finder.js has the same function.)"""
    folded = word.translate(_FOLD)
    key = "".join(c if c in _KEY_CHARS else "_" for c in folded[:2])
    if key in split:
        key = "".join(c if c in _KEY_CHARS else "_" for c in folded[:3])
    return key


def encode(index: Index) -> tuple[dict, dict[str, dict]]:
    """The index as the browser loads it: the word list, and the postings split by `shard_key`.

    Every posting carries lunr's own score of the term in that field of that document (the field
    vector element, x 1000, an integer). lunr scores a match as the dot product of the query vector
    with the document's field vector, divided by the query vector's length only: the elements of
    the terms a query touches are all it needs, so the browser fetches only the shards of the words
    typed. Shard rows: [field, d1, s1, d2, s2, ...], d the gap to the previous document number.
    """
    fields = list(index.fields)
    terms = sorted(index.inverted_index, key=lambda t: index.inverted_index[t]["_index"])
    assert terms == sorted(terms)
    entries: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for field_ref, vector in index.field_vectors.items():
        name, _, ref = field_ref.partition("/")
        f, doc = fields.index(name), int(ref)
        elements = vector.elements
        for k in range(0, len(elements), 2):
            entries.setdefault(elements[k], {}).setdefault(f, []).append((doc, round(elements[k + 1] * 1000)))
    shards: dict[str, dict] = {}
    for t, term in enumerate(terms):
        rows = []
        for f in sorted(entries.get(t, {})):
            row, previous = [f], -1
            for doc, score in sorted(entries[t][f]):
                row += [doc - previous, score]
                previous = doc
            rows.append(row)
        shards.setdefault(shard_key(term), {})[term] = rows
    # Splitting where a shard is large keeps the first search's bytes down at thousands of offers
    # (the "be" shard is 33 KB gzip at 5,000; "ber", for "beratung", 8 KB).
    split = sorted(key for key, shard in shards.items()
                   if len(json.dumps(shard, separators=(",", ":"))) > SPLIT_BYTES)
    for key in split:
        for term, rows in shards.pop(key).items():
            shards.setdefault(shard_key(term, set(split)), {})[term] = rows
    pipeline_names = [fn.label for fn in index.pipeline._stack]
    words = {"version": 4, "lunr": "2.3.9", "fields": fields, "pipeline": pipeline_names,
             "terms": terms, "shards": sorted(shards)}
    return words, shards


def split_keys(shard_names) -> set[str]:
    """The two-letter shards `encode` split: only a split makes a key of three letters."""
    return {key[:2] for key in shard_names if len(key) == 3}


def decode(words: dict, shards: dict[str, dict]) -> Index:
    """`encode`'s files back into a lunr.py index, the way finder.js makes its lunr.js index."""
    register_german()
    fields = words["fields"]
    inverted: dict = {}
    vectors: dict[str, list] = {}
    split = split_keys(words["shards"])
    for i, term in enumerate(words["terms"]):
        posting = {"_index": i, **{name: {} for name in fields}}
        for row in shards[shard_key(term, split)][term]:
            doc, name = -1, fields[row[0]]
            for k in range(1, len(row), 2):
                doc += row[k]
                posting[name][str(doc)] = {}
                vectors.setdefault(f"{name}/{doc}", []).extend((i, row[k + 1] / 1000))
        inverted[term] = posting
    field_vectors = {ref: Vector(elements) for ref, elements in vectors.items()}
    return Index(inverted_index=inverted, field_vectors=field_vectors,
                 token_set=TokenSet.from_list(words["terms"]), fields=fields,
                 pipeline=Pipeline.load(words["pipeline"]))


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
