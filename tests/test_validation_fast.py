"""The fast schema check (fastjsonschema) may only confirm what jsonschema confirms.

validate.SchemaCheck trusts a "valid" from the compiled twin and asks jsonschema for every "invalid".
If the twin ever accepted a document jsonschema rejects, a provider's mistake would be published
silently. These tests hold the twin to never being more lenient, on real files and on mutations.
"""
from __future__ import annotations

import copy
from pathlib import Path

import fastjsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from wegweiser.content import fileschemas, files, schema, yamlload
from wegweiser.content.directory import load_vocabulary
from wegweiser.content.validate import SchemaCheck, coerce
from wegweiser.content.yamlload import Plain

ROOT = Path(__file__).resolve().parent.parent
VOCAB = load_vocabulary(files.Source("vocabulary", ROOT / "content" / "vocabulary.yml", "vocabulary.yml"), [])
CHECKS = {"offer": SchemaCheck(schema.offer_schema(VOCAB)), "district": SchemaCheck(fileschemas.district_schema())}


def fast_ok(check: SchemaCheck, data) -> bool:
    try:
        check._fast(data)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


def slow_ok(check: SchemaCheck, data) -> bool:
    return not any(True for _ in check._validator.iter_errors(data))


def documents(kind: str) -> list[tuple[str, dict]]:
    folder = "offers" if kind == "offer" else "districts"
    out = []
    for path in sorted((ROOT / "content" / folder).glob("*.md")) + sorted(ROOT.glob(f"tests/fixtures/*/{folder}/*.md")):
        if path.name.count(".") > 1:
            continue  # a translation (krabbelgruppe-erle.tr.md), not an offer
        text = path.read_text(encoding="utf-8")
        front = text.split("---\n")[1]
        doc, _ = yamlload.load(front, path.name)
        if doc is not None:
            out.append((path.name, coerce(doc.data, CHECKS[kind].schema)))
    return out


OFFERS = documents("offer")
DISTRICTS = documents("district")


def test_our_schemas_are_valid_json_schemas():
    for made in (schema.offer_schema(VOCAB), fileschemas.district_schema(), fileschemas.vocabulary_schema()):
        Draft202012Validator.check_schema(made)


@pytest.mark.parametrize("kind,docs", [("offer", OFFERS), ("district", DISTRICTS)])
def test_real_files_same_answer(kind, docs):
    assert len(docs) > 5
    check = CHECKS[kind]
    for name, data in docs:
        assert fast_ok(check, data) == slow_ok(check, data), name
    # the fast path is really taken for the shipped files, else it would only cost time
    assert all(fast_ok(check, data) for name, data in docs if name in {p.name for p in (ROOT / "content").rglob("*.md")})


def test_known_mistakes_are_rejected_by_both():
    check = CHECKS["offer"]
    base = dict(OFFERS[0][1])
    for field, value in [("name", "zwei\nZeilen"), ("name", "versteckt\u200b"), ("age", {"min": True, "max": 3}),
                         ("last_reviewed", "2025-02-30"), ("status", "aktiv"), ("unknown", 1),
                         ("categories", ["beratung", "beratung"]), ("contact", {}),
                         ("cost", {"free": "ja"}), ("districts", ["Erle"])]:
        data = {**base, field: value}
        assert not slow_ok(check, data), field
        assert not fast_ok(check, data), field


# Values a provider's YAML can produce after coercion: text (quoted or plain), numbers, booleans,
# null, lists and mappings, with the characters our patterns care about.
TEXT = st.lists(st.sampled_from(list("aZ09 -_.:@/ä\n\t\u200b\u202e\x00") + ["https://", "2026-01-0", "+49"]),
                max_size=8).map("".join)
SCALAR = st.one_of(TEXT, TEXT.map(Plain), st.integers(-5, 40), st.floats(-1, 30, allow_nan=False),
                   st.booleans(), st.none(), st.sampled_from(["2026-02-29", "2024-02-29", "09:30", "24:00", "45879",
                                                              "eltern", "gesamtstadt", "de", "mo"]))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.sampled_from(
                                                         ["min", "max", "free", "note", "name", "days", "opens",
                                                          "closes", "phone", "email", "website", "x"]), inner,
                                                         max_size=3)), max_leaves=6)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, prefix + (i,))


def set_at(data, path, value):
    data = copy.deepcopy(data)
    if not path:
        return value
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.sampled_from(range(len(OFFERS))), where=st.integers(0, 10_000), value=VALUE,
       delete=st.booleans())
def test_mutated_offers_fast_never_more_lenient(doc, where, value, delete):
    check = CHECKS["offer"]
    data = OFFERS[doc][1]
    places = [p for p in paths(data) if p]
    path = places[where % len(places)]
    if delete and isinstance(path[-1], str):
        mutated = copy.deepcopy(data)
        target = mutated
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]
    else:
        mutated = set_at(data, path, value)
    if fast_ok(check, mutated):
        assert slow_ok(check, mutated), (path, value)
