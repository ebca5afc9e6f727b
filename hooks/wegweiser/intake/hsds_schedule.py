"""An HSDS 3.0 schedule object read back into a schedule block (the inverse of data/hsds_schedule.py).

The columns carry what iCalendar can say: the weekdays, the n-th weekdays of the month, every n
weeks, the start, the end, the number of sessions, the times. What HSDS cannot say (months, school
and public holidays, "nach Vereinbarung", a course's single dates, the block's own note) Wegweiser's
export writes into `description`, in the words of site/when.py. Those words are taken only when
the block read from them says exactly that description again; a description as any other system
writes it stays the block's note. Nothing is guessed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ..model import ScheduleBlock
from ..site.when import MONTHS, block_text
from .sources import cell_text as _text

_DAYS = {"MO": "mo", "TU": "di", "WE": "mi", "TH": "do", "FR": "fr", "SA": "sa", "SU": "so"}
_BYDAY = re.compile(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)")
_TIME = re.compile(r"([01][0-9]|2[0-4]):[0-5][0-9]")
_DATE = re.compile(r"\b([0-3][0-9])\.([01][0-9])\.([0-9]{4})\b")
_MONTH = "(" + "|".join(MONTHS) + ")"
_SEASON = re.compile(_MONTH + " bis " + _MONTH)
_IN_MONTHS = re.compile(r"\bim (" + _MONTH + r"(?:, " + _MONTH + r")*(?: und " + _MONTH + r")?)")
_WORDS = {"nicht in den Schulferien": ("holidays", "closed"), "nur in den Schulferien": ("holidays", "only"),
          "auch an Feiertagen": ("public_holidays", "open"), "nach Vereinbarung": ("by_appointment", True)}
NOTE_MAX = 120  # the schema's limit for a block's note


def read_schedule(sch: dict) -> dict | None:
    """The block of one HSDS schedule as an offer file writes it; None when it says no time a block
    can hold (then its description belongs in the offer's schedule note)."""
    base = _from_columns(sch)
    if base is None:
        return None
    description = _text(sch.get("description")).strip()
    if description:
        ours = _with_words(base, description)
        if ours is not None:
            return ours.as_data()
        if not (base.days and base.opens) or len(description) > NOTE_MAX:
            return None
        base = dataclasses.replace(base, note=description)
    return base.as_data() if base.days and base.opens else None


def _from_columns(sch: dict) -> ScheduleBlock | None:
    freq = _text(sch.get("freq")).upper()
    items = [_BYDAY.fullmatch(part.strip().upper()) for part in _text(sch.get("byday")).split(",") if part.strip()]
    if None in items:
        return None
    opens, closes = _text(sch.get("opens_at"))[:5], _text(sch.get("closes_at"))[:5]
    if bool(opens) != bool(closes) or (opens and not (_TIME.fullmatch(opens) and _TIME.fullmatch(closes))):
        return None
    interval = _int(sch.get("interval"))
    start, until, count = _date(sch.get("dtstart")), _date(sch.get("until")), _int(sch.get("count"))
    days, weeks = [], []
    if freq == "MONTHLY":
        by_day: dict[str, set[int]] = {}
        for m in items:
            if not m.group(1):
                return None
            by_day.setdefault(_DAYS[m.group(2)], set()).add(int(m.group(1)))
        if len({frozenset(w) for w in by_day.values()}) != 1 or interval not in (None, 1):
            return None  # other weeks per day, or every other month: not one block
        days, weeks = list(by_day), sorted(next(iter(by_day.values())), key=lambda w: (w < 0, w))
    elif freq in ("", "WEEKLY"):
        if any(m.group(1) for m in items) or (interval not in (None, 1) and not start):
            return None
        days = list(dict.fromkeys(_DAYS[m.group(2)] for m in items))
    else:
        return None
    order = list(_DAYS.values())
    return ScheduleBlock(days=tuple(sorted(days, key=order.index)), opens=opens, closes=closes,
                         weeks=tuple(weeks), every_weeks=interval if interval and interval > 1 else None,
                         start=start if days else None, until=until if days else None,
                         count=count if days else None)


def _with_words(base: ScheduleBlock, description: str) -> ScheduleBlock | None:
    """``base`` with what the description says beyond the columns, if it then reads the same."""
    tries = [(description, "")]
    if description.endswith(")"):  # block_text writes " (note)"; a note may hold brackets itself
        tries += [(description[:i], description[i + 2:-1]) for i in range(len(description))
                  if description.startswith(" (", i)]
    for words, note in tries:
        found: dict = {key: value for phrase, (key, value) in _WORDS.items() if phrase in words}
        season = _SEASON.search(words)
        named = _IN_MONTHS.search(words)
        if season:
            a, b = (MONTHS.index(x) + 1 for x in season.groups())
            found["months"] = tuple(range(a, b + 1)) if a <= b else tuple(range(a, 13)) + tuple(range(1, b + 1))
        elif named:
            found["months"] = tuple(MONTHS.index(x) + 1 for x in re.findall(_MONTH, named.group(1)))
        if not base.days:
            found["dates"] = tuple(dt.date(int(y), int(mo), int(d)) for d, mo, y in _DATE.findall(words))
        block = dataclasses.replace(base, note=note, **found)
        if block_text(block) == description:
            return block
    return None


def _int(value) -> int | None:
    text = _text(value).strip()
    return int(text) if text.isdigit() else None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(_text(value).strip()[:10])
    except ValueError:
        return None
