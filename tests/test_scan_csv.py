"""The output scan reads a CSV the way a spreadsheet does, also when quoted cells hold line breaks.

Found by the benchmark: at 1,000 synthetic offers, descriptions with Markdown lists made csv.Sniffer
give up, the scan read offers.csv with commas, and every "- item" line of a quoted description
failed the whole build as a "formula".
"""
from __future__ import annotations

import csv
import io

from benchmarks.generate import REFERENCE_DAY, generate
from wegweiser.site import features, pages
from wegweiser.content.directory import load_directory
from wegweiser.site.scan import scan_csv


def _csv(rows: list[list[str]], delimiter: str = ";") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_long_export_with_lists_in_descriptions_is_clean(tmp_path):
    generate(tmp_path / "content", 1000, seed=1)
    directory = load_directory(tmp_path / "content", REFERENCE_DAY).directory
    site = pages.build_site(directory, pages.SiteSettings(), features.ALL)
    text = site.assets["offers.csv"]
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    assert "\n- " in text  # quoted cells with list lines: what used to trip the scan
    assert scan_csv(text) == []


def test_formula_in_a_multiline_export_is_still_found():
    rows = [["id", "name", "beschreibung"]] + [
        [f"a{i}", f"Angebot {i}", "Was Sie erwartet:\n\n- Spiel\n- Gespräche, Kaffee; Kuchen"] for i in range(200)]
    rows[150][1] = "=HYPERLINK(\"https://böse.example\")"
    for delimiter in (";", ",", "\t"):
        found = scan_csv(_csv(rows, delimiter))
        assert len(found) == 1 and "HYPERLINK" in found[0], delimiter


def test_one_column_and_negative_numbers():
    assert scan_csv("name\r\nKrabbelgruppe\r\n@SUM(A1)\r\n") == ["Zelle könnte als Formel laufen: '@SUM(A1)'"]
    assert scan_csv(_csv([["wert", "name"], ["-3,5", "x"], ["-2", "y"]])) == []
