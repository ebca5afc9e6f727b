"""Opening times as people type them into a spreadsheet, read into the schedule blocks of an offer.

"Di 9–11 Uhr", "Mo–Fr 8:00–12:00 und 14–16 Uhr", "dienstags 9.30 bis 11", "Mo, Mi 9-12; Do 14-18",
"Sa 10-14 (nicht in den Ferien)", "jeden 2. und 4. Dienstag im Monat 9-11", "April bis Oktober
Sa 10-14", "nach Vereinbarung". A text is split into tokens (days, day ranges, times, the n-th weeks
of the month, separators); each run of days takes the time ranges after it. What the schedule can
say is read into its fields (`weeks`, `months`, `holidays`, `by_appointment`); phrases that are a
note rather than a time ("siehe Webseite") become the schedule note, and so does a rhythm the text
does not anchor ("alle zwei Wochen": from when?). Anything the parser cannot place is an error that
quotes the part it stumbled on, never a guess.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ..content.schema import DAYS
from ..model import ScheduleBlock
from ..site import when

_DAY_WORDS = {
    "mo": "mo", "mon": "mo", "montag": "mo", "montags": "mo",
    "di": "di", "die": "di", "dienstag": "di", "dienstags": "di",
    "mi": "mi", "mit": "mi", "mittwoch": "mi", "mittwochs": "mi",
    "do": "do", "don": "do", "donnerstag": "do", "donnerstags": "do",
    "fr": "fr", "fre": "fr", "freitag": "fr", "freitags": "fr",
    "sa": "sa", "sam": "sa", "samstag": "sa", "samstags": "sa", "sonnabend": "sa", "sonnabends": "sa",
    "so": "so", "son": "so", "sonntag": "so", "sonntags": "so",
}
_ALL_DAYS = {"täglich": DAYS, "taeglich": DAYS, "werktäglich": DAYS[:5], "wochentags": DAYS[:5],
             "wochenende": DAYS[5:]}
# Whole phrases that say when without a weekly time: they go to schedule_note as written.
NOTE_PHRASES = ("nach vereinbarung", "nach absprache", "auf anfrage", "termine nach vereinbarung",
                "nach telefonischer vereinbarung", "rund um die uhr", "jederzeit", "siehe webseite",
                "termine auf anfrage")
# The phrases of NOTE_PHRASES that the schedule says itself: a block `by_appointment: true`.
APPOINTMENT = ("nach vereinbarung", "nach absprache", "termine nach vereinbarung",
               "nach telefonischer vereinbarung")
# "Di 9-11 Uhr, sonst nach Vereinbarung": the phrase and what follows it are the note
_TRAILING_NOTE = re.compile(r"[,;]?\s*(?:sonst|oder|und|sowie|außerdem|ansonsten)?\s*(?P<phrase>(?:"
                            + "|".join(re.escape(p) for p in NOTE_PHRASES) + r")\b.*)$", re.IGNORECASE)
_ORD = r"(?:ersten|zweiten|dritten|vierten|fünften|fuenften|letzten|[1-5]\.)"
_ORD_WORDS = {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "fünften": 5, "fuenften": 5, "letzten": -1}
# "jeden 2. und 4.", "am ersten", "jeden letzten" right before a weekday: the n-th weekdays of the month
_WEEKS = re.compile(r"(?:\b(?:jede[nrs]?|am|an\s+jedem)\s+)?(?P<ords>" + _ORD + r"(?:\s*(?:,|und|u\.|&|\+|/|oder)\s*"
                    + _ORD + r")*)(?=\s+(?:" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")\b)",
                    re.IGNORECASE)
_OF_MONTH = re.compile(r"\b(?:im|des|jeden|jedes)\s+monats?\b", re.IGNORECASE)
# "14-tägig", "einmal im Monat", "alle zwei Wochen": a rhythm the text gives no start or week for
_RHYTHM = re.compile(r"\b(jede[nrs]?\s+" + _ORD + r"|[0-9]+\s*-?\s*t(ä|ae)gig|im\s+monat|monatlich|"
                     r"alle\s+(zwei|drei|vier|[2-9])\s+wochen|gerade[n]?\s+wochen|ungerade[n]?\s+wochen)",
                     re.IGNORECASE)
MONTHS = tuple(m.casefold() for m in when.MONTHS)  # the same names the pages write
_MONTH = "(" + "|".join(MONTHS + ("maerz",)) + ")"
_SEASON = re.compile(r"\b(?:von\s+|ab\s+)?" + _MONTH + r"\s*(?:bis|-|–)\s*(?:einschließlich\s+|ende\s+)?"
                     + _MONTH + r"\b", re.IGNORECASE)
# school holidays: "nicht in den Ferien", "außer in den Schulferien", "nur in den Ferien", "auch in den Ferien"
_HOLIDAYS = re.compile(r"\b(?P<how>nicht|außer|ausser|nur|auch)\s+(?:in\s+den|während\s+der)\s+"
                       r"(?:schul)?ferien\b", re.IGNORECASE)

_TOKEN = re.compile(r"""
    (?P<weeks>\x00[0-9,-]+\x00)
  | (?P<time>(?:[01]?[0-9]|2[0-4])(?:[:.][0-5][0-9])?)(?![0-9])
  | (?P<word>[a-zäöüß]+)\.?
  | (?P<dash>-|–|—|‑|bis\b)
  | (?P<sep>[,;/&+\n]|\bund\b|\bsowie\b)
  | (?P<space>\s+)
