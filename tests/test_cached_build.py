"""A build answered from .cache/ writes the very bytes of a clean build (the demo, every file)."""
import gzip
import os
import re
import subprocess
import sys

from conftest import ROOT, TODAY
from support import write_config


def files(site):
    out = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.name.endswith(".gz"):  # gzip headers carry the build time: compare what they hold
                data = gzip.decompress(data)
            out[p.relative_to(site).as_posix()] = data
    return out


def build(work, cache):
    config = write_config(work, ROOT / "content")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "WEGWEISER_TODAY": TODAY, "WEGWEISER_CACHE_DIR": str(cache)}
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], capture_output=True,
                       text=True, env=env, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    return work / "site", int(re.search(r"(\d+) davon unverändert laut \.cache/", r.stderr).group(1))


def test_a_cached_build_is_byte_identical_to_a_clean_one(tmp_path):
    cache = tmp_path / "cache"
    (tmp_path / "clean").mkdir()
    (tmp_path / "cached").mkdir()
    clean, hits = build(tmp_path / "clean", cache)
    assert hits == 0 and any(cache.iterdir())
    cached, hits = build(tmp_path / "cached", cache)
    offers = len(list((ROOT / "content" / "offers").glob("*.md")))
    assert hits >= offers > 50  # every offer came from the cache
    a, b = files(clean), files(cached)
    assert a.keys() == b.keys() and len(a) > 200
    assert [name for name in a if a[name] != b[name]] == []
