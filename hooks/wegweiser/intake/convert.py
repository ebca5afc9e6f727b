"""One source row to the front matter of one offer, through the mapping.

How a cell is read depends on the field's type in the offer schema (content/schema.py): yes/no
for booleans, numbers with a decimal comma, dates as people write them, codes from the vocabulary
by code, German label or native name ("Türkisch, Arabisch" -> [tr, ar]), Stadtteil names to ids,
opening times through times.py. Whatever cannot be read is a problem at the row and column; the
check of the written file (run.py) catches everything else.
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
from .mapping import BODY, Column, Mapping, norm
from .places import AddressTable, Districts
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
_MISSING = object()


@dataclass
class Context:
    vocab: Vocabulary
    districts: dict[str, str]  # id -> name
    city: str
    today: dt.date
    finder: Districts | None = None
    addresses: AddressTable | None = None


@dataclass
class Built:
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


class Reader:
    """Converts cells for one mapping; the lookup tables are built once for all rows."""

    def __init__(self, mapping: Mapping, ctx: Context):
        self.mapping, self.ctx = mapping, ctx
        vocab = ctx.vocab
        self.offer_schema = schema.offer_schema(vocab)
        self.location_schema = self.offer_schema["properties"]["locations"]["items"]
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
        for did, name in ctx.districts.items():
            for key in (did, name, _suggest_id(name)):
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

    # --- one row --------------------------------------------------------------------------------

    def row(self, row: Row) -> Built:
        m = self.mapping
        built = Built(row, {}, "")
        if m.source_id:
            raw = _cells(row, m.source_id)
            raw = next((x for x in raw if str(x).strip()), "") if isinstance(raw, list) else raw
            built.source_id = " ".join(self._prepared(raw, m.source_id).split())
        for name, spec in _fields(self.offer_schema, m):
            if name == "locations":
                continue
            column = m.columns.get(name)
            value = self._value(row, column, name, spec, built) if column else _MISSING
            if value is _MISSING and name in m.defaults:
                value = self._default(name, m.defaults[name], spec, built)
            if value is _MISSING:
                continue
            if name == BODY:
                built.body = value
            elif name == "schedule":
                blocks, note = value
                if blocks:
                    built.data["schedule"] = blocks
                if note and "schedule_note" not in m.columns:
                    built.data["schedule_note"] = note
            else:
                _put(built.data, name, value)
            if column:
                built.origin[name] = _label(column)
        self._locations(row, built)
        self._fill_gaps(built)
        return built

    def _locations(self, row: Row, built: Built) -> None:
        m = self.mapping
        places = []
        for group in m.locations or ([{}] if m.location_defaults else []):
            count = max([len(v) for c in group.values() for v in [_cells(row, c)] if isinstance(v, list)] or [1])
            for k in range(count):
                loc, origin = {}, {}
                for key, spec in self.location_schema["properties"].items():
                    column = group.get(key)
                    value = self._value(row, column, f"locations.{key}", spec, built, index=k) if column else _MISSING
                    if value is not _MISSING:
                        origin[key] = _label(column)
                    elif key in m.location_defaults and any(c in loc for c in ("name", "street")):
                        value = self._default(f"locations.{key}", m.location_defaults[key], spec, built)
                    if value is not _MISSING:
                        loc[key] = value
                if not any(loc.get(k) for k in ("name", "street")):
                    continue  # an empty second place
                for key in m.location_defaults:
                    if key not in loc:
                        loc[key] = self._default(f"locations.{key}", m.location_defaults[key],
                                                 self.location_schema["properties"][key], built)
                self._place(loc, origin, built)
                n = len(places) + 1
                built.origin.update({f"locations[{n}].{key}": col for key, col in origin.items()})
                built.origin.setdefault(f"locations[{n}]", next(iter(origin.values()), ""))
                places.append({k: loc[k] for k in self.location_schema["properties"] if k in loc})
        if places:
            built.data["locations"] = places

    def _place(self, loc: dict, origin: dict, built: Built) -> None:
        """Coordinates from the address table, the Stadtteil from the coordinates, where missing."""
        ctx = self.ctx
        if ("lat" in loc) != ("lon" in loc):
            return  # the check names the missing half
        if "lat" not in loc and ctx.addresses and loc.get("street") and loc.get("postal_code"):
            found = ctx.addresses.find(loc["street"], loc["postal_code"])
            if found:
                loc["lat"], loc["lon"] = found
                origin["lat"] = origin["lon"] = f"Adresstabelle {ctx.addresses.name}"
        if "district" not in loc and "lat" in loc and ctx.finder:
            did = ctx.finder.at(loc["lat"], loc["lon"])
            if did:
                loc["district"] = did
                origin["district"] = "Koordinaten"
        if "district" not in loc:
            listed = [d for d in built.data.get("districts", []) if d != schema.CITYWIDE]
            if len(listed) == 1:
                loc["district"] = listed[0]

    def _fill_gaps(self, built: Built) -> None:
        """What an old portal's list usually lacks: a summary, a body, districts of the places."""
        data = built.data
        if not built.body and data.get("summary"):
            built.body = data["summary"]
        if "summary" not in data and built.body:
            first = built.body.strip().split("\n\n")[0].replace("\n", " ")
            data["summary"] = first if len(first) <= 200 else first[:199].rsplit(" ", 1)[0] + " …"
            built.origin.setdefault("summary", built.origin.get(BODY, ""))
        if "districts" not in data and data.get("locations"):
            found = list(dict.fromkeys(loc["district"] for loc in data["locations"] if "district" in loc))
            if found:
                data["districts"] = found

    # --- cells ----------------------------------------------------------------------------------

    def _value(self, row: Row, column: Column, name: str, spec: dict, built: Built, index: int = 0):
        raw = _cells(row, column)
        if isinstance(raw, list):
            items = [str(x) for x in raw]
            if name.startswith("locations."):
                raw = items[index] if index < len(items) else ""
            elif spec.get("type") != "array" and name != "schedule":
                raw = next((x for x in items if x.strip()), "")
        label = _label(column)
        if isinstance(raw, list):
            texts = [self._prepared(x, column) for x in raw]
            texts = [t for t in texts if t]
            if not texts:
                return _MISSING
            return self._convert(texts, column, name, spec, built, label)
        text = self._prepared(raw, column)
        if not text:
            return _MISSING
        return self._convert(text, column, name, spec, built, label)

    def _prepared(self, text: str, column: Column) -> str:
        text = str(text).replace("\r\n", "\n").replace("\u00a0", " ").strip()
        if column.pattern is not None and text:
            m = column.pattern.search(text)
            text = "" if m is None else (m.group(1) if m.groups() else m.group(0)) or ""
            text = text.strip()
        return text

    def _default(self, name: str, value, spec: dict, built: Built):
        if isinstance(value, bool):
            value = "ja" if value else "nein"
        if spec.get("format") == "date" and norm(str(value)) == "heute":
            return self.ctx.today.isoformat()
        texts = [str(v) for v in value] if isinstance(value, list) else str(value)
        return self._convert(texts, Column(name, ()), name, spec, built, "Vorgabe in der Zuordnung")

    def _convert(self, value, column: Column, name: str, spec: dict, built: Built, label: str):
        """The value for the field, or _MISSING after reporting why not."""
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
            return items or _MISSING
        text = value[0] if isinstance(value, list) else value
        mapped = _lookup(column, text)
        if mapped is not _MISSING:
            if isinstance(mapped, list):
                mapped = mapped[0] if mapped else ""
            if mapped == "":
                return _MISSING
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
            return self._district(text, column, name, built, label) or _MISSING
        return self._string(text, name, key, spec, built, label)

    def _items(self, text: str, column: Column, name: str, key: str, built: Built, label: str) -> list[str]:
        mapped = _lookup(column, text)
        if mapped is not _MISSING:
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
        if key in _CITYWIDE or key in (norm(f"ganz {self.ctx.city}"), norm(f"gesamtes {self.ctx.city}")):
            return schema.CITYWIDE
        if column.other == "keep":
            return text
        if column.other == "skip":
            return None
        names = sorted(self.ctx.districts.values())
        close = difflib.get_close_matches(key, [norm(n) for n in names] + list(self.ctx.districts), n=1, cutoff=0.7)
        hint = f" Meinten Sie „{self.ctx.districts.get(self.district_names[close[0]])}“?" if close else \
            f" Bekannt sind: {', '.join(names)}."
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
            return _MISSING
        built.error(label, name, f"„{_short(text)}“ ist weder ja noch nein. Erkannt werden ja/nein, x, "
                    f"{'kostenlos/kostenpflichtig, ' if name == 'cost.free' else ''}true/false; für andere "
                    "Werte ergänzen Sie in der Zuordnung eine Wertetabelle (values).")
        return _MISSING

    def _number(self, text: str, name: str, built: Built, label: str):
        t = norm(text)
        ranged = re.fullmatch(r"(?:ab\s*)?(\d+(?:[.,]\d+)?)\s*(?:-|–|bis)\s*(\d+(?:[.,]\d+)?)(\s*(jahre?|monate?|j\.?))?", t)
        if ranged and name in ("age.min", "age.max"):
            t = ranged.group(1 if name == "age.min" else 2) + (ranged.group(3) or "")
        m = re.fullmatch(r"([-+]?\d+(?:[.,]\d+)?)\s*(jahre?|j\.?|monate?)?", t)
        if not m:
            built.error(label, name, f"„{_short(text)}“ ist keine Zahl.")
            return _MISSING
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
            return _MISSING
        return t

    def _string(self, text: str, name: str, key: str, spec: dict, built: Built, label: str):
        if name != BODY:
            text = " ".join(text.split())  # one line: a line break typed into the cell becomes a space
        else:
            text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
        tag = _TAG.search(text)
        if tag and name != BODY:
            built.error(label, name, f"Die Zelle enthält HTML („{_short(tag.group(0), 30)}“). Schreiben Sie "
                        "nur Text; Formatierungen gehen hier nicht.")
            return _MISSING
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
            mapped = _lookup(column, text)
            if mapped is not _MISSING:
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
                           "jetzt als Hinweis in schedule_note. Tragen Sie die Zeiten von Hand ein, sobald "
                           "die Datei es erlaubt.")
            blocks += [b.as_data() for b in found.blocks]
            if found.note:
                notes.append(found.note)
        if not blocks and not notes:
            return _MISSING
        return blocks, "; ".join(dict.fromkeys(notes))

    def _miss(self, text, column, name, allowed, built, label):
        if column.other == "skip":
            return _MISSING
        if column.other == "keep":
            return text
        built.error(label, name, f"„{_short(text)}“ ist hier nicht erlaubt. Erlaubt sind: {', '.join(allowed)}.")
        return _MISSING


