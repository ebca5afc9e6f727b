"""`mkdocs build` renders its generated pages in several processes (hooks/wegweiser/pagefork.py):
the same bytes as one process, and a failure in any of them fails the whole build."""
import os
import re
import subprocess
import sys

from conftest import ROOT, TODAY
from support import write_config
from test_cached_build import files


def build(work, processes, planted=None, strict=False):
    config = write_config(work, ROOT / "content")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "WEGWEISER_TODAY": TODAY,
           "WEGWEISER_CACHE_DIR": str(work / "cache"), "WEGWEISER_PROCESSES": str(processes)}
    env.pop("WEGWEISER_DEBUG", None)
    if planted:
        (work / "planted").mkdir()
        (work / "planted" / "sitecustomize.py").write_text(planted, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(work / "planted"), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-f",
                           str(config)], capture_output=True, text=True, env=env, timeout=900, cwd=work)


def test_pages_from_three_processes_are_the_bytes_of_one(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "three").mkdir()
    r = build(tmp_path / "one", 1)
    assert r.returncode == 0, r.stderr[-2000:]
    r = build(tmp_path / "three", 3)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Page skipped" not in r.stderr
    assert "erzeugte Seiten in 3 Prozessen gerendert" in r.stderr
    one, three = files(tmp_path / "one" / "site"), files(tmp_path / "three" / "site")
    assert len(one) > 1000 and one.keys() == three.keys()
    assert [name for name in one if one[name] != three[name]] == []


BROKEN_WORKER = '''
import wegweiser.pagefork as pagefork
_original = pagefork.build_share
def build_share(share, *args):
    if share == 1:
        raise RuntimeError("kaputt im zweiten Prozess")
    return _original(share, *args)
pagefork.build_share = build_share
'''


def test_a_worker_that_fails_fails_the_build_and_writes_nothing(tmp_path):
    r = build(tmp_path, 2, planted=BROKEN_WORKER)
    assert r.returncode != 0
    assert "Traceback" not in r.stdout + r.stderr
    assert ("Interner Fehler in Wegweiser beim Rendern der Seiten (kein Fehler in Ihren Dateien): RuntimeError: "
            "kaputt im zweiten Prozess. Nichts wurde geschrieben.") in r.stdout + r.stderr
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site-*"))


WARNING_IN_WORKER = '''
import logging
import wegweiser.pagefork as pagefork
_original = pagefork.build_share
def build_share(share, *args):
    if share == 1:
        logging.getLogger("mkdocs.plugins.test").warning("Warnung aus dem zweiten Prozess")
    return _original(share, *args)
pagefork.build_share = build_share
'''


def test_a_warning_in_a_worker_counts_for_strict(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    r = build(tmp_path / "a", 2, planted=WARNING_IN_WORKER)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stderr.count("Warnung aus dem zweiten Prozess") == 2  # the worker's own line, the parent's
    # The demo has warnings of its own (stale entries): --strict counts one more with the worker's.
    counted = []
    for name, planted in (("b", None), ("c", WARNING_IN_WORKER)):
        r = build(tmp_path / name, 2, planted=planted, strict=True)
        assert r.returncode != 0
        counted.append(int(re.search(r"Aborted with (\d+) warnings in strict mode", r.stdout + r.stderr).group(1)))
    assert counted[1] == counted[0] + 1


def test_workers_only_as_far_as_the_free_memory_carries_them():
    from wegweiser.pagefork import affordable
    gb = 1024 * 1024
    assert affordable(4, available_kb=23 * gb, own_kb=int(1.4 * gb)) == 4
    assert affordable(2, available_kb=int(2.5 * gb), own_kb=int(1.4 * gb)) == 2  # a worker fits
    assert affordable(2, available_kb=int(1.5 * gb), own_kb=int(1.4 * gb)) == 1  # it does not
    assert affordable(4, available_kb=3 * gb, own_kb=gb) == 3
    assert affordable(2, available_kb=0, own_kb=gb) == 1  # unknown: one process
    assert affordable(2) in (1, 2)  # this machine, read from /proc
