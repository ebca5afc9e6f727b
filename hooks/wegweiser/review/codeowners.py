"""CODEOWNERS for GitHub (.github/CODEOWNERS) and GitLab (.gitlab/CODEOWNERS), from the content.

Staff own everything; an offer file whose provider lists ``maintainers`` is owned by them and by
staff, so a provider's pull request on their own offers asks them (and staff) for review. On both
hosts the last matching line wins, so the catch-all comes first. The user names are checked by the
schema (letters, digits, ``- _ .``), so no content can add a line or an owner of its own.
"""
from __future__ import annotations

from ..model import ConfigError, Directory

FILES = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS"}
# What only staff may change, listed for the reader; the catch-all already covers it.
STAFF_PATHS = ("/hooks/", "/overrides/", "/pages/", "/mkdocs.yml", "/content/vocabulary.yml",
               "/content/districts/", "/.github/", "/.gitlab/", "/.gitlab-ci.yml")


def owner(name: str) -> str:
    return "@" + name.removeprefix("@")


def staff_owners(value) -> tuple[str, ...]:
    """``extra.wegweiser.staff``: accounts or teams (``org/team``) that own the whole repository."""
    names = [value] if isinstance(value, str) else value
    if not names or not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ConfigError("extra.wegweiser.staff fehlt in mkdocs.yml: tragen Sie dort die Konten oder Teams "
                          "der Koordination ein, die alles prüfen, z. B. staff: [STADT/koordination].")
    bad = [n for n in names if any(ch.isspace() or ch == "#" for ch in n)]
    if bad:
        raise ConfigError(f"extra.wegweiser.staff: „{bad[0]}“ ist kein Konto- oder Teamname "
                          "(keine Leerzeichen, kein #).")
    return tuple(owner(n.strip()) for n in names)


def render(directory: Directory, staff: tuple[str, ...]) -> str:
    """The same text serves both hosts. Offer file names are ids (a-z, 0-9, -: content/files.py), so a
    path never carries pattern syntax."""
    team = " ".join(staff)
    lines = [
        "# Erzeugt von „wegweiser codeowners“ aus content/ und extra.wegweiser.staff – nicht von Hand ändern.",
        "# Die letzte passende Zeile gilt: zuerst alles für die Koordination, dann die Angebote mit",
        "# eigenen Prüferinnen und Prüfern beim Träger (provider.maintainers).",
        f"* {team}",
        *(f"{path} {team}" for path in STAFF_PATHS),
    ]
    owned = sorted((o for o in directory.offers.values() if o.maintainers), key=lambda o: o.source)
    if owned:
        lines.append("")
    for o in owned:
        people = " ".join(dict.fromkeys(owner(m) for m in o.maintainers))
        lines.append(f"/{o.source} {people} {team}")
    return "\n".join(lines) + "\n"

