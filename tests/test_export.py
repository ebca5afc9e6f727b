"""Open data: HSDS 3.0 valid against the official schemas, stable ids, a safe CSV, the open-data page."""
from __future__ import annotations

import copy
import csv
import io
import json
import re
import uuid
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import FIXTURES, MINI, ROOT
from wegweiser.data import csv_export, export, hsds_export, redact
from wegweiser.content.directory import load_directory
from wegweiser.model import today
from wegweiser.site.pages import Download, SiteSettings, build_site
from wegweiser.site.render import Renderer
from wegweiser.data import spreadsheet

SCHEMAS = FIXTURES / "hsds-3.0"
SHARED_SCHEMAS = [p / "shared" / "data" / "hsds-3.0" for p in (ROOT.parent, ROOT.parent.parent)]
SETTINGS = SiteSettings(city="Gelsenkirchen")
HOSTILE = "offers/hebamme-altstadt.md"


def directory_of(content: Path):
    result = load_directory(content, today())
    assert result.ok, [p.format() for p in result.errors]
    return result.directory


def exported(content: Path, settings: SiteSettings = SETTINGS, extra=()):
    """The site model with the export feature (and any later features), built in-process."""
    directory = directory_of(content)
    return directory, build_site(directory, settings, [export.extend, *extra])


def hsds(site) -> dict[str, list[dict]]:
    return {uri.removeprefix("hsds/").removesuffix(".json"): json.loads(data)
            for uri, data in site.assets.items() if uri.startswith("hsds/")}


def csv_rows(site) -> list[list[str]]:
    data = site.assets["offers.csv"]
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.fixture(scope="module")
def demo():
    return exported(ROOT / "content")


# --- validation against the official schemas --------------------------------------------------

FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri")
def _absolute_uri(value) -> bool:  # jsonschema checks "uri" only with an extra package; this is enough here
    parts = urlparse(value)
    return bool(parts.scheme and parts.netloc) and not any(c.isspace() for c in value)


def _strict(schema):
    """The schema with additionalProperties false on every object: no field that HSDS does not define."""
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "properties" in node:
                node["additionalProperties"] = False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


@lru_cache(maxsize=None)
def validator(name: str, strict: bool):
    """A validator for schema `name` ("service", "compiled/service"), every $ref resolved locally."""
    load = lambda p: _strict(json.loads(p.read_text(encoding="utf-8"))) if strict else json.loads(p.read_text(encoding="utf-8"))  # noqa: E731
    registry = Registry().with_resources(
        (str(p.relative_to(SCHEMAS)), Resource.from_contents(load(p), default_specification=DRAFT202012))
        for p in SCHEMAS.rglob("*.json"))
    return jsonschema.Draft202012Validator({"$ref": f"{name}.json"}, registry=registry, format_checker=FORMATS)


def assert_valid(name: str, objects: list[dict]) -> None:
    assert objects, f"no {name} objects"
    for strict in (False, True):
        v = validator(name, strict)
        errors = [f"{o.get('id')}: {e.json_path}: {e.message}" for o in objects for e in v.iter_errors(o)]
        assert not errors, ("strict " if strict else "") + "\n".join(errors[:20])


@pytest.mark.parametrize("name", [*hsds_export.TABLES, "compiled/service"])
def test_every_hsds_object_is_valid_against_the_official_schema(demo, name):
    assert_valid(name, hsds(demo[1])[name])


def test_the_validation_catches_mistakes_deep_inside_a_compiled_service(demo):
    """The local $refs resolve: a broken nested address fails, and so does a field HSDS does not know."""
    service = copy.deepcopy(next(s for s in hsds(demo[1])["compiled/service"] if s["service_at_locations"]))
    del service["service_at_locations"][0]["location"]["addresses"][0]["address_1"]
    assert list(validator("compiled/service", False).iter_errors(service))
    service = copy.deepcopy(hsds(demo[1])["organization"][0])
    service["e_mail"] = "x@example.org"
    assert not list(validator("organization", False).iter_errors(service))
    assert list(validator("organization", True).iter_errors(service))
    assert list(validator("service", False).iter_errors({"id": "not-a-uuid", "name": "x", "status": "active"}))


