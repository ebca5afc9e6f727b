"""Open Referral HSDS 3.0 of the published directory: the tables and the files made from them.

  hsds/<type>.json            one JSON array per object type, each object valid against the
                              official schema of that name
  hsds/compiled/service.json  every offer as one whole HSDS service (organization, locations,
                              schedules, attributes … inlined), valid against compiled/service.json

HSDS ids are name-based UUIDs (RFC 4122 version 5), so they stay the same from build to build:
  uuid5(NAMESPACE, "<city slug>/<type>/<key>")
where <key> is the offer id for a service, the slug of the provider's name for an organization,
the slug of "name street postal code" for a location, and so on (see the *_key functions below).
The city's slug keeps two cities' ids apart when someone merges their exports.
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
from collections import defaultdict
from contextlib import contextmanager

from ..model import Directory, Location, Offer
from ..model.vocabulary import Vocabulary
from ..site.render import DELIVERY, age_text
from ..site.structured import script_json
from .hsds_schedule import hsds_schedule
from .redact import defused, without_emails

# Wegweiser's namespace for name-based HSDS ids. Never change it: every id would change with it.
NAMESPACE = uuid.UUID("b8f30a4d-a6e5-443a-aea6-5605081f01f6")
_NAMESPACE_BYTES = NAMESPACE.bytes

# The order of the HSDS object types in the export (and on the open-data page).
TABLES = ("organization", "service", "location", "address", "accessibility", "service_at_location",
          "schedule", "phone", "language", "cost_option", "service_area", "taxonomy", "taxonomy_term",
          "attribute")

_STATUS = {"active": "active", "paused": "temporarily closed"}
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


# --- ids ------------------------------------------------------------------------------------------

def slug(text: str) -> str:
    """Lowercase letters and digits joined by single hyphens: "Caritas (Beispiel) e.V." -> "caritas-beispiel-e-v".

    German umlauts become ae/oe/ue/ss, other accents are dropped; letters of other scripts stay,
    so a name written only in Arabic or Cyrillic still has a slug.
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLIT))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\W_]+", "-", text).strip("-")


def hsds_id(city: str, kind: str, key: str) -> str:
    return _uuid5(f"{slug(city)}/{kind}/{key}")


def _uuid5(name: str) -> str:
    """str(uuid.uuid5(NAMESPACE, name)), four times as fast (a big directory has 100,000 ids)."""
    h = hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"


def location_key(loc: Location) -> str:
    """One place however many offers name it: the same name and address is the same location."""
    return slug(f"{loc.name} {loc.street} {loc.postal_code}")


def schedule_keys(offer: Offer) -> list[str]:
    """Keys from the days and times, not the position: reordering the blocks keeps their ids."""
    keys: list[str] = []
    for block in offer.schedule:
        when = "-".join(block.days) or (block.dates[0].isoformat() if block.dates else "vereinbarung")
        key = f"{offer.id}/{when}/{block.opens}-{block.closes}"
        n = 2
        while (candidate := key if n == 2 else f"{key}/{n - 1}") in keys:
            n += 1
        keys.append(candidate)
    return keys


def _clean(objects: list[dict]) -> None:
    for obj in objects:
        for key, value in obj.items():
            if isinstance(value, str):
                obj[key] = defused(without_emails(value))


# --- tables and files -----------------------------------------------------------------------------

def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _taxonomies(vocab: Vocabulary) -> list[tuple[str, str, str, str, dict[str, tuple[str, str]]]]:
    """(code, link_type, name, description, {term code: (label, term description)}) of our own taxonomies."""
    def stage_text(stage) -> str:
        if stage.age_max <= 0:
            return "Vor der Geburt"
        return f"Alter des Kindes: {_number(stage.age_min)} bis unter {_number(stage.age_max)} Jahre"
    return [
        ("lebensphasen", "life_stage", "Lebensphasen",
         "Lebensphasen der Präventionskette, von der Schwangerschaft bis zum Übergang in den Beruf",
         {s.code: (s.label, stage_text(s)) for s in vocab.life_stages}),
        ("themen", "category", "Themen", "Worum es in einem Angebot geht",
         {c: (label, f"Thema: {label}") for c, label in vocab.categories.items()}),
        ("zielgruppen", "audience", "Zielgruppen", "Für wen ein Angebot gedacht ist",
         {c: (label, f"Zielgruppe: {label}") for c, label in vocab.audiences.items()}),
        ("angebotsform", "delivery", "Angebotsform", "Wie man ein Angebot wahrnimmt",
         {c: (label, f"Angebotsform: {label}") for c, label in DELIVERY.items()}),
        ("barrierefreiheit", "accessibility", "Barrierefreiheit", "Was ein Ort für Barrierefreiheit bietet",
         {c: (label, f"Barrierefreiheit: {label}") for c, label in vocab.accessibility.items()}),
    ]


