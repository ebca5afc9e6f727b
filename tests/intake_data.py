"""The fixture spreadsheet of the import tests, as a Familienbüro keeps it: written by code, so the
mess is deliberate and visible here (a title row, merged header cells, a merged provider over two
rows, trailing spaces, a postal code as a number, an empty row, a duplicate row, a cp1252 CSV)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

TITLE = "Angebote Familienbüro Teststadt – Stand März 2026"
# (heading, sub-heading): sub-headings under the merged group "Adresse"
COLUMNS = ["Nr.", "Angebot", "Träger", "Beschreibung", "Thema", "Lebensphase", "Alter", "Stadtteil",
           "Einrichtung", ("Adresse", "Straße"), ("Adresse", "PLZ"), ("Adresse", "Ort"), "Öffnungszeiten",
           "kostenlos?", "Kostenhinweis", "Sprachen", "Form", "Telefon", "Internet", "Stand"]

ROWS = [
    [101, "Krabbelgruppe Sonnenschein  ", "Familienzentrum Altstadt e.V.",
     "Spielen, singen und andere Eltern kennenlernen.\nJeden Dienstag im Familienzentrum.",
     "Begegnung", "Baby, Kleinkind", "0-3 Jahre", "Altstadt", "Familienzentrum Altstadt", "Marktstraße 1", 45879,
     "Teststadt", "Di 9-11 Uhr", "x", "", "Deutsch, Türkisch", "", "0209 111 22 33", "www.fz-altstadt.example.org",
     dt.datetime(2026, 3, 2)],
    [102, "Elterncafé Nord", "Caritas Teststadt", "Kaffee, Gespräche und Beratung für Eltern.", "Beratung",
     "Kita, Grundschule", "3–10", "Nordviertel", "Stadtteilladen Nord", "Nordring 5", 45881, "Teststadt",
     "Mo–Fr 8:00–12:00", "ja", "", "Deutsch", "", "0209 222 33 44", "", dt.datetime(2026, 2, 15)],
    [103, "Sprachkurs für Mütter", None, "Deutsch lernen, während die Kinder betreut werden.", "Sprache",
     "Kita", "3 - 6", "Ostend", "Bürgerhaus Ost", "Ostweg 12 a", "45882", "Teststadt",
     "dienstags 9.30 bis 11", "", "5 € pro Kurs, mit Bildungspaket kostenlos", "Türkisch, Arabisch", "",
     "0209 333 44 55", "", "12.01.2026"],
    [None] * 20,  # an empty row
    [101, "Krabbelgruppe Sonnenschein  ", "Familienzentrum Altstadt e.V.",
     "Spielen, singen und andere Eltern kennenlernen.\nJeden Dienstag im Familienzentrum.",
     "Begegnung", "Baby, Kleinkind", "0-3 Jahre", "Altstadt", "Familienzentrum Altstadt", "Marktstraße 1", 45879,
     "Teststadt", "Di 9-11 Uhr", "x", "", "Deutsch, Türkisch", "", "0209 111 22 33", "www.fz-altstadt.example.org",
     dt.datetime(2026, 3, 2)],  # the same row again
    [105, "Hausaufgabenhilfe", "Jugendtreff Nord", "Hilfe bei den Hausaufgaben, mit Snack.", "Bildung",
     "Grundschule", "6-10", "Nordviertel ", "Jugendtreff Nord", "Nordring 9", 45881, "Teststadt",
     "Mo, Mi 14-16 Uhr; Fr 13-15 Uhr (nicht in den Ferien)", "x", "", "Deutsch", "", "0209 444 55 66", "",
     dt.datetime(2026, 1, 20)],
    [106, "Familienberatung am Telefon", "Beratungsstelle Teststadt", "Beratung bei Sorgen in der Familie.",
     "Beratung", "alle", "", "ganze Stadt", "", "", "", "", "nach Vereinbarung", "x", "", "Deutsch, Englisch",
     "telefonisch, online", "0209 555 66 77", "https://beratung.example.org", dt.datetime(2026, 3, 1)],
]
# rows 4.. of the sheet: title (1), header (2), sub-header (3)
FIRST_DATA_ROW = 4
BAD_ROW = [107, "Babymassage", "Hebammenpraxis", "Massage für Babys.", "Gesundheit", "Babys", "0-1", "Altstad",
           "Praxis am Markt", "Marktstraße 3", 45879, "Teststadt", "Di ab 10 Uhr", "x", "", "Deutsch", "",
           "0209 666 77 88", "", dt.datetime(2026, 3, 1)]

MAPPING = """\
# Zuordnung der Testtabelle
source_id: Nr.
fields:
  name: Angebot
  provider.name: Träger
  body: Beschreibung
  categories: Thema
  life_stages: Lebensphase
  age.min: Alter
  age.max: Alter
  districts: Stadtteil
  locations:
    - name: Einrichtung
      street: Straße
      postal_code: PLZ
      city: Ort
      district: Stadtteil
  schedule: Öffnungszeiten
  cost.free: kostenlos?
  cost.note: Kostenhinweis
  languages: Sprachen
  delivery: Form
  contact.phone: Telefon
  contact.website: Internet
  last_reviewed: Stand
defaults:
  cost.free: false
  status: active
  provider.name: Familienbüro Teststadt
"""


def _headings():
    top = [c if isinstance(c, str) else c[0] for c in COLUMNS]
    sub = ["" if isinstance(c, str) else c[1] for c in COLUMNS]
    return top, sub


def write_xlsx(path: Path, rows=ROWS) -> Path:
    import openpyxl
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Angebote"
    top, sub = _headings()
    ws.append([TITLE] + [None] * (len(COLUMNS) - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws.append([t if s == "" or i == top.index("Adresse") else None for i, (t, s) in enumerate(zip(top, sub))])
    ws.append([s or None for s in sub])
    first = top.index("Adresse") + 1
    ws.merge_cells(start_row=2, start_column=first, end_row=2, end_column=first + 2)
    for i, s in enumerate(sub, 1):
        if not s:
            ws.merge_cells(start_row=2, start_column=i, end_row=3, end_column=i)
    for row in rows:
        ws.append(row)
    # the provider of row 103 is merged down from row 102 (one Träger for both)
    provider = COLUMNS.index("Träger") + 1
    ws.merge_cells(start_row=FIRST_DATA_ROW + 1, start_column=provider, end_row=FIRST_DATA_ROW + 2,
                   end_column=provider)
    book.save(path)
    return path


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    if any(ch in text for ch in ';"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(path: Path, rows=ROWS, encoding: str = "cp1252") -> Path:
    """As Excel on German Windows saves "CSV (Trennzeichen-getrennt)": cp1252, ";", CRLF."""
    top, sub = _headings()
    heading = [s or t for t, s in zip(top, sub)]
    lines = [TITLE + ";" * (len(COLUMNS) - 1), ";".join(heading)]
    provider = COLUMNS.index("Träger")
    for row in rows:
        row = list(row)
        if row[provider] is None and row[0] == 103:
            row[provider] = "Caritas Teststadt"  # a CSV has no merged cells
        lines.append(";".join(_csv_cell(v) for v in row))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path