def test_vendored_schemas_are_the_shared_official_copy():
    shared = next((p for p in SHARED_SCHEMAS if p.is_dir()), None)
    if shared is None:
        pytest.skip("no shared/data/hsds-3.0 beside the repository")
    for ours in SCHEMAS.rglob("*.json"):
        assert ours.read_bytes() == (shared / ours.relative_to(SCHEMAS)).read_bytes(), ours


# --- ids --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Netzwerk Alleinerziehende Gelsenkirchen (Beispiel)", "netzwerk-alleinerziehende-gelsenkirchen-beispiel"),
    ("Caritasverband e.V.", "caritasverband-e-v"),
    ("Jugendhilfe Übergang & Straße", "jugendhilfe-uebergang-strasse"),
    ("  Café  René — Ökumene_2 ", "cafe-rene-oekumene-2"),
    ("Гражданская инициатива", "гражданская-инициатива"),
])
def test_slugs_are_what_the_open_data_page_describes(text, expected):
    assert hsds_export.slug(text) == expected


def test_ids_are_uuid5_of_the_documented_names(demo):
    directory, site = demo
    tables = hsds(site)
    ns = uuid.UUID("b8f30a4d-a6e5-443a-aea6-5605081f01f6")
    services = {s["name"]: s for s in tables["service"]}
    for offer in directory.published:
        service = services[offer.name]
        assert service["id"] == str(uuid.uuid5(ns, f"gelsenkirchen/service/{offer.id}"))
        org = next(o for o in tables["organization"] if o["id"] == service["organization_id"])
        assert org["id"] == str(uuid.uuid5(ns, f"gelsenkirchen/organization/{hsds_export.slug(offer.provider)}"))
        for loc in offer.locations:
            key = hsds_export.slug(f"{loc.name} {loc.street} {loc.postal_code}")
            assert str(uuid.uuid5(ns, f"gelsenkirchen/location/{key}")) in {x["id"] for x in tables["location"]}
    for obj in (o for objects in tables.values() for o in objects):
        assert uuid.UUID(obj["id"]).version == 5
    page = Renderer(ROOT / "overrides" / "wegweiser", SETTINGS, directory, site.template_globals).render(
        next(p for p in site.pages if p.src_uri == "offene-daten/index.md"), "../")
    assert str(ns) in page and "gelsenkirchen/&lt;typ&gt;/&lt;schlüssel&gt;" in page


def test_every_id_is_unique_and_every_reference_resolves(demo):
    tables = hsds(demo[1])
    ids = [o["id"] for name in hsds_export.TABLES for o in tables[name]]
    assert len(ids) == len(set(ids))
    by_table = {name: {o["id"] for o in tables[name]} for name in hsds_export.TABLES}
    targets = {"organization_id": "organization", "service_id": "service", "location_id": "location",
               "taxonomy_id": "taxonomy", "taxonomy_term_id": "taxonomy_term"}
    for name in hsds_export.TABLES:
        for obj in tables[name]:
            for field, target in targets.items():
                if field in obj:
                    assert obj[field] in by_table[target], (name, field, obj)
    for a in tables["attribute"]:
        assert a["link_id"] in by_table[a["link_entity"]]


def test_compiled_services_agree_with_the_tables(demo):
    tables = hsds(demo[1])
    by_id = {o["id"]: o for name in hsds_export.TABLES for o in tables[name]}
    flat = lambda o: {k: v for k, v in o.items() if not isinstance(v, (list, dict))}  # noqa: E731
    nested = 0
    for service in tables["compiled/service"]:
        assert flat(service) == by_id[service["id"]]
        stack = [v for v in service.values() if isinstance(v, (list, dict))]
        while stack:
            node = stack.pop()
            for obj in node if isinstance(node, list) else [node]:
                assert flat(obj) == by_id[obj["id"]]
                nested += 1
                stack += [v for v in obj.values() if isinstance(v, (list, dict))]
    assert len(tables["compiled/service"]) == len(tables["service"]) == len(demo[0].published)
    assert nested > 10 * len(tables["service"])
    counts = {"schedule": 0, "attribute": 0}
    for service in tables["compiled/service"]:
        counts["schedule"] += len(service["schedules"])
        counts["attribute"] += len(service["attributes"]) + sum(
            len(sal["location"]["attributes"]) for sal in service["service_at_locations"])
    assert counts["schedule"] == len(tables["schedule"])
    assert counts["attribute"] >= len(tables["attribute"])  # a shared place appears under each offer