def _service(o: Offer, org_id: str, sid: str, vocab: Vocabulary) -> dict:
    description = o.summary + ("\n\n" + o.body.strip() if o.body.strip() else "")
    service: dict = {"id": sid, "organization_id": org_id, "name": o.name, "description": description,
                     "status": _STATUS.get(o.status, "active")}
    if o.contact.website:
        service["url"] = o.contact.website
    if o.registration_required is not None or o.registration_how:
        needed = {True: "Anmeldung nötig.", False: "Ohne Anmeldung.", None: ""}[o.registration_required]
        service["application_process"] = " ".join(t for t in (needed, o.registration_how) if t)
    service["fees_description"] = ("kostenlos" if o.cost_free else "kostenpflichtig") + \
        (f": {o.cost_note}" if o.cost_note else "")
    eligibility = []
    if o.audiences:
        eligibility.append("Für " + ", ".join(vocab.audiences[a] for a in o.audiences) + ".")
    if o.age_min is not None:
        eligibility.append(f"Alter des Kindes: {age_text(o)}.")
        service["minimum_age"] = _number(o.age_min)
        service["maximum_age"] = _number(o.age_max)
    if eligibility:
        service["eligibility_description"] = " ".join(eligibility)
    alerts = (["Pausiert: Dieses Angebot findet zurzeit nicht statt."] if o.status == "paused" else []) + \
        (["Beispiel: Dieses Angebot ist erfunden und dient nur zur Vorführung."] if o.example else [])
    if alerts:
        service["alert"] = " ".join(alerts)
    service["assured_date"] = o.last_reviewed.isoformat()
    return service


