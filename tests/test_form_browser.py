"""The form /mitmachen/ in headless Chromium: round trip of every demo offer, three offers filled in
as a provider, the same refusals as `wegweiser check`, the submit links, axe, keyboard, privacy.

Every text the form writes is read back with the real loader (files, yamlload, schema check) and
compared with what the original file says; nothing here re-implements the loader.
"""
import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import MINI, ROOT, TODAY
from support import RequestLog, axe_run, build_site, serve
from wegweiser import cli
from wegweiser.content import files, schema, yamlload
from wegweiser.content.directory import load_directory
from wegweiser.content.validate import SchemaCheck
from wegweiser.model import geo

pytestmark = pytest.mark.browser

GITHUB = "    repository: {host: github, url: \"https://github.com/stadt/wegweiser\", branch: main}\n"


_CHECKS: dict[int, SchemaCheck] = {}


def schema_check(vocab) -> SchemaCheck:
    """Compiled once per vocabulary: compiling takes longer than checking a hundred files."""
    if id(vocab) not in _CHECKS:
        _CHECKS[id(vocab)] = SchemaCheck(schema.offer_schema(vocab))
    return _CHECKS[id(vocab)]


def parse(text: str, vocab) -> tuple[dict, str, list]:
    """What the strict loader reads from a file's text: (data, body, problems)."""
    source = files.Source("offer", Path("content/offers/x.md"), "x.md")
    split, problems = files.split_front_matter(source, text)
    assert split is not None, problems
    doc, problems = yamlload.load(split.front, "x.md", 1)
    assert doc is not None, problems
    data, found, _ = schema_check(vocab).check(doc, "x.md")
    return data, split.body, problems + found


