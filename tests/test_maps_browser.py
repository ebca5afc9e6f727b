"""The maps in headless Chromium: same-origin only, axe-clean, usable by keyboard and by tapping."""
import pytest

from support import RequestLog, axe_run

pytestmark = pytest.mark.browser

MAP_PAGES = ["stadtteile/", "stadtteile/altstadt/", "angebote/babymassage-bismarck/"]


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_pages_request_nothing_from_elsewhere(phone, demo_url, url):
    log = RequestLog(phone, demo_url)
    phone.goto(demo_url + url, wait_until="networkidle")
    assert phone.locator("figure.ww-map svg").count() >= 1
    assert log.foreign == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", MAP_PAGES)
def test_axe_finds_nothing_on_the_maps(browser, demo_url, url, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(demo_url + url)
    results = axe_run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_city_map_works_with_the_keyboard(desktop, demo_url):
    desktop.goto(demo_url + "stadtteile/")
    first = desktop.locator("a.ww-map__area").first
    name = first.get_attribute("aria-label")
    for _ in range(60):
        desktop.keyboard.press("Tab")
        if desktop.evaluate("document.activeElement.classList.contains('ww-map__area')"):
            break
    assert desktop.evaluate("document.activeElement.getAttribute('aria-label')") == name
    width = desktop.evaluate("getComputedStyle(document.activeElement.querySelector('path')).strokeWidth")
    assert width == "4px"  # the focused Stadtteil is outlined
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**/stadtteile/altstadt/")
    assert desktop.locator("h1").inner_text() == "Altstadt"


def test_every_stadtteil_is_a_named_link_on_the_city_map(desktop, demo_url):
    desktop.goto(demo_url + "stadtteile/")
    names = desktop.locator("a.ww-map__area").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    table = desktop.locator("table#tabelle tbody th a").all_inner_texts()
    assert len(names) == len(table) == 18
    assert [n.split(":")[0] for n in names] == table
    assert all(" Angebot" in n and "je 1.000 Kinder und Jugendliche" in n for n in names)


def test_a_marker_opens_its_offer_on_a_phone(phone, demo_url):
    phone.goto(demo_url + "stadtteile/altstadt/")
    marker = phone.locator("a.ww-map__marker").first
    label = marker.get_attribute("aria-label")
    marker.tap()
    phone.wait_for_url("**/angebote/**")
    assert label.startswith(phone.locator("h1").inner_text())


def test_skip_link_jumps_past_the_markers(desktop, demo_url):
    desktop.goto(demo_url + "stadtteile/altstadt/")
    skip = desktop.locator("a.ww-skip")
    skip.focus()
    assert skip.is_visible()
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("location.hash") == "#angebote"
