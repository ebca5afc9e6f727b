"""Open-data exports of the published directory, and the page that lists every download.

Files (all rebuilt with the site, only published offers):
  offers.csv                  one row per offer, for spreadsheets (German Excel: UTF-8 with BOM, `;`)
  hsds/<type>.json            Open Referral HSDS 3.0: one JSON array per object type, each object
                              valid against the official schema of that name
  hsds/compiled/service.json  every offer as one whole HSDS service (organization, locations,
                              schedules, attributes … inlined), valid against compiled/service.json

HSDS ids are name-based UUIDs (RFC 4122 version 5), so they stay the same from build to build:
  uuid5(NAMESPACE, "<city slug>/<type>/<key>")
where <key> is the offer id for a service, the slug of the provider's name for an organization,
the slug of "name street postal code" for a location, and so on (see the *_key functions below).
The city's slug keeps two cities' ids apart when someone merges their exports.

Privacy (P10): no e-mail address appears in any bulk export. An organisation's address is still
one click away on the offer's own page; a file with every address at once would only make it easy
to send spam to every provider in town.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import uuid
from collections import defaultdict

from ..content.markup import link_scheme
from ..model import Directory, Location, Offer
from ..site.pages import Download, PageSpec, SiteSettings
from ..site.render import DELIVERY, age_text
from ..site.scan import BAD_SCHEMES
from ..site.structured import script_json
from ..site.when import block_text
from ..model.vocabulary import Vocabulary
from .hsds_schedule import hsds_schedule
from .spreadsheet import inert

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


# --- no e-mail addresses (P10) ---------------------------------------------------------------------

_MAILTO_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?mailto:[^)\s>]*>?(?:\s+\"[^\"\n]*\")?\s*\)", re.IGNORECASE)
_ADDRESS = re.compile(r"<?(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?", re.IGNORECASE)
EMAIL_HINT = "[E-Mail-Adresse auf der Angebotsseite]"


def without_emails(text: str) -> str:
    """Provider text with every e-mail address replaced by a hint where to find it.

    Providers write addresses into descriptions and notes too ("Anmeldung an info@…"); a bulk
    export must not hand all of them out at once.
    """
    if "@" not in text and "mailto:" not in text.lower():
        return text
    def link(match: re.Match) -> str:
        label = match.group(1)
        return label if _ADDRESS.search(label) else f"{label} {EMAIL_HINT}"
    text = _ADDRESS.sub(EMAIL_HINT, _MAILTO_LINK.sub(link, text))
    return re.sub(r"mailto:", "", text, flags=re.IGNORECASE)


def defused(text: str) -> str:
    """Text that no reader of the JSON could take for a script URL ("javascript:…" as an offer's name)."""
    return "'" + text if link_scheme(text) in BAD_SCHEMES else text


def _clean(objects: list[dict]) -> None:
    for obj in objects:
        for key, value in obj.items():
            if isinstance(value, str):
                obj[key] = defused(without_emails(value))


# --- HSDS -----------------------------------------------------------------------------------------

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
    """hsds/<type>.json for every table, and hsds/compiled/service.json.

    Each object is serialised once; a compiled service is spliced together from the very same
    texts (the service with its organization, locations, schedules … inlined), so the two forms
    always agree and a big directory is not encoded twice.
    """
    text = {name: [script_json(obj) for obj in objs] for name, objs in tables.items()}
    files = {f"hsds/{name}.json": _array(text[name]) for name in TABLES}

    def index(table: str, field: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for obj, obj_text in zip(tables[table], text[table]):
            if field in obj:
                found[obj[field]].append(obj_text)
        return found

    def by_id(table: str) -> dict[str, str]:
        return {obj["id"]: obj_text for obj, obj_text in zip(tables[table], text[table])}

    terms = by_id("taxonomy_term")
    attributes: dict[str, list[str]] = defaultdict(list)
    for obj, obj_text in zip(tables["attribute"], text["attribute"]):
        attributes[obj["link_id"]].append(_splice(obj_text, taxonomy_term=terms[obj["taxonomy_term_id"]]))
    addresses, access = index("address", "location_id"), index("accessibility", "location_id")
    locations = {loc["id"]: _splice(loc_text, addresses=_list(addresses[loc["id"]]),
                                    accessibility=_list(access[loc["id"]]), attributes=_list(attributes[loc["id"]]))
                 for loc, loc_text in zip(tables["location"], text["location"])}
    organizations = by_id("organization")
    at_location: dict[str, list[str]] = defaultdict(list)
    for sal, sal_text in zip(tables["service_at_location"], text["service_at_location"]):
        at_location[sal["service_id"]].append(_splice(sal_text, location=locations[sal["location_id"]]))
    related = {field: index(table, "service_id") for field, table in (
        ("schedules", "schedule"), ("phones", "phone"), ("languages", "language"),
        ("cost_options", "cost_option"), ("service_areas", "service_area"))}
    services = [_splice(s_text, organization=organizations[s["organization_id"]],
                        service_at_locations=_list(at_location[s["id"]]),
                        **{field: _list(found[s["id"]]) for field, found in related.items()},
                        attributes=_list(attributes[s["id"]]))
                for s, s_text in zip(tables["service"], text["service"])]
    files["hsds/compiled/service.json"] = _array(services)
    return files


def _splice(obj_text: str, **fields: str) -> str:
    """A JSON object's text with more members appended (the values already JSON text)."""
    return obj_text[:-1] + "".join(f',"{name}":{value}' for name, value in fields.items()) + "}"


def _list(texts: list[str]) -> str:
    return "[" + ",".join(texts) + "]"


def _array(texts: list[str]) -> bytes:
    """A JSON array, one object a line: readable, diff-friendly, still compact.

    script_json escapes <, > and & as in <script> blocks: harmless for JSON readers, and safe for
    anyone who pastes the data into a web page.
    """
    return ("[\n" + ",\n".join(texts) + "\n]\n").encode("utf-8")


# --- CSV ------------------------------------------------------------------------------------------

CSV_COLUMNS = ("ID", "Name", "Kurzbeschreibung", "Träger", "Webseite des Trägers", "Lebensphasen", "Themen",
               "Zielgruppen", "Alter von (Jahre)", "Alter bis (Jahre)", "Für Familien aus", "Orte",
               "Barrierefreiheit", "Angebotsform", "Kostenlos", "Kosten", "Sprachen", "Zeiten",
               "Hinweis zu den Zeiten", "Anmeldung nötig", "Anmeldung", "Telefon", "Webseite", "Gültig ab",
               "Gültig bis", "Zuletzt geprüft", "Status", "Leichte Sprache", "Beispieldaten", "Beschreibung")


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")  # German Excel: decimal comma


def _yes_no(value: bool | None) -> str:
    return {True: "ja", False: "nein", None: ""}[value]


def _times(offer: Offer) -> str:
    return "; ".join(block_text(b) for b in offer.schedule)


def csv_row(o: Offer, directory: Directory) -> list[str]:
    vocab = directory.vocabulary
    districts = directory.districts

    def district_name(did: str) -> str:
        return districts[did].name if did in districts else "ganze Stadt"

    places = "\n".join(f"{loc.name}, {loc.street}, {loc.postal_code} {loc.city} (Stadtteil {district_name(loc.district)})"
                       for loc in o.locations)
    access = list(dict.fromkeys(a for loc in o.locations for a in loc.accessibility))
    row = [
        o.id, o.name, o.summary, o.provider, o.provider_website,
        ", ".join(vocab.stage(s).label for s in o.life_stages),
        ", ".join(vocab.categories[c] for c in o.categories),
        ", ".join(vocab.audiences[a] for a in o.audiences),
        _decimal(o.age_min), _decimal(o.age_max),
        ", ".join(district_name(d) for d in o.districts), places,
        ", ".join(vocab.accessibility[a] for a in access),
        ", ".join(DELIVERY[d] for d in o.delivery),
        _yes_no(o.cost_free), o.cost_note,
        ", ".join(vocab.languages.get(code, code) for code in o.languages),
        _times(o), o.schedule_note, _yes_no(o.registration_required), o.registration_how,
        o.contact.phone, o.contact.website,  # no e-mail: see the module docstring (P10)
        o.valid_from.isoformat() if o.valid_from else "", o.valid_until.isoformat() if o.valid_until else "",
        o.last_reviewed.isoformat(), "pausiert" if o.status == "paused" else "aktiv",
        o.easy_summary, _yes_no(o.example), o.body.strip(),
    ]
    return [inert(without_emails(cell)) for cell in row]


def offers_csv(directory: Directory) -> bytes:
    """UTF-8 with byte order mark and `;` between cells: what Excel in German expects on a double-click."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for offer in directory.published:
        writer.writerow(csv_row(offer, directory))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- the feature ----------------------------------------------------------------------------------

def size_text(n: int) -> str:
    """Bytes as people read them: "12 kB", "3,4 MB"."""
    if n < 1_000_000:
        return f"{max(1, -(-n // 1000))} kB"
    return f"{n / 1_000_000:.1f} MB".replace(".", ",")


def group_by_format(downloads: list[Download]) -> list[tuple[str, list[Download]]]:
    """Downloads by format, formats in the order they were first registered."""
    groups: dict[str, list[Download]] = {}
    for d in downloads:
        groups.setdefault(d.format, []).append(d)
    return list(groups.items())


# What each HSDS file is, for the open-data page: (German title, description).
_TABLE_TEXT = {
    "organization": ("Träger", "Ein Objekt je Träger, mit Webseite."),
    "service": ("Angebote", "Ein Objekt je Angebot: Name, Beschreibung, Alter, Kosten, Anmeldung, Datum der "
                            "letzten Prüfung."),
    "location": ("Orte", "Ein Objekt je Ort, mit Koordinaten."),
    "address": ("Anschriften", "Die Anschrift jedes Ortes."),
    "accessibility": ("Barrierefreiheit der Orte", "Was jeder Ort für Barrierefreiheit bietet."),
    "service_at_location": ("Angebote an Orten", "Welches Angebot an welchem Ort stattfindet."),
    "schedule": ("Zeiten", "Wann die Angebote stattfinden, nach Wochentagen."),
    "phone": ("Telefonnummern", "Die Telefonnummern der Angebote."),
    "language": ("Sprachen", "In welchen Sprachen die Angebote stattfinden."),
    "cost_option": ("Kosten", "Ob ein Angebot kostenlos ist und was es sonst kostet."),
    "service_area": ("Einzugsgebiete", "Aus welchen Stadtteilen Familien zu einem Angebot kommen können."),
    "taxonomy": ("Merkmal-Verzeichnisse", "Lebensphasen, Themen, Zielgruppen, Angebotsform und Barrierefreiheit."),
    "taxonomy_term": ("Merkmale", "Jedes Merkmal mit Code und Bezeichnung."),
    "attribute": ("Zuordnung der Merkmale", "Welches Merkmal zu welchem Angebot oder Ort gehört."),
}


def extend(directory: Directory, settings: SiteSettings, site) -> None:
    site.assets["offers.csv"] = offers_csv(directory)
    site.assets.update(hsds_files(hsds_tables(directory, settings.city, settings.state)))

    site.downloads.append(Download(
        "offers.csv", "Alle Angebote als Tabelle",
        "Eine Zeile je Angebot, zum Öffnen mit Excel oder LibreOffice.", "CSV"))
    site.downloads.append(Download(
        "hsds/compiled/service.json", "Alle Angebote vollständig (HSDS)",
        "Jedes Angebot mit Träger, Orten, Zeiten und Merkmalen in einem Objekt: der einfachste Weg, "
        "die Daten in ein anderes Verzeichnis oder eine App zu übernehmen.", "JSON (HSDS 3.0)"))
    for name in TABLES:
        title, text = _TABLE_TEXT[name]
        site.downloads.append(Download(f"hsds/{name}.json", f"{title} ({name})", text, "JSON (HSDS 3.0)"))

    # Both read when the page is rendered, after every feature has registered its files.
    site.template_globals["download_size"] = lambda path: (size_text(len(site.assets[path]))
                                                           if path in site.assets else "")
    site.template_globals["download_groups"] = lambda: group_by_format(site.downloads)
    site.pages.append(PageSpec(
        "offene-daten/index.md", "Offene Daten", "open-data.html",
        {"namespace": str(NAMESPACE), "city_slug": slug(settings.city),
         "example_id": hsds_id(settings.city, "service", directory.published[0].id) if directory.published else "",
         "example_key": directory.published[0].id if directory.published else ""},
        description=f"Alle Angebote des Wegweisers {settings.city} als offene Daten: Tabelle (CSV) und "
                    "Open Referral HSDS 3.0.", in_nav=True,
        hide=("toc",)))  # keeps the sidebar: the page sits in "Über" beside static pages that show it
