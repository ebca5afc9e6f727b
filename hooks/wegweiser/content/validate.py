"""Schema validation of one loaded YAML document, with every error in German at its place.

jsonschema finds all errors of a document in one pass; this module reads plain scalars as the
schema wants them (``Plain`` text becomes a number or boolean only where one is expected), turns
each error into a ``Problem`` with the line and column of the key or value concerned (messages.py)
and hands the rules only the part of the data that passed (``valid_part``).
"""
from __future__ import annotations

import copy
import functools
import datetime as dt
import re

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .messages import DATE_SHAPE, translate
from .problems import WARNING, Problem, field_path
from .schema import ONE_LINE
from .spelling import ascii_letters
from .yamlload import Document, Plain

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")

_formats = FormatChecker(formats=())


@_formats.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    if not DATE_SHAPE.fullmatch(value):
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
        self._use_fast = fast

    @functools.cached_property
    def _fast(self):
        # Compiled on the first document: a `wegweiser check` answered from .cache/ never needs it.
        return fast_validator(self.schema) if self._use_fast else None

    def check(self, doc: Document, shown: str) -> tuple[object, list[Problem], object]:
        """(data as written, problems, the valid part of the data).

        Rules beyond the schema read only the valid part: a value of the wrong shape is reported
        here once and never reaches code that expects the schema's shape.
        """
        notes: list = []
        data = coerce(doc.data, self.schema, (), notes)
        problems = [Problem(shown, *doc.where(path), field_path(path), message, WARNING, kind)
                    for path, message, kind in notes]
        try:
            if self._fast is not None:
                self._fast(data)
                return data, problems, data
        except fastjsonschema.JsonSchemaException:
            pass
        errors = list(self._validator.iter_errors(data))
        problems += [p for err in errors for p in translate(err, doc, shown)]
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


# Typographic quotes as Word and phone keyboards type them: opening and closing characters.
_OPENING = "„“”‚‘’«»"
_CLOSING = "“”‘’»«"


def coerce(value, schema: dict, path: tuple = (), notes: list | None = None):
    """Read plain scalars as the schema's type; everything else stays as written.

    Two slips are read as meant, each with a note (``notes``: (path, message, kind)) that becomes a
    warning: typographic quotes around a value that must have a form (a time, a phone number, a
    code, a number), and a code in its old spelling with umlauts (``mütter`` for ``muetter``).
    """
    notes = [] if notes is None else notes
    kind = schema.get("type")
    if isinstance(value, str) and _has_form(schema) and len(value) > 2 and value[0] in _OPENING \
            and value[-1] in _CLOSING and not any(q in value[1:-1] for q in _OPENING + _CLOSING + '"'):
        inner = value[1:-1]
        notes.append((path, f"Der Wert steht in typografischen Anführungszeichen ({value[0]} … {value[-1]}), "
                      f"wie Word sie setzt. Er wurde als {inner} gelesen; schreiben Sie besser gerade "
                      f"Anführungszeichen: \"{inner}\"", "typography"))
        value = type(value)(inner) if isinstance(value, Plain) else inner
    if isinstance(value, str) and "enum" in schema and value not in schema["enum"]:
        modern = ascii_letters(value)
        if modern != value and modern in schema["enum"]:
            notes.append((path, f"„{value}“ schreibt sich jetzt „{modern}“ (Kennungen ohne Umlaute). Es wurde "
                          f"so gelesen; bitte ändern Sie es in „{modern}“.", "old-code"))
            return modern
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
        return {k: coerce(v, props.get(k, fallback), path + (k,), notes) for k, v in value.items()}
    if isinstance(value, list):
        items = schema.get("items", {}) if kind == "array" else {}
        return [coerce(v, items, path + (i,), notes) for i, v in enumerate(value)]
    return value


def _has_form(schema: dict) -> bool:
    """Values that must have a form: quotes around them cannot be meant as part of the text."""
    if schema.get("type") in ("integer", "number", "boolean"):
        return True
    return schema.get("type") == "string" and (
        "enum" in schema or "format" in schema or schema.get("pattern") not in (None, ONE_LINE))
