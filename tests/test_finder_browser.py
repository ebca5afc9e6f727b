"""The finder (/suche/) on the demo site in headless Chromium: results, facets, URL, keyboard, privacy.

Expectations come from the model (the loaded demo directory) and from the Python twin of the
search (wegweiser.site.search), never from hard-coded lists.
"""
import datetime as dt
import json
import math
import os
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest

from benchmarks.generate import REFERENCE_DAY, generate
from conftest import ROOT, TODAY
from support import RequestLog, axe_run, build_site, serve
from wegweiser.site import search
from wegweiser.content.directory import load_directory
from wegweiser.site.pages import serves
from wegweiser.model.schedule import Timetable, is_open

pytestmark = pytest.mark.browser

READY = "html[data-finder=ready]"  # waited for with a selector: the site's CSP forbids eval


@pytest.fixture(scope="module")
def demo():
    return load_directory(ROOT / "content", dt.date.fromisoformat(TODAY)).directory


def data_folder(site):
    (folder,) = [p for p in (site / "suche").iterdir() if (p / "woerter.json").is_file()]
    return folder


@pytest.fixture(scope="module")
def shipped_index(demo_site):
    """The index the site ships (word list and every shard), read back with lunr.py."""
    folder = data_folder(demo_site)
    shards = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (folder / "index").glob("*.json")}
    return search.decode(json.loads((folder / "woerter.json").read_text(encoding="utf-8")), shards)


def useful_order(demo, refs, stadtteil=""):
    """Without a search word: held in the chosen Stadtteil, then serving it otherwise, then city-wide;
    fewer life stages first; paused last; then the directory's order."""
    def place(o):
        if not stadtteil:
            return 0
        if o.citywide:
            return 2
        return 0 if any(loc.district == stadtteil for loc in o.locations) else 1
    return sorted(refs, key=lambda r: (demo.published[r].status == "paused", place(demo.published[r]),
                                       len(demo.published[r].life_stages), r))


def open_finder(page, demo_url, query=""):
    page.goto(demo_url + "suche/" + query)
    page.wait_for_selector(READY, state="attached")


def result_ids(page, expand=True):
    if expand:
        while page.locator("#ww-more").is_visible():
            page.locator("#ww-more").click()
    return page.eval_on_selector_all("#ww-results .ww-card__title a",
                                     "as => as.map(a => a.getAttribute('href').split('/').slice(-2)[0])")


def expected(demo, index, q="", lebensphase="", stadtteil="", nachbarn=False, alter=None, kostenlos=False,
             sprache="", barrierefrei=False, art="", thema=""):
    """The finder's rules, written against the model."""
    refs = search.search(index, q)[0] if search.query_words(q) else useful_order(demo, range(len(demo.published)),
                                                                                 stadtteil)
    vocab = demo.vocabulary

    def fits(o):
        if lebensphase and lebensphase not in o.life_stages:
            return False
        if stadtteil:
            near = demo.districts[stadtteil].neighbours if nachbarn else ()
            if not (o.citywide or serves(o, stadtteil) or any(loc.district in near for loc in o.locations)):
                return False
        if alter is not None:
            if o.age_min is not None:
                if not o.age_min <= alter <= o.age_max:
                    return False
            elif not any(s.age_min <= alter < s.age_max for s in vocab.life_stages if s.code in o.life_stages):
                return False
        if kostenlos and not o.cost_free:
            return False
        if sprache and sprache not in o.languages:
            return False
        if barrierefrei and not any(set(loc.accessibility) & vocab.barrierefrei for loc in o.locations):
            return False
        if art and art not in o.delivery:
            return False
        return not (thema and thema not in o.categories)

    return [demo.published[r].id for r in refs if fits(demo.published[r])]


CASES = [
    ("?q=Beratung", {"q": "Beratung"}),
    ("?q=Hebamme&kostenlos=1", {"q": "Hebamme", "kostenlos": True}),
    ("?lebensphase=baby&stadtteil=erle", {"lebensphase": "baby", "stadtteil": "erle"}),
    ("?stadtteil=erle&nachbarn=1&alter=2", {"stadtteil": "erle", "nachbarn": True, "alter": 2}),
    ("?q=Schwimmen+Kinder&alter=5", {"q": "Schwimmen Kinder", "alter": 5}),
    ("?sprache=tr&art=online", {"sprache": "tr", "art": "online"}),
    ("?thema=beratung&barrierefrei=1&lebensphase=kita", {"thema": "beratung", "barrierefrei": True,
                                                         "lebensphase": "kita"}),
    ("?q=Deutschkurs+mit+Kinderbetreuung", {"q": "Deutschkurs mit Kinderbetreuung"}),
]


