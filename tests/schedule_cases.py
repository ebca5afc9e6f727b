"""Rules × moments with the answers a family should get, for Python (test_schedule.py) and Chromium
(test_schedule_browser.py). Moments are Berlin wall-clock times, or UTC where DST is the point.
The holidays are the demo's: NRW school holidays from content/holidays.yml, public holidays of NW.

Each case: (name, block as in an offer file, moment, open now, still today, still this week,
next date as (day, "HH:MM") or None).
"""
from __future__ import annotations

import datetime as dt

from conftest import ROOT
from wegweiser.content.directory import load_holidays
from wegweiser.content.files import Source
from wegweiser.model import ScheduleBlock

UTC = dt.timezone.utc
LOEWENZAHN = {"days": ["di"], "opens": "09:00", "closes": "11:30", "weeks": [2, 4]}
WEEKDAYS = ["mo", "di", "mi", "do", "fr"]


def berlin(*args) -> dt.datetime:
    from wegweiser.model.schedule import BERLIN
    return dt.datetime(*args, tzinfo=BERLIN)


CASES = [
    # the case: Tuesday 1 December 2026 is the first Tuesday of the month
    ("Löwenzahn, 1. Dienstag", LOEWENZAHN, berlin(2026, 12, 1, 10, 0), False, False, False, ("2026-12-08", "09:00")),
    ("Löwenzahn, 2. Dienstag", LOEWENZAHN, berlin(2026, 12, 8, 10, 0), True, True, True, ("2026-12-08", "09:00")),
    ("Löwenzahn, nach dem Termin", LOEWENZAHN, berlin(2026, 12, 8, 11, 30), False, False, False, ("2026-12-22", "09:00")),
    ("letzter Samstag", {"days": ["sa"], "opens": "10:00", "closes": "12:00", "weeks": [-1]},
     berlin(2027, 1, 30, 11, 0), True, True, True, ("2027-01-30", "10:00")),
    ("vorletzter Samstag", {"days": ["sa"], "opens": "10:00", "closes": "12:00", "weeks": [-1]},
     berlin(2027, 1, 23, 11, 0), False, False, False, ("2027-01-30", "10:00")),
    ("erster Montag", {"days": ["mo"], "opens": "09:00", "closes": "10:00", "weeks": [1]},
     berlin(2027, 2, 1, 9, 30), True, True, True, ("2027-02-01", "09:00")),
    ("zweiter Montag ist nicht der erste", {"days": ["mo"], "opens": "09:00", "closes": "10:00", "weeks": [1]},
     berlin(2027, 2, 8, 9, 30), False, False, False, ("2027-03-01", "09:00")),
    # every two weeks from 17 December 2026: 31 December, 14 January (across the new year)
    ("alle zwei Wochen, Silvester", {"days": ["do"], "opens": "15:00", "closes": "17:00", "every_weeks": 2,
                                     "from": "2026-12-17"}, berlin(2026, 12, 31, 16, 0), True, True, True,
     ("2026-12-31", "15:00")),
    ("alle zwei Wochen, Woche dazwischen", {"days": ["do"], "opens": "15:00", "closes": "17:00", "every_weeks": 2,
                                            "from": "2026-12-17"}, berlin(2027, 1, 7, 16, 0), False, False, False,
     ("2027-01-14", "15:00")),
    ("alle zwei Wochen, vor dem Anfang", {"days": ["do"], "opens": "15:00", "closes": "17:00", "every_weeks": 2,
                                          "from": "2026-12-17"}, berlin(2026, 12, 10, 16, 0), False, False, False,
     ("2026-12-17", "15:00")),
    # DST: 28 March 2027 02:00 CET becomes 03:00 CEST; 31 October 2027 03:00 CEST becomes 02:00 CET
    ("Sommerzeit, 01:30 MEZ", {"days": ["so"], "opens": "01:00", "closes": "04:00", "public_holidays": "open"},
     dt.datetime(2027, 3, 28, 0, 30, tzinfo=UTC), True, True, True, ("2027-03-28", "01:00")),
    ("Sommerzeit, 03:30 MESZ", {"days": ["so"], "opens": "03:00", "closes": "04:00"},
     dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC), True, True, True, ("2027-03-28", "03:00")),
    ("Sommerzeit, 01:30 MEZ, Beginn 03:00", {"days": ["so"], "opens": "03:00", "closes": "04:00"},
     dt.datetime(2027, 3, 28, 0, 30, tzinfo=UTC), False, True, True, ("2027-03-28", "03:00")),
    ("Winterzeit, erstes 02:15", {"days": ["so"], "opens": "02:00", "closes": "02:30"},
     dt.datetime(2027, 10, 31, 0, 15, tzinfo=UTC), True, True, True, ("2027-10-31", "02:00")),
    ("Winterzeit, zweites 02:15", {"days": ["so"], "opens": "02:00", "closes": "02:30"},
     dt.datetime(2027, 10, 31, 1, 15, tzinfo=UTC), True, True, True, ("2027-10-31", "02:00")),
    ("Winterzeit, 02:45 MEZ", {"days": ["so"], "opens": "02:00", "closes": "02:30"},
     dt.datetime(2027, 10, 31, 1, 45, tzinfo=UTC), False, False, False, ("2027-11-07", "02:00")),
    # a public holiday (Karfreitag 26 March 2027) closes unless the block says otherwise
    ("Karfreitag", {"days": ["fr"], "opens": "09:00", "closes": "12:00"},
     berlin(2027, 3, 26, 10, 0), False, False, False, ("2027-04-02", "09:00")),
    ("Karfreitag, auch an Feiertagen", {"days": ["fr"], "opens": "09:00", "closes": "12:00", "public_holidays": "open"},
     berlin(2027, 3, 26, 10, 0), True, True, True, ("2027-03-26", "09:00")),
    ("Allerheiligen", {"days": WEEKDAYS, "opens": "14:00", "closes": "17:00"},
     berlin(2027, 11, 1, 15, 0), False, False, True, ("2027-11-02", "14:00")),
    # school holidays: Weihnachtsferien 23.12.2026 to 06.01.2027
    ("letzter Schultag", {"days": WEEKDAYS, "opens": "14:00", "closes": "17:00", "holidays": "closed"},
     berlin(2026, 12, 22, 15, 0), True, True, True, ("2026-12-22", "14:00")),
    ("erster Ferientag", {"days": WEEKDAYS, "opens": "14:00", "closes": "17:00", "holidays": "closed"},
     berlin(2026, 12, 23, 15, 0), False, False, False, ("2027-01-07", "14:00")),
    ("letzter Ferientag", {"days": WEEKDAYS, "opens": "14:00", "closes": "17:00", "holidays": "closed"},
     berlin(2027, 1, 6, 15, 0), False, False, True, ("2027-01-07", "14:00")),
    ("erster Schultag", {"days": WEEKDAYS, "opens": "14:00", "closes": "17:00", "holidays": "closed"},
     berlin(2027, 1, 7, 15, 0), True, True, True, ("2027-01-07", "14:00")),
    ("nur in den Ferien, davor", {"days": WEEKDAYS, "opens": "09:00", "closes": "12:00", "holidays": "only"},
     berlin(2026, 12, 22, 10, 0), False, False, True, ("2026-12-23", "09:00")),
    ("nur in den Ferien, letzter Tag", {"days": WEEKDAYS, "opens": "09:00", "closes": "12:00", "holidays": "only"},
     berlin(2027, 1, 6, 10, 0), True, True, True, ("2027-01-06", "09:00")),
    ("nur in den Ferien, Weihnachten", {"days": WEEKDAYS, "opens": "09:00", "closes": "12:00", "holidays": "only"},
     berlin(2026, 12, 25, 10, 0), False, False, False, ("2026-12-28", "09:00")),
    ("nur in den Ferien, danach", {"days": WEEKDAYS, "opens": "09:00", "closes": "12:00", "holidays": "only"},
     berlin(2027, 1, 7, 10, 0), False, False, False, ("2027-03-22", "09:00")),
    # seasons
    ("April bis Oktober, im März", {"days": ["mi"], "opens": "15:00", "closes": "18:00", "months": [4, 5, 6, 7, 8, 9, 10]},
     berlin(2027, 3, 31, 16, 0), False, False, False, ("2027-04-07", "15:00")),
    ("April bis Oktober, im Oktober", {"days": ["mi"], "opens": "15:00", "closes": "18:00", "months": [4, 5, 6, 7, 8, 9, 10]},
     berlin(2027, 10, 27, 16, 0), True, True, True, ("2027-10-27", "15:00")),
    ("September bis Juni, im Juli", {"days": ["mi"], "opens": "15:00", "closes": "18:00",
                                     "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]},
     berlin(2027, 7, 7, 16, 0), False, False, False, ("2027-09-01", "15:00")),
    ("bis zu einem Tag", {"days": ["mo"], "opens": "09:00", "closes": "10:00", "until": "2027-01-11"},
     berlin(2027, 1, 18, 9, 30), False, False, False, None),
    # courses: four Tuesdays from 2 March 2027 (holidays allowed), or skipping the Osterferien
    ("Kurs, vierter Termin", {"days": ["di"], "opens": "15:00", "closes": "17:30", "from": "2027-03-02", "count": 4},
     berlin(2027, 3, 23, 16, 0), True, True, True, ("2027-03-23", "15:00")),
    ("Kurs, danach", {"days": ["di"], "opens": "15:00", "closes": "17:30", "from": "2027-03-02", "count": 4},
     berlin(2027, 3, 30, 16, 0), False, False, False, None),
    ("Kurs ohne Ferien, vierter Termin nach Ostern", {"days": ["di"], "opens": "15:00", "closes": "17:30",
                                                      "from": "2027-03-02", "count": 4, "holidays": "closed"},
     berlin(2027, 3, 23, 16, 0), False, False, False, ("2027-04-06", "15:00")),
    ("einzelne Termine", {"dates": ["2026-12-05", "2027-01-09"], "opens": "10:00", "closes": "14:00"},
     berlin(2026, 12, 1, 10, 0), False, False, True, ("2026-12-05", "10:00")),
    ("einzelne Termine, letzter", {"dates": ["2026-12-05", "2027-01-09"], "opens": "10:00", "closes": "14:00"},
     berlin(2027, 1, 9, 13, 59), True, True, True, ("2027-01-09", "10:00")),
    # today is over, this week too
    ("heute vorbei", {"days": ["di"], "opens": "09:00", "closes": "11:00"},
     berlin(2026, 12, 1, 12, 0), False, False, False, ("2026-12-08", "09:00")),
    ("nach Vereinbarung", {"days": ["mi"], "opens": "09:00", "closes": "13:00", "by_appointment": True},
     berlin(2026, 12, 2, 10, 0), False, False, False, None),
    ("rund um die Uhr, Weihnachten", {"days": ["mo", "di", "mi", "do", "fr", "sa", "so"], "opens": "00:00",
                                      "closes": "24:00", "public_holidays": "open"},
     berlin(2026, 12, 25, 23, 59), True, True, True, ("2026-12-25", "00:00")),
]


def block(data: dict) -> ScheduleBlock:
    return ScheduleBlock.from_data(data)


def demo_calendar():
    problems: list = []
    cal = load_holidays(Source("holidays", ROOT / "content" / "holidays.yml", "content/holidays.yml"),
                        dt.date(2026, 11, 22), problems)
    assert cal is not None and not problems, [p.format() for p in problems]
    return cal
