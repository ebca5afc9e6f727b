"""Load, validate and model the whole content tree in one pass: load_directory()."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import files, geo, rules, schema, yamlload
from .model import ConfigError, Directory, District, Offer
from .problems import Problem
from .rules import Parsed
from .validate import SchemaCheck
from .vocabulary import Vocabulary


@dataclass
class Result:
    directory: Directory | None  # None when the vocabulary itself could not be read
    problems: list[Problem]
    files: int

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
    yaml_fields = [p.field for p in found]
    data, found = check.check(doc, source.shown)
    # A value the YAML layer already rejected (a tag, an alias) would only add follow-up noise.
    problems += [p for p in found if not any(_within(p.field, f) for f in yaml_fields)]
    return Parsed(source.kind, source.id, source.shown, data, doc, split.body, split.body_line)


def _within(field: str, parent: str) -> bool:
    return field == parent or field.startswith((parent + ".", parent + "[")) if parent else False


def load_vocabulary(source: files.Source, problems: list[Problem]) -> Vocabulary | None:
    before = len(problems)
    parsed = _parse_yaml(source, SchemaCheck(schema.vocabulary_schema()), False, problems)
    if parsed is None:
        return None
    problems += rules.vocabulary_rules(parsed)
    if any(p.is_error for p in problems[before:]):
        return None
    return Vocabulary.from_data(parsed.data)


def load_directory(content: Path, today: dt.date) -> Result:
    """Every problem of every file, and the model of the valid ones."""
    sources, problems = files.discover(Path(content))
    by_kind: dict[str, list[files.Source]] = {}
    for s in sources:
        by_kind.setdefault(s.kind, []).append(s)
    count = len(sources)

    vocab_sources = by_kind.get("vocabulary", [])
    vocab = load_vocabulary(vocab_sources[0], problems) if vocab_sources else None
    if vocab is None:
        problems.append(Problem(files.shown_path(Path(content) / "vocabulary.yml"), 0, 0, "",
                                "Ohne gültige Wortlisten können Angebote nicht geprüft werden. Beheben Sie "
                                "zuerst die Fehler in vocabulary.yml."))
        return Result(None, problems, count)

    offer_schema = schema.offer_schema(vocab)
    offer_check, district_check = SchemaCheck(offer_schema), SchemaCheck(schema.district_schema())
    today_ = today

    districts: list[Parsed] = []
    for s in by_kind.get("district", []):
        before = len(problems)
        p = _parse_yaml(s, district_check, True, problems)
        if p is not None:
            problems += rules.district_rules(p, today_)
            problems += rules.recommended(p, schema.district_schema())
            if not any(x.is_error for x in problems[before:]):
                districts.append(p)

    offers: list[Parsed] = []
    for s in by_kind.get("offer", []):
        before = len(problems)
        p = _parse_yaml(s, offer_check, True, problems)
        if p is not None:
            problems += rules.offer_rules(p, vocab, today_)
            problems += rules.recommended(p, offer_schema)
            if not any(x.is_error for x in problems[before:]):
                offers.append(p)

    district_ids = {s.id for s in by_kind.get("district", [])}
    problems += rules.cross_rules(offers, districts, district_ids)

    boundaries = geo.Boundaries({}, None)
    for s in by_kind.get("boundaries", []):
        text, found = files.read_text(s)
        problems += found
        if text is not None:
            boundaries, found = geo.check_boundaries(text, s.shown, district_ids)
            problems += found
    if not by_kind.get("boundaries") and district_ids:
        problems.append(Problem(files.shown_path(Path(content) / "districts" / "boundaries.geojson"), 0, 0, "",
                                "Die Datei mit den Stadtteilgrenzen fehlt. Legen Sie sie an: GeoJSON in WGS 84 "
                                "(EPSG:4326), ein Feature mit properties.id je Stadtteil, z. B. aus den offenen "
                                "Daten der Stadt."))
    problems += geo.location_rules(offers, boundaries.areas, {p.id: p.data["name"] for p in districts})

    # Cross-file errors may name an offer that passed its own checks: leave it out of the model too.
    failed = {p.path for p in problems if p.is_error}
    directory = Directory(
        vocabulary=vocab,
        districts={p.id: District.from_data(p.id, p.shown, p.data, p.body, p.body_line)
                   for p in sorted(districts, key=lambda p: p.data["name"].casefold())
                   if p.shown not in failed},
        offers={p.id: Offer.from_data(p.id, p.shown, p.data, p.body, p.body_line, vocab)
                for p in offers if p.shown not in failed},
        today=today_, boundaries=boundaries.data, areas=boundaries.areas, files=count,
    )
    problems.sort(key=lambda p: (p.path, p.line, p.col))
    directory.problems = problems
    return Result(directory, problems, count)


__all__ = ["ConfigError", "Result", "load_directory", "load_vocabulary"]
