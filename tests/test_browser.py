"""The demo site in headless Chromium, as a family on a phone sees it."""
import subprocess
import sys
from pathlib import Path

import pytest

from support import RequestLog, axe_run

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "start": "",
    "lebensphasen": "lebensphasen/",
    "lebensphase": "lebensphasen/kleinkind/",
    "lebensphase-stadtteil": "lebensphasen/kleinkind/hassel/",
    "stadtteile": "stadtteile/",
    "stadtteil": "stadtteile/erle/",
    "angebot": "angebote/krabbelgruppe-erle/",
    "suche": "suche/",
    "statisch": "ueber/",
    "offene-daten": "offene-daten/",
}


def test_start_to_offer_in_three_taps_on_a_phone(phone, demo_url):
    log = RequestLog(phone, demo_url)
    phone.goto(demo_url)
    phone.get_by_role("link", name="Mein Kind ist 1 oder 2 Jahre alt").tap()  # 1
    phone.wait_for_url("**/lebensphasen/kleinkind/")
    phone.get_by_role("link", name="Hassel", exact=True).tap()  # 2
    phone.wait_for_url("**/lebensphasen/kleinkind/hassel/")
    phone.locator(".ww-card__title a").first.tap()  # 3
    phone.wait_for_url("**/angebote/**")
    assert phone.locator("h1").count() == 1
    assert phone.locator("a[href^='tel:']").count() >= 1 or phone.locator("a[href^='mailto:']").count() >= 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sideways on a phone
    assert log.foreign == []


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_reports_no_violations(desktop, demo_url, name):
    desktop.goto(demo_url + PAGE_TYPES[name])
    results = axe_run(desktop)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_request_is_same_origin(phone, demo_url, name):
    log = RequestLog(phone, demo_url)
    phone.goto(demo_url + PAGE_TYPES[name], wait_until="networkidle")
    assert len(log.urls) > 1
    assert log.foreign == []


def test_browsing_works_without_javascript(browser, demo_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(demo_url)
    page.get_by_role("link", name="Ich bin schwanger").click()
    page.wait_for_url("**/lebensphasen/schwangerschaft/")
    page.locator(".ww-lines a").first.click()
    page.wait_for_url("**/angebote/**")
    assert page.locator("h2#wichtig").is_visible()
    page.goto(demo_url + "stadtteile/")
    page.get_by_role("link", name="Buer", exact=True).first.click()
    page.wait_for_url("**/stadtteile/buer/")
    assert page.locator("h1").inner_text() == "Buer"
    context.close()


def test_no_broken_internal_link_or_anchor(demo_site):
    lychee = str(Path(sys.executable).parent / "lychee")
    result = subprocess.run([lychee, "--offline", "--no-progress", "--root-dir", str(demo_site),
                             "--index-files", "index.html", "--include-fragments", f"{demo_site}/**/*.html"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
