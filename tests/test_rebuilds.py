"""`mkdocs serve --dirty` rebuilds (what `make serve` runs) give the files a fresh build gives.

A rebuild reuses what the previous one made where its inputs are unchanged (the engine's scan
results, the features' `Site.reuse`, mkdocs' unchanged pages): after a sequence of edits, every
file a fresh serve build of the same content writes must be in the rebuilt folder, byte for byte.
(The rebuilt folder may hold more: --dirty never deletes, e.g. the finder folder of an older index.)
tests/test_serve.py runs the real server.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINI, ROOT, TODAY
from support import write_config

OFFER = "offers/hausaufgabenhilfe-altstadt.md"


def serve_builds(config: Path, site: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks.rebuilds", str(config), "--site", str(site), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "WEGWEISER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_rebuilds_after_edits_equal_a_fresh_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    config = write_config(tmp_path, content, languages=("de", "en"))
    text = (content / OFFER).read_text(encoding="utf-8")
    # 1: name, times and holidays change (page, lists, finder, exports, calendar file);
    # 2: the description and the weekdays; 3: ended (its page leaves the site and the sitemap);
    # 4: back to the first version (what was kept before)
    first = text.replace("name: Hausaufgabenhilfe im Lernhaus Altstadt", "name: Hausaufgabenhilfe am Kloster") \
        .replace('closes: "15:30"', 'closes: "16:00"').replace("holidays: closed", "holidays: open")
    second = first.replace("days: [mo, di, mi, do]", "days: [mo, mi]") \
        .replace("Zwei pädagogische", "Drei pädagogische")
    versions = []
    ended = first.replace("status: active", "status: ended")
    for i, version in enumerate((first, second, ended, first)):
        assert version != text
        versions.append(tmp_path / f"v{i}.md")
        versions[-1].write_text(version, encoding="utf-8")
    rebuilt, fresh = tmp_path / "rebuilt", tmp_path / "fresh"
    serve_builds(config, rebuilt, "--edit", str(content / OFFER), "--versions", *map(str, versions), "--keep")
    assert (content / OFFER).read_text(encoding="utf-8") == first
    serve_builds(config, fresh, "--edits", "0")

    want, have = files(fresh), files(rebuilt)
    assert len(want) > 1000
    assert sorted(set(want) - set(have)) == []
    assert [uri for uri in sorted(want) if want[uri] != have[uri]] == []
    # the edits reached the files that show them
    assert b"Hausaufgabenhilfe am Kloster" in want["angebote/hausaufgabenhilfe-altstadt/index.html"]
    ics = want["angebote/hausaufgabenhilfe-altstadt/termine.ics"]
    assert b"DTEND;TZID=Europe/Berlin:" in ics and b"T160000" in ics and b"T153000" not in ics
    assert b"Hausaufgabenhilfe am Kloster" in want["offers.csv"]


def test_an_offer_that_ends_leaves_the_rebuilt_sitemap(tmp_path):
    """The sitemap is written again only when what it lists changed (changes.Sitemap)."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    config = write_config(tmp_path, content)
    offer = content / "offers" / "hebamme-altstadt.md"
    ended = tmp_path / "ended.md"
    ended.write_text(offer.read_text(encoding="utf-8").replace("status: active", "status: ended"), encoding="utf-8")
    rebuilt, fresh = tmp_path / "rebuilt", tmp_path / "fresh"
    serve_builds(config, rebuilt, "--edit", str(offer), "--versions", str(ended), "--keep")
    serve_builds(config, fresh, "--edits", "0")
    want, have = files(fresh), files(rebuilt)
    assert b"angebote/hebamme-altstadt/" not in want["sitemap.xml"]
    assert [uri for uri in sorted(want) if want[uri] != have.get(uri)] == []
