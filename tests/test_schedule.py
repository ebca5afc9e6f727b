"""The schedule rules in Python: the table of rules × moments, the demo's Löwenzahn case, the checks
of blocks and of content/holidays.yml, and the calendar files."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from dateutil import rrule

from schedule_cases import CASES, block, demo_calendar
from wegweiser.content.directory import load_directory
from wegweiser.data import ical
from wegweiser.model.schedule import BERLIN, Timetable, is_open, open_this_week, open_today, upcoming
from wegweiser.site import when

from conftest import ROOT

CAL = demo_calendar()


def answers(data: dict, moment: dt.datetime):
    tt = Timetable((block(data),))
    nxt = upcoming(tt, CAL, moment)
    return (is_open(tt, CAL, moment), open_today(tt, CAL, moment), open_this_week(tt, CAL, moment),
            (nxt[0].day.isoformat(), f"{nxt[0].opens // 60:02d}:{nxt[0].opens % 60:02d}") if nxt else None)


@pytest.mark.parametrize("name,data,moment,is_open_,today,week,nxt", CASES, ids=[c[0] for c in CASES])
def test_rules_at_moments(name, data, moment, is_open_, today, week, nxt):
    assert answers(data, moment) == (is_open_, today, week, nxt)


def test_the_calendar_knows_nrw():
    assert CAL.public_holiday(dt.date(2027, 5, 27)) == "Fronleichnam"  # NW, not every state
    assert CAL.public_holiday(dt.date(2026, 12, 24)) == ""
    assert CAL.school_holiday(dt.date(2026, 12, 23)) == "Weihnachtsferien 2026/27"
    assert CAL.school_holiday(dt.date(2027, 1, 7)) == ""


@pytest.fixture(scope="module")
def demo():
    result = load_directory(ROOT / "content", dt.date(2026, 11, 22))
    assert result.ok
    return result.directory


def test_loewenzahn_is_not_open_on_the_first_tuesday(demo):
    offer = demo.offers["erziehungsberatung-sprechstunde-buer"]
    tt = Timetable.of(offer)
    assert not is_open(tt, demo.calendar, dt.datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN))
    assert is_open(tt, demo.calendar, dt.datetime(2026, 12, 8, 10, 0, tzinfo=BERLIN))
    assert when.schedule_summary(offer) == "2. und 4. Dienstag im Monat, 9–11:30 Uhr"
    dates = when.next_dates(offer, demo.calendar, dt.date(2026, 12, 1))
    assert [when.occurrence_text(o) for o in dates[:3]] == [
        "Dienstag, 08.12.2026, 9–11:30 Uhr", "Dienstag, 22.12.2026, 9–11:30 Uhr", "Dienstag, 12.01.2027, 9–11:30 Uhr"]


def test_rules_in_words():
    words = lambda data: when.block_text(block(data))
    assert words({"days": ["mo", "di", "mi", "do", "fr"], "opens": "08:30", "closes": "17:00", "holidays": "closed"}) \
        == "Mo–Fr, 8:30–17 Uhr, nicht in den Schulferien"
    assert words({"days": ["sa"], "opens": "10:00", "closes": "12:00", "weeks": [-1]}) == \
        "letzter Samstag im Monat, 10–12 Uhr"
    assert words({"days": ["do"], "opens": "15:00", "closes": "17:00", "every_weeks": 2, "from": "2026-09-03"}) == \
        "Do, 15–17 Uhr, alle 2 Wochen, ab 03.09.2026"
    assert words({"days": ["mi"], "opens": "15:00", "closes": "18:00", "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]}) \
        == "Mi, 15–18 Uhr, September bis Juni"
    assert words({"days": ["di"], "opens": "15:00", "closes": "17:30", "from": "2027-03-02", "count": 4}) == \
        "Di, 15–17:30 Uhr, 4 Termine ab 02.03.2027"
    assert words({"by_appointment": True, "note": "Hausbesuch"}) == "nach Vereinbarung (Hausbesuch)"


# --- checks -----------------------------------------------------------------------------------

def problems_of(tree, text: str):
    tree.replace("offers/jugendtreff-nord.md", "schedule:\n", "schedule:\n" + text)
    result = load_directory(tree.path, dt.date(2026, 11, 22))
    return [p for p in result.problems if p.path.endswith("jugendtreff-nord.md") and p.field.startswith("schedule")]


def write_holidays(tree, body: str = ""):
    tree.write("holidays.yml", "state: NW\nsource: https://www.schulministerium.nrw/ferienordnung\n"
               "school_holidays:\n" + (body or "  - {name: Weihnachtsferien, from: 2026-12-23, until: 2027-01-06}\n"
                                       "  - {name: Osterferien, from: 2027-03-22, until: 2027-04-03}\n"))


def test_block_errors_name_the_field(tree):
    write_holidays(tree)
    found = problems_of(tree, '  - {opens: "09:00", closes: "10:00"}\n'
                        '  - {days: [mo], opens: "09:00", closes: "10:00", every_weeks: 2}\n'
                        '  - {dates: [2027-01-05], days: [di], opens: "09:00", closes: "10:00"}\n'
                        '  - {days: [mo], opens: "09:00", closes: "10:00", from: 2027-02-01, until: 2027-01-01}\n'
                        '  - {days: [mo], closes: "10:00"}\n')
    by_field = {p.field: p for p in found if p.is_error or p.kind == "schedule-mixed"}
    assert "Wochentage" in by_field["schedule[1]"].message
    assert "braucht einen Anfang" in by_field["schedule[2].every_weeks"].message
    assert "„dates“ nennt die Termine selbst" in by_field["schedule[3].days"].message
    assert "liegt vor dem Anfang" in by_field["schedule[4].until"].message
    assert "`opens`" in by_field["schedule[5].opens"].message and "fehlt" in by_field["schedule[5].opens"].message
    assert all(p.line > 0 for p in found)


def test_blocks_that_never_occur_and_notes_that_are_rules_warn(tree):
    write_holidays(tree)
    found = problems_of(tree, '  - {days: [mo], opens: "09:00", closes: "10:00", weeks: [5], months: [2]}\n'
                        '  - {dates: [2026-01-05], opens: "09:00", closes: "10:00"}\n'
                        '  - {days: [mi], opens: "09:00", closes: "10:00", note: jeden zweiten Mittwoch}\n'
                        '  - {days: [mi], opens: "09:00", closes: "10:00", weeks: [2], note: jeden zweiten Mittwoch}\n'
                        '  - {days: [do], opens: "09:00", closes: "10:00", note: nicht in den Schulferien}\n')
    kinds = {(p.field, p.kind) for p in found if not p.is_error}
    # February 2027 has no fifth Monday; 5 January 2026 is past
    assert ("schedule[1]", "schedule-never") in kinds and ("schedule[2].dates", "schedule-never") in kinds
    assert ("schedule[3].note", "schedule-note") in kinds and ("schedule[5].note", "schedule-note") in kinds
    assert not any(f == "schedule[4].note" for f, _ in kinds)  # the rule is written as a field
    assert not any(p.is_error for p in found)


def test_holidays_need_the_holidays_file(tree):
    found = problems_of(tree, '  - {days: [mo], opens: "09:00", closes: "10:00", holidays: closed}\n')
    assert [p.field for p in found if p.is_error] == ["schedule[1].holidays"]
    assert "content/holidays.yml" in found[0].message


def test_holidays_file_is_checked(tree):
    write_holidays(tree, "  - {name: Herbst, from: 2026-10-17, until: 2026-10-10}\n"
                   "  - {name: Weihnachten, from: 2026-12-23, until: 2027-01-06}\n"
                   "  - {name: Doppelt, from: 2027-01-02, until: 2027-01-08}\n"
                   "  - {name: Falsch, from: 2027-02-30, until: 2027-03-01}\n")
    result = load_directory(tree.path, dt.date(2026, 11, 22))
    found = {p.field: p for p in result.problems if p.path.endswith("holidays.yml")}
    assert "Vertauscht" in found["school_holidays[1].until"].message
    assert "überschneiden sich mit Eintrag 2" in found["school_holidays[3].from"].message
    assert "kein echtes Datum" in found["school_holidays[4].from"].message
    assert all(p.line > 0 for p in found.values()) and not result.ok


def test_holidays_file_running_out_warns_and_not_covering_today_fails(tree):
    write_holidays(tree, "  - {name: Weihnachten, from: 2026-12-23, until: 2027-01-06}\n")
    result = load_directory(tree.path, dt.date(2026, 11, 22))
    warn = [p for p in result.problems if p.kind == "holidays-ending"]
    assert result.ok and warn and "in 45 Tagen" in warn[0].message
    result = load_directory(tree.path, dt.date(2027, 2, 1))
    assert not result.ok
    assert any("heute ist 2027-02-01" in p.message for p in result.errors)


# --- calendar files ---------------------------------------------------------------------------

def expand(ics: bytes, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.date, int, int]]:
    """Every (day, opens, closes) the file holds between start and end, expanded by dateutil."""
    import icalendar
    out = []
    for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        first = event.decoded("dtstart")
        length = event.decoded("dtend") - first
        rules = rrule.rruleset()
        if "RRULE" in event:
            rules.rrule(rrule.rrulestr(event["RRULE"].to_ical().decode(), dtstart=first))
        else:
            rules.rdate(first)
        for prop in ("RDATE", "EXDATE"):
            values = event.get(prop, [])
            for group in values if isinstance(values, list) else [values]:
                for d in group.dts:
                    (rules.rdate if prop == "RDATE" else rules.exdate)(d.dt)
        for s in rules.between(start, end, inc=True):
            s = s.astimezone(BERLIN)
            e = (s + length).astimezone(BERLIN)
            closes = 1440 if e.date() > s.date() else e.hour * 60 + e.minute
            out.append((s.date(), s.hour * 60 + s.minute, closes))
    return sorted(out)


def test_calendar_files_expand_to_the_evaluators_dates(demo):
    today = dt.date(2026, 11, 22)
    start = dt.datetime.combine(today, dt.time(0, 0), BERLIN)
    end = dt.datetime.combine(today + dt.timedelta(days=ical.HORIZON_DAYS - 35), dt.time(23, 59), BERLIN)
    checked = exdates = 0
    for offer in demo.published:
        data = ical.offer_calendar(offer, demo.calendar, today)
        if data is None:
            assert not upcoming(Timetable.of(offer), demo.calendar, start, 1, until=end.date())
            continue
        want = sorted((o.day, o.opens, o.closes) for o in
                      upcoming(Timetable.of(offer), demo.calendar, start, 10_000, until=end.date()))
        assert expand(data, start, end) == want, offer.id
        checked += 1
        exdates += data.count(b"EXDATE")
        assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/Berlin" in data
    assert checked > 100 and exdates > 10  # the holidays are in the files as exceptions


def test_calendar_file_of_the_loewenzahn_offer(demo):
    data = ical.offer_calendar(demo.offers["erziehungsberatung-sprechstunde-buer"], demo.calendar,
                               dt.date(2026, 11, 22)).decode()
    assert "RRULE:FREQ=MONTHLY;BYDAY=2TU,4TU;WKST=MO" in data
    assert "DTSTART;TZID=Europe/Berlin:20261124T090000" in data
    holiday = ical.offer_calendar(demo.offers["hausaufgabenhilfe-altstadt"], demo.calendar,
                                  dt.date(2026, 11, 22)).decode()
    assert "EXDATE;TZID=Europe/Berlin:20261223" in holiday.replace("\r\n ", "")


def test_finder_data_carries_the_rules():
    fake = SimpleNamespace(schedule=(block({"days": ["di"], "opens": "09:00", "closes": "11:30", "weeks": [2, 4],
                                            "holidays": "closed"}),))
    assert when.finder_blocks(fake) == [{"d": 2, "o": 540, "c": 690, "w": [2, 4], "h": 1}]
    data = when.calendar_data(CAL)
    assert ["2026-12-23", "2027-01-06", "Weihnachtsferien 2026/27"] in data["s"] and "2027-05-27" in data["p"]
