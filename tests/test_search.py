"""The finder's data: the lunr index (German pipeline, compact encoding) and the facet JSON."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest

import lunr_reference
from conftest import MINI, ROOT, TODAY
from wegweiser.site import finder, search
from wegweiser.content.directory import load_directory

HOSTILE = '</script><img src=x onerror=alert(1)> „Zitat“ \u2028 & {{ config }}'


def directory_of(content: Path):
    result = load_directory(content, dt.date.fromisoformat(TODAY))
    assert result.ok, [p.format() for p in result.errors]
    return result.directory


@pytest.fixture(scope="module")
def demo():
    return directory_of(ROOT / "content")


def shipped_index(directory, lang="de"):
    """The lunr index finder-search.js makes from the shipped files (`decode` does it as the browser does)."""
    words, shards = search.index_files(directory, finder.to_json, lang)
    return search.decode(json.loads(finder.to_json(words)), {k: json.loads(v) for k, v in shards.items()})


@pytest.fixture(scope="module")
def demo_index(demo):
    return shipped_index(demo)


def ids(directory, refs):
    return [directory.published[r].id for r in refs]


def test_stop_words_are_exactly_lunr_de_js():
    import mkdocs
    lunr_de = Path(mkdocs.__file__).parent / "contrib/search/lunr-language/lunr.de.js"
    shipped = re.search(r"generateStopWordFilter\('([^']*)'", lunr_de.read_text(encoding="utf-8")).group(1)
    assert search.STOP_WORDS == set(shipped.split(" "))


def test_german_stemming_finds_beratung_for_beratungen(demo, demo_index):
    assert search.stem("beratungen") == search.stem("beratung") == "berat"
    with_word = {o.id for o in demo.published if re.search(r"\bBeratung\b", o.name)}
    assert with_word
    found, partial = search.search(demo_index, "Beratungen")
    assert not partial and with_word <= set(ids(demo, found))


def test_names_count_most(demo, demo_index):
    found, _ = search.search(demo_index, "Krabbelgruppe")
    top = ids(demo, found)[:3]
    assert all("krabbelgruppe" in demo.offers[i].name.lower() for i in top)


def test_typo_and_prefix(demo, demo_index):
    named = {i for i, o in enumerate(demo.published) if "hebamme" in search.words(o.name + " " + o.summary)}
    assert named
    typo, _ = search.search(demo_index, "Hebame")  # one letter missing
    prefix, _ = search.search(demo_index, "hebam")  # still typing (type-ahead from 4 letters)
    assert named <= set(typo) and named <= set(prefix)
    longer = {i for i, o in enumerate(demo.published) if any(w.startswith("hebam") for w in search.words(o.name))}
    assert longer <= set(prefix)
    assert not search.search(demo_index, "Hebxyz")[0]
    assert search.search(demo_index, "der die das") == ([], False)  # only stop words


def test_every_word_must_match_else_the_best_partial_matches(demo, demo_index):
    both, partial = search.search(demo_index, "Hebamme Erle")
    assert not partial and both
    for ref in both:
        text = " ".join(w for ws in search.document(ref, demo.published[ref], demo).values() if isinstance(ws, list)
                        for w in ws)
        assert "erle" in text and "hebamm" in text
    some, partial = search.search(demo_index, "Hebamme xylophonquatsch")
    assert partial and set(some) == set(search.search(demo_index, "Hebamme")[0])


def test_index_holds_every_field_of_published_offers_only(tree):
    tree.replace("offers/hebamme-altstadt.md", "name: ", "name: Zauberwort ")
    directory = directory_of(tree.path)
    words, shards = search.index_files(directory, finder.to_json)
    assert words["fields"] == ["name", "summary", "provider", "labels", "places", "keywords", "description"]
    rows = [json.loads(v) for v in shards.values()]
    assert max(doc for shard in rows for posting in shard.values() for row in posting
               for doc in [sum(row[1::2]) - 1]) == len(directory.published) - 1
    names = " ".join(w for i, o in enumerate(directory.published) for w in search.document(i, o, directory)["name"])
    assert "zauberwort" in names and search.stem("zauberwort") in words["terms"]
    terms = set(words["terms"])
    for gone in ("beendet", "abgelaufen"):  # words only unpublished offers have
        assert search.stem(gone) not in terms
    files = finder.finder_files(directory)
    cards = [row for k in range(len(files)) if f"karten/{k}.json" in files
             for row in json.loads(files[f"karten/{k}.json"])]
    assert [c["id"] for c in cards] == [o.id for o in directory.published]
    shipped = json.loads(files["facetten.json"])
    assert finder.facet_rows(shipped) == finder.facet_data(directory)["offers"]
    assert len(finder.facet_rows(shipped)) == len(cards)
    assert not {"beendet", "alter-kurs"} & {c["id"] for c in cards}


@pytest.mark.parametrize("lang", ["de", "tr", "uk"])
def test_the_files_are_what_lunr_py_builds(demo, lang):
    """Terms and BM25 scores computed directly equal lunr.py's Builder over the same documents."""
    reference_words, reference_shards = lunr_reference.encode(lunr_reference.lunr_index(demo, lang))
    words, shards = search.index_files(demo, finder.to_json, lang)
    assert words == reference_words
    assert shards == {k: finder.to_json(v) for k, v in reference_shards.items()}


