"""Open Referral HSDS 3.0 as a source: the JSON of a service collection (compiled services, as
hsds/compiled/service.json or an API page ``{"contents": [...]}``), or the tables of one export
(a folder of <type>.json files, or the tabular CSV datapackage: <type>.csv files).

Each service becomes one row. Its columns are the HSDS fields by their own names (``name``,
``organization.name``, ``phones.number`` …); where a service has several of something (places,
schedules, languages) the cell is a list, and the places' columns line up by position. Schedules
arrive as blocks already (hsds_schedule.py reads the recurrence), so the times parser that reads a
spreadsheet's "Di 9–11 Uhr" is not needed for them; intake/hsds.yml is the mapping for Wegweiser's
own export.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path

from .sources import MAX_SOURCE_BYTES, Row, SourceError, Table, cell_problem, cell_text as _text, decode
from .hsds_schedule import read_schedule

TABLES = ("organization", "service", "location", "address", "accessibility", "service_at_location",
          "schedule", "phone", "language", "cost_option", "service_area", "taxonomy", "taxonomy_term",
          "attribute")
_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    text = str(text).casefold().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return _SLUG.sub("-", text).strip("-")


def _load_json(path: Path):
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceError(f"{path.name} ist zu groß.")
        text, _ = decode(path.read_bytes(), path.name)
        return json.loads(text)
    except OSError as err:
        raise SourceError(f"{path.name} kann nicht gelesen werden ({err.strerror}).") from None
    except json.JSONDecodeError as err:
        raise SourceError(f"{path.name} ist kein gültiges JSON (Zeile {err.lineno}, Spalte {err.colno}: "
                          f"{err.msg}).") from None


def _load_csv(path: Path) -> list[dict]:
    try:
        text, _ = decode(path.read_bytes(), path.name)
    except OSError as err:
        raise SourceError(f"{path.name} kann nicht gelesen werden ({err.strerror}).") from None
    return [{k: v for k, v in row.items() if k is not None and v != ""}
            for row in csv.DictReader(io.StringIO(text, newline=""))]


def read(path: Path) -> Table:
    if path.is_dir():
        compiled = path / "compiled" / "service.json"
        if compiled.is_file():
            return services_table(_services(_load_json(compiled), compiled.name), "compiled/service.json")
        tables = {}
        for name in TABLES:
            for suffix, load in ((".json", _load_json), (".csv", _load_csv)):
                if (path / f"{name}{suffix}").is_file():
                    tables[name] = load(path / f"{name}{suffix}")
        if "service" not in tables:
            raise SourceError(f"Im Ordner {path.name} fehlt service.json oder service.csv (HSDS).")
        bad = [n for n, rows in tables.items() if not isinstance(rows, list)]
        if bad:
            raise SourceError(f"{bad[0]}: erwartet wird eine Liste von Objekten (HSDS-Tabelle).")
        kind = "csv" if (path / "service.csv").is_file() else "json"
        return services_table(compile_tables(tables), f"{path.name}/service.{kind}")
    return services_table(_services(_load_json(path), path.name), path.name)


def _services(data, name: str) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]  # one page of the HSDS API's /services
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise SourceError(f"{name}: erwartet wird eine Liste von HSDS-Diensten (service) oder eine Seite "
                          "der HSDS-API mit „contents“.")
    return data


def compile_tables(tables: dict[str, list[dict]]) -> list[dict]:
    """The services with what belongs to them inlined, as compiled/service.json has them."""
    def by(table: str, key: str) -> dict[str, list[dict]]:
        out = defaultdict(list)
        for row in tables.get(table, []):
            if isinstance(row, dict) and key in row:
                out[row[key]].append(row)
        return out

    terms = {t["id"]: t for t in tables.get("taxonomy_term", []) if isinstance(t, dict) and "id" in t}
    attributes = defaultdict(list)
    for a in tables.get("attribute", []):
        if isinstance(a, dict) and a.get("taxonomy_term_id") in terms:
            attributes[a.get("link_id")].append({**a, "taxonomy_term": terms[a["taxonomy_term_id"]]})
    addresses = by("address", "location_id")
    locations = {loc["id"]: {**loc, "addresses": addresses.get(loc["id"], []),
                             "attributes": attributes.get(loc["id"], [])}
                 for loc in tables.get("location", []) if isinstance(loc, dict) and "id" in loc}
    organizations = {o["id"]: o for o in tables.get("organization", []) if isinstance(o, dict) and "id" in o}
    at_location = by("service_at_location", "service_id")
    related = {field: by(table, "service_id") for field, table in (
        ("schedules", "schedule"), ("phones", "phone"), ("languages", "language"),
        ("cost_options", "cost_option"), ("service_areas", "service_area"))}
    out = []
    for s in tables["service"]:
        if not isinstance(s, dict):
            continue
        sid = s.get("id")
        out.append({**s, "organization": organizations.get(s.get("organization_id"), {}),
                    "service_at_locations": [{**sal, "location": locations.get(sal.get("location_id"), {})}
                                             for sal in at_location.get(sid, [])],
                    **{field: found.get(sid, []) for field, found in related.items()},
                    "attributes": attributes.get(sid, [])})
    return out




def _list(value) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _term_codes(attributes: list[dict]) -> dict[str, list[str]]:
    """taxonomy slug -> term codes, e.g. {"lebensphasen": ["baby", "kita"]}."""
    out: dict[str, list[str]] = defaultdict(list)
    for a in attributes:
        term = a.get("taxonomy_term") if isinstance(a.get("taxonomy_term"), dict) else {}
        code = term.get("code") or term.get("name")
        taxonomy = term.get("taxonomy") or a.get("link_type") or ""
        if code:
            out[_slug(taxonomy)].append(_text(code))
    return out


def flatten(s: dict) -> dict[str, object]:
    """One compiled service as the cells of one row."""
    description = _text(s.get("description"))
    first, _, rest = description.partition("\n\n")
    org = s.get("organization") if isinstance(s.get("organization"), dict) else {}
    cells: dict[str, object] = {
        key: _text(s.get(key)) for key in ("id", "name", "description", "url", "email", "status",
                                           "minimum_age", "maximum_age", "fees_description",
                                           "application_process", "alert", "assured_date",
                                           "eligibility_description", "interpretation_services")}
    cells.update({"summary": first.strip(), "details": rest.strip(),
                  "organization.name": _text(org.get("name")), "organization.website": _text(org.get("website"))})
    cells["phones.number"] = [_text(p.get("number")) for p in _list(s.get("phones"))]
    cells["languages.code"] = [_text(x.get("code") or x.get("name")) for x in _list(s.get("languages"))]
    costs = _list(s.get("cost_options"))
    cells["cost_options.option"] = [_text(c.get("option")) for c in costs]
    cells["cost_options.amount_description"] = next(
        (_text(c["amount_description"]) for c in costs if c.get("amount_description")), "")
    cells["service_areas.name"] = [_text(a.get("name")) for a in _list(s.get("service_areas"))]
    for taxonomy, codes in _term_codes(_list(s.get("attributes"))).items():
        cells[f"attributes.{taxonomy}"] = codes
    places = [sal.get("location") for sal in _list(s.get("service_at_locations")) if isinstance(sal.get("location"), dict)]
    addresses = [next(iter(_list(p.get("addresses"))), {}) for p in places]
    cells.update({
        "locations.name": [_text(p.get("name")) for p in places],
        "locations.latitude": [_text(p.get("latitude")) for p in places],
        "locations.longitude": [_text(p.get("longitude")) for p in places],
        "locations.address_1": [_text(a.get("address_1")) for a in addresses],
        "locations.postal_code": [_text(a.get("postal_code")) for a in addresses],
        "locations.city": [_text(a.get("city")) for a in addresses],
        "locations.accessibility": [", ".join(codes for codes in _term_codes(_list(p.get("attributes")))
                                              .get("barrierefreiheit", [])) for p in places],
    })
    timed, notes, valid_from, valid_to = [], [], "", ""
    for sch in _list(s.get("schedules")):
        block = read_schedule(sch) if isinstance(sch, dict) else None
        if block is not None:
            timed.append(block)  # a block already: the schedule column takes it as it is
            if sch.get("notes"):
                notes.append(_text(sch["notes"]))
        elif isinstance(sch, dict) and (sch.get("description") or sch.get("notes")):
            notes.append(_text(sch.get("notes") or sch.get("description")))
        valid_from = valid_from or _text(sch.get("valid_from"))
        valid_to = valid_to or _text(sch.get("valid_to"))
    cells["schedules.text"] = timed
    cells["schedules.notes"] = "; ".join(dict.fromkeys(n for n in notes if n))
    cells["schedules.valid_from"], cells["schedules.valid_to"] = valid_from, valid_to
    return cells


# Wegweiser's own taxonomies (data/hsds_export.py): their columns exist even when no service uses
# one, so the shipped mapping reads any HSDS export; another system's taxonomies add their own columns.
OWN_TAXONOMIES = ("lebensphasen", "themen", "zielgruppen", "angebotsform")


def services_table(services: list[dict], name: str) -> Table:
    rows, problems = [], []
    header = list(flatten({})) + [f"attributes.{t}" for t in OWN_TAXONOMIES]
    for i, s in enumerate(services):
        cells = flatten(s)
        for column, value in cells.items():
            if column not in header:
                header.append(column)
            for text in (value if isinstance(value, list) else [value]):
                parts = [v for v in text.values() if isinstance(v, str)] if isinstance(text, dict) else [text]
                problem = next((found for found in map(cell_problem, parts) if found), "")
                if problem:
                    problems.append((i + 1, column, problem))
                    cells[column] = [] if isinstance(value, list) else ""
                    break
        name_ = " ".join(str(cells.get("name", "")).split())
        rows.append(Row(i + 1, {column: cells.get(column, "") for column in header} | cells,
                        f"„{name_[:40]}“" if name_ else ""))
    return Table(name, header, rows, f"HSDS, {len(services)} Dienste", problems, unit="Eintrag")
