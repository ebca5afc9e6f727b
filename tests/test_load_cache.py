"""LoadCache: `mkdocs serve` re-reads only edited files, and a warm cache changes no result."""
from __future__ import annotations

from wegweiser.content.directory import LoadCache, load_directory
from wegweiser.model import today

OFFER = "offers/hebamme-altstadt.md"


def test_warm_cache_gives_the_same_result(tree):
    cold = load_directory(tree.path, today())
    cache = LoadCache()
    first = load_directory(tree.path, today(), cache)
    warm = load_directory(tree.path, today(), cache)
    for result in (first, warm):
        assert result.problems == cold.problems
        assert result.directory.offers == cold.directory.offers
        assert result.directory.districts == cold.directory.districts
    # every offer and district file is kept, keyed by its bytes
    assert len(cache.files) == cold.files - 2  # not the vocabulary, not the boundaries
    assert len(cache.checks) == 4  # vocabulary, holidays, district and offer schema, compiled once


def test_edited_file_is_read_again_and_errors_appear(tree):
    cache = LoadCache()
    before = load_directory(tree.path, today(), cache)
    name = before.directory.offers["hebamme-altstadt"].name
    tree.replace(OFFER, f"name: {name}", "name: Hebammensprechstunde neu")
    after = load_directory(tree.path, today(), cache)
    assert after.directory.offers["hebamme-altstadt"].name == "Hebammensprechstunde neu"

    tree.replace(OFFER, "status: active", "status: aktiv")
    broken = load_directory(tree.path, today(), cache)
    assert not broken.ok
    assert any(p.path.endswith(OFFER) and p.field == "status" for p in broken.errors)
    assert broken.problems == load_directory(tree.path, today()).problems


def test_today_is_part_of_the_key(tree, monkeypatch):
    cache = LoadCache()
    load_directory(tree.path, today(), cache)
    monkeypatch.setenv("WEGWEISER_TODAY", "2030-01-01")  # every entry is now past its review date
    later = load_directory(tree.path, today(), cache)
    assert later.problems == load_directory(tree.path, today()).problems
    assert any(p.kind == "stale" for p in later.problems)


def test_deleted_file_is_forgotten(tree):
    cache = LoadCache()
    load_directory(tree.path, today(), cache)
    kept = len(cache.files)
    (tree.path / OFFER).unlink()
    result = load_directory(tree.path, today(), cache)
    assert "hebamme-altstadt" not in result.directory.offers
    assert len(cache.files) == kept - 1