def test_split_shards_are_what_lunr_py_builds(demo, monkeypatch):
    monkeypatch.setattr(search, "SPLIT_BYTES", 2_000)
    reference_words, reference_shards = lunr_reference.encode(lunr_reference.lunr_index(demo))
    words, shards = search.index_files(demo, finder.to_json)
    assert {"be", "ge", "ki"} <= search.split_keys(words["shards"])
    assert words == reference_words
    assert shards == {k: finder.to_json(v) for k, v in reference_shards.items()}


def test_encoding_round_trips_to_the_same_lunr_index(demo):
    direct = lunr_reference.lunr_index(demo)
    words, shards = search.index_files(demo, finder.to_json)
    words = json.loads(search_json(words))
    shards = {k: json.loads(v) for k, v in shards.items()}
    decoded = search.decode(words, shards)
    assert words["pipeline"] == ["stemmer-de"] and words["shards"] == sorted(shards)
    assert len(words["terms"]) == len(direct.inverted_index) == sum(len(s) for s in shards.values())
    for ref, vector in direct.field_vectors.items():
        assert decoded.field_vectors[ref].elements == vector.elements if vector.elements else True, ref
    for q in ("Beratung", "Schwimmen Kinder kostenlos", "Deutschkurs mit Kinderbetreuung", "hebam", "Hebame",
              "Übergang Beruf", "Ärztin"):
        assert search.search(decoded, q) == search.search(direct, q)


def test_large_shards_are_split_by_three_letters_and_round_trip(demo, monkeypatch):
    monkeypatch.setattr(search, "SPLIT_BYTES", 2_000)  # the demo's shards are below the real limit
    direct = lunr_reference.lunr_index(demo)
    words, shards = search.index_files(demo, finder.to_json)
    shards = {k: json.loads(v) for k, v in shards.items()}
    assert {"be", "ge", "ki"} <= search.split_keys(words["shards"])
    assert "be" not in shards or set(shards["be"]) == {"be"}  # only a two-letter term keeps the key
    assert {"ber", "bet"} <= set(shards) and all(t.startswith("ber") for t in shards["ber"])
    assert len(words["terms"]) == sum(len(s) for s in shards.values())
    decoded = search.decode(json.loads(search_json(words)), shards)
    for q in ("Beratung", "bera", "Beratunng", "Kinder", "ki", "Schwimmen Kinder kostenlos", "Übergang Beruf"):
        assert search.search(decoded, q) == search.search(direct, q), q


def search_json(value):
    return finder.to_json(value)


def test_a_word_and_its_stem_share_a_shard(demo):
    """The browser picks shards from the typed word before lunr is loaded: its key must be the stem's."""
    typed = {w for o in demo.published for ws in search.document(0, o, demo).values() if isinstance(ws, list)
             for w in ws} | {"Übung", "Ärzte", "Öffnungszeiten", "Straße", "Ja"}
    every = {search.shard_key(w) for word in typed for w in search.words(word)}  # all split: three letters
    for word in typed:
        for w in search.words(word):
            assert search.shard_key(w) == search.shard_key(search.stem(w)), w
            assert search.shard_key(w, every) == search.shard_key(search.stem(w), every), w
    assert search.shard_key("über") == "ub" and search.shard_key("é") == "_"


def test_facet_json_shape(demo):
    data = finder.facet_data(demo)
    vocab = demo.vocabulary
    assert [s["c"] for s in data["stages"]] == vocab.life_stage_codes
    assert [d["c"] for d in data["districts"]] == list(demo.districts)
    districts = [d["c"] for d in data["districts"]]
    for d, row in zip(demo.districts.values(), data["districts"]):
        assert [districts[i] for i in row["nb"]] == list(d.neighbours)
    for offer, row in zip(demo.published, data["offers"]):
        text = finder.card_text(offer, demo)
        assert text["id"] == offer.id and text["n"] == offer.name and text["s"] == offer.summary
        assert "n" not in row and "s" not in row  # card text is fetched only for the results shown
        assert [data["stages"][i]["c"] for i in row["st"]] == list(offer.life_stages)
        assert [data["categories"][i]["c"] for i in row["c"]] == list(offer.categories)
        assert [data["languages"][i]["c"] for i in row["la"]] == list(offer.languages)
        assert [data["delivery"][i]["c"] for i in row["dl"]] == list(offer.delivery)
        served = {districts[i] for i in row["d"]}
        assert served == ({d for d in offer.districts if d != "gesamtstadt"} | {loc.district for loc in offer.locations})
        assert bool(row.get("cw")) == offer.citywide
        assert bool(row.get("f")) == offer.cost_free
        assert bool(row.get("bf")) == any(set(loc.accessibility) & vocab.barrierefrei for loc in offer.locations)
        assert row.get("a") == ([offer.age_min, offer.age_max] if offer.age_min is not None else None)
        assert len(row.get("sc", [])) == len(offer.schedule)
        for block, rule in zip(offer.schedule, row.get("sc", [])):
            if block.opens:
                assert rule["o"] == int(block.opens[:2]) * 60 + int(block.opens[3:]) and rule["c"] > 0
            if not block.dates:
                assert rule["d"] == sum(1 << "mo di mi do fr sa so".split().index(d) for d in block.days)
    for offer, place in zip(demo.published, finder.places(demo)):
        assert (place or []) == [[round(loc.lat, 5), round(loc.lon, 5)] for loc in offer.locations if loc.located]
    assert any(row.get("bf") for row in data["offers"]) and any(row.get("sc") for row in data["offers"])


