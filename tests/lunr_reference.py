"""lunr.py's own Builder over the finder's documents: the reference `search.index_files` must equal.

The build computes lunr's terms and scores itself (memory: lunr.py's Builder holds every posting
several times over). These tests hold the two together, so a change to either shows.
"""
from __future__ import annotations

import json

from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline

from wegweiser.site import i18n, search


def lunr_index(directory, lang: str = "de") -> Index:
    """The index lunr.py builds from the same documents, its terms numbered in sorted order."""
    search.register_german()
    builder = Builder()
    builder.pipeline.add(*(Pipeline.registered_functions[n] for n in search.indexing_steps(lang)))
    builder.search_pipeline.add(*(Pipeline.registered_functions[n] for n in search.pipeline(lang)))
    builder.ref("ref")
    for name, boost in search.FIELDS:
        builder.field(name, boost=boost)
    with i18n.activate(lang):
        for ref, offer in enumerate(directory.published):
            builder.add(search.document(ref, offer, directory, lang))
    for i, term in enumerate(sorted(builder.inverted_index)):
        builder.inverted_index[term]["_index"] = i
    return builder.build()


def encode(index: Index) -> tuple[dict, dict[str, dict]]:
    """A lunr.py index in the finder's files: word list and shards (as dicts, not yet JSON)."""
    fields = list(index.fields)
    terms = sorted(index.inverted_index, key=lambda t: index.inverted_index[t]["_index"])
    assert terms == sorted(terms)
    entries: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for field_ref, vector in index.field_vectors.items():
        name, _, ref = field_ref.partition("/")
        f, doc = fields.index(name), int(ref)
        elements = vector.elements
        for k in range(0, len(elements), 2):
            entries.setdefault(elements[k], {}).setdefault(f, []).append((doc, round(elements[k + 1] * 1000)))
    shards: dict[str, dict] = {}
    for t, term in enumerate(terms):
        rows = []
        for f in sorted(entries.get(t, {})):
            row, previous = [f], -1
            for doc, score in sorted(entries[t][f]):
                row += [doc - previous, score]
                previous = doc
            rows.append(row)
        shards.setdefault(search.shard_key(term), {})[term] = rows
    split = sorted(key for key, shard in shards.items()
                   if len(json.dumps(shard, separators=(",", ":"))) > search.SPLIT_BYTES)
    for key in split:
        for term, rows in shards.pop(key).items():
            shards.setdefault(search.shard_key(term, set(split)), {})[term] = rows
    words = {"version": 4, "lunr": "2.3.9", "fields": fields,
             "pipeline": [fn.label for fn in index.pipeline._stack], "terms": terms, "shards": sorted(shards)}
    return words, shards
