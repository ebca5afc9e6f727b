"""The mapping file (import.yml): which source column feeds which offer field, value maps, defaults.

It is read by the strict YAML loader and checked against a JSON Schema like every content file, so a
mistake in it gets ``import.yml:12:5: fields.cost.free: …``. The field names are the offer schema's
own (content/schema.py), dotted for sub-fields: ``cost.free``, ``contact.phone``; the places are a
list of column groups under ``locations``.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content import files, schema, yamlload
from ..content.problems import Problem, field_path
from ..content.validate import SchemaCheck
from ..model.vocabulary import Vocabulary

OTHER = ("error", "keep", "skip")
# Filled from the source but not a front-matter field: the Markdown text below it.
BODY = "body"


def field_names(vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """(offer field keys a mapping may name, location field keys), from the offer schema itself."""
    offer = schema.offer_schema(vocab)
    names: list[str] = []
    for name, spec in offer["properties"].items():
        if name == "locations":
            continue
        if spec.get("type") == "object":
            names += [f"{name}.{sub}" for sub in spec["properties"]]
        else:
            names.append(name)
    location = offer["properties"]["locations"]["items"]["properties"]
    return names + [BODY], list(location)


def _column_spec() -> dict:
    column = {"type": ["string", "array"], "minLength": 1, "minItems": 1,
              "items": {"type": "string", "minLength": 1},
              "description": "Spaltenüberschrift, oder eine Liste von Spalten, die mit Leerzeichen "
              "verbunden werden (z. B. [Straße, Hausnummer])"}
    return {"type": ["string", "array", "object"], "minLength": 1, "minItems": 1,
            "items": {"type": "string", "minLength": 1},
            "description": "Eine Spalte (Überschrift), mehrere Spalten als Liste, oder Unterfelder "
            "column, values, split, pattern, other",
            "properties": {
                "column": column,
                "values": {"type": "object", "description": "Wertetabelle: Zelleninhalt → Wert, "
                           "z. B. {kostenlos: true, \"5 €\": false}; * steht für beliebigen Text",
                           "additionalProperties": {"type": ["string", "array"], "items": {"type": "string"}}},
                "split": {"type": "string", "minLength": 1, "description": "Trennzeichen für Listen "
                          "(Standard: Komma, Semikolon, Schrägstrich, „und“, Zeilenumbruch)"},
                "pattern": {"type": "string", "minLength": 1, "description": "regulärer Ausdruck; die "
                            "erste Klammergruppe ist der Wert"},
                "other": {"type": "string", "enum": list(OTHER), "description": "Was mit Werten "
                          "geschieht, die nicht in values stehen: error (Fehler, Standard), keep "
                          "(unverändert übernehmen), skip (Feld weglassen)"},
            }, "required": ["column"], "additionalProperties": False}


def mapping_schema(vocab: Vocabulary) -> dict:
    offer_keys, location_keys = field_names(vocab)
    spec = _column_spec()
    scalar = {"type": ["string", "number", "boolean", "array"], "items": {"type": "string"}}
    locations = {"type": "array", "minItems": 1, "description": "Je Ort eine Gruppe von Spalten",
                 "items": schema.obj({k: spec for k in location_keys}, ["name"], "Spalten eines Ortes")}
    return {
        "$schema": schema.SCHEMA_DIALECT,
        "title": "Wegweiser: Zuordnung für den Import",
        **schema.obj({
            "sheet": schema.text(120, "Name des Tabellenblatts (xlsx); Standard: das erste"),
            "header_row": {"type": "integer", "minimum": 1, "maximum": 50,
                           "description": "Zeile mit den Spaltenüberschriften; Standard: erkannt"},
            "source_id": {**spec, "description": "Spalte mit einer festen Nummer je Angebot: dieselbe "
                          "Nummer schreibt bei jedem Import dieselbe Datei"},
            "address_table": schema.text(300, "CSV-Datei mit Hauskoordinaten (Straße, Hausnummer, "
                                         "Postleitzahl → Breite, Länge), relativ zur Zuordnungsdatei"),
            "fields": schema.obj({**{k: spec for k in offer_keys}, "locations": locations}, [],
                                 "Welche Spalte welches Feld füllt"),
            "defaults": schema.obj({**{k: scalar for k in offer_keys},
                                    "locations": schema.obj({k: scalar for k in location_keys}, [],
                                                            "Werte für jeden Ort")}, [],
                                   "Werte für Felder ohne Spalte oder mit leerer Zelle"),
        }, ["fields"], "Zuordnung von Tabellenspalten zu Feldern eines Angebots"),
    }


@dataclass
class Column:
    """How one field is read: from which columns, through which value map."""
    field: str  # "cost.free", "locations[1].street"
    columns: tuple[str, ...]
    values: dict[str, object] = field(default_factory=dict)  # casefolded, space-normalised key -> value
    patterns: list[tuple[re.Pattern, object]] = field(default_factory=list)  # from keys with *
    split: str = ""
    pattern: re.Pattern | None = None
    other: str = "error"
    path: tuple = ()  # where in the mapping file, for messages


@dataclass
class Mapping:
    path: Path
    shown: str
    sheet: str = ""
    header_row: int = 0
    source_id: Column | None = None
    columns: dict[str, Column] = field(default_factory=dict)  # offer field -> Column
    locations: list[dict[str, Column]] = field(default_factory=list)
    defaults: dict[str, object] = field(default_factory=dict)
    location_defaults: dict[str, object] = field(default_factory=dict)
    address_table: Path | None = None
    doc: yamlload.Document | None = None

    def all_columns(self) -> list[Column]:
        out = list(self.columns.values()) + [c for group in self.locations for c in group.values()]
        return out + ([self.source_id] if self.source_id else [])

    def owned(self) -> set[str]:
        """Top-level-or-dotted fields this mapping fills (a re-import updates only these)."""
        owned = set(self.columns) | set(self.defaults)
        if self.locations or self.location_defaults:
            owned.add("locations")
        return owned


def norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def load(path: Path, vocab: Vocabulary) -> tuple[Mapping | None, list[Problem]]:
    shown = files.shown_path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, 0, 0, "", f"Die Zuordnungsdatei kann nicht gelesen werden ({err.strerror}).")]
    if len(raw) > files.MAX_FILE_BYTES:
        return None, [Problem(shown, 0, 0, "", "Die Zuordnungsdatei ist zu groß.")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(shown, 0, 0, "", "Die Zuordnungsdatei ist nicht in UTF-8 gespeichert.")]
    doc, problems = yamlload.load(text.replace("\r\n", "\n"), shown)
    if doc is None or problems:
        return None, problems
    data, problems, _ = SchemaCheck(mapping_schema(vocab), fast=False).check(doc, shown)
    if problems:
        return None, problems
    m = Mapping(path, shown, sheet=data.get("sheet", ""), header_row=data.get("header_row", 0), doc=doc)

    def at(p: tuple, message: str) -> Problem:
        line, col = doc.where(p)
        return Problem(shown, line, col, field_path(p), message)

    def column(name: str, spec, p: tuple) -> Column:
        if not isinstance(spec, dict):
            spec = {"column": spec}
        cols = spec["column"]
        c = Column(name, tuple(cols) if isinstance(cols, list) else (cols,), split=spec.get("split", ""),
                   other=spec.get("other", "error"), path=p)
        for key, value in (spec.get("values") or {}).items():
            if "*" in key:
                glob = "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", norm(key)))
                c.patterns.append((re.compile(glob, re.DOTALL), value))
            else:
                c.values[norm(key)] = value
        if "pattern" in spec:
            try:
                c.pattern = re.compile(spec["pattern"], re.IGNORECASE | re.DOTALL)
            except re.error as err:
                problems.append(at(p + ("pattern",), f"Der reguläre Ausdruck ist fehlerhaft ({err})."))
        return c

    fields = data["fields"]
    for name, spec in fields.items():
        if name == "locations":
            for i, group in enumerate(spec):
                m.locations.append({k: column(f"locations[{i + 1}].{k}", v, ("fields", "locations", i, k))
                                    for k, v in group.items()})
        else:
            m.columns[name] = column(name, spec, ("fields", name))
    if "source_id" in data:
        m.source_id = column("source_id", data["source_id"], ("source_id",))
    defaults = dict(data.get("defaults") or {})
    m.location_defaults = defaults.pop("locations", {})
    m.defaults = defaults
    if "address_table" in data:
        m.address_table = (path.parent / data["address_table"]).resolve()
    return m, problems


def check_columns(m: Mapping, header: list[str], source: str) -> list[Problem]:
    """Every column the mapping names must be in the source's header row."""
    present = {norm(h): h for h in header if h}
    problems = []
    for c in m.all_columns():
        for i, name in enumerate(c.columns):
            if norm(name) in present:
                continue
            close = difflib.get_close_matches(norm(name), list(present), n=1, cutoff=0.6)
            hint = (f" Meinten Sie „{present[close[0]]}“?" if close else
                    " Vorhanden sind: " + ", ".join(f"„{h}“" for h in header if h) + ".")
            p = c.path + ("column",) if c.path[-1:] != ("column",) and m.doc and \
                (c.path + ("column",)) in m.doc.values else c.path
            if len(c.columns) > 1:
                p = p + (i,)
            line, col = m.doc.where(p) if m.doc else (0, 0)
            problems.append(Problem(m.shown, line, col, field_path(c.path), f"Die Spalte „{name}“ gibt es "
                                    f"in {source} nicht.{hint}"))
    return problems
