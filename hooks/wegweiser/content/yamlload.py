"""Strict YAML: data as data, with the line and column of every key and value.

PyYAML's own constructors guess types (``NO`` -> False, ``01067`` -> 567) and expand aliases, so
this module builds the values itself from libyaml's event stream: a plain scalar stays its text
(``Plain``) until the schema asks for a number or a boolean, tags, anchors and aliases are refused
before anything is expanded, and duplicate keys are reported instead of the last one winning.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
import unicodedata

import yaml

from .problems import Problem, field_path

try:  # libyaml is ten times faster; the pure parser gives the same events
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _Loader = yaml.SafeLoader

# YAML 1.1 reads NEL, LINE and PARAGRAPH SEPARATOR as line breaks and other C1 controls are
# invisible: a value would silently change, so they are refused before parsing.
_HIDDEN_BREAKS = re.compile("[\x80-\x9f\u2028\u2029]")
MAX_DEPTH = 12
MAX_NODES = 20_000
_NULLS = {"", "~", "null", "Null", "NULL"}


class Plain(str):
    """An unquoted scalar: text, which the schema may read as a number or boolean."""


@dataclass
class Document:
    data: object
    # path tuple -> (line, col), 1-based, of each value and each mapping key
    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """The closest known position: the key or value itself, else its nearest parent."""
        path = tuple(path)
        while True:
            table = (self.keys, self.values) if key else (self.values, self.keys)
            for t in table:
                if path in t:
                    return t[path]
            if not path:
                return (1, 1)
            path = path[:-1]


_SYNTAX_HINTS = [
    ("tab", "Ein Tabulator wird hier zum Einrücken benutzt. YAML erlaubt nur Leerzeichen: "
            "ersetzen Sie die Tabulatoren durch Leerzeichen."),
    ("mapping values are not allowed", "Ein Doppelpunkt steht an einer Stelle, an der YAML ihn nicht "
            "erwartet. Steht im Wert ein „: “, setzen Sie den ganzen Wert in Anführungszeichen."),
    ("could not find expected ':'", "Hier fehlt ein Doppelpunkt nach dem Feldnamen (feld: wert), "
            "oder ein Anführungszeichen wurde nicht geschlossen."),
    ("did not find expected key", "Die Einrückung stimmt nicht: Felder auf derselben Ebene müssen "
            "genau gleich weit eingerückt sein."),
    ("did not find expected '-' indicator", "Die Einrückung der Liste stimmt nicht: jeder Eintrag "
            "beginnt gleich weit eingerückt mit „- “."),
    ("block sequence entries are not allowed", "Ein Listeneintrag („- “) steht an einer Stelle, an der "
            "ein Wert erwartet wird. Prüfen Sie Einrückung und Doppelpunkt der Zeile davor."),
    ("found unexpected end of stream", "Die Datei endet mitten in einem Wert: wahrscheinlich fehlt "
            "ein schließendes Anführungszeichen oder eine schließende Klammer."),
    ("found unknown escape character", "In doppelten Anführungszeichen leitet „\\“ ein Sonderzeichen "
            "ein. Verwenden Sie einfache Anführungszeichen oder schreiben Sie „\\\\“."),
    ("did not find expected node content", "Hier fehlt ein Wert, oder ein Zeichen wie „[“, „{“, „*“, "
            "„&“, „!“, „|“, „>“, „@“ oder „`“ steht am Anfang des Werts. Setzen Sie den Wert in "
            "Anführungszeichen."),
    ("found character that cannot start any token", "Ein Wert beginnt mit einem Zeichen, das in YAML "
            "eine Sonderbedeutung hat (z. B. „@“ oder „`“). Setzen Sie den Wert in Anführungszeichen."),
    ("did not find expected comment or line break", "Nach dem Wert steht noch etwas in der Zeile. "
            "Setzen Sie den ganzen Wert in Anführungszeichen."),
    ("control characters are not allowed", "Die Datei enthält ein unsichtbares Steuerzeichen. "
            "Löschen Sie es (oft hilft: die Zeile neu tippen)."),
    ("found undefined tag handle", "YAML-Tags (Wörter mit „!“ am Anfang) sind nicht erlaubt."),
    ("expected <block end>", "Die Einrückung stimmt nicht: ein Feld ist weiter oder weniger weit "
            "eingerückt als die Felder um es herum."),
    ("while scanning a quoted scalar", "Ein Anführungszeichen wurde nicht geschlossen."),
    ("while scanning a simple key", "Hier fehlt ein Doppelpunkt nach dem Feldnamen (feld: wert)."),
]


def _syntax_message(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = f"{err.context or ''} {err.problem or ''}".strip()
    if mark is not None:
        lines = text.split("\n")
        row = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in row[: mark.column + 1] or ("token" in problem and "\t" in row):
            problem = "tab " + problem
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return line, col, f"YAML-Syntaxfehler. {hint}"
    return line, col, (f"YAML-Syntaxfehler ({err.problem or err.context}). Prüfen Sie Einrückung, "
                       "Doppelpunkte und Anführungszeichen in dieser Zeile.")


def load(text: str, path: str, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document whose root must be a mapping.

    ``line_offset`` shifts reported lines, for front matter that starts below a ``---`` line.
    Returns (None, problems) when the text cannot be read as one document.
    """
    problems: list[Problem] = []
    doc = Document(data=None)

    def pos(event) -> tuple[int, int]:
        m = event.start_mark
        return (m.line + 1 + line_offset, m.column + 1)

    for m in _HIDDEN_BREAKS.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        name = unicodedata.name(m.group(0), "Steuerzeichen")
        problems.append(Problem(path, line + line_offset, col, "", f"Unsichtbares Steuerzeichen "
                                f"U+{ord(m.group(0)):04X} ({name}). YAML würde es als Zeilenumbruch lesen; "
                                "löschen Sie es."))
    if problems:
        return None, problems

    stack: list[list] = []  # frames: [kind, container, path, pending_key, seen_keys, start event]
    marks = _Marks()
    documents = 0
    nodes = 0
    root_set = False

    def place(value, event) -> None:
        """Attach a finished value to its parent and record where it stands."""
        nonlocal root_set
        if not stack:
            doc.data, root_set = value, True
            doc.values[()] = pos(event)
            return
        frame = stack[-1]
        if frame[0] == "seq":
            p = frame[2] + (len(frame[1]),)
            frame[1].append(value)
            doc.values.setdefault(p, pos(event))
            return
        if frame[3] is _NO_KEY:  # this value is a key
            if not isinstance(value, str):
                line, col = pos(event)
                problems.append(Problem(path, line, col, "", "Ein Feldname muss ein einfacher Text sein, "
                                        "keine Liste oder Zuordnung."))
                value = f"?{len(frame[1])}"
            key = str(value)
            kp = frame[2] + (key,)
            if key in frame[4]:
                first = frame[4][key]
                problems.append(Problem(path, pos(event)[0], pos(event)[1], _fp(kp),
                                        f"Das Feld „{key}“ steht zweimal in diesem Abschnitt (zuerst in "
                                        f"Zeile {first}). Löschen Sie eine der beiden Angaben."))
                frame[3] = _DUPLICATE
            else:
                frame[4][key] = pos(event)[0]
                doc.keys[kp] = pos(event)
                frame[3] = key
            return
        key, frame[3] = frame[3], _NO_KEY
        if key is _DUPLICATE:
            return  # the first occurrence is kept; the error above fails the file
        p = frame[2] + (key,)
        frame[1][key] = value
        doc.values[p] = pos(event)

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, col = pos(event)
                    problems.append(Problem(path, line, col, "", "Die Datei enthält mehr als ein "
                                            "YAML-Dokument. Entfernen Sie die zusätzliche Zeile „---“."))
                    return None, problems
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            line, col = pos(event)
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem(path, line, col, _current(stack), "Verweise mit „*“ (YAML-Aliase) "
                                        "sind nicht erlaubt. Schreiben Sie den Wert aus."))
                place(None, event)
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                problems.append(Problem(path, line, col, _current(stack), f"Anker wie „&{anchor}“ sind "
                                        "nicht erlaubt. Schreiben Sie jeden Wert aus."))
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                problems.append(Problem(path, line, col, _current(stack), f"YAML-Tags wie „{shown}“ sind "
                                        "nicht erlaubt. Soll der Wert Text sein, setzen Sie ihn in "
                                        "Anführungszeichen."))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent)):
                nodes += 1
                if nodes > MAX_NODES:
                    problems.append(Problem(path, line, col, "", f"Die Datei enthält zu viele Einträge "
                                            f"(mehr als {MAX_NODES})."))
                    return None, problems
            if isinstance(event, yaml.ScalarEvent):
                marks.scalar(event, stack, doc)
                place(_scalar(event), event)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem(path, line, col, _current(stack), f"Die Daten sind zu tief "
                                            f"verschachtelt (mehr als {MAX_DEPTH} Ebenen)."))
                    return None, problems
                is_map = isinstance(event, yaml.MappingStartEvent)
                parent_path = _child_path(stack)
                stack.append(["map" if is_map else "seq", {} if is_map else [], parent_path,
                              _NO_KEY, {}, event])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if getattr(frame[5], "flow_style", False):
                    marks.closed.add(event.end_mark.index)
                place(frame[1], frame[5])
    except yaml.MarkedYAMLError as err:
        line, col, message = _syntax_message(err, text)
        problems.append(Problem(path, line + line_offset, col, "", message))
        return None, problems
    except yaml.YAMLError as err:  # reader errors carry no mark
        problems.append(Problem(path, 1 + line_offset, 1, "", f"Die Datei kann nicht gelesen werden "
                                f"({err})."))
        return None, problems
    cut = list(_cut_by_comments(text, marks, doc.data, path, line_offset))
    if cut:
        return doc if isinstance(doc.data, dict) else None, problems + cut
    if not root_set or doc.data is None:
        problems.append(Problem(path, 1 + line_offset, 1, "", "Hier stehen keine Daten. Erwartet werden "
                                "Felder in der Form „feld: wert“."))
        return None, problems
    if not isinstance(doc.data, dict):
        line, col = doc.values[()]
        problems.append(Problem(path, line, col, "", "Oben müssen Felder in der Form „feld: wert“ stehen, "
                                "keine Liste und kein einzelner Text."))
        return None, problems
    return doc, problems


