"""Command line: ``wegweiser check`` for providers and staff, ``wegweiser new`` and
``wegweiser import`` for staff,
``wegweiser schema`` for maintainers."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import scaffold
from .content import fieldref, schema
from .content.directory import load_directory, load_vocabulary
from .content.files import Source, shown_path
from .model import ConfigError, today
from .content.problems import INTERNAL, summary

SCHEMA_FILES = {"offer.schema.json": lambda v: schema.offer_schema(v),
                "district.schema.json": lambda v: schema.district_schema(),
                "vocabulary.schema.json": lambda v: schema.vocabulary_schema(),
                "vocabulary-translation.schema.json": lambda v: schema.vocabulary_translation_schema(),
                "offer-translation.schema.json": lambda v: schema.offer_translation_schema()}


def generated_files(content: Path) -> dict[str, str]:
    """Relative path -> text of every file derived from the schema (editors' schemas, field docs)."""
    problems: list = []
    vocab = load_vocabulary(Source("vocabulary", content / "vocabulary.yml",
                                   shown_path(content / "vocabulary.yml")), problems)
    if vocab is None:
        raise ConfigError("vocabulary.yml ist fehlerhaft: " + "; ".join(p.format() for p in problems))
    out = {f"schema/{name}": schema.dumps(make(vocab)) for name, make in SCHEMA_FILES.items()}
    out["docs/felder.md"] = fieldref.render(vocab)
    return out


def cmd_check(args) -> int:
    started = time.perf_counter()
    result = load_directory(Path(args.content), today())
    for p in result.problems:
        print(p.format_github() if args.format == "github" else p.format())
    failed = result.errors or (args.strict and result.problems)
    seconds = time.perf_counter() - started
    line = f"{summary(result.problems, result.files)} ({seconds:.2f} s)"
    if args.format == "github":
        print(f"::notice title=Wegweiser-Prüfung::{line}")
    print(line if failed or not result.problems else line + " – Warnungen brechen den Bau nicht ab.",
          file=sys.stderr if args.format == "github" else sys.stdout)
    return exit_code(result, args.strict)


def exit_code(result, strict: bool) -> int:
    """0 clean (or only warnings), 1 mistakes in the files, 3 a bug of Wegweiser met on the way."""
    if any(p.kind == INTERNAL for p in result.problems):
        return 3
    return 1 if result.errors or (strict and result.problems) else 0


def cmd_new(args) -> int:
    """Ask for (or take from flags) what a valid offer needs, write it, and check it."""
    content = Path(args.content)
    answers: dict = {}
    missing = []
    for key, flag, question, kind in scaffold.QUESTIONS:
        value = getattr(args, key)
        while value is None and sys.stdin.isatty():
            try:
                value = scaffold.read_answer(kind, input(f"{question}: "))
            except ValueError as err:
                print(err)
        if value is None:
            missing.append(flag)
            continue
        answers[key] = scaffold.read_answer(kind, value) if isinstance(value, str) and kind != str else value
    if missing:
        print("Es fehlen Angaben: " + ", ".join(missing) + ". Geben Sie sie als Optionen an "
              "(wegweiser new --help) oder starten Sie den Befehl in einem Terminal, dann fragt er nach.",
              file=sys.stderr)
        return 2
    answers.update(phone=args.phone, website=args.website, delivery=_list(args.delivery),
                   place=args.place.split("|") if args.place else None)
    if answers["place"] is not None and len(answers["place"]) != 7:
        print("--place braucht sieben Teile: Name|Straße|PLZ|Ort|Stadtteil|Breitengrad|Längengrad.", file=sys.stderr)
        return 2
    try:
        oid, path = scaffold.target(content, answers["name"], args.id)
    except ValueError as err:
        print(f"Fehler: {err}", file=sys.stderr)
        return 2
    body = args.description or "Hier beschreiben Sie in einfachen Worten, was Familien erwartet."
    path.write_text(scaffold.file_text(scaffold.offer(answers, today()), body), encoding="utf-8")
    result = load_directory(content, today())
    own = [p for p in result.problems if Path(p.path).resolve() == path.resolve()]
    for p in own:
        print(p.format())
    if any(p.is_error for p in own):
        path.unlink()
        print(f"{shown_path(path)} wurde nicht angelegt: beheben Sie die Fehler oben.", file=sys.stderr)
        return 1
    print(f"angelegt: {shown_path(path)} (Kennung {oid}). Ergänzen Sie Beschreibung, Zeiten und Orte, "
          "dann: wegweiser check.")
    return 0


def _list(text: str | None) -> list[str] | None:
    return [p.strip() for p in text.split(",") if p.strip()] if text else None


def cmd_schema(args) -> int:
    files = generated_files(Path(args.content))
    stale = []
    for rel, text in files.items():
        path = Path(rel)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(rel)
            if args.write:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for rel in stale:
        print(("geschrieben: " if args.write else "veraltet: ") + rel)
    if stale and not args.write:
        print("Schema-Dateien sind veraltet: führen Sie „make schema“ aus.")
        return 1
    return 0


def cmd_import(args) -> int:
    from .intake import cli as intake_cli  # openpyxl and friends load only for an import
    return intake_cli.main(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wegweiser", description="Wegweiser: Angebote prüfen und "
                                     "Schema-Dateien erzeugen.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="alle Inhaltsdateien prüfen")
    check.add_argument("--content", default="content", help="Inhaltsordner (Standard: content)")
    check.add_argument("--strict", action="store_true", help="auch Warnungen als Fehler werten")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="Ausgabe: text oder github (Annotationen für GitHub Actions)")
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", help="ein neues Angebot anlegen (fragt nach, was fehlt)")
    new.add_argument("--content", default="content")
    for key, flag, question, kind in scaffold.QUESTIONS:
        new.add_argument(flag, dest=key, help=question)
    new.add_argument("--id", help="Kennung (Standard: aus dem Namen)")
    new.add_argument("--phone", help="Telefon der Einrichtung")
    new.add_argument("--website", help="Webseite, https://")
    new.add_argument("--delivery", help="ohne Ort: z. B. online,telefon")
    new.add_argument("--place", help="ein Ort: Name|Straße|PLZ|Ort|Stadtteil|Breitengrad|Längengrad")
    new.add_argument("--description", help="Beschreibungstext")
    new.set_defaults(func=cmd_new)
    sch = sub.add_parser("schema", help="Editor-Schemas und Feldreferenz prüfen oder schreiben")
    sch.add_argument("--content", default="content")
    sch.add_argument("--write", action="store_true", help="veraltete Dateien neu schreiben")
    sch.set_defaults(func=cmd_schema)
    imp = sub.add_parser("import", help="Angebote aus einer Tabelle (.xlsx, .csv) oder einem HSDS-Export "
                         "übernehmen", description="Schreibt je Zeile der Quelle eine Angebotsdatei. Mit "
                         "--dry-run wird nur gezeigt, was geschähe.")
    imp.add_argument("source", help="die Quelle: .xlsx, .csv, HSDS-.json oder ein Ordner mit HSDS-Tabellen")
    imp.add_argument("--mapping", help="die Zuordnungsdatei (YAML); „hsds“ für die mitgelieferte HSDS-Zuordnung")
    imp.add_argument("--out", default=None, help="Zielordner (Standard: content/offers)")
    imp.add_argument("--content", default="content", help="Inhaltsordner (Standard: content)")
    imp.add_argument("--dry-run", action="store_true", help="nichts schreiben, nur zeigen")
    imp.add_argument("--partial", action="store_true", help="fehlerfreie Zeilen schreiben, auch wenn andere "
                     "Fehler haben")
    imp.add_argument("--template", action="store_true", help="eine kommentierte Zuordnung für die Spalten der "
                     "Quelle schreiben (nach --mapping oder auf die Ausgabe)")
    imp.add_argument("--city", default=None, help="Name der Stadt (Standard: aus mkdocs.yml)")
    imp.set_defaults(func=cmd_import)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as err:
        print(f"Fehler: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug of ours must not look like a provider's mistake
        if os.environ.get("WEGWEISER_DEBUG"):
            raise
        print(f"Interner Fehler in Wegweiser (kein Fehler in Ihren Dateien): {type(err).__name__}: {err}. "
              "Bitte melden Sie ihn dem Koordinationsbüro; mit WEGWEISER_DEBUG=1 erscheinen Details.",
              file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
