"""Load, validate and model the whole content tree in one pass: load_directory()."""
from __future__ import annotations

import dataclasses
import hashlib
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from . import fileschemas, files, rules, schedules, schema, staff, yamlload
from .boundaries import Boundaries, check_boundaries, location_rules
from ..model.schedule import Calendar
from ..model import ConfigError, Directory, District, Offer
from .checkcache import DiskStore
from .problems import INTERNAL, Problem, internal
from .rules import Parsed
from .translations import load_offer_translations
from .validate import SchemaCheck
from ..model.vocabulary import Vocabulary


@dataclass
class Result:
    directory: Directory | None  # None when the vocabulary itself could not be read
    problems: list[Problem]
    files: int
    # shown path of each parsed offer and district -> the district ids it names (a district: its own
    # id and its neighbours), for `check FILE…` to find what depends on a district (scope.py)
    links: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_yaml(source: files.Source, check: SchemaCheck, front_matter: bool,
                problems: list[Problem]) -> Parsed | None:
    text, found = files.read_text(source)
    problems += found
    if text is None:
        return None
    if front_matter:
        split, found = files.split_front_matter(source, text)
        problems += found
        if split is None:
            return None
    else:
        split = files.Text(source, text, 1)
    doc, found = yamlload.load(split.front, source.shown, split.front_line - 1)
    problems += found
    if doc is None:
        return None
    wrong_folder = staff.misplaced(source.kind, doc.data, source.shown)
    if wrong_folder is not None:
        problems.append(wrong_folder)
        return None
    yaml_fields = [p.field for p in found]
    given, found, valid = check.check(doc, source.shown)
    # A value the YAML layer already rejected (a tag, an alias) would only add follow-up noise.
    problems += [p for p in found if not any(_within(p.field, f) for f in yaml_fields)]
    return Parsed(source.kind, source.id, source.shown, valid, doc, split.body, split.body_line, given)


def _contained(check, content: Path) -> list[Problem]:
    """A check across files; a bug in it is reported, and the files' own problems still count."""
    try:
        return check()
    except Exception as err:
        if os.environ.get("WEGWEISER_DEBUG"):
            raise
        return [internal(files.shown_path(Path(content)), err, "der Verweise zwischen den Dateien")]


def _within(field: str, parent: str) -> bool:
    return field == parent or field.startswith((parent + ".", parent + "[")) if parent else False


def load_vocabulary(source: files.Source, problems: list[Problem],
                    check: SchemaCheck | None = None) -> Vocabulary | None:
    before = len(problems)
    parsed = _parse_yaml(source, check or SchemaCheck(fileschemas.vocabulary_schema()), False, problems)
    if parsed is None:
        return None
    problems += rules.vocabulary_rules(parsed)
    if any(p.is_error for p in problems[before:]):
        return None
    return Vocabulary.from_data(parsed.data)


def load_holidays(source: files.Source | None, today: dt.date, problems: list[Problem],
                  check: SchemaCheck | None = None) -> Calendar | None:
    """The holiday calendar, or None without a valid holidays.yml (then blocks cannot use `holidays`)."""
    if source is None:
        return None
    before = len(problems)
    parsed = _parse_yaml(source, check or SchemaCheck(fileschemas.holidays_schema()), False, problems)
    if parsed is None:
        return None
    problems += schedules.holidays_rules(parsed, today)
    if any(p.is_error for p in problems[before:]):
        return None
    return schedules.calendar_of(parsed, today)


class LoadCache:
    """What loading found in each file, kept between the builds of one `mkdocs serve` process.

    A file's result depends only on its bytes, the vocabulary and today, so those are the key: after
    an edit only the edited file is parsed and checked again, not the other few thousand. Cross-file
    rules and the model are always computed afresh.
    """

    def __init__(self, store: DiskStore | None = None) -> None:
        self.files: dict[tuple, tuple[Parsed | None, list[Problem]]] = {}
        self.store = store  # across processes: what `wegweiser check` found last time (checkcache.py)
        self.checks: dict[str, SchemaCheck] = {}
        self.vocabulary: tuple = (None, None, [])  # (file key, Vocabulary or None, problems)

    def schema_check(self, schema_: dict) -> SchemaCheck:
        key = json.dumps(schema_, sort_keys=True, default=str)
        if key not in self.checks:
            self.checks[key] = SchemaCheck(schema_)
        return self.checks[key]


def _file_key(source: files.Source, context: tuple) -> tuple | None:
    try:
        if source.path.is_symlink() or source.path.stat().st_size > files.MAX_FILE_BYTES:
            return None  # read_text reports these; never worth keeping
        return (source.kind, source.shown, source.path.read_bytes(), *context)
    except OSError:
        return None


# What the cross-file rules point at (rules.cross_rules); features checking references add theirs here.
CROSS_FILE_FIELDS = ("districts", "locations", "neighbours", "name", "former_ids")


