"""Strict YAML: data as data, with the line and column of every key and value.

PyYAML's own constructors guess types (``NO`` -> False, ``01067`` -> 567) and expand aliases, so
this module builds the values itself from libyaml's event stream: a plain scalar stays its text
(``Plain``) until the schema asks for a number or a boolean, tags, anchors and aliases are refused
before anything is expanded, and duplicate keys are reported instead of the last one winning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
import unicodedata

import yaml

from . import yamltext
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


def _duplicate_message(key: str, frame: list, where: tuple[int, int]) -> tuple[tuple, str]:
    """A second `name:` right under an empty `provider:` was meant to be indented under it.

    Then the problem is the empty field's (its follow-up "value missing" stays unsaid), and the
    advice is to indent, never to delete a value.
    """
    first = frame[4][key]
    above = list(frame[1])[-1] if frame[1] else None
    if above is not None and frame[1][above] is None and frame[4].get(above, 0) < where[0]:
        return frame[2] + (above,), (f"„{key}“ steht in diesem Abschnitt schon in Zeile {first}, und „{above}“ darüber ist leer: "
                f"wahrscheinlich gehört „{key}“ zu „{above}“. Rücken Sie die Zeile unter „{above}:“ ein, "
                f"z. B. mit zwei Leerzeichen mehr: „  {key}: …“.")
    return frame[2] + (key,), (f"Das Feld „{key}“ steht zweimal in diesem Abschnitt (zuerst in Zeile {first}). "
                               "Prüfen Sie, welche Angabe stimmt, und löschen Sie die andere.")


def _syntax_message(err: yaml.MarkedYAMLError, text: str, line_offset: int = 0) -> tuple[int, int, str]:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = f"{err.context or ''} {err.problem or ''}".strip()
    if mark is not None:
        lines = text.split("\n")
        row = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in row[: mark.column + 1] or ("token" in problem and "\t" in row):
            problem = "tab " + problem
        elif any(k in problem for k in ("expected '-' indicator", "expected <block end>", "expected key")):
            hint = yamltext.indentation_hint(lines, mark.line, line_offset)
            if hint:
                return line, col, f"YAML-Syntaxfehler. {hint}"
        elif ("expected ',' or ']'" in problem or "expected ',' or '}'" in problem) and err.context_mark:
            return _unclosed_message(err, lines, line_offset)
        elif "mapping values are not allowed" in problem:
            hint = yamltext.continuation_hint(lines, mark.line, line_offset)
            if hint:
                return line, col, f"YAML-Syntaxfehler. {hint}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return line, col, f"YAML-Syntaxfehler. {hint}"
    return line, col, (f"YAML-Syntaxfehler ({err.problem or err.context}). Prüfen Sie Einrückung, "
                       "Doppelpunkte und Anführungszeichen in dieser Zeile.")


def _unclosed_message(err: yaml.MarkedYAMLError, lines: list[str], line_offset: int) -> tuple[int, int, str]:
    """`[de, tr` or `{free: true # kostenlos}`: the bracket opened in one line is never closed."""
    start = err.context_mark
    row = lines[start.line] if start.line < len(lines) else ""
    opening = row[start.column: start.column + 1] if start.column < len(row) else "["
    closing = "]" if opening == "[" else "}"
    message = (f"YAML-Syntaxfehler. Die Klammer „{opening}“ wird nicht geschlossen: es fehlt „{closing}“ am Ende "
               "oder ein Komma zwischen zwei Einträgen.")
    if re.search(r"(^|\s)#", row[start.column:]):
        message += (f" Ab „ #“ gilt der Rest der Zeile als Kommentar, auch das „{closing}“. Schreiben Sie eine "
                    "Notiz hinter die Klammer, oder setzen Sie einen Wert mit „#“ in Anführungszeichen.")
    return start.line + 1, start.column + 1, message


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
    text, problems = yamltext.plain_spaces(text, path, line_offset)

    stack: list[list] = []  # frames: [kind, container, path, pending_key, seen_keys, start event]
    marks = yamltext.Marks() if "#" in text else None  # only a "#" can cut a value short
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
                field_, message = _duplicate_message(key, frame, pos(event))
                problems.append(Problem(path, pos(event)[0], pos(event)[1], _fp(field_), message))
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
                if marks is not None:
                    marks.scalar(event, *_scalar_place(stack, event, doc))
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
                if marks is not None and getattr(frame[5], "flow_style", False):
                    marks.closed.add(event.end_mark.index)
                place(frame[1], frame[5])
    except yaml.MarkedYAMLError as err:
        line, col, message = _syntax_message(err, text, line_offset)
        problems.append(Problem(path, line + line_offset, col, "", message))
        return None, problems
    except yaml.YAMLError as err:  # reader errors carry no mark
        problems.append(Problem(path, 1 + line_offset, 1, "", f"Die Datei kann nicht gelesen werden "
                                f"({err})."))
        return None, problems
    cut = list(yamltext.cut_by_comments(text, marks, doc.data, path, line_offset)) if marks is not None else []
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


def _scalar_place(stack: list, event, doc: Document) -> tuple[tuple, int | None]:
    """The path of a scalar about to be placed, and the column of its key if it is a mapping value."""
    if not stack:
        return (), None
    frame = stack[-1]
    if frame[0] == "seq":
        return frame[2] + (len(frame[1]),), None
    if frame[3] is _NO_KEY or frame[3] is _DUPLICATE:
        return frame[2] + (event.value,), None
    path = frame[2] + (frame[3],)
    return path, doc.keys.get(path, (0, None))[1]


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
