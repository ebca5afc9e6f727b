"""Front matter as a provider would write it, which the strict loader reads back as the same values.

The layout follows the demo's files: one field a line, short code lists and small objects in flow
style (``languages: [de, tr]``, ``age: {min: 3, max: 10}``), places and time blocks as block lists.
A text stays unquoted where YAML reads it back as the same text, else it is double-quoted; times,
postal codes and phone numbers are always quoted, as docs/angebot-eintragen.md tells providers.
"""
from __future__ import annotations

import json
import re

_ALWAYS_QUOTED = {"opens", "closes", "postal_code", "phone"}
# Plain is safe for text that starts with a letter, digit or a typographic quote, holds no YAML
# indicator that matters inside a block value (": ", " #", a flow bracket at the start) and does not
# end in a space or colon. Anything else is quoted; quoting is always correct, plain is for reading.
_PLAIN = re.compile(r"[A-Za-zÀ-ɏ0-9„“\u0400-\u04ff\u0600-\u06ff](?:(?!: | #)[^\x00-\x1f\x7f-\x9f\u2028\u2029\"'\\`\[\]{}])*(?<![\s:])")
_RESERVED = re.compile(r"(?i)(true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9.,:eE_+-]+|\d{4}-\d{2}-\d{2}.*)")
_CODE = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")  # ids and vocabulary codes


def scalar(value, key: str = "") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    if key in _ALWAYS_QUOTED:
        return _quoted(text)
    if key in ("last_reviewed", "valid_from", "valid_until") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if _PLAIN.fullmatch(text) and not _RESERVED.fullmatch(text):
        return text
    return _quoted(text)


_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


def _quoted(text: str) -> str:
    # JSON's string syntax is YAML's double-quoted style; non-ASCII letters stay readable, and the
    # characters YAML refuses raw (or reads as line breaks) are written as escapes
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(text, ensure_ascii=False))


def _flow_list(values: list) -> str | None:
    if all(isinstance(v, str) and _CODE.fullmatch(v) for v in values):
        return "[" + ", ".join(values) + "]"
    return None


def _flow_map(value: dict) -> str | None:
    """``{min: 3, max: 10}`` for small objects of numbers and booleans."""
    if len(value) <= 3 and all(isinstance(v, (bool, int, float)) for v in value.values()):
        return "{" + ", ".join(f"{k}: {scalar(v, k)}" for k, v in value.items()) + "}"
    return None


def _lines(data: dict, indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for key, value in data.items():
        if isinstance(value, dict):
            flow = _flow_map(value)
            if flow:
                out.append(f"{pad}{key}: {flow}")
            else:
                out.append(f"{pad}{key}:")
                out += _lines(value, indent + 2)
        elif isinstance(value, list):
            flow = _flow_list(value) if all(not isinstance(v, dict) for v in value) else None
            if flow:
                out.append(f"{pad}{key}: {flow}")
            else:
                out.append(f"{pad}{key}:")
                for item in value:
                    if isinstance(item, dict):
                        inner = _lines(item, indent + 4)
                        out.append(f"{pad}  - {inner[0].lstrip()}")
                        out += inner[1:]
                    else:
                        out.append(f"{pad}  - {scalar(item, key)}")
        else:
            out.append(f"{pad}{key}: {scalar(value, key)}")
    return out


def front_matter(data: dict) -> str:
    return "\n".join(_lines(data, 0)) + "\n"


def offer_file(data: dict, body: str) -> str:
    body = body.strip("\n")
    return f"---\n{front_matter(data)}---\n{body}\n"
