"""Maps and geodata in built sites: links, labels, markers where they belong, exports valid GeoJSON."""
import json
import re

import geojson
import pytest

from conftest import MINI, ROOT
from support import build_site, mkdocs_build, write_config
from wegweiser.site import features, maps
from wegweiser.model import geo
from wegweiser.content.directory import load_directory
from wegweiser.model import today
from wegweiser.site.pages import SiteSettings, build_site as site_model


def read(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


def figure(html: str, kind: str) -> str:
    start = html.index(f'<figure class="ww-map ww-map--{kind}">')
    return html[start:html.index("</figure>", start)]


def path_rings(d: str) -> list[list[tuple[int, int]]]:
    """Absolute points of our compact path data ("M x y l dx dy … z", repeated)."""
    rings = []
    for part in re.findall(r"M[^z]*z", d):
        nums = [int(n) for n in re.findall(r"-?\d+", part)]
        x, y = nums[0], nums[1]
        ring = [(x, y)]
        for dx, dy in zip(nums[2::2], nums[3::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring + ring[:1])
    return rings


# --- /stadtteile/ ---------------------------------------------------------------------------------

def test_city_map_links_every_district_with_its_numbers(mini_site):
    html = read(mini_site, "stadtteile")
    fig = figure(html, "city")
    assert re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" class="ww-map__area ww-map__c(\d)">', fig) == [
        ("../stadtteile/altstadt/", "Altstadt: 1 Angebot, 0,5 je 1.000 Kinder und Jugendliche", "1"),
        ("../stadtteile/nordviertel/", "Nordviertel: 1 Angebot, 1,0 je 1.000 Kinder und Jugendliche", "5"),
        ("../stadtteile/ostend/", "Ostend: 1 Angebot", "0"),
    ]
    labels = fig[fig.index('<g class="ww-map__labels" aria-hidden="true">'):]
    assert re.findall(r">([A-Za-zäöüß-]+)</t", labels) == ["Altstadt", "Nordviertel", "Ostend"]
    assert re.findall(r'<li><span class="ww-swatch ww-map__c(\d)" aria-hidden="true"></span>([^<]+)</li>', fig) == [
        ("1", "unter 1,0"), ("5", "ab 1,0"), ("0", "keine Einwohnerzahl")]
    assert 'role="group" aria-labelledby="karte-titel"' in fig and 'id="karte-titel"' in fig
    # the table says the same in text: the alternative to the colours
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a></th><td>[^<]*</td><td>(\d+)</td><td>([^<]+)</td></tr>', html)
    assert rows == [("Altstadt", "1", "0,5"), ("Nordviertel", "1", "1,0"), ("Ostend", "1", "–")]
    assert '<th scope="col">je 1.000 Kinder</th>' in html


def test_city_map_shades_by_need_only_where_published(tmp_path):
    site = build_site(tmp_path, MINI, extra="    map_shading: need\n")
    html = read(site, "stadtteile")
    fig = figure(html, "city")
    assert re.findall(r'aria-label="([^"]+)" class="ww-map__area ww-map__c(\d)"', fig) == [
        ("Altstadt: 1 Angebot, Bedarfsklasse 5 von 5", "5"), ("Nordviertel: 1 Angebot", "0"), ("Ostend: 1 Angebot", "0")]
    assert "nicht veröffentlicht" in fig
    assert "Bedarfsklasse 2 von 5" not in html and "<td>2</td>" not in html  # Nordviertel's is not published
    assert re.findall(r"<td>(\d|–)</td></tr>", html) == ["5", "–", "–"]


def test_an_unknown_shading_stops_the_build_with_a_sentence(tmp_path):
    result = mkdocs_build(write_config(tmp_path, MINI, extra="    map_shading: bunt\n"))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "map_shading: „bunt“ gibt es nicht. Erlaubt sind „offers“" in output
    assert "Traceback" not in output


# --- /stadtteile/<id>/ and /angebote/<id>/ --------------------------------------------------------

def test_district_map_shows_neighbours_and_markers_in_the_district(mini_site):
    fig = figure(read(mini_site, "stadtteile/altstadt"), "district")
    assert '<a class="ww-skip" href="#angebote">Karte überspringen</a>' in fig
    assert "Karte: Altstadt (hervorgehoben) und Nachbarstadtteile, mit 1 Ort von Angeboten." in fig
    assert re.findall(r'<a href="([^"]+)" aria-label="Nachbarstadtteil ([^"]+)"', fig) == [
        ("../../stadtteile/nordviertel/", "Nordviertel"), ("../../stadtteile/ostend/", "Ostend")]
    markers = re.findall(r'<a href="([^"]+)" class="ww-map__marker" aria-label="([^"]+)"><circle cx="(\d+)" cy="(\d+)"', fig)
    assert [m[:2] for m in markers] == [("../../angebote/hebamme-altstadt/", "Hebammensprechstunde Altstadt, Gesundheitshaus")]
    here = re.search(r'<path class="ww-map__here" d="([^"]+)"', fig).group(1)
    x, y = int(markers[0][2]), int(markers[0][3])
    assert geo.point_in_area((x, y), [path_rings(here)])
    # the Nordviertel's place is not a marker here, and no district without places gets a skip link
    assert "jugendtreff-nord" not in fig
    ostend = figure(read(mini_site, "stadtteile/ostend"), "district")
    assert "ww-map__marker" not in ostend and "ww-skip" not in ostend
    assert "Karte: Ostend (hervorgehoben) und Nachbarstadtteile." in ostend


def test_offer_page_has_a_locator_map_and_directions(mini_site):
    html = read(mini_site, "angebote/hebamme-altstadt")
    fig = figure(html, "locator")
    assert 'role="img" aria-label="Lage von Gesundheitshaus im Stadtteil Altstadt"' in fig
    assert "<figcaption>Lage im Stadtteil Altstadt</figcaption>" in fig
    here = re.search(r'<path class="ww-map__here" d="([^"]+)"', fig).group(1)
    pin = re.search(r'<circle class="ww-map__pin" cx="(\d+)" cy="(\d+)"', fig)
    assert geo.point_in_area((int(pin.group(1)), int(pin.group(2))), [path_rings(here)])
    assert 'href="geo:51.52,7.05?q=51.52,7.05"' in html
    assert 'href="https://www.openstreetmap.org/directions?to=51.52%2C7.05"' in html
    assert "ww-map" not in read(mini_site, "angebote/elterntelefon")  # no place, no map


def test_maps_stay_small_on_the_demo(demo_site):
    def svg_bytes(html):
        return [len(m.encode()) for m in re.findall(r"<svg class=\"ww-map__svg\".*?</svg>", html, re.S)]
    city = svg_bytes(read(demo_site, "stadtteile"))
    districts = [b for p in (demo_site / "stadtteile").iterdir() if p.is_dir() for b in svg_bytes(read(demo_site, p))]
    offers = [b for p in (demo_site / "angebote").iterdir() for b in svg_bytes(read(demo_site, p))]
    assert len(city) == 1 and city[0] < 16_000
    assert len(districts) == 18 and max(districts) < 12_000
    assert len(offers) > 150 and max(offers) < 1_500


# --- what the maps show --------------------------------------------------------------------------

def test_class_breaks_and_shades():
    values = [0.5, 1.2, 2.0, 2.1, 3.3, 4.0, 5.8, 9.9]
    breaks = maps.class_breaks(values)
    assert breaks == [1.2, 2.1, 3.3, 5.8]
    assert [maps.shade(v, breaks) for v in values] == [1, 2, 2, 3, 4, 4, 5, 5]
    assert maps.class_breaks([3.0, 3.0, 3.0]) == []


# --- exports --------------------------------------------------------------------------------------

def test_offers_geojson_is_valid_and_has_what_a_card_shows(mini_site):
    text = (mini_site / "offers.geojson").read_text(encoding="utf-8")
    data = geojson.loads(text)
    assert data.is_valid and data["type"] == "FeatureCollection" and "crs" not in data
    assert [f["id"] for f in data["features"]] == ["hebamme-altstadt/1", "jugendtreff-nord/1"]
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [7.05, 51.52]}
    props = first["properties"]
    assert props["url"] == "angebote/hebamme-altstadt/" and (mini_site / props["url"] / "index.html").is_file()
    assert props["name"] == "Hebammensprechstunde Altstadt" and props["cost_free"] is True
    assert props["life_stages"] == ["schwangerschaft", "baby"] and props["district_name"] == "Altstadt"
    assert props["schedule"] == "Mo, Mi, 9–12 Uhr"
    assert data["features"][1]["properties"]["status"] == "paused"
    assert "@" not in text  # no e-mail addresses in bulk exports (P10)


