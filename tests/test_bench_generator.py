"""The benchmark's synthetic directory: valid by construction, deterministic, realistic warnings only."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from benchmarks.generate import REFERENCE_DAY, generate
from wegweiser import cli
from wegweiser.content.directory import load_directory

# Warnings a real directory has too: entries past review, ended offers. Anything else would mean the
# generator writes something a provider would be asked to fix.
EXPECTED_WARNINGS = {"stale", "ended"}


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_demo_districts_check_without_errors(tmp_path, capsys):
    facts = generate(tmp_path / "content", 120, seed=3)
    assert facts["districts"] == 18
    assert cli.main(["check", "--content", str(tmp_path / "content")]) == 0
    assert "0 Fehler" in capsys.readouterr().out

    result = load_directory(tmp_path / "content", REFERENCE_DAY)
    assert result.ok
    assert len(result.directory.offers) == 120
    assert {p.kind for p in result.problems} <= EXPECTED_WARNINGS
    # a city's mix: most offers published, some city-wide, several life stages and Stadtteile
    published = result.directory.published
    assert len(published) >= 110
    assert 5 <= sum(o.citywide for o in published) <= 40
    assert len({s for o in published for s in o.life_stages}) == 7
    assert len({loc.district for o in published for loc in o.locations}) >= 15


def test_generated_districts_are_symmetric_and_hold_their_locations(tmp_path):
    facts = generate(tmp_path / "content", 80, seed=5, districts=7)
    assert facts["districts"] == 7
    result = load_directory(tmp_path / "content", REFERENCE_DAY)
    assert result.ok, [p.format() for p in result.errors]
    assert {p.kind for p in result.problems} <= EXPECTED_WARNINGS  # no "neighbours" or "location-district"
    districts = result.directory.districts
    assert len(districts) == 7
    for d in districts.values():
        assert all(d.id in districts[n].neighbours for n in d.neighbours)
    features = {f["properties"]["id"]: f["geometry"]["coordinates"][0] for f in
                result.directory.boundaries["features"]}
    for offer in result.directory.offers.values():
        for loc in offer.locations:
            ring = features[loc.district]
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            assert min(lons) < loc.lon < max(lons) and min(lats) < loc.lat < max(lats)


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    generate(tmp_path / "a", 40, seed=9)
    generate(tmp_path / "b", 40, seed=9)
    generate(tmp_path / "c", 40, seed=10)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a == b
    assert a != c


def test_texts_are_german_and_of_realistic_length(tmp_path):
    generate(tmp_path / "content", 60, seed=2)
    offers = load_directory(tmp_path / "content", REFERENCE_DAY).directory.offers.values()
    bodies = [len(o.body) for o in offers]
    assert 150 <= sum(bodies) / len(bodies) <= 900
    words = Counter(w for o in offers for w in o.body.split())
    assert words["und"] > 0 and words["lorem"] == 0
    assert all(o.last_reviewed <= REFERENCE_DAY and o.last_reviewed > REFERENCE_DAY - dt.timedelta(days=800)
               for o in offers)
