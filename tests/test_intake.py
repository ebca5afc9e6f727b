"""`wegweiser import` end to end: the fixture spreadsheet (xlsx and a cp1252 CSV) into content files
that pass the check, messages by row and column, all or nothing, re-imports with conflicts, hostile
cells, the template, the address table."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import intake_data as data
from conftest import MINI, ROOT, TODAY
from wegweiser import cli
from wegweiser.content.directory import load_directory
from wegweiser.intake import places, run as run_, sources

DAY = dt.date.fromisoformat(TODAY)

KRABBELGRUPPE = """\
---
name: Krabbelgruppe Sonnenschein
summary: Spielen, singen und andere Eltern kennenlernen. Jeden Dienstag im Familienzentrum.
provider:
  name: Familienzentrum Altstadt e.V.
life_stages: [baby, kleinkind]
categories: [begegnung]
age: {min: 0, max: 3}
districts: [altstadt]
locations:
  - name: Familienzentrum Altstadt
    street: Marktstraße 1
    postal_code: "45879"
    city: Teststadt
    district: altstadt
cost: {free: true}
languages: [de, tr]
schedule:
  - days: [di]
    opens: "09:00"
    closes: "11:00"
contact:
  phone: "0209 111 22 33"
  website: https://www.fz-altstadt.example.org