def test_a_place_of_several_offers_is_one_location_with_what_each_says_of_it(tree):
    """The export makes a place's objects again for each service there (hsds_write): every copy is
    whole, with the accessibility that all offers there name, and its attributes follow the offers'."""
    midwife = tree.read("offers/hebamme-altstadt.md")
    for n, access in ((2, "[aufzug, stufenlos]"), (3, "[]")):
        tree.write(f"offers/hebamme-{n}.md", midwife.replace("Hebammensprechstunde Altstadt", f"Sprechstunde {n}")
                   .replace("accessibility: [rollstuhlgerecht]", f"accessibility: {access}"))
    _, site = exported(tree.path)
    tables = hsds(site)
    [place] = [loc for loc in tables["location"] if loc["name"] == "Gesundheitshaus"]
    access = [a["description"] for a in tables["accessibility"] if a["location_id"] == place["id"]]
    assert access == ["Stufenloser Zugang", "Rollstuhlgerecht", "Aufzug"]  # vocabulary order
    there = [s for s in tables["compiled/service"]
             if any(sal["location_id"] == place["id"] for sal in s["service_at_locations"])]
    assert len(there) == 3
    copies = [sal["location"] for s in there for sal in s["service_at_locations"]]
    assert all(copy == copies[0] for copy in copies)
    assert [a["description"] for a in copies[0]["accessibility"]] == access
    assert [a["taxonomy_term"]["name"] for a in copies[0]["attributes"]] == access
    entities = [a["link_entity"] for a in tables["attribute"]]
    assert entities == sorted(entities, key=("service", "location").index)  # the offers', then the places'


def test_ids_stay_when_the_directory_changes_around_them(tree):
    _, before = exported(tree.path)
    tree.write("offers/neu.md", tree.read("offers/hebamme-altstadt.md").replace(
        "Hebammensprechstunde Altstadt", "Ein neues Angebot").replace("0209 111 11 11", "0209 555"))
    text = tree.read("offers/elterntelefon.md")  # the weekday block moves below a new one
    tree.replace("offers/elterntelefon.md", "schedule:\n", 'schedule:\n  - {days: [sa], opens: "10:00", closes: "12:00"}\n')
    assert text != tree.read("offers/elterntelefon.md")
    _, after = exported(tree.path)
    old, new = hsds(before), hsds(after)
    for name in hsds_export.TABLES:
        old_ids, new_ids = {o["id"] for o in old[name]}, {o["id"] for o in new[name]}
        assert old_ids <= new_ids, name
    assert len(new["service"]) == len(old["service"]) + 1


def test_two_builds_give_identical_files(tree):
    first, second = exported(tree.path)[1], exported(tree.path)[1]
    assert first.assets.keys() == second.assets.keys()
    for uri in first.assets:
        assert first.assets[uri] == second.assets[uri], uri


