"""`wegweiser check` and `wegweiser schema` as providers and CI run them: output and exit codes."""
import subprocess
import sys

from conftest import ROOT


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "wegweiser", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_clean_fixture_exits_zero_with_summary(tree):
    r = run("check", cwd=tree.path.parent)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr == ""
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith("0 Fehler, 3 Warnungen in 10 Dateien (") and last.endswith(
        " – Warnungen brechen den Bau nicht ab.")


def test_strict_fails_on_warnings(tree):
    r = run("check", "--strict", cwd=tree.path.parent)
    assert r.returncode == 1
    assert "Warnung:" in r.stdout


def test_errors_exit_one_and_every_line_has_a_place(tree):
    tree.replace("offers/hebamme-altstadt.md", "status: active", "status: aktiv")
    tree.replace("offers/elterntelefon.md", "cost: {free: true}", "cost: {free: ja}")
    r = run("check", cwd=tree.path.parent)
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    assert lines[-1].startswith("2 Fehler, 3 Warnungen in 10 Dateien")
    for line in lines[:-1]:
        path, row, col, rest = line.split(":", 3)
        assert path.startswith("content/") and int(row) >= 1 and int(col) >= 1 and rest.strip()
    assert "Traceback" not in r.stdout + r.stderr


def test_content_option_and_github_format(tree):
    tree.replace("offers/hebamme-altstadt.md", "status: active", "status: aktiv")
    r = run("check", "--content", "content", "--format", "github", cwd=tree.path.parent)
    assert r.returncode == 1
    assert ("::error file=content/offers/hebamme-altstadt.md,line=27,col=9,title=status::„aktiv“ ist hier nicht "
            "erlaubt. Meinten Sie „active“? Erlaubt sind: active, paused, ended.") in r.stdout.splitlines()
    assert any(line.startswith("::warning file=content/offers/alter-kurs.md,line=19,col=14,title=valid_until::")
               for line in r.stdout.splitlines())


def test_missing_content_folder_and_bad_today(tmp_path):
    r = run("check", "--content", "nirgends", cwd=tmp_path)
    assert r.returncode == 1 and "Der Inhaltsordner fehlt" in r.stdout
    r = subprocess.run([sys.executable, "-m", "wegweiser", "check"], cwd=tmp_path, capture_output=True, text=True,
                       env={"WEGWEISER_TODAY": "morgen", "PATH": "/usr/bin"})
    assert r.returncode == 2 and r.stderr.strip() == "Fehler: WEGWEISER_TODAY='morgen' ist kein Datum der Form JJJJ-MM-TT."


def test_demo_content_has_no_errors():
    r = run("check", cwd=ROOT)
    assert r.returncode == 0, r.stdout[-3000:]
    assert r.stdout.strip().splitlines()[-1].startswith("0 Fehler")


def test_committed_schema_files_and_field_reference_are_current():
    r = run("schema", cwd=ROOT)
    assert r.returncode == 0, "Run `make schema`: " + r.stdout


def test_new_writes_a_valid_offer_from_flags(tree, capsys):
    from wegweiser.cli import main
    from wegweiser.content.directory import load_directory
    args = ["new", "--name", "Väter-Frühstück Süd", "--summary", "Einmal im Monat: frühstücken.",
            "--provider", "Familienbüro", "--stages", "kita,grundschule", "--categories", "begegnung",
            "--districts", "altstadt", "--free", "ja", "--email", "info@familienbuero.example.org",
            "--place", "Haus Süd|Südstraße 1|45879|Teststadt|altstadt|51.52|7.05"]
    assert main(args) == 0
    path = tree.path / "offers" / "vaeter-fruehstueck-sued.md"
    text = path.read_text(encoding="utf-8")
    assert 'name: "Väter-Frühstück Süd"' in text and 'postal_code: "45879"' in text
    result = load_directory(tree.path, __import__("datetime").date(2026, 11, 22))
    assert result.ok and "vaeter-fruehstueck-sued" in result.directory.offers
    assert main(args) == 2  # the id is taken now
    assert "gibt es schon" in capsys.readouterr().err


def test_new_refuses_what_check_refuses_and_writes_nothing(tree, capsys):
    from wegweiser.cli import main
    args = ["new", "--name", "Kurs", "--summary", "x", "--provider", "y", "--stages", "baby",
            "--categories", "gibtsnicht", "--districts", "gesamtstadt", "--free", "nein", "--email", "a@b.de"]
    assert main(args) == 1
    assert "categories[1]" in capsys.readouterr().out
    assert not (tree.path / "offers" / "kurs.md").exists()


def test_new_without_a_terminal_names_the_missing_flags(tree, capsys, monkeypatch):
    from wegweiser.cli import main
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["new", "--name", "Kurs"]) == 2
    err = capsys.readouterr().err
    assert "--summary" in err and "--provider" in err and "--name" not in err.split(":")[1]
