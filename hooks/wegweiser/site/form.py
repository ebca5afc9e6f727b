"""The page /mitmachen/ ("Angebot eintragen oder ändern"): a form made from the offer schema.

The form is not written by hand: ``fields`` walks content/schema.py's offer schema and turns every
property into a node (text, number, date, choice, checkboxes, sub-fields, repeatable group), with
the vocabulary's German labels for the codes. A field added to the schema appears in the form
without touching this module; only its short label and its group are looked up here, with the
schema's description and the last group ("Weitere Angaben") as the fallback. A construct the walk
does not know is edited as JSON text, which YAML reads as the same value: nothing is ever lost.

The page is rendered on the server (labels, hints, choices work without JavaScript); the form's
scripts (overrides/assets/form-data.js, form-map.js, form.js) read the nodes (``spec``, embedded as
JSON) to fill, read, check and write the file. Each published offer gets
``mitmachen/angebote/<id>.json`` (its front matter as written and its description), which the form
loads for ``?angebot=<id>``: one small file per offer keeps the form page itself the same size however
large the directory grows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from markupsafe import Markup

from ..content import schema as S
from ..model import Directory, geo
from . import mapdraw, maps
from .pages import PageSpec, Site, SiteSettings
from .render import DAY_LONG, DELIVERY
from .when import MONTHS
from .finder import _SCHEME_HINT as SCHEME_HINT, _inert as inert

URI = "mitmachen/index.md"
PREFILL_DIR = "mitmachen/angebote"
FOLDER = "content/offers"

# Short labels (the schema's description becomes the hint below them). Paths without list indexes.
LABELS = {
    "name": "Name des Angebots", "summary": "Kurzbeschreibung (eine Zeile)", "provider": "Träger",
    "provider.name": "Name des Trägers", "provider.website": "Webseite des Trägers",
    "life_stages": "Lebensphasen", "categories": "Themen (ein bis drei)", "age": "Alter des Kindes",
    "age.min": "von (Jahre)", "age.max": "bis (Jahre)", "audiences": "Für wen ist das Angebot?",
    "districts": "Für Familien aus diesen Stadtteilen", "locations": "Orte",
    "locations.name": "Name des Ortes", "locations.street": "Straße und Hausnummer",
    "locations.postal_code": "Postleitzahl", "locations.city": "Ort", "locations.district": "Stadtteil",
    "locations.lat": "Breitengrad", "locations.lon": "Längengrad",
    "locations.accessibility": "Barrierefreiheit", "delivery": "Wie findet das Angebot statt?",
    "cost": "Kosten", "cost.free": "Ist das Angebot kostenlos?", "cost.note": "Hinweis zu den Kosten",
    "languages": "Sprachen", "schedule": "Zeiten", "schedule.days": "Wochentage",
    "schedule.opens": "Beginn", "schedule.closes": "Ende", "schedule.note": "Hinweis zu diesem Zeitblock",
    "schedule.weeks": "Nur in diesen Wochen des Monats", "schedule.every_weeks": "Nur jede n-te Woche",
    "schedule.months": "Nur in diesen Monaten", "schedule.from": "Gilt ab", "schedule.until": "Gilt bis",
    "schedule.dates": "Einzelne Termine (statt Wochentagen)", "schedule.count": "Kurs: Zahl der Termine",
    "schedule.holidays": "In den Schulferien", "schedule.public_holidays": "An Feiertagen",
    "schedule.by_appointment": "Nur nach Vereinbarung?",
    "schedule_note": "Hinweis zu den Zeiten", "registration": "Anmeldung",
    "registration.required": "Ist eine Anmeldung nötig?", "registration.how": "Wie meldet man sich an?",
    "contact": "Kontakt", "contact.phone": "Telefon", "contact.email": "E-Mail", "contact.website": "Webseite",
    "easy_language": "Leichte Sprache", "easy_language.summary": "Kurze Beschreibung in Leichter Sprache",
    "valid_from": "Beginnt am", "valid_until": "Endet am", "last_reviewed": "Zuletzt geprüft am",
    "status": "Stand des Angebots", "example": "Beispieldaten (nur für das Beispielverzeichnis)",
}
# Hints where the schema's description speaks of the file (quotes, codes) rather than the form.
HINTS = {
    "locations.postal_code": "Fünf Ziffern, z. B. 45879",
    "locations.district": "Der Stadtteil, in dem der Ort liegt",
    "locations.lat": "Tippen Sie auf die Karte, oder geben Sie die Zahl ein, z. B. 51.5123",
    "locations.lon": "Tippen Sie auf die Karte, oder geben Sie die Zahl ein, z. B. 7.0987",
    "contact.phone": "z. B. 0209 123 45 67",
    "schedule.opens": "Pflicht, außer bei „Nur nach Vereinbarung“", "schedule.closes": "",
    "schedule.days": "Pflicht, außer bei einzelnen Terminen oder „Nur nach Vereinbarung“",
    "schedule.weeks": "Leer lassen, wenn das Angebot jede Woche stattfindet",
    "schedule.every_weeks": "2 = alle zwei Wochen; gezählt ab der Woche von „Gilt ab“",
    "schedule.months": "Leer lassen, wenn das Angebot das ganze Jahr stattfindet",
    "schedule.from": "Nötig bei „Nur jede n-te Woche“ und bei Kursen", "schedule.until": "",
    "schedule.dates": "Nur für Angebote ohne festen Wochentag, z. B. drei Samstage im Jahr",
    "schedule.count": "Ein Kurs mit fester Zahl von Terminen: so viele Termine ab „Gilt ab“",
    "schedule.holidays": "", "schedule.public_holidays": "",
    "schedule.by_appointment": "Ja = Familien machen einen Termin aus; Tage und Zeiten sagen dann, wann "
    "Termine möglich sind (freiwillig)",
    "districts": "Wählen Sie „ganze Stadt“, wenn Familien aus allen Stadtteilen kommen können.",
    "locations": "Wo findet das Angebot statt? Nicht nötig, wenn es nur online, am Telefon oder bei "
    "Familien zu Hause stattfindet.",
    "delivery": "", "languages": "", "cost.free": "", "registration.required": "",
    "life_stages": "", "valid_from": "", "status": "", "last_reviewed": "Wird auf heute gesetzt, wenn Sie unten "
    "bestätigen, dass Sie alle Angaben geprüft haben.",
}
# Messages where the schema's x-error speaks of the file ("in Anführungszeichen"): in the form the
# provider types the bare value, and the form writes the quotes.
ERRORS = {
    "locations.postal_code": "Eine Postleitzahl hat genau fünf Ziffern, z. B. 45879.",
    "contact.phone": "Eine Telefonnummer besteht nur aus Ziffern, Leerzeichen und / - ( ), z. B. 0209 123 45 67 "
    "oder +49 209 1234567.",
    "schedule.opens": "Geben Sie die Uhrzeit als Stunden und Minuten ein, z. B. 09:30.",
    "schedule.closes": "Geben Sie die Uhrzeit als Stunden und Minuten ein, z. B. 17:00.",
}
GROUPS = [  # (id, heading, top-level fields); "body" is the description below the front matter
    ("was", "Was?", ["name", "summary", "body", "provider", "categories"]),
    ("wer", "Für wen?", ["life_stages", "age", "audiences", "languages"]),
    ("wann", "Wann?", ["schedule", "schedule_note", "valid_from", "valid_until"]),
    ("wo", "Wo?", ["delivery", "districts", "locations"]),
    ("kosten", "Kosten und Anmeldung", ["cost", "registration"]),
    ("kontakt", "Kontakt", ["contact"]),
    ("leicht", "Leichte Sprache", ["easy_language"]),
    ("weiteres", "Weitere Angaben", []),  # every field not placed above, in the schema's order
    ("pruefen", "Prüfen", ["status", "last_reviewed"]),
]
MONTH_WEEK_LABELS = {1: "1. Woche", 2: "2. Woche", 3: "3. Woche", 4: "4. Woche", 5: "5. Woche",
                     -1: "letzte Woche"}
HOLIDAY_LABELS = {"closed": "findet nicht statt", "open": "findet auch statt (so ist es ohne Angabe)",
                  "only": "findet nur in den Schulferien statt"}
PUBLIC_HOLIDAY_LABELS = {"closed": "geschlossen (so ist es ohne Angabe)", "open": "findet auch statt"}
STATUS = {"active": "läuft", "paused": "pausiert (wird mit Hinweis gezeigt)",
          "ended": "beendet (wird nicht mehr gezeigt)"}
INPUT_TYPES = {"email": "email", "phone": "tel", "website": "url"}


@dataclass
class Node:
    key: str  # "" for the item of a list of plain values
    path: str  # dotted, without list indexes: "locations.lat"
    kind: str  # text date time number integer boolean select checks object list json
    label: str
    hint: str = ""
    required: bool = False
    recommended: bool = False
    rules: dict = field(default_factory=dict)  # the schema's constraints form-data.js checks
    options: list[tuple[str, str]] = field(default_factory=list)  # (code, German label)
    children: list["Node"] = field(default_factory=list)
    item: "Node | None" = None  # of a list

    @property
    def id(self) -> str:
        return "ww-f-" + self.path.replace(".", "-").replace("_", "-")

    def spec(self) -> dict:
        """What the form's scripts need of this node (JSON)."""
        out = {"key": self.key, "path": self.path, "kind": self.kind, "label": self.label,
               "required": self.required, "rules": self.rules}
        if self.options:
            out["options"] = [code for code, _ in self.options]
        if self.children:
            out["children"] = [c.spec() for c in self.children]
        if self.item:
            out["item"] = self.item.spec()
        return out


