"""Open Referral HSDS 3.0 of the published directory: the objects of its tables (hsds_write.py writes the files).

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
import re
import unicodedata
import uuid

from ..model import Directory, Location, Offer
from ..model.vocabulary import Vocabulary
from ..site.render import DELIVERY, age_text
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


# --- objects -------------------------------------------------------------------------------------------

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


# The tables with one offer's objects (HsdsObjects.offer), and those with one place's
# (HsdsObjects.location). "attribute" is in both: the offers' attributes, then the places'.
OFFER_TABLES = ("service", "service_at_location", "schedule", "phone", "language", "cost_option",
                "service_area", "attribute")
LOCATION_TABLES = ("location", "address", "accessibility", "attribute")


class HsdsObjects:
    """Every HSDS object of the published directory, made when asked, so a big directory never
    holds them all at once.

    The first pass (here) gathers what many offers share: an organization's website and a place's
    accessibility come from every offer that names it. It holds the taxonomies and organizations as
    objects (``shared``, a few per provider) and of each place only its key, the offer's Location
    and the accessibility codes: a generated directory has about one place per offer.
    ``location(id)``: one place's objects; ``offer(o)``: one offer's; both by table, in a stable order.
    """

    def __init__(self, directory: Directory, city: str, state: str = "") -> None:
        self.directory, self.city, self.state = directory, city, state
        self._prefix = slug(city)
        vocab = directory.vocabulary
        self.shared: dict[str, list[dict]] = {"taxonomy": [], "taxonomy_term": [], "organization": []}
        self._terms: dict[tuple[str, str], str] = {}
        self._link_types: dict[str, str] = {}
        for code, link_type, name, description, items in _taxonomies(vocab):
            tax_id = self._id("taxonomy", code)
            self._link_types[code] = link_type
            self.shared["taxonomy"].append({"id": tax_id, "name": name, "description": description})
            for term, (label, text) in items.items():
                self._terms[(code, term)] = self._id("taxonomy_term", f"{code}/{term}")
                self.shared["taxonomy_term"].append({"id": self._terms[(code, term)], "code": term, "name": label,
                                                     "description": text, "taxonomy": name, "taxonomy_id": tax_id,
                                                     "language": "de"})

        organizations: dict[str, dict] = {}  # by the slug of the provider's name
        by_provider: dict[str, dict] = {}  # the same objects by the name as written: one slug each
        self._places: dict[str, tuple[str, Location, list[str]]] = {}  # location id -> (key, Location, codes)
        self._location_ids: dict[tuple, tuple[str, str]] = {}  # (name, street, postal code) -> (key, id)
        self.uses: dict[str, int] = {}  # location id -> how many services are at that location
        for o in directory.published:
            org = by_provider.get(o.provider)
            if org is None:
                org_key = slug(o.provider)
                org = organizations.get(org_key)
                if org is None:
                    org = organizations[org_key] = {
                        "id": self._id("organization", org_key), "name": o.provider,
                        "description": f"Träger von Angeboten im Wegweiser für Familien in {city}."}
                by_provider[o.provider] = org
            if o.provider_website and "website" not in org:
                org["website"] = o.provider_website
            for loc in o.locations:
                key, lid = self._location(loc)
                if lid not in self._places:
                    self._places[lid] = (key, loc, [])
                access = self._places[lid][2]
                access.extend(a for a in loc.accessibility if a not in access)
                self.uses[lid] = self.uses.get(lid, 0) + 1
        self._org_ids = {provider: org["id"] for provider, org in by_provider.items()}
        self.shared["organization"] = sorted(organizations.values(),
                                             key=lambda org: (org["name"].casefold(), org["id"]))
        # hsds/location.json's order (by name, then key), which address and accessibility follow
        self.location_ids = sorted(self._places, key=lambda lid: (self._places[lid][1].name.casefold(),
                                                                  self._places[lid][0]))
        self._access_order = {code: i for i, code in enumerate(vocab.accessibility)}
        for objects in self.shared.values():
            _clean(objects)

    def _id(self, kind: str, key: str) -> str:  # hsds_id() without re-slugging the city each time
        return _uuid5(f"{self._prefix}/{kind}/{key}")

    def _location(self, loc: Location) -> tuple[str, str]:
        """(location_key, location id) of a place, slugged once however many offers name it."""
        place = (loc.name, loc.street, loc.postal_code)
        found = self._location_ids.get(place)
        if found is None:
            key = location_key(loc)
            found = self._location_ids[place] = (key, self._id("location", key))
        return found

    def _attribute(self, entity: str, link_key: str, link_id: str, taxonomy: str, code: str) -> dict:
        return {"id": self._id("attribute", f"{entity}/{link_key}/{taxonomy}/{code}"), "link_id": link_id,
                "taxonomy_term_id": self._terms[(taxonomy, code)], "link_type": self._link_types[taxonomy],
                "link_entity": entity}

    def location(self, lid: str) -> dict[str, list[dict]]:
        """One place's objects by table (LOCATION_TABLES): as the first offer naming it writes it,
        with the accessibility of every offer there."""
        key, loc, access = self._places[lid]
        point = {"latitude": loc.lat, "longitude": loc.lon} if loc.located else {}
        objects = {"location": [{"id": lid, "location_type": "physical", "name": loc.name, **point}],
                   "address": [{"id": self._id("address", key), "location_id": lid, "address_1": loc.street,
                                "city": loc.city, "state_province": self.state, "postal_code": loc.postal_code,
                                "country": "DE", "address_type": "physical"}],
                   "accessibility": [], "attribute": []}
        vocab = self.directory.vocabulary
        for code in sorted(access, key=self._access_order.__getitem__):
            objects["accessibility"].append({"id": self._id("accessibility", f"{key}/{code}"), "location_id": lid,
                                             "description": vocab.accessibility[code]})
            objects["attribute"].append(self._attribute("location", key, lid, "barrierefreiheit", code))
        for found in objects.values():
            _clean(found)
        return objects

    def offers(self):
        """Each published offer's objects (offer()), one offer after the other."""
        for o in self.directory.published:
            yield self.offer(o)

    def offer(self, o: Offer) -> dict[str, list[dict]]:
        vocab, make_id = self.directory.vocabulary, self._id
        objects: dict[str, list[dict]] = {name: [] for name in OFFER_TABLES}
        sid = make_id("service", o.id)
        objects["service"].append(_service(o, self._org_ids[o.provider], sid, vocab))
        for loc in o.locations:
            key, lid = self._location(loc)
            objects["service_at_location"].append({"id": make_id("service_at_location", f"{o.id}/{key}"),
                                                   "service_id": sid, "location_id": lid})
        schedules = objects["schedule"]
        schedules += [hsds_schedule(make_id("schedule", key), sid, block, o)
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

        if o.contact.phone:
            objects["phone"].append({"id": make_id("phone", f"service/{o.id}"), "service_id": sid,
                                     "number": o.contact.phone, "type": "voice"})
        for code in o.languages:
            objects["language"].append({"id": make_id("language", f"{o.id}/{code}"), "service_id": sid,
                                        "name": vocab.languages.get(code, code), "code": code})
        cost = {"id": make_id("cost_option", o.id), "service_id": sid,
                "option": "kostenlos" if o.cost_free else "kostenpflichtig"}
        if o.cost_free:
            cost.update(amount=0, currency="EUR")
        if o.cost_note:
            cost["amount_description"] = o.cost_note
        objects["cost_option"].append(cost)
        for did in o.districts:
            district = self.directory.districts.get(did)
            objects["service_area"].append({"id": make_id("service_area", f"{o.id}/{did}"), "service_id": sid,
                                            "name": district.name if district else f"ganz {self.city}"})
        for taxonomy, codes in (("lebensphasen", o.life_stages), ("themen", o.categories),
                                ("zielgruppen", o.audiences), ("angebotsform", o.delivery)):
            objects["attribute"] += [self._attribute("service", o.id, sid, taxonomy, c) for c in codes]
        for found in objects.values():
            _clean(found)
        return objects
