"""Quality report and coverage matrix computed from the planning fixture (numbers worked out by hand).

The fixture (tests/fixtures/planning, today 2026-11-22) has five Stadtteile:

| id    | name       | need | published | under_18 |
|-------|------------|------|-----------|----------|
| nord  | Nordstadt  | 5    | yes       | 2000     |
| mitte | Mitte      | 4    | no        | 4000     |
| sued  | Südstadt   | 1    | yes       | 1000     |
| west  | Weststadt  | –    | –         | –        |
| ost   | Ostviertel | 4    | yes       | 500      |

and 16 offers: 12 count (one city-wide for baby + kita), one is paused, one starts in 2027, one
expired, one ended. See the test bodies for each cell.
"""
import csv
import datetime as dt
import io
import shutil

import pytest

from conftest import FIXTURES
from wegweiser.site import planning
from wegweiser.content.directory import load_directory
from wegweiser.site.pages import SiteSettings, build_site
from wegweiser.content.problems import WARNING, Problem
from wegweiser.data import spreadsheet

TODAY = dt.date(2026, 11, 22)
STAGES = ("schwangerschaft", "baby", "kleinkind", "kita", "grundschule", "jugend", "beruf")


@pytest.fixture
def directory(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "planning", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    result = load_directory(tmp_path / "content", TODAY)
    assert result.ok, [p.format() for p in result.errors]
    return result.directory


def cells(matrix, what="count"):
    """{district: {stage: value}} for the stages the fixture uses."""
    return {r.district.id: {c.stage: getattr(c, what) for c in r.cells if c.stage in ("baby", "kita", "jugend")}
            for r in matrix.rows}


# --- coverage ----------------------------------------------------------------------------------------

def test_cell_counts_held_there_citywide_or_listed(directory):
    m = planning.coverage(directory)
    # local offers + 1 city-wide (baby, kita); jugend-sued is held in Mitte and listed for Südstadt
    assert cells(m) == {
        "nord": {"baby": 2, "kita": 2, "jugend": 1},
        "ost": {"baby": 1, "kita": 2, "jugend": 0},
        "sued": {"baby": 2, "kita": 3, "jugend": 1},
        "mitte": {"baby": 3, "kita": 1, "jugend": 1},
        "west": {"baby": 2, "kita": 1, "jugend": 1},
    }
    assert m.citywide == {"schwangerschaft": 0, "baby": 1, "kleinkind": 0, "kita": 1, "grundschule": 0,
                          "jugend": 0, "beruf": 0}
    # stages nobody serves are zero everywhere (a real zero: the offers are known)
    assert {c.count for r in m.rows for c in r.cells if c.stage not in ("baby", "kita", "jugend")} == {0}
    assert (m.counted, m.paused, m.not_started) == (12, 1, 1)


def test_per_1000_children_and_no_data_is_not_zero(directory):
    m = planning.coverage(directory)
    assert cells(m, "per_1000") == {
        "nord": {"baby": 1.0, "kita": 1.0, "jugend": 0.5},
        "ost": {"baby": 2.0, "kita": 4.0, "jugend": 0.0},
        "sued": {"baby": 2.0, "kita": 3.0, "jugend": 1.0},
        "mitte": {"baby": 0.75, "kita": 0.25, "jugend": 0.25},
        "west": {"baby": None, "kita": None, "jugend": None},
    }
    texts = cells(m, "per_1000_text")
    assert texts["west"] == {"baby": "keine Daten", "kita": "keine Daten", "jugend": "keine Daten"}
    assert texts["ost"]["jugend"] == "0,0" and texts["mitte"]["baby"] == "0,8" and texts["mitte"]["kita"] == "0,3"
    assert planning.decimal_de(0.375, 2) == "0,38" and planning.decimal_de(12.0) == "12,0"
    assert m.medians["baby"] == 1.5 and m.medians["kita"] == 2.0 and m.medians["jugend"] == 0.375
    assert m.medians["beruf"] == 0


def test_public_order_and_flags_use_only_published_need_classes(directory):
    m = planning.coverage(directory, reveal=False)
    # published classes first (5, 4, 1), then hidden (Mitte) and unknown (Weststadt) by name
    assert [r.district.id for r in m.rows] == ["nord", "ost", "sued", "mitte", "west"]
    assert [(r.need, r.need_note) for r in m.rows] == [
        (5, ""), (4, ""), (1, ""), (None, "nicht veröffentlicht"), (None, "keine Angabe")]
    # class >= 4 and below the stage's median per 1,000 children
    assert cells(m, "flagged") == {
        "nord": {"baby": True, "kita": True, "jugend": False},  # 1.0 < 1.5, 1.0 < 2.0, 0.5 > 0.375
        "ost": {"baby": False, "kita": False, "jugend": True},  # 0.0 < 0.375
        "sued": {"baby": False, "kita": False, "jugend": False},  # class 1
        "mitte": {"baby": False, "kita": False, "jugend": False},  # class hidden: no flag in public
        "west": {"baby": False, "kita": False, "jugend": False},
    }
    assert m.flagged == 3


def test_preview_reveals_every_need_class(directory):
    m = planning.coverage(directory, reveal=True)
    assert [r.district.id for r in m.rows] == ["nord", "mitte", "ost", "sued", "west"]
    assert [r.need for r in m.rows] == [5, 4, 4, 1, None]
    assert cells(m, "flagged")["mitte"] == {"baby": True, "kita": True, "jugend": True}
    assert m.flagged == 6


def test_shades_are_quarters_of_the_column(directory):
    m = planning.coverage(directory)
    assert cells(m, "shade") == {
        "nord": {"baby": 2, "kita": 2, "jugend": 3},
        "ost": {"baby": 3, "kita": 4, "jugend": 1},
        "sued": {"baby": 3, "kita": 3, "jugend": 4},
        "mitte": {"baby": 1, "kita": 1, "jugend": 2},
        "west": {"baby": 0, "kita": 0, "jugend": 0},  # no data, no shade
    }
    assert planning.shade(5.0, [5.0]) == 1
    assert [planning.shade(v, [1, 2, 3, 4, 5, 6, 7, 8]) for v in (1, 2, 3, 4, 5, 6, 7, 8)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_cells_link_to_the_finder(directory):
    row = planning.coverage(directory).rows[0]
    assert [c.url for c in row.cells][:2] == ["suche/?stadtteil=nord&lebensphase=schwangerschaft",
                                              "suche/?stadtteil=nord&lebensphase=baby"]


def test_zero_children_is_no_data_not_a_division(directory):
    import dataclasses
    nord = directory.districts["nord"]
    directory.districts["nord"] = dataclasses.replace(nord, population_under_18=0)
    row = next(r for r in planning.coverage(directory).rows if r.district.id == "nord")
    assert row.children is None and {c.per_1000 for c in row.cells} == {None}


# --- quality report ----------------------------------------------------------------------------------

def report(directory):
    return {g.kind: g for g in planning.quality_report(directory)}


def test_report_groups_every_warning_by_kind(directory):
    groups = report(directory)
    assert [g.kind for g in planning.quality_report(directory)] == [k for k, _, _ in planning.GROUPS]
    got = {kind: [(r.path, r.line, r.field) for r in g.rows] for kind, g in groups.items()}
    assert got == {
        "expired": [("content/offers/abgelaufen.md", 19, "valid_until")],
        "ended": [("content/offers/beendet.md", 20, "status")],
        "expiring": [("content/offers/bald-vorbei.md", 0, "valid_until")],
        "stale": [("content/offers/alt-geprueft-1.md", 19, "last_reviewed"),
                  ("content/districts/ost.md", 7, "last_reviewed"),
                  ("content/offers/alt-geprueft-2.md", 18, "last_reviewed")],
        "recommended": [("content/offers/alt-geprueft-2.md", 2, "languages")],
        "location-district": [("content/offers/jugend-sued.md", 11, "locations[1].district")],
        "location-outside": [],
        "no_coordinates": [],
        "neighbours": [("content/districts/west.md", 3, "neighbours[2]")],
        "age-stage": [("content/offers/falsches-alter.md", 7, "age")],
        "delivery": [("content/offers/online-kurs.md", 12, "delivery")],
        "duplicate": [], "private-contact": [], "typography": [], "old-code": [],  # tests/test_staff.py
        "other": [],
        "example": [("content/offers/beispiel.md", 0, "example")],
    }
    # nothing the validator said is lost
    assert sum(len(g.rows) for k, g in groups.items() if k not in ("expiring", "example")) == \
        len(directory.problems) == 10


def test_stale_rows_oldest_first_with_provider_and_date(directory):
    rows = report(directory)["stale"].rows
    assert [(r.title, r.provider, r.date) for r in rows] == [
        ("Babycafé Südstadt", "Alter Träger A", dt.date(2025, 1, 15)),
        ("Ostviertel", "", dt.date(2025, 3, 1)),
        ("Jugendberatung Nordstadt", "Alter Träger B", dt.date(2025, 6, 1))]
    assert [r.url for r in rows] == ["angebote/alt-geprueft-1/", "stadtteile/ost/", "angebote/alt-geprueft-2/"]


def test_rows_link_only_published_entries(directory):
    groups = report(directory)
    expired, ended = groups["expired"].rows[0], groups["ended"].rows[0]
    assert (expired.title, expired.url, expired.provider) == ("Abgelaufener Kurs", "", "Testträger Familie")
    assert (ended.title, ended.url) == ("Beendetes Angebot", "")
    assert groups["neighbours"].rows[0].url == "stadtteile/west/"


def test_expiring_within_30_days(directory):
    row, = report(directory)["expiring"].rows
    assert (row.title, row.url, row.date) == ("Herbstkurs Ostviertel", "angebote/bald-vorbei/", dt.date(2026, 12, 10))
    assert row.message == "Läuft am 10.12.2026 ab (in 18 Tagen)."
    assert [o.id for o in planning.expiring(directory, days=17)] == []
    assert [o.id for o in planning.expiring(directory, days=18)] == ["bald-vorbei"]


def test_unknown_kinds_go_to_the_generic_group(directory):
    directory.problems = directory.problems + [
        Problem("content/offers/beispiel.md", 3, 1, "summary", "Neue Prüfung.", WARNING, "brand-new"),
        Problem("content/vocabulary.yml", 1, 1, "", "Ohne Art.", WARNING, "")]
    other = report(directory)["other"].rows
    assert [(r.title, r.url, r.message) for r in other] == [
        ("Beispielangebot", "angebote/beispiel/", "Neue Prüfung."), ("vocabulary.yml", "", "Ohne Art.")]
    # a kind added by another check keeps its own group once it is known here
    assert planning.group_kind("location-outside") == "location-outside"


# --- CSV and the site ---------------------------------------------------------------------------------

def test_csv_parsed_back_matches_the_matrix(directory):
    m = planning.coverage(directory)
    data = planning.matrix_csv(m, directory)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 5 * 7 and tuple(rows[0]) == planning.CSV_COLUMNS
    by = {(r["stadtteil_id"], r["lebensphase_id"]): r for r in rows}
    assert by["nord", "baby"] == {
        "stadtteil_id": "nord", "stadtteil": "Nordstadt", "bedarfsklasse": "5", "kinder_unter_18": "2000",
        "lebensphase_id": "baby", "lebensphase": "Baby (erstes Lebensjahr)", "angebote": "2",
        "davon_gesamtstadt": "1", "je_1000_kinder": "1,0", "markiert": "ja"}
    assert by["mitte", "baby"]["bedarfsklasse"] == "nicht veröffentlicht"
    assert by["mitte", "baby"]["je_1000_kinder"] == "0,8" and by["mitte", "baby"]["markiert"] == "nein"
    assert by["west", "kita"]["kinder_unter_18"] == "keine Daten" and by["west", "kita"]["je_1000_kinder"] == "keine Daten"
    assert by["west", "kita"]["bedarfsklasse"] == "keine Angabe"
    assert [r["stadtteil_id"] for r in rows[::7]] == ["nord", "ost", "sued", "mitte", "west"]
    assert {int(r["angebote"]) for r in rows} == {c.count for row in m.rows for c in row.cells}
    assert b"\r\n" in data


@pytest.mark.parametrize("value, safe", [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-2", "'-2"),
                                         ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                                         ("Nordstadt", "Nordstadt"), (5, "5"), ("", "")])
def test_csv_cells_cannot_start_a_formula(value, safe):
    assert spreadsheet.inert(value) == safe


def test_hostile_district_name_in_csv_stays_text(directory):
    import dataclasses
    directory.districts["nord"] = dataclasses.replace(directory.districts["nord"], name='=HYPERLINK("x")')
    data = planning.matrix_csv(planning.coverage(directory), directory).decode("utf-8-sig")
    names = {r["stadtteil"] for r in csv.DictReader(io.StringIO(data), delimiter=";")}
    assert '\'=HYPERLINK("x")' in names


def test_setting_off_adds_nothing(directory):
    site = build_site(directory, SiteSettings(planning=False), [planning.extend])
    assert not [p for p in site.pages if p.src_uri.startswith("planung/")]
    assert site.assets == {} and site.downloads == []


def test_setting_on_adds_three_noindex_pages_the_csv_and_a_download(directory):
    site = build_site(directory, SiteSettings(), [planning.extend])
    staff = [p for p in site.pages if p.src_uri.startswith("planung/")]
    assert [p.src_uri for p in staff] == ["planung/index.md", "planung/qualitaet/index.md",
                                          "planung/versorgung/index.md"]
    assert {p.robots for p in staff} == {"noindex"} and not any(p.in_nav for p in staff)
    assert list(site.assets) == [planning.CSV_PATH, planning.REPORT_CSV]
    assert [(d.path, d.format) for d in site.downloads] == [(planning.CSV_PATH, "CSV")]
    # a build is public: the hidden class of Mitte is not in it
    assert site.assets[planning.CSV_PATH] == planning.matrix_csv(planning.coverage(directory), directory)


def test_report_csv_holds_every_row_of_every_group(directory):
    groups = planning.quality_report(directory)
    rows = list(csv.reader(io.StringIO(planning.report_csv(groups).decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == planning.REPORT_COLUMNS
    want = [[g.title, r.title, r.path, str(r.line or ""), r.url] for g in groups for r in g.rows]
    assert [[x[0], x[1], x[6], x[7], x[8]] for x in rows[1:]] == want
    stale = next(x for x in rows if x[6] == "content/offers/alt-geprueft-1.md" and x[4] == "last_reviewed")
    assert stale[3] == "15.01.2025" and stale[2] == "Alter Träger A" and stale[8] == "angebote/alt-geprueft-1/"


def test_report_page_shows_the_first_rows_of_a_long_group_and_links_the_table(directory, monkeypatch):
    from conftest import ROOT
    from wegweiser.site import features
    from wegweiser.site.render import Renderer
    monkeypatch.setattr(planning, "ROWS_SHOWN", 2)  # the fixture's stale group has 3 rows
    settings = SiteSettings()
    site = build_site(directory, settings, features.ALL)
    (spec,) = [p for p in site.pages if p.src_uri == "planung/qualitaet/index.md"]
    html = Renderer(ROOT / "overrides" / "wegweiser", settings, directory, site.template_globals).render(spec, "../../")
    stale = html[html.index('id="gruppe-stale"'):html.index('id="gruppe-recommended"')]
    assert stale.count('data-label="Eintrag"') == 2 and "Jugendberatung Nordstadt" not in stale
    assert '… und 1 weitere: alle stehen in der Tabelle\n  <a href="qualitaetsbericht.csv">' in stale
    assert '<a href="qualitaetsbericht.csv">qualitaetsbericht.csv</a> (CSV' in html