last_reviewed: 2026-03-02
status: active
---
Spielen, singen und andere Eltern kennenlernen.
Jeden Dienstag im Familienzentrum.
"""
WRITTEN = ["elterncafe-nord", "familienberatung-am-telefon", "hausaufgabenhilfe", "krabbelgruppe-sonnenschein",
           "sprachkurs-fuer-muetter"]


@pytest.fixture
def work(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "content")
    # the school holidays, so that "nicht in den Ferien" in a cell can become `holidays: closed`
    shutil.copy(ROOT / "content" / "holidays.yml", tmp_path / "content" / "holidays.yml")
    (tmp_path / "import.yml").write_text(data.MAPPING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(work: Path, source: str, mapping: str = "import.yml", **options) -> tuple[int, run_.Report]:
    opts = run_.Options(work / source, work / mapping, work / "content", work / "content" / "offers", DAY,
                        "Teststadt", **options)
    return run_.run(opts)


def imported(work: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((work / "content" / "offers").glob("*.md"))
            if p.stem not in {q.stem for q in (MINI / "offers").glob("*.md")}}


def check_is_clean(work: Path) -> None:
    result = load_directory(work / "content", DAY)
    assert result.errors == []


def test_the_fixture_spreadsheet_imports_to_the_expected_files(work):
    code, report = run(work, data.write_xlsx(work / "angebote.xlsx").name)
    assert code == 0, report.lines
    files = imported(work)
    assert sorted(files) == WRITTEN
    assert files["krabbelgruppe-sonnenschein"] == KRABBELGRUPPE
    # the provider merged over two rows counts for both; a note-only time goes to schedule_note
    assert "provider:\n  name: Caritas Teststadt\n" in files["sprachkurs-fuer-muetter"]
    assert "schedule:\n  - by_appointment: true\n" in files["familienberatung-am-telefon"]
    assert "districts: [gesamtstadt]\n" in files["familienberatung-am-telefon"]
    assert "life_stages: [alle]\n" in files["familienberatung-am-telefon"]
    assert "    holidays: closed\n" in files["hausaufgabenhilfe"] and "nicht in den Ferien" not in files["hausaufgabenhilfe"]
    assert "languages: [tr, ar]\n" in files["sprachkurs-fuer-muetter"]
    assert "cost:\n  free: false\n  note: 5 € pro Kurs, mit Bildungspaket kostenlos\n" in files["sprachkurs-fuer-muetter"]
    check_is_clean(work)
    lines = report.lines
    assert lines[0] == "Gelesen: angebote.xlsx (Tabellenblatt „Angebote“), 6 Zeilen mit Inhalt"
    assert "angebote.xlsx:Zeile 8: Warnung: Die Zeile wiederholt Zeile 4 und wird übersprungen." in lines
    assert lines[-1].startswith("5 Angebote geschrieben (5 neu, 0 geändert, 0 unverändert), 0 Zeilen mit Fehlern, "
                                "4 Orte ohne Koordinaten (")
    state = json.loads((work / "import.stand.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in state["offers"].values()) == WRITTEN


def test_the_cp1252_csv_gives_the_same_files(work):
    raw = data.write_csv(work / "angebote.csv").read_bytes()
    assert "Öffnungszeiten".encode("cp1252") in raw and b"\r\n" in raw
    code, report = run(work, "angebote.csv")
    assert code == 0, report.lines
    assert report.lines[0] == "Gelesen: angebote.csv (Windows-1252, Trennzeichen „;“), 6 Zeilen mit Inhalt"
    assert imported(work)["krabbelgruppe-sonnenschein"] == KRABBELGRUPPE
    assert sorted(imported(work)) == WRITTEN


def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_written(work):
    data.write_xlsx(work / "angebote.xlsx", data.ROWS + [data.BAD_ROW])
    code, report = run(work, "angebote.xlsx")
    assert code == 1
    assert imported(work) == {} and not (work / "import.stand.json").exists()
    row = data.FIRST_DATA_ROW + len(data.ROWS)
    assert [line for line in report.lines if f":Zeile {row}:" in line] == [
        f"angebote.xlsx:Zeile {row}:Spalte „Lebensphase“: life_stages: „Babys“ ist keine bekannte Angabe. Meinten "
        "Sie „baby“? Erlaubt sind: alle, baby, beruf, fruehe_hilfen, grundschule, jugend, kita, kleinkind, schulzeit, "
        "schwangerschaft. Ergänzen Sie sonst in der Zuordnung eine Wertetabelle (values).",
        f"angebote.xlsx:Zeile {row}:Spalte „Stadtteil“: districts: Den Stadtteil „Altstad“ gibt es nicht (keine Datei "
        "in content/districts/). Meinten Sie „Altstadt“? Für die ganze Stadt schreiben Sie „gesamtstadt“.",
        f"angebote.xlsx:Zeile {row}:Spalte „Öffnungszeiten“: schedule: „Di ab 10 Uhr“: Zu „10“ fehlt das Ende: "
        "schreiben Sie Beginn und Ende, z. B. „14–16 Uhr“. Geschrieben werden Zeiten wie „Di 9–11 Uhr“, "
        "„Mo–Fr 8:00–12:00“ oder „Mo, Mi 9–12; Do 14–18 Uhr“.",
    ]
    assert report.lines[-2].startswith("Wegen der Fehler wurde nichts geschrieben.")
    assert report.lines[-1].startswith("5 Angebote würden geschrieben (5 neu, 0 geändert, 0 unverändert), "
                                       "1 Zeile mit Fehlern, 4 Orte ohne Koordinaten (")


def test_partial_writes_the_good_rows_and_dry_run_writes_nothing(work):
    data.write_xlsx(work / "angebote.xlsx", data.ROWS + [data.BAD_ROW])
    code, report = run(work, "angebote.xlsx", partial=True, dry_run=True)
    assert code == 1 and imported(work) == {}
    assert "würde schreiben: content/offers/krabbelgruppe-sonnenschein.md (neu; angebote.xlsx:Zeile 4)" in report.lines
    code, report = run(work, "angebote.xlsx", partial=True)
    assert code == 1 and sorted(imported(work)) == WRITTEN
    assert report.lines[-1].startswith("5 Angebote geschrieben (5 neu, 0 geändert, 0 unverändert), 1 Zeile mit Fehlern")
    check_is_clean(work)


def test_a_problem_only_the_check_finds_is_named_by_its_column(work):
    rows = [list(r) for r in data.ROWS]
    rows[0][1] = "Krabbelgruppe " + "sehr " * 30  # longer than a name may be
    data.write_xlsx(work / "angebote.xlsx", rows)
    code, report = run(work, "angebote.xlsx")
    assert code == 1
    assert [line for line in report.lines if ":Zeile 4:" in line and "Warnung" not in line] == [
        "angebote.xlsx:Zeile 4:Spalte „Angebot“: name: Der Text ist zu lang: 163 Zeichen, erlaubt sind höchstens "
        "120. Kürzen Sie ihn."]


def test_reimport_updates_owned_fields_keeps_provider_edits_and_reports_conflicts(work):
    data.write_xlsx(work / "angebote.xlsx")
    assert run(work, "angebote.xlsx")[0] == 0
    offers = work / "content" / "offers"
    # a provider edits two owned fields and adds one the mapping does not own
    path = offers / "krabbelgruppe-sonnenschein.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace('phone: "0209 111 22 33"', 'phone: "0209 999 99 99"')
    text = text.replace("categories: [begegnung]", "categories: [begegnung, gesundheit]")
    text = text.replace("status: active\n", "status: active\nregistration: {required: true}\n")
    path.write_text(text, encoding="utf-8")
    # the spreadsheet changes the same phone, another field of that offer, and nothing of the others
    rows = [list(r) for r in data.ROWS]
    rows[0][17] = rows[4][17] = "0209 000 00 00"
    rows[0][12] = rows[4][12] = "Di 9-12 Uhr"
    data.write_xlsx(work / "angebote.xlsx", rows)
    code, report = run(work, "angebote.xlsx", dry_run=True)
    assert ("würde schreiben: content/offers/krabbelgruppe-sonnenschein.md (geändert: schedule; bleibt wie vom "
            "Träger geändert: categories; angebote.xlsx:Zeile 4)") in report.lines
    code, report = run(work, "angebote.xlsx")
    assert code == 0, report.lines
    after = path.read_text(encoding="utf-8")
    assert 'phone: "0209 999 99 99"' in after  # the provider's edit stays (conflict)
    assert "categories: [begegnung, gesundheit]" in after  # the provider's edit stays (source unchanged)
    assert 'closes: "12:00"' in after  # the spreadsheet's change of a field nobody edited
    assert "registration: {required: true}" in after  # not owned by the mapping: untouched
    assert [line for line in report.lines if ": Konflikt:" in line] == [
        "angebote.xlsx:Zeile 4:Spalte „Telefon“: contact.phone: Konflikt: In content/offers/krabbelgruppe-sonnenschein.md "
        "wurde „contact.phone“ seit dem letzten Import geändert („0209 999 99 99“), die Tabelle sagt jetzt "
        "„0209 000 00 00“. Die Datei bleibt, wie sie ist; übernehmen Sie den neuen Wert von Hand, wenn er stimmt."]
    assert report.lines[-1].startswith("5 Angebote geschrieben (0 neu, 1 geändert, 4 unverändert), 0 Zeilen mit "
                                       "Fehlern, 4 Orte ohne Koordinaten, 1 Konflikt")
    check_is_clean(work)
    # the same spreadsheet again: the conflict was reported; the provider's value simply stays
    code, report = run(work, "angebote.xlsx")
    assert not [line for line in report.lines if ": Konflikt:" in line]
    assert path.read_text(encoding="utf-8") == after


def test_a_renamed_offer_keeps_its_file_and_a_deleted_file_is_not_recreated(work):
    data.write_xlsx(work / "angebote.xlsx")
    run(work, "angebote.xlsx")
    rows = [list(r) for r in data.ROWS]
    rows[0][1] = rows[4][1] = "Krabbelgruppe Sonnenstrahl"
    data.write_xlsx(work / "angebote.xlsx", rows)
    (work / "content" / "offers" / "hausaufgabenhilfe.md").unlink()
    code, report = run(work, "angebote.xlsx")
    files = imported(work)
    assert "name: Krabbelgruppe Sonnenstrahl" in files["krabbelgruppe-sonnenschein"]  # same source id, same file
    assert "hausaufgabenhilfe" not in files
    assert ("angebote.xlsx:Zeile 9: Warnung: content/offers/hausaufgabenhilfe.md wurde seit dem letzten Import "
            "gelöscht und wird nicht neu angelegt. Soll das Angebot wieder erscheinen, löschen Sie seinen Eintrag "
            "in import.stand.json.") in report.lines


def test_an_existing_file_of_the_same_name_is_never_overwritten(work):
    (work / "content" / "offers" / "hausaufgabenhilfe.md").write_text(
        (MINI / "offers" / "hebamme-altstadt.md").read_text(encoding="utf-8"), encoding="utf-8")
    data.write_xlsx(work / "angebote.xlsx")
    assert run(work, "angebote.xlsx")[0] == 0
    assert "Hebammensprechstunde" in (work / "content" / "offers" / "hausaufgabenhilfe.md").read_text(encoding="utf-8")
    assert "name: Hausaufgabenhilfe" in (work / "content" / "offers" / "hausaufgabenhilfe-2.md").read_text(encoding="utf-8")


HOSTILE = [
    (1, "=HYPERLINK(\"https://evil.example\",\"Klick\")", "Angebot",
     "Die Zelle enthält eine Formel (=HYPERLINK(\"https://evil.example\",\"Klick). Formeln werden nicht "
     "übernommen: kopieren Sie die Spalte und fügen Sie sie als Werte ein („Inhalte einfügen → Nur Werte“)."),
    (2, "Kurs <script>alert(1)</script>", "Träger",
     "provider.name: Die Zelle enthält HTML („<script>“). Schreiben Sie nur Text; Formatierungen gehen hier nicht."),
    (1, "Krabbel\u202egruppe", "Angebot",
     "Die Zelle enthält an Stelle 8 ein unsichtbares Zeichen (U+202E RIGHT-TO-LEFT OVERRIDE). Löschen Sie es; oft "
     "hilft es, den Text neu zu tippen statt ihn zu kopieren."),
    (3, "x" * 1_000_000, "Beschreibung",
     "Die Zelle ist zu lang ({length} Zeichen; höchstens 20.000). Ist hier etwas versehentlich eingefügt worden?"),
    (3, "<script>alert(1)</script> Text", "Beschreibung",
     "Beschreibung: HTML ist in der Beschreibung nicht erlaubt: „<script>“. Schreiben Sie nur "
     "Text und Markdown (z. B. **fett**, Listen mit „- “, Links als [Text](https://…)). Soll ein „<“ als Zeichen "
     "erscheinen, schreiben Sie „\\<“."),
]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("col, value, column, message", HOSTILE, ids=["formula", "html", "bidi", "1 MB", "html body"])
def test_hostile_cells_give_clear_errors(work, kind, col, value, column, message):
    rows = [list(r) for r in data.ROWS]
    rows[1][col] = value
    if kind == "xlsx":
        data.write_xlsx(work / "angebote.xlsx", rows)  # openpyxl stores "=…" as a real formula
    else:
        data.write_csv(work / "angebote.csv", rows, encoding="utf-8")
    code, report = run(work, f"angebote.{kind}")
    assert code == 1 and imported(work) == {}
    line = 5 if kind == "xlsx" else 4
    message = message.replace("{length}", "32.767" if kind == "xlsx" else "1.000.000")  # Excel's cell limit
    assert [text for text in report.lines if f":Zeile {line}:" in text and "Warnung" not in text] == [
        f"angebote.{kind}:Zeile {line}:Spalte „{column}“: {message}"]


def test_a_cell_that_looks_like_a_formula_but_is_marked_as_text_is_text(work):
    rows = [list(r) for r in data.ROWS]
    rows[0][14] = rows[4][14] = "'-5 € mit Familienpass"  # Excel's text marker, as offers.csv writes it
    data.write_csv(work / "angebote.csv", rows)
    assert run(work, "angebote.csv")[0] == 0
    assert "note: \"-5 € mit Familienpass\"" in imported(work)["krabbelgruppe-sonnenschein"]


def test_mapping_mistakes_are_named_in_the_mapping_file(work):
    data.write_xlsx(work / "angebote.xlsx")
    (work / "import.yml").write_text(data.MAPPING.replace("schedule: Öffnungszeiten", "schedule: Öffnungszeit")
                                     .replace("  languages: Sprachen", "  language: Sprachen"), encoding="utf-8")
    code, report = run(work, "angebote.xlsx")
    assert code == 2
    assert report.lines[0] == ("import.yml:21:3: fields.language: Unbekanntes Feld „language“. Meinten Sie "
                               "„languages“? Ein falsch geschriebenes Feld würde sonst stillschweigend übergangen.")
    (work / "import.yml").write_text(data.MAPPING.replace("schedule: Öffnungszeiten", "schedule: Öffnungszeit"),
                                     encoding="utf-8")
    code, report = run(work, "angebote.xlsx")
    assert code == 2
    assert report.lines[1] == ("import.yml:18:13: fields.schedule: Die Spalte „Öffnungszeit“ gibt es in "
                               "angebote.xlsx nicht. Meinten Sie „Öffnungszeiten“?")


def test_the_template_names_the_columns_and_imports_as_it_is(work, capsys):
    data.write_xlsx(work / "angebote.xlsx")
    assert cli.main(["import", "angebote.xlsx", "--template", "--mapping", "vorlage.yml", "--city", "Teststadt"]) == 0
    text = (work / "vorlage.yml").read_text(encoding="utf-8")
    for line in ('source_id: "Nr."  # feste Nummer je Angebot: gleiche Nummer = gleiche Datei', '  name: "Angebot"', '  provider.name: "Träger"', '  schedule: "Öffnungszeiten"',
                 '    - name: "Einrichtung"', '      postal_code: "PLZ"', '  contact.phone: "Telefon"',
                 '  age.min: "Alter"', "  last_reviewed: heute"):
        assert line in text.splitlines(), line
    assert cli.main(["import", "angebote.xlsx", "--mapping", "vorlage.yml", "--city", "Teststadt"]) == 0
    out = capsys.readouterr().out
    assert "5 Angebote geschrieben (5 neu" in out
    check_is_clean(work)


def utm32(lat: float, lon: float) -> tuple[float, float]:
    """The forward projection by Snyder's series (USGS Professional Paper 1395, eq. 8-9 to 8-10): a
    different formula from the Krüger series the importer uses, so each checks the other."""
    import math
    a, f, k0 = 6378137.0, 1 / 298.257222101, 0.9996
    e2 = f * (2 - f)
    ep2 = e2 / (1 - e2)
    phi, lam = math.radians(lat), math.radians(lon - 9)
    n = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    t, c, big_a = math.tan(phi) ** 2, ep2 * math.cos(phi) ** 2, math.cos(phi) * lam
    m = a * ((1 - e2 / 4 - 3 * e2 ** 2 / 64 - 5 * e2 ** 3 / 256) * phi
             - (3 * e2 / 8 + 3 * e2 ** 2 / 32 + 45 * e2 ** 3 / 1024) * math.sin(2 * phi)
             + (15 * e2 ** 2 / 256 + 45 * e2 ** 3 / 1024) * math.sin(4 * phi)
             - (35 * e2 ** 3 / 3072) * math.sin(6 * phi))
    east = 500000 + k0 * n * (big_a + (1 - t + c) * big_a ** 3 / 6
                              + (5 - 18 * t + t ** 2 + 72 * c - 58 * ep2) * big_a ** 5 / 120)
    north = k0 * (m + n * math.tan(phi) * (big_a ** 2 / 2 + (5 - t + 9 * c + 4 * c ** 2) * big_a ** 4 / 24
                                          + (61 - 58 * t + t ** 2 + 600 * c - 330 * ep2) * big_a ** 6 / 720))
    return east, north


def test_utm_zone_32_to_wgs84():
    assert places.utm32_to_wgs84(500000, 0) == pytest.approx((0, 9), abs=1e-9)
    for lat, lon in ((51.52, 7.05), (51.6061, 7.0686), (47.5, 12.9), (54.9, 6.0)):
        assert places.utm32_to_wgs84(*utm32(lat, lon)) == pytest.approx((lat, lon), abs=2e-7)


def test_coordinates_from_the_address_table_and_the_district_from_them(work):
    # NRW's Hauskoordinaten give UTM 32 (EPSG:25832), with a decimal comma
    east, north = utm32(51.52, 7.05)
    (work / "hauskoordinaten.csv").write_text(
        "Straße;Hausnummer;Hausnummerzusatz;PLZ;Ostwert;Nordwert\n"
        + f"Marktstraße;1;;45879;{east:.2f};{north:.2f}\n".replace(".", ","), encoding="utf-8")
    mapping = data.MAPPING.replace("      district: Stadtteil\n", "") + "address_table: hauskoordinaten.csv\n"
    (work / "import.yml").write_text(mapping, encoding="utf-8")
    data.write_xlsx(work / "angebote.xlsx")
    code, report = run(work, "angebote.xlsx")
    assert code == 0, report.lines
    text = imported(work)["krabbelgruppe-sonnenschein"]
    assert "    district: altstadt\n    lat: 51.52\n    lon: 7.05\n" in text
    assert ", 3 Orte ohne Koordinaten (" in report.lines[-1]


def test_a_source_that_cannot_be_read_is_one_sentence(work):
    (work / "angebote.xlsx").write_bytes(b"PK\x03\x04 nicht wirklich")
    code, report = run(work, "angebote.xlsx")
    assert code == 2 and report.lines[0].startswith("Fehler: angebote.xlsx ist keine lesbare Excel-Datei (.xlsx)")
    (work / "angebote.ods").write_bytes(b"x")
    code, report = run(work, "angebote.ods")
    assert report.lines == ["Fehler: angebote.ods: Dieses Format liest der Import nicht. Öffnen Sie die Datei in "
                            "LibreOffice oder Excel und speichern Sie sie als Excel-Arbeitsmappe (.xlsx) oder als "
                            "„CSV UTF-8“."]
    (work / "kaputt.csv").write_bytes("Name;Ort\nA;B\n".encode("utf-16"))
    with pytest.raises(sources.SourceError, match="UTF-16"):
        sources.read(work / "kaputt.csv")


def test_word_bullets_in_a_description_cell_become_a_markdown_list(work):
    rows = [list(r) for r in data.ROWS]
    rows[1][3] = "Wir bieten:\n• Kaffee\n• Beratung\nKommen Sie vorbei."
    data.write_xlsx(work / "angebote.xlsx", rows)
    assert run(work, "angebote.xlsx")[0] == 0
    text = imported(work)["elterncafe-nord"]
    assert text.endswith("---\nWir bieten:\n\n- Kaffee\n- Beratung\n\nKommen Sie vorbei.\n")
    check_is_clean(work)


def test_the_template_keeps_a_cost_amount_as_the_note_but_not_yes_or_no(work, capsys):
    (work / "liste.csv").write_text(
        "Angebot;Kurzbeschreibung;Träger;Thema;Lebensphase;Stadtteil;Einrichtung;Straße;PLZ;Öffnungszeiten;"
        "kostenlos;Telefon\n"
        "Krabbelgruppe;Spielen und singen.;Familienzentrum;Begegnung;Baby;Altstadt;Familienzentrum;Markt 1;45879;"
        "nach Vereinbarung;ja;0209 111 22 33\n"
        "Babymassage;Massage für Babys.;Hebammenpraxis;Gesundheit;Baby;Altstadt;Praxis;Markt 2;45879;Di 9-11 Uhr;"
        "nein;0209 222 33 44\n"
        "Elternkurs;Ein Kurs für Eltern.;Familienbildung;Bildung;Kita;Altstadt;Bildungswerk;Markt 3;45879;"
        "Mi 18-20 Uhr;5 € pro Abend;0209 333 44 55\n", encoding="utf-8")
    assert cli.main(["import", "liste.csv", "--template", "--mapping", "vorlage.yml", "--city", "Teststadt"]) == 0
    text = (work / "vorlage.yml").read_text(encoding="utf-8")
    assert "„nach Vereinbarung“ ebenso (ohne feste Zeit)." in text
    assert cli.main(["import", "liste.csv", "--mapping", "vorlage.yml", "--city", "Teststadt"]) == 0, \
        capsys.readouterr().out
    files = imported(work)
    assert "schedule:\n  - by_appointment: true\n" in files["krabbelgruppe"]
    assert "cost: {free: true}\n" in files["krabbelgruppe"]
    assert "cost: {free: false}\n" in files["babymassage"]
    assert "cost:\n  free: false\n  note: 5 € pro Abend\n" in files["elternkurs"]


def test_a_template_without_a_place_name_column_is_a_valid_mapping(work, capsys):
    (work / "liste.csv").write_text("Angebot;Stadtteil;Straße;Telefon\n"
                                    "Elterntelefon;ganze Stadt;;0209 111 22 33\n", encoding="utf-8")
    assert cli.main(["import", "liste.csv", "--template", "--mapping", "vorlage.yml", "--city", "Teststadt"]) == 0
    lines = (work / "vorlage.yml").read_text(encoding="utf-8").splitlines()
    assert '  #   - name: "…"' in lines and '  #     street: "Straße"' in lines
    capsys.readouterr()
    code = cli.main(["import", "liste.csv", "--mapping", "vorlage.yml", "--city", "Teststadt", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1 and "Zuordnungsdatei hat Fehler" not in out, out
    assert "liste.csv:Zeile 2: Es fehlt mindestens ein Ort (locations)." in out
    assert ("liste.csv:Zeile 2: summary: Kurzbeschreibung (`summary`) fehlt. Schreiben Sie zum Beispiel: "
            "`summary: Frühstück und Austausch für Eltern mit Babys`. Die Zuordnung füllt dieses Feld aus keiner "
            "Spalte: ergänzen Sie es unter fields oder defaults.") in out.splitlines()


def test_a_dry_run_of_one_offer_says_wuerde(work):
    rows = [list(r) for r in data.ROWS[:1]]
    data.write_xlsx(work / "angebote.xlsx", rows)
    code, report = run(work, "angebote.xlsx", dry_run=True)
    assert code == 0, report.lines
    assert report.lines[-1].startswith("1 Angebot würde geschrieben (1 neu, 0 geändert, 0 unverändert), ")


@pytest.mark.parametrize("cell", ["Schalke-Nord", "schalke nord", "Schalke Nord", "SCHALKE-NORD"])
def test_a_stadtteil_written_with_a_space_for_its_hyphen_is_read(cell):
    from wegweiser.intake.mapping import Column
    from wegweiser.intake.sources import Row
    from wegweiser.intake.values import Built, Cells

    vocab = load_directory(MINI, DAY).directory.vocabulary
    cells = Cells(vocab, {"schalke-nord": "Schalke-Nord", "altstadt": "Altstadt"}, "Teststadt")
    built = Built(Row(2, {}), {}, "")
    assert cells._district(cell, Column("districts", ("Stadtteil",)), "districts", built, "Stadtteil") == "schalke-nord"
    assert built.problems == []


@pytest.mark.parametrize("name", ["Café Kinderwagen (Buer)", "Mu\u0308ttercafe\u0301 Bismarck", "Ağır Çay Şişli",
                                  "Großeltern-Treff", "İstanbul Kulübü"])
def test_ids_from_names_are_transliterated_like_the_file_name_suggestions(name):
    from wegweiser.content.files import _suggest_id
    from wegweiser.intake.ids import from_name
    assert from_name(name) == _suggest_id(name)
