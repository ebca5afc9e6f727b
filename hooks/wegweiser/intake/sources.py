"""Reading a source into one table of text cells: spreadsheets (.xlsx, .csv) and HSDS exports.

Every source becomes a ``Table``: the header (column names as written, whitespace tidied) and rows
of cells, each row with the number a person sees in the spreadsheet program ("Zeile 17"). A cell
is text, or a list of texts where the source has several values (an HSDS service's locations).
What makes a cell unusable (a formula, a control character, a megabyte of text) is reported here,
by row and column, before any field is filled from it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..data.spreadsheet import FORMULA_START, runs_as_formula

MAX_SOURCE_BYTES = 100_000_000
MAX_CELL = 20_000  # the longest field (the description) allows 5,000 characters
MAX_ROWS = 200_000
# C0/C1 controls except tab and line breaks, and the invisible or reordering characters the schema
# refuses in one-line fields (content/schema.py INVISIBLE), which are never wanted in a cell
_BAD_CHARS = re.compile("[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F"
                        "\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]")


class SourceError(Exception):
    """The source as a whole cannot be read: one German sentence."""


@dataclass
class Row:
    number: int  # as the spreadsheet program shows it (1-based, header included)
    cells: dict[str, object]  # column name -> str or list[str]
    label: str = ""  # how messages name the row where a number alone is not enough (HSDS: the name)


@dataclass
class Table:
    name: str  # the file name shown in messages
    header: list[str]
    rows: list[Row]
    note: str = ""  # e.g. "Windows-1252, Trennzeichen „;“"
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, message)
    unit: str = "Zeile"  # what a row is called in messages ("Eintrag" for the services of HSDS)

    def where(self, row: Row, column: str = "") -> str:
        label = f" ({row.label})" if row.label else ""
        return f"{self.name}:{self.unit} {row.number}{label}" + (f":Spalte „{column}“" if column else "")


def tidy_header(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def cell_text(value) -> str:
    """A JSON or CSV value as the text of a cell: "" for nothing, 3 for 3.0, "ja"/"nein" for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_problem(text: str) -> str:
    """Why a cell's text cannot be imported, or ""."""
    if len(text) > MAX_CELL:
        return (f"Die Zelle ist zu lang ({len(text):,} Zeichen; höchstens {MAX_CELL:,}). Ist hier etwas "
                "versehentlich eingefügt worden?").replace(",", ".")
    bad = _BAD_CHARS.search(text)
    if bad:
        ch = bad.group(0)
        name = unicodedata.name(ch, "Steuerzeichen")
        return (f"Die Zelle enthält an Stelle {bad.start() + 1} ein unsichtbares Zeichen (U+{ord(ch):04X} "
                f"{name}). Löschen Sie es; oft hilft es, den Text neu zu tippen statt ihn zu kopieren.")
    return ""


def _headed(name: str, grid: list[list[str]], header_row: int, note: str = "",
            formulas: dict[tuple[int, int], str] | None = None,
            merged: list[tuple[int, int, int, int]] = ()) -> Table:
    """A table from a grid of texts (row 0 = spreadsheet row 1): find the header, keep non-empty rows.

    ``merged``: merged cells as (first row, first column, last row, last column), 0-based; such a
    cell holds its value only in its top-left corner.
    """
    formulas = formulas or {}
    if not grid:
        raise SourceError(f"{name} enthält keine Zeilen.")
    if header_row:
        if header_row > len(grid):
            raise SourceError(f"{name} hat keine Zeile {header_row} (header_row in der Zuordnung).")
        h = header_row - 1
    else:
        # the first of the top rows that is filled nearly as widely as the widest: a title row above
        # the header ("Angebote Familienbüro, Stand 3/2026", merged over every column) is skipped
        widths = [sum(1 for c in row if c) for row in grid[:15]]
        widest = max(widths)
        h = next(i for i, w in enumerate(widths) if w >= max(2, widest * 0.6)) if widest >= 2 else widths.index(widest)
    # Two header rows: a group heading merged across columns ("Adresse" over Straße, PLZ, Ort) with
    # the columns' own headings in the row below. That row holds text only under such groups.
    groups = [(c0, c1) for r0, c0, r1, c1 in merged if r0 <= h <= r1 and c1 > c0]
    below = grid[h + 1] if h + 1 < len(grid) else []
    filled = [c for c, v in enumerate(below) if str(v).strip()]
    if groups and filled and all(any(a <= c <= b for a, b in groups) for c in filled):
        for c in filled:
            if c < len(grid[h]):
                grid[h][c] = below[c]
        for a, b in groups:
            for c in range(a, b + 1):
                if c not in filled and c < len(grid[h]):
                    grid[h][c] = ""
        grid[h + 1] = [""] * len(below)
    for r0, c0, r1, c1 in merged:
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        if r1 < h or (r0 <= h and c1 > c0):
            continue  # a title or a group heading above the header
        # a heading merged down into the header row names its column; below the header, a value
        # merged over several rows (one provider for three offers) counts for each of them
        rows = [h] if r0 <= h and c0 == c1 else range(max(r0, h + 1), r1 + 1)
        for r in rows:
            for c in range(c0, c1 + 1):
                if r < len(grid) and c < len(grid[r]) and (r, c) != (r0, c0):
                    grid[r][c] = value
    header, seen = [], {}
    for value in grid[h]:
        text = tidy_header(value)
        if text and text.casefold() in seen:
            seen[text.casefold()] += 1
            text = f"{text} ({seen[text.casefold()]})"
        elif text:
            seen[text.casefold()] = 1
        header.append(text)
    table = Table(name, header, [], note)
    for r in range(h + 1, len(grid)):
        values = grid[r]
        if not any(str(v).strip() for v in values):
            continue
        cells: dict[str, object] = {}
        for c, column in enumerate(header):
            if not column:
                continue
            text = values[c] if c < len(values) else ""
            if (r, c) in formulas:
                table.problems.append((r + 1, column, f"Die Zelle enthält eine Formel ({formulas[(r, c)][:40]}). "
                                       "Formeln werden nicht übernommen: kopieren Sie die Spalte und fügen Sie "
                                       "sie als Werte ein („Inhalte einfügen → Nur Werte“)."))
                text = ""
            problem = cell_problem(text)
            if problem:
                table.problems.append((r + 1, column, problem))
                text = ""
            cells[column] = text
        table.rows.append(Row(r + 1, cells))
        if len(table.rows) > MAX_ROWS:
            raise SourceError(f"{name} hat mehr als {MAX_ROWS:,} Zeilen.".replace(",", "."))
    return table


