"""The check cache in .cache/ (checkcache.py) and `wegweiser check FILE…` (scope.py)."""
from __future__ import annotations

import os
import subprocess
import sys

from wegweiser.content.checkcache import DiskStore, default_dir
from wegweiser.content.directory import LoadCache, load_directory
from wegweiser.model import today

OFFER = "offers/hebamme-altstadt.md"


def cached_load(tree):
    """A fresh process's view: a new store that reads what the last run wrote."""
    store = DiskStore(default_dir(tree.path), tree.path)
    return load_directory(tree.path, today(), LoadCache(store)), store


def test_cached_and_uncached_problems_are_identical(tree):
    tree.replace("offers/elterntelefon.md", "cost: {free: true}", "cost: {free: ja}")  # an error to carry
    uncached = load_directory(tree.path, today())
    first, store = cached_load(tree)
    assert store.hits == 0 and store.path.is_file()
    second, store = cached_load(tree)
    assert store.hits == 8  # every offer and district file, not the vocabulary nor the boundaries
    for result in (first, second):
        assert result.problems == uncached.problems
        assert result.directory.offers == uncached.directory.offers
        assert result.directory.districts == uncached.directory.districts
        assert result.links == uncached.links
    assert any(p.is_error for p in second.problems)


def test_a_changed_byte_is_never_served_from_the_cache(tree):
    cached_load(tree)
    target = tree.path / OFFER
    stat = target.stat()
    text = target.read_bytes()
    assert b"status: active" in text
    # same length, same modification time: only the bytes tell the change
    target.write_bytes(text.replace(b"status: active", b"status: activ"))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result, store = cached_load(tree)
    assert store.hits == 7
    assert result.problems == load_directory(tree.path, today()).problems
    assert any(p.path.endswith(OFFER) and p.field == "status" and p.is_error for p in result.problems)


def test_the_vocabulary_is_part_of_the_key(tree):
    cached_load(tree)
    tree.write("vocabulary.yml", tree.read("vocabulary.yml") + "\n# ein Kommentar\n")
    _, store = cached_load(tree)
    assert store.hits == 3  # the districts do not read the vocabulary; every offer is checked again


def test_a_broken_or_foreign_cache_file_is_ignored(tree):
    _, store = cached_load(tree)
    store.path.write_bytes(b"\x80\x05kaputt")
    result, store = cached_load(tree)
    assert store.hits == 0 and result.problems == load_directory(tree.path, today()).problems
    _, store = cached_load(tree)
    assert store.hits == 8  # rewritten


def test_cli_uses_the_cache_and_can_do_without(tree):
    def check(*extra):
        r = subprocess.run([sys.executable, "-m", "wegweiser", "check", *extra], cwd=tree.path.parent,
                           capture_output=True, text=True, timeout=120)
        return r.returncode, r.stdout.splitlines()[:-1]

    cold = check("--no-cache")
    assert not (tree.path.parent / ".cache").exists()
    assert check() == cold
    assert (tree.path.parent / ".cache" / "wegweiser").is_dir()
    assert check() == cold


def run_check(tree, *files):
    r = subprocess.run([sys.executable, "-m", "wegweiser", "check", *files], cwd=tree.path.parent,
                       capture_output=True, text=True, timeout=120)
    return r


def test_check_named_files_and_what_depends_on_them(tree):
    tree.replace(OFFER, "status: active", "status: aktiv")
    tree.replace("offers/elterntelefon.md", "cost: {free: true}", "cost: {free: ja}")
    r = run_check(tree, "content/offers/elterntelefon.md")
    assert r.returncode == 1
    assert all(line.startswith("content/offers/elterntelefon.md:") for line in r.stdout.splitlines()[:-1])
    assert r.stdout.splitlines()[-1].startswith("1 Fehler, 1 Warnung in 1 Datei: die genannten und die "
                                                "davon abhängigen, von 10 Dateien")

    # a Stadtteil: the offers naming it and the Stadtteile naming it as a neighbour
    r = run_check(tree, "content/districts/altstadt.md", "README.md")
    paths = {line.split(":")[0] for line in r.stdout.splitlines()[:-1]}
    assert "content/offers/hebamme-altstadt.md" in paths and "content/offers/elterntelefon.md" not in paths
    assert "in 4 Dateien" in r.stdout.splitlines()[-1]  # altstadt, nordviertel, hebamme-altstadt, beendet
    assert "README.md: keine Inhaltsdatei" in r.stderr

    # the vocabulary: everything
    whole = run_check(tree)
    assert run_check(tree, "content/vocabulary.yml").stdout.splitlines()[:-1] == whole.stdout.splitlines()[:-1]


def test_a_deleted_district_names_the_offers_that_still_point_to_it(tree):
    (tree.path / "districts" / "altstadt.md").unlink()
    r = run_check(tree, "content/districts/altstadt.md")
    assert r.returncode == 1
    assert any(line.startswith("content/offers/hebamme-altstadt.md:") and "altstadt" in line
               for line in r.stdout.splitlines())


def test_a_duplicate_reported_on_another_file_is_shown(tree):
    text = tree.read(OFFER)
    tree.write("offers/hebamme-kopie.md", text)
    r = run_check(tree, "content/offers/hebamme-altstadt.md")
    assert "content/offers/hebamme-kopie.md" in r.stdout  # the warning sits on the copy and names the original
