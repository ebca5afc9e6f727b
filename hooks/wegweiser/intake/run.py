"""`wegweiser import`: read the source, build every offer, check them as `wegweiser check` would,
then write all of them, or none (unless --partial), and remember what was written (state.py).

Every message names the source's row and column, not the file that would be written:
``angebote.xlsx:Zeile 17:Spalte „Öffnungszeiten“: schedule: …``.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..content import files, schema, yamlload
from ..content.directory import LoadCache, load_directory
from ..content.validate import SchemaCheck
from ..model import ConfigError
from . import ids, mapping as mapping_, sources, state as state_, writer
from .convert import Context, Reader
from .values import Built
from .mapping import BODY, norm
from .places import AddressTable, Districts

PACKAGED = {"hsds": Path(__file__).with_name("hsds.yml")}


@dataclass
class Options:
    source: Path
    mapping: Path
    content: Path
    out: Path
    today: dt.date
    city: str = ""
    dry_run: bool = False
    partial: bool = False
    state: Path | None = None  # default: beside the mapping


@dataclass
class Planned:
    built: Built
    id: str
    text: str
    change: str  # "neu" | "geändert" | "unverändert"
    conflicts: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    record: dict = field(default_factory=dict)
    fields: list = field(default_factory=list)  # what a re-import changes in the file


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    written: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed_rows: int = 0
    no_coordinates: int = 0
    conflicts: int = 0
    seconds: float = 0.0

    def summary(self, dry_run: bool) -> str:
        verb = ("würde geschrieben" if self.written == 1 else "würden geschrieben") if dry_run else "geschrieben"
        parts = [f"{_n(self.written, 'Angebot', 'Angebote')} {verb} ({self.new} neu, {self.changed} geändert, "
                 f"{self.unchanged} unverändert)",
                 f"{_n(self.failed_rows, 'Zeile', 'Zeilen')} mit Fehlern",
                 f"{_n(self.no_coordinates, 'Ort', 'Orte')} ohne Koordinaten"]
        if self.conflicts:
            parts.append(_n(self.conflicts, "Konflikt", "Konflikte"))
        return ", ".join(parts) + f" ({self.seconds:.1f} s)"


def _n(n: int, one: str, many: str) -> str:
    return f"{n:,}".replace(",", ".") + f" {one if n == 1 else many}"


def run(opts: Options) -> tuple[int, Report]:
    started = time.perf_counter()
    report = Report()
    say = report.lines.append
    cache = LoadCache()  # the compiled schemas, shared by every check of this run
    existing = load_directory(opts.content, opts.today, cache)
    if existing.directory is None:
        raise ConfigError("Die Wortlisten (content/vocabulary.yml) sind fehlerhaft; führen Sie zuerst "
                          "„wegweiser check“ aus.")
    directory = existing.directory
    vocab = directory.vocabulary
    m, problems = mapping_.load(opts.mapping, vocab)
    if m is None or problems:
        report.lines += [p.format() for p in problems]
        say("Die Zuordnungsdatei hat Fehler; es wurde nichts importiert.")
        return 2, report
    try:
        table = sources.read(opts.source, m.sheet, m.header_row)
        addresses = AddressTable.read(m.address_table) if m.address_table else None
    except sources.SourceError as err:
        say(f"Fehler: {err}")
        return 2, report
    say(f"Gelesen: {table.name} ({table.note}), {_n(len(table.rows), 'Zeile', 'Zeilen')} mit Inhalt"
        if table.note else f"Gelesen: {table.name}, {_n(len(table.rows), 'Zeile', 'Zeilen')} mit Inhalt")
    problems = mapping_.check_columns(m, table.header, table.name)
    if problems:
        report.lines += [p.format() for p in problems]
        say("Die Zuordnung nennt Spalten, die es nicht gibt; es wurde nichts importiert.")
        return 2, report

    ctx = Context(vocab, {d.id: d.name for d in directory.districts.values()}, opts.city, opts.today,
                  Districts(directory.areas) if directory.areas else None, addresses)
    reader = Reader(m, ctx)
    cell_problems: dict[int, list] = {}
    for number, column, message in table.problems:
        cell_problems.setdefault(number, []).append((column, "", message, False))
    built_rows = []
    for row in table.rows:
        built = reader.row(row)
        built.problems[:0] = cell_problems.get(row.number, [])
        built_rows.append(built)

    state_file = opts.state or state_.state_path(opts.mapping)
    try:
        st = state_.State.read(state_file)
    except ValueError as err:
        raise ConfigError(str(err)) from None
    check = cache.schema_check(schema.offer_schema(vocab))
    planned = _plan(built_rows, m, st, opts, check)
    _check(planned, opts, report, cache, {name: " + ".join(c.columns) for name, c in m.columns.items()})

    bad = [b for b in built_rows if b.failed]
    report.failed_rows = len(bad)
    good = [p for p in planned if not p.built.failed]
    order = {column: i for i, column in enumerate(table.header)}
    for b in sorted(built_rows, key=lambda b: b.row.number):
        shown = set()
        # left to right, as staff go through the row; one cell read for two fields is named once
        for column, name, message, warning in sorted(b.problems, key=lambda p: order.get(p[0], len(order))):
            if (column, message) in shown:
                continue
            shown.add((column, message))
            where = table.where(b.row, column)
            say(f"{where}: {name + ': ' if name else ''}{'Warnung: ' if warning else ''}{message}")
    for p in good:
        for c in p.conflicts:
            report.conflicts += 1
            column = p.built.origin.get(c.field, "")
            where = table.where(p.built.row, column)
            say(f"{where}: {c.field}: Konflikt: In {_out_shown(opts, p.id)} wurde „{c.field}“ seit dem letzten "
                f"Import geändert ({_show(c.in_file)}), die Tabelle sagt jetzt {_show(c.in_source)}. Die Datei "
                "bleibt, wie sie ist; übernehmen Sie den neuen Wert von Hand, wenn er stimmt.")
    for p in good:
        if p.change != "unverändert":
            if opts.dry_run:
                what = (f": {', '.join(p.fields)}" if p.fields else "") + \
                    (f"; bleibt wie vom Träger geändert: {', '.join(p.kept)}" if p.kept else "")
                say(f"würde schreiben: {_out_shown(opts, p.id)} ({p.change}{what}; {table.where(p.built.row)})")
    failed = bool(bad)
    blocked = failed and not opts.partial
    report.written = len(good)
    report.new = sum(p.change == "neu" for p in good)
    report.changed = sum(p.change == "geändert" for p in good)
    report.unchanged = sum(p.change == "unverändert" for p in good)
    if blocked:
        say("Wegen der Fehler wurde nichts geschrieben. Beheben Sie sie in der Tabelle oder in der Zuordnung, "
            "oder schreiben Sie mit --partial nur die fehlerfreien Zeilen.")
    elif not opts.dry_run:
        opts.out.mkdir(parents=True, exist_ok=True)
        for p in good:
            if p.change != "unverändert":
                (opts.out / f"{p.id}.md").write_text(p.text, encoding="utf-8")
            st.records[p.record["key"]] = state_.Record(p.id, p.record["fields"])
        state_file.write_text(st.text(), encoding="utf-8")
    report.seconds = time.perf_counter() - started
    say(report.summary(opts.dry_run or blocked))
    return (1 if failed else 0), report


def _plan(built_rows: list[Built], m, st, opts: Options, check: SchemaCheck) -> list[Planned]:
    """Ids, the merge with files already written by an earlier import, and the text of each file."""
    owned = m.owned() | {BODY}
    taken = {p.stem for p in opts.out.glob("*.md")} if opts.out.is_dir() else set()
    taken |= st.ids()
    seen: dict[str, Built] = {}
    planned = []
    for b in built_rows:
        if m.source_id and not b.source_id:
            b.error(" + ".join(m.source_id.columns), "source_id", "Die Zeile hat keine Nummer. Ohne sie kann ein "
                    "späterer Import die Datei nicht wiederfinden.")
            continue
        key = f"id:{b.source_id}" if m.source_id else \
            f"name:{norm(b.data.get('name', ''))}|{norm((b.data.get('provider') or {}).get('name', ''))}"
        if key in seen:
            first = seen[key]
            if first.data == b.data and first.body == b.body:
                b.warn("", "", f"Die Zeile wiederholt Zeile {first.row.number} und wird übersprungen.")
                b.data = {}  # marks it as skipped for the plan
            else:
                what = f"dieselbe Nummer „{b.source_id}“" if m.source_id else "denselben Namen und Träger"
                b.error(" + ".join(m.source_id.columns) if m.source_id else "", "",
                        f"Die Zeile hat {what} wie Zeile {first.row.number}, aber andere Angaben. Jedes Angebot "
                        "braucht eine eigene Nummer (bzw. einen eigenen Namen).")
            continue
        seen[key] = b
        if b.failed:
            continue
        record = st.records.get(key)
        incoming = state_.flatten(b.data, b.body)
        changed: list[str] = []
        if record is None:
            oid = ids.unique(ids.from_name(b.data.get("name", "")) or "angebot", taken)
            merged, conflicts, kept, change = incoming, [], [], "neu"
        else:
            oid = record.id
            path = opts.out / f"{oid}.md"
            if not path.exists():
                b.warn("", "", f"{_out_shown(opts, oid)} wurde seit dem letzten Import gelöscht und wird nicht neu "
                       "angelegt. Soll das Angebot wieder erscheinen, löschen Sie seinen Eintrag in "
                       f"{st.path.name}.")
                b.data = {}
                continue
            current = _read_offer(path, check)
            if current is None:
                b.error("", "", f"{_out_shown(opts, oid)} lässt sich nicht lesen; sie bleibt unverändert. Prüfen "
                        "Sie sie mit „wegweiser check“.")
                continue
            merged, conflicts, kept = state_.merge(current, record.fields, incoming, owned)
            change = "geändert"
            changed = sorted(k for k in set(merged) | set(current) if merged.get(k) != current.get(k))
        data, body = state_.unflatten(merged)
        text = writer.offer_file(_ordered(data, check.schema), body)
        if change == "geändert" and (opts.out / f"{oid}.md").read_text(encoding="utf-8") == text:
            change = "unverändert"
        planned.append(Planned(b, oid, text, change, conflicts, kept, {"key": key, "fields": incoming}, changed))
    return planned


def _read_offer(path: Path, check: SchemaCheck) -> dict | None:
    text, problems = files.read_text(files.Source("offer", path, files.shown_path(path), path.stem))
    if text is None:
        return None
    split, problems = files.split_front_matter(files.Source("offer", path, ""), text)
    if split is None:
        return None
    doc, problems = yamlload.load(split.front, "")
    if doc is None or problems:
        return None
    data, _, _ = check.check(doc, "")
    return state_.flatten(data, split.body) if isinstance(data, dict) else None


def _ordered(data: dict, offer_schema: dict) -> dict:
    """Keys in the schema's order, as the field reference lists them (and the demo files have them)."""
    def order(value, spec):
        if isinstance(value, dict) and spec.get("type") == "object":
            props = spec.get("properties", {})
            keys = [k for k in props if k in value] + [k for k in value if k not in props]
            return {k: order(value[k], props.get(k, {})) for k in keys}
        if isinstance(value, list) and spec.get("type") == "array":
            return [order(v, spec.get("items", {})) for v in value]
        return value
    return order(data, offer_schema)


