"""The calendar files' own serializer (data/ical.py) against icalendar: the same events give the
same bytes, for every demo offer and for texts made to break escaping and folding; and what it
writes reads back with icalendar as the values it was given. test_schedule.py expands the files
and compares the days with model/schedule.py."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import icalendar
import pytest

from schedule_cases import block, demo_calendar
from wegweiser.content.directory import load_directory
from wegweiser.data import ical

from conftest import ROOT

TODAY = dt.date(2026, 11, 22)
CAL = demo_calendar()


def reference(offer, cal, today) -> bytes | None:
    """The file as icalendar writes the same events (how data/ical.py wrote them before)."""
    events = ical.offer_events(offer, cal, today)
    if not events:
        return None
    stamp = dt.datetime.combine(today, dt.time(0, 0), dt.timezone.utc)
    ics = icalendar.Calendar()
    ics.add("prodid", "-//Wegweiser//Termine//DE")
    ics.add("version", "2.0")
    ics.add("x-wr-calname", offer.name)
    ics.add("x-wr-timezone", "Europe/Berlin")
    for e in events:
        event = icalendar.Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("summary", e.summary)
        if e.description:
            event.add("description", e.description)
        if e.location:
            event.add("location", e.location)
        event.add("dtstart", e.start)
        event.add("dtend", e.end)
        if e.rrule:
            event.add("rrule", icalendar.vRecur.from_ical(e.rrule))
        if e.exdates:
            event.add("exdate", list(e.exdates))
        if e.rdates:
            event.add("rdate", list(e.rdates))
        ics.add_component(event)
    ics.add_missing_timezones()
    return ics.to_ical()


def offer(name="Elterncafé", note="", place="Familienzentrum", **data):
    loc = SimpleNamespace(name=place, street="Bahnhofstraße 1", postal_code="45879", city="Gelsenkirchen")
    return SimpleNamespace(id="test-angebot", name=name, status="active", valid_from=None, valid_until=None,
                           locations=(loc,), schedule=(block({"opens": "09:00", "closes": "11:30",
                                                              "note": note, **data}),))


def test_every_demo_calendar_is_what_icalendar_writes():
    demo = load_directory(ROOT / "content", TODAY).directory
    written = 0
    for o in demo.published:
        assert ical.offer_calendar(o, demo.calendar, TODAY) == reference(o, demo.calendar, TODAY), o.id
        written += ical.offer_calendar(o, demo.calendar, TODAY) is not None
    assert written > 100


# Texts that need escaping, multi-byte characters on both sides of the 75-octet line limit (the
# name comes after "SUMMARY:", 8 octets), a backslash where a line would be cut, and a caret.
HOSTILE = [
    "Sprechstunde; Beratung, Hilfe \\ und \\N mehr",
    "a" * 65 + "äöü€😀" * 6,
    "b" * 66 + "€" * 30,
    "c" * 65 + "\\" + "d" * 20,
    "c" * 66 + "\\," + "d" * 80,
    "e" * 65 + "^^" + "f" * 80,
    "Über " * 40,
    "😀" * 50,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_texts_give_icalendars_bytes_and_read_back(text):
    o = offer(name=text[:120], note=text + "\nzweite Zeile\r\ndritte\rvierte", place=text,
              days=["mo", "mi"], holidays="closed")
    data = ical.offer_calendar(o, CAL, TODAY)
    assert data == reference(o, CAL, TODAY)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # never cut inside a character
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    read = text.replace("\\N", "\n")  # icalendar's escaping turns a written "\N" into a line break
    assert str(event["SUMMARY"]) == read[:120] and str(event["LOCATION"]).startswith(read + ", Bahnhof")
    assert str(event["DESCRIPTION"]) == read + "\nzweite Zeile\ndritte\nvierte"


@pytest.mark.parametrize("data", [
    {"days": ["mo", "di", "mi", "do", "fr"], "holidays": "closed", "public_holidays": "closed"},
    {"days": ["sa"], "every_weeks": 2, "from": "2026-11-28", "until": "2027-09-30", "holidays": "closed"},
    {"days": ["di"], "weeks": [2, -1], "months": [1, 3, 11, 12], "public_holidays": "open"},
    {"days": ["mo", "do"], "from": "2027-01-11", "count": 12},
    {"days": ["mo", "di", "mi", "do", "fr"], "holidays": "only"},
    {"dates": ["2026-12-24", "2027-01-02", "2027-02-14", "2026-11-01"]},
], ids=["weekdays", "every-2-weeks", "monthly", "course", "holidays-only", "dates"])
def test_rules_and_long_date_lists_give_icalendars_bytes(data):
    o = offer(**data)
    written = ical.offer_calendar(o, CAL, TODAY)
    assert written is not None and written == reference(o, CAL, TODAY)
    event = icalendar.Calendar.from_ical(written).walk("VEVENT")[0]
    if "holidays" in data and data["holidays"] == "closed" and "every_weeks" not in data:
        assert len(event["EXDATE"].dts) > 40  # the school holidays of a year, over many folded lines
    if data.get("holidays") == "only":
        assert len(event["RDATE"].dts) > 40


def test_fold_cuts_between_characters_and_keeps_escapes_whole():
    for line in ["x" * 74, "x" * 75, "x" * 300, "ä" * 37, "ä" * 38, "x" + "ä" * 40, "y" * 73 + "\\n" + "z" * 10]:
        folded = ical.fold(line)
        assert folded.replace("\r\n ", "") == line
        pieces = folded.split("\r\n ")
        assert all(len(p.encode()) <= 74 for p in pieces)
        assert all(not p.endswith("\\") for p in pieces[:-1])
    assert ical.fold("x" * 74) == "x" * 74 and ical.fold("x" * 75) == "x" * 74 + "\r\n x"
    assert ical.fold("y" * 73 + "\\n") == "y" * 73 + "\r\n \\n"
