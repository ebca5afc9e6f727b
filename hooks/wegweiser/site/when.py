"""What families read about times: a schedule rule in words, the next dates, and the finder's data.

The finder gets the rules themselves (``finder_blocks``) and the holidays as dates (``calendar_data``),
so overrides/assets/schedule.js decides live with the same rules as model/schedule.py.
"""
from __future__ import annotations

import datetime as dt

from ..model import Offer, ScheduleBlock
from ..model.schedule import Calendar, Occurrence, Timetable, minutes, opens_minutes, upcoming
from . import i18n
from .i18n import N_, _

DAY_CODES = ("mo", "di", "mi", "do", "fr", "sa", "so")
DAY_SHORT = dict(zip(DAY_CODES, (N_("Mo"), N_("Di"), N_("Mi"), N_("Do"), N_("Fr"), N_("Sa"), N_("So"))))
DAY_LONG = dict(zip(DAY_CODES, (N_("Montag"), N_("Dienstag"), N_("Mittwoch"), N_("Donnerstag"),
                                N_("Freitag"), N_("Samstag"), N_("Sonntag"))))
DAY_BITS = {d: 1 << i for i, d in enumerate(DAY_CODES)}
MONTHS = (N_("Januar"), N_("Februar"), N_("März"), N_("April"), N_("Mai"), N_("Juni"), N_("Juli"),
          N_("August"), N_("September"), N_("Oktober"), N_("November"), N_("Dezember"))
HOLIDAY_CODES = {"open": 0, "closed": 1, "only": 2}
NEXT_DATES = 6
NEXT_WEEKS = 8


def clock(hhmm: str) -> str:
    """ "09:00" -> "9", "11:30" -> "11:30" (how times are said)."""
    h, m = hhmm.split(":")
    return f"{int(h)}" + (f":{m}" if m != "00" else "")


def span(opens: str, closes: str) -> str:
    """ "9–11:30 Uhr"; isolated left to right on a right-to-left page, so the range keeps its order."""
    text = _("%(from)s–%(to)s Uhr") % {"from": opens, "to": closes}
    return f"\u2066{text}\u2069" if i18n.language(i18n.current()).direction == "rtl" else text


def times_text(block: ScheduleBlock) -> str:
    return span(clock(block.opens), clock(block.closes)) if block.opens and block.closes else ""


def day_list(days: tuple[str, ...]) -> str:
    """ "Mo–Fr", "Mo, Mi", "Di–Do, Sa": runs of three or more days as a range."""
    idx = sorted(DAY_CODES.index(d) for d in days)
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = []
    for run in runs:
        names = [_(DAY_SHORT[DAY_CODES[i]]) for i in run]
        parts += [f"{names[0]}–{names[-1]}"] if len(run) >= 3 else names
    return ", ".join(parts)


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(list)s und %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