def _keep_cross_file_positions(p: Parsed) -> None:
    """Forget the positions no later check asks for, once a file's own checks are done.

    Every key and value of every file has its line and column: a few hundred tuples per offer, which
    for a state-wide directory would hold gigabytes while the whole directory is loaded.
    """
    doc = p.doc
    p.doc = yamlload.Document(
        data=None,
        values={k: v for k, v in doc.values.items() if not k or k[0] in CROSS_FILE_FIELDS},
        keys={k: v for k, v in doc.keys.items() if not k or k[0] in CROSS_FILE_FIELDS})


def load_translations(sources: list[files.Source], vocab: Vocabulary, languages: tuple[str, ...],
                      content: Path, problems: list[Problem], cache: LoadCache) -> Vocabulary:
    """The vocabulary with its translations: every file present is checked, every enabled language needs one."""
    check = cache.schema_check(fileschemas.vocabulary_translation_schema()) if sources else None
    found_codes = {s.id for s in sources}
    for code in languages:
        if code != "de" and code not in found_codes:
            problems.append(Problem(files.shown_path(content / f"vocabulary.{code}.yml"), 0, 0, "",
                                    f"Die Sprache „{code}“ ist in mkdocs.yml eingeschaltet (extra.wegweiser."
                                    "languages), aber ihre Wortlisten fehlen. Legen Sie die Datei an (Vorlage: "
                                    "eine andere vocabulary.*.yml) oder nehmen Sie die Sprache heraus."))
    translations = {}
    for s in sorted(sources, key=lambda s: s.id):
        before = len(problems)
        parsed = _parse_yaml(s, check, False, problems)
        if parsed is None:
            continue
        problems += rules.vocabulary_translation_rules(parsed, vocab)
        if not any(p.is_error for p in problems[before:]):
            translations[s.id] = Vocabulary.translation_from_data(parsed.data)
    return dataclasses.replace(vocab, translations=translations)


