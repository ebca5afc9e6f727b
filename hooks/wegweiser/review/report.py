"""The quality report (site/planning.py) as Markdown: the body of the weekly issue "Einträge prüfen".

GitHub and GitLab render Markdown with mentions and references: an "@name" in an offer's text would
notify that person, so provider text is escaped and every "@" is followed by a word joiner.
"""
from __future__ import annotations

import re

from ..model import Directory
from ..site.planning import QUALITY_URL, ReportGroup, ReportRow, quality_report
from .config import ReviewConfig

ISSUE_TITLE = "Einträge prüfen"
# The reminder lists what makes offers vanish or go out of date; the rest is on the staff page.
REMINDER_GROUPS = ("expired", "expiring", "stale")
MAX_ROWS = 200  # per group: an issue body holds 65,536 characters
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def text(value: str) -> str:
    return _SPECIAL.sub(r"\\\1", value).replace("@", "@\u2060").replace("\n", " ")


def link(label: str, url: str) -> str:
    return f"[{text(label)}](<{url}>)" if url else text(label)


def _row(row: ReportRow, config: ReviewConfig) -> str:
    when = row.date.strftime("%d.%m.%Y") if row.date else ""
    page = link(row.title, config.page_url(row.url) if row.url else "")
    edit = config.edit_url(row.path)
    file = f"[`{row.path}`](<{edit}>)" if edit else f"`{row.path}`"
    return f"| {page} | {text(row.provider)} | {file} | {when} | {text(row.message)} |"


def group_markdown(group: ReportGroup, config: ReviewConfig, max_rows: int = MAX_ROWS) -> list[str]:
    out = [f"## {text(group.title)} ({len(group.rows)})", "", text(group.advice), ""]
    if not group.rows:
        return out + ["Keine.", ""]
    out += ["| Angebot | Träger | Datei | Datum | Hinweis |", "|---|---|---|---|---|"]
    out += [_row(r, config) for r in group.rows[:max_rows]]
    if len(group.rows) > max_rows:
        out.append(f"\n… und {len(group.rows) - max_rows} weitere: vollständig im "
                   f"[Qualitätsbericht](<{config.page_url(QUALITY_URL)}>).")
    return out + [""]


def markdown(directory: Directory, config: ReviewConfig, kinds: tuple[str, ...] | None = None,
             max_rows: int = MAX_ROWS) -> str:
    groups = [g for g in quality_report(directory) if kinds is None or g.kind in kinds]
    total = sum(len(g.rows) for g in groups)
    lines = [f"Stand: {directory.today.strftime('%d.%m.%Y')}. {total} Einträge brauchen Aufmerksamkeit. "
             "Diese Liste erneuert sich jede Woche von selbst; erledigte Einträge verschwinden dann.", "",
             f"Der vollständige Bericht: [Qualitätsbericht](<{config.page_url(QUALITY_URL)}>)", ""]
    for g in groups:
        lines += group_markdown(g, config, max_rows)
    return "\n".join(lines).rstrip() + "\n"
