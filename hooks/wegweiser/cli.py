"""Command line: ``wegweiser check`` for providers and staff, ``wegweiser new`` and
``wegweiser import`` for staff, ``wegweiser schema`` for maintainers, and what CI runs around a pull
request (``summary``, ``scope``, ``codeowners``, ``report``: review/)."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import scaffold
from .content import fieldref, fileschemas, history, schema, scope
from .content.checkcache import DiskStore, default_dir
from .content.directory import LoadCache, load_directory, load_vocabulary
from .content.files import Source, shown_path
from .model import ConfigError, today
from .content.problems import INTERNAL, summary
from .review import changes as review_changes, codeowners, codequality, config as review_config, \
    report as review_report, summary as review_summary

SCHEMA_FILES = {"offer.schema.json": lambda v: schema.offer_schema(v),
                "district.schema.json": lambda v: fileschemas.district_schema(),
                "vocabulary.schema.json": lambda v: fileschemas.vocabulary_schema(),
                "holidays.schema.json": lambda v: fileschemas.holidays_schema(),
                "vocabulary-translation.schema.json": lambda v: fileschemas.vocabulary_translation_schema(),
                "offer-translation.schema.json": lambda v: fileschemas.offer_translation_schema()}


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
    content = Path(args.content)
    cache = LoadCache(None if args.no_cache else DiskStore(default_dir(content), content))
    result = load_directory(content, today(), cache)
    if args.base:
        current = {s.stem for s in (content / "offers").glob("*.md")}
        result.problems += history.removed_offers(content, args.base, result.directory, current)
        result.problems.sort(key=lambda p: (p.path, p.line, p.col))
    shown, files = result.problems, result.files
    if args.files:
        chosen = scope.scope(args.files, content, result.links)
        for name in chosen.ignored:
            print(f"{name}: keine Inhaltsdatei in {shown_path(content)}/, nicht geprüft.", file=sys.stderr)
        shown = chosen.select(result.problems)
        files = len(chosen.files) if chosen.files is not None else result.files
    if args.format == "gitlab":
        sys.stdout.write(codequality.dumps(shown))
    for p in shown if args.format != "gitlab" else ():
        print(p.format_github() if args.format == "github" else p.format())
    failed = [p for p in shown if p.is_error] or (args.strict and shown)
    seconds = time.perf_counter() - started
    line = f"{summary(shown, files)} ({seconds:.2f} s)"
    if args.files and files != result.files:
        line = (f"{summary(shown, files)}: die genannten und die davon abhängigen, von {result.files} "
                f"Dateien ({seconds:.2f} s)")
    if args.format == "github":
        print(f"::notice title=Wegweiser-Prüfung::{line}")
    print(line if failed or not shown else line + " – Warnungen brechen den Bau nicht ab.",
          file=sys.stdout if args.format == "text" else sys.stderr)
    return exit_code(shown, args.strict)


def exit_code(problems, strict: bool) -> int:
    """0 clean (or only warnings), 1 mistakes in the files, 3 a bug of Wegweiser met on the way."""
    if any(p.kind == INTERNAL for p in problems):
        return 3
    return 1 if any(p.is_error for p in problems) or (strict and problems) else 0


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


def _changes(args) -> list:
    try:
        return review_changes.changed_files(args.base)
    except review_changes.GitError as err:
        raise ConfigError(str(err)) from None


def cmd_summary(args) -> int:
    result = load_directory(Path(args.content), today())
    print(review_summary.markdown(result.problems, result.files, result.directory, _changes(args),
                                  Path(args.content).as_posix()), end="")
    return 0


def cmd_scope(args) -> int:
    violation = review_changes.scope_violation(_changes(args), Path(args.content).as_posix())
    if violation:
        print("Fehler: " + review_changes.scope_message(*violation), file=sys.stderr)
        return 1
    print("Umfang in Ordnung: nur Inhalte oder nur Programm geändert.")
    return 0


def cmd_codeowners(args) -> int:
    cfg = review_config.load(args.config)
    staff = codeowners.staff_owners(cfg.staff)
    result = load_directory(Path(cfg.settings.content), today())
    if result.directory is None or result.errors:
        for p in result.errors:
            print(p.format(), file=sys.stderr)
        raise ConfigError("CODEOWNERS entsteht aus den Inhalten: erst die Fehler oben beheben.")
    text = codeowners.render(result.directory, staff)
    stale = [rel for rel in codeowners.FILES.values()
             if not Path(rel).exists() or Path(rel).read_text(encoding="utf-8") != text]
    for rel in stale:
        if args.check:
            print(f"veraltet: {rel}")
        else:
            Path(rel).parent.mkdir(parents=True, exist_ok=True)
            Path(rel).write_text(text, encoding="utf-8")
            print(f"geschrieben: {rel}")
    if stale and args.check:
        print("CODEOWNERS passt nicht zu den Inhalten: führen Sie „wegweiser codeowners“ aus und "
              "nehmen Sie die Dateien in den Pull-Request auf.")
        return 1
    return 0


def cmd_report(args) -> int:
    cfg = review_config.load(args.config)
    result = load_directory(Path(args.content or cfg.settings.content), today())
    if result.directory is None:
        raise ConfigError("; ".join(p.format() for p in result.errors))
    kinds = tuple(k.strip() for k in args.only.split(",")) if args.only else None
    print(review_report.markdown(result.directory, cfg, kinds), end="")
    return 0


def cmd_import(args) -> int:
    from .intake import cli as intake_cli  # openpyxl and friends load only for an import
    return intake_cli.main(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wegweiser", description="Wegweiser: Angebote prüfen und "
                                     "Schema-Dateien erzeugen.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="alle Inhaltsdateien prüfen")
    check.add_argument("files", nargs="*", metavar="DATEI", help="nur die Probleme dieser Dateien und der "
                       "davon abhängigen zeigen (z. B. die in einem Pull-Request geänderten)")
    check.add_argument("--content", default="content", help="Inhaltsordner (Standard: content)")
    check.add_argument("--strict", action="store_true", help="auch Warnungen als Fehler werten")
    check.add_argument("--format", choices=["text", "github", "gitlab"], default="text",
                       help="Ausgabe: text, github (Annotationen für GitHub Actions) oder gitlab "
                       "(Code-Quality-Bericht als JSON auf der Standardausgabe)")
    check.add_argument("--base", metavar="REF", help="mit einer Git-Version vergleichen (z. B. origin/main) "
                       "und vor Angeboten warnen, deren Adresse verschwunden ist")
    check.add_argument("--no-cache", action="store_true", help="jede Datei neu prüfen, ohne den "
                       "Zwischenspeicher in .cache/ zu lesen oder zu schreiben")
    check.set_defaults(func=cmd_check)
    summ = sub.add_parser("summary", help="Zusammenfassung eines Pull-Requests als Markdown")
    summ.add_argument("--content", default="content")
    summ.add_argument("--base", required=True, help="Zielzweig oder Commit, z. B. origin/main")
    summ.set_defaults(func=cmd_summary)
    scope = sub.add_parser("scope", help="Regel prüfen: Inhalte oder Programm ändern, nie beides")
    scope.add_argument("--content", default="content")
    scope.add_argument("--base", required=True, help="Zielzweig oder Commit, z. B. origin/main")
    scope.set_defaults(func=cmd_scope)
    owners = sub.add_parser("codeowners", help=".github/CODEOWNERS und .gitlab/CODEOWNERS erzeugen")
    owners.add_argument("--config", default="mkdocs.yml")
    owners.add_argument("--check", action="store_true", help="nur prüfen, ob die Dateien aktuell sind")
    owners.set_defaults(func=cmd_codeowners)
    rep = sub.add_parser("report", help="Qualitätsbericht (abgelaufen, veraltet, …) als Markdown")
    rep.add_argument("--config", default="mkdocs.yml")
    rep.add_argument("--content", default=None, help="Inhaltsordner (Standard: aus mkdocs.yml)")
    rep.add_argument("--format", choices=["markdown"], default="markdown")
    rep.add_argument("--only", default="", help="nur diese Gruppen, z. B. expired,expiring,stale")
    rep.set_defaults(func=cmd_report)
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