def open_form(page, url: str, query: str = "") -> None:
    page.goto(url + "mitmachen/" + query)
    page.wait_for_selector("#ww-file")
    for _ in range(50):  # the site's CSP forbids eval, so wait_for_function cannot poll
        if page.evaluate("!!window.WegweiserForm && document.getElementById('ww-file').value.startsWith('---')"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the form did not start")


@pytest.fixture(scope="module")
def demo():
    return load_directory(ROOT / "content", dt.date.fromisoformat(TODAY)).directory


# --- round trip ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_texts(browser, demo_url, demo):
    """The form's text of every published demo offer, each loaded the way ?angebot=<id> loads it,
    all in one page (one navigation instead of one per offer)."""
    page = browser.new_page()
    open_form(page, demo_url)
    texts = page.evaluate("""async ids => {
        const out = {};
        for (const id of ids) out[id] = await window.WegweiserForm.load(id);
        return out;
    }""", [o.id for o in demo.published])
    page.close()
    return texts


def test_every_published_demo_offer_round_trips_through_the_form(demo_site, demo, demo_texts):
    ids = sorted(p.stem for p in (demo_site / "mitmachen" / "angebote").glob("*.json"))
    assert ids == sorted(o.id for o in demo.published) == sorted(demo_texts)  # a prefill file per offer
    assert len(ids) > 150
    vocab = demo.vocabulary
    for oid in ids:
        original = (ROOT / "content" / "offers" / f"{oid}.md").read_text(encoding="utf-8")
        want, want_body, _ = parse(original, vocab)
        got, got_body, problems = parse(demo_texts[oid], vocab)
        assert problems == [], (oid, problems)
        assert got == want, oid  # every field, every list in its order
        assert got_body == want_body, oid
        assert all(type(got[k]) is type(want[k]) for k in want), oid


def test_the_form_text_of_every_offer_passes_check_with_the_same_model(demo, demo_texts, tmp_path):
    """The whole demo with each published offer replaced by the form's text: same offers, same problems."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for oid, text in demo_texts.items():
        (content / "offers" / f"{oid}.md").write_text(text, encoding="utf-8")
    again = load_directory(content, demo.today)
    assert again.ok
    assert [p.message for p in again.problems] == [p.message for p in demo.problems]
    same = lambda o: dataclasses.replace(o, source="", body_line=0)  # the form writes block style
    assert {k: same(o) for k, o in again.directory.offers.items()} == {k: same(o) for k, o in demo.offers.items()}


# --- three offers, filled in as a provider ------------------------------------------------------------

@pytest.fixture(scope="module")
def form_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("form")
    shutil.copytree(MINI, work / "content")
    site = build_site(work, work / "content", extra=GITHUB)
    with serve(site) as url:
        yield work, site, url


def label(page, text: str, scope=None):
    return (scope or page).get_by_label(text, exact=False)


def check(page, legend: str, *labels: str) -> None:
    group = page.locator("fieldset", has=page.locator("legend", has_text=legend)).first
    for text in labels:
        group.get_by_label(text, exact=True).check()


def fill_common(page, name: str, summary: str, body: str, provider: str) -> None:
    label(page, "Name des Angebots").fill(name)
    label(page, "Kurzbeschreibung").fill(summary)
    label(page, "Beschreibung (Pflicht)").fill(body)
    label(page, "Name des Trägers").fill(provider)


def fill_valid(page, name: str, body: str = "Ein Text für Familien.") -> None:
    """The fewest answers that make a valid offer: online for the whole city."""
    fill_common(page, name, "Eine Zeile", body, "Träger")
    check(page, "Lebensphasen", "Kita-Alter")
    check(page, "Themen", "Beratung")
    check(page, "Für Familien aus diesen Stadtteilen", "ganze Stadt (alle Stadtteile)")
    check(page, "Wie findet das Angebot statt?", "online")
    page.locator("[data-key=locations] [data-remove]").first.click()
    label(page, "Ist das Angebot kostenlos?").select_option("Ja")
    label(page, "E-Mail").fill("info@traeger.example.org")
    label(page, "Stand des Angebots").select_option("läuft")


def tap_inside(page, item, district: str) -> None:
    """Tap the Stadtteil on the city map, then a point well inside it, like a finger would."""
    item.get_by_role("button", name="Ort auf der Karte wählen").click()
    for _ in range(2):
        xy = page.evaluate("""did => {
            const path = document.querySelector('#ww-map path[data-district="' + did + '"]');
            const svg = path.ownerSVGElement, box = path.getBBox(), m = svg.getScreenCTM();
            for (let n = 0; n < 400; n++) {  // the middle first, away from the simplified border
              const x = box.x + box.width * (0.5 + 0.3 * Math.sin(n * 2.4) * n / 400);
              const y = box.y + box.height * (0.5 + 0.3 * Math.cos(n * 2.4) * n / 400);
              const pt = svg.createSVGPoint(); pt.x = x; pt.y = y;
              if (path.isPointInFill(pt)) { const s = pt.matrixTransform(m); return [s.x, s.y]; }
            }
            return null;
        }""", district)
        page.mouse.click(xy[0], xy[1])


def submit(page) -> None:
    page.get_by_label("Ich habe alle Angaben geprüft.").check()
    page.get_by_role("button", name="Angaben prüfen").click()
    page.wait_for_selector("#ww-routes:not([hidden])")


def test_three_offers_filled_in_by_form_pass_check_and_appear_on_the_site(browser, form_site, tmp_path):
    work, _, url = form_site
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime.fromisoformat(TODAY + "T10:00:00"))  # the build's "today"
    texts = {}

    # 1. a free weekly group in one Stadtteil, its place tapped on the map
    open_form(page, url)
    fill_common(page, "Spielgruppe Ostend am Dienstag", "Jede Woche spielen, singen und basteln.",
                "Eine offene Spielgruppe für Kinder von eins bis drei mit ihren Eltern.", "Familienbüro Ost")
    check(page, "Lebensphasen", "Kleinkind")
    check(page, "Themen", "Freizeit & Sport")
    check(page, "Für wen ist das Angebot?", "Eltern")
    check(page, "Sprachen", "Deutsch")
    check(page, "Wie findet das Angebot statt?", "vor Ort")
    check(page, "Für Familien aus diesen Stadtteilen", "Ostend")
    item = page.locator("[data-key=locations] .ww-item").first
    label(page, "Name des Ortes", item).fill("Gemeindehaus Ost")
    label(page, "Straße und Hausnummer", item).fill("Oststraße 5")
    label(page, "Postleitzahl", item).fill("45881")
    label(page, "Ort (Pflicht)", item).fill("Teststadt")
    tap_inside(page, item, "ostend")
    assert label(page, "Stadtteil", item).input_value() == "ostend"
    lat, lon = float(label(page, "Breitengrad", item).input_value()), float(label(page, "Längengrad", item).input_value())
    area = load_directory(work / "content", dt.date.fromisoformat(TODAY)).directory.areas["ostend"]
    assert geo.point_in_area((lon, lat), area)  # the tap became a point inside the Stadtteil
    label(page, "Ist das Angebot kostenlos?").select_option("Ja")
    block = page.locator("[data-key=schedule] .ww-item").first
    block.get_by_label("Dienstag").check()
    label(page, "Beginn", block).fill("09:30")
    label(page, "Ende", block).fill("11:00")
    block.get_by_label("2. Woche", exact=True).check()
    block.get_by_label("4. Woche", exact=True).check()
    label(page, "An Feiertagen", block).select_option("findet auch statt")
    label(page, "E-Mail").fill("ost@familienbuero.example.org")
    label(page, "Stand des Angebots").select_option("läuft")
    submit(page)
    texts[page.locator("#ww-id").input_value()] = page.locator("#ww-file").input_value()

    # 2. a paid course with registration at two places
    open_form(page, url)
    fill_common(page, "Babyschwimmen Kurs", "Zehn Termine Wassergewöhnung für Babys.",
                "Im warmen Wasser lernen Babys und Eltern spielerisch schwimmen.", "Schwimmverein Teststadt")
    check(page, "Lebensphasen", "Baby (erstes Lebensjahr)")
    check(page, "Themen", "Freizeit & Sport", "Gesundheit")
    check(page, "Für Familien aus diesen Stadtteilen", "Altstadt", "Nordviertel")
    check(page, "Sprachen", "Deutsch", "Türkisch (Türkçe)")
    label(page, "von (Jahre)").fill("0.5")
    label(page, "bis (Jahre)").fill("1")
    places = [("Hallenbad Mitte", "Badstraße 1", "45879", "altstadt", "51.52", "7.05"),
              ("Lehrschwimmbecken Nord", "Nordring 9", "45880", "nordviertel", "51.545", "7.052")]  # lat: see below
    page.get_by_role("button", name="Einen Ort hinzufügen").click()
    for item, (name, street, plz, did, la, lo) in zip(page.locator("[data-key=locations] .ww-item").all(), places):
        label(page, "Name des Ortes", item).fill(name)
        label(page, "Straße und Hausnummer", item).fill(street)
        label(page, "Postleitzahl", item).fill(plz)
        label(page, "Ort (Pflicht)", item).fill("Teststadt")
        label(page, "Stadtteil", item).select_option(did)
        label(page, "Breitengrad", item).fill(la)
        label(page, "Längengrad", item).fill(lo)
    second = page.locator("[data-key=locations] .ww-item").nth(1)
    second.locator(".ww-place-note").filter(has_text="nicht in").wait_for()  # warned, as check would
    assert "Altstadt" in second.locator(".ww-place-note").inner_text()
    label(page, "Breitengrad", second).fill("51.575")
    label(page, "Breitengrad", second).dispatch_event("change")
    second.locator(".ww-place-note").filter(has_text="liegt im Stadtteil Nordviertel.").wait_for()
    label(page, "Ist das Angebot kostenlos?").select_option("Nein")
    label(page, "Hinweis zu den Kosten").fill("80 € für zehn Termine")
    label(page, "Ist eine Anmeldung nötig?").select_option("Ja")
    label(page, "Wie meldet man sich an?").fill("Online auf der Webseite des Vereins")
    block = page.locator("[data-key=schedule] .ww-item").first
    block.get_by_label("Samstag").check()
    label(page, "Beginn", block).fill("10:00")
    label(page, "Ende", block).fill("11:00")
    page.locator("fieldset", has=page.locator("legend", has_text="Kontakt")).get_by_label("Webseite", exact=True).fill("https://schwimmverein.example.org/baby")
    label(page, "Stand des Angebots").select_option("läuft")
    submit(page)
    texts[page.locator("#ww-id").input_value()] = page.locator("#ww-file").input_value()

    # 3. an online-only service for the whole city
    open_form(page, url)
    fill_common(page, "Elternchat am Abend", "Fragen zur Erziehung im Chat stellen.",
                "Fachkräfte antworten im Chat auf Fragen zur Erziehung.", "Beratungsstelle Teststadt")
    check(page, "Lebensphasen", "Grundschule", "Weiterführende Schule")
    check(page, "Themen", "Beratung")
    check(page, "Für Familien aus diesen Stadtteilen", "ganze Stadt (alle Stadtteile)")
    check(page, "Wie findet das Angebot statt?", "online")
    page.locator("[data-key=locations] .ww-item").first.get_by_role("button", name="Diesen Eintrag entfernen").click()
    label(page, "Ist das Angebot kostenlos?").select_option("Ja")
    block = page.locator("[data-key=schedule] .ww-item").first
    label(page, "Nur nach Vereinbarung?", block).select_option("Ja")  # no days, no times needed
    page.locator("fieldset", has=page.locator("legend", has_text="Kontakt")).get_by_label("Webseite", exact=True).fill("https://beratung.example.org/chat")
    label(page, "Stand des Angebots").select_option("läuft")
    submit(page)
    texts[page.locator("#ww-id").input_value()] = page.locator("#ww-file").input_value()
    context.close()

    assert list(texts) == ["spielgruppe-ostend-am-dienstag", "babyschwimmen-kurs", "elternchat-am-abend"]
    assert 'weeks: [2, 4]' in texts["spielgruppe-ostend-am-dienstag"]
    assert 'public_holidays: "open"' in texts["spielgruppe-ostend-am-dienstag"]
    assert 'schedule:\n  - by_appointment: true\n' in texts["elternchat-am-abend"]
    content = tmp_path / "content"
    shutil.copytree(work / "content", content)
    for oid, text in texts.items():
        (content / "offers" / f"{oid}.md").write_text(text, encoding="utf-8")
    assert cli.main(["check", "--content", str(content)]) == 0
    result = load_directory(content, dt.date.fromisoformat(TODAY))
    ours = [p for p in result.problems if p.path.endswith(tuple(f"{i}.md" for i in texts))]
    assert result.ok and {p.kind for p in ours} <= {"recommended"}, ours  # at most a missing "empfohlen"
    site = build_site(tmp_path, content)
    where = {"spielgruppe-ostend-am-dienstag": ("kleinkind", "ostend"),
             "babyschwimmen-kurs": ("baby", "nordviertel"), "elternchat-am-abend": ("grundschule", None)}
    data = [json.loads(p.read_text(encoding="utf-8")) for p in (site / "suche").glob("*/karten/*.json")]
    for oid, (stage, district) in where.items():
        assert (site / "angebote" / oid / "index.html").is_file()
        stage_pages = [site / "lebensphasen" / stage / "index.html"] + list((site / "lebensphasen" / stage).glob("*/index.html"))
        assert any(f"angebote/{oid}/" in p.read_text(encoding="utf-8") for p in stage_pages)
        if district:
            assert f"angebote/{oid}/" in (site / "stadtteile" / district / "index.html").read_text(encoding="utf-8")
        assert oid in json.dumps(data)  # the finder's data lists it
    with serve(site) as url2:
        page = browser.new_page()
        page.goto(url2 + "suche/?q=Babyschwimmen")
        page.wait_for_selector("html[data-finder=ready]")
        assert page.locator('a[href$="angebote/babyschwimmen-kurs/"]').count() >= 1
        page.close()


# --- the same refusals as `wegweiser check` --------------------------------------------------------------

INVALID = [  # (what is wrong, JavaScript that makes it so on the filled form)
    ("postal code of four digits", "set('[data-key=postal_code] input', '4587')"),
    ("e-mail with a space", "set('[data-key=contact] [data-key=email] input', 'info @beispiel.de')"),
    ("website with http://", "set('[data-key=contact] [data-key=website] input', 'http://beispiel.de')"),
    ("phone with letters", "set('[data-key=contact] [data-key=phone] input', 'null-zwo-null-neun')"),
    ("age above 27", "set('[data-key=age] [data-key=max] input', '30')"),
    ("age min above max", "set('[data-key=age] [data-key=min] input', '1'); set('[data-key=age] [data-key=max] input', '0.5')"),
    ("closes before opens", "set('[data-key=closes] input', '08:00')"),
    ("a block without times", "set('[data-key=opens] input', ''); set('[data-key=closes] input', '')"),
    ("a block without days or dates", "uncheck('[data-key=days]')"),
    ("every two weeks without a start", "set('[data-key=every_weeks] input', '2')"),
    ("no category", "uncheck('[data-key=categories]')"),
    ("four categories", "checkN('[data-key=categories]', 4)"),
    ("no name", "set('[data-key=name] input', '')"),
    ("name too long", "set('[data-key=name] input', 'x'.repeat(121))"),
    ("latitude beyond 90", "set('[data-key=lat] input', '200')"),
    ("latitude without longitude", "set('[data-key=lon] input', '')"),
    ("no description", "document.getElementById('ww-body').value = ''"),
    ("citywide and one Stadtteil", "checkN('[data-key=districts]', 2)"),
    ("on site without a place", "document.querySelectorAll('[data-key=locations] [data-remove]').forEach(b => b.click())"),
    ("valid_until before valid_from", "set('[data-key=valid_from] input', '2026-05-01'); set('[data-key=valid_until] input', '2026-04-01')"),
    ("no contact", "document.querySelectorAll('[data-key=contact] input').forEach(i => i.value = '')"),
]
HELPERS = """
const set = (sel, v) => { const el = document.querySelector(sel); el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); };
const uncheck = sel => document.querySelectorAll(sel + ' input[type=checkbox]').forEach(b => { b.checked = false; b.dispatchEvent(new Event('change', {bubbles: true})); });
const checkN = (sel, n) => { uncheck(sel); [...document.querySelectorAll(sel + ' input[type=checkbox]')].slice(0, n).forEach(b => { b.checked = true; b.dispatchEvent(new Event('change', {bubbles: true})); }); };
"""


@pytest.mark.parametrize("what,change", INVALID, ids=[w for w, _ in INVALID])
def test_the_form_refuses_what_check_refuses(desktop, form_site, tmp_path, what, change):
    work, _, url = form_site
    open_form(desktop, url, "?angebot=hebamme-altstadt")
    desktop.get_by_label("Ich habe alle Angaben geprüft.").check()
    assert desktop.evaluate("WegweiserForm.problems()") == []  # the offer as it is passes
    desktop.evaluate(f"() => {{ {HELPERS} {change}; document.getElementById('ww-form').dispatchEvent(new Event('input')); }}")
    refused = desktop.evaluate("WegweiserForm.problems()")
    assert refused, f"the form accepts: {what}"
    content = tmp_path / "content"
    shutil.copytree(work / "content", content)
    (content / "offers" / "hebamme-altstadt.md").write_text(desktop.locator("#ww-file").input_value(), encoding="utf-8")
    result = load_directory(content, dt.date.fromisoformat(TODAY))
    errors = [p for p in result.errors if p.path.endswith("hebamme-altstadt.md")]
    assert errors, f"check accepts what the form refuses: {what}"


def test_problems_are_listed_at_the_top_with_links_to_the_fields(desktop, form_site):
    _, _, url = form_site
    open_form(desktop, url)
    desktop.get_by_role("button", name="Angaben prüfen").click()
    summary = desktop.locator("#ww-errors")
    assert summary.is_visible()
    assert desktop.evaluate("document.activeElement.id") == "ww-errors"
    links = summary.locator("a")
    assert links.count() >= 8
    assert "Name des Angebots" in summary.inner_text()
    target = links.first.get_attribute("href")[1:]
    links.first.click()
    assert desktop.evaluate("document.activeElement.id") == target
    assert desktop.locator(f"#{target}").get_attribute("aria-invalid") == "true"


def test_angaben_aendern_on_the_offer_page_opens_the_form_filled_with_that_offer(desktop, form_site):
    _, _, url = form_site
    desktop.goto(url + "angebote/hebamme-altstadt/")
    desktop.get_by_role("link", name="Angaben ändern (für Träger)").click()
    desktop.wait_for_url("**/mitmachen/?angebot=hebamme-altstadt")
    expect(desktop.locator("#ww-form-mode")).to_contain_text("Sie ändern das Angebot „Hebammensprechstunde Altstadt“")
    assert desktop.locator("#ww-id").input_value() == "hebamme-altstadt"
    assert desktop.locator("#ww-id").get_attribute("readonly") is not None  # the id is fixed when editing
    assert desktop.get_by_label("Name des Angebots").input_value() == "Hebammensprechstunde Altstadt"


def test_confirming_sets_last_reviewed_to_today_and_unconfirming_gives_it_back(desktop, form_site):
    _, _, url = form_site
    desktop.clock.set_fixed_time(dt.datetime.fromisoformat("2026-12-02T09:00:00"))
    open_form(desktop, url, "?angebot=hebamme-altstadt")
    reviewed = desktop.locator("[data-key=last_reviewed] input")
    assert reviewed.input_value() == "2026-10-01"
    desktop.get_by_label("Ich habe alle Angaben geprüft.").check()
    assert reviewed.input_value() == "2026-12-02"
    assert 'last_reviewed: "2026-12-02"' in desktop.locator("#ww-file").input_value()
    desktop.get_by_label("Ich habe alle Angaben geprüft.").uncheck()
    assert reviewed.input_value() == "2026-10-01"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_map_marks_the_chosen_stadtteil_and_draws_the_pin_about_14_px_wide(browser, form_site, width):
    """On a wide screen the map's height limits its scale: the pin is sized from the drawn scale."""
    _, _, url = form_site
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    open_form(page, url, "?angebot=hebamme-altstadt")
    page.get_by_role("button", name="Ort auf der Karte wählen").click()
    chosen = page.evaluate("[...document.querySelectorAll('#ww-map path[data-chosen]')].map(p => p.dataset.district)")
    assert chosen == ["altstadt"]
    pin = page.locator(".ww-map__pin").bounding_box()
    assert 10 <= pin["width"] <= 18, pin
    context.close()


