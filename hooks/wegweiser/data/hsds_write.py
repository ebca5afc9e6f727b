"""The files of the HSDS export (hsds_export.py makes the objects), written one offer at a time.

  hsds/<type>.json            one JSON array per object type, one object a line
  hsds/compiled/service.json  every offer as one whole HSDS service, its related objects inlined

Every table file and the compiled form are open together: each offer's objects go into all of
them at once and are then forgotten, so the export holds only the taxonomies, organizations and
a few facts per place (hsds_export.HsdsObjects), not every object and text of a big directory.
"""
from __future__ import annotations

import io
from contextlib import ExitStack, contextmanager

from ..model import Directory
from ..site.structured import script_json
from .hsds_export import OFFER_TABLES, TABLES, HsdsObjects


def write_hsds(objects: HsdsObjects, open_file) -> None:
    """Write hsds/<type>.json for every table and hsds/compiled/service.json, each through
    ``open_file(uri)`` (a context manager giving a binary file, e.g. Site.writer).

    Each object is serialised once per file it appears in; a compiled service is spliced together
    from the very same texts (the service with its organization, locations, schedules … inlined),
    so the two forms always agree and a big directory is not encoded twice. A place's objects are
    made again where they are wanted (its table rows, then inside each service there, then its
    attributes after the offers'), rather than held from first to last.
    """
    shared = {name: [script_json(obj) for obj in found] for name, found in objects.shared.items()}
    terms = {obj["id"]: text for obj, text in zip(objects.shared["taxonomy_term"], shared["taxonomy_term"])}
    organizations = {obj["id"]: text for obj, text in zip(objects.shared["organization"], shared["organization"])}

    def with_terms(found: list[dict], texts: list[str]) -> str:  # attributes, their terms inlined
        return _list([_splice(text, taxonomy_term=terms[obj["taxonomy_term_id"]]) for obj, text in zip(found, texts)])

    held: dict[str, list] = {}  # a place's compiled text while more services there are to come: [text, uses]

    def location_text(lid: str) -> str:
        entry = held.get(lid)
        if entry is None:
            found = objects.location(lid)
            texts = _texts(found)
            entry = held[lid] = [_splice(texts["location"][0], addresses=_list(texts["address"]),
                                         accessibility=_list(texts["accessibility"]),
                                         attributes=with_terms(found["attribute"], texts["attribute"])),
                                 objects.uses[lid]]
        entry[1] -= 1
        if not entry[1]:
            del held[lid]
        return entry[0]

    with ExitStack() as stack:
        # Entered last to first: Site.writer lists a file when it is closed, and the stack closes
        # in reverse, so the site lists the tables in TABLES order and then the compiled form.
        compiled = _Array(stack.enter_context(open_file("hsds/compiled/service.json")))
        out = {name: _Array(stack.enter_context(open_file(f"hsds/{name}.json"))) for name in reversed(TABLES)}
        for name, texts in shared.items():
            out[name].extend(texts)
        for lid in objects.location_ids:
            texts = _texts(objects.location(lid))
            for name in ("location", "address", "accessibility"):  # the attributes follow the offers'
                out[name].extend(texts[name])
        for found in objects.offers():
            texts = _texts(found)
            for name in OFFER_TABLES:
                out[name].extend(texts[name])
            service = found["service"][0]
            compiled.add(_splice(
                texts["service"][0], organization=organizations[service["organization_id"]],
                service_at_locations=_list([_splice(text, location=location_text(obj["location_id"]))
                                            for obj, text in zip(found["service_at_location"],
                                                                 texts["service_at_location"])]),
                schedules=_list(texts["schedule"]), phones=_list(texts["phone"]),
                languages=_list(texts["language"]), cost_options=_list(texts["cost_option"]),
                service_areas=_list(texts["service_area"]),
                attributes=with_terms(found["attribute"], texts["attribute"])))
        for lid in objects.location_ids:
            out["attribute"].extend(script_json(obj) for obj in objects.location(lid)["attribute"])
        for array in (*out.values(), compiled):
            array.close()


def _texts(objects: dict[str, list[dict]]) -> dict[str, list[str]]:
    return {name: [script_json(obj) for obj in found] for name, found in objects.items()}


def hsds_files(directory: Directory, city: str, state: str = "") -> dict[str, bytes]:
    """hsds/<type>.json for every table, and hsds/compiled/service.json, as bytes (write_hsds in memory)."""
    files: dict[str, io.BytesIO] = {}

    @contextmanager
    def in_memory(uri: str):
        files[uri] = io.BytesIO()
        yield files[uri]

    write_hsds(HsdsObjects(directory, city, state), in_memory)
    return {uri: buffer.getvalue() for uri, buffer in files.items()}


class _Array:
    """A JSON array, one object a line: readable, diff-friendly, still compact.

    script_json escapes <, > and & as in <script> blocks: harmless for JSON readers, and safe for
    anyone who pastes the data into a web page.
    """

    def __init__(self, out) -> None:
        self.out, self.first = out, True
        out.write(b"[\n")

    def add(self, obj_text: str) -> None:
        self.out.write((obj_text if self.first else ",\n" + obj_text).encode("utf-8"))
        self.first = False

    def extend(self, texts) -> None:
        for text in texts:
            self.add(text)

    def close(self) -> None:
        self.out.write(b"\n]\n")


def _splice(obj_text: str, **fields: str) -> str:
    """A JSON object's text with more members appended (the values already JSON text)."""
    return obj_text[:-1] + "".join(f',"{name}":{value}' for name, value in fields.items()) + "}"


def _list(texts: list[str]) -> str:
    return "[" + ",".join(texts) + "]"