@pytest.mark.parametrize("query,filters", CASES, ids=[c[0] for c in CASES])
def test_query_and_facets_give_the_expected_offers(desktop, demo_url, demo, shipped_index, query, filters):
    want = expected(demo, shipped_index, **filters)
    assert want, "a case that finds nothing proves little"
    open_finder(desktop, demo_url, query)
    assert result_ids(desktop) == want
    count = f"{len(want)} Angebot{'e' if len(want) != 1 else ''} gefunden."
    assert desktop.locator("#ww-status").inner_text() == count


def test_facet_counts_say_what_a_choice_gives(desktop, demo_url, demo, shipped_index):
    open_finder(desktop, demo_url, "?q=Beratung&kostenlos=1")
    for option in desktop.locator("#ww-lebensphase option").all()[1:]:
        code = option.get_attribute("value")
        shown = int(option.inner_text().rsplit("(", 1)[1].rstrip(")"))
        assert shown == len(expected(demo, shipped_index, q="Beratung", kostenlos=True, lebensphase=code)), code
    free = int(desktop.locator("[data-count='kostenlos']").inner_text().strip("()"))
    assert free == len(expected(demo, shipped_index, q="Beratung", kostenlos=True))


def test_agreement_python_and_browser_return_the_same_ids(desktop, demo_url, demo, shipped_index):
    open_finder(desktop, demo_url)
    queries = ["Beratung", "Beratungen", "hebamme", "Hebame", "heb", "kra", "Schwimmen Kinder kostenlos",
               "Deutschkurs mit Kinderbetreuung", "Erle", "Sprechstunde Buer", "Familienzentrum",
               "Ausbildung", "Übergang Beruf", "türkisch", "Alleinerziehende", "Krabelgruppe",
               "Hausaufgabenhilfe", "Elterncafé", "Schule", "xylophon quatsch"]
    # and one word of every offer's name
    queries += sorted({search.words(o.name)[0] for o in demo.published})
    for q in queries:
        python_ids, python_partial = search.search(shipped_index, q)
        browser = desktop.evaluate("q => window.wegweiserFinder.search(q)", q)
        assert browser["ids"] == [demo.published[r].id for r in python_ids], q
        assert browser["partial"] == python_partial, q


def test_agreement_german_stems(desktop, demo_url, demo):
    """Every word of the demo directory stems alike in lunr.de.js and in the Python pipeline."""
    open_finder(desktop, demo_url)
    vocabulary = sorted({w for o in demo.published for ws in search.document(0, o, demo).values()
                         if isinstance(ws, list) for w in ws})
    assert len(vocabulary) > 1000
    stems = desktop.evaluate("ws => ws.map(w => lunr.de.stemmer(new lunr.Token(w)).toString())", vocabulary)
    differ = [(w, js, search.stem(w)) for w, js in zip(vocabulary, stems) if js != search.stem(w)]
    assert differ == []


def test_url_holds_the_state_and_the_back_button_works(desktop, demo_url, demo, shipped_index):
    open_finder(desktop, demo_url)
    desktop.locator("#ww-q").press_sequentially("Hebamme")
    desktop.wait_for_url(lambda u: "q=Hebamme" in u)
    desktop.locator("#ww-kostenlos").check()
    desktop.locator("#ww-stadtteil").select_option("buer")
    params = parse_qs(urlparse(desktop.url).query)
    assert params == {"q": ["Hebamme"], "kostenlos": ["1"], "stadtteil": ["buer"]}
    with_district = result_ids(desktop)
    assert with_district == expected(demo, shipped_index, q="Hebamme", kostenlos=True, stadtteil="buer")

    desktop.go_back()
    desktop.wait_for_url(lambda u: "stadtteil" not in u)
    assert desktop.locator("#ww-stadtteil").input_value() == ""
    assert desktop.locator("#ww-kostenlos").is_checked()
    assert result_ids(desktop) == expected(demo, shipped_index, q="Hebamme", kostenlos=True)
    desktop.go_forward()
    desktop.wait_for_url(lambda u: "stadtteil=buer" in u)
    assert desktop.locator("#ww-stadtteil").input_value() == "buer"
    assert result_ids(desktop) == with_district

    shared = desktop.url  # a link someone sends: the same view on opening
    desktop.goto("about:blank")
    desktop.goto(shared)
    desktop.wait_for_selector(READY, state="attached")
    assert desktop.locator("#ww-q").input_value() == "Hebamme"
    assert result_ids(desktop) == with_district