# --- the ways to submit -------------------------------------------------------------------------------

def test_github_links_for_a_new_offer_carry_path_branch_and_text(desktop, form_site):
    _, _, url = form_site
    open_form(desktop, url)
    fill_valid(desktop, "Test Ä/ß & Co", "Text mit \"Zitat\" und #Raute.")
    desktop.evaluate("() => { document.getElementById('ww-form-app').dataset.branch = 'daten/neu'; }")
    submit(desktop)
    href = desktop.locator("#ww-open").get_attribute("href")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/stadt/wegweiser/new/daten/neu")
    query = parse_qs(parts.query)
    assert query["filename"] == ["content/offers/test-ae-ss-co.md"]
    assert query["value"] == [desktop.locator("#ww-file").input_value()]
    assert desktop.locator("#ww-open").get_attribute("data-copy") == ""


def test_github_falls_back_to_copy_and_paste_for_long_texts(desktop, form_site):
    _, _, url = form_site
    open_form(desktop, url)
    fill_valid(desktop, "Langer Text", "Straße " * 700)  # 4,900 letters, ~10,000 once URL-encoded
    submit(desktop)
    href = desktop.locator("#ww-open").get_attribute("href")
    assert len(desktop.locator("#ww-file").input_value()) > 4900
    assert "value=" not in href and href.endswith("?filename=content/offers/langer-text.md")
    assert desktop.locator("#ww-open").get_attribute("data-copy") == "1"
    assert "einfügen" in desktop.locator("#ww-repo-how").inner_text()