class Options:
    """German labels for the codes of each vocabulary, looked up by the field's own name."""

    def __init__(self, directory: Directory):
        v = directory.vocabulary
        stages = {s.code: s.label for s in v.life_stages}
        for code, members in v.life_stage_shortcuts.items():
            stages[code] = f"Abkürzung „{code}“: " + ", ".join(stages.get(m, m) for m in members)
        languages = {c: (f"{label} ({v.language_native[c]})" if v.language_native.get(c)
                         and v.language_native[c] != label else label) for c, label in v.languages.items()}
        self.by_key = {"life_stages": stages, "categories": v.categories, "audiences": v.audiences,
                       "languages": languages, "accessibility": v.accessibility, "days": DAY_LONG,
                       "delivery": DELIVERY, "status": STATUS,
                       "weeks": MONTH_WEEK_LABELS, "months": dict(enumerate(MONTHS, 1)),
                       "holidays": HOLIDAY_LABELS, "public_holidays": PUBLIC_HOLIDAY_LABELS}
        self.districts = [(d.id, d.name) for d in directory.districts.values()]

    def labels(self, key: str, codes: list) -> list[tuple]:
        known = self.by_key.get(key, {})
        return [(c, known.get(c, c)) for c in codes]

    def numbers(self, key: str, items: dict) -> list | None:
        """The codes of a list of whole numbers that has labels (weeks, months), else None."""
        if items.get("type") != "integer" or key not in self.by_key:
            return None
        return items.get("enum") or list(self.by_key[key])


