"""The boundaries file with exact messages, and offers' places against it (content/boundaries.py)."""
import json

import pytest

from wegweiser.content import boundaries as borders
from wegweiser.content.directory import load_directory
from wegweiser.model import today



def test_json_positions():
    text = '{"a": 1,\n "features": [\n  {"x": [1, 2]},\n  {"x": [3,\n   4]}]}'
    pos = borders.JsonPositions(text)
    assert pos.where(("features", 1, "x", 1)) == (5, 4)
    assert pos.where(("features", 0)) == (3, 3)
    assert pos.where(("missing",)) == (1, 1)


# --- the boundaries file ------------------------------------------------------------------------

B = "content/districts/boundaries.geojson"
ALTSTADT = '[[[7.00, 51.50], [7.10, 51.50], [7.10, 51.55], [7.00, 51.55], [7.00, 51.50]]]'


def boundaries(first: str = None, *, nord=True, ost=True, head='{"type": "FeatureCollection", "features": [') -> str:
    """The mini fixture's boundaries, one feature a line (line 2 = altstadt), with altstadt replaced."""
    altstadt = first or ('{"type": "Feature", "properties": {"id": "altstadt"}, '
                         f'"geometry": {{"type": "Polygon", "coordinates": {ALTSTADT}}}}}')
    lines = [altstadt]
    if nord:
        lines.append('{"type": "Feature", "properties": {"id": "nordviertel"}, "geometry": {"type": "Polygon", '
                     '"coordinates": [[[7.00, 51.55], [7.10, 51.55], [7.10, 51.60], [7.00, 51.60], [7.00, 51.55]]]}}')
    if ost:
        lines.append('{"type": "Feature", "properties": {"id": "ostend"}, "geometry": {"type": "Polygon", '
                     '"coordinates": [[[7.10, 51.55], [7.20, 51.55], [7.20, 51.60], [7.10, 51.60], [7.10, 51.55]]]}}')
    return head + "\n " + ",\n ".join(lines) + "\n]}\n"


def polygon(coords: str, kind="Polygon", did="altstadt") -> str:
    return f'{{"type": "Feature", "properties": {{"id": "{did}"}}, "geometry": {{"type": "{kind}", "coordinates": {coords}}}}}'


def boundary_problems(tree, text: str) -> list[str]:
    tree.write("districts/boundaries.geojson", text)
    result = load_directory(tree.path, today())
    return [p.format() for p in result.problems if p.path == B]