_NO_KEY = object()
_DUPLICATE = object()


class _Marks:
    """Where each scalar stands in the text, for finding the comments that cut a value short."""

    def __init__(self) -> None:
        self.quoted: list[tuple[int, int]] = []  # quoted and block scalars: a "#" in them is text
        self.closed: set[int] = set()  # ends of quoted scalars and flow collections
        self.plain: dict[int, tuple[tuple, int | None, str]] = {}  # end -> (path, key column, text)

    def scalar(self, event, stack: list, doc: "Document") -> None:
        start, end = event.start_mark.index, event.end_mark.index
        if event.style:
            self.quoted.append((start, end))
            self.closed.add(end)
            return
        key_col = None
        if not stack:
            path = ()
        elif stack[-1][0] == "seq":
            path = stack[-1][2] + (len(stack[-1][1]),)
        elif stack[-1][3] is _NO_KEY or stack[-1][3] is _DUPLICATE:
            path = stack[-1][2] + (event.value,)
        else:
            path = stack[-1][2] + (stack[-1][3],)
            key_col = doc.keys.get(path, (0, None))[1]
        self.plain[end] = (path, key_col, event.value)


_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def _cut_by_comments(text: str, marks: _Marks, data, path: str, line_offset: int):
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
                yield Problem(path, line, col, _fp(field_path_), f"Die Zeile „{shown}“ beginnt mit „#“ und "
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
            yield Problem(path, line, col, _fp(field_path_), f"Ab „ #“ liest YAML den Rest der Zeile als "
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


def _scalar(event: yaml.ScalarEvent):
    if not event.style:  # plain (libyaml says "", the pure parser None)
        return None if event.value in _NULLS else Plain(event.value)
    if event.style in ("|", ">"):
        return event.value.rstrip("\n")
    return event.value


def _child_path(stack: list) -> tuple:
    """Path of the container that is about to start, from the frames above it."""
    if not stack:
        return ()
    frame = stack[-1]
    if frame[0] == "seq":
        return frame[2] + (len(frame[1]),)
    key = frame[3]
    if key is _NO_KEY or key is _DUPLICATE:
        return frame[2] + ("?",)
    return frame[2] + (key,)


def _current(stack: list) -> str:
    return _fp(_child_path(stack)) if stack else ""


def _fp(path: tuple) -> str:
    return field_path(path)
