"""What the raw text of a YAML file says that libyaml's events leave out.

libyaml drops comments, reads some look-alike spaces as text and reports indentation mistakes as
"expected <block end>". These helpers read the text itself, beside the events yamlload.load builds
the data from: a ``#`` that cut a value short, odd spaces in the structure, and the most likely
indentation slip.
"""
from __future__ import annotations

import bisect
import re
import unicodedata

from .problems import WARNING, Problem, field_path


# Spaces that look like a space but are none to YAML: Word and mail programs put the no-break ones
# after a colon or at the start of a line, and `name:\u00a0Wert` would then miss its colon.
_ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_STRUCTURE_SPACE = re.compile(rf"^([ {_ODD_SPACES}]*(?:-[ {_ODD_SPACES}]+)*)(?:[^\s:#\"'\[{{][^:#\n]*?:)?"
                              rf"([ {_ODD_SPACES}]*)", re.MULTILINE)
_ANY_ODD = re.compile(f"[{_ODD_SPACES}]")


def plain_spaces(text: str, path: str, line_offset: int) -> tuple[str, list[Problem]]:
    """Unusual spaces in the structure (indentation, after `key:` or `-`) read as plain spaces, each
    with a warning: the intent is plain, and nothing the provider wrote is lost."""
    if not _ANY_ODD.search(text):
        return text, []
    problems: list[Problem] = []
    out = list(text)
    for m in _STRUCTURE_SPACE.finditer(text):
        odd = [i for group in (1, 2) for i in range(m.start(group), m.end(group)) if text[i] not in " -"]
        for i in odd:
            out[i] = " "
        if odd:  # one warning per line is enough
            i, ch = odd[0], text[odd[0]]
            line = text.count("\n", 0, i) + 1 + line_offset
            col = i - (text.rfind("\n", 0, i) + 1) + 1
            name = "geschütztes Leerzeichen" if ch in "\u00a0\u202f" else unicodedata.name(ch, "Leerzeichen")
            problems.append(Problem(path, line, col, "", f"Hier steht ein besonderes Leerzeichen (U+{ord(ch):04X} "
                                    f"{name}), wie es Word oder ein E-Mail-Programm einfügt. Es wurde als normales "
                                    "Leerzeichen gelesen; ersetzen Sie es durch ein normales.", WARNING,
                                    "typography"))
    return "".join(out), problems


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


def _content_above(lines: list[str], row_no: int):
    """(number, line, stripped) of each line above row_no that holds more than a comment, nearest first."""
    for n in range(row_no - 1, -1, -1):
        text = lines[n].strip()
        if text and not text.startswith("#"):
            yield n, lines[n], text


def indentation_hint(lines: list[str], row_no: int, line_offset: int) -> str | None:
    """What an indentation error most likely is, from the lines above the one YAML stopped at."""
    if row_no >= len(lines):
        return None
    row = lines[row_no]
    indent, stripped = _indent(row), row.strip()
    if not stripped or stripped.startswith("#"):
        return None
    for n, above, text in _content_above(lines, row_no):
        if _indent(above) < indent and not text.startswith("- "):
            return None  # the parent key: nothing below it looks like a list item
        if text.startswith("- "):
            dash = _indent(above)
            content = dash + 2 + (len(text[2:]) - len(text[2:].lstrip(" ")))
            if stripped.startswith("- ") and dash != indent:
                return (f"Die Listeneinträge sind verschieden weit eingerückt: dieser mit {indent}, der in "
                        f"Zeile {n + 1 + line_offset} mit {dash} Leerzeichen vor „- “. Rücken Sie alle Einträge einer "
                        "Liste gleich weit ein.")
            if not stripped.startswith("- ") and dash <= indent < content:
                first = text[2:].strip().split(":", 1)[0]
                return (f"„{_cut(stripped)}“ gehört wohl zum Listeneintrag in Zeile {n + 1 + line_offset}, ist aber weniger "
                        f"weit eingerückt als dessen erstes Feld „{first}“. Rücken Sie die Zeile mit {content} "
                        f"statt {indent} Leerzeichen ein, genau unter „{first}“.")
            return None
    return None


_FIELD_LINE = re.compile(r"^((?:- +)*)([a-z][a-z0-9_]*):(?: +|$)")
_VALUE_LINE = re.compile(r"^((?:- +)*)([^\s:#\"'\[{][^:#]*?): +(\S.*)$")