""", re.VERBOSE | re.IGNORECASE)
_FILLER = {"uhr", "von", "ab", "um", "h", "jeweils", "immer", "am", "an", "den", "zwischen", "jeden", "jede",
           "jeder"}


Block = ScheduleBlock  # what the parser yields; ``as_data()`` writes it as the offer file does


@dataclass
class Times:
    blocks: list[Block] = field(default_factory=list)
    note: str = ""  # for schedule_note
    error: str = ""  # German, quoting the part that could not be read
    rhythm: bool = False  # a "jeden 2. Dienstag" kind of text, kept as a note


def _clock(text: str) -> str | None:
    hours, _, minutes = text.replace(".", ":").partition(":")
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return f"{h:02d}:{m:02d}"


def _day_range(first: str, last: str) -> tuple[str, ...]:
    a, b = DAYS.index(first), DAYS.index(last)
    return tuple(DAYS[a:b + 1]) if a <= b else tuple(DAYS[a:] + DAYS[:b + 1])


def parse(text: str) -> Times:
    """The schedule blocks written in ``text``; ``error`` set when any part cannot be read."""
    result = Times()
    text = " ".join(text.replace("\r", "\n").split(" ")).strip()
    if not text:
        return result
    notes = []
    # a trailing "(…)" note belongs to the blocks of its part, as in "Sa 10-14 (nicht in den Ferien)"
    for part in [p.strip() for p in re.split(r"[;\n]+", text) if p.strip()]:
        note = ""
        m = re.fullmatch(r"(.*?)\s*\(([^()]*)\)\s*", part)
        if m:
            part, note = m.group(1), m.group(2).strip()
        rules, part = _rules(part)
        more, note = _rules(note)
        rules = {**more, **rules}
        tail = _TRAILING_NOTE.search(part)
        also: list[Block] = []  # "…, sonst nach Vereinbarung": after the part's own blocks
        if tail and tail.start() > 0:
            phrase = part[tail.start("phrase"):].strip(" .")
            if phrase.casefold() in APPOINTMENT:
                also.append(Block(by_appointment=True))
            else:
                notes.append(phrase)
            part = part[:tail.start()]
        lowered = part.casefold().strip(" .")
        if lowered in APPOINTMENT:
            result.blocks.append(Block(by_appointment=True, note=note, **rules))
            continue
        if any(lowered == phrase or lowered.startswith(phrase + " ") for phrase in NOTE_PHRASES) or not lowered:
            notes.append(part.strip() + (f" ({note})" if note else "") if part.strip() else note)
            continue
        marked = _mark_weeks(part)
        if _RHYTHM.search(marked):
            result.rhythm = True
            notes.append(part.strip() + (f" ({note})" if note else ""))
            continue
        blocks, error = _parse_part(marked)
        if error:
            result.error = error
            return result
        result.blocks += [dataclasses.replace(b, note=note, **rules) for b in blocks] + also
    result.note = "; ".join(n for n in notes if n)
    return result


def _rules(text: str) -> tuple[dict, str]:
    """The season and the school-holiday rule written in ``text``, and the text without them."""
    found = {}
    m = _SEASON.search(text)
    if m:
        a, b = (MONTHS.index(x.casefold().replace("maerz", "märz")) + 1 for x in m.groups())
        found["months"] = tuple(range(a, b + 1)) if a <= b else tuple(range(a, 13)) + tuple(range(1, b + 1))
        text = text[:m.start()] + " " + text[m.end():]
    m = _HOLIDAYS.search(text)
    if m:
        how = m.group("how").casefold()
        if how != "auch":  # "auch in den Ferien" is what a block means without saying
            found["holidays"] = "only" if how == "nur" else "closed"
        text = text[:m.start()] + " " + text[m.end():]
    return found, " ".join(text.split()).strip(" ,;.-–") if found else text


def _mark_weeks(part: str) -> str:
    """``part`` with "jeden 2. und 4." before a weekday as one token the tokenizer reads (\\x00 2,4 \\x00)."""
    if not _WEEKS.search(part):
        return part
    part = _OF_MONTH.sub(" ", part)

    def mark(m: re.Match) -> str:
        weeks = []
        for word in re.findall(_ORD, m.group("ords"), re.IGNORECASE):
            n = _ORD_WORDS.get(word.casefold()) or int(word.rstrip("."))
            if n not in weeks:
                weeks.append(n)
        weeks.sort(key=lambda n: (n < 0, n))
        return "\x00" + ",".join(map(str, weeks)) + "\x00"
    return _WEEKS.sub(mark, part)


def _parse_part(part: str) -> tuple[list[Block], str]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(part):
        m = _TOKEN.match(part, pos)
        if m is None:
            return [], f"„{part[pos:pos + 20].strip()}“ ist keine Zeitangabe"
        pos = m.end()
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "space":
            continue
        if kind == "word":
            word = value.casefold()
            if word in _FILLER:
                continue
            if word == "bis":
                kind = "dash"
            elif word in ("und", "sowie"):
                kind = "sep"
            elif word in _DAY_WORDS or word in _ALL_DAYS:
                kind = "day"
                value = word
            else:
                return [], f"„{m.group(0).strip()}“ ist kein Wochentag und keine Uhrzeit"
        tokens.append((kind, value))

    blocks: list[Block] = []
    days: list[str] = []
    weeks: tuple[int, ...] = ()  # of the current days: "jeden 2. und 4. Di"
    next_weeks: tuple[int, ...] | None = None
    days_closed = False  # a time came after the current days: the next day starts a new group
    pending: list[tuple[str, str]] = []  # times written before any day ("9-12 Uhr Mo-Fr")
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "weeks":
            if days and not days_closed:
                return [], ("Schreiben Sie die Woche im Monat vor jeden Wochentag mit seiner Uhrzeit, z. B. "
                            "„jeden 2. Di 9–11 Uhr, jeden 4. Do 14–16 Uhr“")
            next_weeks = tuple(int(n) for n in value.strip("\x00").split(","))
            i += 1
            continue
        if kind == "day":
            if days_closed:
                days, days_closed = [], False
            if not days:
                weeks, next_weeks = next_weeks or (), None
            if value in _ALL_DAYS:
                days += [d for d in _ALL_DAYS[value] if d not in days]
                i += 1
                continue
            first = _DAY_WORDS[value]
            if i + 2 < len(tokens) and tokens[i + 1][0] == "dash" and tokens[i + 2][0] == "day" \
                    and tokens[i + 2][1] in _DAY_WORDS:
                span = _day_range(first, _DAY_WORDS[tokens[i + 2][1]])
                i += 3
            else:
                span = (first,)
                i += 1
            days += [d for d in span if d not in days]
            if pending:
                blocks += [Block(_ordered(days), o, c, weeks=weeks) for o, c in pending]
                pending, days_closed = [], True
            continue
        if kind == "time":
            if not (i + 2 < len(tokens) and tokens[i + 1][0] == "dash" and tokens[i + 2][0] == "time"):
                return [], (f"Zu „{value}“ fehlt das Ende: schreiben Sie Beginn und Ende, z. B. „14–16 Uhr“"
                            if i + 1 >= len(tokens) or tokens[i + 1][0] != "dash" else
                            f"Nach „{value} bis“ fehlt die Uhrzeit des Endes")
            opens, closes = _clock(value), _clock(tokens[i + 2][1])
            if opens is None or closes is None:
                return [], f"„{value}–{tokens[i + 2][1]}“ ist keine gültige Uhrzeit"
            if closes <= opens and closes != "00:00":
                return [], f"Das Ende ({closes}) liegt nicht nach dem Beginn ({opens})"
            if days:
                blocks.append(Block(_ordered(days), opens, closes, weeks=weeks))
                days_closed = True
            else:
                pending.append((opens, closes))
            i += 3
            continue
        if kind == "dash":
            return [], "Ein „–“ oder „bis“ steht ohne Anfang oder Ende"
        i += 1  # a separator
    if pending or next_weeks is not None:
        return [], "Es fehlt der Wochentag (z. B. „Mo–Fr 9–12 Uhr“)"
    if days and not days_closed:
        return [], f"Zu „{', '.join(d.capitalize() for d in days)}“ fehlt die Uhrzeit (z. B. „Di 9–11 Uhr“)"
    if not blocks:
        return [], "Es ist weder ein Wochentag noch eine Uhrzeit zu erkennen"
    return blocks, ""


def _ordered(days: list[str]) -> tuple[str, ...]:
    return tuple(d for d in DAYS if d in days)
