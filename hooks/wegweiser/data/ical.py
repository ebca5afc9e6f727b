"""A calendar file per offer (angebote/<id>/termine.ics): RFC 5545, written with `icalendar`.

Each schedule block becomes one event in Europe/Berlin. A rule a calendar can repeat (weekly, every
n weeks, the n-th weekday of the month, in some months, until a day) is an RRULE, and the days it
skips for school or public holidays are EXDATEs, as far as the holidays are known. What an RRULE
cannot say (single dates, a course of n sessions, "only in the holidays") is the list of its days
(RDATE). tests/test_ical.py expands the files again and compares them with model/schedule.py.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import icalendar

from ..model import Directory, Offer, ScheduleBlock
from ..model.schedule import BERLIN, Calendar, Timetable, minutes, opens_minutes, takes_place

ICS_NAME = "termine.ics"
HORIZON_DAYS = 400
_BYDAY = dict(zip(("mo", "di", "mi", "do", "fr", "sa", "so"), ("MO", "TU", "WE", "TH", "FR", "SA", "SU")))


def ics_uri(offer: Offer) -> str:
    return f"angebote/{offer.id}/{ICS_NAME}"


def _at(day: dt.date, minute: int) -> dt.datetime:
    if minute >= 1440:  # closes at midnight: the start of the next day
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), BERLIN)
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), BERLIN)


def _days(block: ScheduleBlock, tt: Timetable, cal: Calendar, start: dt.date, end: dt.date) -> list[dt.date]:
    out, day = [], start
    while day <= end:
        if (not tt.last or day <= tt.last) and takes_place(block, day, cal):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _rrule(block: ScheduleBlock, until: dt.date | None) -> dict | None:
    """The block's rule without its holidays, or None when an RRULE cannot say it."""
    if block.dates or block.count or block.holidays == "only" or (block.weeks and block.every_weeks):
        return None
    rule: dict = {"wkst": "MO"}
    if block.weeks:
        rule["freq"] = "monthly"
        rule["byday"] = [f"{w}{_BYDAY[d]}" for w in sorted(block.weeks) for d in block.days]
    else:
        rule["freq"] = "weekly"
        rule["byday"] = [_BYDAY[d] for d in block.days]
        if block.every_weeks:
            rule["interval"] = block.every_weeks
    if block.months:
        rule["bymonth"] = sorted(block.months)
    if until:
        rule["until"] = dt.datetime.combine(until, dt.time(23, 59, 59), BERLIN).astimezone(dt.timezone.utc)
    return rule


def block_event(offer: Offer, i: int, block: ScheduleBlock, cal: Calendar, today: dt.date,
                stamp: dt.datetime) -> icalendar.Event | None:
    tt = Timetable.of(offer)
    start = max(d for d in (today, block.start, offer.valid_from) if d)
    ends = [d for d in (block.until, offer.valid_until) if d]
    until = min(ends) if ends else None
    horizon = min([start + dt.timedelta(days=HORIZON_DAYS)] + ends)
    held = _days(block, tt, cal, start, horizon)
    rule = _rrule(block, until)
    if rule is not None:
        free = dataclasses.replace(block, holidays="open", public_holidays="open")
        base = _days(free, tt, cal, start, horizon)
        if not base:
            return None
        held_days = set(held)
        first, skipped = base[0], [d for d in base if d not in held_days]
    else:
        if not held:
            return None
        first, skipped = held[0], []
    opens, closes = opens_minutes(block.opens), minutes(block.closes)
    event = icalendar.Event()
    event.add("uid", f"{offer.id}-{i + 1}@wegweiser")
    event.add("dtstamp", stamp)
    event.add("summary", offer.name)
    if block.note:
        event.add("description", block.note)
    if offer.locations:
        loc = offer.locations[0]
        event.add("location", f"{loc.name}, {loc.street}, {loc.postal_code} {loc.city}")
    event.add("dtstart", _at(first, opens))
    event.add("dtend", _at(first, closes))
    if rule is not None:
        event.add("rrule", rule)
        if skipped:
            event.add("exdate", [_at(d, opens) for d in skipped])
    elif len(held) > 1:
        event.add("rdate", [_at(d, opens) for d in held[1:]])
    return event


def offer_calendar(offer: Offer, cal: Calendar, today: dt.date) -> bytes | None:
    """The .ics of one offer, or None when it has no dates to put in a calendar."""
    if offer.status == "paused":
        return None
    stamp = dt.datetime.combine(today, dt.time(0, 0), dt.timezone.utc)
    events = [e for i, b in enumerate(offer.schedule)
              if not b.by_appointment and b.opens and (e := block_event(offer, i, b, cal, today, stamp))]
    if not events:
        return None
    ics = icalendar.Calendar()
    ics.add("prodid", "-//Wegweiser//Termine//DE")
    ics.add("version", "2.0")
    ics.add("x-wr-calname", offer.name)
    ics.add("x-wr-timezone", "Europe/Berlin")
    for event in events:
        ics.add_component(event)
    for n, tzid in enumerate(sorted(ics.get_missing_tzids())):
        ics.subcomponents.insert(n, _timezone(tzid))
    return ics.to_ical()


@functools.lru_cache(maxsize=None)
def _timezone(tzid: str) -> icalendar.Timezone:
    """The VTIMEZONE of a zone (what `add_missing_timezones` adds), made once: building its
    transitions from zoneinfo was 42 % of the calendar's time, the same for every file."""
    return icalendar.Timezone.from_tzid(tzid)


def extend(directory: Directory, settings, site) -> None:
    files = set()
    for offer in directory.published:
        data = offer_calendar(offer, directory.calendar, directory.today)
        if data is not None:
            with site.writer(ics_uri(offer)) as out:  # on disk as it is made (Site.spool)
                out.write(data)
            files.add(ics_uri(offer))
    site.template_globals["ics_href"] = lambda o: ics_uri(o) if ics_uri(o) in files else ""
