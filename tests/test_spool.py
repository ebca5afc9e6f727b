"""Generated files through the spool (issue 17, bounded memory): the same bytes as in memory, and the
output scan reading them as they stream finds what the whole-file scan finds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from wegweiser.content.directory import load_directory
from wegweiser.model import today
from wegweiser.site import features, scan
from wegweiser.site.pages import SiteSettings, build_site


@pytest.fixture(scope="module")
def demo():
    result = load_directory(ROOT / "content", today(), languages=("de", "en"))
    assert result.ok
    return result.directory


def test_the_demo_through_the_spool_is_byte_identical_to_the_demo_in_memory(demo, tmp_path):
    settings = SiteSettings(city="Gelsenkirchen", languages=("de", "en"))
    held = build_site(demo, settings, features.ALL)
    spooled = build_site(demo, settings, features.ALL, spool=tmp_path)
    assert held.assets.keys() == spooled.assets.keys()
    assert all(isinstance(v, bytes) for v in held.assets.values())
    assert all(isinstance(v, Path) and v.is_relative_to(tmp_path) for v in spooled.assets.values())
    for uri, data in held.assets.items():
        assert spooled.assets[uri].read_bytes() == data, uri
        assert spooled.asset_size(uri) == len(data) and spooled.asset_bytes(uri) == data
    on_disk = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert on_disk == set(held.assets)
    for name in ("hsds/compiled/service.json", "hsds/service.json", "offers.csv", "offers.geojson"):
        assert name in held.assets
    # the page that lists the downloads shows the same sizes either way
    assert held.template_globals["download_size"]("hsds/compiled/service.json") == \
        spooled.template_globals["download_size"]("hsds/compiled/service.json") != ""


def test_the_streaming_scan_finds_what_the_whole_file_scan_finds(demo, tmp_path, monkeypatch):
    site = build_site(demo, SiteSettings(), features.ALL, spool=tmp_path)
    checked = 0
    for chunk in (1, 5, 1 << 20):  # every value cut by a chunk's end, and the real size
        monkeypatch.setattr(scan, "_CHUNK", chunk)
        for uri, path in site.assets.items():
            if chunk < 1000 and path.stat().st_size > 200_000:
                continue
            text = path.read_bytes().decode("utf-8", errors="replace")
            assert sorted(scan.scan_path(uri, path)) == sorted(scan.scan_file(uri, text)), (uri, chunk)
            checked += 1
    assert checked > 3 * 100


@pytest.mark.parametrize("text", [
    "[]", "{}", "[1,2,3]", '{"a":[{"u":"javascript:x"},"data:y"],"b":12345678}',
    ' [ "vbscript:a" , {"k":["javascript:1"]} ] \n', '{"javascript:k":1}', '[[["javascript:deep"]]]',
    '"javascript:q"', "123", "[1e5, -0.5, true, false, null]", '{"type":"FeatureCollection","features":[]}',
    # broken: the same single finding
    "[1,2", "[1 2]", '{"a" 1}', "[1,]", "", "nul", "[1]x", "\ufeff[]", "[51.5x]", '{"a":1,}', '{1:2}',
])
def test_the_streaming_json_scan_on_edge_cases(text, tmp_path, monkeypatch):
    monkeypatch.setattr(scan, "_CHUNK", 2)
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    assert sorted(scan.scan_json_file(path)) == sorted(scan.scan_json(text))
    if text and text[0] in "[{" and scan.scan_json(text) != ["kein gültiges JSON"]:
        json.loads(text)


@pytest.mark.parametrize("text", [
    "a;b\r\n=1;2\r\n", 'a,b\n"x\ny",=2\n', "a\n-1\n", "\ufeffa;b\n1;2;3\n", "", 'a;b\n"-x\r\n+y";c\n',
    'a;b\n"x\r+y";c\n', "a\tb\n@x\ty\n", "\ufeffID;Name\r\n1;+49 209\r\n\r\n2;ok\r\n",
])
def test_the_streaming_csv_scan_on_edge_cases(text, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("utf-8"))
    assert scan.scan_csv_file(path) == scan.scan_csv(text)
