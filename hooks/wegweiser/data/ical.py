"""A calendar file per offer (angebote/<id>/termine.ics): RFC 5545.

Each schedule block becomes one event in Europe/Berlin. A rule a calendar can repeat (weekly, every
n weeks, the n-th weekday of the month, in some months, until a day) is an RRULE, and the days it
skips for school or public holidays are EXDATEs, as far as the holidays are known. What an RRULE
cannot say (single dates, a course of n sessions, "only in the holidays") is the list of its days
(RDATE). tests/test_schedule.py expands the files again and compares them with model/schedule.py.

The events are written as text here, the VTIMEZONE by `icalendar` (once per build): icalendar's
per-value serializer (a property object per date of an EXDATE list, folding char by char) was
two thirds of the calendar's time (docs/benchmarks.md). tests/test_ical.py holds the text to the
bytes icalendar writes for the same events.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from ..model import Directory, Offer, ScheduleBlock
from ..model.schedule import BERLIN, DAYS, Calendar, Timetable, minutes, opens_minutes, takes_place

ICS_NAME = "termine.ics"
HORIZON_DAYS = 400
TZID = "Europe/Berlin"
_BYDAY = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU")))


def ics_uri(offer: Offer) -> str:
    return f"angebote/{offer.id}/{ICS_NAME}"


def _at(day: dt.date, minute: int) -> dt.datetime:
    if minute >= 1440:  # closes at midnight: the start of the next day
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), BERLIN)
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), BERLIN)


def _candidates(block: ScheduleBlock, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days in [start, end] the block's weekdays or dates allow: the only ones `takes_place`
    can accept (it rejects any other weekday first), so the rules run on those alone."""
    if block.dates:
        return sorted({d for d in block.dates if start <= d <= end})
    out: list[dt.date] = []
    for weekday in {DAYS.index(d) for d in block.days}:
        day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
        while day <= end:
            out.append(day)
            day += dt.timedelta(days=7)
    return sorted(out)


def _days(block: ScheduleBlock, tt: Timetable, cal: Calendar, start: dt.date, end: dt.date,
          among: list[dt.date] | None = None) -> list[dt.date]:
    return [day for day in (_candidates(block, start, end) if among is None else among)
            if (not tt.last or day <= tt.last) and takes_place(block, day, cal)]


def _rrule(block: ScheduleBlock, until: dt.date | None) -> str | None:
    """The block's rule without its holidays (the order of parts icalendar writes), or None when an
    RRULE cannot say it."""
    if block.dates or block.count or block.holidays == "only" or (block.weeks and block.every_weeks):
        return None
    if block.weeks:
        parts = ["FREQ=MONTHLY"]
        byday = [f"{w}{_BYDAY[d]}" for w in sorted(block.weeks) for d in block.days]
    else:
        parts = ["FREQ=WEEKLY"]
        byday = [_BYDAY[d] for d in block.days]
    if until:
        parts.append("UNTIL=" + _utc(dt.datetime.combine(until, dt.time(23, 59, 59), BERLIN)))
    if block.every_weeks and not block.weeks:
        parts.append(f"INTERVAL={block.every_weeks}")
    parts.append("BYDAY=" + ",".join(byday))
    if block.months:
        parts.append("BYMONTH=" + ",".join(str(m) for m in sorted(block.months)))
    parts.append("WKST=MO")
    return ";".join(parts)


@dataclasses.dataclass(frozen=True)
class EventParts:
    """What one event says; `event_lines` writes it (and the tests give it to icalendar)."""
    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    rrule: str | None = None
    exdates: tuple[dt.datetime, ...] = ()
    rdates: tuple[dt.datetime, ...] = ()
    description: str = ""
    location: str = ""


def block_event(offer: Offer, i: int, block: ScheduleBlock, cal: Calendar, today: dt.date) -> EventParts | None:
    tt = Timetable.of(offer)
    start = max(d for d in (today, block.start, offer.valid_from) if d)
    ends = [d for d in (block.until, offer.valid_until) if d]
    until = min(ends) if ends else None
    horizon = min([start + dt.timedelta(days=HORIZON_DAYS)] + ends)
    rule = _rrule(block, until)
    skipped: list[dt.date] = []
    if rule is not None:
        free = dataclasses.replace(block, holidays="open", public_holidays="open")
        base = _days(free, tt, cal, start, horizon)
        # an RRULE block has no `count`, so it takes place on exactly those days of `base` that
        # its holidays leave
        held = base if free == block else _days(block, tt, cal, start, horizon, among=base)
        if not base:
            return None
        held_days = set(held)
        first, skipped = base[0], [d for d in base if d not in held_days]
    else:
        held = _days(block, tt, cal, start, horizon)
        if not held:
            return None
        first = held[0]
    opens, closes = opens_minutes(block.opens), minutes(block.closes)
    loc = offer.locations[0] if offer.locations else None
    return EventParts(
        uid=f"{offer.id}-{i + 1}@wegweiser", summary=offer.name,
        start=_at(first, opens), end=_at(first, closes), rrule=rule,
        exdates=tuple(_at(d, opens) for d in skipped),
        rdates=tuple(_at(d, opens) for d in held[1:]) if rule is None else (),
        description=block.note,
        location=f"{loc.name}, {loc.street}, {loc.postal_code} {loc.city}" if loc else "")


