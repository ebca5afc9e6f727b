"""The site's languages without a browser: catalogs, vocabulary translations, settings, and the
multi-language build (every page type in every language, its lang/dir, menu and hreflang links)."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages import pofile

from conftest import ROOT, TODAY
from wegweiser.content.directory import load_directory
from wegweiser.model import ConfigError
from wegweiser.model.vocabulary import SECTIONS
from wegweiser.site import i18n
from wegweiser.site.pages import SiteSettings

LANGUAGES = ("tr", "ar", "uk", "ro", "bg", "en")
PAGE_TYPES = {  # one page of every type, as a path below a language's root
    "start": "", "lebensphasen": "lebensphasen/", "lebensphase": "lebensphasen/kleinkind/",
    "stadtteile": "stadtteile/", "stadtteil": "stadtteile/erle/", "angebot": "angebote/krabbelgruppe-erle/",
    "suche": "suche/", "ueber": "ueber/", "datenschutz": "datenschutz/", "impressum": "impressum/",
    "offene-daten": "offene-daten/",
}


# --- catalogs ------------------------------------------------------------------------------------

def test_the_catalog_template_holds_every_string_of_code_and_templates(tmp_path):
    """`make i18n-extract` was run: no German text in code or templates is missing from messages.pot."""
    pybabel = Path(sys.executable).parent / "pybabel"
    fresh = tmp_path / "fresh.pot"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "--no-location", "-o", str(fresh), "."],
                   cwd=ROOT, check=True, timeout=120)
    ids = lambda path: {m.id if isinstance(m.id, str) else m.id[0]
                        for m in pofile.read_po(path.open("rb")) if m.id}
    missing = ids(fresh) - ids(i18n.LOCALE_DIR / "messages.pot")
    assert not missing, f"Run `make i18n-extract i18n-update` and translate: {sorted(missing)}"
    assert len(ids(fresh)) > 150


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalog_translates_every_string(lang):
    assert i18n.untranslated(lang) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang):
    catalog = pofile.read_po(i18n.catalog_path(lang).open("rb"), locale=lang)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert problems == []
    assert "ungeprüft" in next(iter(m for m in catalog if m.id)).user_comments  # machine-made: marked


def test_gettext_follows_the_active_language():
    assert i18n.gettext("Kosten") == "Kosten"
    with i18n.activate("tr"):
        assert i18n.gettext("Kosten") == "Ücret"
        with i18n.activate("uk"):
            assert i18n.ngettext("%(n)s Angebot", "%(n)s Angebote", 5) % {"n": 5} == "5 пропозицій"
        assert i18n.current() == "tr"
    assert i18n.gettext("Kosten") == "Kosten"


# --- settings and vocabulary ----------------------------------------------------------------------

def test_languages_setting_is_checked():
    assert SiteSettings.from_config({"languages": ["de", "tr"]}).languages == ("de", "tr")
    for bad in (["tr"], ["de", "xx"], ["de", "tr", "tr"], "de", []):
        with pytest.raises(ConfigError, match="extra.wegweiser.languages"):
            SiteSettings.from_config({"languages": bad})


def test_demo_vocabulary_is_translated_into_every_language():
    result = load_directory(ROOT / "content", dt.date.fromisoformat(TODAY), languages=("de",) + LANGUAGES)
    assert [p for p in result.problems if "vocabulary" in p.path] == []
    vocab = result.directory.vocabulary
    for lang in LANGUAGES:
        for section in SECTIONS:
            for code in vocab.codes_of(section):
                assert vocab.label(section, code, lang) != vocab.label(section, code), (lang, section, code)
    assert "hamile" in vocab.search_words("life_stages", "schwangerschaft", "tr")
    assert "pregnant" in vocab.search_words("life_stages", "schwangerschaft", "en")


def test_missing_and_unknown_translations_are_named(tree):
    tree.write("vocabulary.tr.yml", """life_stages:
  baby: {label: Bebek}
  raumfahrt: {label: Uzay}
