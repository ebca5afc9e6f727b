"""What CI runs around a pull request: GitLab's code-quality report, the scope rule, CODEOWNERS, the
reviewer's summary and the reminder's Markdown. Diffs come from real git repositories in tmp dirs."""
import json
import re
import subprocess
import sys

import pytest

from conftest import MINI, ROOT


def edit_setting(indent: str = "    ") -> str:
    """Where edit links point: extra.wegweiser.repository (issue 12) where SiteSettings knows it, else
    the older edit_url; both give GitHub's editor of the file on main."""
    from wegweiser.site.pages import SiteSettings
    if "repository" in SiteSettings.__dataclass_fields__:
        return f"{indent}repository: {{host: github, url: 'https://github.com/stadt/wegweiser', branch: main}}\n"
    return f"{indent}edit_url: https://github.com/stadt/wegweiser/edit/main/{{path}}\n"


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "wegweiser", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(cwd)})


@pytest.fixture
def repo(tree):
    """The mini content with a mkdocs.yml and a template, committed on main, HEAD on a new branch."""
    root = tree.path.parent
    tree.write("../mkdocs.yml", "site_name: Test\nsite_url: https://stadt.example.org/wegweiser/\n"
               "extra:\n  wegweiser:\n    content: content\n    staff: [stadt/koordination, chef]\n"
               + edit_setting())
    tree.write("../overrides/wegweiser/offer.html", "<h1>{{ offer.name }}</h1>\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    git(root, "checkout", "-qb", "vorschlag")
    return tree


def commit(tree, message="change"):
    git(tree.path.parent, "add", "-A")
    git(tree.path.parent, "commit", "-qm", message)


# --- check --format gitlab -------------------------------------------------------------------------

def broken(tree):
    tree.replace("offers/hebamme-altstadt.md", "status: active", "status: aktiv")
    tree.replace("offers/elterntelefon.md", "cost: {free: true}", "cost: {free: ja}")
    tree.replace("offers/jugendtreff-nord.md", "name:", "nme:")


def test_gitlab_report_has_the_documented_shape_one_entry_per_problem(tree):
    broken(tree)
    text_run = run("check", cwd=tree.path.parent)
    r = run("check", "--format", "gitlab", cwd=tree.path.parent)
    assert r.returncode == 1
    raw = r.stdout.encode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    report = json.loads(raw)
    problems = text_run.stdout.strip().splitlines()[:-1]
    assert len(report) == len(problems) >= 5  # 3+ errors and the fixture's 3 warnings
    for entry in report:
        assert set(entry) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert entry["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert re.fullmatch(r"[0-9a-f]{64}", entry["fingerprint"])
        assert entry["location"]["path"].startswith("content/") and entry["location"]["lines"]["begin"] >= 1
        assert entry["description"] and entry["check_name"].startswith("wegweiser.")
    assert len({e["fingerprint"] for e in report}) == len(report)
    status = next(e for e in report if e["location"]["path"] == "content/offers/hebamme-altstadt.md")
    assert status["severity"] == "critical" and status["location"]["lines"]["begin"] == 27
    assert status["description"].startswith("status: „aktiv“ ist hier nicht erlaubt.")
    assert "Fehler" in r.stderr  # the count goes to stderr, the report alone to stdout


def test_gitlab_fingerprints_are_stable_and_ignore_moved_lines(tree):
    broken(tree)
    first = json.loads(run("check", "--format", "gitlab", cwd=tree.path.parent).stdout)
    second = json.loads(run("check", "--format", "gitlab", cwd=tree.path.parent).stdout)
    assert first == second
    # A comment line above the mistake moves it down one line: same problem, same fingerprint.
    tree.replace("offers/hebamme-altstadt.md", "---\nname:", "---\n# Kommentar\nname:")
    moved = json.loads(run("check", "--format", "gitlab", cwd=tree.path.parent).stdout)
    by_print = {e["fingerprint"]: e for e in moved}
    status = next(e for e in first if e["location"]["path"] == "content/offers/hebamme-altstadt.md")
    assert by_print[status["fingerprint"]]["location"]["lines"]["begin"] == 28
    assert {e["fingerprint"] for e in moved} == {e["fingerprint"] for e in first}


def test_identical_problems_get_distinct_fingerprints():
    from wegweiser.content.problems import Problem
    from wegweiser.review import codequality
    twice = [Problem("content/offers/a.md", 3, 1, "x", "gleich"), Problem("content/offers/a.md", 9, 1, "x", "gleich")]
    prints = [e["fingerprint"] for e in codequality.entries(twice)]
    assert len(set(prints)) == 2


# --- content or code, not both --------------------------------------------------------------------

def test_content_only_and_code_only_pass_the_scope_rule(repo):
    repo.replace("offers/hebamme-altstadt.md", "Offene Sprechstunde", "Offene Beratung")
    repo.write("offers/neues-angebot.md", repo.read("offers/elterntelefon.md"))
    commit(repo)
    r = run("scope", "--base", "main", cwd=repo.path.parent)
    assert r.returncode == 0, r.stderr
    git(repo.path.parent, "checkout", "-qb", "programm", "main")
    repo.write("../overrides/wegweiser/offer.html", "<h1>{{ offer.name }}!</h1>\n")
    repo.write("../docs/neu.md", "Doku\n")
    commit(repo)
    assert run("scope", "--base", "main", cwd=repo.path.parent).returncode == 0


def test_content_and_code_together_fail_with_a_german_message(repo):
    repo.replace("offers/hebamme-altstadt.md", "Offene Sprechstunde", "Offene Beratung")
    repo.write("../.github/workflows/x.yml", "on: push\n")
    repo.write("../overrides/wegweiser/offer.html", "<h1>{{ offer.name }}</h1><script>x()</script>\n")
    commit(repo)
    r = run("scope", "--base", "main", cwd=repo.path.parent)
    assert r.returncode == 1
    assert r.stderr.startswith("Fehler: Dieser Pull-Request ändert Inhalte und zugleich Programm")
    assert "content/offers/hebamme-altstadt.md" in r.stderr
    assert ".github/workflows/x.yml" in r.stderr and "overrides/wegweiser/offer.html" in r.stderr
    assert "Traceback" not in r.stderr


def test_moving_a_template_into_content_counts_as_code(repo):
    git(repo.path.parent, "mv", "overrides/wegweiser/offer.html", "content/offer.html")
    commit(repo)
    r = run("scope", "--base", "main", cwd=repo.path.parent)
    assert r.returncode == 1 and "overrides/wegweiser/offer.html" in r.stderr


def test_generated_files_go_with_content(repo):
    repo.replace("offers/hebamme-altstadt.md", "provider: {name: Testträger Gesundheit}",
                 "provider: {name: Testträger Gesundheit, maintainers: [hebamme-anna]}")
    assert run("codeowners", cwd=repo.path.parent).returncode == 0
    commit(repo)
    assert run("scope", "--base", "main", cwd=repo.path.parent).returncode == 0
    assert run("codeowners", "--check", cwd=repo.path.parent).returncode == 0


def test_unknown_base_is_a_german_error(repo):
    r = run("scope", "--base", "gibtsnicht", cwd=repo.path.parent)
    assert r.returncode == 2 and "git kennt „gibtsnicht“ nicht" in r.stderr and "Traceback" not in r.stderr


# --- CODEOWNERS -----------------------------------------------------------------------------------

def test_codeowners_routes_a_providers_offers_to_them_and_staff(repo):
    repo.replace("offers/hebamme-altstadt.md", "provider: {name: Testträger Gesundheit}",
                 "provider: {name: Testträger Gesundheit, maintainers: [hebamme-anna, \"@hebamme.bea\"]}")
    r = run("codeowners", "--check", cwd=repo.path.parent)
    assert r.returncode == 1 and "veraltet: .github/CODEOWNERS" in r.stdout
    assert run("codeowners", cwd=repo.path.parent).returncode == 0
    github = (repo.path.parent / ".github/CODEOWNERS").read_text()
    assert (repo.path.parent / ".gitlab/CODEOWNERS").read_text() == github
    rules = [line.split() for line in github.splitlines() if line and not line.startswith("#")]
    assert rules[0] == ["*", "@stadt/koordination", "@chef"]
    assert ["/content/vocabulary.yml", "@stadt/koordination", "@chef"] in rules
    # last matching rule wins: the offer's own line comes after every staff line
    assert rules[-1] == ["/content/offers/hebamme-altstadt.md", "@hebamme-anna", "@hebamme.bea",
                         "@stadt/koordination", "@chef"]
    assert not any("elterntelefon" in r[0] for r in rules)
    assert run("codeowners", "--check", cwd=repo.path.parent).returncode == 0


@pytest.mark.parametrize("name", ["anna schmidt", "anna\\n* @boese", "-anna", "anna#x", "", "a/b"])
def test_a_maintainer_name_cannot_inject_a_codeowners_rule(tree, name):
    tree.replace("offers/hebamme-altstadt.md", "provider: {name: Testträger Gesundheit}",
                 f"provider: {{name: Testträger Gesundheit, maintainers: [\"{name}\"]}}")
    r = run("check", cwd=tree.path.parent)
    assert r.returncode == 1
    assert "content/offers/hebamme-altstadt.md:4:" in r.stdout and "provider.maintainers[1]" in r.stdout


def test_codeowners_without_staff_is_a_german_error(tree):
    tree.write("../mkdocs.yml", "site_name: Test\nextra:\n  wegweiser: {content: content}\n")
    r = run("codeowners", cwd=tree.path.parent)
    assert r.returncode == 2 and "extra.wegweiser.staff fehlt in mkdocs.yml" in r.stderr


def test_the_shipped_codeowners_files_are_up_to_date():
    r = run("codeowners", "--check", cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr


# --- the reviewer's summary -----------------------------------------------------------------------

def test_summary_lists_added_changed_renamed_and_removed_offers(repo):
    repo.replace("offers/hebamme-altstadt.md", "status: active", "status: aktiv")
    repo.write("offers/neues-angebot.md", repo.read("offers/elterntelefon.md").replace(
        "name: Elterntelefon", "name: Neues <b>Telefon</b> @jemand"))
    git(repo.path.parent, "mv", "content/offers/jugendtreff-nord.md", "content/offers/jugendtreff-nordviertel.md")
    git(repo.path.parent, "rm", "-q", "content/offers/beendet.md")
    commit(repo)
    r = run("summary", "--base", "main", cwd=repo.path.parent)
    assert r.returncode == 0, r.stderr
    md = r.stdout
    assert "**❌ Die Prüfung ist fehlgeschlagen:** 1 Fehler" in md
    assert "### Geänderte Angebote (4)" in md
    rows = {line.split(" | ")[0].lstrip("| "): line for line in md.splitlines() if line.startswith("| ")}
    assert "`content/offers/hebamme-altstadt.md`" in rows["geändert"]
    assert "`content/offers/neues-angebot.md`" in rows["neu"] and "`angebote/neues-angebot/`" in rows["neu"]
    assert "Neues \\<b\\>Telefon\\</b\\> @\u2060jemand" in rows["neu"]  # no HTML, no mention
    assert "`content/offers/jugendtreff-nord.md` → `content/offers/jugendtreff-nordviertel.md`" in rows["umbenannt"]
    assert "`content/offers/beendet.md`" in rows["entfernt"]
    problems = [line for line in md.splitlines() if line.startswith(("| Fehler |", "| Warnung |"))]
    assert problems[0].startswith("| Fehler | `content/offers/hebamme-altstadt.md:27` | status |")  # errors first
    assert f"### Probleme in den geänderten Dateien ({len(problems)})" in md
    assert all("content/offers/alter-kurs.md" not in p for p in problems)  # unchanged: only counted
    assert re.search(r"Dazu kommen \d+ Hinweis(e)? in Dateien, die dieser Pull-Request nicht ändert", md)


def test_summary_warns_when_content_and_code_change_together(repo):
    repo.replace("offers/hebamme-altstadt.md", "Offene Sprechstunde", "Offene Beratung")
    repo.write("../hooks/x.py", "print()\n")
    commit(repo)
    md = run("summary", "--base", "main", cwd=repo.path.parent).stdout
    assert "> [!CAUTION]\n> Dieser Pull-Request ändert Inhalte und zugleich Programm" in md


# --- the reminder's Markdown ----------------------------------------------------------------------

def test_report_markdown_lists_every_stale_and_expired_demo_offer_with_its_link(tmp_path):
    from wegweiser.content.directory import load_directory
    from wegweiser.model import today
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nsite_url: https://stadt.example.org/wegweiser/\nextra:\n  wegweiser:\n"
                      f"    content: {ROOT / 'content'}\n" + edit_setting(), encoding="utf-8")
    r = run("report", "--config", str(config), "--only", "expired,expiring,stale", cwd=ROOT)
    assert r.returncode == 0, r.stderr
    md = r.stdout
    directory = load_directory(ROOT / "content", today()).directory
    stale = [o for o in directory.offers.values() if o.stale(directory.today) and o.published(directory.today)]
    expired = [o for o in directory.offers.values()
               if o.valid_until and o.valid_until < directory.today and o.status != "ended"]
    assert stale and expired
    for o in stale + expired:
        edit = f"https://github.com/stadt/wegweiser/edit/main/{o.source}"
        line = next((l for l in md.splitlines() if f"(<{edit}>)" in l), None)
        assert line is not None, o.source
        if o in stale:
            assert f"(<https://stadt.example.org/wegweiser/angebote/{o.id}/>)" in line
    assert md.count("\n## ") + md.startswith("## ") == 3
    assert "Beispieldaten" not in md and "Empfohlene Angaben" not in md