def _fields(offer_schema: dict, m: Mapping):
    """(field key, its schema) in the schema's order, body last."""
    for name, spec in offer_schema["properties"].items():
        if spec.get("type") == "object":
            for sub, subspec in spec["properties"].items():
                yield f"{name}.{sub}", subspec
        else:
            yield name, spec
    yield BODY, {"type": "string"}


def _cells(row: Row, column: Column):
    """The cell of a column, or of several joined by spaces; a list where the source has several."""
    values = [row.cells.get(_header(row, c), "") for c in column.columns]
    if len(values) == 1:
        return values[0]
    if any(isinstance(v, list) for v in values):
        width = max(len(v) if isinstance(v, list) else 1 for v in values)
        cols = [v if isinstance(v, list) else [v] * width for v in values]
        return [" ".join(str(c[i]).strip() for c in cols if i < len(c) and str(c[i]).strip()) for i in range(width)]
    return " ".join(str(v).strip() for v in values if str(v).strip())


def _header(row: Row, name: str) -> str:
    if name in row.cells:
        return name
    wanted = norm(name)
    return next((h for h in row.cells if norm(h) == wanted), name)


def _lookup(column: Column, text: str):
    key = norm(text)
    if key in column.values:
        return column.values[key]
    for pattern, value in column.patterns:
        if pattern.fullmatch(key):
            return value
    return _MISSING


def _label(column: Column) -> str:
    return " + ".join(column.columns)


def _put(data: dict, dotted: str, value) -> None:
    head, _, tail = dotted.partition(".")
    if tail:
        data.setdefault(head, {})[tail] = value
    else:
        data[head] = value


def _short(text, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
