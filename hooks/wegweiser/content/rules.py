"""Checks beyond the schema: meaning within one file, and references between files.

Each check is a generator of problems, so one run reports everything at once.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Iterator

from . import markup
from ..model import STALE_AFTER_DAYS
from .problems import ERROR, WARNING, Problem, field_path
from .schema import CITYWIDE, MAX_BODY, TIME
from ..model.vocabulary import SECTIONS, Vocabulary
from .yamlload import Document


@dataclass
class Parsed:
    """One content file after schema validation: data, positions and its Markdown body.

    ``data`` holds only the values that passed the schema, so every rule may rely on their shape;
    ``given`` is everything the file says, for rules that ask whether a field was written at all.
    """
    kind: str
    id: str
    shown: str
    data: dict
    doc: Document
    body: str = ""
    body_line: int = 0
    given: dict | None = None

    def __post_init__(self) -> None:
        if self.given is None:
            self.given = self.data

    def problem(self, path: tuple, message: str, severity: str = ERROR, key: bool = False,
                kind: str = "") -> Problem:
        line, col = self.doc.where(path, key=key)
        return Problem(self.shown, line, col, field_path(path), message, severity, kind)


def _date(value) -> dt.date | None:
    """A valid date, or None (an invalid one was already reported by the schema)."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def recommended(p: Parsed, schema: dict) -> Iterator[Problem]:
    for name in schema.get("x-recommended", ()):
        if name not in p.given:
            desc = schema["properties"][name].get("description", "")
            yield Problem(p.shown, p.doc.where(())[0], 1, name,
                          f"Empfohlenes Feld „{name}“ fehlt ({desc}). Familien filtern danach.", WARNING,
                          "recommended")


def review_dates(p: Parsed, today: dt.date) -> Iterator[Problem]:
    reviewed = _date(p.data.get("last_reviewed"))
    if reviewed is None:
        return
    if reviewed > today:
        yield p.problem(("last_reviewed",), f"Das Datum {reviewed.isoformat()} liegt in der Zukunft. "
                        "Tragen Sie den Tag ein, an dem die Angaben zuletzt geprüft wurden.")
    elif (today - reviewed).days > STALE_AFTER_DAYS:
        yield p.problem(("last_reviewed",), f"Zuletzt geprüft am {reviewed.isoformat()}, vor mehr als "
                        "12 Monaten. Bitte prüfen Sie alle Angaben und tragen Sie das heutige Datum ein.",
                        WARNING, kind="stale")


# Bullets as Word and mail programs paste them: Markdown sees plain text, and the lines run together.
_WORD_BULLET = re.compile(r"^[ \t]*([•·▪◦●■□○➢►–—])[ \t]+\S", re.MULTILINE)


def body_rules(p: Parsed) -> Iterator[Problem]:
    """The description's Markdown: only the safe subset (see markup.py), and no pasted Word lists."""
    _, findings = markup.check(p.body)
    for f in findings:
        yield Problem(p.shown, p.body_line + f.line - 1, f.col, "Beschreibung", f.message)
    last = -2
    for m in _WORD_BULLET.finditer(p.body):
        if m.group(1) in "–—" and "\t" not in m.group(0):
            continue  # a dash and a space may start an ordinary sentence
        line = p.body.count("\n", 0, m.start()) + p.body_line
        last, follows = line, line == last + 1
        if follows:
            continue  # one message for the whole list
        yield Problem(p.shown, line, m.start(1) - m.start() + 1, "Beschreibung", f"Die Zeile beginnt mit "
                      f"„{m.group(1)}“, einem Aufzählungszeichen aus Word. "
                      "Auf der Seite würden die Zeilen der Liste ineinanderlaufen. Schreiben Sie „- “ an den Anfang jeder Zeile und lassen Sie vor "
                      "der Liste eine Leerzeile.")