def test_landing_links_set_the_filters(desktop, demo_url, demo, shipped_index):
    desktop.goto(demo_url + "lebensphasen/kita/")
    desktop.get_by_role("link", name="In dieser Lebensphase suchen und filtern").click()
    desktop.wait_for_selector(READY, state="attached")
    assert desktop.locator("#ww-lebensphase").input_value() == "kita"
    assert result_ids(desktop) == expected(demo, shipped_index, lebensphase="kita")

    desktop.goto(demo_url + "stadtteile/horst/")
    desktop.get_by_role("link", name="In diesem Stadtteil suchen und filtern").click()
    desktop.wait_for_selector(READY, state="attached")
    assert desktop.locator("#ww-stadtteil").input_value() == "horst"
    assert result_ids(desktop) == expected(demo, shipped_index, stadtteil="horst")

    for start, box in (("", "#ww-home-q"), ("stadtteile/", "#ww-header-q")):
        desktop.goto(demo_url + start)
        desktop.locator(box).fill("Schwimmkurs")
        desktop.locator(box).press("Enter")
        desktop.wait_for_selector(READY, state="attached")
        assert desktop.locator("#ww-q").input_value() == "Schwimmkurs"
        assert result_ids(desktop) == expected(demo, shipped_index, q="Schwimmkurs")


def test_results_are_the_sites_own_cards(desktop, demo_url):
    """A result card has the markup of _card.html: the same elements, classes and text."""
    shape = """card => {
      const walk = n => n.nodeType === 3 ? (n.textContent.trim() ? ['#', n.textContent.replace(/\\s+/g, ' ').trim()] : null)
        : [n.tagName.replace(/^H[2-4]$/, 'H'), n.className, n.tagName === 'A' ? n.href : '',
           ...[...n.childNodes].map(walk).filter(Boolean)];
      return walk(card);
    }"""
    built = {}
    for district in ("hassel", "buer", "erle"):
        desktop.goto(demo_url + f"lebensphasen/kleinkind/{district}/")
        built.update({c.evaluate("c => c.querySelector('a').href"): c.evaluate(shape)
                      for c in desktop.locator(".ww-card").all()})
    open_finder(desktop, demo_url, "?lebensphase=kleinkind&stadtteil=hassel")
    cards = desktop.locator("#ww-results .ww-card").all()
    # The one live addition: the next date, as of the moment the card is drawn.
    assert desktop.locator("#ww-results .ww-card__next").count() > 0
    compared = 0
    for card in cards:
        link = card.evaluate("c => c.querySelector('a').href")
        if link in built:  # the city-wide ones have no card page of their own
            assert card.evaluate("c => { c.querySelectorAll('.ww-card__next').forEach(n => n.remove()); }") is None
            assert card.evaluate(shape) == built[link]  # (heading levels differ by page)
            compared += 1
    assert compared >= 3


def test_keyboard_only(desktop, demo_url, demo, shipped_index):
    open_finder(desktop, demo_url)
    for _ in range(40):  # from the top of the page to the finder's search box
        desktop.keyboard.press("Tab")
        if desktop.evaluate("document.activeElement.id") == "ww-q":
            break
    assert desktop.evaluate("document.activeElement.id") == "ww-q"
    desktop.keyboard.type("Beratung")
    desktop.keyboard.press("Enter")
    steps = []
    for _ in range(30):
        desktop.keyboard.press("Tab")
        steps.append(desktop.evaluate("document.activeElement.id"))
        if steps[-1] == "ww-kostenlos":
            break
    assert "ww-lebensphase" in steps and "ww-stadtteil" in steps and steps[-1] == "ww-kostenlos"
    desktop.keyboard.press("Space")
    desktop.wait_for_url(lambda u: "kostenlos=1" in u)
    want = expected(demo, shipped_index, q="Beratung", kostenlos=True)
    for _ in range(30):
        desktop.keyboard.press("Tab")
        if desktop.evaluate("document.activeElement.closest('#ww-results') !== null"):
            break
    first = desktop.evaluate("document.activeElement.getAttribute('href')")
    assert first.split("/")[-2] == want[0]
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(f"**/angebote/{want[0]}/")