def date_short(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def months_text(months: tuple[int, ...]) -> str:
    ms = sorted(set(months))
    # a season that runs across the new year (September to June) is still one range
    for start in ms:
        run = [((start - 1 + k) % 12) + 1 for k in range(len(ms))]
        if sorted(run) == ms and len(ms) >= 3:
            return _("%(from)s bis %(to)s") % {"from": _(MONTHS[run[0] - 1]), "to": _(MONTHS[run[-1] - 1])}
    return _("im %(months)s") % {"months": _and([_(MONTHS[m - 1]) for m in ms])}


def rule_parts(block: ScheduleBlock) -> tuple[str, list[str]]:
    """(when in the week or month, further conditions) of one block, in words."""
    if block.dates:
        when = _and([date_short(d) for d in block.dates])
    elif block.weeks:
        nths = [(_("letzten") if w == -1 else f"{w}.") for w in sorted(block.weeks, key=lambda w: (w == -1, w))]
        days = _and([_(DAY_LONG[d]) for d in sorted(block.days, key=DAY_CODES.index)])
        when = _("%(weeks)s %(days)s im Monat") % {"weeks": _and(nths), "days": days}
        if block.weeks == (-1,):
            when = _("letzter %(days)s im Monat") % {"days": days}
    elif block.days:
        when = day_list(block.days)
    else:
        when = ""
    more: list[str] = []
    if block.every_weeks:
        more.append(_("alle %(n)s Wochen") % {"n": block.every_weeks})
    if block.count and block.start:
        more.append(_("%(n)s Termine ab %(date)s") % {"n": block.count, "date": date_short(block.start)})
    elif block.start and block.until:
        more.append(_("%(from)s bis %(to)s") % {"from": date_short(block.start), "to": date_short(block.until)})
    elif block.start:
        more.append(_("ab %(date)s") % {"date": date_short(block.start)})
    elif block.until:
        more.append(_("bis %(date)s") % {"date": date_short(block.until)})
    if block.months:
        more.append(months_text(block.months))
    if block.holidays == "closed":
        more.append(_("nicht in den Schulferien"))
    elif block.holidays == "only":
        more.append(_("nur in den Schulferien"))
    if block.public_holidays == "open" and not block.dates:
        more.append(_("auch an Feiertagen"))
    if block.by_appointment:
        more.append(_("nach Vereinbarung"))
    return when, more


def block_text(block: ScheduleBlock, with_note: bool = True) -> str:
    when, more = rule_parts(block)
    text = ", ".join(p for p in [when, times_text(block), *more] if p)
    if with_note and block.note:
        text += f" ({block.note})"
    return text


def schedule_summary(offer: Offer) -> str:
    """The rule in words for a card: blocks that differ only in their times share one phrase."""
    groups: dict[tuple, list[str]] = {}
    for block in offer.schedule:
        when, more = rule_parts(block)
        groups.setdefault((when, tuple(more)), []).append(times_text(block))
    return "; ".join(", ".join(p for p in [when, _and([t for t in times if t]) if any(times) else "", *more] if p)
                     for (when, more), times in groups.items())


def when_text(offer: Offer) -> str:
    """What a card says under "Wann": the rules, then the note."""
    return ". ".join(t for t in (schedule_summary(offer), offer.schedule_note) if t)


def schedule_rows(offer: Offer) -> list[tuple[str, list[str]]]:
    """(rule, [times with notes]) per block for the offer page's table."""
    rows = []
    for block in offer.schedule:
        when, more = rule_parts(block)
        what = ", ".join(p for p in [when, *more] if p) or _("nach Vereinbarung")
        rows.append((what, times_text(block) + (f" ({block.note})" if block.note else "")))
    return rows


def occurrence_text(o: Occurrence) -> str:
    weekday = _(DAY_LONG[DAY_CODES[o.day.weekday()]])
    hm = lambda m: f"{m // 60}" + (f":{m % 60:02d}" if m % 60 else "")
    return f"{weekday}, {o.day.strftime('%d.%m.%Y')}, {span(hm(o.opens), hm(o.closes))}"


def next_dates(offer: Offer, cal: Calendar, today: dt.date, limit: int = NEXT_DATES,
               weeks: int = NEXT_WEEKS) -> list[Occurrence]:
    """The offer's next dates from the start of ``today`` (the build date) for the coming weeks."""
    start = dt.datetime.combine(today, dt.time(0, 0))
    return upcoming(Timetable.of(offer), cal, start, limit, until=today + dt.timedelta(weeks=weeks))


def holiday_break(offer: Offer, cal: Calendar, today: dt.date, weeks: int = NEXT_WEEKS) -> str:
    """ "Weihnachtsferien 2026/27 (23.12.2026 bis 06.01.2027)" when the offer pauses in school holidays
    that fall into the coming weeks, else ""."""
    if not any(b.holidays == "closed" for b in offer.schedule):
        return ""
    end = today + dt.timedelta(weeks=weeks)
    for first, last, name in cal.school:
        if first <= end and last >= today:
            return f"{name} (" + _("%(from)s bis %(to)s") % {"from": date_short(first), "to": date_short(last)} + ")"
    return ""


def finder_blocks(offer: Offer) -> list[dict]:
    """The rules for schedule.js, short keys (the data file is downloaded on a phone)."""
    out = []
    for b in offer.schedule:
        row: dict = {}
        if b.dates:
            row["ds"] = [d.isoformat() for d in b.dates]
        else:
            row["d"] = sum(DAY_BITS[d] for d in b.days)
        if b.opens:
            row["o"], row["c"] = opens_minutes(b.opens), minutes(b.closes)
        for key, value in (("w", list(b.weeks)), ("m", list(b.months))):
            if value:
                row[key] = value
        if b.every_weeks:
            row["ew"] = b.every_weeks
        if b.start:
            row["f"] = b.start.isoformat()
        if b.until:
            row["u"] = b.until.isoformat()
        if b.count:
            row["n"] = b.count
        if b.holidays != "open":
            row["h"] = HOLIDAY_CODES[b.holidays]
        if b.public_holidays == "open":
            row["ph"] = 1
        if b.by_appointment:
            row["ap"] = 1
        out.append(row)
    return out


def calendar_data(cal: Calendar) -> dict:
    """School holidays as [first, last] and public holidays as dates, for schedule.js."""
    return {"s": [[a.isoformat(), b.isoformat(), name] for a, b, name in cal.school],
            "p": [d.isoformat() for d in cal.public]}
