"""Cells that a spreadsheet shows as text and never runs (OWASP "CSV injection"), and the tables
German spreadsheet programs open as they are."""
from __future__ import annotations

import csv
import io

# What makes Excel or LibreOffice read a cell as a formula, plus the full-width forms some
# spreadsheet programs fold into them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def inert(value) -> str:
    """The cell's text, with a leading apostrophe where it would otherwise start a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def runs_as_formula(cell: str) -> bool:
    """Whether a cell as written would be evaluated (plain negative numbers are just numbers)."""
    if not cell.startswith(FORMULA_START):
        return False
    try:
        float(cell.replace(",", "."))
        return False
    except ValueError:
        return True


def table(header, rows) -> bytes:
    """A CSV for a double-click in German Excel or LibreOffice: byte-order mark, semicolons, CRLF,
    every cell inert."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([inert(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
