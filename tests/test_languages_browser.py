"""The site's languages in headless Chromium: no German UI text outside the providers' German, axe,
the searches families type, Python and browser agreeing per language, switching languages, RTL.

axe runs on every page type in Turkish and Arabic (the right-to-left one), and on the pages with the
most text of their own (start, offer, finder) in the other four: the pages of a language share the
same templates and differ only in text.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import ROOT, TODAY
from support import axe_run
from test_languages import LANGUAGES, PAGE_TYPES
from wegweiser.content.directory import load_directory
from wegweiser.site import i18n, search

pytestmark = pytest.mark.browser

READY = "html[data-finder=ready]"
# Words of the German interface (templates, Material's chrome, finder.js) that must not show on a page
# in another language, outside elements marked lang="de" (the providers' own German text).
GERMAN_UI = ("Angebot", "Angebote", "Kosten", "kostenlos", "Anmeldung", "Lebensphase", "Lebensphasen",
             "Stadtteil", "Stadtteile", "Suchen", "Sprachen", "Träger", "Beschreibung", "Kontakt", "Wann",
             "Uhr", "Montag", "Dienstag", "Barrierefreiheit", "Zuletzt", "geprüft", "Fehler", "Karte",
             "Inhalt", "Datenschutz", "Wählen", "gefunden", "Stadtbezirk", "Legende", "Termin", "Termine",
             "Schulferien", "Vereinbarung", "heute", "morgen", "Woche")


@pytest.fixture(scope="module")
def demo():
    return load_directory(ROOT / "content", dt.date.fromisoformat(TODAY), languages=("de",) + LANGUAGES).directory


def shipped_index(site, lang):
    """The index one language ships (its word list and every shard), read back with lunr.py."""
    (folder,) = [p for p in (site / i18n.language(lang).prefix / "suche").iterdir() if (p / "woerter.json").is_file()]
    shards = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (folder / "index").glob("*.json")}
    return search.decode(json.loads((folder / "woerter.json").read_text(encoding="utf-8")), shards)


@pytest.fixture(scope="module")
def shipped(languages_site):
    return {lang: shipped_index(languages_site, lang) for lang in ("de",) + LANGUAGES}


def open_finder(page, url, lang, query=""):
    page.goto(url + i18n.language(lang).prefix + "suche/" + query)
    page.wait_for_selector(READY, state="attached")


VISIBLE_TEXT_OUTSIDE_GERMAN = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('[lang="de"], script, style, svg, noscript').forEach(n => n.remove());
  return copy.innerText + ' ' + [...copy.querySelectorAll('[aria-label], [placeholder]')]
    .map(n => (n.getAttribute('aria-label') || '') + ' ' + (n.getAttribute('placeholder') || '')).join(' ');
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_german_interface_words_outside_the_providers_text(desktop, languages_url, lang):
    for name, path in PAGE_TYPES.items():
        desktop.goto(languages_url + i18n.language(lang).prefix + path)
        if name == "suche":
            desktop.wait_for_selector(READY, state="attached")
        text = desktop.evaluate(VISIBLE_TEXT_OUTSIDE_GERMAN)
        found = [w for w in GERMAN_UI if re.search(rf"(?<!\w){w}(?!\w)", text)]
        assert found == [], (name, found)


@pytest.mark.parametrize("lang", ("tr", "ar"))
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_reports_no_violations(desktop, languages_url, lang, name):
    desktop.goto(languages_url + i18n.language(lang).prefix + PAGE_TYPES[name])
    if name == "suche":
        desktop.wait_for_selector(READY, state="attached")
    results = axe_run(desktop)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("lang", ("uk", "ro", "bg", "en"))
@pytest.mark.parametrize("name", ("start", "angebot", "suche"))
def test_axe_reports_no_violations_in_the_other_languages(desktop, languages_url, lang, name):
    test_axe_reports_no_violations(desktop, languages_url, lang, name)


# The searches of the issue, and the same idea in each language: a pregnant mother's words.
PREGNANCY_QUERIES = {"tr": ["hamile", "hamilelik danışma", "ebe", "gebelik"], "en": ["pregnant", "pregnancy advice", "midwife"],
                     "ar": ["حامل", "قابلة"], "uk": ["вагітна", "акушерка"], "ro": ["însărcinată", "moașă"],
                     "bg": ["бременна", "акушерка"]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_pregnant_mother_finds_the_pregnancy_offers_in_her_language(desktop, languages_url, lang, demo, shipped):
    open_finder(desktop, languages_url, lang)
    for q in PREGNANCY_QUERIES[lang]:
        browser = desktop.evaluate("q => window.wegweiserFinder.search(q)", q)
        found = [demo.published[r] for r in search.search(shipped[lang], q, lang)[0]]
        assert browser["ids"] == [o.id for o in found], q
        assert found and not browser["partial"], q
        about = ["schwangerschaft" in o.life_stages or "werdende_eltern" in o.audiences for o in found]
        # all the first ones; a midwife may also visit a playgroup further down
        assert all(about[:5]) and sum(about) >= 0.8 * len(about), q
    open_finder(desktop, languages_url, lang, "?q=" + PREGNANCY_QUERIES[lang][0])
    status = desktop.locator("#ww-status").inner_text()
    assert re.search(r"\d", status) and status != i18n.translations(lang).gettext("Kein Angebot gefunden") + "."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agreement_python_and_browser_per_language(desktop, languages_url, lang, demo, shipped):
    vocab = demo.vocabulary
    queries = [w for section in ("life_stages", "categories", "audiences") for code in vocab.codes_of(section)
               for w in vocab.search_words(section, code, lang)]
    queries += ["Hebamme", "Beratung", "kostenlos", "xylophon quatsch", "heb"]
    queries += sorted({search.words(o.name)[0] for o in demo.published})[:40]
    open_finder(desktop, languages_url, lang)
    for q in queries:
        python_ids, python_partial = search.search(shipped[lang], q, lang)
        browser = desktop.evaluate("q => window.wegweiserFinder.search(q)", q)
        assert browser["ids"] == [demo.published[r].id for r in python_ids], q
        assert browser["partial"] == python_partial, q


STEMMERS_IN_BROWSER = {"tr": "lunr.tr.stemmer", "ro": "lunr.ro.stemmer"}  # search.STEMMER's languages


@pytest.mark.parametrize("lang", sorted(STEMMERS_IN_BROWSER))
def test_agreement_stems_per_language(desktop, languages_url, lang, demo):
    """Every word of a language's index stems alike in lunr-languages and in the Python pipeline."""
    from lunr.pipeline import Pipeline
    assert set(STEMMERS_IN_BROWSER) | {"de"} == set(search.STEMMER)  # German: test_finder_browser.py
    assert search.pipeline(lang) == (search.STEMMER[lang],)
    open_finder(desktop, languages_url, lang)
    with i18n.activate(lang):
        vocabulary = sorted({w for o in demo.published for ws in search.document(0, o, demo, lang).values()
                             if isinstance(ws, list) for w in ws})
    assert len(vocabulary) > 1000
    fn = STEMMERS_IN_BROWSER[lang]
    stems = desktop.evaluate(f"ws => ws.map(w => {fn}(new lunr.Token(w)).toString())", vocabulary)
    search.register_german()
    python = Pipeline.registered_functions[search.STEMMER[lang]]
    from lunr.token import Token
    differ = [(w, js, str(python(Token(w)))) for w, js in zip(vocabulary, stems) if js != str(python(Token(w)))]
    assert differ == []


