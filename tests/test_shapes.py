"""Every value of every shape at every field: accepted, or a German error at a line of that file.

The property behind promise P4 for the class of bug where a rule met a value of another shape than
the schema wants (`age: 3-6`, `schedule: [di]`): the schema is walked, each key path of a complete,
valid offer and district gets each wrong shape in turn, and the real checker (load_directory, as
`wegweiser check` calls it, and its exit code) must answer without an exception.
"""
from __future__ import annotations

import copy
import datetime as dt
import shutil
import time

import pytest
import yaml

from conftest import MINI
from wegweiser import cli
from wegweiser.content import fileschemas, schema
from wegweiser.content.directory import LoadCache, load_directory
from wegweiser.content.problems import INTERNAL
from wegweiser.model import today

SHAPES = {
    "text": "Dienstag 9-11 Uhr",
    "number": 6,
    "decimal": 0.5,
    "list": ["di", "mi"],
    "mapping": {"von": 3, "bis": 6},
    "null": None,
    "boolean": True,
    "date": dt.date(2026, 3, 1),
    "nested list": [["baby"]],
    "list of mappings": [{"days": "di"}],
}

# Every field an offer may have, each with a valid value: the base that each case breaks in one place.
FULL_OFFER = {
    "name": "Hebammensprechstunde",
    "summary": "Offene Sprechstunde für Schwangere.",
    "provider": {"name": "Testträger", "website": "https://traeger.example.org", "maintainers": ["anna-schmidt"]},
    "life_stages": ["schwangerschaft", "baby"],
    "categories": ["gesundheit"],
    "age": {"min": 0, "max": 1},
    "audiences": ["eltern"],
    "districts": ["altstadt"],
    "locations": [{"name": "Gesundheitshaus", "street": "Marktstraße 1", "postal_code": "45879",
                   "city": "Teststadt", "district": "altstadt", "lat": 51.52, "lon": 7.05,
                   "accessibility": ["rollstuhlgerecht"]}],
    "delivery": ["vor_ort"],
    "cost": {"free": False, "note": "5 € pro Termin"},
    "languages": ["de"],
    "schedule": [{"days": ["mo"], "opens": "09:00", "closes": "12:00", "note": "nur vormittags",
                  "weeks": [1], "every_weeks": 2, "months": [1, 4, 10], "from": dt.date(2026, 11, 2),
                  "until": dt.date(2027, 12, 31), "dates": [dt.date(2026, 12, 5)], "count": 5, "holidays": "open",
                  "public_holidays": "open", "by_appointment": False}],
    "schedule_note": "nicht in den Ferien",
    "registration": {"required": True, "how": "per Telefon"},
    "contact": {"phone": "0209 111 11 11", "email": "info@traeger.example.org",
                "website": "https://traeger.example.org/angebot"},
    "easy_language": {"summary": "Hier bekommen Sie Hilfe."},
    "valid_from": dt.date(2026, 1, 1),
    "valid_until": dt.date(2027, 12, 31),
    "last_reviewed": dt.date(2026, 10, 1),
    "status": "active",
    "example": True,
    "former_ids": ["hebammensprechstunde-alt"],
}

FULL_DISTRICT = {
    "name": "Altstadt",
    "borough": "Mitte",
    "neighbours": ["nordviertel"],
    "population": {"total": 10000, "under_18": 2000, "year": 2024, "source": "Testdaten"},
    "need_index": {"value": 5, "year": 2024, "source": "Testdaten"},
    "publish_need_index": True,
    "contacts": [{"name": "Stadtteilbüro", "phone": "0209 222 22 22", "email": "buero@stadt.example.org",
                  "website": "https://stadt.example.org/buero"}],
    "last_reviewed": dt.date(2026, 10, 1),
    "example": True,
}


def key_paths(node: dict, path: tuple = ()) -> list[tuple]:
    """Every place a value can stand, by the schema: object properties and the first list item."""
    out = []
    if node.get("type") == "object":
        for key, sub in node.get("properties", {}).items():
            out.append(path + (key,))
            out += key_paths(sub, path + (key,))
    elif node.get("type") == "array" and isinstance(node.get("items"), dict):
        out.append(path + (0,))
        out += key_paths(node["items"], path + (0,))
    return out


def with_value(doc: dict, path: tuple, value) -> dict:
    doc = copy.deepcopy(doc)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = copy.deepcopy(value)
    return doc


def front_matter(data: dict, body: str) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{text}---\n{body}\n"


@pytest.fixture
def content(tmp_path):
    """The fixture's vocabulary and Stadtteile, with one offer, the file that the cases rewrite."""
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    for offer in (root / "offers").iterdir():
        offer.unlink()
    return root


def has_path(doc, path: tuple) -> bool:
    for step in path:
        try:
            doc = doc[step]
        except (KeyError, IndexError, TypeError):
            return False
    return True


def run_case(content, cache: LoadCache, rel: str, text: str) -> list[str]:
    target = content / rel
    target.write_text(text, encoding="utf-8")
    lines = text.count("\n")
    result = load_directory(content, today(), cache)
    code = cli.exit_code(result.problems, strict=False)
    trouble = []
    if code not in (0, 1):
        trouble.append(f"exit {code}")
    for p in result.problems:
        if p.kind == INTERNAL:
            trouble.append(p.format())
        elif p.is_error and not (p.path.endswith(rel) and 1 <= p.line <= lines):
            trouble.append(f"not at a line of {rel}: {p.format()}")
    return trouble


@pytest.mark.parametrize("kind", ["offer", "district"])
def test_every_shape_at_every_key_path(content, kind, capsys):
    vocab_result = load_directory(content, today())
    assert vocab_result.directory is not None
    if kind == "offer":
        node, base, rel = schema.offer_schema(vocab_result.directory.vocabulary), FULL_OFFER, "offers/probe.md"
    else:  # the probe replaces a real Stadtteil: its boundary, neighbours and offers refer to it
        node, base, rel = fileschemas.district_schema(), FULL_DISTRICT, "districts/altstadt.md"
    cache = LoadCache()
    assert run_case(content, cache, rel, front_matter(base, "Ein Text.")) == []
    assert not [p for p in load_directory(content, today(), cache).problems if p.path.endswith(rel) and p.is_error]

    paths = key_paths(node)
    assert [p for p in paths if not has_path(base, p)] == []  # the base has every field the schema knows
    started = time.perf_counter()
    failures = []
    for path in paths:
        for shape, value in SHAPES.items():
            trouble = run_case(content, cache, rel, front_matter(with_value(base, path, value), "Ein Text."))
            if trouble:
                failures.append(f"{path} = {shape}: {trouble}")
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n{kind}: {len(paths)} key paths × {len(SHAPES)} shapes = {len(paths) * len(SHAPES)} cases "
              f"in {seconds:.1f} s")
    assert failures == []