GEOJSON_CASES = [
    ("not JSON", boundaries().replace("]}\n", "]\n"),
     [f"{B}:6:1: Die Datei ist kein gültiges JSON (Expecting ',' delimiter). Tauschen Sie sie gegen die "
      "Originaldatei aus."]),
    ("NaN is not JSON", boundaries(polygon(ALTSTADT.replace("7.10, 51.50", "NaN, 51.50"))),
     [f"{B}:2:121: Die Datei enthält „NaN“, das ist in JSON nicht erlaubt. Tauschen Sie sie gegen die "
      "Originaldatei aus."]),
    ("a Feature, not a FeatureCollection", polygon(ALTSTADT),
     [f"{B}:1:1: Die Datei ist keine GeoJSON-FeatureCollection (type ist „Feature“). Erwartet wird "
      '{"type": "FeatureCollection", "features": [...]} mit einem Feature je Stadtteil.']),
    ("an array", "[]",
     [f"{B}:1:1: Die Datei ist keine GeoJSON-FeatureCollection (kein JSON-Objekt). Erwartet wird "
      '{"type": "FeatureCollection", "features": [...]} mit einem Feature je Stadtteil.']),
    ("features missing", '{"type": "FeatureCollection"}',
     [f"{B}:1:1: Die Liste „features“ fehlt. Jeder Stadtteil braucht ein Feature."]),
    ("crs of a projected system", boundaries(head='{"type": "FeatureCollection", "crs": {"type": "name", '
                                             '"properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}, "features": ['),
     [f'{B}:1:38: crs: Die Datei nennt das Koordinatensystem {{"type": "name", "properties": {{"name": '
      '"urn:ogc:def:crs:EPSG::25832"}}. GeoJSON (RFC 7946) kennt nur WGS 84 (EPSG:4326) und kein „crs“. '
      "Exportieren Sie die Grenzen als GeoJSON in WGS 84 (EPSG:4326, Länge/Breite in Grad), z. B. in QGIS mit "
      "„Exportieren → Objekte speichern als… → KBS EPSG:4326“."]),
    ("crs naming WGS 84", boundaries(head='{"type": "FeatureCollection", "crs": {"type": "name", '
                                     '"properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": ['),
     [f"{B}:1:38: crs: Das Mitglied „crs“ ist in GeoJSON (RFC 7946) nicht mehr vorgesehen. Die Koordinaten "
      "sind hier schon WGS 84: Löschen Sie „crs“ aus der Datei."]),
    ("not a Feature", boundaries('{"type": "Polygon", "coordinates": []}'),
     [f"{B}:1:43: features: Für den Stadtteil „altstadt“ (content/districts/altstadt.md) fehlt die Grenze. "
      'Ergänzen Sie ein Feature mit "properties": {"id": "altstadt"}.',
      f"{B}:2:2: features[1]: Feature Nr. 1 ist kein GeoJSON-Feature (type „Polygon“)."]),
    ("no id", boundaries(polygon(ALTSTADT).replace('"id"', '"name"')),
     [f"{B}:1:43: features: Für den Stadtteil „altstadt“ (content/districts/altstadt.md) fehlt die Grenze. "
      'Ergänzen Sie ein Feature mit "properties": {"id": "altstadt"}.',
      f"{B}:2:36: features[1].properties: Feature Nr. 1 hat keine Kennung in properties.id. Tragen Sie die "
      'Kennung des Stadtteils ein (der Dateiname ohne .md, z. B. "id": "erle").']),
    ("unknown id with a suggestion", boundaries(polygon(ALTSTADT, did="altstad")),
     [f"{B}:1:43: features: Für den Stadtteil „altstadt“ (content/districts/altstadt.md) fehlt die Grenze. "
      'Ergänzen Sie ein Feature mit "properties": {"id": "altstadt"}.',
      f"{B}:2:43: features[1].properties.id: Feature Nr. 1 (id „altstad“): Einen Stadtteil „altstad“ gibt es "
      "nicht (keine Datei content/districts/altstad.md). Meinten Sie „altstadt“?"]),
    ("the same district twice", boundaries(polygon(ALTSTADT, did="ostend")),
     [f"{B}:1:43: features: Für den Stadtteil „altstadt“ (content/districts/altstadt.md) fehlt die Grenze. "
      'Ergänzen Sie ein Feature mit "properties": {"id": "altstadt"}.',
      f"{B}:4:43: features[3].properties.id: Feature Nr. 3 (id „ostend“): Für „ostend“ gibt es schon Feature "
      "Nr. 1. Jeder Stadtteil hat genau eine Grenze; fassen Sie mehrere Flächen zu einem MultiPolygon "
      "zusammen."]),
    ("a district without a feature", boundaries(ost=False),
     [f"{B}:1:43: features: Für den Stadtteil „ostend“ (content/districts/ostend.md) fehlt die Grenze. "
      'Ergänzen Sie ein Feature mit "properties": {"id": "ostend"}.']),
    ("a point, not an area", boundaries(polygon("[7.05, 51.52]", kind="Point")),
     [f"{B}:2:77: features[1].geometry.type: Feature Nr. 1 (id „altstadt“) ist ein „Point“. Ein Stadtteil "
      "braucht eine Fläche: Polygon oder MultiPolygon."]),
    ("no geometry", boundaries('{"type": "Feature", "properties": {"id": "altstadt"}, "geometry": null}'),
     [f"{B}:2:68: features[1].geometry: Feature Nr. 1 (id „altstadt“) hat keine Geometrie. Erwartet wird ein "
      "Polygon oder MultiPolygon."]),
    ("a ring of three points", boundaries(polygon("[[[7.00, 51.50], [7.10, 51.50], [7.00, 51.50]]]")),
     [f"{B}:2:104: features[1].geometry.coordinates[1]: Feature Nr. 1 (id „altstadt“), Außengrenze hat nur 3 "
      "Punkte. Eine Fläche braucht mindestens 4 (drei Ecken und der erste Punkt noch einmal am Ende)."]),
    ("an open ring", boundaries(polygon(ALTSTADT.replace("[7.00, 51.55], [7.00, 51.50]]]",
                                                      "[7.00, 51.55], [7.00, 51.51]]]"))),
     [f"{B}:2:165: features[1].geometry.coordinates[1][5]: Feature Nr. 1 (id „altstadt“), Außengrenze ist "
      "nicht geschlossen: Der letzte Punkt [7.0, 51.51] muss gleich dem ersten [7.0, 51.5] sein."]),
    ("UTM coordinates", boundaries(polygon("[[[361234.5, 5710987.2], [362000, 5710987.2], [362000, 5712000], "
                                           "[361234.5, 5710987.2]]]")),
     [f"{B}:2:105: features[1].geometry.coordinates[1][1]: Feature Nr. 1 (id „altstadt“), Außengrenze, "
      "Punkt 1: [361234.5, 5710987.2] ist keine Angabe in Grad. Die Werte sehen nach einem projizierten "
      "Koordinatensystem aus (z. B. UTM, EPSG:25832). Exportieren Sie die Grenzen als GeoJSON in WGS 84 "
      "(EPSG:4326, Länge/Breite in Grad), z. B. in QGIS mit „Exportieren → Objekte speichern als… → KBS "
      "EPSG:4326“."]),
    ("a position written as text", boundaries(polygon(ALTSTADT.replace("[7.10, 51.55]", '"7.10, 51.55"'))),
     [f"{B}:2:135: features[1].geometry.coordinates[1][3]: Feature Nr. 1 (id „altstadt“), Außengrenze, Punkt "
      '3: "7.10, 51.55" ist kein Punkt. Ein Punkt ist [Länge, Breite] in Grad, z. B. [7.0867, 51.5101].']),
    ("a bow tie", boundaries(polygon(ALTSTADT.replace("[7.10, 51.50], [7.10, 51.55]", "[7.10, 51.55], [7.10, 51.50]"))),
     [f"{B}:2:105: features[1].geometry.coordinates[1][1]: Feature Nr. 1 (id „altstadt“), Außengrenze kreuzt "
      "oder berührt sich selbst zwischen Punkt 1 und Punkt 3, bei [7.05, 51.525]. Korrigieren Sie die Grenze, "
      "z. B. in QGIS mit „Geometrie reparieren“."]),
    ("a hole across the border, in a MultiPolygon", boundaries(polygon(
        f"[{ALTSTADT[:-1]}, [[7.05, 51.51], [7.15, 51.51], [7.15, 51.52], [7.05, 51.52], [7.05, 51.51]]]]",
        kind="MultiPolygon")),
     [f"{B}:2:126: features[1].geometry.coordinates[1][1][2]: Feature Nr. 1 (id „altstadt“), Fläche 1, "
      "Außengrenze (ab Punkt 2) und Loch 1 (ab Punkt 1) kreuzen sich, bei [7.1, 51.51]. Korrigieren Sie die "
      "Grenze, z. B. in QGIS mit „Geometrie reparieren“."]),
]


