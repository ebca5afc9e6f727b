"""One cell's text read as the value of one field, by the field's type in the offer schema.

Yes/no for booleans (with "kostenlos" for cost.free), numbers with a decimal comma ("6 Monate" is
0.5 years), dates as people write them, codes from the vocabulary by code, German label or native
name ("Türkisch, Arabisch" -> [tr, ar]), Stadtteil names to ids with the check's kind of suggestion,
opening times through times.py. What cannot be read is reported on the row, never guessed.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from ..content import schema
from ..content.files import _suggest_id
from ..model.vocabulary import Vocabulary
from . import times
from .mapping import BODY, Column, norm
from .sources import Row

_YES = {"ja", "j", "x", "yes", "y", "true", "wahr", "1", "✓", "✔", "ok"}
_NO = {"nein", "n", "no", "false", "falsch", "0", "-", "–", "—"}
_FREE = {"kostenlos", "kostenfrei", "gratis", "frei", "umsonst", "0 €", "0€", "0,00 €", "keine", "ohne kosten"}
_PAID = {"kostenpflichtig", "gebührenpflichtig", "mit kosten", "kostet etwas"}
_STATUS = {"aktiv": "active", "läuft": "active", "laufend": "active", "pausiert": "paused", "ruht": "paused",
           "beendet": "ended", "eingestellt": "ended", "temporarily closed": "paused", "inactive": "ended"}
_CITYWIDE = {"gesamtstadt", "ganze stadt", "gesamte stadt", "stadtweit", "alle", "alle stadtteile"}
_SPLIT = re.compile(r"\s*(?:[,;\n/]|\bund\b|\bsowie\b)\s*", re.IGNORECASE)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?\s*>")
_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
MISSING = object()  # "no value": the field is left out


@dataclass
class Built:
    """One row on its way to a file: the data so far, where each field came from, what went wrong."""
    row: Row
    data: dict
    body: str
    origin: dict[str, str] = field(default_factory=dict)  # field path -> column label
    problems: list[tuple[str, str, str, bool]] = field(default_factory=list)  # (column, field, message, warning)
    source_id: str = ""

    def error(self, column: str, name: str, message: str) -> None:
        self.problems.append((column, name, message, False))

    def warn(self, column: str, name: str, message: str) -> None:
        self.problems.append((column, name, message, True))

    @property
    def failed(self) -> bool:
        return any(not warning for *_, warning in self.problems)


class Cells:
    """The lookup tables of one import (built once for all rows) and the readers of one value."""

    def __init__(self, vocab: Vocabulary, districts: dict[str, str], city: str):
        self.city, self.districts = city, districts
        self.codes = {
            "life_stages": self._codes(vocab.life_stage_codes + sorted(vocab.life_stage_shortcuts),
                                       {s.code: s.label for s in vocab.life_stages}),
            "categories": self._codes(vocab.category_codes, vocab.categories),
            "audiences": self._codes(vocab.audience_codes, vocab.audiences),
            "languages": self._codes(vocab.language_codes, vocab.languages, vocab.language_native),
            "accessibility": self._codes(vocab.accessibility_codes, vocab.accessibility),
            "delivery": self._codes(schema.DELIVERY, {"vor_ort": "vor Ort", "online": "online",
                                                     "telefon": "telefonisch", "aufsuchend": "Hausbesuch"}),
        }
        self.district_names = {}
        for did, name in districts.items():
            # "Schalke Nord" for Schalke-Nord: hyphens and spaces folded, as for the codes
            for key in (did, name, _suggest_id(name), _suggest_id(name).replace("-", " ")):
                self.district_names[norm(key)] = did

    @staticmethod
    def _codes(codes, labels: dict, native: dict | None = None) -> dict[str, str]:
        out = {}
        for code in codes:
            for key in (code, labels.get(code, ""), (native or {}).get(code, ""), code.replace("_", " ")):
                if key:
                    out[norm(key)] = code
                    out[norm(_suggest_id(key).replace("-", " "))] = code
        return out

    def _convert(self, value, column: Column, name: str, spec: dict, built: Built, label: str):
        """The value for the field, or MISSING after reporting why not."""
        key = name.rsplit(".", 1)[-1]
        kind = spec.get("type")
        if name == "schedule":
            return self._schedule(value, column, built, label)
        if kind == "array" or name in ("districts",):
            items = []
            for text in (value if isinstance(value, list) else [value]):
                parts = re.split(re.escape(column.split), text) if column.split else _SPLIT.split(text)
                for part in (p.strip() for p in parts):
                    if part:
                        items += self._items(part, column, name, key, built, label)
            items = list(dict.fromkeys(items))
            return items or MISSING
        text = value[0] if isinstance(value, list) else value
        mapped = lookup(column, text)
        if mapped is not MISSING:
            if isinstance(mapped, list):
                mapped = mapped[0] if mapped else ""
            if mapped == "":
                return MISSING
            text = str(mapped)
        if kind == "boolean":
            return self._boolean(text, column, name, built, label)
        if kind == "number":
            return self._number(text, name, built, label)
        if spec.get("format") == "date":
            return self._date(text, name, built, label)
        if "enum" in spec:
            code = _STATUS.get(norm(text), text.strip())
            if code not in spec["enum"]:
                return self._miss(text, column, name, spec["enum"], built, label)
            return code
        if key == "district":
            return self._district(text, column, name, built, label) or MISSING
        return self._string(text, name, key, spec, built, label)

    def _items(self, text: str, column: Column, name: str, key: str, built: Built, label: str) -> list[str]:
        mapped = lookup(column, text)
        if mapped is not MISSING:
            values = mapped if isinstance(mapped, list) else [mapped]
            out = []
            for v in values:
                if str(v):
                    out += self._items(str(v), Column(name, ()), name, key, built, label)
            return out
        if name == "districts":
            did = self._district(text, column, name, built, label)
            return [did] if did else []
        table = self.codes.get(key, {})
        code = table.get(norm(text)) or table.get(norm(re.sub(r"\s*\([^)]*\)\s*$", "", text)))
        if code:
            return [code]
        if column.other == "skip":
            return []
        if column.other == "keep":
            return [text]
        allowed = sorted(set(table.values()))
        close = difflib.get_close_matches(norm(text), list(table), n=1, cutoff=0.6)
        hint = f" Meinten Sie „{table[close[0]]}“?" if close else ""
        built.error(label, name, f"„{_short(text)}“ ist keine bekannte Angabe.{hint} Erlaubt sind: "
                    f"{', '.join(allowed[:20])}{', …' if len(allowed) > 20 else ''}. Ergänzen Sie sonst in der "
                    "Zuordnung eine Wertetabelle (values).")
        return []

    def _district(self, text: str, column: Column, name: str, built: Built, label: str) -> str | None:
        key = norm(text)
        if key in self.district_names:
            return self.district_names[key]
        if key in _CITYWIDE or key in (norm(f"ganz {self.city}"), norm(f"gesamtes {self.city}")):
            return schema.CITYWIDE
        if column.other == "keep":
            return text
        if column.other == "skip":
            return None
        names = sorted(self.districts.values())
        close = difflib.get_close_matches(key, [norm(n) for n in names] + list(self.districts), n=1, cutoff=0.7)
        # "Bulmke" for "Bulmke-Hüllen": the start of exactly one name is as good a guess
        starts = [n for n in names if norm(n).startswith(key)] if len(key) >= 3 else []
        suggestion = self.districts.get(self.district_names[close[0]]) if close else \
            (starts[0] if len(starts) == 1 else "")
        hint = f" Meinten Sie „{suggestion}“?" if suggestion else f" Bekannt sind: {', '.join(names)}."
        built.error(label, name, f"Den Stadtteil „{_short(text)}“ gibt es nicht (keine Datei in "
                    f"content/districts/).{hint} Für die ganze Stadt schreiben Sie „gesamtstadt“.")
        return None

    def _boolean(self, text: str, column: Column, name: str, built: Built, label: str):
        key = norm(text)
        if key in _YES or (name == "cost.free" and key in _FREE):
            return True
        if key in _NO or (name == "cost.free" and (key in _PAID or re.search(r"\d+([,.]\d+)?\s*(€|euro)", key))):
            return False
        if column.other == "skip":
            return MISSING
        built.error(label, name, f"„{_short(text)}“ ist weder ja noch nein. Erkannt werden ja/nein, x, "
                    f"{'kostenlos/kostenpflichtig, ' if name == 'cost.free' else ''}true/false; für andere "
                    "Werte ergänzen Sie in der Zuordnung eine Wertetabelle (values).")
        return MISSING

    def _number(self, text: str, name: str, built: Built, label: str):
        t = norm(text)
        ranged = re.fullmatch(r"(?:ab\s*)?(\d+(?:[.,]\d+)?)\s*(?:-|–|bis)\s*(\d+(?:[.,]\d+)?)(\s*(jahre?|monate?|j\.?))?", t)
        if ranged and name in ("age.min", "age.max"):
            t = ranged.group(1 if name == "age.min" else 2) + (ranged.group(3) or "")
        m = re.fullmatch(r"([-+]?\d+(?:[.,]\d+)?)\s*(jahre?|j\.?|monate?)?", t)
        if not m:
            built.error(label, name, f"„{_short(text)}“ ist keine Zahl.")
            return MISSING
        number = float(m.group(1).replace(",", "."))
        if (m.group(2) or "").startswith("monat"):
            number = round(number / 12, 2)
        return int(number) if number.is_integer() and name.startswith("age") else number

    def _date(self, text: str, name: str, built: Built, label: str):
        t = text.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?", t):
            t = t[:10]
        else:
            m = _DATE_DE.fullmatch(t)
            if m:
                day, month, year = m.groups()
                year = int(year) + (2000 if len(year) == 2 else 0)
                t = f"{year:04d}-{int(month):02d}-{int(day):02d}"
        try:
            dt.date.fromisoformat(t)
        except ValueError:
            built.error(label, name, f"„{_short(text)}“ ist kein Datum. Erkannt werden z. B. 01.03.2026 und "
                        "2026-03-01.")
            return MISSING
        return t

    def _string(self, text: str, name: str, key: str, spec: dict, built: Built, label: str):
        if name != BODY:
            text = " ".join(text.split())  # one line: a line break typed into the cell becomes a space
        else:
            text = _markdown_lists("\n".join(line.rstrip() for line in text.split("\n")).strip())
        tag = _TAG.search(text)
        if tag and name != BODY:
            built.error(label, name, f"Die Zelle enthält HTML („{_short(tag.group(0), 30)}“). Schreiben Sie "
                        "nur Text; Formatierungen gehen hier nicht.")
            return MISSING
        if key == "website" and re.match(r"www\.", text, re.IGNORECASE):
            text = "https://" + text
        if key == "email":
            text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE)
        if key == "postal_code" and re.fullmatch(r"\d{4}", text):
            text = "0" + text  # a spreadsheet took "01067" for a number
        return text

    def _schedule(self, value, column: Column, built: Built, label: str):
        blocks, notes = [], []
        for text in (value if isinstance(value, list) else [value]):
            if isinstance(text, dict):  # a block read from a structured source (HSDS)
                blocks.append(text)
                continue
            mapped = lookup(column, text)
            if mapped is not MISSING:
                text = str(mapped[0] if isinstance(mapped, list) and mapped else mapped)
            found = times.parse(text)
            if found.error:
                if column.other == "keep":
                    notes.append(text)
                    continue
                built.error(label, "schedule", f"„{_short(text)}“: {found.error}. Geschrieben werden "
                            "Zeiten wie „Di 9–11 Uhr“, „Mo–Fr 8:00–12:00“ oder „Mo, Mi 9–12; Do 14–18 Uhr“.")
                continue
            if found.rhythm:
                built.warn(label, "schedule", f"„{_short(text)}“ wiederholt sich nicht jede Woche; das steht "
                           "jetzt als Hinweis in schedule_note, denn es fehlt, ab wann oder in welcher Woche. "
                           "Tragen Sie den Rhythmus von Hand ein (every_weeks: 2 mit from: …, oder weeks: "
                           "[1]); siehe „Die Zeiten“ in docs/angebot-eintragen.md.")
            blocks += [b.as_data() for b in found.blocks]
            if found.note:
                notes.append(found.note)
        if not blocks and not notes:
            return MISSING
        return blocks, "; ".join(dict.fromkeys(notes))

    def _miss(self, text, column, name, allowed, built, label):
        if column.other == "skip":
            return MISSING
        if column.other == "keep":
            return text
        built.error(label, name, f"„{_short(text)}“ ist hier nicht erlaubt. Erlaubt sind: {', '.join(allowed)}.")
        return MISSING


_BULLET = re.compile(r"^\s*[•·▪◦●■□○➢►✓✔]\s*(.*)$")


def _markdown_lists(text: str) -> str:
    """Bullets as Word pastes them into a cell ("• Spielen") as a Markdown list, with the blank line
    before it that Markdown needs; otherwise the lines would run together on the page."""
    out: list[str] = []
    in_list = False  # inside a list this function made (a bullet line or its indented continuation)
    for line in text.split("\n"):
        m = _BULLET.match(line)
        continued = in_list and line.startswith((" ", "\t")) and line.strip()
        if m:
            if out and out[-1].strip() and not in_list:
                out.append("")
            out.append("- " + m.group(1))
        else:
            if in_list and line.strip() and not continued:
                out.append("")
            out.append(line)
        in_list = bool(m or continued)
    return "\n".join(out)


def lookup(column: Column, text: str):
    key = norm(text)
    if key in column.values:
        return column.values[key]
    for pattern, value in column.patterns:
        if pattern.fullmatch(key):
            return value
    return MISSING


def _short(text, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