def continuation_hint(lines: list[str], row_no: int, line_offset: int) -> str | None:
    """A line `feld: …` indented below a `key: value` line: YAML read it as the value's next line.

    Then "put the value in quotes" is the wrong advice when the line is a field of its own (a
    lowercase field name, as every Wegweiser field is): it was indented too far, or the line above
    too little (`name:` under an empty `provider:`). A line like `Zeit: dienstags` is text.
    """
    if row_no >= len(lines):
        return None
    row = lines[row_no]
    indent, stripped = _indent(row), row.strip()
    field = _FIELD_LINE.match(stripped)
    if field is None:
        return None
    for n, above, text in _content_above(lines, row_no):
        value = _VALUE_LINE.match(text)
        if value is None:
            return None
        key_col = _indent(above) + len(value.group(1))
        if indent <= key_col:
            return None
        key, name = value.group(2), field.group(2)
        return (f"„{name}“ ist weiter eingerückt als „{key}“ in Zeile {n + 1 + line_offset} darüber, deshalb liest "
                f"YAML die Zeile als Fortsetzung des Werts von „{key}“. Rücken Sie Felder desselben Abschnitts "
                f"gleich weit ein. (Gehört „{_cut(stripped)}“ zum Text, setzen Sie den ganzen Wert in "
                "Anführungszeichen.)")
    return None


def _cut(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


class Marks:
    """Where each scalar stands in the text, for finding the comments that cut a value short."""

    def __init__(self) -> None:
        self.quoted: list[tuple[int, int]] = []  # quoted and block scalars: a "#" in them is text
        self.closed: set[int] = set()  # ends of quoted scalars and flow collections
        self.plain: dict[int, tuple[tuple, int | None, str]] = {}  # end -> (path, key column, text)

    def scalar(self, event, path: tuple, key_col: int | None) -> None:
        """``key_col``: the column of the key whose value this scalar is, None for keys and items."""
        start, end = event.start_mark.index, event.end_mark.index
        if event.style:
            self.quoted.append((start, end))
            self.closed.add(end)
            return
        self.plain[end] = (path, key_col, event.value)


_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def cut_by_comments(text: str, marks: Marks, data, path: str, line_offset: int):
    """YAML reads `` #`` and the rest of the line as a comment: text a provider typed would vanish.

    A comment is fine on a line of its own and after a value that visibly ends (a quote, a closing
    bracket). After an unquoted value it cut that value short, and a comment line indented under a
    value looks like the value's next line: both are errors, quoting what would be lost.
    """
    quoted = sorted(marks.quoted)
    starts = [q[0] for q in quoted]
    comment_end = -1
    for m in _COMMENT.finditer(text):
        i = m.start()
        k = bisect.bisect_right(starts, i) - 1
        if i < comment_end or (k >= 0 and quoted[k][0] <= i < quoted[k][1]):
            continue
        line_start = text.rfind("\n", 0, i) + 1
        line_end = text.find("\n", i)
        comment_end = line_end if line_end >= 0 else len(text)
        comment = text[i: line_end if line_end >= 0 else len(text)].rstrip()
        before = text[line_start:i].rstrip()
        line, col = text.count("\n", 0, i) + 1 + line_offset, i - line_start + 1
        shown = _quote_short(comment)
        if not before.strip():
            previous_end = line_start - 1
            while previous_end > 0 and text[previous_end - 1] in " \t":
                previous_end -= 1
            field_path_, key_col, _ = marks.plain.get(previous_end, ((), None, ""))
            if key_col is not None and col > key_col:
                yield Problem(path, line, col, field_path(field_path_), f"Die Zeile „{shown}“ beginnt mit „#“ und "
                              "gilt darum in YAML als Kommentar: sie würde im Wert darüber fehlen. Gehört sie dazu, "
                              "setzen Sie den ganzen Wert in Anführungszeichen; sonst löschen Sie die Zeile.")
            continue
        end = line_start + len(before)
        if end in marks.closed:
            continue
        if before.endswith(":") and isinstance(_at(data, marks.plain.get(end - 1, (None,))[0]), (dict, list)):
            continue  # a note after a key whose fields or items follow below: nothing is cut
        if end in marks.plain:
            field_path_, _, value = marks.plain[end]
            whole = f"{value} {comment}"
            key = field_path_[-1] if field_path_ and isinstance(field_path_[-1], str) else None
            suggestion = (f"{key}: " if key else "") + _quoted(whole)
            yield Problem(path, line, col, field_path(field_path_), f"Ab „ #“ liest YAML den Rest der Zeile als "
                          f"Kommentar, „{shown}“ würde also im Wert fehlen. Setzen Sie den ganzen Wert in "
                          f"Anführungszeichen: {suggestion}")
        else:
            yield Problem(path, line, col, "", f"Ab „ #“ liest YAML den Rest der Zeile als Kommentar, "
                          f"„{shown}“ würde also nicht gelesen. Gehört es zum Wert, setzen Sie den ganzen "
                          "Wert in Anführungszeichen; ist es eine Notiz, löschen Sie sie.")


def _at(data, path: tuple | None):
    if path is None:
        return None
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _quote_short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _quoted(text: str) -> str:
    """The text as a YAML scalar in quotes that keep it exactly (no escapes in single quotes)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"
