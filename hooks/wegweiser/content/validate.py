"""Schema validation of one loaded YAML document, with every error in German at its place.

jsonschema finds all errors of a document in one pass; this module reads plain scalars as the
schema wants them (``Plain`` text becomes a number or boolean only where one is expected) and turns
each error into a ``Problem`` with the line and column of the key or value concerned.
"""
from __future__ import annotations

import ast
import datetime as dt
import difflib
import re
import unicodedata
from typing import Iterator

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .problems import Problem, field_path
from .schema import ONE_LINE
from .yamlload import Document, Plain

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_formats = FormatChecker(formats=())


@_formats.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_SHAPE.fullmatch(value):
        return False
    dt.date.fromisoformat(value)
    return True


def parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _date_ok(value) -> bool:
    try:
        return _is_date(value)
    except ValueError:
        return False


def fast_validator(schema: dict):
    """The schema compiled to plain Python by fastjsonschema: a yes/no answer in a tenth of the time.

    Only a "yes" is trusted; every "no" goes to jsonschema, which finds all errors and their places.
    For the keywords our schemas use, fastjsonschema is never more lenient than jsonschema: its
    patterns end at ``\\Z`` where jsonschema's ``$`` also allows a final newline, so it may say "no"
    more often, never "yes" (under ``not``, BLANK ``^\\s*$`` matches the same strings either way).
    tests/test_validation_fast.py holds the two to that on real files and on random mutations.
    Our schemas use no keyword whose meaning differs between drafts 7 and 2020-12; the one 2020-12
    keyword draft 7 spells differently, ``dependentRequired``, is renamed to draft 7's ``dependencies``.
    """
    return fastjsonschema.compile({**_draft7(schema), "$schema": "http://json-schema.org/draft-07/schema#"},
                                  formats={"date": _date_ok})


