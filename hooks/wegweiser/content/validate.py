"""Schema validation of one loaded YAML document, with every error in German at its place.

jsonschema finds all errors of a document in one pass; this module reads plain scalars as the
schema wants them (``Plain`` text becomes a number or boolean only where one is expected) and turns
each error into a ``Problem`` with the line and column of the key or value concerned.
"""
from __future__ import annotations

import ast
import copy
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

    def check(self, doc: Document, shown: str) -> tuple[object, list[Problem], object]:
        """(data as written, problems, the valid part of the data).

        Rules beyond the schema read only the valid part: a value of the wrong shape is reported
        here once and never reaches code that expects the schema's shape.
        """
        data = coerce(doc.data, self.schema)
        try:
            if self._fast is not None:
                self._fast(data)
                return data, [], data
        except fastjsonschema.JsonSchemaException:
            pass
        errors = list(self._validator.iter_errors(data))
        problems = [p for err in errors for p in _translate(err, doc, shown)]
        return data, problems, valid_part(data, errors)


def valid_part(data, errors: list[ValidationError]):
    """A copy of ``data`` without every value the schema rejected.

    A rejected list item takes its whole list with it, so the positions of the items that stay
    (``schedule[2]``) are the ones the provider wrote. A missing required field removes nothing:
    rules read optional values with ``.get`` anyway.
    """
    rejected: list[tuple] = []
    for err in errors:
        path = tuple(err.absolute_path)
        if err.validator in ("required", "minProperties"):
            continue
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
            rejected += [path + (k,) for k in err.instance if k not in known]
            continue
        while path and isinstance(path[-1], int):
            path = path[:-1]
        rejected.append(path)
    if not rejected:
        return data
    if () in rejected:
        return {}
    kept = copy.deepcopy(data)
    for path in rejected:
        parent = kept
        for step in path[:-1]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
    return kept


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
    """The end of "Hier gehört … hin, ": what the file has instead."""
    if value is None:
        return "gefunden wurde nichts (leer)"
    if isinstance(value, bool):
        return "gefunden wurde true/false"
    if isinstance(value, (int, float)):
        return "gefunden wurde eine Zahl"
    if isinstance(value, str):
        return f"gefunden wurde der Text „{_short(value)}“"
    if isinstance(value, list):
        return "gefunden wurde eine Liste"
    return "gefunden wurden Unterfelder"


def _short(value, n: int = 60) -> str:
    text = str(value)
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= n else text[: n - 1] + "…"


_RANGE = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:-|–|bis)\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:jahre?n?|j\.?)?\s*",
                    re.IGNORECASE)


def _example(schema: dict, path: tuple, value) -> str:
    """A line to copy: the provider's own numbers where a range was meant (`age: 3-6`), else the schema's."""
    props = schema.get("properties", {})
    key = path[-1] if path and isinstance(path[-1], str) else None
    if key and "min" in props and "max" in props:
        numbers = None
        if isinstance(value, str) and _RANGE.fullmatch(value):
            numbers = _RANGE.fullmatch(value).groups()
        elif isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
            numbers = (value.strip(), value.strip())
        elif isinstance(value, list) and len(value) == 2 and all(
                isinstance(v, str) and re.fullmatch(r"[0-9]+(\.[0-9]+)?", v) for v in value):
            numbers = tuple(value)
        if numbers:
            lo, hi = (n.replace(",", ".") for n in numbers)
            return f"{key}: {{min: {lo}, max: {hi}}}"
    return schema.get("x-example", "")


def _type_message(expected: str, value, schema: dict, path: tuple) -> str:
    example = _example(schema, path, value)
    copy_this = f" Schreiben Sie zum Beispiel: `{example}`" if example else ""
    if value is None:
        if expected == "array":
            return "Hier fehlt der Wert: tragen Sie mindestens einen Eintrag ein." + (copy_this or " z. B. [de].")
        return "Hier fehlt der Wert. Tragen Sie ihn ein oder löschen Sie die ganze Zeile." + copy_this
    if expected == "string":
        if isinstance(value, list) and path and isinstance(path[-1], int):
            return ("Hier steht eine Liste in der Liste; alle Einträge gehören in eine einzige Liste."
                    + copy_this)
        if isinstance(value, (list, dict)):
            return (f"Hier gehört ein einfacher Text hin, {_found(value)}. "
                    "Steht im Text ein „: “ oder beginnt er mit „[“ oder „{“, setzen Sie ihn in "
                    "Anführungszeichen.")
        return f"Hier gehört ein Text hin, {_found(value)}."
    if expected in ("number", "integer"):
        hint = ""
        if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9]+,[0-9]+", value):
            hint = f" Schreiben Sie Zahlen mit Punkt statt Komma: {value.replace(',', '.')}"
        elif isinstance(value, str):
            hint = " Schreiben Sie die Zahl ohne Anführungszeichen und ohne Einheit."
        if expected == "integer" and isinstance(value, float):
            hint = " Hier sind nur ganze Zahlen erlaubt."
        return f"Hier gehört {_TYPE_NAMES[expected]} hin, {_found(value)}.{hint}"
    if expected == "boolean":
        hint = ""
        if isinstance(value, str) and value.lower() in ("ja", "yes", "y", "on", "wahr", "j"):
            hint = " Für „ja“ schreiben Sie true."
        elif isinstance(value, str) and value.lower() in ("nein", "no", "n", "off", "falsch"):
            hint = " Für „nein“ schreiben Sie false."
        return (f"Hier gehört true (ja) oder false (nein) hin, ohne Anführungszeichen; "
                f"{_found(value)}.{hint}")
    if expected == "array":
        return (f"Hier gehört eine Liste hin, {_found(value)}." + (copy_this or " Schreiben Sie z. B. "
                "[eintrag] oder jeden Eintrag in eine eigene Zeile mit „- “ davor."))
    return f"Hier gehören eingerückte Unterfelder (feld: wert) hin, {_found(value)}.{copy_this}"


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


def _missing_message(spec: dict, key: str, parent: tuple) -> str:
    title = spec.get("title") or spec.get("description") or key
    example = spec.get("x-example", "")
    if not parent:
        where = ""
    elif isinstance(parent[-1], int):
        where = f" in jedem Eintrag von {field_path(parent[:-1])}"
    else:
        where = f" in {field_path(parent)}"
    copy_this = f" Schreiben Sie{where} zum Beispiel: `{example}`" if example else ""
    return f"{title} (`{key}`) fehlt.{copy_this}"


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
        yield at(path + (missing,), _missing_message(schema.get("properties", {}).get(missing, {}), missing,
                                                     path))
    elif kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for extra in (k for k in value if k not in allowed):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.82)
            hint = (f" Meinten Sie „{close[0]}“?" if close else
                    f" Erlaubt sind hier: {', '.join(allowed)}.")
            yield at(path + (extra,), f"Unbekanntes Feld „{_short(extra)}“.{hint} Ein falsch geschriebenes "
                     "Feld würde sonst stillschweigend übergangen.", key=True)
    elif kind == "type":
        expected = err.validator_value if isinstance(err.validator_value, str) else err.validator_value[0]
        yield at(path, _type_message(expected, value, schema, path))
    elif kind == "enum":
        if not isinstance(value, (list, dict)):  # a list or fields: the type error says it better
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