def hsds_tables(directory: Directory, city: str, state: str = "") -> dict[str, list[dict]]:
    """Every HSDS object of the published directory, by object type, in a stable order."""
    vocab = directory.vocabulary
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}

    prefix = slug(city)

    def make_id(kind: str, key: str) -> str:  # hsds_id() without re-slugging the city each time
        return _uuid5(f"{prefix}/{kind}/{key}")

    terms: dict[tuple[str, str], str] = {}
    link_types: dict[str, str] = {}
    for code, link_type, name, description, items in _taxonomies(vocab):
        tax_id = make_id("taxonomy", code)
        link_types[code] = link_type
        tables["taxonomy"].append({"id": tax_id, "name": name, "description": description})
        for term, (label, text) in items.items():
            terms[(code, term)] = make_id("taxonomy_term", f"{code}/{term}")
            tables["taxonomy_term"].append({"id": terms[(code, term)], "code": term, "name": label,
                                            "description": text, "taxonomy": name, "taxonomy_id": tax_id,
                                            "language": "de"})

    def attribute(entity: str, link_key: str, link_id: str, taxonomy: str, code: str) -> dict:
        return {"id": make_id("attribute", f"{entity}/{link_key}/{taxonomy}/{code}"), "link_id": link_id,
                "taxonomy_term_id": terms[(taxonomy, code)], "link_type": link_types[taxonomy],
                "link_entity": entity}

    organizations: dict[str, dict] = {}
    locations: dict[str, tuple[dict, Location, list[str]]] = {}
    for o in directory.published:
        org_key = slug(o.provider)
        org = organizations.get(org_key)
        if org is None:
            org = organizations[org_key] = {
                "id": make_id("organization", org_key), "name": o.provider,
                "description": f"Träger von Angeboten im Wegweiser für Familien in {city}."}
        if o.provider_website and "website" not in org:
            org["website"] = o.provider_website

        sid = make_id("service", o.id)
        tables["service"].append(_service(o, org["id"], sid, vocab))

        for loc in o.locations:
            key = location_key(loc)
            if key not in locations:
                point = {"latitude": loc.lat, "longitude": loc.lon} if loc.located else {}
                locations[key] = ({"id": make_id("location", key), "location_type": "physical",
                                   "name": loc.name, **point}, loc, [])
            location, _, access = locations[key]
            access.extend(a for a in loc.accessibility if a not in access)
            tables["service_at_location"].append({"id": make_id("service_at_location", f"{o.id}/{key}"),
                                                  "service_id": sid, "location_id": location["id"]})

        schedules = [hsds_schedule(make_id("schedule", key), sid, block, o)
                     for key, block in zip(schedule_keys(o), o.schedule)]
        if o.schedule_note and not o.schedule:
            schedules.append({"id": make_id("schedule", f"{o.id}/hinweis"), "service_id": sid,
                              "description": o.schedule_note})
        for schedule in schedules:
            if o.valid_from and "valid_from" not in schedule:
                schedule["valid_from"] = o.valid_from.isoformat()
            if o.valid_until and "valid_to" not in schedule:
                schedule["valid_to"] = o.valid_until.isoformat()
            if o.delivery:
                schedule["attending_type"] = ", ".join(DELIVERY[d] for d in o.delivery)
        tables["schedule"] += schedules

        if o.contact.phone:
            tables["phone"].append({"id": make_id("phone", f"service/{o.id}"), "service_id": sid,
                                    "number": o.contact.phone, "type": "voice"})
        for code in o.languages:
            tables["language"].append({"id": make_id("language", f"{o.id}/{code}"), "service_id": sid,
                                       "name": vocab.languages.get(code, code), "code": code})
        cost = {"id": make_id("cost_option", o.id), "service_id": sid,
                "option": "kostenlos" if o.cost_free else "kostenpflichtig"}
        if o.cost_free:
            cost.update(amount=0, currency="EUR")
        if o.cost_note:
            cost["amount_description"] = o.cost_note
        tables["cost_option"].append(cost)
        for did in o.districts:
            district = directory.districts.get(did)
            tables["service_area"].append({"id": make_id("service_area", f"{o.id}/{did}"), "service_id": sid,
                                           "name": district.name if district else f"ganz {city}"})
        for taxonomy, codes in (("lebensphasen", o.life_stages), ("themen", o.categories),
                                ("zielgruppen", o.audiences), ("angebotsform", o.delivery)):
            tables["attribute"] += [attribute("service", o.id, sid, taxonomy, c) for c in codes]

    tables["organization"] = sorted(organizations.values(), key=lambda org: (org["name"].casefold(), org["id"]))
    order = {code: i for i, code in enumerate(vocab.accessibility)}
    for key, (location, loc, access) in sorted(locations.items(), key=lambda kv: (kv[1][0]["name"].casefold(), kv[0])):
        tables["location"].append(location)
        address = {"id": make_id("address", key), "location_id": location["id"], "address_1": loc.street,
                   "city": loc.city, "state_province": state, "postal_code": loc.postal_code,
                   "country": "DE", "address_type": "physical"}
        tables["address"].append(address)
        for code in sorted(access, key=order.__getitem__):
            tables["accessibility"].append({"id": make_id("accessibility", f"{key}/{code}"),
                                            "location_id": location["id"],
                                            "description": vocab.accessibility[code]})
            tables["attribute"].append(attribute("location", key, location["id"], "barrierefreiheit", code))
    for objects in tables.values():
        _clean(objects)
    return tables


def hsds_files(tables: dict[str, list[dict]]) -> dict[str, bytes]:
    """hsds/<type>.json for every table, and hsds/compiled/service.json, as bytes (write_hsds in memory)."""
    files: dict[str, io.BytesIO] = {}

    @contextmanager
    def in_memory(uri: str):
        files[uri] = io.BytesIO()
        yield files[uri]

    write_hsds(tables, in_memory)
    return {uri: buffer.getvalue() for uri, buffer in files.items()}