def test_what_the_mini_directory_exports(tree):
    directory, site = exported(tree.path)
    tables = hsds(site)
    services = {s["name"]: s for s in tables["compiled/service"]}
    assert set(services) == {"Elterntelefon", "Hebammensprechstunde Altstadt", "Jugendtreff Nord"}
    midwife = services["Hebammensprechstunde Altstadt"]
    assert midwife["status"] == "active" and midwife["assured_date"] == "2026-10-01"
    assert midwife["minimum_age"] == 0 and midwife["maximum_age"] == 1
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in midwife["schedules"]] == [("MO,WE", "09:00", "12:00")]
    assert [p["number"] for p in midwife["phones"]] == ["0209 111 11 11"]
    assert [lang["code"] for lang in midwife["languages"]] == ["de", "tr"]
    assert midwife["cost_options"][0]["amount"] == 0
    location = midwife["service_at_locations"][0]["location"]
    assert (location["name"], location["latitude"], location["longitude"]) == ("Gesundheitshaus", 51.52, 7.05)
    assert location["addresses"][0]["address_1"] == "Marktstraße 1"
    assert location["addresses"][0]["state_province"] == "Nordrhein-Westfalen"
    assert [a["description"] for a in location["accessibility"]] == ["Rollstuhlgerecht"]
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in midwife["attributes"]}
    assert {("Lebensphasen", "schwangerschaft"), ("Lebensphasen", "baby"), ("Themen", "gesundheit"),
            ("Zielgruppen", "werdende_eltern"), ("Angebotsform", "vor_ort")} <= terms
    paused = services["Jugendtreff Nord"]
    assert paused["status"] == "temporarily closed" and "Pausiert" in paused["alert"]
    assert "alert" not in midwife
    assert paused["fees_description"] == "kostenpflichtig: 1 € pro Abend"
    assert [a["name"] for a in paused["service_areas"]] == ["Nordviertel", "Ostend"]
    assert [a["name"] for a in services["Elterntelefon"]["service_areas"]] == ["ganz Gelsenkirchen"]
    assert {t["name"] for t in tables["taxonomy"]} == {"Lebensphasen", "Themen", "Zielgruppen", "Angebotsform",
                                                       "Barrierefreiheit"}
    stage_terms = [t for t in tables["taxonomy_term"] if t["taxonomy"] == "Lebensphasen"]
    assert [t["code"] for t in stage_terms] == directory.vocabulary.life_stage_codes


def test_unpublished_offers_and_their_providers_are_absent(tree):
    directory, site = exported(tree.path)
    gone = [o for o in directory.offers.values() if o not in directory.published]
    assert {o.id for o in gone} == {"alter-kurs", "beendet"}
    text = b"\n".join(site.assets.values()).decode("utf-8")
    for offer in gone:
        for trace in (offer.id, offer.name, hsds_export.hsds_id("Gelsenkirchen", "service", offer.id)):
            assert trace not in text
    assert "Testträger Bildung" not in text  # its only offers are gone
    assert [row[0] for row in csv_rows(site)[1:]] == [o.id for o in directory.published]


def test_no_email_address_in_any_bulk_export(demo):
    directory, site = demo
    assert any(o.contact.email for o in directory.published)  # there is something to leave out
    for uri, data in site.assets.items():
        if uri == "offers.csv" or uri.startswith("hsds/"):
            text = data.decode("utf-8")
            assert "mailto:" not in text, uri
            assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", text), uri
    for download in site.downloads:  # whatever other features register as bulk files (P10)
        assert b"mailto:" not in site.assets.get(download.path, b""), download.path


# --- CSV --------------------------------------------------------------------------------------

def test_csv_has_a_header_and_a_row_per_published_offer(demo):
    directory, site = demo
    rows = csv_rows(site)
    assert tuple(rows[0]) == csv_export.CSV_COLUMNS
    assert len(rows) - 1 == len(directory.published)
    assert all(len(row) == len(csv_export.CSV_COLUMNS) for row in rows)
    assert site.assets["offers.csv"].count(b"\r\n") >= len(rows)
    by_id = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    row = by_id["alleinerziehenden-fruehstueck-hassel"]
    assert row["Name"] == "Frühstück für Alleinerziehende"
    assert row["Lebensphasen"] == "Kita-Alter, Grundschule"
    assert row["Für Familien aus"] == "Hassel, Buer, Scholven"
    assert row["Alter von (Jahre)"] == "3" and row["Kostenlos"] == "ja"
    assert row["Zeiten"] == "1. Samstag im Monat, 9:30–12 Uhr"
    assert row["Orte"] == "Familienzentrum Pusteblume, Polsumer Straße 140, 45896 Gelsenkirchen (Stadtteil Hassel)"
    assert row["Barrierefreiheit"] == "Stufenloser Zugang, Wickelraum, Platz für Kinderwagen"
    assert row["Beispieldaten"] == "ja"
    service = next(s for s in hsds(site)["service"] if s["name"] == "Frühstück für Alleinerziehende")
    assert service["alert"].startswith("Beispiel: ")