def offer_rules(p: Parsed, vocab: Vocabulary, today: dt.date) -> Iterator[Problem]:
    d = p.data
    body = p.body.strip()
    if not body:
        yield Problem(p.shown, p.body_line, 1, "Beschreibung", "Der Beschreibungstext fehlt. Schreiben Sie "
                      "unter die zweite Zeile „---“, was Familien erwartet.")
    elif len(body) > MAX_BODY:
        yield Problem(p.shown, p.body_line, 1, "Beschreibung", f"Der Beschreibungstext ist zu lang: "
                      f"{len(body)} Zeichen, erlaubt sind höchstens {MAX_BODY}. Kürzen Sie ihn.")
    else:
        yield from body_rules(p)

    delivery = d.get("delivery")
    on_site = delivery is None or "vor_ort" in delivery
    if on_site and not d.get("locations") and "locations" not in p.given:
        yield p.problem(("locations",) if "locations" in d else (), "Es fehlt mindestens ein Ort "
                        "(locations). Findet das Angebot nicht vor Ort statt, schreiben Sie z. B. "
                        "„delivery: [telefon, online]“.")
    elif d.get("locations") and delivery is not None and "vor_ort" not in delivery:
        yield p.problem(("delivery",), "Es sind Orte angegeben, aber „vor_ort“ fehlt in delivery. Ergänzen "
                        "Sie vor_ort oder löschen Sie die Orte.", WARNING, kind="delivery")

    for i, loc in enumerate(d.get("locations") or []):
        if "lat" not in loc and "lon" not in loc:
            yield p.problem(("locations", i), f"Der Ort „{loc.get('name', '')}“ hat keine Koordinaten (lat, "
                            "lon): Er erscheint auf keiner Karte und fehlt in offers.geojson. Tragen Sie lat "
                            "und lon ein, z. B. von openstreetmap.org (Rechtsklick auf den Ort → „Adresse "
                            "anzeigen“).", WARNING, kind="no_coordinates")

    districts = d.get("districts") or []
    if CITYWIDE in districts and len(districts) > 1:
        yield p.problem(("districts",), f"„{CITYWIDE}“ gilt schon für alle Stadtteile. Schreiben Sie "
                        f"entweder nur [{CITYWIDE}] oder nur die einzelnen Stadtteile.")

    age = d.get("age") or {}
    lo, hi = age.get("min"), age.get("max")
    if isinstance(lo, (int, float)) and isinstance(hi, (int, float)):
        if lo > hi:
            yield p.problem(("age", "max"), f"Das Höchstalter ({hi}) ist kleiner als das Mindestalter "
                            f"({lo}). Vertauscht?")
        else:
            for code in vocab.expand_stages(d.get("life_stages") or []):
                stage = vocab.stage(code)
                if not stage.overlaps(lo, hi):
                    yield p.problem(("age",), f"Das Alter {_years(lo)} bis {_years(hi)} passt nicht zur "
                                    f"Lebensphase „{stage.label}“ ({code}). Prüfen Sie Alter oder "
                                    "Lebensphasen.", WARNING, kind="age-stage")

    for i, block in enumerate(d.get("schedule") or []):
        opens, closes = block.get("opens"), block.get("closes")
        if _is_time(opens) and _is_time(closes) and opens >= closes and closes != "00:00":
            yield p.problem(("schedule", i, "closes"), f"Das Ende ({closes}) liegt nicht nach dem Beginn "
                            f"({opens}).")

    valid_from, valid_until = _date(d.get("valid_from")), _date(d.get("valid_until"))
    if valid_from and valid_until and valid_from > valid_until:
        yield p.problem(("valid_until",), f"Das Ende ({valid_until.isoformat()}) liegt vor dem Beginn "
                        f"({valid_from.isoformat()}).")
    if valid_until and valid_until < today and d.get("status") != "ended":
        yield p.problem(("valid_until",), f"Das Angebot ist seit {valid_until.isoformat()} abgelaufen und "
                        "wird nicht veröffentlicht. Verlängern Sie das Datum oder setzen Sie "
                        "„status: ended“.", WARNING, kind="expired")
    if d.get("status") == "ended":
        yield p.problem(("status",), "Das Angebot ist beendet und wird nicht veröffentlicht. Sie können "
                        "die Datei löschen.", WARNING, kind="ended")
    yield from review_dates(p, today)


def district_rules(p: Parsed, today: dt.date) -> Iterator[Problem]:
    pop = p.data.get("population") or {}
    total, young = pop.get("total"), pop.get("under_18")
    if isinstance(total, int) and isinstance(young, int) and young > total:
        yield p.problem(("population", "under_18"), f"Mehr Kinder und Jugendliche ({young}) als "
                        f"Einwohner insgesamt ({total}). Vertauscht?")
    yield from body_rules(p)
    if p.id == CITYWIDE:
        yield Problem(p.shown, 1, 1, "", f"„{CITYWIDE}“ ist reserviert (für Angebote in der ganzen Stadt). "
                      "Wählen Sie einen anderen Dateinamen.")
    yield from review_dates(p, today)


