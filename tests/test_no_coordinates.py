"""A place without lat/lon (decisions.md item 2): valid, warned about, listed in the quality report,
left off every map and out of offers.geojson, while the offer page still shows its address."""
import json
import os
import shutil

import pytest

from conftest import MINI, TODAY
from support import build_site
from test_export import assert_valid

OFFER = "hebamme-altstadt"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("nocoords")
    content = work / "content"
    shutil.copytree(MINI, content)
    path = content / "offers" / f"{OFFER}.md"
    text = path.read_text(encoding="utf-8")
    assert "    lat: 51.52\n    lon: 7.05\n" in text
    path.write_text(text.replace("    lat: 51.52\n    lon: 7.05\n", ""), encoding="utf-8")
    os.environ["WEGWEISER_TODAY"] = TODAY
    return build_site(work, content)


def read(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_the_offer_page_shows_the_address_and_routes_to_it_without_a_map(site):
    html = read(site, f"angebote/{OFFER}")
    assert "Marktstraße 1" in html
    assert "ww-map--locator" not in html
    assert 'href="https://www.openstreetmap.org/directions?to=Marktstra%C3%9Fe%201%2C%2045879%20Teststadt"' in html
    assert 'href="geo:0,0?q=Marktstra%C3%9Fe%201%2C%2045879%20Teststadt"' in html
    assert "None" not in html


def test_no_marker_and_no_geojson_feature(site):
    district = read(site, "stadtteile/altstadt")
    assert "ww-map--district" in district and "ww-map__marker" not in district
    features = json.loads((site / "offers.geojson").read_text(encoding="utf-8"))["features"]
    assert features and OFFER not in {f["properties"]["offer"] for f in features}


def test_the_finder_gets_no_point_for_it(site):
    data = json.loads((site / "suche" / "angebote.json").read_text(encoding="utf-8"))
    rows = data["offers"] if isinstance(data, dict) else data
    assert any("g" in row for row in rows)  # the Nordviertel's place still has its point
    assert sum("g" in row for row in rows) == len(rows) - 2  # hebamme-altstadt and the phone offer


def test_hsds_location_has_no_coordinates_and_stays_valid(site):
    locations = json.loads((site / "hsds" / "location.json").read_text(encoding="utf-8"))
    place = next(loc for loc in locations if loc["name"] == "Gesundheitshaus")
    assert "latitude" not in place and "longitude" not in place
    assert_valid("location", locations)


def test_the_quality_report_lists_the_place(site):
    report = read(site, "planung/qualitaet")
    start = report.index('aria-labelledby="gruppe-no_coordinates"')
    group = report[start:report.index("</section>", start)]
    assert "hebamme-altstadt.md" in group and "Gesundheitshaus" in group
