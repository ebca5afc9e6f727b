"""`wegweiser check --base REF`: offers whose address disappeared since a git version.

An offer's file name is its address (angebote/<id>/). A renamed or deleted file breaks printed
links and bookmarks unless the new file lists the old id under ``former_ids``. The comparison reads
the older version with git itself, so it needs nothing but the repository.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from . import yamlload
from .files import shown_path, split_front_matter, Source
from .problems import WARNING, Problem
from .spelling import fold
from ..model import ConfigError, Directory

KIND = "removed-id"


def _git(content: Path, *args: str) -> str:
    try:
        run = subprocess.run(["git", "-C", str(content), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ConfigError(f"git kann nicht ausgeführt werden ({err}); --base braucht git.") from None
    if run.returncode != 0:
        raise ConfigError(f"git {' '.join(args[:2])} ist fehlgeschlagen: {run.stderr.strip() or run.returncode}")
    return run.stdout


def offer_names_at(content: Path, ref: str) -> dict[str, str]:
    """id -> name of every offer file at ``ref`` (the name is "" when the old file cannot be read)."""
    try:
        _git(content, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ConfigError:
        raise ConfigError(f"Die Git-Version „{ref}“ gibt es nicht. Geben Sie bei --base einen Zweig, ein Tag "
                          "oder einen Commit an, z. B. --base origin/main.") from None
    prefix = _git(content, "rev-parse", "--show-prefix").strip()
    listed = _git(content, "ls-tree", "-r", "--name-only", "--full-name", ref, "--", "offers/")
    names: dict[str, str] = {}
    for rel in listed.splitlines():
        if not rel.startswith(prefix + "offers/") or not rel.endswith(".md") or rel.count("/") != prefix.count("/") + 1:
            continue
        oid = rel.rsplit("/", 1)[1][:-3]
        names[oid] = _old_name(content, ref, rel)
    return names


def _old_name(content: Path, ref: str, rel: str) -> str:
    try:
        text = _git(content, "show", f"{ref}:{rel}")
    except ConfigError:
        return ""
    split, _ = split_front_matter(Source("offer", Path(rel), rel), text)
    if split is None:
        return ""
    doc, _ = yamlload.load(split.front, rel)
    name = doc.data.get("name") if doc is not None else None
    return str(name) if isinstance(name, str) else ""


def removed_offers(content: Path, ref: str, directory: Directory | None, current: set[str]) -> list[Problem]:
    """A warning for each offer id at ``ref`` that is neither a file now nor a former id of one.

    ``current``: the ids of today's offer files, valid or not (a broken file still has its address).
    """
    before = offer_names_at(content, ref)
    offers = list(directory.offers.values()) if directory is not None else []
    kept = current | {old for o in offers for old in o.former_ids}
    problems = []
    for oid, name in sorted(before.items()):
        if oid in kept:
            continue
        successor = next((o for o in offers if name and fold(o.name) == fold(name)), None)
        shown = f"„{name}“ " if name else ""
        old_path = shown_path(content / "offers" / f"{oid}.md")
        if successor is not None:
            problems.append(Problem(successor.source, 1, 1, "former_ids", f"Das Angebot {shown}hieß in {ref} "
                                    f"{old_path}; die Datei gibt es nicht mehr. Ist es dieses Angebot, tragen "
                                    f"Sie hier ein: former_ids: [{oid}]. Sonst führen gedruckte Links und "
                                    "Lesezeichen auf die alte Adresse ins Leere.", WARNING, KIND))
        else:
            problems.append(Problem(old_path, 0, 0, "", f"Das Angebot {shown}gibt es in {ref}, jetzt aber nicht "
                                    "mehr: seine Adresse führt ins Leere. Wurde die Datei umbenannt, tragen Sie "
                                    f"in der neuen ein: former_ids: [{oid}]. Wurde es beendet, ist "
                                    "„status: ended“ besser als Löschen.", WARNING, KIND))
    return problems
