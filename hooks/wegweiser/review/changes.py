"""What a pull request changes, from git, and the rule "content or code, never both".

A provider's pull request is reviewed as data: the reviewer reads offer files and the summary, not
Python or templates. If the same pull request also changed code, a template or a workflow, that
change could pass unnoticed, so such a pull request is refused and has to be split.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

CONTENT = "content"  # offers, districts, vocabulary: data, checked by `wegweiser check`
GENERATED = "generated"  # derived from content (schemas, field docs, CODEOWNERS): goes with either
DOCS = "docs"  # contributor docs, not part of the site
CODE = "code"  # everything else: package, templates, pages, configuration, workflows, tests

# Files written by `make schema` and `wegweiser codeowners`; CI checks they are up to date.
GENERATED_FILES = frozenset({"schema/offer.schema.json", "schema/district.schema.json",
                             "schema/vocabulary.schema.json", "docs/felder.md",
                             ".github/CODEOWNERS", ".gitlab/CODEOWNERS"})
OFFERS_DIR = "offers"


@dataclass(frozen=True)
class Change:
    status: str  # "A" added, "M" modified, "D" deleted, "R" renamed (git's letters)
    path: str  # the path after the change
    old_path: str = ""  # for renames: the path before


class GitError(Exception):
    pass


def changed_files(base: str, cwd: Path | str = ".") -> list[Change]:
    """Files changed between the merge base of ``base`` and HEAD (what the pull request adds)."""
    try:
        out = subprocess.run(["git", "diff", "--name-status", "-z", "-M", "--no-color", f"{base}...HEAD"],
                             cwd=cwd, capture_output=True, check=True).stdout.decode("utf-8")
    except FileNotFoundError:
        raise GitError("git ist nicht installiert.") from None
    except subprocess.CalledProcessError as err:
        raise GitError(f"git kennt „{base}“ nicht oder findet keinen gemeinsamen Stand mit HEAD "
                       f"({err.stderr.decode('utf-8', 'replace').strip()}). Im CI muss der Zielzweig "
                       "mit ganzer Geschichte geholt sein (fetch-depth: 0 bzw. GIT_DEPTH: 0).") from None
    parts = out.split("\0")
    changes, i = [], 0
    while i < len(parts) - 1:
        status = parts[i][:1]
        if status in ("R", "C"):
            changes.append(Change(status if status == "R" else "A", parts[i + 2], parts[i + 1]))
            i += 3
        else:
            changes.append(Change(status, parts[i + 1]))
            i += 2
    return changes


def kind_of(path: str, content_dir: str = "content") -> str:
    if path in GENERATED_FILES:
        return GENERATED
    parts = PurePosixPath(path).parts
    if parts and parts[0] == content_dir:
        return CONTENT
    if (parts and parts[0] == "docs") or path in ("README.md", "LICENSE"):
        return DOCS
    return CODE


def scope_violation(changes: list[Change], content_dir: str = "content") -> tuple[list[str], list[str]] | None:
    """(content files, code files) when a change touches both, else None. A rename counts on both
    of its sides, so moving a template into content/ is still a change of code."""
    content, code = [], []
    for c in changes:
        for path in filter(None, (c.old_path, c.path)):
            kind = kind_of(path, content_dir)
            if kind == CONTENT and path not in content:
                content.append(path)
            elif kind == CODE and path not in code:
                code.append(path)
    return (content, code) if content and code else None


def scope_message(content: list[str], code: list[str], shown: int = 10) -> str:
    def listing(paths: list[str]) -> str:
        more = f"\n  … und {len(paths) - shown} weitere" if len(paths) > shown else ""
        return "\n".join(f"  {p}" for p in paths[:shown]) + more
    return ("Dieser Pull-Request ändert Inhalte und zugleich Programm, Vorlagen oder Einstellungen. "
            "Beides zusammen geht nicht, damit bei der Prüfung der Inhalte keine Änderung am Programm "
            "übersehen wird. Teilen Sie ihn bitte in zwei Pull-Requests: einen nur mit den Dateien in "
            f"content/, einen mit dem Rest.\nInhalte:\n{listing(content)}\nProgramm und Einstellungen:\n"
            f"{listing(code)}")


def offer_changes(changes: list[Change], content_dir: str = "content") -> list[Change]:
    """Changes of offer files, in git's order; a rename between offer files stays one change."""
    prefix = f"{content_dir}/{OFFERS_DIR}/"
    out = []
    for c in changes:
        old_in, new_in = c.old_path.startswith(prefix), c.path.startswith(prefix)
        if c.status == "R" and old_in and not new_in:
            out.append(Change("D", c.old_path))
        elif c.status == "R" and new_in and not old_in:
            out.append(Change("A", c.path))
        elif new_in:
            out.append(c)
    return out
