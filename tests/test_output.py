"""All-or-nothing output (site/output.py), on folders alone; test_site.py has the failed real build."""
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