def _draft7(value):
    if isinstance(value, dict):
        return {("dependencies" if k == "dependentRequired" else k): _draft7(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_draft7(v) for v in value]
    return value


class SchemaCheck:
    """A compiled schema that checks documents and returns their typed data."""

    def __init__(self, schema: dict, fast: bool = True):
        # Our schemas are built by schema.py, not written by users: tests/test_validation_fast.py checks
        # them against the metaschema once, instead of every run paying a third of a second for it.
        # ``fast=False`` for a schema that checks one document per run (compiling costs more than it saves).
        self.schema = schema
        self._validator = Draft202012Validator(schema, format_checker=_formats)
        self._fast = fast_validator(schema) if fast else None

    def check(self, doc: Document, shown: str) -> tuple[object, list[Problem]]:
        data = coerce(doc.data, self.schema)
        try:
            if self._fast is not None:
                self._fast(data)
                return data, []
        except fastjsonschema.JsonSchemaException:
            pass
        problems = [p for err in self._validator.iter_errors(data) for p in _translate(err, doc, shown)]
        return data, problems


def coerce(value, schema: dict):
    """Read plain scalars as the schema's type; everything else stays as written."""
    kind = schema.get("type")
    if isinstance(value, Plain):
        text = str(value)
        if kind == "integer" and _INT.fullmatch(text):
            return int(text)
        if kind == "number" and (_INT.fullmatch(text) or _FLOAT.fullmatch(text)):
            return int(text) if _INT.fullmatch(text) else float(text)
        if kind == "boolean" and text in ("true", "false"):
            return text == "true"
        return text
    if isinstance(value, dict):
        props = schema.get("properties", {}) if kind == "object" else {}
        extra = schema.get("additionalProperties") if kind == "object" else None
        fallback = extra if isinstance(extra, dict) else {}
        return {k: coerce(v, props.get(k, fallback)) for k, v in value.items()}
    if isinstance(value, list):
        items = schema.get("items", {}) if kind == "array" else {}
        return [coerce(v, items) for v in value]
    return value


_TYPE_NAMES = {"string": "ein Text", "number": "eine Zahl", "integer": "eine ganze Zahl",
               "boolean": "true oder false", "array": "eine Liste", "object": "Unterfelder"}


def _found(value) -> str:
    if value is None:
        return "nichts (leer)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "eine Zahl"
    if isinstance(value, str):
        return f"der Text „{_short(value)}“"
    if isinstance(value, list):
        return "eine Liste"
    return "Unterfelder"


def _short(value, n: int = 60) -> str:
    text = str(value)
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _type_message(expected: str, value) -> str:
    if value is None:
        if expected == "array":
            return "Hier fehlt der Wert: tragen Sie mindestens einen Eintrag ein, z. B. [de]."
        return "Hier fehlt der Wert. Tragen Sie ihn ein oder löschen Sie die ganze Zeile."
    if expected == "string":
        if isinstance(value, (list, dict)):
            return (f"Hier gehört ein einfacher Text hin, gefunden wurde {_found(value)}. "
                    "Steht im Text ein „: “ oder beginnt er mit „[“ oder „{“, setzen Sie ihn in "
                    "Anführungszeichen.")
        return f"Hier gehört ein Text hin, gefunden wurde {_found(value)}."
    if expected in ("number", "integer"):
        hint = ""
        if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9]+,[0-9]+", value):
            hint = f" Schreiben Sie Zahlen mit Punkt statt Komma: {value.replace(',', '.')}"
        elif isinstance(value, str):
            hint = " Schreiben Sie die Zahl ohne Anführungszeichen und ohne Einheit."
        if expected == "integer" and isinstance(value, float):
            hint = " Hier sind nur ganze Zahlen erlaubt."
        return f"Hier gehört {_TYPE_NAMES[expected]} hin, gefunden wurde {_found(value)}.{hint}"
    if expected == "boolean":
        hint = ""
        if isinstance(value, str) and value.lower() in ("ja", "yes", "y", "on", "wahr", "j"):
            hint = " Für „ja“ schreiben Sie true."
        elif isinstance(value, str) and value.lower() in ("nein", "no", "n", "off", "falsch"):
            hint = " Für „nein“ schreiben Sie false."
        return (f"Hier gehört true (ja) oder false (nein) hin, ohne Anführungszeichen; gefunden wurde "
                f"{_found(value)}.{hint}")
    if expected == "array":
        return (f"Hier gehört eine Liste hin, gefunden wurde {_found(value)}. Schreiben Sie z. B. "
                "[eintrag] oder jeden Eintrag in eine eigene Zeile mit „- “ davor.")
    return (f"Hier gehören eingerückte Unterfelder (feld: wert) hin, gefunden wurde {_found(value)}.")


def _invisible_message(value: str) -> str:
    for i, ch in enumerate(value):
        if re.fullmatch(ONE_LINE, ch) is None:
            if ch in "\n\r\u2028\u2029":
                return ("Hier ist nur eine Zeile Text erlaubt. Entfernen Sie den Zeilenumbruch "
                        f"(nach „{_short(value[:i], 40)}“).")
            name = unicodedata.name(ch, "Steuerzeichen")
            return (f"Der Text enthält an Stelle {i + 1} ein unsichtbares Zeichen (U+{ord(ch):04X} {name}). "
                    "Löschen Sie es; oft hilft es, den Text neu zu tippen statt ihn zu kopieren.")
    return "Der Text enthält ein nicht erlaubtes Zeichen."


def _enum_message(value, allowed: list) -> str:
    allowed = [str(a) for a in allowed]
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
    hint = f" Meinten Sie „{close[0]}“?" if close else ""
    shown = ", ".join(allowed[:15]) + (", …" if len(allowed) > 15 else "")
    return f"„{_short(value)}“ ist hier nicht erlaubt.{hint} Erlaubt sind: {shown}."