def _rules(s: dict) -> dict:
    names = {"minLength": "minLength", "maxLength": "maxLength", "pattern": "pattern", "minimum": "min",
             "maximum": "max", "minItems": "minItems", "maxItems": "maxItems", "x-error": "error",
             "minProperties": "minProperties", "dependentRequired": "dependentRequired"}
    out = {short: s[name] for name, short in names.items() if name in s}
    if s.get("format") == "date":
        out["date"] = True
    if isinstance(s.get("not"), dict) and s["not"].get("pattern") == S.BLANK:
        out["notBlank"] = True
    if s.get("type") == "array" and isinstance(s.get("items"), dict) and "x-error" in s["items"]:
        out.setdefault("error", s["items"]["x-error"])
    return out


def node(key: str, s: dict, path: str, required: bool, options: Options, recommended: bool = False) -> Node:
    label = LABELS.get(path) or s.get("title") or s.get("description") or key
    hint = HINTS.get(path, s.get("description", "") if s.get("description") != label else "")
    kind, opts, children, item, rules = "json", [], [], None, {}
    t = s.get("type")
    items = s.get("items") if isinstance(s.get("items"), dict) else None
    is_district = key in ("district", "districts")
    if t == "object" and isinstance(s.get("properties"), dict):
        kind = "object"
        req, rec = set(s.get("required", ())), set(s.get("x-recommended", ()))
        children = [node(k, sub, f"{path}.{k}" if path else k, k in req, options, k in rec)
                    for k, sub in s["properties"].items()]
    elif t == "array" and items is not None and items.get("type") == "string" and "enum" in items:
        kind, opts = "checks", options.labels(key, items["enum"])
    elif t == "array" and items is not None and options.numbers(key, items):
        kind, opts = "checks", options.labels(key, options.numbers(key, items))
        rules = {"numeric": True}
    elif t == "array" and items is not None and items.get("type") == "string" and is_district:
        kind = "checks"
        opts = [(S.CITYWIDE, "ganze Stadt (alle Stadtteile)")] + options.districts
    elif t == "array" and items is not None:
        kind = "list"
        item = node("", items, path, True, options)
        if item.kind == "object":
            item.label = s.get("description", label)
    elif t == "string" and "enum" in s:
        kind, opts = "select", options.labels(key, s["enum"])
    elif t == "string" and is_district:
        kind, opts = "select", options.districts
    elif t == "string" and s.get("format") == "date":
        kind = "date"
    elif t == "string" and s.get("pattern") == S.TIME:
        kind = "time"
    elif t == "string":
        kind = "text"
    elif t in ("number", "integer", "boolean"):
        kind = t
    rules = {**_rules(s), **rules}
    if path in ERRORS:
        rules["error"] = ERRORS[path]
    return Node(key, path, kind, label, hint, required, recommended, rules, opts, children, item)