def test_hostile_names_stay_inert_in_the_json(tree):
    tree.replace("offers/hebamme-altstadt.md", "name: ", f"name: '{HOSTILE.replace(chr(0x2028), '')}' #")
    tree.replace("offers/hebamme-altstadt.md", "summary: ", "summary: '<b>fett</b> & \"Anführung\"' #")
    directory = directory_of(tree.path)
    files = finder.finder_files(directory)
    for blob in files.values():
        text = blob.decode()
        assert "<" not in text and "\u2028" not in text
    rows = [r for path, blob in files.items() if path.startswith("karten/") for r in json.loads(blob)]
    row = next(o for o in rows if o["id"] == "hebamme-altstadt")
    assert row["n"].startswith("</script><img src=x onerror=alert(1)>")  # the text itself, unchanged
    assert row["s"] == '<b>fett</b> & "Anführung"'


def test_the_feature_ships_index_data_and_lunr_from_mkdocs(mini_site):
    suche = mini_site / "suche"
    (folder,) = [p for p in suche.iterdir() if p.is_dir() and p.name != "lunr"]
    for name in ("facetten.json", "woerter.json", "orte.json", "karten/0.json", "lunr/lunr-de.min.js"):
        assert ((suche if name.startswith("lunr/") else folder) / name).is_file(), name
    words = json.loads((folder / "woerter.json").read_text(encoding="utf-8"))
    assert sorted(p.stem for p in (folder / "index").glob("*.json")) == words["shards"]
    lunr_js = (suche / "lunr/lunr-de.min.js").read_text(encoding="utf-8")
    assert "lunr - http://lunrjs.com" in lunr_js[:200] and "@license MIT" in lunr_js[:200]  # header kept
    assert "Lunr languages, `German` language" in lunr_js  # lunr.de.js's header too
    assert len(lunr_js) < 60_000  # minified (the sources are 127 KB)
    page = (suche / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    ours = [s for s in scripts if "/suche/lunr/" in s or "/assets/finder" in s]
    assert ours == ["../suche/lunr/lunr-de.min.js", "../assets/finder-search.js", "../assets/finder.js"]
    # the folder is named by its content, so browsers may cache it for good; <head> preloads the first files
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}
    assert folder.name == finder.folder_name(files)
    head = page[: page.index("</head>")]
    for name in ("facetten.json", "woerter.json", "karten/0.json"):  # a small directory: its cards too
        assert f'<link rel="preload" href="{folder.name}/{name}" as="fetch" crossorigin>' in head
    # nothing vendored into the repository
    assert not list((ROOT / "overrides").rglob("lunr*.js"))


def test_text_that_reads_as_a_script_url_is_not_one_in_the_json(tree):
    from wegweiser.site.scan import scan_json
    tree.replace("offers/hebamme-altstadt.md", "summary: ", "summary: ' JavaScript:alert(1)' #")
    directory = directory_of(tree.path)
    cards = finder.to_json([finder.card_text(o, directory) for o in directory.published])
    assert scan_json(cards.decode()) == []
    row = next(o for o in json.loads(cards) if o["id"] == "hebamme-altstadt")
    assert row["s"] == "\u2060 JavaScript:alert(1)"  # shown as the same text, with an invisible joiner


def test_kept_frequencies_give_the_same_files_and_follow_an_edit(tree):
    """`mkdocs serve` rebuilds keep each offer's term frequencies (Site.reuse): the files must be
    those of a fresh index, after an edit too, and an edited offer is read again."""
    kept: dict = {}
    first = directory_of(tree.path)
    assert search.index_files(first, finder.to_json, kept=kept) == search.index_files(first, finder.to_json)
    assert len(kept) == len(first.published)
    tree.replace("offers/hebamme-altstadt.md", "name: ", "name: Zauberwort ")
    second = directory_of(tree.path)
    calls = []
    original = search.document
    try:
        search.document = lambda *a, **k: calls.append(a[1].id) or original(*a, **k)
        again = search.index_files(second, finder.to_json, kept=kept)
    finally:
        search.document = original
    assert calls == ["hebamme-altstadt"]
    assert again == search.index_files(second, finder.to_json)
    assert search.stem("zauberwort") in again[0]["terms"]