@pytest.mark.parametrize("name, text, expected", GEOJSON_CASES, ids=[c[0] for c in GEOJSON_CASES])
def test_broken_boundaries(tree, name, text, expected):
    assert boundary_problems(tree, text) == expected


def test_a_multipolygon_with_a_hole_is_fine(tree):
    text = boundaries(polygon(f"[{ALTSTADT[:-1]}, [[7.02, 51.52], [7.03, 51.52], [7.03, 51.53], [7.02, 51.52]]], "
                              "[[[7.3, 51.5], [7.4, 51.5], [7.4, 51.6], [7.3, 51.5]]]]", kind="MultiPolygon"))
    assert boundary_problems(tree, text) == []
    result = load_directory(tree.path, today())
    assert [len(poly) for poly in result.directory.areas["altstadt"]] == [2, 1]


def test_the_boundaries_file_is_required(tree):
    (tree.path / "districts" / "boundaries.geojson").unlink()
    result = load_directory(tree.path, today())
    assert [p.format() for p in result.problems if p.is_error] == [
        f"{B}:1:1: Die Datei mit den Stadtteilgrenzen fehlt. Legen Sie sie an: GeoJSON in WGS 84 (EPSG:4326), "
        "ein Feature mit properties.id je Stadtteil, z. B. aus den offenen Daten der Stadt."]