def fields(directory: Directory) -> Node:
    """The whole offer as one object node, in the schema's (and docs/felder.md's) order."""
    s = S.offer_schema(directory.vocabulary)
    return node("", {"type": "object", "properties": s["properties"], "required": s["required"],
                     "x-recommended": s.get("x-recommended", [])}, "", True, Options(directory))


def groups(root: Node) -> list[tuple[str, str, list]]:
    """The top-level nodes in the provider's order ("body" stands for the description)."""
    by_key = {c.key: c for c in root.children}
    placed = {k for _, _, keys in GROUPS for k in keys}
    out = []
    for gid, heading, keys in GROUPS:
        members = [by_key[k] if k != "body" else "body" for k in keys if k in by_key or k == "body"]
        if gid == "weiteres":
            members = [c for c in root.children if c.key not in placed]
        if members:
            out.append((gid, heading, members))
    return out


def prefill(offer) -> bytes:
    """What ?angebot=<id> loads. A text that reads as a script URL gets the finder's invisible mark
    in front (search._inert), so no consumer of the file finds a usable one; form.js takes it off
    again (no valid one-line text can start with U+2060: schema.INVISIBLE). The walk runs only for
    the rare file whose text has anything script-like at all."""
    raw = {"id": offer.id, "front": offer.data, "body": offer.body}
    text = json.dumps(raw, ensure_ascii=False, separators=(",", ":"))
    low = text.lower()  # a plain substring test first: the pattern costs more than the dump
    if any(w in low for w in ("script", "data", "file", "blob")) and SCHEME_HINT.search(text):
        text = json.dumps(inert(raw), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def map_view(directory: Directory, drawn: "maps.Maps | None"):
    """The city map for tapping a place: the SVG paths, the names (placed as on /stadtteile/) and the
    numbers that turn a tap into lat/lon."""
    if drawn is None:
        return None
    atlas = drawn.atlas
    ids = [did for did in directory.districts if atlas.shapes.get(did)]
    if not ids:
        return None
    box = geo.bbox(p for did in ids for p in ((atlas.boxes[did][0], atlas.boxes[did][1]),
                                              (atlas.boxes[did][2], atlas.boxes[did][3])))
    view = mapdraw.View.fit(box, maps.CITY_WIDTH, 0.02, aspect=(0.4, 2.0))
    areas = [(did, directory.districts[did].name, mapdraw.view_paths(atlas, did, view, None),
              [round(v, 1) for v in _view_box(view, atlas.boxes[did])]) for did in ids]
    labels = Markup("".join(mapdraw.area_label(atlas, did, directory.districts[did].name, view) for did in ids))
    return {"view": view, "areas": areas, "labels": labels, "radius": geo.EARTH_RADIUS}


def _view_box(view: mapdraw.View, box) -> tuple[float, float, float, float]:
    """A district's box in view units, with some room around: where the map zooms to."""
    x0, y0 = view.xy((box[0], box[3]))
    x1, y1 = view.xy((box[2], box[1]))
    pad = max(x1 - x0, y1 - y0) * 0.15
    return (x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)


def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    root = fields(directory)
    repo = settings.repository
    context = {
        "form_groups": groups(root), "form_spec": root.spec(), "form_map": map_view(directory, site.template_globals.get("maps")),
        "form_repo": {"host": repo.host, "url": repo.url, "branch": repo.branch} if repo else None,
        "form_folder": FOLDER, "form_prefill": PREFILL_DIR, "form_max_body": S.MAX_BODY,
        "form_id_pattern": S.ID,
    }
    site.pages.append(PageSpec(URI, "Angebot eintragen oder ändern", "form.html", context,
                               description="Ein Angebot für Familien eintragen oder seine Angaben ändern: "
                               "ein Formular, das die Datei für das Verzeichnis schreibt.", in_nav=True))
    for offer in directory.published:
        site.assets[f"{PREFILL_DIR}/{offer.id}.json"] = prefill(offer)
