"""The family-facing site built end-to-end from the mini fixture: pages, groups, what is left out."""
import json
import re
from html.parser import HTMLParser

import pytest

from conftest import MINI
from support import build_site, mkdocs_build, write_config


def read(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


class Sections(HTMLParser):
    """The cards (by offer link) under each h2 of the main content."""

    def __init__(self, html):
        super().__init__()
        self.groups: dict[str, list[str]] = {}
        self._h2 = None
        self._in_h2 = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2":
            self._in_h2, self._h2 = True, ""
        elif tag == "a" and self._h2 is not None and (a.get("href") or "").startswith("../../angebote/") \
                and "ww-card" not in (a.get("class") or ""):
            self.groups.setdefault(self._h2, []).append(a["href"].split("/")[-2])

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self._h2 += data.strip()


def test_every_page_of_the_url_scheme_exists(mini_site):
    for url in ["", "lebensphasen", "stadtteile", "suche", "ueber", "datenschutz", "impressum",
                "angebote/hebamme-altstadt", "angebote/jugendtreff-nord", "angebote/elterntelefon",
                "stadtteile/altstadt", "stadtteile/nordviertel", "stadtteile/ostend",
                *[f"lebensphasen/{s}" for s in ["schwangerschaft", "baby", "kleinkind", "kita", "grundschule",
                                                 "jugend", "beruf"]]]:
        assert (mini_site / url / "index.html").is_file(), url


def test_stage_page_lists_each_offer_once_and_links_its_districts(mini_site):
    baby = read(mini_site, "lebensphasen/baby")
    assert Sections(baby).groups == {"Für die ganze Stadt": ["elterntelefon"]}  # one line each, not cards
    assert 'href="../../lebensphasen/baby/altstadt/"' in baby
    # an offer for two Stadtteile is on both stage × Stadtteil pages, paused offers stay listed
    jugend = read(mini_site, "lebensphasen/jugend")
    assert Sections(jugend).groups == {"Für die ganze Stadt": ["elterntelefon"]}
    for district in ("nordviertel", "ostend"):
        page = read(mini_site, f"lebensphasen/jugend/{district}")
        assert re.findall(r'class="ww-card__title"><a href="[./]*angebote/([^/]+)/', page) == ["jugendtreff-nord"]
    assert not (mini_site / "lebensphasen/jugend/altstadt/index.html").exists()  # no offers there: no page


def test_unpublished_offers_appear_nowhere(mini_site):
    # ... except in the staff's quality report, which names them so they get renewed or deleted (P7)
    report = mini_site / "planung" / "qualitaet" / "index.html"
    table = report.with_name("qualitaetsbericht.csv")  # every row of the report, for a spreadsheet
    assert "Alter Kurs" in report.read_text(encoding="utf-8")
    assert "Alter Kurs" in table.read_text(encoding="utf-8")
    for path in mini_site.rglob("*"):
        if path in (report, table):
            continue
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".geojson", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.parent.name == "mitmachen":  # the form's choice "beendet" for status: ended
                text = text.replace(">beendet (wird nicht mehr gezeigt)<", "><")
            for gone in ("alter-kurs", "Alter Kurs", "beendet", "Beendetes Angebot"):
                assert gone not in text, f"{gone} in {path}"


def test_offer_page_has_what_a_family_needs(mini_site):
    html = read(mini_site, "angebote/hebamme-altstadt")
    assert '<h1>Hebammensprechstunde Altstadt</h1>' in html
    assert 'href="tel:02091111111"' in html
    assert "Marktstraße 1" in html and "45879 Teststadt" in html
    assert "<th scope=\"row\">Mo, Mi</th><td><bdi>9–12 Uhr</bdi></td>" in html
    assert "Rollstuhlgerecht" in html and "kostenlos" in html
    assert "Zuletzt geprüft am 01.10.2026" in html
    assert "Fehler melden" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Service" and data["name"] == "Hebammensprechstunde Altstadt"
    hours = data["hoursAvailable"][0]
    assert hours["@type"] == "Schedule" and hours["repeatFrequency"] == "P1W"
    assert hours["byDay"] == ["https://schema.org/Monday", "https://schema.org/Wednesday"]
    assert (hours["startTime"], hours["endTime"]) == ("09:00", "12:00")
    paused = read(mini_site, "angebote/jugendtreff-nord")
    assert "Pausiert:" in paused


def test_district_page_profile_groups_and_nearby(mini_site):
    html = read(mini_site, "stadtteile/nordviertel")
    assert "Das Nordviertel liegt im Norden." in html
    assert "Bedarfsklasse" not in html  # publish_need_index is false
    assert "Bedarfsklasse" in read(mini_site, "stadtteile/altstadt")
    assert 'id="in-der-naehe"' in html
    assert '<a href="../../angebote/hebamme-altstadt/">Hebammensprechstunde Altstadt</a>' in html  # nearby


def test_offer_pages_are_not_in_the_navigation(mini_site):
    html = read(mini_site, "")
    nav = html[html.index('class="md-nav md-nav--primary'):]
    assert "angebote/" not in nav.split("</nav>")[0]


def test_site_works_from_a_sub_path(tmp_path):
    site = build_site(tmp_path, MINI, site_url="https://stadt.example.org/familien/wegweiser/")
    html = read(site, "angebote/hebamme-altstadt")
    for href in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert not href.startswith("/"), href  # relative links work under any prefix


def test_failed_build_keeps_the_previous_site_byte_identical(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    site = build_site(tmp_path, content)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = content / "offers" / "hebamme-altstadt.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: active", "status: aktiv"), encoding="utf-8")
    result = mkdocs_build(write_config(tmp_path, content))
    assert result.returncode == 1
    assert "hebamme-altstadt.md:27:9: status:" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not any(p.name.startswith(".site-") for p in tmp_path.iterdir())


def test_same_input_builds_the_same_output(tmp_path):
    one = build_site(tmp_path / "a", MINI) if (tmp_path / "a").mkdir() is None else None
    two = build_site(tmp_path / "b", MINI) if (tmp_path / "b").mkdir() is None else None
    files = lambda s: {p.relative_to(s): p.read_bytes() for p in s.rglob("*") if p.is_file()}
    a, b = files(one), files(two)
    assert a.keys() == b.keys()
    differ = [str(k) for k in a if a[k] != b[k] and k.suffix != ".gz"]
    assert differ == []