def test_the_shipped_boundaries_are_valid_geojson_without_problems():
    from conftest import ROOT
    import geojson
    text = (ROOT / "content" / "districts" / "boundaries.geojson").read_text(encoding="utf-8")
    assert geojson.loads(text).is_valid
    ids = {p.stem for p in (ROOT / "content" / "districts").glob("*.md")}
    found, problems = borders.check_boundaries(text, B, ids)
    assert problems == [] and set(found.areas) == ids == {f["properties"]["id"] for f in json.loads(text)["features"]}


# --- offers' places ----------------------------------------------------------------------------

O = "content/offers/hebamme-altstadt.md"


def place_problems(tree, lat, lon) -> list[str]:
    tree.replace("offers/hebamme-altstadt.md", "lat: 51.52\n    lon: 7.05", f"lat: {lat}\n    lon: {lon}")
    result = load_directory(tree.path, today())
    return [p.format() for p in result.problems if p.path == O and p.field == "locations[1].lat"]


@pytest.mark.parametrize("lat, lon, expected", [
    (51.52, 7.05, []),  # inside
    (51.55, 7.05, []),  # on the border with Nordviertel
    (51.50, 7.00, []),  # on the city's corner
    (51.57, 7.05, [f"{O}:16:10: locations[1].lat: Warnung: Die Koordinaten liegen in „Nordviertel“ (nordviertel), "
                   "nicht im angegebenen Stadtteil „Altstadt“ (altstadt). Prüfen Sie lat/lon oder district."]),
    (51.49, 7.05, [f"{O}:16:10: locations[1].lat: Warnung: Die Koordinaten liegen außerhalb aller "
                   "Stadtteilgrenzen, nicht im angegebenen Stadtteil „Altstadt“ (altstadt). Prüfen Sie lat/lon "
                   "oder district."]),
    (7.05, 51.52, [f"{O}:16:10: locations[1].lat: Breite und Länge sind vertauscht: Mit lat 7.05 und lon 51.52 "
                   "liegt der Ort 6.388 km außerhalb der Stadt, mit getauschten Werten in „Altstadt“. Schreiben "
                   "Sie lat: 51.52 und lon: 7.05."]),
    (52.52, 13.40, [f"{O}:16:10: locations[1].lat: Der Ort liegt 436 km außerhalb der Stadt (lat 52.52, lon 13.4). "
                    "Prüfen Sie lat und lon, z. B. auf openstreetmap.org: Rechtsklick auf den Ort → „Adresse "
                    "anzeigen“ zeigt Breite, Länge."]),
])
def test_offer_places_against_the_boundaries(tree, lat, lon, expected):
    assert place_problems(tree, lat, lon) == expected


def test_a_place_outside_its_district_is_a_warning_and_one_far_away_an_error(tree):
    tree.replace("offers/hebamme-altstadt.md", "lat: 51.52", "lat: 51.57")
    result = load_directory(tree.path, today())
    outside = [p for p in result.problems if p.kind == "location-outside"]
    assert [(p.severity, p.path) for p in outside] == [("warning", O)] and result.ok
    tree.replace("offers/hebamme-altstadt.md", "lat: 51.57", "lat: 50.57")
    assert not load_directory(tree.path, today()).ok