HOSTILE_CELLS = {
    "name": '=HYPERLINK("http://evil")',
    "summary": "@SUM(1)",
}


def test_csv_cells_cannot_become_formulas_and_text_round_trips(tree):
    tree.replace(HOSTILE, "name: Hebammensprechstunde Altstadt", "name: '=HYPERLINK(\"http://evil\")'")
    tree.replace(HOSTILE, "summary: Offene Sprechstunde für Schwangere und junge Eltern.", "summary: '@SUM(1)'")
    tree.replace(HOSTILE, 'phone: "0209 111 11 11"', 'phone: "+49 209 111 11 11"')
    tree.replace(HOSTILE, "provider: {name: Testträger Gesundheit}", "provider: {name: '-2+3 Träger; \"Gesund\"'}")
    body = 'Erste Zeile mit "Anführungszeichen"; und Semikolon.\n\n=1+1 in der dritten Zeile\r\n- Liste'
    text = tree.read(HOSTILE)
    tree.write(HOSTILE, text[:text.rindex("---\n") + 4] + body + "\n")
    directory, site = exported(tree.path)
    rows = csv_rows(site)
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "hebamme-altstadt")))
    assert row["Name"] == "'" + '=HYPERLINK("http://evil")'
    assert row["Kurzbeschreibung"] == "'@SUM(1)"
    assert row["Telefon"] == "'+49 209 111 11 11"
    assert row["Träger"] == "'-2+3 Träger; \"Gesund\""
    offer = directory.offers["hebamme-altstadt"]
    assert row["Beschreibung"] == offer.body.strip()  # quotes, semicolons and line breaks survive
    assert "\n" in row["Beschreibung"] and '"Anführungszeichen"' in row["Beschreibung"]
    for r in rows:
        for cell in r:
            assert not cell.startswith(spreadsheet.FORMULA_START), cell


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+49 209", "'+49 209"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("\uff1dcmd", "'\uff1dcmd"), ("Kita = Spaß", "Kita = Spaß"),
    ("", ""), ("0209 123", "0209 123"), ("'schon", "'schon"),
])
def test_inert(cell, expected):
    assert spreadsheet.inert(cell) == expected


# --- the open-data page -----------------------------------------------------------------------