def test_editing_links_to_the_file_on_github_and_gitlab_and_copies_the_text(browser, form_site):
    _, _, url = form_site
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    page = context.new_page()
    open_form(page, url, "?angebot=hebamme-altstadt")
    assert page.locator("#ww-id").get_attribute("readonly") is not None
    submit(page)
    assert page.locator("#ww-open").get_attribute("href") == \
        "https://github.com/stadt/wegweiser/edit/main/content/offers/hebamme-altstadt.md"
    page.locator("#ww-open").click()  # opens a new tab (to GitHub: never reached, see below)
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#ww-file").input_value()
    page.evaluate("() => { const a = document.getElementById('ww-form-app'); a.dataset.host = 'gitlab'; "
                  "a.dataset.repo = 'https://gitlab.opencode.de/stadt/wegweiser'; }")
    page.get_by_role("button", name="Angaben prüfen").click()
    assert page.locator("#ww-open").get_attribute("href") == \
        "https://gitlab.opencode.de/stadt/wegweiser/-/edit/main/content/offers/hebamme-altstadt.md"
    context.close()


def test_email_link_names_the_offer_and_asks_for_the_attachment(desktop, form_site):
    _, _, url = form_site
    open_form(desktop, url, "?angebot=hebamme-altstadt")
    submit(desktop)
    href = desktop.locator("#ww-mail").get_attribute("href")
    address, _, query = href.removeprefix("mailto:").partition("?")
    q = parse_qs(query)
    assert address == "wegweiser@gelsenkirchen.example"
    assert q["subject"] == ["Änderung des Angebots „Hebammensprechstunde Altstadt“ (hebamme-altstadt)"]
    assert "hebamme-altstadt.md hänge ich an" in q["body"][0]
    dl = desktop.locator("#ww-download")
    assert dl.get_attribute("download") == "hebamme-altstadt.md"
    with desktop.expect_download() as info:
        dl.click()
    assert Path(info.value.path()).read_text(encoding="utf-8") == desktop.locator("#ww-file").input_value()


