"""All-or-nothing output (site/output.py), on folders alone; test_site.py has the failed real build."""
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from wegweiser.site.output import AtomicOutput


def tree(folder):
    return {str(p.relative_to(folder)): p.read_text() for p in folder.rglob("*") if p.is_file()}


def test_a_finished_build_replaces_the_folder_and_leaves_no_siblings(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "alt.html").write_text("alt")
    out = AtomicOutput(site)
    assert out.work_dir == tmp_path / ".site-neu"
    out.work_dir.mkdir()
    (out.work_dir / "neu.html").write_text("neu")
    assert tree(site) == {"alt.html": "alt"}  # nothing seen before the build is done
    out.commit()
    assert tree(site) == {"neu.html": "neu"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_first_build_has_no_folder_to_replace(tmp_path):
    out = AtomicOutput(tmp_path / "site")
    out.work_dir.mkdir()
    (out.work_dir / "index.html").write_text("x")
    out.commit()
    assert tree(tmp_path / "site") == {"index.html": "x"}


def test_a_failed_build_leaves_the_folder_as_it_was(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "alt.html").write_text("alt")
    out = AtomicOutput(site)
    out.work_dir.mkdir()
    (out.work_dir / "halb.html").write_text("halb")
    out.discard()
    assert tree(site) == {"alt.html": "alt"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_what_a_killed_build_left_is_cleared_first(tmp_path):
    left = tmp_path / ".site-neu"
    left.mkdir()
    (left / "alt.html").write_text("von einem abgebrochenen Bau")
    out = AtomicOutput(tmp_path / "site")
    assert not left.exists() and out.work_dir == left


def test_a_second_build_waits_for_the_first_instead_of_clearing_its_work(tmp_path):
    """Two builds at once (two terminals): the second waits, then replaces the first's output whole."""
    site = tmp_path / "site"
    first = subprocess.Popen([sys.executable, "-c", f"""
import sys, time
sys.path.insert(0, {str(ROOT / 'hooks')!r})
from pathlib import Path
from wegweiser.site.output import AtomicOutput
out = AtomicOutput(Path({str(site)!r}))
out.work_dir.mkdir()
print("started", flush=True)
time.sleep(1.5)
(out.work_dir / "index.html").write_text("erster")
out.commit()
"""], stdout=subprocess.PIPE, text=True)
    assert first.stdout.readline().strip() == "started"
    waited = []
    started = time.monotonic()
    out = AtomicOutput(site, waiting=lambda: waited.append(True))
    assert waited and time.monotonic() - started > 1  # it waited for the first to finish
    assert first.wait(timeout=30) == 0
    assert tree(site) == {"index.html": "erster"}  # the first one's work was not cleared
    out.work_dir.mkdir()
    (out.work_dir / "index.html").write_text("zweiter")
    out.commit()
    assert tree(site) == {"index.html": "zweiter"}


def test_a_swap_that_fails_puts_the_folder_back_and_frees_the_lock(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "alt.html").write_text("alt")
    out = AtomicOutput(site)  # the build wrote nothing (here: its folder is missing)
    with pytest.raises(OSError):
        out.commit()
    assert tree(site) == {"alt.html": "alt"}
    waited = []
    AtomicOutput(site, waiting=lambda: waited.append(True)).discard()
    assert waited == []
