"""Checks of the times: content/holidays.yml, and the schedule blocks of an offer beyond the schema.

Each check yields problems. A block must be able to take place, and a note that reads like a rule
the fields could say ("jeden zweiten", "nicht in den Schulferien") is pointed out: only a rule the
finder can read keeps "jetzt geöffnet" honest.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..model import ScheduleBlock
from ..model.schedule import Calendar, never_occurs
from .problems import WARNING, Problem
from .rules import Parsed, _date

RUNS_OUT_DAYS = 60

MONTHS = "januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
# Phrases in a note, and the field that would say the same; the field set means the note only explains.
NOTE_RULES = (
    (re.compile(r"\b(jeden|jede|jedem|am)\s+(ersten|zweiten|dritten|vierten|fünften|letzten|1\.|2\.|3\.|4\.)",
                re.I), ("weeks", "every_weeks"), "weeks: [2, 4] (2. und 4. im Monat, -1 = der letzte) oder every_weeks: 2"),
    (re.compile(r"\b(alle|jede)\s+(zwei|drei|vier|2|3|4|zweite|dritte|vierte)\s+wochen?\b|\b(gerade|ungerade)n?\s+wochen",
                re.I), ("every_weeks",), "every_weeks: 2 mit from: (erste Woche)"),
    (re.compile(r"\beinmal im monat\b", re.I), ("weeks", "dates"), "weeks: [1] oder dates: [...]"),
    (re.compile(r"\b(in|während|außerhalb)\s+der?n?\s+\w*ferien|ferien\s+geschlossen|\bschulzeit\b", re.I), ("holidays",), "holidays: closed (nicht in den Schulferien) oder only"),
    (re.compile(rf"\b(von|ab|bis)\s+({MONTHS})\b", re.I), ("months", "from", "until", "dates"),
     "months: [...] oder from:/until:"),
    (re.compile(r"nach vereinbarung", re.I), ("by_appointment",), "by_appointment: true"),
)


def holidays_rules(p: Parsed, today: dt.date) -> Iterator[Problem]:
    ranges = []
    for i, item in enumerate(p.data.get("school_holidays") or []):
        first, last = _date(item.get("from")), _date(item.get("until"))
        if first is None or last is None:
            continue
        if first > last:
            yield p.problem(("school_holidays", i, "until"), f"Der letzte Ferientag ({last.isoformat()}) "
                            f"liegt vor dem ersten ({first.isoformat()}). Vertauscht?")
            continue
        if (last - first).days > 80:
            yield p.problem(("school_holidays", i, "until"), f"{(last - first).days + 1} Ferientage am Stück "
                            "sind mehr als alle Ferien eines Jahres. Stimmt das Jahr?")
            continue
        ranges.append((first, last, i))
    ranges.sort()
    for (f1, l1, i1), (f2, l2, i2) in zip(ranges, ranges[1:]):
        if f2 <= l1:
            yield p.problem(("school_holidays", i2, "from"), f"Diese Ferien ({f2.isoformat()} bis "
                            f"{l2.isoformat()}) überschneiden sich mit Eintrag {i1 + 1} ({f1.isoformat()} bis "
                            f"{l1.isoformat()}).")
    if not ranges:
        return
    first, last = ranges[0][0], max(r[1] for r in ranges)
    if today > last:  # every "nicht in den Schulferien" would be a guess from here on
        yield p.problem(("school_holidays",), f"Die Schulferien reichen nur bis {last.isoformat()}, heute ist "
                        f"{today.isoformat()}. Tragen Sie die Ferien des laufenden Schuljahres ein (amtliche "
                        "Liste des Schulministeriums).")
    elif (last - today).days <= RUNS_OUT_DAYS:
        yield p.problem(("school_holidays",), f"Die Liste der Schulferien endet am {last.isoformat()}, in "
                        f"{(last - today).days} Tagen. Tragen Sie die Ferien des nächsten Schuljahres ein.",
                        WARNING, kind="holidays-ending")


def calendar_of(p: Parsed, today: dt.date) -> Calendar:
    school = [(_date(h["from"]), _date(h["until"]), h["name"]) for h in p.data["school_holidays"]]
    return Calendar.build(p.data["state"], school, range(today.year - 1, today.year + 3))


def schedule_rules(p: Parsed, cal: Calendar | None, today: dt.date) -> Iterator[Problem]:
    """``cal`` is None when there is no (valid) holidays.yml."""
    blocks = p.data.get("schedule") or []
    for i, raw in enumerate(blocks):
        if not isinstance(raw, dict):
            continue
        at = ("schedule", i)
        b = ScheduleBlock.from_data(raw)
        if raw.get("dates"):
            mixed = [k for k in ("days", "weeks", "every_weeks", "months", "count", "from", "until")
                     if k in raw]
            if mixed:
                yield p.problem(at + (mixed[0],), f"„dates“ nennt die Termine selbst; „{mixed[0]}“ wird darum "
                                "nicht beachtet. Löschen Sie eines von beiden (oder schreiben Sie zwei Zeitblöcke).",
                                WARNING, kind="schedule-mixed")
                continue
        elif not b.days and not b.by_appointment:
            yield p.problem(at, "Es fehlen die Wochentage (days: [mo, di, …]) oder einzelne Termine "
                            "(dates: [JJJJ-MM-TT, …]).")
            continue
        for key in ("every_weeks", "count"):
            if raw.get(key) is not None and not b.start:
                yield p.problem(at + (key,), f"„{key}“ braucht einen Anfang: Tragen Sie „from:“ mit dem "
                                "ersten Termin ein (JJJJ-MM-TT).")
        if b.start and b.until and b.start > b.until:
            yield p.problem(at + ("until",), f"Das Ende ({b.until.isoformat()}) liegt vor dem Anfang "
                            f"({b.start.isoformat()}).")
            continue
        if b.holidays != "open" and cal is None:
            yield p.problem(at + ("holidays",), "Für „holidays“ braucht es die Schulferien in "
                            "content/holidays.yml; die Datei fehlt oder ist fehlerhaft.")
            continue
        if b.by_appointment and not b.days and not b.dates:
            pass
        elif b.dates and all(d < today for d in b.dates):
            yield p.problem(at + ("dates",), "Alle Termine liegen in der Vergangenheit. Tragen Sie die neuen "
                            "Termine ein oder löschen Sie den Zeitblock.", WARNING, kind="schedule-never")
        elif not b.dates and never_occurs(b, cal or Calendar.empty(), max(today, b.start or today)):
            yield p.problem(at, "Diesen Zeitblock gibt es in den nächsten zwölf Monaten an keinem Tag "
                            "(prüfen Sie days, weeks, months, from/until und holidays).", WARNING,
                            kind="schedule-never")
    yield from _note_rules(p, blocks)


def _note_rules(p: Parsed, blocks: list) -> Iterator[Problem]:
    """A block's note is measured against its own fields, the offer's note against all blocks'."""
    everywhere = {k for b in blocks if isinstance(b, dict) for k in b}
    notes = [(("schedule", i, "note"), b.get("note"), set(b)) for i, b in enumerate(blocks) if isinstance(b, dict)]
    notes.append((("schedule_note",), p.data.get("schedule_note"), everywhere))
    for path, note, said in notes:
        if not isinstance(note, str):
            continue
        for pattern, fields, hint in NOTE_RULES:
            found = pattern.search(note)
            if found and not said & set(fields):
                yield p.problem(path, f"Der Hinweis „{note}“ klingt nach einer Regel („{found.group(0)}“). "
                                f"Schreiben Sie sie als Feld, dann stimmt „jetzt geöffnet“: {hint}.",
                                WARNING, kind="schedule-note")
                break
