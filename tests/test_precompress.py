"""Precompressed .gz siblings (extra.wegweiser.precompress): same bytes, reproducible, off by default."""
import gzip
import os

import pytest

from conftest import MINI, TODAY
from support import build_site

from wegweiser.site.precompress import MIN_BYTES, SUFFIXES

MKDOCS_OWN = {"sitemap.xml.gz"}  # mkdocs writes it in every build


@pytest.fixture(scope="module")
def packed_site(tmp_path_factory):
    os.environ["WEGWEISER_TODAY"] = TODAY
    return build_site(tmp_path_factory.mktemp("packed"), MINI, extra="    precompress: true\n")


def test_every_gz_decompresses_to_its_file_and_is_deterministic(packed_site):
    packed = sorted(packed_site.rglob("*.gz"))
    assert len(packed) > 20
    kinds = {p.with_suffix("").suffix for p in packed}
    assert {".html", ".css", ".js", ".json"} <= kinds
    for gz in packed:
        original = gz.with_name(gz.name.removesuffix(".gz"))
        data = gz.read_bytes()
        assert gzip.decompress(data) == original.read_bytes(), gz
        if gz.name in MKDOCS_OWN:
            continue
        assert len(data) < original.stat().st_size
        flags, mtime = data[3], int.from_bytes(data[4:8], "little")
        assert flags & 0x08 == 0 and mtime == 0, gz  # no file name, no time: reproducible builds


def test_text_files_worth_compressing_all_have_a_sibling(packed_site):
    for path in packed_site.rglob("*"):
        if path.suffix in SUFFIXES and path.stat().st_size >= 4096:
            assert path.with_name(path.name + ".gz").exists(), path
        small = path.suffix in SUFFIXES and path.stat().st_size < MIN_BYTES and path.name + ".gz" not in MKDOCS_OWN
        if path.suffix in (".png", ".woff2", ".jpg") or small:
            assert not path.with_name(path.name + ".gz").exists(), path


def test_without_the_setting_no_gz_is_written(mini_site):
    assert {p.name for p in mini_site.rglob("*.gz")} <= MKDOCS_OWN
