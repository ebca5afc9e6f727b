"""Finding and reading the content files: the repository guards come first.

Only the layout of the content model is read (offers, districts, their boundaries, the
vocabulary). Anything else in ``content/`` is named, never silently published or ignored, and a
symlink is refused before it is followed, so no file from outside the repository can leak in.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .spelling import slug
from .problems import Problem
from .schema import ID

MAX_FILE_BYTES = 200_000  # an offer is a few KB; the boundaries file of a city is larger
MAX_GEOJSON_BYTES = 20_000_000
_ID_RE = re.compile(ID)
# Files people keep next to content that are not content.
_IGNORED_NAMES = {"README.md", "LIESMICH.md", ".gitkeep", ".DS_Store", "Thumbs.db"}


@dataclass(frozen=True)
class Source:
    kind: str  # "offer" | "offer_translation" | "district" | "vocabulary" | "vocabulary_translation" | "holidays" | "boundaries"
    path: Path
    shown: str  # the path as printed in problems
    id: str = ""


@dataclass
class Text:
    source: Source
    front: str  # YAML
    front_line: int  # line number of the YAML's first line, 1-based
    body: str = ""
    body_line: int = 0


def shown_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def discover(content: Path) -> tuple[list[Source], list[Problem]]:
    """Every content file by kind, and a problem for everything that does not belong."""
    sources: list[Source] = []
    problems: list[Problem] = []
    if not content.is_dir():
        return [], [Problem(shown_path(content), 0, 0, "", "Der Inhaltsordner fehlt. Erwartet wird ein "
                            "Ordner mit offers/, districts/ und vocabulary.yml.")]

    def bad(path: Path, message: str) -> None:
        problems.append(Problem(shown_path(path), 0, 0, "", message))

    for dirpath, dirnames, filenames in os.walk(content, followlinks=False):
        here = Path(dirpath)
        rel = here.relative_to(content)
        shown_here = shown_path(here)  # once per folder, not per file: relpath costs a getcwd each
        kept = []
        for name in sorted(dirnames):
            sub = here / name
            if sub.is_symlink():
                bad(sub, "Symbolische Links sind im Inhaltsordner nicht erlaubt. Legen Sie den Ordner als "
                    "echten Ordner an.")
            elif rel == Path(".") and name in ("offers", "districts"):
                kept.append(name)
            else:
                bad(sub, "Unterordner sind hier nicht vorgesehen. Angebote gehören direkt in "
                    "content/offers/, Stadtteile direkt in content/districts/.")
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            if path.is_symlink():
                bad(path, "Symbolische Links sind im Inhaltsordner nicht erlaubt. Legen Sie eine echte "
                    "Datei an.")
                continue
            if name in _IGNORED_NAMES:
                continue
            source = _classify(rel, name, path, name if shown_here == "." else f"{shown_here}/{name}")
            if source is None:
                bad(path, _misplaced_hint(rel, name))
            elif isinstance(source, str):
                bad(path, source)
            else:
                sources.append(source)
    if not any(s.kind == "vocabulary" for s in sources):
        bad(content / "vocabulary.yml", "Die Datei mit den Wortlisten (vocabulary.yml) fehlt.")
    return sources, problems


# vocabulary.tr.yml: the vocabulary's labels and synonyms in one more language
_VOCAB_TRANSLATION = re.compile(r"vocabulary\.[a-z]{2,3}\.yml")
# krabbelgruppe-erle.tr.md: an offer's text in one more language, next to the German file
_OFFER_TRANSLATION = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\.[a-z]{2,3}\.md")


def _classify(rel: Path, name: str, path: Path, shown: str) -> Source | str | None:
    top = rel.parts[0] if rel.parts else ""
    if not rel.parts and name == "vocabulary.yml":
        return Source("vocabulary", path, shown)
    if not rel.parts and name == "holidays.yml":
        return Source("holidays", path, shown)
    if not rel.parts and _VOCAB_TRANSLATION.fullmatch(name):
        return Source("vocabulary_translation", path, shown, name.split(".")[1])
    if top == "districts" and name == "boundaries.geojson":
        return Source("boundaries", path, shown)
    if top == "offers" and len(rel.parts) == 1 and _OFFER_TRANSLATION.fullmatch(name):
        return Source("offer_translation", path, shown, name.removesuffix(".md"))  # id "<offer>.<lang>"
    if top in ("offers", "districts") and len(rel.parts) == 1:
        stem, dot, ext = name.rpartition(".")
        if not dot or ext != "md":
            return None
        if not _ID_RE.match(stem) or len(stem) > 80:
            return (f"Der Dateiname „{name}“ ist keine gültige Kennung. Erlaubt sind Kleinbuchstaben "
                    "a–z, Ziffern und einzelne Bindestriche, höchstens 80 Zeichen, z. B. "
                    f"„{_suggest_id(stem)}.md“. Der Name wird Teil der Webadresse und bleibt fest.")
        return Source("offer" if top == "offers" else "district", path, shown, stem)
    return None


def _misplaced_hint(rel: Path, name: str) -> str:
    if name.endswith((".yml", ".yaml")) and rel.parts[:1] in (("offers",), ("districts",)):
        return ("Angebote und Stadtteile sind Markdown-Dateien mit Kopfbereich (Endung .md), keine "
                ".yml-Dateien.")
    return ("Diese Datei gehört nicht in den Inhaltsordner und wird nicht veröffentlicht. Erlaubt sind "
            "offers/*.md, districts/*.md, districts/boundaries.geojson, vocabulary.yml, holidays.yml und "
            "Übersetzungen wie vocabulary.tr.yml oder offers/<kennung>.tr.md. Entfernen Sie "
            "die Datei oder verschieben Sie sie.")


def _suggest_id(stem: str) -> str:
    return slug(stem)[:80].rstrip("-") or "mein-angebot"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def read_text(source: Source) -> tuple[str | None, list[Problem]]:
    """The file as text: UTF-8 only (a BOM is tolerated), bounded in size, no NUL bytes."""
    limit = MAX_GEOJSON_BYTES if source.kind == "boundaries" else MAX_FILE_BYTES

    def fail(message: str, line: int = 0, col: int = 0):
        return None, [Problem(source.shown, line, col, "", message)]

    try:
        size = source.path.stat().st_size
        if size > limit:
            return fail(f"Die Datei ist zu groß ({_thousands(size)} Bytes, erlaubt sind {_thousands(limit)}). "
                        "Ist sie die richtige Datei?")
        raw = source.path.read_bytes()
    except OSError as err:
        return fail(f"Die Datei kann nicht gelesen werden ({err.strerror}).")
    if not raw.strip():
        return fail("Die Datei ist leer.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail("Die Datei ist in UTF-16 gespeichert. Speichern Sie sie als UTF-8 (in den meisten "
                    "Editoren: „Speichern unter“ → Kodierung „UTF-8“).")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return fail("Die Datei ist nicht in UTF-8 gespeichert (vermutlich Latin-1/Windows-1252, z. B. "
                    "bei Umlauten). Speichern Sie sie als UTF-8.", line, col)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return fail("Die Datei enthält ein NUL-Zeichen und ist vermutlich keine Textdatei.", line, 1)
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(source: Source, text: str) -> tuple[Text | None, list[Problem]]:
    """Separate the YAML between the first two ``---`` lines from the Markdown body."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [Problem(source.shown, 1, 1, "", "Die Datei muss mit einer Zeile „---“ beginnen; "
                              "darunter stehen die Felder, dann wieder „---“, dann der Beschreibungstext.")]
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            body = "\n".join(lines[i + 1:])
            return Text(source, "\n".join(lines[1:i]) + "\n", 2, body, i + 2), []
    return None, [Problem(source.shown, 1, 1, "", "Der Kopfbereich wird nicht mit einer Zeile „---“ "
                          "geschlossen. Setzen Sie „---“ zwischen die Felder und den Beschreibungstext.")]