def _translate(err: ValidationError, doc: Document, shown: str) -> Iterator[Problem]:
    path = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    value = err.instance

    def at(p: tuple, message: str, key: bool = False) -> Problem:
        line, col = doc.where(p, key=key)
        return Problem(shown, line, col, field_path(p), message)

    kind = err.validator
    if kind == "required":
        missing = ast.literal_eval(err.message.split(" is a required property")[0])
        desc = schema.get("properties", {}).get(missing, {}).get("description", "")
        where = f" ({desc})" if desc else ""
        yield at(path + (missing,), f"Das Pflichtfeld „{missing}“ fehlt{where}.")
    elif kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for extra in (k for k in value if k not in allowed):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.82)
            hint = (f" Meinten Sie „{close[0]}“?" if close else
                    f" Erlaubt sind hier: {', '.join(allowed)}.")
            yield at(path + (extra,), f"Unbekanntes Feld „{_short(extra)}“.{hint} Tippfehler würden "
                     "sonst Angaben verschwinden lassen, darum bricht die Prüfung hier ab.", key=True)
    elif kind == "type":
        expected = err.validator_value if isinstance(err.validator_value, str) else err.validator_value[0]
        yield at(path, _type_message(expected, value))
    elif kind == "enum":
        yield at(path, _enum_message(value, err.validator_value))
    elif kind == "pattern":
        if err.validator_value == ONE_LINE:
            yield at(path, _invisible_message(value))
        else:
            hint = schema.get("x-error", "Die Angabe hat nicht die erwartete Form.")
            yield at(path, f"„{_short(value)}“ passt nicht. {hint}")
    elif kind == "format":
        if isinstance(value, str) and _DATE_SHAPE.fullmatch(value):
            yield at(path, f"„{value}“ ist kein echtes Datum (diesen Tag gibt es im Kalender nicht). "
                     "Prüfen Sie Tag und Monat.")
        else:
            hint = schema.get("x-error", "")
            yield at(path, f"„{_short(value)}“ ist kein Datum. {hint}".strip())
    elif kind == "not" and isinstance(value, str) and not value.strip():
        yield at(path, "Der Text besteht nur aus Leerzeichen. Tragen Sie etwas ein oder löschen Sie die Zeile.")
    elif kind == "minLength":
        yield at(path, "Der Text ist leer. Tragen Sie etwas ein oder löschen Sie die Zeile.")
    elif kind == "maxLength":
        yield at(path, f"Der Text ist zu lang: {len(value)} Zeichen, erlaubt sind höchstens "
                 f"{err.validator_value}. Kürzen Sie ihn.")
    elif kind == "minItems":
        yield at(path, f"Die Liste braucht mindestens {err.validator_value} Eintrag"
                 f"{'e' if err.validator_value > 1 else ''}.")
    elif kind == "maxItems":
        yield at(path, f"Hier sind höchstens {err.validator_value} Einträge erlaubt, es sind "
                 f"{len(value)}. Wählen Sie die wichtigsten aus.")
    elif kind == "uniqueItems":
        seen, twice = set(), []
        for item in value:
            if repr(item) in seen:
                twice.append(item)
            seen.add(repr(item))
        shown_twice = ", ".join(f"„{_short(t)}“" for t in twice) or "Ein Eintrag"
        yield at(path, f"{shown_twice} steht mehrfach in der Liste. Löschen Sie die Wiederholung.")
    elif kind in ("minimum", "maximum"):
        lo = schema.get("minimum")
        hi = schema.get("maximum")
        yield at(path, f"{value} ist {'zu klein' if kind == 'minimum' else 'zu groß'}: erlaubt sind "
                 f"Werte von {lo} bis {hi}.")
    elif kind == "dependentRequired":
        name, present = (ast.literal_eval(part) for part in err.message.split(" is a dependency of "))
        yield at(path + (present,), f"„{present}“ steht hier ohne „{name}“. Tragen Sie beide ein oder "
                 f"löschen Sie auch „{present}“.", key=True)
    elif kind == "minProperties":
        names = ", ".join(schema.get("properties", {}))
        yield at(path, f"Tragen Sie mindestens eine Angabe ein ({names}).")
    else:  # a keyword this translation does not know yet: still a clear place and field
        yield at(path, f"Die Angabe ist ungültig ({err.message}).")
