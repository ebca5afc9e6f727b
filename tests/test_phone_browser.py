"""The demo on a small screen and at high zoom, the finder's first paint, and the finder without script."""
from pathlib import Path

import pytest

from conftest import ROOT
from support import settle

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "start": "",
    "lebensphasen": "lebensphasen/",
    "lebensphase": "lebensphasen/kita/",
    "lebensphase-stadtteil": "lebensphasen/kleinkind/hassel/",
    "stadtteile": "stadtteile/",
    "stadtteil": "stadtteile/hassel/",
    "angebot": "angebote/krabbelgruppe-erle/",
    "suche": "suche/?q=beratung",
    "offene-daten": "offene-daten/",
    "statisch": "ueber/",
    "planung": "planung/versorgung/",
}
SHOTS = ROOT / "test-artifacts" / "reflow"

# Everything past the right edge that is not inside a box the reader can scroll on its own.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= width + 0.5) continue;
    let scroller = el.parentElement, inside = false;
    for (; scroller && scroller !== document.body; scroller = scroller.parentElement) {
      const s = getComputedStyle(scroller);
      if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') { inside = true; break; }
    }
    if (!inside && getComputedStyle(el).visibility !== 'hidden') out.push(el.tagName + '.' + el.className);
  }
  return out;
}"""
# Text cut off inside its own box (an ellipsis, or a box too narrow for its word).
CLIPPED = """() => [...document.querySelectorAll('main h1, main h2, main h3, .ww-card, .md-header__topic:first-child .md-ellipsis,'
  + ' .ww-headersearch button, .ww-searchform button, .md-button')]
  .filter(el => el.getClientRects().length && !el.closest('.ww-sr-only') && el.scrollWidth > el.clientWidth + 1)
  .map(el => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("zoom", [1, 2, 4], ids=["320px", "200%", "400%"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_sideways_scrolling_and_nothing_cut_off(browser, demo_url, name, zoom):
    """WCAG 1.4.10: a 320 px phone; 200 % and 400 % zoom of a 1280 × 1024 window (640 and 320 CSS px)."""
    width, height = (320, 640) if zoom == 1 else (1280 // zoom, 1024 // zoom)
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=zoom,
                                  locale="de-DE")
    page = context.new_page()
    page.goto(demo_url + PAGE_TYPES[name], wait_until="networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}px-x{zoom}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(OVERFLOW) == []
    assert page.evaluate(CLIPPED) == []
    context.close()


# The header topic on screen (Material fades the page title in for the site name once the page scrolls)
# against the bar: how far its text stays inside at the top and at the bottom.
HEADER_TOPIC = """() => {
  const bar = document.querySelector('.md-header__inner').getBoundingClientRect();
  return [...document.querySelectorAll('.md-header__topic')].filter(t => getComputedStyle(t).opacity === '1')
    .map(t => t.querySelector('.md-ellipsis').getBoundingClientRect())
    .map(r => [Math.round(r.top - bar.top), Math.round(bar.bottom - r.bottom)]);
}"""


@pytest.mark.parametrize("path", ["angebote/alleinerziehenden-fruehstueck-hassel/", "mitmachen/"])
def test_the_page_title_that_replaces_the_site_name_stays_in_the_bar(browser, demo_url, path):
    """At 320 px both names wrap onto two lines; the page title used to sit half below the bar."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="de-DE")
    page = context.new_page()
    page.goto(demo_url + path)
    settle(page)
    top = page.evaluate(HEADER_TOPIC)
    page.mouse.wheel(0, 900)
    page.wait_for_selector(".md-header__title--active")
    settle(page)
    scrolled = page.evaluate(HEADER_TOPIC)
    context.close()
    assert len(top) == 1 and min(top[0]) >= 0, top
    assert len(scrolled) == 1 and min(scrolled[0]) >= 0, scrolled


LAYOUT_SHIFT = """() => new Promise(done => {
  let sum = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(sum), 500);
})"""


@pytest.mark.parametrize("query", ["?q=beratung", "?lebensphase=kleinkind&stadtteil=hassel", ""])
def test_the_finder_loads_without_layout_shift(phone, demo_url, query):
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})  # slow enough to see what moves as it loads
    phone.goto(demo_url + "suche/" + query)
    phone.wait_for_selector("#ww-results .ww-card")
    phone.wait_for_selector("html[data-finder=ready]", state="attached")
    assert phone.evaluate(LAYOUT_SHIFT) == 0


def test_the_finder_says_how_the_list_is_ordered(phone, demo_url):
    phone.goto(demo_url + "suche/?lebensphase=kleinkind&stadtteil=hassel")
    phone.wait_for_selector("#ww-results .ww-card")
    assert "zuerst in Hassel" in phone.locator("#ww-order").inner_text()
    # the example: the toddler group held in Hassel comes first, not 11th of 14
    assert phone.locator("#ww-results .ww-card__title").first.inner_text() == "Krabbelgruppe Pusteblume"
    phone.goto(demo_url + "suche/?q=beratung")
    phone.wait_for_selector("#ww-results .ww-card")
    assert phone.locator("#ww-order").inner_text() == "Die besten Treffer zuerst."


def test_without_javascript_the_header_search_leads_to_browse_paths(browser, demo_url, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(demo_url + "stadtteile/")
    page.locator("#ww-header-q").fill("Krabbelgruppe")
    page.locator("#ww-header-q").press("Enter")  # a plain GET form, the same with or without script
    page.wait_for_url("**/suche/?q=Krabbelgruppe")
    assert not page.locator("#ww-filters").is_visible() and not page.locator("#ww-results").is_visible()
    assert not page.locator("#ww-q-hint").is_visible()  # "Treffer beim Tippen" needs the script
    notice = page.locator(".ww-nojs")
    assert "braucht JavaScript" in notice.inner_text()
    page.get_by_role("link", name="Kleinkind").click()
    page.wait_for_url("**/lebensphasen/kleinkind/")
    page.get_by_role("link", name="Hassel", exact=True).click()
    page.wait_for_url("**/lebensphasen/kleinkind/hassel/")
    assert "Krabbelgruppe Pusteblume" in page.locator("main").inner_text()
    context.close()


def test_the_language_links_are_big_enough_for_a_finger(phone, demo_url):
    """WCAG 2.5.8 (Lighthouse's target-size): every link of the language menu at least 24 px high."""
    phone.goto(demo_url + "ueber/")
    heights = phone.eval_on_selector_all("nav.ww-languages a", "as => as.map(a => a.getBoundingClientRect().height)")
    assert heights and min(heights) >= 24, heights