def test_without_a_repository_only_download_and_email_are_offered(desktop, mini_site):
    with serve(mini_site) as url:
        open_form(desktop, url, "?angebot=hebamme-altstadt")
        submit(desktop)
        assert desktop.locator("#ww-open").count() == 0
        assert desktop.locator("#ww-download").is_visible() and desktop.locator("#ww-mail").is_visible()


def test_a_taken_id_is_refused_for_a_new_offer(desktop, form_site):
    _, _, url = form_site
    open_form(desktop, url)
    fill_common(desktop, "Hebamme Altstadt", "x", "y", "z")
    desktop.locator("#ww-id").fill("hebamme-altstadt")
    desktop.get_by_role("button", name="Angaben prüfen").click()
    desktop.wait_for_selector("#ww-errors:not([hidden])")
    assert "gibt es schon" in desktop.locator("#ww-errors").inner_text()


def test_staff_load_a_pasted_file_and_see_its_problems(desktop, form_site):
    _, _, url = form_site
    open_form(desktop, url)
    text = (MINI / "offers" / "hebamme-altstadt.md").read_text(encoding="utf-8")
    broken = text.replace('postal_code: "45879"', 'postal_code: "4587"')
    desktop.get_by_text("Für die Koordinationsstelle: eine Datei laden").click()
    desktop.get_by_label("Text der Datei").fill(broken)
    desktop.get_by_role("button", name="In das Formular laden").click()
    # loading is asynchronous (the YAML reader is fetched on first use): wait for the value
    expect(desktop.locator("[data-key=postal_code] input")).to_have_value("4587")
    expect(desktop.locator("#ww-errors")).to_contain_text("Postleitzahl")
    desktop.locator("[data-key=postal_code] input").fill("45879")
    vocab = load_directory(MINI, dt.date.fromisoformat(TODAY)).directory.vocabulary
    assert parse(desktop.locator("#ww-file").input_value(), vocab)[0] == parse(text, vocab)[0]


