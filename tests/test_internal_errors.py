"""A bug of Wegweiser met while checking one file: named at that file, the others still checked.

The bug is planted for real: a sitecustomize module breaks the offer rules for one file in the
`wegweiser check` and `mkdocs build` processes, which otherwise run unchanged.
"""
import os
import subprocess
import sys

from support import write_config

PLANTED = '''
import wegweiser.content.rules as rules
_original = rules.offer_rules
def offer_rules(p, *args):
    if p.id == "elterntelefon":
        raise RuntimeError("kaputt zum Test")
    return _original(p, *args)
rules.offer_rules = offer_rules
'''

MESSAGE = ("content/offers/elterntelefon.md:1:1: Interner Fehler in Wegweiser beim Prüfen dieser Datei (kein "
           "Fehler in Ihren Angaben): RuntimeError: kaputt zum Test. Bitte melden Sie ihn dem Koordinationsbüro; "
           "mit WEGWEISER_DEBUG=1 erscheinen Details.")


def planted_env(tmp_path):
    (tmp_path / "planted").mkdir(exist_ok=True)
    (tmp_path / "planted" / "sitecustomize.py").write_text(PLANTED, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "planted"), env.get("PYTHONPATH", "")])
    env.pop("WEGWEISER_DEBUG", None)
    return env


def test_check_names_the_file_and_goes_on(tree, tmp_path):
    tree.replace("offers/hebamme-altstadt.md", "status: active", "status: aktiv")
    r = subprocess.run([sys.executable, "-m", "wegweiser", "check"], cwd=tree.path.parent, capture_output=True,
                       text=True, env=planted_env(tmp_path), timeout=120)
    assert r.returncode == 3, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert MESSAGE in lines
    assert any(line.startswith("content/offers/hebamme-altstadt.md:27:9: status: „aktiv“") for line in lines)
    assert lines[-1].startswith("2 Fehler, 2 Warnungen in 10 Dateien, davon 1 interner Fehler in Wegweiser "
                                "(bitte melden) (")
    assert "Traceback" not in r.stderr


def test_check_annotates_the_file_on_github(tree, tmp_path):
    r = subprocess.run([sys.executable, "-m", "wegweiser", "check", "--format", "github"], cwd=tree.path.parent,
                       capture_output=True, text=True, env=planted_env(tmp_path), timeout=120)
    assert r.returncode == 3
    assert any(line.startswith("::error file=content/offers/elterntelefon.md,line=1,col=1,title=Datei::Interner "
                               "Fehler in Wegweiser") for line in r.stdout.splitlines())


def test_build_shows_the_same_message_without_a_traceback(tree, tmp_path):
    config = write_config(tmp_path, tree.path)
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=tmp_path,
                       capture_output=True, text=True, env=planted_env(tmp_path), timeout=300)
    assert r.returncode != 0
    assert "Traceback" not in r.stdout + r.stderr
    assert MESSAGE in r.stderr
    assert "davon 1 interner Fehler in Wegweiser (bitte melden)" in r.stdout + r.stderr
    assert not (tmp_path / "site").exists()


def test_a_bug_in_a_build_event_ends_in_german_not_a_traceback(monkeypatch):
    import pytest
    from mkdocs.exceptions import Abort
    from wegweiser.engine import _no_traceback

    monkeypatch.delenv("WEGWEISER_DEBUG", raising=False)
    with pytest.raises(Abort, match=r"^Wegweiser: Interner Fehler in Wegweiser \(kein Fehler in Ihren Dateien\): "
                                    r"ZeroDivisionError: division by zero\. Nichts wurde geschrieben\."):
        _no_traceback(lambda: 1 / 0)()