def test_more_results_move_focus_to_the_first_new_card(desktop, demo_url):
    open_finder(desktop, demo_url)
    assert desktop.locator("#ww-results .ww-card").count() == 20
    desktop.locator("#ww-more").focus()
    desktop.keyboard.press("Enter")
    desktop.wait_for_selector("#ww-results .ww-card:nth-child(40)")
    assert desktop.locator("#ww-results .ww-card").count() == 40
    assert desktop.evaluate("[...document.querySelectorAll('#ww-results .ww-card')].indexOf("
                            "document.activeElement.closest('.ww-card'))") == 20


def test_open_now_is_evaluated_in_berlin_time(browser, demo_url, demo):
    # Tuesday 24 Nov 2026, 10:00 in Berlin — on a device set to New York time
    context = browser.new_context(timezone_id="America/New_York", locale="de-DE")
    context.clock.set_fixed_time(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc))
    page = context.new_page()
    open_finder(page, demo_url, "?offen=1")
    moment = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)
    want = [demo.published[r].id for r in useful_order(demo, [
        i for i, o in enumerate(demo.published) if is_open(Timetable.of(o), demo.calendar, moment)])]
    assert want and len(want) < len(demo.published)
    assert result_ids(page) == want
    context.close()


def test_my_location_sorts_by_distance_on_the_device(browser, demo_url, demo):
    context = browser.new_context(locale="de-DE", permissions=["geolocation"],
                                  geolocation={"latitude": 51.5596, "longitude": 7.1138})
    page = context.new_page()
    log = RequestLog(page, demo_url)
    open_finder(page, demo_url, "?lebensphase=kleinkind")
    before = len(log.urls)
    page.get_by_role("button", name="Meinen Standort verwenden").click()
    page.wait_for_selector("#ww-order:has-text('Nach Entfernung sortiert')")

    def km(o):
        if not o.locations:
            return math.inf
        return min(6371 * 2 * math.asin(math.sqrt(
            math.sin(math.radians(loc.lat - 51.5596) / 2) ** 2 + math.cos(math.radians(51.5596))
            * math.cos(math.radians(loc.lat)) * math.sin(math.radians(loc.lon - 7.1138) / 2) ** 2))
            for loc in o.locations)

    got = result_ids(page)
    distances = [km(demo.offers[i]) for i in got]
    assert distances == sorted(distances) and distances[0] < 0.5
    assert set(got) == {o.id for o in demo.published if "kleinkind" in o.life_stages}
    # the position was not sent anywhere: only the file of places was fetched, the same for everyone
    assert [urlparse(u).path.rsplit("/", 1)[-1] for u in log.urls[before:]] == ["orte.json"]
    assert not any("?" in u for u in log.urls[before:])
    assert "51.5" not in page.url and "7.11" not in page.url
    context.close()


def test_axe_and_same_origin_with_results_and_filters(desktop, demo_url, demo_site):
    log = RequestLog(desktop, demo_url)
    open_finder(desktop, demo_url, "?q=Beratung&stadtteil=erle&nachbarn=1&kostenlos=1")
    desktop.locator("#ww-more").is_visible()
    results = axe_run(desktop)
    assert results.violations_count == 0, results.generate_report()
    desktop.locator("#ww-q").fill("")
    # the finder waits for a pause in typing before it fetches; networkidle can come before that
    with desktop.expect_response(lambda r: r.url.endswith("/index/fa.json")):
        desktop.locator("#ww-q").press_sequentially("Familie")
    desktop.wait_for_load_state("networkidle")
    assert log.foreign == []
    fetched = [urlparse(u).path for u in log.urls if ".json" in u]
    assert len(fetched) == len(set(fetched))  # each file once
    names = {p.split("/suche/", 1)[1].split("/", 1)[1] for p in fetched}
    # the facets, the words, the shards of the words typed and the card texts shown: not the whole index
    assert {"facetten.json", "woerter.json", "index/be.json", "index/fa.json"} <= names
    shards = len(list((data_folder(demo_site) / "index").glob("*.json")))
    assert len([n for n in names if n.startswith("index/")]) <= 4 < shards