# The members each table's objects are joined on in the compiled form.
_JOINS = {"organization": ("id",), "service": ("id", "organization_id"), "location": ("id",),
          "address": ("location_id",), "accessibility": ("location_id",),
          "service_at_location": ("service_id", "location_id"), "schedule": ("service_id",),
          "phone": ("service_id",), "language": ("service_id",), "cost_option": ("service_id",),
          "service_area": ("service_id",), "taxonomy": (), "taxonomy_term": ("id",),
          "attribute": ("link_id", "taxonomy_term_id")}


def write_hsds(tables: dict[str, list[dict]], open_file, consume: bool = False) -> None:
    """Write hsds/<type>.json for every table, then hsds/compiled/service.json, each through
    ``open_file(uri)`` (a context manager giving a binary file, e.g. Site.writer).

    Each object is serialised once; a compiled service is spliced together from the very same
    texts (the service with its organization, locations, schedules … inlined), so the two forms
    always agree and a big directory is not encoded twice. The compiled services are written one
    at a time, never held together. ``consume``: empty each table once it is written (its objects
    are not needed again), so the objects and their texts are not all held at once.
    """
    text: dict[str, list[str]] = {}
    keys: dict[str, list[tuple]] = {}
    for name in TABLES:
        objects = tables[name]
        text[name] = [script_json(obj) for obj in objects]
        keys[name] = [tuple(obj.get(field) for field in _JOINS[name]) for obj in objects]
        with open_file(f"hsds/{name}.json") as out:
            _write_array(out, text[name])
        if consume:
            objects.clear()
    del text["taxonomy"]

    def index(table: str) -> dict[str, list[str]]:  # texts by their first join member
        found: dict[str, list[str]] = defaultdict(list)
        for key, obj_text in zip(keys[table], text.pop(table)):
            if key[0] is not None:
                found[key[0]].append(obj_text)
        return found

    terms = {key[0]: obj_text for key, obj_text in zip(keys["taxonomy_term"], text.pop("taxonomy_term"))}
    attributes: dict[str, list[str]] = defaultdict(list)
    for (link_id, term_id), obj_text in zip(keys["attribute"], text.pop("attribute")):
        attributes[link_id].append(_splice(obj_text, taxonomy_term=terms[term_id]))
    del terms
    addresses, access = index("address"), index("accessibility")
    locations = {key[0]: _splice(loc_text, addresses=_list(addresses.pop(key[0], [])),
                                 accessibility=_list(access.pop(key[0], [])),
                                 attributes=_list(attributes.pop(key[0], [])))
                 for key, loc_text in zip(keys["location"], text.pop("location"))}
    organizations = {key[0]: obj_text for key, obj_text in zip(keys["organization"], text.pop("organization"))}
    at_location: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (service_id, location_id), sal_text in zip(keys["service_at_location"], text.pop("service_at_location")):
        at_location[service_id].append((sal_text, location_id))
    related = {field: index(table) for field, table in (
        ("schedules", "schedule"), ("phones", "phone"), ("languages", "language"),
        ("cost_options", "cost_option"), ("service_areas", "service_area"))}
    with open_file("hsds/compiled/service.json") as out:
        out.write(b"[\n")
        for i, ((sid, org_id), s_text) in enumerate(zip(keys["service"], text.pop("service"))):
            service = _splice(s_text, organization=organizations[org_id],
                              service_at_locations=_list([_splice(sal, location=locations[loc])
                                                          for sal, loc in at_location.pop(sid, [])]),
                              **{field: _list(found.pop(sid, [])) for field, found in related.items()},
                              attributes=_list(attributes.pop(sid, [])))
            out.write(((",\n" if i else "") + service).encode("utf-8"))
        out.write(b"\n]\n")


def _write_array(out, texts: list[str]) -> None:
    """A JSON array, one object a line: readable, diff-friendly, still compact.

    script_json escapes <, > and & as in <script> blocks: harmless for JSON readers, and safe for
    anyone who pastes the data into a web page.
    """
    out.write(b"[\n")
    for i, obj_text in enumerate(texts):
        out.write(((",\n" if i else "") + obj_text).encode("utf-8"))
    out.write(b"\n]\n")


def _splice(obj_text: str, **fields: str) -> str:
    """A JSON object's text with more members appended (the values already JSON text)."""
    return obj_text[:-1] + "".join(f',"{name}":{value}' for name, value in fields.items()) + "}"


def _list(texts: list[str]) -> str:
    return "[" + ",".join(texts) + "]"