class Links(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.downloads: list[str] = []
        self.meta: list[str] = []
        self._meta = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("class") == "ww-download__title":
            self.downloads.append(a["href"])
        if tag == "span" and a.get("class") == "ww-download__meta":
            self._meta = ""

    def handle_endtag(self, tag):
        if tag == "span" and self._meta is not None:
            self.meta.append(self._meta)
            self._meta = None

    def handle_data(self, data):
        if self._meta is not None:
            self._meta += data


def test_the_page_lists_every_download_registered_by_any_feature(tree):
    def later_feature(directory, settings, site):  # e.g. the map's GeoJSON, registered after us
        site.assets["offers.geojson"] = b"x" * 2500
        site.downloads.append(Download("offers.geojson", "Karte", "Orte als Punkte.", "GeoJSON"))
        site.downloads.append(Download("nicht-da.json", "Ohne Datei", "Keine Größe bekannt.", "JSON"))

    settings = SiteSettings(city="Teststadt", data_licence="Lizenz X (Beispiel)",
                            data_licence_url="https://lizenz.example/x")
    directory, site = exported(tree.path, settings, extra=[later_feature])
    spec = next(p for p in site.pages if p.src_uri == "offene-daten/index.md")
    assert spec.in_nav and spec.template == "open-data.html"
    html = Renderer(ROOT / "overrides" / "wegweiser", settings, directory, site.template_globals).render(spec, "../")
    links = Links(html)
    assert sorted(links.downloads) == sorted("../" + d.path for d in site.downloads)
    assert "../offers.geojson" in links.downloads and "../offers.csv" in links.downloads
    sizes = dict(zip(links.downloads, links.meta))
    assert sizes["../offers.geojson"] == "offers.geojson · 3 kB"
    assert sizes["../nicht-da.json"] == "nicht-da.json"
    assert sizes["../offers.csv"] == f"offers.csv · {export.size_text(len(site.assets['offers.csv']))}"
    assert '<a href="https://lizenz.example/x">Lizenz X (Beispiel)</a>' in html
    assert "entscheidet die Stadt Teststadt" in html
    assert "<h3>GeoJSON</h3>" in html


def test_the_page_says_when_no_licence_is_chosen(tree):
    directory, site = exported(tree.path)
    spec = next(p for p in site.pages if p.src_uri == "offene-daten/index.md")
    html = Renderer(ROOT / "overrides" / "wegweiser", SETTINGS, directory, site.template_globals).render(spec, "../")
    assert "noch keine Lizenz festgelegt" in html


@pytest.mark.parametrize("n, text", [(0, "1 kB"), (1, "1 kB"), (1000, "1 kB"), (1001, "2 kB"),
                                     (999_999, "1000 kB"), (1_000_000, "1,0 MB"), (37_049_000, "37,0 MB")])
def test_size_text(n, text):
    assert export.size_text(n) == text


def test_built_site_has_the_files_and_the_page_links_them(mini_site):
    html = (mini_site / "offene-daten" / "index.html").read_text(encoding="utf-8")
    links = Links(html).downloads
    ours = {"../offers.csv", "../hsds/compiled/service.json", *(f"../hsds/{name}.json" for name in hsds_export.TABLES)}
    assert ours <= set(links)
    for href in links:
        assert (mini_site / "offene-daten" / href).resolve().is_file(), href
    nav = (mini_site / "ueber" / "index.html").read_text(encoding="utf-8")
    assert 'href="../offene-daten/"' in nav


def test_provider_text_cannot_break_out_of_html_in_json(tree):
    tree.replace(HOSTILE, "name: Hebammensprechstunde Altstadt", "name: '</script><img src=x>&amp;'")
    directory, site = exported(tree.path)
    for uri, data in site.assets.items():
        if uri.endswith(".json"):
            assert b"<" not in data and b">" not in data and b"&" not in data, uri
    names = {s["name"] for s in hsds(site)["service"]}
    assert "</script><img src=x>&amp;" in names


@pytest.mark.parametrize("text, expected", [
    ("Fragen? Schreiben Sie uns an [info@fz.example.org](mailto:info@fz.example.org).",
     "Fragen? Schreiben Sie uns an [E-Mail-Adresse auf der Angebotsseite]."),
    ("[E-Mail](mailto:hassel@lernwerkstatt.example.org) – wir laden Sie ein.",
     "E-Mail [E-Mail-Adresse auf der Angebotsseite] – wir laden Sie ein."),
    ("Anmeldung an anmeldung@kita-ost.example.de oder <info@x.de>.",
     "Anmeldung an [E-Mail-Adresse auf der Angebotsseite] oder [E-Mail-Adresse auf der Angebotsseite]."),
    ("[Schreiben][m]\n\n[m]: MAILTO:a.b+c@d-e.example.org", "[Schreiben][m]\n\n[m]: [E-Mail-Adresse auf der Angebotsseite]"),
    ("Kosten: 5 € @ Termin", "Kosten: 5 € @ Termin"),
    ("https://example.org/@team", "https://example.org/@team"),
])
def test_without_emails(text, expected):
    assert redact.without_emails(text) == expected


def test_text_that_looks_like_a_script_url_is_defused_in_json(tree):
    tree.replace(HOSTILE, "name: Hebammensprechstunde Altstadt", "name: ' JavaScript:alert(1)'")
    tree.replace(HOSTILE, "summary: Offene Sprechstunde für Schwangere und junge Eltern.", "summary: 'data:text/html,x'")
    directory, site = exported(tree.path)
    service = next(s for s in hsds(site)["service"] if s["id"] == hsds_export.hsds_id("Gelsenkirchen", "service", "hebamme-altstadt"))
    assert service["name"] == "' JavaScript:alert(1)"
    assert service["description"].startswith("'data:text/html,x")
    assert redact.defused("Daten: 2026") == "Daten: 2026" and redact.defused("https://x.example") == "https://x.example"