def cross_rules(offers: list[Parsed], districts: list[Parsed], district_ids: set[str]) -> Iterator[Problem]:
    """References between files: every district id named must exist; neighbours go both ways.

    ``district_ids`` are all district files, valid or not: a broken district file is reported on
    its own and must not make every reference to it an error too.
    """
    known = {d.id: d for d in districts}
    names = ", ".join(sorted(district_ids)) or "(keine)"

    def unknown(p: Parsed, path: tuple, did: str, what: str) -> Problem:
        close = difflib.get_close_matches(did, sorted(district_ids), n=1, cutoff=0.7)
        hint = f" Meinten Sie „{close[0]}“?" if close else f" Bekannt sind: {names}."
        return p.problem(path, f"{what} „{did}“ gibt es nicht (keine Datei content/districts/{did}.md)."
                         f"{hint}")

    for o in offers:
        listed = o.data.get("districts") or []
        for i, did in enumerate(listed):
            if did != CITYWIDE and did not in district_ids:
                yield unknown(o, ("districts", i), did, "Den Stadtteil")
        for i, loc in enumerate(o.data.get("locations") or []):
            did = loc.get("district")
            if not isinstance(did, str):
                continue
            if did not in district_ids:
                yield unknown(o, ("locations", i, "district"), did, "Den Stadtteil")
            elif CITYWIDE not in listed and did not in listed:
                yield o.problem(("locations", i, "district"), f"Der Ort liegt in „{did}“, dieser Stadtteil "
                                f"fehlt aber in districts. Ergänzen Sie ihn dort.", WARNING, kind="location-district")

    for d in districts:
        for i, nid in enumerate(d.data.get("neighbours") or []):
            if nid == d.id:
                yield d.problem(("neighbours", i), "Ein Stadtteil kann nicht sein eigener Nachbar sein.")
            elif nid not in district_ids:
                yield unknown(d, ("neighbours", i), nid, "Den Nachbarstadtteil")
            elif nid in known and d.id not in (known[nid].data.get("neighbours") or []):
                yield d.problem(("neighbours", i), f"„{nid}“ ist hier als Nachbar eingetragen, aber "
                                f"„{d.id}“ fehlt in den neighbours von {known[nid].shown}. Tragen Sie ihn "
                                "dort nach.", WARNING, kind="neighbours")


def vocabulary_rules(p: Parsed) -> Iterator[Problem]:
    stages = {t.get("code") for t in p.data.get("life_stages") or []}
    for key in ("life_stages", "categories", "audiences", "accessibility", "languages"):
        seen: set = set()
        for i, term in enumerate(p.data.get(key) or []):
            code = term.get("code") if isinstance(term, dict) else None
            if code in seen:
                yield p.problem((key, i, "code"), f"Die Kennung „{code}“ steht zweimal in {key}.")
            seen.add(code)
    for name, members in (p.data.get("life_stage_shortcuts") or {}).items():
        if name in stages:
            yield p.problem(("life_stage_shortcuts", name), f"Die Abkürzung „{name}“ heißt wie eine "
                            "Lebensphase. Wählen Sie einen anderen Namen.", key=True)
        for i, code in enumerate(members or []):
            if code not in stages:
                yield p.problem(("life_stage_shortcuts", name, i), f"„{code}“ ist keine Lebensphase.")


def vocabulary_translation_rules(p: Parsed, vocab: Vocabulary) -> Iterator[Problem]:
    """Every code of vocabulary.yml translated, and nothing else."""
    for key in SECTIONS:
        section = p.data.get(key) or {}
        known = vocab.codes_of(key)
        for code in section:
            if code not in known:
                yield p.problem((key, code), f"„{code}“ steht nicht in {key} von vocabulary.yml. Entfernen "
                                "Sie den Eintrag oder tragen Sie die Kennung dort zuerst ein.", key=True)
        missing = [c for c in known if c not in section]
        if missing:
            yield p.problem((key,), f"Übersetzung fehlt für {', '.join(f'„{c}“' for c in missing)}. Jede "
                            "Kennung aus vocabulary.yml braucht hier ein label.", key=True)


def _is_time(value) -> bool:
    return isinstance(value, str) and re.fullmatch(TIME, value) is not None


def _years(value: float) -> str:
    return f"{value:g}".replace(".", ",")
