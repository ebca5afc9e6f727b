"""When an offer takes place: its schedule blocks, the holidays and a moment in Europe/Berlin.

The rules are evaluated on wall-clock time in Berlin (a block "09:00–11:30" means those hours on
the local clock, whatever the DST offset). overrides/assets/schedule.js implements the same rules for
the finder; tests/test_schedule_browser.py holds the two together over a whole year.

A block takes place on a day when all of its conditions hold:
- the weekday is in ``days`` (or the day is one of ``dates``, which replace days and their filters),
- ``from`` ≤ day ≤ ``until``, the month is in ``months``,
- the day is the n-th weekday of its month for some n in ``weeks`` (-1 = the last),
- the week is a multiple of ``every_weeks`` weeks after the week of ``from`` (weeks start on Monday),
- school holidays: ``closed`` = not in them, ``only`` = only in them, ``open`` = either,
- public holidays: ``closed`` (the default) = not on one, ``open`` = either;
and with ``count``, only the first ``count`` such days from ``from`` on. Single ``dates`` are held
as written (the provider named the day), whatever the holidays. ``by_appointment`` blocks never make
an offer "open": nobody can just come by.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, NamedTuple
from zoneinfo import ZoneInfo

from . import ScheduleBlock

BERLIN = ZoneInfo("Europe/Berlin")
DAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
HORIZON_DAYS = 400  # how far "next date" looks ahead
COUNT_SEARCH_DAYS = 3 * 366  # how far a course with `count` sessions may stretch


@dataclass(frozen=True, eq=False)
class Calendar:
    """School holidays (staff file) and public holidays (computed) of the city's state."""
    state: str
    school: tuple[tuple[dt.date, dt.date, str], ...]  # (first day, last day, name), sorted
    public: dict[dt.date, str] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> "Calendar":
        return cls("", ())

    @classmethod
    def build(cls, state: str, school: Iterable[tuple[dt.date, dt.date, str]], years: Iterable[int]
              ) -> "Calendar":
        import holidays  # only the build needs it
        public = {day: name for day, name in
                  holidays.country_holidays("DE", subdiv=state, years=list(years), language="de").items()}
        return cls(state, tuple(sorted(school)), dict(sorted(public.items())))

    def school_holiday(self, day: dt.date) -> str:
        for first, last, name in self.school:
            if first <= day <= last:
                return name
        return ""

    def public_holiday(self, day: dt.date) -> str:
        return self.public.get(day, "")

    @property
    def known_until(self) -> dt.date | None:
        return self.school[-1][1] if self.school else None


class Occurrence(NamedTuple):
    day: dt.date
    opens: int  # minutes after midnight
    closes: int
    block: int  # index in the offer's schedule


@dataclass(frozen=True)
class Timetable:
    """An offer's blocks and the days it is published for."""
    blocks: tuple[ScheduleBlock, ...]
    first: dt.date | None = None  # valid_from
    last: dt.date | None = None  # valid_until
    paused: bool = False

    @classmethod
    def of(cls, offer) -> "Timetable":
        return cls(offer.schedule, offer.valid_from, offer.valid_until, offer.status == "paused")


def minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    value = int(h) * 60 + int(m)
    return 1440 if value == 0 and hhmm == "00:00" else value  # a block may close at midnight


def opens_minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def nth_in_month(day: dt.date) -> tuple[int, bool]:
    """(n, last): the n-th of its weekday in the month, and whether it is the last one."""
    return (day.day - 1) // 7 + 1, day.day + 7 > _cal.monthrange(day.year, day.month)[1]


def _base(block: ScheduleBlock, day: dt.date, cal: Calendar) -> bool:
    """Every condition but `count`."""
    if block.dates:
        return day in block.dates
    if DAYS[day.weekday()] not in block.days:
        return False
    if (block.start and day < block.start) or (block.until and day > block.until):
        return False
    if block.months and day.month not in block.months:
        return False
    if block.weeks:
        n, last = nth_in_month(day)
        if n not in block.weeks and not (last and -1 in block.weeks):
            return False
    if block.every_weeks and block.start:
        weeks = (day.toordinal() - day.weekday() - (block.start.toordinal() - block.start.weekday())) // 7
        if weeks % block.every_weeks:
            return False
    if block.holidays != "open":
        in_holidays = bool(cal.school_holiday(day))
        if in_holidays != (block.holidays == "only"):
            return False
    if block.public_holidays == "closed" and cal.public_holiday(day):
        return False
    return True


@lru_cache(maxsize=4096)
def _count_end(block: ScheduleBlock, cal: Calendar) -> dt.date | None:
    """The day of the last of a course's `count` sessions (None: fewer within the search span)."""
    day, seen = block.start, 0
    for _ in range(COUNT_SEARCH_DAYS):
        if _base(block, day, cal):
            seen += 1
            if seen == block.count:
                return day
        day += dt.timedelta(days=1)
    return None


def takes_place(block: ScheduleBlock, day: dt.date, cal: Calendar) -> bool:
    if not _base(block, day, cal):
        return False
    if block.count and block.start and not block.dates:
        end = _count_end(block, cal)
        return end is None or day <= end
    return True


def day_times(tt: Timetable, day: dt.date, cal: Calendar) -> list[Occurrence]:
    """The (drop-in) times on one day, sorted."""
    if tt.paused or (tt.first and day < tt.first) or (tt.last and day > tt.last):
        return []
    return sorted(Occurrence(day, opens_minutes(b.opens), minutes(b.closes), i)
                  for i, b in enumerate(tt.blocks)
                  if not b.by_appointment and b.opens and takes_place(b, day, cal))


def wall(moment: dt.datetime) -> tuple[dt.date, int]:
    """The Berlin calendar day and minute of a moment (naive moments are taken as Berlin time)."""
    local = moment.astimezone(BERLIN) if moment.tzinfo else moment
    return local.date(), local.hour * 60 + local.minute


def is_open(tt: Timetable, cal: Calendar, moment: dt.datetime) -> bool:
    day, minute = wall(moment)
    return any(o.opens <= minute < o.closes for o in day_times(tt, day, cal))


def upcoming(tt: Timetable, cal: Calendar, moment: dt.datetime, limit: int = 1,
             until: dt.date | None = None) -> list[Occurrence]:
    """The next occurrences that have not ended yet (a running one first), at most `limit`."""
    day, minute = wall(moment)
    last = until or day + dt.timedelta(days=HORIZON_DAYS)
    found: list[Occurrence] = []
    while day <= last and len(found) < limit:
        found += [o for o in day_times(tt, day, cal) if o.closes > minute][: limit - len(found)]
        day, minute = day + dt.timedelta(days=1), -1
    return found


def open_today(tt: Timetable, cal: Calendar, moment: dt.datetime) -> bool:
    """Something still to come (or running) today."""
    day, _ = wall(moment)
    return bool(upcoming(tt, cal, moment, 1, until=day))


def open_this_week(tt: Timetable, cal: Calendar, moment: dt.datetime) -> bool:
    """Something still to come (or running) from now until Sunday night."""
    day, _ = wall(moment)
    return bool(upcoming(tt, cal, moment, 1, until=day + dt.timedelta(days=6 - day.weekday())))


def never_occurs(block: ScheduleBlock, cal: Calendar, start: dt.date, days: int = 366) -> bool:
    """No day in [start, start + days) on which the block takes place."""
    return not any(takes_place(block, start + dt.timedelta(days=i), cal) for i in range(days))
