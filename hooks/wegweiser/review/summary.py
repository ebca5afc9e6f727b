"""The reviewer's summary of a pull request in German Markdown (GitHub's job summary, a GitLab note).

It answers what a reviewer asks first: does it pass, which offers does it add, change, rename or
remove, and what is wrong in the files it touches. Problems elsewhere are only counted, so old
warnings do not bury the new ones.
"""
from __future__ import annotations

from ..content.problems import Problem, plural, summary as count_line
from ..model import Directory
from ..site.pages import offer_url
from .changes import Change, offer_changes, scope_message, scope_violation
from .report import text

STATUS = {"A": "neu", "M": "geändert", "R": "umbenannt", "D": "entfernt"}
MAX_PROBLEMS = 200


def _offer_row(change: Change, directory: Directory | None) -> str:
    offers = {o.source: o for o in (directory.offers.values() if directory else ())}
    offer = offers.get(change.path) if change.status != "D" else None
    name = text(offer.name) if offer else "–"
    where = f"`{change.old_path}` → `{change.path}`" if change.status == "R" else f"`{change.path}`"
    shown = directory is not None and offer is not None and offer in directory.published
    page = f"`{offer_url(offer)}`" if shown else ("nicht veröffentlicht" if offer else "–")
    return f"| {STATUS.get(change.status, change.status)} | {name} | {where} | {page} |"


def _problem_row(p: Problem) -> str:
    kind = "Fehler" if p.is_error else "Warnung"
    return f"| {kind} | `{p.path}:{max(p.line, 1)}` | {text(p.field) or '–'} | {text(p.message)} |"


def markdown(problems: list[Problem], files: int, directory: Directory | None, changes: list[Change],
             content_dir: str = "content") -> str:
    errors = sum(p.is_error for p in problems)
    verdict = "❌ Die Prüfung ist fehlgeschlagen" if errors else "✅ Die Prüfung ist bestanden"
    lines = ["## Wegweiser-Prüfung", "", f"**{verdict}:** {count_line(problems, files)}.", ""]

    violation = scope_violation(changes, content_dir)
    if violation:
        lines += ["> [!CAUTION]", "> " + scope_message(*violation).split("\n", 1)[0], ""]

    offers = offer_changes(changes, content_dir)
    lines += [f"### Geänderte Angebote ({len(offers)})", ""]
    if offers:
        lines += ["| | Angebot | Datei | Seite in der Vorschau |", "|---|---|---|---|"]
        lines += [_offer_row(c, directory) for c in offers]
    else:
        lines.append("Dieser Pull-Request ändert keine Angebotsdatei.")
    lines.append("")

    touched = {c.path for c in changes}
    here = sorted((p for p in problems if p.path in touched), key=lambda p: (not p.is_error, p))
    elsewhere = len(problems) - len(here)
    lines += [f"### Probleme in den geänderten Dateien ({len(here)})", ""]
    if here:
        lines += ["| | Stelle | Feld | Meldung |", "|---|---|---|---|"]
        lines += [_problem_row(p) for p in here[:MAX_PROBLEMS]]
        if len(here) > MAX_PROBLEMS:
            lines.append(f"\n… und {len(here) - MAX_PROBLEMS} weitere (alle stehen im Protokoll des Laufs).")
    else:
        lines.append("Keine.")
    if elsewhere:
        lines += ["", f"Dazu kommen {plural(elsewhere, 'Hinweis', 'Hinweise')} in Dateien, die dieser Pull-Request nicht ändert "
                  "(siehe Qualitätsbericht)."]
    lines += ["", "### Vorschau", "",
              "Die gebaute Seite hängt als Artefakt **Vorschau** an diesem Lauf (sofern der Bau gelang). "
              "Herunterladen, entpacken und im entpackten Ordner `python3 -m http.server` starten, dann "
              "http://127.0.0.1:8000/ öffnen; die geänderten Angebote stehen unter den Pfaden oben.", ""]
    return "\n".join(lines)