def test_staff_drop_a_file_onto_the_page(desktop, form_site):
    _, _, url = form_site
    open_form(desktop, url)
    text = (MINI / "offers" / "hebamme-altstadt.md").read_text(encoding="utf-8")
    desktop.evaluate("""text => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], "hebamme-altstadt.md", {type: "text/markdown"}));
        document.querySelector("h1").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", text.replace('postal_code: "45879"', 'postal_code: "4587"'))
    expect(desktop.locator("[data-key=postal_code] input")).to_have_value("4587")
    assert desktop.locator("#ww-id").input_value() == "hebamme-altstadt"  # from the file's name
    assert desktop.locator("details.ww-form__staff").get_attribute("open") is not None
    expect(desktop.locator("#ww-errors")).to_contain_text("Postleitzahl")


def test_unpublished_demo_offers_round_trip_through_the_staff_load(demo_url, browser, demo):
    """Expired and ended offers have no page and no prefill file: staff load their file instead."""
    hidden = sorted(set(demo.offers) - {o.id for o in demo.published})
    assert hidden
    page = browser.new_page()
    open_form(page, demo_url)
    vocab = demo.vocabulary
    for oid in hidden:
        original = (ROOT / "content" / "offers" / f"{oid}.md").read_text(encoding="utf-8")
        page.evaluate("([t, n]) => WegweiserForm.loadText(t, n)", [original, f"{oid}.md"])
        want, want_body, _ = parse(original, vocab)
        got, got_body, problems = parse(page.evaluate("WegweiserForm.text()"), vocab)
        assert problems == [] and got == want and got_body == want_body, oid
    page.close()


# --- accessible, private, keyboard --------------------------------------------------------------------

@pytest.mark.parametrize("scheme,width,errors", [("light", 1280, True), ("dark", 1280, True), ("light", 320, False)])
def test_axe_finds_nothing_on_the_form(browser, form_site, scheme, width, errors):
    """Axe takes seconds on this long page: the error state once per colour scheme, the rest once."""
    _, _, url = form_site
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    log = RequestLog(page, url)
    open_form(page, url, "?angebot=hebamme-altstadt")
    page.get_by_role("button", name="Ort auf der Karte wählen").click()
    page.get_by_text("Für die Koordinationsstelle: eine Datei laden").click()
    if errors:  # the error summary and the messages at the fields (not confirmed, a bad postal code)
        page.locator("[data-key=postal_code] input").fill("123")
        page.get_by_role("button", name="Angaben prüfen").click()
        assert page.locator("#ww-errors li").count() == 2
    else:
        submit(page)  # the routes
    results = axe_run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert log.foreign == []


def test_the_form_works_with_the_keyboard_alone(desktop, form_site):
    _, _, url = form_site
    open_form(desktop, url)
    desktop.locator("#ww-id").focus()
    desktop.keyboard.press("Tab")
    desktop.keyboard.type("Tastatur Treff")
    assert desktop.locator("#ww-id").input_value() == "tastatur-treff"
    desktop.keyboard.press("Enter")  # submits the form: the error summary takes the focus
    desktop.wait_for_selector("#ww-errors:not([hidden])")  # after asking whether the id is free
    assert desktop.evaluate("document.activeElement.id") == "ww-errors"
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("Enter")
    focused = desktop.evaluate("document.activeElement.id")
    assert focused and focused != "ww-errors"
    desktop.locator("[data-key=categories] input").first.focus()
    desktop.keyboard.press("Space")
    assert '"' + desktop.locator("[data-key=categories] input").first.get_attribute("value") + '"' in \
        desktop.locator("#ww-file").input_value()
    desktop.get_by_role("button", name="Einen Zeitblock hinzufügen").focus()
    desktop.keyboard.press("Enter")
    assert desktop.locator("[data-key=schedule] .ww-item").count() == 2
    assert desktop.evaluate("document.activeElement.closest('.ww-item') !== null")