def _check(planned: list[Planned], opts: Options, report: Report, cache: LoadCache,
           columns: dict[str, str]) -> None:
    """Every file as `wegweiser check` sees it, in a copy of the content folder; each problem goes
    back to the row (and, where the field came from one, the column) it came from."""
    here = Path.cwd()
    rel = Path(os.path.relpath(opts.content))
    with tempfile.TemporaryDirectory(prefix="wegweiser-import-") as tmp:
        # The copy sits at the same relative path, and is checked from the copy's root, so every
        # file has the path it has in the real tree: LoadCache then knows each file the first load
        # read and did not change (on a re-import, nearly all), instead of checking it again.
        root = Path(tmp)
        content = root / (rel if not rel.is_absolute() and ".." not in rel.parts else Path("content"))
        shutil.copytree(opts.content, content, ignore=shutil.ignore_patterns(".*"), symlinks=True)
        offers = content / "offers"
        offers.mkdir(exist_ok=True)
        os.chdir(root)
        try:
            by_path = {}
            for p in planned:
                path = offers / f"{p.id}.md"
                path.write_text(p.text, encoding="utf-8")
                by_path[files.shown_path(path)] = p
            result = load_directory(content.relative_to(root), opts.today, cache)
        finally:
            os.chdir(here)
    recommended: Counter = Counter()
    for problem in result.problems:
        p = by_path.get(problem.path)
        if p is None:
            continue
        if problem.kind == "no_coordinates":
            report.no_coordinates += 1
        if problem.kind == "recommended":
            recommended[problem.field] += 1
            continue
        column = _origin(p.built.origin, problem.field)
        hint = ""
        top = problem.field.split(".")[0].split("[")[0]
        if problem.is_error and top and top not in p.built.data and not column:  # a field the file lacks
            mapped = [c for name, c in columns.items() if name == problem.field or name.startswith(problem.field + ".")]
            hint = (f" Die Spalten dafür ({', '.join(f'„{c}“' for c in mapped)}) sind in dieser Zeile leer." if mapped
                    else " Die Zuordnung füllt dieses Feld aus keiner Spalte: ergänzen Sie es unter fields oder "
                    "defaults.")
        message = problem.message + ("." if hint and problem.message.endswith("`") else "") + hint
        (p.built.warn if not problem.is_error else p.built.error)(column, problem.field, message)
    for name, count in sorted(recommended.items()):
        report.lines.append(f"Hinweis: {_n(count, 'Angebot', 'Angebote')} ohne das empfohlene Feld „{name}“.")


def _origin(origin: dict[str, str], field_name: str) -> str:
    name = BODY if field_name == "Beschreibung" else field_name
    while name:
        if name in origin:
            return origin[name]
        cut = max(name.rfind("."), name.rfind("["))
        name = name[:cut] if cut > 0 else ""
    return ""


def _out_shown(opts: Options, oid: str) -> str:
    return files.shown_path(opts.out / f"{oid}.md")


def _show(value) -> str:
    if value is None:
        return "leer"
    text = str(value) if not isinstance(value, bool) else ("ja" if value else "nein")
    text = " ".join(text.split())
    return f"„{text if len(text) <= 60 else text[:59] + '…'}“"
