"""One source row to the front matter of one offer, through the mapping.

Fields are filled in the offer schema's order from their columns (values.py reads each cell) or the
mapping's defaults; places are built from their column groups, with coordinates from the address
table and the Stadtteil from the coordinates where the row has none; a summary or body missing from
an old portal's list is taken from the other. The check of the written file (run.py) finds the rest.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..content import schema
from ..model.vocabulary import Vocabulary
from .mapping import BODY, Column, Mapping, norm
from .places import AddressTable, Districts
from .sources import Row
from .values import MISSING, Built, Cells

@dataclass
class Context:
    vocab: Vocabulary
    districts: dict[str, str]  # id -> name
    city: str
    today: dt.date
    finder: Districts | None = None
    addresses: AddressTable | None = None


class Reader(Cells):
    """Converts rows for one mapping."""

    def __init__(self, mapping: Mapping, ctx: Context):
        super().__init__(ctx.vocab, ctx.districts, ctx.city)
        self.mapping, self.ctx = mapping, ctx
        self.offer_schema = schema.offer_schema(ctx.vocab)
        self.location_schema = self.offer_schema["properties"]["locations"]["items"]

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
            value = self._value(row, column, name, spec, built) if column else MISSING
            if value is MISSING and name in m.defaults:
                value = self._default(name, m.defaults[name], spec, built)
            if value is MISSING:
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
                    value = self._value(row, column, f"locations.{key}", spec, built, index=k) if column else MISSING
                    if value is not MISSING:
                        origin[key] = _label(column)
                    elif key in m.location_defaults and any(c in loc for c in ("name", "street")):
                        value = self._default(f"locations.{key}", m.location_defaults[key], spec, built)
                    if value is not MISSING:
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
            # a block a structured source read already (HSDS) goes to the schedule as it is
            texts = [x if isinstance(x, dict) else self._prepared(x, column) for x in raw]
            texts = [t for t in texts if t]
            if not texts:
                return MISSING
            return self._convert(texts, column, name, spec, built, label)
        text = self._prepared(raw, column)
        if not text:
            return MISSING
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


def _label(column: Column) -> str:
    return " + ".join(column.columns)


def _put(data: dict, dotted: str, value) -> None:
    head, _, tail = dotted.partition(".")
    if tail:
        data.setdefault(head, {})[tail] = value
    else:
        data[head] = value