categories: {}
audiences: {}
accessibility: {}
""")
    result = load_directory(tree.path, dt.date.fromisoformat(TODAY), languages=("de", "tr", "en"))
    found = [p.format() for p in result.problems if "vocabulary" in p.path]
    assert any(re.search(r"vocabulary\.tr\.yml:3:3: life_stages\.raumfahrt: „raumfahrt“ steht nicht in "
                         r"life_stages", f) for f in found), found
    assert any(re.search(r"vocabulary\.tr\.yml:1:1: life_stages: Übersetzung fehlt für .*„kleinkind“", f)
               for f in found), found
    assert any(re.search(r"vocabulary\.tr\.yml:4:1: categories: Übersetzung fehlt", f) for f in found), found
    assert any(re.search(r"vocabulary\.en\.yml:1:1: Die Sprache „en“ ist in mkdocs.yml eingeschaltet", f)
               for f in found), found
    assert not result.ok


# --- the built site ------------------------------------------------------------------------------

class _Page(HTMLParser):
    """What the tests read from a built page: <html>/<body> attributes and the language menu."""

    def __init__(self, text: str):
        super().__init__()
        self.html: dict = {}
        self.body: dict = {}
        self.menu: list[dict] = []
        self._in_menu = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html = a
        elif tag == "body":
            self.body = a
        elif tag == "nav" and "ww-languages" in (a.get("class") or ""):
            self._in_menu = True
        elif tag == "a" and self._in_menu:
            self.menu.append(a)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_menu = False


def page(site: Path, path: str) -> _Page:
    return _Page((site / path / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ("de",) + LANGUAGES)
def test_every_page_type_in_every_language_with_lang_dir_and_menu(languages_site, lang):
    prefix = i18n.language(lang).prefix
    direction = i18n.language(lang).direction
    for name, path in PAGE_TYPES.items():
        p = page(languages_site, prefix + path)
        assert (p.html.get("lang"), p.html.get("dir"), p.body.get("dir")) == (lang, direction, direction), name
        links = {a["hreflang"]: a for a in p.menu if "hreflang" in a}  # the languages (not Leichte Sprache)
        assert list(links) == ["de", *LANGUAGES], name
        assert links[lang].get("aria-current") == "page"
        for other, a in links.items():  # each link leads to this page in that language, and back
            target = (languages_site / (prefix + path) / a["href"]).resolve()
            assert target == (languages_site / (i18n.language(other).prefix + path)).resolve(), (name, other)
            back = {b["hreflang"]: b["href"] for b in page(languages_site, str(target.relative_to(languages_site))).menu
                    if "hreflang" in b}
            assert (target / back[lang]).resolve() == (languages_site / (prefix + path)).resolve()


def test_machine_translation_is_disclosed(languages_site):
    about = (languages_site / "tr" / "ueber" / "index.html").read_text(encoding="utf-8")
    assert "makineyle çevrildi" in about and 'id="ww-translations"' in about
    assert "maschinell" in (languages_site / "ueber" / "index.html").read_text(encoding="utf-8")
    offer = (languages_site / "ar" / "angebote" / "krabbelgruppe-erle" / "index.html").read_text(encoding="utf-8")
    assert "مترجَم، لم يُراجَع بعد." in offer


# --- translated offers -----------------------------------------------------------------------------

def _translation(fingerprint: str, body: str = "Türkçe açıklama.") -> str:
    return f"---\nname: Ebe\nsummary: Hamileler için danışma\ngerman_fingerprint: {fingerprint}\n---\n{body}\n"


def test_offer_translations_are_checked_and_a_changed_german_text_warns(tree):
    from wegweiser.model import text_fingerprint
    today = dt.date.fromisoformat(TODAY)
    offer = load_directory(tree.path, today).directory.offers["hebamme-altstadt"]
    tree.write("offers/hebamme-altstadt.tr.md", _translation(text_fingerprint(offer)))
    tree.write("offers/gibt-es-nicht.tr.md", _translation("0123456789ab"))
    tree.write("offers/elterntelefon.tr.md", _translation("0123456789ab", "<script>x</script>"))
    result = load_directory(tree.path, today)
    found = {p.path: p for p in result.problems if ".tr.md" in p.path}
    assert set(found) == {"content/offers/gibt-es-nicht.tr.md", "content/offers/elterntelefon.tr.md"}
    assert "kein Angebot offers/gibt-es-nicht.md" in found["content/offers/gibt-es-nicht.tr.md"].message
    assert found["content/offers/elterntelefon.tr.md"].is_error
    text = result.directory.translations["hebamme-altstadt"]["tr"]
    assert (text.name, text.current) == ("Ebe", True)

    tree.replace("offers/hebamme-altstadt.md", "\n---\n", "\n---\nEin neuer erster Satz.\n")  # the German text changes
    result = load_directory(tree.path, today)
    stale = [p for p in result.problems if p.kind == "stale_translation"]
    now = text_fingerprint(result.directory.offers["hebamme-altstadt"])
    assert len(stale) == 1 and not stale[0].is_error and f"german_fingerprint: {now}" in stale[0].message
    assert stale[0].format().startswith("content/offers/hebamme-altstadt.tr.md:4:")
    assert result.directory.translations["hebamme-altstadt"]["tr"].current is False


def test_translated_offer_pages_and_the_out_of_date_mark(tmp_path, tree):
    from support import build_site
    tree.write("vocabulary.tr.yml", (ROOT / "content" / "vocabulary.tr.yml").read_text(encoding="utf-8"))
    tree.write("offers/hebamme-altstadt.tr.md", _translation("0123456789ab", "Ebe **her salı** burada."))
    site = build_site(tmp_path, tree.path, site_url="https://stadt.example.org/wegweiser/", languages=("de", "tr"))
    html = (site / "tr" / "angebote" / "hebamme-altstadt" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Ebe</h1>" in html and "<strong>her salı</strong>" in html
    assert "Bu çeviri güncel olmayabilir" in html  # the German text changed after the translation
    assert "Der Träger hat dieses Angebot auf Deutsch beschrieben" not in html
    german = (site / "angebote" / "hebamme-altstadt" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Ebe</h1>" not in german
    cards = [p for p in (site / "tr" / "suche").glob("*/karten/*.json")]
    assert cards and any("Hamileler için danışma" in p.read_text(encoding="utf-8") for p in cards)
    # the sitemap pairs every page with its languages (hreflang); staff views are German only
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    root = "https://stadt.example.org/wegweiser/"
    offer = next(e for e in entries if f"<loc>{root}tr/angebote/hebamme-altstadt/</loc>" in e)
    assert re.findall(r'hreflang="([a-z]+)" href="([^"]+)"', offer) == [
        ("de", f"{root}angebote/hebamme-altstadt/"), ("tr", f"{root}tr/angebote/hebamme-altstadt/")]
    assert len(entries) > 20 and all(e.count("hreflang=") == 2 for e in entries if "leichte-sprache" not in e)
    assert not (site / "tr" / "planung").exists() and not (site / "tr" / "leichte-sprache").exists()


def test_a_translation_without_fingerprint_is_told_the_fingerprint(tree):
    from wegweiser.model import text_fingerprint
    today = dt.date.fromisoformat(TODAY)
    offer = load_directory(tree.path, today).directory.offers["hebamme-altstadt"]
    tree.write("offers/hebamme-altstadt.en.md", "---\nname: Midwife\nsummary: Advice\n---\nText.\n")
    found = [p for p in load_directory(tree.path, today).problems if ".en.md" in p.path]
    assert len(found) == 1 and found[0].is_error
    assert f"german_fingerprint: {text_fingerprint(offer)}" in found[0].message



def test_schedule_rules_and_next_dates_in_the_page_language(languages_site):
    """The rule in words (issue 14) follows the page: weeks of the month, school holidays, the
    next dates and their heading; German pages keep the German wording."""
    def html(prefix, offer):
        return (languages_site / prefix / "angebote" / offer / "index.html").read_text(encoding="utf-8")
    monthly, holidays = "alleinerziehenden-fruehstueck-hassel", "berufsorientierungsbuero-buer"
    assert "1. Samstag im Monat" in html("", monthly) and "nicht in den Schulferien" in html("", holidays)
    assert "Saturday of the month" in html("en", monthly)
    assert "not during school holidays" in html("en", holidays) and "Next dates" in html("en", holidays)
    assert "Her ayın 1. Cumartesi" in html("tr", monthly) and "okul tatillerinde yapılmaz" in html("tr", holidays)
    for lang in LANGUAGES:
        page = html(lang, holidays)
        times = "".join(re.findall(r'<table class="ww-table ww-schedule">.*?</table>|<ul class="ww-dates">.*?</ul>',
                                   page, re.S))
        assert "Samstag im Monat" not in html(lang, monthly) and "Schulferien" not in page, lang
        assert "Nächste Termine" not in page and times and "Uhr" not in times and "Montag" not in times, lang