def test_districts_geojson_is_valid_with_counts_per_life_stage(mini_site):
    data = geojson.loads((mini_site / "districts.geojson").read_text(encoding="utf-8"))
    assert data.is_valid and "crs" not in data
    by_id = {f["id"]: f for f in data["features"]}
    assert list(by_id) == ["altstadt", "nordviertel", "ostend"]
    alt = by_id["altstadt"]["properties"]
    assert alt["offers"] == 1 and alt["offers_by_life_stage"] == {
        "schwangerschaft": 1, "baby": 1, "kleinkind": 0, "kita": 0, "grundschule": 0, "jugend": 0, "beruf": 0}
    assert by_id["ostend"]["properties"]["offers_by_life_stage"]["jugend"] == 1
    assert alt["need_index"] == 5 and "need_index" not in by_id["nordviertel"]["properties"]
    for f in data["features"]:  # RFC 7946: outer rings counter-clockwise
        assert geo.signed_area(f["geometry"]["coordinates"][0]) > 0


def test_demo_exports_are_valid_and_match_the_directory(demo_site):
    offers = geojson.loads((demo_site / "offers.geojson").read_text(encoding="utf-8"))
    districts = geojson.loads((demo_site / "districts.geojson").read_text(encoding="utf-8"))
    assert offers.is_valid and districts.is_valid
    directory = load_directory(ROOT / "content", today()).directory
    assert len(offers["features"]) == sum(len(o.locations) for o in directory.published)
    assert {f["id"] for f in districts["features"]} == set(directory.districts)
    for f in offers["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert geo.point_in_area((lon, lat), directory.areas[f["properties"]["district"]])


def test_geojson_downloads_are_registered():
    directory = load_directory(MINI, today()).directory
    site = site_model(directory, SiteSettings(), features.ALL)
    geo_downloads = [(d.path, d.format) for d in site.downloads if d.format == "GeoJSON"]
    assert geo_downloads == [("offers.geojson", "GeoJSON"), ("districts.geojson", "GeoJSON")]
    assert all(d.path in site.assets for d in site.downloads if d.format == "GeoJSON")
    assert all(json.loads(site.assets[p]) for p, _ in geo_downloads)


def test_provider_text_in_the_geojson_is_defused(tree):
    tree.replace("offers/hebamme-altstadt.md", "name: Hebammensprechstunde Altstadt", "name: \"javascript:alert(1)\"")
    tree.replace("offers/hebamme-altstadt.md", "summary: Offene Sprechstunde für Schwangere und junge Eltern.",
                 "summary: Fragen an hebamme@example.org oder <mailto:info@example.org>")
    directory = load_directory(tree.path, today()).directory
    site = site_model(directory, SiteSettings(), features.ALL)
    props = json.loads(site.assets["offers.geojson"])["features"][0]["properties"]
    assert props["name"] == "'javascript:alert(1)"
    assert props["summary"] == ("Fragen an [E-Mail-Adresse auf der Angebotsseite] oder "
                                "[E-Mail-Adresse auf der Angebotsseite]")
