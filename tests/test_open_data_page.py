"""The open-data page of the demo site in Chromium: every file it lists is there, with the size it says."""
import csv
import io

import pytest

from wegweiser.data import csv_export, export, hsds_export

pytestmark = pytest.mark.browser


def test_every_listed_file_downloads_with_the_size_shown(desktop, demo_url):
    desktop.goto(demo_url + "offene-daten/")
    items = desktop.locator(".ww-download")
    assert items.count() >= 2 + len(hsds_export.TABLES)  # ours, and whatever other features register
    for i in range(items.count()):
        item = items.nth(i)
        link = item.locator("a.ww-download__title")
        response = desktop.request.get(link.evaluate("a => a.href"))
        assert response.status == 200, link.get_attribute("href")
        body = response.body()
        meta = item.locator(".ww-download__meta").inner_text()
        assert meta.endswith(" · " + export.size_text(len(body))), meta
        if link.get_attribute("href").endswith("/offers.csv"):
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
            assert tuple(rows[0]) == csv_export.CSV_COLUMNS and len(rows) > 100


def test_reached_from_the_about_section_on_a_phone(phone, demo_url):
    phone.goto(demo_url + "ueber/")
    phone.locator("label.md-header__button[for='__drawer']").click()  # the menu
    phone.locator(".md-nav--primary a.md-nav__link[href$='offene-daten/']").click()
    phone.wait_for_url("**/offene-daten/")
    assert phone.locator("h1").inner_text() == "Offene Daten"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