def text(value: str) -> str:
    """RFC 5545 TEXT escaping, the replacements of icalendar's vText in its order."""
    return (value.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


def fold(line: str) -> str:
    """RFC 5545 folding as icalendar does it: pieces of at most 74 octets, never inside a UTF-8
    character, and a piece ending in a backslash or caret gives it to the next (no escape is split)."""
    if len(line) < 75 and (line.isascii() or len(line.encode()) < 75):
        return line
    pieces, start, size = [], 0, 0
    if line.isascii():  # EXDATE lists: cut by slicing
        while len(line) - start > 74:
            cut = start + 74
            if line[cut - 1] in "\\^" and cut - 1 > start:
                cut -= 1
            pieces.append(line[start:cut])
            start = cut
        pieces.append(line[start:])
        return "\r\n ".join(pieces)
    current: list[str] = []
    for char in line:
        width = len(char.encode())
        if current and size + width >= 75:
            if len(current) > 1 and current[-1] in "\\^":
                carry = current.pop()
                pieces.append("".join(current))
                current, size = [carry], len(carry.encode())
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _local(moment: dt.datetime) -> str:
    return f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def _utc(moment: dt.datetime) -> str:
    return _local(moment.astimezone(dt.timezone.utc)) + "Z"


def event_lines(event: EventParts, stamp: dt.datetime) -> list[str]:
    """The content lines of one VEVENT, unfolded, properties in icalendar's order."""
    lines = ["BEGIN:VEVENT", "SUMMARY:" + text(event.summary), f"DTSTART;TZID={TZID}:{_local(event.start)}",
             f"DTEND;TZID={TZID}:{_local(event.end)}", "DTSTAMP:" + _utc(stamp), "UID:" + text(event.uid)]
    if event.rrule:
        lines.append("RRULE:" + event.rrule)
    for name, dates in (("RDATE", event.rdates), ("EXDATE", event.exdates)):
        if dates:
            lines.append(f"{name};TZID={TZID}:" + ",".join(_local(d) for d in dates))
    if event.description:
        lines.append("DESCRIPTION:" + text(event.description))
    if event.location:
        lines.append("LOCATION:" + text(event.location))
    lines.append("END:VEVENT")
    return lines


def offer_events(offer: Offer, cal: Calendar, today: dt.date) -> list[EventParts]:
    if offer.status == "paused":
        return []
    return [e for i, b in enumerate(offer.schedule)
            if not b.by_appointment and b.opens and (e := block_event(offer, i, b, cal, today))]


def offer_calendar(offer: Offer, cal: Calendar, today: dt.date) -> bytes | None:
    """The .ics of one offer, or None when it has no dates to put in a calendar."""
    events = offer_events(offer, cal, today)
    if not events:
        return None
    stamp = dt.datetime.combine(today, dt.time(0, 0), dt.timezone.utc)
    # X-WR-CALNAME is not a property icalendar knows: it writes the value as it is, unescaped
    # (the schema keeps a name on one line)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Wegweiser//Termine//DE",
             "X-WR-CALNAME:" + offer.name, f"X-WR-TIMEZONE:{TZID}"]
    body = [line for event in events for line in event_lines(event, stamp)] + ["END:VCALENDAR"]
    return ("\r\n".join(map(fold, lines)).encode() + b"\r\n" + _timezone(TZID)
            + "\r\n".join(map(fold, body)).encode() + b"\r\n")


@functools.lru_cache(maxsize=None)
def _timezone(tzid: str) -> bytes:
    """The VTIMEZONE of a zone as icalendar writes it (`add_missing_timezones`), made once:
    building its transitions from zoneinfo was 42 % of the calendar's time, the same for every file."""
    import icalendar
    return icalendar.Timezone.from_tzid(tzid).to_ical()


def extend(directory: Directory, settings, site) -> None:
    # `mkdocs serve` rebuilds: a file is made again only when its inputs differ from last time (the
    # offer, equal in every field, the holidays and today); kept is offer id -> (inputs, bytes)
    kept = site.reuse.get("ical", {}) if site.reuse is not None else None
    cal = directory.calendar
    holidays = (cal.state, cal.school, tuple(cal.public.items()))
    files, fresh = set(), {}
    for offer in directory.published:
        inputs = (offer, holidays, directory.today)
        old = kept.get(offer.id) if kept else None
        data = old[1] if old is not None and old[0] == inputs else offer_calendar(offer, cal, directory.today)
        if kept is not None:
            fresh[offer.id] = (inputs, data)
        if data is not None:
            with site.writer(ics_uri(offer)) as out:  # on disk as it is made (Site.spool)
                out.write(data)
            files.add(ics_uri(offer))
    if kept is not None:
        site.reuse["ical"] = fresh
    site.template_globals["ics_href"] = lambda o: ics_uri(o) if ics_uri(o) in files else ""
