"""The staff views built into real sites: the setting, noindex, the CSV, the hidden need index, and the
pages in headless Chromium (axe, same-origin, phone width)."""
import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser

import pytest

from conftest import FIXTURES, ROOT, TODAY
from support import RequestLog, axe_run, build_site, serve, write_config

PLANNING = FIXTURES / "planning"
PAGES = ("planung/", "planung/qualitaet/", "planung/versorgung/")


@pytest.fixture(scope="session")
def planning_site(tmp_path_factory):
    os.environ["WEGWEISER_TODAY"] = TODAY
    return build_site(tmp_path_factory.mktemp("planning"), PLANNING)


@pytest.fixture(scope="session")
def planning_url(planning_site):
    with serve(planning_site) as url:
        yield url


def read(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


class MatrixRows(HTMLParser):
    """The matrix body as {district name: (row header text, [cell texts])}."""

    def __init__(self, html):
        super().__init__()
        self.rows, self._row, self._cell, self._in_body = {}, None, None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self._row = ["", []]
        elif self._in_body and tag in ("th", "td"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif self._in_body and tag in ("th", "td") and self._row is not None:
            text = " ".join(self._cell.split())
            if tag == "th":
                self._row[0] = text
            else:
                self._row[1].append(text)
            self._cell = None
        elif self._in_body and tag == "tr" and self._row:
            self.rows[self._row[0].split(" Bedarfsklasse")[0]] = tuple(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def test_pages_are_built_noindex_and_not_in_the_navigation(planning_site):
    for url in PAGES:
        html = read(planning_site, url)
        assert '<meta name="robots" content="noindex">' in html, url
        nav = html[html.index('class="md-nav md-nav--primary'):].split("</nav>")[0]
        assert "planung/" not in nav, url
    assert "noindex" not in read(planning_site, "")


def test_setting_off_builds_nothing_on_links_edits_and_keeps_noindex_pages_out_of_the_sitemap(tmp_path):
    (tmp_path / "on").mkdir()
    on = build_site(tmp_path / "on", PLANNING, site_url="https://stadt.example.org/ww/",
                    extra='    repository: {host: gitlab, url: "https://git.example.org/stadt/ww", branch: main}\n')
    report = read(on, "planung/qualitaet/")
    assert re.search(r'<a href="https://git\.example\.org/stadt/ww/-/edit/main/[^"]*/offers/falsches-alter\.md"><code>', report)
    sitemap = (on / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://stadt.example.org/ww/angebote/baby-nord/" in sitemap
    assert "planung" not in sitemap  # noindex pages do not belong in a sitemap
    assert (on / "planung" / "versorgung" / "versorgungsmatrix.csv").is_file()
    (tmp_path / "off").mkdir()
    site = build_site(tmp_path / "off", PLANNING, extra="    planning: false\n")
    assert not (site / "planung").exists()
    assert (site / "angebote" / "baby-nord" / "index.html").is_file()
    assert [p.relative_to(site).as_posix() for p in site.rglob("*.csv")] == ["offers.csv"]  # open data only


def test_matrix_page_shows_the_fixture_numbers(planning_site):
    rows = MatrixRows(read(planning_site, "planung/versorgung/")).rows
    assert list(rows) == ["Nordstadt", "Ostviertel", "Südstadt", "Mitte", "Weststadt"]
    head, cells = rows["Nordstadt"]
    assert head == "Nordstadt Bedarfsklasse 5 2.000 Kinder"
    # schwangerschaft, baby, kleinkind, kita, grundschule, jugend, beruf
    assert cells == ["0 Angebote 0,0 je 1.000 Kinder", "2 Angebote 1,0 je 1.000 Kinder Lücke",
                     "0 Angebote 0,0 je 1.000 Kinder", "2 Angebote 1,0 je 1.000 Kinder Lücke",
                     "0 Angebote 0,0 je 1.000 Kinder", "1 Angebot 0,5 je 1.000 Kinder",
                     "0 Angebote 0,0 je 1.000 Kinder"]
    assert rows["Weststadt"][0] == "Weststadt Bedarfsklasse keine Angabe Kinderzahl: keine Daten"
    assert rows["Weststadt"][1][1] == "2 Angebote keine Daten"


def test_hidden_need_index_stays_off_the_built_site(planning_site):
    html = read(planning_site, "planung/versorgung/")
    head, cells = MatrixRows(html).rows["Mitte"]
    assert head == "Mitte Bedarfsklasse nicht veröffentlicht 4.000 Kinder"
    assert not any("Lücke" in c for c in cells)  # a flag would give the hidden class away
    assert "Interne Vorschau" not in html
    csv_text = (planning_site / "planung/versorgung/versorgungsmatrix.csv").read_text(encoding="utf-8-sig")
    mitte = [r for r in csv.DictReader(io.StringIO(csv_text), delimiter=";") if r["stadtteil_id"] == "mitte"]
    assert {r["bedarfsklasse"] for r in mitte} == {"nicht veröffentlicht"}


def test_cells_link_to_the_finder_and_the_csv_is_linked(planning_site):
    html = read(planning_site, "planung/versorgung/")
    assert 'href="../../suche/?stadtteil=nord&amp;lebensphase=baby"' in html
    assert 'href="versorgungsmatrix.csv" download' in html
    assert 'class="ww-cell ww-shade-0"' in html and "ww-cell--flag" in html


def test_built_csv_parsed_back(planning_site):
    rows = list(csv.DictReader(io.StringIO(
        (planning_site / "planung/versorgung/versorgungsmatrix.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    got = {(r["stadtteil_id"], r["lebensphase_id"]): (int(r["angebote"]), r["je_1000_kinder"], r["markiert"])
           for r in rows if r["lebensphase_id"] in ("baby", "kita", "jugend")}
    assert got == {
        ("nord", "baby"): (2, "1,0", "ja"), ("nord", "kita"): (2, "1,0", "ja"), ("nord", "jugend"): (1, "0,5", "nein"),
        ("ost", "baby"): (1, "2,0", "nein"), ("ost", "kita"): (2, "4,0", "nein"), ("ost", "jugend"): (0, "0,0", "ja"),
        ("sued", "baby"): (2, "2,0", "nein"), ("sued", "kita"): (3, "3,0", "nein"), ("sued", "jugend"): (1, "1,0", "nein"),
        ("mitte", "baby"): (3, "0,8", "nein"), ("mitte", "kita"): (1, "0,3", "nein"),
        ("mitte", "jugend"): (1, "0,3", "nein"),
        ("west", "baby"): (2, "keine Daten", "nein"), ("west", "kita"): (1, "keine Daten", "nein"),
        ("west", "jugend"): (1, "keine Daten", "nein")}


def test_quality_report_page_names_files_and_links_published_entries(planning_site):
    html = read(planning_site, "planung/qualitaet/")
    stale = html[html.index('id="gruppe-stale"'):html.index('id="gruppe-recommended"')]
    order = [m for m in re.findall(r"Babycafé Südstadt|Ostviertel|Jugendberatung Nordstadt", stale)]
    assert order == ["Babycafé Südstadt", "Ostviertel", "Jugendberatung Nordstadt"]
    assert '<a href="../../angebote/alt-geprueft-1/">Babycafé Südstadt</a>' in stale
    assert "Alter Träger A" in stale and "15.01.2025" in stale
    assert re.search(r"Abgelaufener Kurs <span class=\"ww-muted\">\(nicht veröffentlicht\)</span>", html)
    assert "angebote/abgelaufen/" not in html  # no link to a page that does not exist
    assert re.search(r"<code>[^<]*offers/falsches-alter\.md:7</code>", html)
    assert 'id="gruppe-location-outside"' not in html  # empty groups: only in the overview table


def test_overview_counts(planning_site):
    html = read(planning_site, "planung/")
    assert "10 Hinweise der Prüfung" in html
    assert "<dd>12 (veröffentlicht und aktiv)</dd>" in html
    assert "<dd>1 pausiert, 1 noch nicht begonnen</dd>" in html
    assert "<dd>3 (hoher Bedarf, wenig Angebot)</dd>" in html


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_local_preview_shows_every_need_class(tmp_path):
    """`mkdocs serve` is never published: there the matrix orders and flags by every class."""
    config = write_config(tmp_path, PLANNING)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "WEGWEISER_TODAY": TODAY}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-q", "--no-livereload", "-f", str(config),
                               "-a", f"127.0.0.1:{port}"], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        html, deadline = None, time.monotonic() + 120
        while html is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/planung/versorgung/", timeout=5) as r:
                    html = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert html is not None, server.stderr.read().decode() if server.poll() is not None else "timeout"
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = MatrixRows(html).rows
    assert list(rows) == ["Nordstadt", "Mitte", "Ostviertel", "Südstadt", "Weststadt"]
    assert rows["Mitte"][0] == "Mitte Bedarfsklasse 4 4.000 Kinder"
    assert sum("Lücke" in c for c in rows["Mitte"][1]) == 3
    assert "Interne Vorschau" in html


# --- in Chromium --------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("source", ["fixture", "demo"])
def test_axe_reports_no_violations(desktop, planning_url, demo_url, source, url):
    desktop.goto((planning_url if source == "fixture" else demo_url) + url)
    results = axe_run(desktop)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
@pytest.mark.parametrize("url", PAGES)
def test_phone_same_origin_and_nothing_sideways(phone, demo_url, url):
    log = RequestLog(phone, demo_url)
    phone.goto(demo_url + url, wait_until="networkidle")
    assert len(log.urls) > 1 and log.foreign == []
    # the matrix scrolls inside its own box; the page itself never scrolls sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    results = axe_run(phone)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.browser
def test_matrix_cell_opens_the_finder(desktop, demo_url):
    desktop.goto(demo_url + "planung/versorgung/")
    desktop.locator(".ww-matrix tbody tr").first.locator("td a").nth(1).click()
    desktop.wait_for_url(re.compile(r".*/suche/\?stadtteil=[a-z-]+&lebensphase=baby$"))


@pytest.mark.browser
def test_matrix_is_printable(desktop, demo_url):
    """Printed on A4 the matrix is not cut off: no scroll box, the whole table within the page."""
    desktop.goto(demo_url + "planung/versorgung/")
    desktop.emulate_media(media="print")
    desktop.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    box = desktop.locator(".ww-scroll")
    assert box.evaluate("e => getComputedStyle(e).overflowX") == "visible"
    assert desktop.locator(".ww-matrix").evaluate("e => e.getBoundingClientRect().right") <= 794
    assert desktop.locator(".md-header").is_hidden()


def test_demo_report_lists_a_sample_of_the_example_entries(demo_site):
    import datetime as dt
    from wegweiser.site import planning
    from wegweiser.content.directory import load_directory
    directory = load_directory(ROOT / "content", dt.date.fromisoformat(TODAY)).directory
    examples = {g.kind: g for g in planning.quality_report(directory)}["example"].rows
    assert len(examples) > planning.EXAMPLE_ROWS_SHOWN
    html = read(demo_site, "planung/qualitaet/")
    group = html[html.index('id="gruppe-example"'):]
    assert group.count("<tr>") - 1 == planning.EXAMPLE_ROWS_SHOWN  # minus the header row
    assert f"… und {len(examples) - planning.EXAMPLE_ROWS_SHOWN} weitere." in group


@pytest.mark.browser
def test_matrix_shades_keep_contrast_in_the_dark_scheme(browser, demo_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(demo_url + "planung/versorgung/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    results = axe_run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()