def test_without_javascript_the_page_explains_itself(browser, demo_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "suche/?q=Hebamme")
    notice = page.locator("main .ww-notice")
    assert "braucht JavaScript" in notice.inner_text()
    assert not page.locator("#ww-filters").is_visible()
    page.get_by_role("link", name="Stadtteile").last.click()
    page.wait_for_url("**/stadtteile/")
    context.close()


def test_hostile_offer_text_stays_text(browser, tree, tmp_path):
    hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>Hebamme"
    tree.replace("offers/hebamme-altstadt.md", "name: ", f"name: '{hostile}' #")
    site = build_site(tmp_path, tree.path)
    context = browser.new_context()
    page = context.new_page()
    with serve(site) as url:
        open_finder(page, url, "?q=onerror")
        title = page.locator("#ww-results .ww-card__title a").first
        assert title.inner_text() == hostile
        assert page.locator("#ww-results img, #ww-results script").count() == 0
        assert page.evaluate("window.pwned") is None
    context.close()


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    """A generated directory of 1,000 offers, built: split shards and more card files than are preloaded."""
    work = tmp_path_factory.mktemp("thousand")
    before = os.environ.get("WEGWEISER_TODAY")
    os.environ["WEGWEISER_TODAY"] = REFERENCE_DAY.isoformat()
    try:
        generate(work / "content", 1000)
        site = build_site(work, work / "content")
        directory = load_directory(work / "content", REFERENCE_DAY).directory
    finally:
        os.environ["WEGWEISER_TODAY"] = before or TODAY
    with serve(site) as url:
        yield SimpleNamespace(site=site, url=url, directory=directory)


def test_split_shards_agree_with_python_at_a_thousand_offers(browser, thousand):
    """Shards split by three letters ("be" → "ber", "bei" …): the URL's word fetches its three-letter
    shard, and the browser returns Python's ids."""
    folder = data_folder(thousand.site)
    words = json.loads((folder / "woerter.json").read_text(encoding="utf-8"))
    assert "be" in search.split_keys(words["shards"])
    shards = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (folder / "index").glob("*.json")}
    index = search.decode(words, shards)
    context = browser.new_context()
    page = context.new_page()
    with page.expect_response(lambda r: r.url.endswith("/index/ber.json")):
        open_finder(page, thousand.url, "?q=beratung")
    for q in ("Beratung", "Beratungen", "bera", "Beratunng", "be", "Kinder", "Kita Schwimmen", "Elterncafe"):
        python_ids, python_partial = search.search(index, q)
        got = page.evaluate("q => window.wegweiserFinder.search(q)", q)
        assert got["ids"] == [thousand.directory.published[r].id for r in python_ids], q
        assert got["partial"] == python_partial, q
    context.close()


@pytest.mark.parametrize("address, prefetch", [("?q=Beratung", True), ("?q=Beratung&kostenlos=1", False)])
def test_a_word_alone_fetches_its_first_cards_before_the_facets_arrive(browser, thousand, address, prefetch):
    """With only a word in the address the first results are the search's order: their card texts
    are on the way while the facets are held back; with a filter the order needs the facets first."""
    context = browser.new_context()
    page = context.new_page()
    held, requested = [], []
    page.route("**/facetten.json", lambda route: held.append(route))
    page.on("request", lambda r: requested.append(r.url))
    page.goto(thousand.url + "suche/" + address)
    page.wait_for_timeout(2000)
    early = [u for u in requested if "/karten/" in u]
    assert held, "the facets were requested"
    assert bool(early) == prefetch, early
    assert page.locator("#ww-results .ww-card").count() == 0  # nothing is drawn without the facets
    held[0].continue_()
    page.wait_for_selector(READY, state="attached")
    assert page.locator("#ww-results .ww-card").count() > 0
    if prefetch:  # the cards drawn are the ones fetched early: no second fetch of those files
        assert len([u for u in requested if "/karten/" in u]) >= len(early)
        assert len(set(early)) == len(early)
    context.close()