def test_switching_language_keeps_the_page_and_the_query(desktop, languages_url):
    open_finder(desktop, languages_url, "tr", "?q=hamile&kostenlos=1")
    desktop.get_by_role("link", name="English", exact=True).click()
    desktop.wait_for_selector(READY, state="attached")
    assert desktop.url == languages_url + "en/suche/?q=hamile&kostenlos=1"
    assert desktop.locator("#ww-q").input_value() == "hamile"
    assert desktop.locator("#ww-kostenlos").is_checked()
    desktop.locator("#ww-q").fill("midwife")
    desktop.wait_for_url(lambda u: "q=midwife" in u)
    desktop.get_by_role("link", name="Türkçe", exact=True).click()
    desktop.wait_for_url(lambda u: "/tr/suche/?q=midwife" in u)

    desktop.goto(languages_url + "tr/angebote/krabbelgruppe-erle/")
    desktop.get_by_role("link", name="العربية").click()
    desktop.wait_for_url(languages_url + "ar/angebote/krabbelgruppe-erle/")
    desktop.get_by_role("link", name=re.compile("Erle")).first.click()  # a link inside the page
    assert "/ar/" in desktop.url  # the choice survives navigation


def test_arabic_pages_read_right_to_left(desktop, languages_url):
    open_finder(desktop, languages_url, "ar", "?q=" + "حامل")
    field, button = desktop.locator("#ww-q").bounding_box(), desktop.locator("#ww-finder-form button[type=submit]").bounding_box()
    assert button["x"] < field["x"]  # the button sits left of the field: the row runs right to left
    heading = desktop.locator("h1").bounding_box()
    assert heading["x"] + heading["width"] > 1280 / 2
    desktop.goto(languages_url + "ar/angebote/alleinerziehenden-fruehstueck-hassel/")  # not translated
    for selector in (".ww-schedule bdi", ".ww-contact a[href^='tel:']"):
        if desktop.locator(selector).count():
            assert desktop.locator(selector).first.evaluate("n => getComputedStyle(n).direction") == "ltr"
    # the provider's German reads left to right inside the Arabic page
    assert desktop.locator(".ww-lead").evaluate("n => getComputedStyle(n).direction") == "ltr"
    assert desktop.locator("h2#wichtig").evaluate("n => getComputedStyle(n).direction") == "rtl"
