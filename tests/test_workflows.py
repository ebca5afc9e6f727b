"""The CI files: they parse, every action is pinned to a commit with its version, actionlint passes,
the GitHub jobs keep minimal permissions, and GitLab's pipeline has the jobs the docs promise."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$")


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string key


def test_the_four_workflows_exist_with_german_names():
    names = {p.name: load(p)["name"] for p in WORKFLOWS}
    assert names == {"pruefung.yml": "Prüfung", "veroeffentlichen.yml": "Veröffentlichen",
                     "erinnerung.yml": "Erinnerung", "tests.yml": "Tests"}


def pins(text: str) -> list[str]:
    """Every `uses:` line that is not pinned to 40 hex characters with a # vX.Y.Z comment."""
    return [line for line in text.splitlines() if re.match(r"^\s*(-\s+)?uses:", line) and not PINNED.match(line)]


def test_every_action_is_pinned_to_a_commit_with_its_version():
    seen = 0
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        assert pins(text) == [], path.name
        seen += len(re.findall(r"^\s*(-\s+)?uses:", text, re.M))
    assert seen >= 10


def test_the_pin_check_catches_tags_short_shas_and_missing_comments():
    assert pins("      - uses: actions/checkout@v4\n")
    assert pins("      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n")
    assert pins("      - uses: actions/checkout@3d3c42e # v7.0.1\n")
    assert not pins("      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n")


def test_one_action_one_commit_across_all_workflows():
    refs: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for m in map(PINNED.match, path.read_text(encoding="utf-8").splitlines()):
            if m:
                refs.setdefault(m["action"], set()).add(m["sha"])
    assert all(len(shas) == 1 for shas in refs.values()), refs


def test_actionlint_passes_and_would_catch_a_mistake(tmp_path):
    assert ACTIONLINT, "actionlint fehlt: make .venv/.dev installiert es (requirements/dev.in)"
    r = subprocess.run([ACTIONLINT, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    bad = tmp_path / ".github" / "workflows" / "kaputt.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n"
                   "      - run: echo ${{ matrix.nope }}\n", encoding="utf-8")
    r = subprocess.run([ACTIONLINT, "-no-color", str(bad)], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1 and "matrix" in r.stdout


def test_permissions_are_minimal():
    for path in WORKFLOWS:
        wf = load(path)
        assert wf["permissions"] == {"contents": "read"} or path.name == "erinnerung.yml", path.name
        for name, job in wf["jobs"].items():
            extra = job.get("permissions", {})
            if path.name == "veroeffentlichen.yml" and name == "veroeffentlichen":
                assert extra == {"pages": "write", "id-token": "write"}
            else:
                assert extra == {}, (path.name, name)
    assert load(ROOT / ".github/workflows/erinnerung.yml")["permissions"] == {"contents": "read", "issues": "write"}


def test_publishing_waits_for_the_build_and_never_overlaps():
    wf = load(ROOT / ".github/workflows/veroeffentlichen.yml")
    assert wf["concurrency"]["group"] == "pages" and wf["concurrency"]["cancel-in-progress"] == "false"
    deploy = wf["jobs"]["veroeffentlichen"]
    assert deploy["needs"] == "bauen" and deploy["environment"]["name"] == "github-pages"
    build_steps = [s.get("run", "") + s.get("uses", "") for s in wf["jobs"]["bauen"]["steps"]]
    assert build_steps.index("make build") < next(i for i, s in enumerate(build_steps) if "upload-pages-artifact" in s)


def test_the_pull_request_workflow_runs_every_review_step():
    text = (ROOT / ".github/workflows/pruefung.yml").read_text(encoding="utf-8")
    for command in ('wegweiser check --format github --base "$BASE"', 'wegweiser summary --base "$BASE" >> "$GITHUB_STEP_SUMMARY"',
                    'wegweiser scope --base "$BASE"', "wegweiser codeowners --check", "make build", "name: Vorschau"):
        assert command in text, command
    assert "${{ github.head_ref" not in text  # attacker-chosen text never reaches a shell line


def test_dependabot_keeps_actions_and_pip_fresh():
    config = load(ROOT / ".github/dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}
    # Dependabot's pip updater reads *.in and the pip-compile output beside it only under a .txt name
    # (a .lock file it does not fetch, and with no .txt it stops: "requirements.txt not found").
    pip = next(u for u in config["updates"] if u["package-ecosystem"] == "pip")
    folder = ROOT / pip["directory"].strip("/")
    inputs = sorted(folder.glob("*.in"))
    assert inputs
    for source in inputs:
        lock = source.with_suffix(".txt")
        head = lock.read_text(encoding="utf-8")[:400]
        assert "autogenerated by pip-compile" in head and f"--output-file={lock.name}" in head, lock
    assert not list(folder.glob("*.lock"))


def test_gitlab_pipeline_reports_code_quality_builds_and_publishes():
    ci = load(ROOT / ".gitlab-ci.yml")
    check = ci["pruefung"]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always"
    assert any("check --format gitlab" in line and line.endswith("> gl-code-quality-report.json || true")
               for line in check["script"])
    # in a merge request the check compares with the target (renamed offers); on the default branch it cannot
    assert all('${CI_MERGE_REQUEST_DIFF_BASE_SHA:+--base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"}' in line
               for line in check["script"] if "wegweiser check" in line)
    rules = [r["if"] for r in ci["workflow"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules and "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in rules
    assert ci["pages"]["artifacts"]["paths"] == ["public"] and "mv site public" in " ".join(ci["pages"]["script"])
    assert ci["pages"]["rules"][0]["if"].startswith("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")
    assert any("wegweiser scope" in line for line in ci["umfang"]["script"])
    assert ci["vorschau"]["artifacts"]["paths"] == ["site/"]


def test_checks_and_builds_keep_the_check_cache_between_runs(monkeypatch):
    """Without it every pull request checks every file anew (10 s at 5,000 offers instead of 2.4 s)."""
    for name, check in (("pruefung.yml", "Inhalte prüfen"), ("veroeffentlichen.yml", "Seite bauen")):
        steps = next(iter(load(ROOT / ".github/workflows" / name)["jobs"].values()))["steps"]
        names = [s.get("name", "") for s in steps]
        cache = steps[names.index("Prüf-Zwischenspeicher")]
        assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"] == ".cache/wegweiser"
        assert cache["with"]["restore-keys"] and cache["with"]["key"].endswith("${{ github.run_id }}")
        assert names.index("Prüf-Zwischenspeicher") < names.index(check), name
    ci = load(ROOT / ".gitlab-ci.yml")
    assert any(c["paths"] == [".cache/wegweiser"] for c in ci["default"]["cache"])
    from wegweiser.content import checkcache
    monkeypatch.delenv(checkcache.CACHE_VARIABLE, raising=False)
    assert checkcache.default_dir(ROOT / "content") == ROOT / ".cache" / "wegweiser"  # the folder kept
