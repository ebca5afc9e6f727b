"""Schema errors in German, each at its place, with what the provider most likely meant.

``translate`` turns one jsonschema error into problems: the message says what was expected and
found, and where it can, gives a line to copy (the schema's ``x-example``, or the provider's own
numbers) or the code that was meant (a label, another spelling, an indentation slip).
"""
from __future__ import annotations

import ast
import difflib
import re
import unicodedata
from typing import Iterator

from jsonschema.exceptions import ValidationError

from .problems import Problem, field_path
from .schema import CITYWIDE, ID, ONE_LINE
from .spelling import fold, slug
from .yamlload import Document

DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
        if expected == "object":
            return "Hier fehlen die Unterfelder: rücken Sie sie unter dieser Zeile ein." + copy_this
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
        if isinstance(value, str) and value.lower() in ("true", "false"):
            hint = f" Schreiben Sie {value.lower()} klein."
        elif isinstance(value, str) and value.lower() in ("ja", "yes", "y", "on", "wahr", "j"):
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
            if ch == "\t":
                return (f"Der Text enthält einen Tabulator (nach „{_short(value[:i], 40)}“), etwa aus Word "
                        "kopiert. Ersetzen Sie ihn durch ein Leerzeichen.")
            name = unicodedata.name(ch, "Steuerzeichen")
            return (f"Der Text enthält an Stelle {i + 1} ein unsichtbares Zeichen (U+{ord(ch):04X} {name}). "
                    "Löschen Sie es; oft hilft es, den Text neu zu tippen statt ihn zu kopieren.")
    return "Der Text enthält ein nicht erlaubtes Zeichen."


def _enum_message(value, allowed: list, labels: dict | None = None) -> str:
    allowed = [str(a) for a in allowed]
    meant = _meant(str(value), allowed, labels or {})
    if meant:
        hint = f" Meinten Sie „{meant}“?"
    else:
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        hint = f" Meinten Sie „{close[0]}“?" if close else ""
    shown = ", ".join(allowed[:15]) + (" und weitere (siehe docs/felder.md)" if len(allowed) > 15 else "")
    return f"„{_short(value)}“ ist hier nicht erlaubt.{hint} Erlaubt sind: {shown}."


def _meant(value: str, codes: list[str], labels: dict[str, str]) -> str | None:
    """The code a provider meant, with case, spaces and accents folded, from a code or a label."""
    folded = {fold(code): code for code in codes}
    for label, code in labels.items():
        folded.setdefault(fold(label), code)
    return folded.get(fold(value))


def _id_hint(value: str) -> str:
    """`Schalke Nord` -> schalke-nord, `ganze Stadt` -> gesamtstadt: what a Stadtteil id would be."""
    if fold(value) in _CITYWIDE_WORDS:
        return f" Meinten Sie „{CITYWIDE}“?"
    meant = slug(value)
    return f" Meinten Sie „{meant}“?" if meant and meant != value else ""


_CITYWIDE_WORDS = {fold(w) for w in ("ganze Stadt", "stadtweit", "Gesamtstadt", "gesamte Stadt",
                                     "alle Stadtteile", "ganz Gelsenkirchen", "überall")}


def _belongs_above(doc: Document, path: tuple, extra: str, value: dict, schema: dict) -> str | None:
    """An unknown key that is a field of the object right above it was most likely indented too little."""
    line = doc.where(path + (extra,), key=True)[0]
    above = [(doc.keys[path + (k,)][0], k) for k in value if k != extra and path + (k,) in doc.keys
             and doc.keys[path + (k,)][0] < line]
    if not above:
        return None
    _, key = max(above)
    spec = schema.get("properties", {}).get(key, {})
    target = spec.get("items") if spec.get("type") == "array" else spec
    if not isinstance(target, dict) or extra not in target.get("properties", {}):
        return None
    if spec.get("type") == "array":
        return (f"„{extra}“ gibt es auf dieser Ebene nicht, es gehört wohl zum letzten Eintrag von „{key}“ "
                "darüber. Rücken Sie die Zeile so weit ein wie die Felder dieses Eintrags.")
    return (f"„{extra}“ gibt es auf dieser Ebene nicht, es gehört wohl zu „{key}“ darüber. Rücken Sie die "
            f"Zeile so weit ein wie die anderen Felder von „{key}“.")


def _decimal_comma(extra: str, value: dict) -> tuple[str, str] | None:
    """`{min: 0,5, max: 3}`: inside braces the comma split a number into a field `5`."""
    keys = list(value)
    i = keys.index(extra)
    if not (re.fullmatch(r"[0-9]+", extra) and value[extra] is None and i > 0):
        return None
    before = value[keys[i - 1]]
    if isinstance(before, bool) or not re.fullmatch(r"[-+]?[0-9]+", str(before)):
        return None
    return keys[i - 1], (f"Hier steht wohl eine Zahl mit Komma ({before},{extra}): zwischen {{ }} trennt das "
                         f"Komma die Felder. Schreiben Sie Zahlen mit Punkt: {keys[i - 1]}: {before}.{extra}")


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
    # "Lebensphasen fehlen", "Kosten fehlen": the verb agrees with the German title
    verb = "fehlen" if spec.get("type") == "array" or title in _PLURAL_TITLES else "fehlt"
    return f"{title} (`{key}`) {verb}.{copy_this}"


# Titles of fields that are no list but are plural in German.
_PLURAL_TITLES = frozenset({"Kosten", "Einwohner insgesamt"})


def translate(err: ValidationError, doc: Document, shown: str) -> Iterator[Problem]:
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
            slip = _belongs_above(doc, path, extra, value, schema)
            if slip:
                yield at(path + (extra,), slip, key=True)
                continue
            comma = _decimal_comma(extra, value)
            if comma:  # named at the "5" of `min: 0,5`, as the field the number belongs to
                line, col = doc.where(path + (extra,), key=True)
                yield Problem(shown, line, col, field_path(path + (comma[0],)), comma[1])
                continue
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
            yield at(path, _enum_message(value, err.validator_value, schema.get("x-labels")))
    elif kind == "pattern":
        if err.validator_value == ONE_LINE:
            yield at(path, _invisible_message(value))
        else:
            hint = schema.get("x-error", "Die Angabe hat nicht die erwartete Form.")
            meant = _id_hint(value) if err.validator_value == ID else ""
            yield at(path, f"„{_short(value)}“ passt nicht.{meant} {hint}")
    elif kind == "format":
        if isinstance(value, str) and DATE_SHAPE.fullmatch(value):
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
