"""The finder's full-text index (/suche/): lunr with a German pipeline, split for the browser.

The browser searches with lunr.js; this module computes what lunr's builder would put in the
index (the terms of lunr's pipeline, lunr's BM25 scores) and writes it in a compact form. The
German text pipeline is the crux: lunr.py's own `languages="de"` needs nltk downloads, so the
pipeline is made of installable parts registered under the names lunr.de.js registers in the
browser: "trimmer-de", "stopWordFilter-de" and "stemmer-de" (snowballstemmer, pinned to the
Snowball 2.x German algorithm that lunr.de.js implements; 3.x stems differently).

What the browser downloads is not lunr's serialised index (its field vectors and inverted index
hold every posting twice: 14.7 MB for 5,000 offers) but the word list and, per word, its postings
with lunr's own score, split into shards by the word's first letters (`index_files`): a search
fetches only the shards of the words typed. finder-search.js makes a lunr.Index from them (`decode` does
the same with lunr.py here), so the agreement test compares like with like; tests/lunr_reference.py
builds the same files through lunr.py's own Builder. The facet and card data the finder filters and
shows are in finder.py.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from array import array
from functools import lru_cache

import snowballstemmer
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
    """Lower-case words (letters and digits); the browser splits the same way (finder-search.js)."""
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


K1, B = 1.2, 0.75  # lunr's BM25 parameters (its Builder's defaults)


def indexing_steps(lang: str = "de") -> tuple[str, ...]:
    """The names of the indexing pipeline (German: lunr.de's trimmer, stop words and stemmer)."""
    return ("trimmer-de", "stopWordFilter-de", "stemmer-de") if lang == "de" else pipeline(lang)


def indexing(lang: str = "de"):
    """The indexing pipeline as a function of one word, run once per distinct word: the term
    lunr would index for it, or None (a stop word). lunr runs its pipeline on every occurrence."""
    register_german()
    run = Pipeline()
    run.add(*(Pipeline.registered_functions[n] for n in indexing_steps(lang)))
    cache: dict[str, str | None] = {}

    def term(word: str) -> str | None:
        try:
            return cache[word]
        except KeyError:
            out = run.run([Token(word, {})])
            cache[word] = found = (str(out[0]).lower() or None) if out else None
            return found
    return term


def _frequencies(doc: dict, term_of) -> tuple[dict[str, int], ...]:
    """Per field (FIELDS' order), how often each term occurs in it."""
    out = []
    for name, _boost in FIELDS:
        frequencies: dict[str, int] = {}
        for word in doc[name]:
            term = term_of(word)
            if term:
                frequencies[term] = frequencies.get(term, 0) + 1
        out.append(frequencies)
    return tuple(out)


def index_files(directory: Directory, dump, lang: str = "de",
                kept: dict | None = None) -> tuple[dict, dict[str, bytes]]:
    """The finder's index of every published offer, as the browser loads it: the word list, and
    the postings split by `shard_key`, each shard as `dump` writes it (refs are positions in
    directory.published).

    Every posting carries lunr's own score of the term in that field of that document (its field
    vector element: BM25 with lunr's k1, b, field boosts and rounding, x 1000, an integer). lunr
    scores a match as the dot product of the query vector with the document's field vector,
    divided by the query vector's length only: the elements of the terms a query touches are all it
    needs, so the browser fetches only the shards of the words typed. Shard rows:
    [field, d1, s1, d2, s2, ...], d the gap to the previous document number.

    The scores are computed here rather than by lunr.py's Builder, which holds every posting several
    times over (term frequencies per field, empty metadata per posting, field vectors, a token tree):
    +855 MB at 50,000 offers. tests/test_search.py holds both to the same files.

    ``kept`` (`mkdocs serve` rebuilds, Site.reuse): offer id -> (inputs, term frequencies) from the
    last build in this language; an offer whose inputs are equal is not read again. It is updated
    in place. (The scores still change with every edit: they depend on all offers' field lengths.)
    """
    term_of = indexing(lang)
    count = len(directory.published)
    lengths = [[0] * count for _ in FIELDS]
    # term -> field -> (documents, term frequencies), documents ascending
    postings: dict[str, dict[int, tuple[array, array]]] = {}
    # What a document reads besides its offer: Stadtteil names, the vocabulary, the language's catalog
    context = (tuple((d.id, d.name) for d in directory.districts.values()), repr(directory.vocabulary),
               None if lang == i18n.SOURCE else i18n.catalog_path(lang).stat().st_mtime_ns) \
        if kept is not None else None
    fresh: dict = {}
    with i18n.activate(lang):
        for ref, offer in enumerate(directory.published):
            inputs = (offer, directory.translations.get(offer.id, {}).get(lang), context)
            old = kept.get(offer.id) if kept else None
            if old is not None and old[0] == inputs:
                per_field = old[1]
            else:
                per_field = _frequencies(document(ref, offer, directory, lang), term_of)
            if kept is not None:
                fresh[offer.id] = (inputs, per_field)
            for f, frequencies in enumerate(per_field):
                lengths[f][ref] = sum(frequencies.values())
                for term, tf in frequencies.items():
                    fields = postings.get(term)
                    if fields is None:
                        fields = postings[term] = {}
                    pair = fields.get(f)
                    if pair is None:
                        pair = fields[f] = (array("i"), array("i"))
                    pair[0].append(ref)
                    pair[1].append(tf)
    if kept is not None:
        kept.clear()
        kept.update(fresh)
    average = [sum(column) / (count or 1) for column in lengths]

    def rows(term: str) -> list[list[int]]:
        fields = postings.pop(term)
        with_term = sum(len(docs) for docs, _ in fields.values())  # lunr counts per field
        idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        out = []
        for f in sorted(fields):
            boost, mean, length = FIELDS[f][1], average[f], lengths[f]
            row, previous = [f], -1
            for doc, tf in zip(*fields[f]):
                score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length[doc] / mean)) + tf) * boost
                row += [doc - previous, round(round(score, 3) * 1000)]
                previous = doc
            out.append(row)
        return out

    terms = sorted(postings)
    by_key: dict[str, list[str]] = {}
    for term in terms:
        by_key.setdefault(shard_key(term), []).append(term)
    shards: dict[str, bytes] = {}
    for key, members in by_key.items():
        shard = {term: rows(term) for term in members}
        # Splitting where a shard is large keeps the first search's bytes down at thousands of
        # offers (the "be" shard is 33 KB gzip at 5,000; "ber", for "beratung", 8 KB).
        if len(json.dumps(shard, separators=(",", ":"))) <= SPLIT_BYTES:
            shards[key] = dump(shard)
            continue
        parts: dict[str, dict] = {}
        for term, term_rows in shard.items():
            parts.setdefault(shard_key(term, {key}), {})[term] = term_rows
        shards.update((k, dump(part)) for k, part in parts.items())
    words = {"version": 4, "lunr": "2.3.9", "fields": [name for name, _ in FIELDS],
             "pipeline": list(pipeline(lang)), "terms": terms, "shards": sorted(shards)}
    return words, shards


_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


SPLIT_BYTES = 24_000  # a shard larger than this (JSON) is split by the first three letters


def shard_key(word: str, split: frozenset[str] | set[str] = frozenset()) -> str:
    """The shard a term's postings are in: its first two letters, umlauts folded; three letters
    where the two-letter shard is split (`encode`: large directories, common beginnings such as
    "be" or "ki"). The German stemmer keeps the first three letters of a word (it folds umlauts
    and ß), so a typed word and its stem have the same key: the browser knows the shard from the
    typed word, before lunr is loaded. (finder-search.js has the same function.)"""
    folded = word.translate(_FOLD)
    key = "".join(c if c in _KEY_CHARS else "_" for c in folded[:2])
    if key in split:
        key = "".join(c if c in _KEY_CHARS else "_" for c in folded[:3])
    return key


def split_keys(shard_names) -> set[str]:
    """The two-letter shards `encode` split: only a split makes a key of three letters."""
    return {key[:2] for key in shard_names if len(key) == 3}


def decode(words: dict, shards: dict[str, dict]) -> Index:
    """`encode`'s files back into a lunr.py index, the way finder-search.js makes its lunr.js index."""
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


# --- searching (finder-search.js has the same steps; the agreement test holds them together) ----------

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