def load_directory(content: Path, today: dt.date, cache: LoadCache | None = None,
                   languages: tuple[str, ...] = ("de",)) -> Result:
    """Every problem of every file, and the model of the valid ones.

    ``cache``: pass the same LoadCache to successive loads of one directory (as `mkdocs serve` does).
    ``languages``: the site's languages (mkdocs.yml); each needs its vocabulary translation.
    """
    cache = cache or LoadCache()
    sources, problems = files.discover(Path(content))
    by_kind: dict[str, list[files.Source]] = {}
    for s in sources:
        by_kind.setdefault(s.kind, []).append(s)
    count = len(sources)

    vocab_sources = by_kind.get("vocabulary", [])
    vocab = None
    if vocab_sources:
        key = _file_key(vocab_sources[0], ())
        if key is None or cache.vocabulary[0] != key:
            found: list[Problem] = []
            try:
                loaded = load_vocabulary(vocab_sources[0], found, cache.schema_check(fileschemas.vocabulary_schema()))
            except Exception as err:
                if os.environ.get("WEGWEISER_DEBUG"):
                    raise
                loaded, found = None, found + [internal(vocab_sources[0].shown, err)]
            cache.vocabulary = (key, loaded, found)
        vocab = cache.vocabulary[1]
        problems += cache.vocabulary[2]
    if vocab is None:
        problems.append(Problem(files.shown_path(Path(content) / "vocabulary.yml"), 0, 0, "",
                                "Ohne gültige Wortlisten können Angebote nicht geprüft werden. Beheben Sie "
                                "zuerst die Fehler in vocabulary.yml."))
        return Result(None, problems, count)

    vocab = load_translations(by_kind.get("vocabulary_translation", []), vocab, languages, Path(content),
                              problems, cache)
    holiday_sources = by_kind.get("holidays", [])
    calendar = load_holidays(holiday_sources[0] if holiday_sources else None, today, problems,
                             cache.schema_check(fileschemas.holidays_schema()))
    calendar_key = (calendar.state, calendar.school) if calendar else None

    offer_schema, district_schema = schema.offer_schema(vocab), fileschemas.district_schema()
    offer_check, district_check = cache.schema_check(offer_schema), cache.schema_check(district_schema)
    today_ = today
    kept: dict[tuple, tuple[Parsed | None, list[Problem]]] = {}

    def checked(s: files.Source, context: tuple, check_one) -> tuple[Parsed | None, list[Problem]]:
        key = _file_key(s, context)
        result = cache.files.get(key) if key is not None else None
        if result is None and key is not None and cache.store is not None:
            result = cache.store.get(key)
        if result is None:
            found: list[Problem] = []
            try:
                p = check_one(s, found)
            except Exception as err:
                if os.environ.get("WEGWEISER_DEBUG"):
                    raise
                p, found = None, found + [internal(s.shown, err)]
            result = (p, found)
            if key is not None and cache.store is not None and not any(x.kind == INTERNAL for x in found):
                cache.store.put(key, result)
        if key is not None:
            kept[key] = result
        return result

    def district_one(s: files.Source, found: list[Problem]) -> Parsed | None:
        p = _parse_yaml(s, district_check, True, found)
        if p is not None:
            found += rules.district_rules(p, today_)
            found += staff.contact_rules(p)
            found += rules.recommended(p, district_schema)
            _keep_cross_file_positions(p)
        return p

    def offer_one(s: files.Source, found: list[Problem]) -> Parsed | None:
        p = _parse_yaml(s, offer_check, True, found)
        if p is not None:
            found += rules.offer_rules(p, vocab, today_)
            found += schedules.schedule_rules(p, calendar, today_)
            found += staff.contact_rules(p)
            found += rules.recommended(p, offer_schema)
            _keep_cross_file_positions(p)
        return p

    links: dict[str, frozenset[str]] = {}
    districts: list[Parsed] = []
    misplaced: set[str] = set()  # an offer in districts/ is no Stadtteil: no boundary is asked for it
    for s in by_kind.get("district", []):
        p, found = checked(s, (today_,), district_one)
        problems += found
        if any(x.kind == staff.MISPLACED for x in found):
            misplaced.add(s.id)
        if p is not None:
            links[p.shown] = frozenset([p.id, *(p.data.get("neighbours") or [])])
        if p is not None and not any(x.is_error for x in found):
            districts.append(p)

    offers: list[Parsed] = []
    # The vocabulary's own bytes, not repr(vocab): a repr holds sets, whose order changes between
    # processes, and the cache in .cache/ must find the same key in the next run.
    vocab_key = (hashlib.blake2b(cache.vocabulary[0][2], digest_size=16).hexdigest() if cache.vocabulary[0]
                 else repr(vocab))
    for s in by_kind.get("offer", []):
        p, found = checked(s, (today_, vocab_key, calendar_key), offer_one)
        problems += found
        if p is not None:
            links[p.shown] = frozenset([*(p.data.get("districts") or []),
                                        *(loc.get("district") for loc in p.data.get("locations") or []
                                          if isinstance(loc.get("district"), str))])
        if p is not None and not any(x.is_error for x in found):
            offers.append(p)
    cache.files = kept  # forget deleted and edited files
    if cache.store is not None:
        cache.store.save()

    district_ids = {s.id for s in by_kind.get("district", [])} - misplaced
    problems += _contained(lambda: list(rules.cross_rules(offers, districts, district_ids)), content)
    offer_ids = {s.id for s in by_kind.get("offer", [])}
    problems += _contained(lambda: [*staff.duplicate_rules(offers), *staff.former_id_rules(offers, offer_ids)],
                           content)

    boundaries = Boundaries({}, None)
    for s in by_kind.get("boundaries", []):
        text, found = files.read_text(s)
        problems += found
        if text is not None:
            boundaries, found = check_boundaries(text, s.shown, district_ids)
            problems += found
    if not by_kind.get("boundaries") and district_ids:
        problems.append(Problem(files.shown_path(Path(content) / "districts" / "boundaries.geojson"), 0, 0, "",
                                "Die Datei mit den Stadtteilgrenzen fehlt. Legen Sie sie an: GeoJSON in WGS 84 "
                                "(EPSG:4326), ein Feature mit properties.id je Stadtteil, z. B. aus den offenen "
                                "Daten der Stadt."))
    problems += _contained(lambda: list(location_rules(offers, boundaries.areas,
                                                           {p.id: p.data["name"] for p in districts})), content)

    # Cross-file errors may name an offer that passed its own checks: leave it out of the model too.
    failed = {p.path for p in problems if p.is_error}
    directory = Directory(
        vocabulary=vocab,
        districts={p.id: District.from_data(p.id, p.shown, p.data, p.body, p.body_line)
                   for p in sorted(districts, key=lambda p: p.data["name"].casefold())
                   if p.shown not in failed},
        offers={p.id: Offer.from_data(p.id, p.shown, p.data, p.body, p.body_line, vocab)
                for p in offers if p.shown not in failed},
        today=today_, calendar=calendar, boundaries=boundaries.data, areas=boundaries.areas, files=count,
    )
    if by_kind.get("offer_translation"):
        translation_check = cache.schema_check(fileschemas.offer_translation_schema())
        directory.translations = load_offer_translations(
            by_kind["offer_translation"], directory.offers,
            lambda s, found: _parse_yaml(s, translation_check, True, found), problems)
    problems.sort(key=lambda p: (p.path, p.line, p.col))
    directory.problems = problems
    return Result(directory, problems, count, links)


__all__ = ["ConfigError", "LoadCache", "Result", "load_directory", "load_holidays", "load_vocabulary"]