# --- CSV -----------------------------------------------------------------------------------------

def decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (with or without BOM) when the bytes are valid UTF-8, else
    Windows-1252, which is what Excel on German Windows writes as "CSV". No guessing beyond that: a
    file that is neither is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(f"{name} ist in UTF-16 gespeichert. Speichern Sie die Tabelle als „CSV UTF-8“.")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as err:
        raise SourceError(f"{name} ist weder UTF-8 noch Windows-1252 (Byte {err.start + 1}). Speichern Sie "
                          "die Tabelle als „CSV UTF-8“.") from None


def _csv_grid(text: str) -> tuple[list[list[str]], str]:
    """The rows with the delimiter that gives the most rows the header's width (see site/scan.py)."""
    csv.field_size_limit(MAX_SOURCE_BYTES)  # a huge cell is reported by cell_problem(), not here
    best = None
    for delimiter in (";", ",", "\t", "|"):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        filled = [r for r in rows if any(c.strip() for c in r)]
        if not filled:
            continue
        width = max(len(r) for r in filled[:15])
        score = (width > 1, sum(len(r) == width for r in filled), width)
        if best is None or score > best[0]:
            best = (score, rows, delimiter)
    if best is None:
        return [], ";"
    return best[1], best[2]


def _unmark(text: str) -> str:
    """Excel's text marker: a leading ' before something that would start a formula."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START) else text


def read_csv(path: Path, header_row: int = 0) -> Table:
    raw = _read(path)
    text, encoding = decode(raw, path.name)
    grid, delimiter = _csv_grid(text.replace("\r\n", "\n"))
    shown = {"\t": "Tabulator"}.get(delimiter, f"„{delimiter}“")
    formulas = {}
    cleaned = []
    for r, row in enumerate(grid):
        out = []
        for c, value in enumerate(row):
            if r > 0 and runs_as_formula(value):
                formulas[(r, c)] = value
            out.append(_unmark(value))
        cleaned.append(out)
    return _headed(path.name, cleaned, header_row, f"{encoding}, Trennzeichen {shown}", formulas)


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(f"{path.name} ist zu groß ({size // 1_000_000} MB).")
        return path.read_bytes()
    except OSError as err:
        raise SourceError(f"{path.name} kann nicht gelesen werden ({err.strerror}).") from None


# --- xlsx ----------------------------------------------------------------------------------------

def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path, sheet: str = "", header_row: int = 0) -> Table:
    import openpyxl  # only the xlsx reader needs it
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    _read(path)  # size guard
    try:
        book = openpyxl.load_workbook(path, data_only=False, read_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise SourceError(f"{path.name} ist keine lesbare Excel-Datei (.xlsx): {err}") from None
    if sheet and sheet not in book.sheetnames:
        raise SourceError(f"Das Tabellenblatt „{sheet}“ gibt es in {path.name} nicht. Vorhanden: "
                          + ", ".join(f"„{s}“" for s in book.sheetnames) + ".")
    ws = book[sheet] if sheet else book.worksheets[0]
    grid: list[list[str]] = []
    formulas: dict[tuple[int, int], str] = {}
    for r, row in enumerate(ws.iter_rows()):
        out = []
        for c, cell in enumerate(row):
            if cell.data_type == "f":
                formulas[(r, c)] = str(cell.value)
                out.append("")
            else:
                out.append(_xlsx_text(cell.value))
        grid.append(out)
    merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
              if m.min_row - 1 < len(grid)]
    return _headed(path.name, grid, header_row, f"Tabellenblatt „{ws.title}“", formulas, merged)


def read(path: Path, sheet: str = "", header_row: int = 0) -> Table:
    """The source at ``path`` as a table, by its kind."""
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".json":
        from . import hsds
        return hsds.read(path)
    if suffix == ".csv":
        return read_csv(path, header_row)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, sheet, header_row)
    if suffix in (".ods", ".xls"):
        raise SourceError(f"{path.name}: Dieses Format liest der Import nicht. Öffnen Sie die Datei in "
                          "LibreOffice oder Excel und speichern Sie sie als Excel-Arbeitsmappe (.xlsx) "
                          "oder als „CSV UTF-8“.")
    raise SourceError(f"{path.name}: Unbekanntes Format. Gelesen werden .xlsx, .csv, HSDS als .json "
                      "oder ein Ordner mit HSDS-Tabellen (.json oder .csv).")
