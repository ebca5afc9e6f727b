"""The one definition of what an offer may contain, and the pieces every content file's schema is
built from (the other files' schemas: fileschemas.py).

The same JSON Schema validates content (``validate``), is written to ``schema/*.schema.json`` for
editors (``wegweiser schema``), and renders the field reference in ``docs/felder.md``. German
``description`` texts are what providers read in all three places; ``x-error`` is the German hint
shown when a pattern does not match; ``x-recommended`` lists fields whose absence is a warning.
"""
from __future__ import annotations

import json
from typing import Any

# One-line text: no line breaks, control characters, soft hyphens, zero-width or bidi controls
# (they hide text or reorder it, "Trojan Source").
INVISIBLE = ("\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E"
             "\u2060-\u2064\u2066-\u206F\uFEFF")
ONE_LINE = f"^[^{INVISIBLE}]*$"
BLANK = r"^\s*$"
ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
HTTPS_URL = r"^https://[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(:[0-9]{1,5})?([/?#][^\s\"'<>\\\\`{}|^" + INVISIBLE + "]*)?$"
EMAIL = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
PHONE = r"^\+?\(?[0-9][0-9 ()/.-]{3,28}[0-9]$"
TIME = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
POSTAL_CODE = r"^[0-9]{5}$"
# A GitHub or GitLab user name, optionally with the "@" (which YAML needs quoted): letters, digits,
# "-", "_", "."; nothing that could add a rule or an owner to a generated CODEOWNERS line.
ACCOUNT = r"^@?[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9])?$"
DAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"]
DELIVERY = ["vor_ort", "online", "telefon", "aufsuchend"]
STATUS = ["active", "paused", "ended"]
MONTH_WEEKS = [1, 2, 3, 4, 5, -1]
HOLIDAYS = ["closed", "open", "only"]
PUBLIC_HOLIDAYS = ["closed", "open"]
CITYWIDE = "gesamtstadt"
MAX_AGE = 27
MAX_BODY = 5000

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def text(max_length: int, description: str, **extra: Any) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": ONE_LINE,
            "not": {"type": "string", "pattern": BLANK}, "description": description, **extra}


def string(pattern: str, description: str, error: str, **extra: Any) -> dict:
    return {"type": "string", "pattern": pattern, "description": description, "x-error": error, **extra}


def date(description: str) -> dict:
    return {"type": "string", "format": "date", "description": description,
            "x-error": "Schreiben Sie das Datum als JJJJ-MM-TT, z. B. 2026-03-01."}


def codes(values: list[str], description: str, min_items: int = 1, max_items: int | None = None) -> dict:
    schema = {"type": "array", "items": {"type": "string", "enum": values}, "minItems": min_items,
              "uniqueItems": True, "description": description}
    if max_items is not None:
        schema["maxItems"] = max_items
    return schema


def obj(properties: dict, required: list[str], description: str, recommended: list[str] = (),
        **extra: Any) -> dict:
    schema = {"type": "object", "description": description, "properties": properties,
              "required": list(required), "additionalProperties": False, **extra}
    if recommended:
        schema["x-recommended"] = list(recommended)
    return schema


def website(description: str = "Webseite, nur https://") -> dict:
    return string(HTTPS_URL, description, "Eine Webadresse muss vollständig mit https:// beginnen, "
                  "z. B. https://www.beispiel.de/angebot (http:// und andere Adressarten gehen nicht).")


def email() -> dict:
    return string(EMAIL, "E-Mail-Adresse der Einrichtung (keine privaten Adressen)",
                  "Schreiben Sie eine einfache E-Mail-Adresse wie info@beispiel.de, ohne Namen, "
                  "Leerzeichen oder Zusätze wie ?subject=.", maxLength=254)


def phone() -> dict:
    return string(PHONE, "Telefonnummer der Einrichtung, in Anführungszeichen, z. B. \"0209 123 45 67\"",
                  "Eine Telefonnummer besteht nur aus Ziffern, Leerzeichen und / - ( ), "
                  "z. B. \"0209 123 45 67\" oder \"+49 209 1234567\".")


# What a provider reads in messages and the field reference: a short German title and one line to
# copy. Kept apart from the field definitions so each stays readable; ``annotate`` puts them in.
OFFER_FIELDS = {
    "name": ("Name des Angebots", "name: Elterncafé Bismarck"),
    "summary": ("Kurzbeschreibung", "summary: Frühstück und Austausch für Eltern mit Babys"),
    "provider": ("Träger", "provider: {name: Familienzentrum Bismarck}"),
    "provider.name": ("Name des Trägers", "name: Familienzentrum Bismarck"),
    "provider.website": ("Webseite des Trägers", "website: https://www.beispiel.de"),
    "provider.maintainers": ("Prüferinnen und Prüfer beim Träger", "maintainers: [anna-schmidt]"),
    "life_stages": ("Lebensphasen", "life_stages: [baby, kleinkind]"),
    "categories": ("Themen", "categories: [begegnung, beratung]"),
    "age": ("Alter", "age: {min: 0, max: 3}"),
    "age.min": ("Mindestalter", "min: 0"),
    "age.max": ("Höchstalter", "max: 3"),
    "audiences": ("Zielgruppen", "audiences: [eltern]"),
    "districts": ("Stadtteile", f"districts: [bismarck] (oder [{CITYWIDE}])"),
    "locations": ("Orte", "locations: (darunter eingerückt „- name: …“, street, postal_code …)"),
    "locations[]": ("Ort", "- name: … (darunter street, postal_code, city, district, lat, lon)"),
    "locations[].name": ("Name des Ortes", "name: Familienzentrum Sonnenblume"),
    "locations[].street": ("Straße", "street: Marktstraße 1"),
    "locations[].postal_code": ("Postleitzahl", 'postal_code: "45879"'),
    "locations[].city": ("Ort", "city: Gelsenkirchen"),
    "locations[].district": ("Stadtteil des Ortes", "district: bismarck"),
    "locations[].lat": ("Breitengrad", "lat: 51.5123"),
    "locations[].lon": ("Längengrad", "lon: 7.0987"),
    "locations[].accessibility": ("Barrierefreiheit", "accessibility: [stufenlos]"),
    "delivery": ("Angebotsform", "delivery: [vor_ort]"),
    "cost": ("Kosten", "cost: {free: true}"),
    "cost.free": ("Kostenlos", "free: true"),
    "cost.note": ("Hinweis zu den Kosten", "note: 5 € pro Termin"),
    "languages": ("Sprachen", "languages: [de, tr]"),
    "schedule": ("Zeiten", 'schedule: [{days: [di], opens: "09:00", closes: "11:00"}]'),
    "schedule[]": ("Zeitblock", '- {days: [di], opens: "09:00", closes: "11:00"}'),
    "schedule[].days": ("Wochentage", "days: [di, do]"),
    "schedule[].opens": ("Beginn", 'opens: "09:00"'),
    "schedule[].closes": ("Ende", 'closes: "11:00"'),
    "schedule[].weeks": ("Wochen im Monat", "weeks: [2, 4]"),
    "schedule[].every_weeks": ("Alle n Wochen", "every_weeks: 2"),
    "schedule[].months": ("Monate", "months: [4, 5, 6, 7, 8, 9, 10]"),
    "schedule[].from": ("Gilt ab", "from: 2026-09-01"),
    "schedule[].until": ("Gilt bis", "until: 2027-07-16"),
    "schedule[].dates": ("Einzelne Termine", "dates: [2026-12-05, 2027-01-09]"),
    "schedule[].count": ("Anzahl der Termine", "count: 10"),
    "schedule[].holidays": ("Schulferien", "holidays: closed"),
    "schedule[].public_holidays": ("Feiertage", "public_holidays: open"),
    "schedule[].by_appointment": ("Nach Vereinbarung", "by_appointment: true"),
    "schedule[].note": ("Hinweis zum Zeitblock", "note: Eingang über den Hof"),
    "schedule_note": ("Hinweis zu den Zeiten", "schedule_note: Termine auch auf der Webseite"),
    "registration": ("Anmeldung", "registration: {required: false}"),
    "registration.required": ("Anmeldung nötig", "required: false"),
    "registration.how": ("Wie man sich anmeldet", "how: per Telefon"),
    "contact": ("Kontakt", 'contact: {phone: "0209 123 45 67"}'),
    "contact.phone": ("Telefon", 'phone: "0209 123 45 67"'),
    "contact.email": ("E-Mail", "email: info@beispiel.de"),
    "contact.website": ("Webseite", "website: https://www.beispiel.de/angebot"),
    "easy_language": ("Leichte Sprache", "easy_language: {summary: Hier treffen sich Eltern.}"),
    "easy_language.summary": ("Text in Leichter Sprache", "summary: Hier treffen sich Eltern."),
    "valid_from": ("Beginnt am", "valid_from: 2026-03-01"),
    "valid_until": ("Endet am", "valid_until: 2026-12-31"),
    "last_reviewed": ("Zuletzt geprüft am", "last_reviewed: 2026-03-01"),
    "status": ("Status", "status: active"),
    "example": ("Beispieldaten", "example: true"),
    "former_ids": ("Frühere Kennungen", "former_ids: [elterncafe-bismarck]"),
}


def annotate(schema: dict, fields: dict[str, tuple[str, str]], prefix: str = "") -> dict:
    """Put each field's German ``title`` and ``x-example`` (a line to copy) into the schema."""
    for name, sub in schema.get("properties", {}).items():
        if f"{prefix}{name}" in fields:
            sub["title"], sub["x-example"] = fields[f"{prefix}{name}"]
        items = sub.get("items") if sub.get("type") == "array" else None
        if isinstance(items, dict) and f"{prefix}{name}[]" in fields:
            items["title"], items["x-example"] = fields[f"{prefix}{name}[]"]
        elif isinstance(items, dict) and items.get("type") != "object" and "x-example" in sub:
            items["x-example"] = sub["x-example"]  # a wrong item: show the whole list as it should be
        nested = sub.get("items") if sub.get("type") == "array" else sub
        if isinstance(nested, dict) and nested.get("type") == "object":
            annotate(nested, fields, f"{prefix}{name}{'[].' if sub.get('type') == 'array' else '.'}")
    return schema


def offer_schema(vocab) -> dict:
    """The schema of an offer's front matter, with the vocabulary's codes as enums."""
    schema = annotate(_offer_schema(vocab), OFFER_FIELDS)
    # The names families read, so a provider who writes „Türkisch“ or „Türkçe“ is pointed to `tr`.
    props = schema["properties"]
    labelled = [
        (props["life_stages"], {s.label: s.code for s in vocab.life_stages}),
        (props["categories"], {label: code for code, label in vocab.categories.items()}),
        (props["audiences"], {label: code for code, label in vocab.audiences.items()}),
        (props["languages"], {**{label: code for code, label in vocab.languages.items()},
                              **{label: code for code, label in vocab.language_native.items()}}),
        (props["locations"]["items"]["properties"]["accessibility"],
         {label: code for code, label in vocab.accessibility.items()}),
    ]
    for field, labels in labelled:
        field["items"]["x-labels"] = labels
    return schema


def _offer_schema(vocab) -> dict:
    stages = vocab.life_stage_codes + sorted(vocab.life_stage_shortcuts)
    location = obj({
        "name": text(120, "Name des Ortes, z. B. „Familienzentrum Sonnenblume“"),
        "street": text(120, "Straße und Hausnummer"),
        "postal_code": string(POSTAL_CODE, "Postleitzahl, fünf Ziffern, in Anführungszeichen: \"45879\"",
                              "Eine Postleitzahl hat genau fünf Ziffern. Schreiben Sie sie in "
                              "Anführungszeichen, z. B. \"45879\"."),
        "city": text(80, "Ort, z. B. Gelsenkirchen"),
        "district": {"type": "string", "pattern": ID, "description": "Kennung des Stadtteils, in dem "
                     "der Ort liegt (Dateiname in content/districts/)",
                     "x-error": "Eine Stadtteil-Kennung besteht aus Kleinbuchstaben, Ziffern und "
                     "Bindestrichen, z. B. bulmke-huellen."},
        "lat": {"type": "number", "minimum": -90, "maximum": 90,
                "description": "Breitengrad (WGS 84), z. B. 51.5123; nur zusammen mit lon. Ohne "
                "Koordinaten erscheint der Ort auf keiner Karte"},
        "lon": {"type": "number", "minimum": -180, "maximum": 180,
                "description": "Längengrad (WGS 84), z. B. 7.0987; nur zusammen mit lat"},
        "accessibility": codes(vocab.accessibility_codes, "Barrierefreiheit des Ortes", min_items=0),
    }, ["name", "street", "postal_code", "city", "district"],
        "Ein Ort, an dem das Angebot stattfindet", recommended=["lat", "lon"],
        # the point is both coordinates or none: one alone is a typo, not a place
        dependentRequired={"lat": ["lon"], "lon": ["lat"]})
    schedule_block = obj({
        "days": codes(DAYS, "Wochentage: mo, di, mi, do, fr, sa, so (Pflicht, außer bei `dates` "
                      "oder `by_appointment`)"),
        "opens": string(TIME, "Beginn, \"HH:MM\" in Anführungszeichen (Pflicht, außer bei "
                        "`by_appointment`)",
                        "Schreiben Sie die Uhrzeit als \"HH:MM\" in Anführungszeichen, z. B. \"09:30\"."),
        "closes": string(TIME, "Ende, \"HH:MM\" in Anführungszeichen (Pflicht, außer bei "
                         "`by_appointment`)",
                         "Schreiben Sie die Uhrzeit als \"HH:MM\" in Anführungszeichen, z. B. \"17:00\"."),
        "weeks": {"type": "array", "minItems": 1, "uniqueItems": True,
                  "items": {"type": "integer", "enum": MONTH_WEEKS},
                  "description": "Nur der n-te Wochentag im Monat: [2, 4] = 2. und 4., -1 = der letzte"},
        "every_weeks": {"type": "integer", "minimum": 2, "maximum": 8,
                        "description": "Nur jede n-te Woche (2 = alle zwei Wochen), gezählt ab der Woche "
                        "von `from`"},
        "months": {"type": "array", "minItems": 1, "uniqueItems": True,
                   "items": {"type": "integer", "minimum": 1, "maximum": 12},
                   "description": "Nur in diesen Monaten: 1 = Januar … 12 = Dezember, z. B. "
                   "[4, 5, 6, 7, 8, 9, 10] für April bis Oktober"},
        "from": date("Gilt ab diesem Tag (JJJJ-MM-TT); Pflicht bei `every_weeks` und `count`"),
        "until": date("Gilt bis zu diesem Tag (JJJJ-MM-TT)"),
        "dates": {"type": "array", "minItems": 1, "uniqueItems": True,
                  "items": date("Ein Termin (JJJJ-MM-TT)"),
                  "description": "Einzelne Termine statt Wochentagen, z. B. [2026-12-05, 2027-01-09]"},
        "count": {"type": "integer", "minimum": 1, "maximum": 200,
                  "description": "Kurs mit fester Zahl von Terminen: so viele Termine ab `from`"},
        "holidays": {"type": "string", "enum": HOLIDAYS,
                     "description": "Schulferien: closed = findet in den Schulferien nicht statt, "
                     "only = nur in den Schulferien, open = auch in den Ferien (so ist es ohne Angabe)"},
        "public_holidays": {"type": "string", "enum": PUBLIC_HOLIDAYS,
                            "description": "Feiertage: closed = an gesetzlichen Feiertagen geschlossen "
                            "(so ist es ohne Angabe), open = auch an Feiertagen"},
        "by_appointment": {"type": "boolean", "description": "true = nur nach Vereinbarung; Tage und "
                           "Zeiten sind dann freiwillig und sagen, wann Termine möglich sind"},
        "note": text(120, "Hinweis zu diesem Zeitblock, z. B. „Eingang über den Hof“"),
    }, [], "Ein Zeitblock: an diesen Tagen von … bis …",
        **{"if": {"properties": {"by_appointment": {"const": True}}, "required": ["by_appointment"]},
           "else": {"required": ["opens", "closes"]}})
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://wegweiser.invalid/schema/offer.schema.json",
        "title": "Wegweiser: Angebot",
        **obj({
            "name": text(120, "Name des Angebots, eine Zeile"),
            "summary": text(200, "Kurzbeschreibung für die Karte in Listen, eine Zeile"),
            "provider": obj({
                "name": text(120, "Name des Trägers"),
                "website": website("Webseite des Trägers, nur https://"),
                "maintainers": {"type": "array", "minItems": 1, "maxItems": 10, "uniqueItems": True,
                                "items": string(ACCOUNT, "Benutzername bei GitHub oder GitLab",
                                                "Ein Benutzername besteht aus Buchstaben, Ziffern und "
                                                "- _ . (ohne Leerzeichen), z. B. anna-schmidt."),
                                "description": "Wer beim Träger Änderungen an dieser Datei prüfen darf: "
                                "Benutzernamen bei GitHub oder GitLab (ohne @), z. B. [anna-schmidt]"},
            }, ["name"], "Der Träger, der das Angebot macht"),
            "life_stages": codes(stages, "Lebensphasen, für die das Angebot gedacht ist "
                                 "(oder eine Abkürzung wie „alle“)"),
            "categories": codes(vocab.category_codes, "Themen, ein bis drei", max_items=3),
            "age": obj({
                "min": {"type": "number", "minimum": 0, "maximum": MAX_AGE,
                        "description": "Mindestalter des Kindes in Jahren (0.5 = sechs Monate)"},
                "max": {"type": "number", "minimum": 0, "maximum": MAX_AGE,
                        "description": "Höchstalter des Kindes in Jahren"},
            }, ["min", "max"], "Alter des Kindes in Jahren: von … bis …"),
            "audiences": codes(vocab.audience_codes, "Für wen: Eltern, Väter, Jugendliche …"),
            "districts": {"type": "array", "minItems": 1, "uniqueItems": True,
                          "items": {"type": "string", "pattern": ID,
                                    "x-error": "Eine Stadtteil-Kennung besteht aus Kleinbuchstaben, "
                                    "Ziffern und Bindestrichen, z. B. bulmke-huellen."},
                          "description": "Aus welchen Stadtteilen Familien kommen können, "
                          f"oder [{CITYWIDE}] für die ganze Stadt"},
            "locations": {"type": "array", "items": location, "minItems": 1,
                          "description": "Orte, an denen das Angebot stattfindet (Pflicht, außer "
                          "`delivery` enthält kein vor_ort)"},
            "delivery": codes(DELIVERY, "Wie: vor_ort, online, telefon, aufsuchend (Hausbesuch)"),
            "cost": obj({
                "free": {"type": "boolean", "description": "true = kostenlos, false = kostet etwas"},
                "note": text(200, "Hinweis zu den Kosten, z. B. „5 € pro Termin, mit Bildungs- und "
                             "Teilhabepaket kostenlos“"),
            }, ["free"], "Kosten"),
            "languages": codes(vocab.language_codes, "Sprachen, in denen das Angebot stattfindet "
                               "(ISO 639-1, z. B. de, tr, ar, uk)"),
            "schedule": {"type": "array", "items": schedule_block, "minItems": 1,
                         "description": "Öffnungs- oder Kurszeiten; mehrere Blöcke pro Tag sind erlaubt. Ohne "
                         "weitere Angabe jede Woche, an Feiertagen geschlossen, auch in den Schulferien"},
            "schedule_note": text(200, "Hinweis zu den Zeiten, der sich nicht als Regel schreiben lässt, "
                                  "z. B. „Termine auch auf der Webseite“"),
            "registration": obj({
                "required": {"type": "boolean", "description": "true = Anmeldung nötig"},
                "how": text(300, "Wie man sich anmeldet"),
            }, ["required"], "Anmeldung"),
            "contact": obj({
                "phone": phone(),
                "email": email(),
                "website": website(),
            }, [], "Kontakt der Einrichtung (keine Privatpersonen), mindestens eine Angabe",
                minProperties=1),
            "easy_language": obj({
                "summary": text(400, "Kurze Beschreibung in Leichter Sprache"),
            }, ["summary"], "Leichte Sprache"),
            "valid_from": date("Beginnt am (JJJJ-MM-TT)"),
            "valid_until": date("Endet am (JJJJ-MM-TT); danach wird das Angebot nicht mehr gezeigt"),
            "last_reviewed": date("Zuletzt geprüft am (JJJJ-MM-TT); älter als 12 Monate = veraltet"),
            "status": {"type": "string", "enum": STATUS,
                       "description": "active = läuft, paused = pausiert (wird mit Hinweis gezeigt), "
                       "ended = beendet (wird nicht gezeigt)"},
            "example": {"type": "boolean", "description": "true = Beispieldaten"},
            "former_ids": {"type": "array", "minItems": 1, "uniqueItems": True,
                           "items": {"type": "string", "pattern": ID,
                                     "x-error": "Eine frühere Kennung ist ein früherer Dateiname ohne .md, "
                                     "z. B. elterncafe-bismarck."},
                           "description": "Frühere Dateinamen (ohne .md) dieses Angebots: ihre alten "
                           "Adressen leiten hierher weiter"},
        }, ["name", "summary", "provider", "life_stages", "categories", "districts", "cost",
            "contact", "last_reviewed", "status"],
            "Ein Angebot für Familien (Kopfbereich einer Datei in content/offers/)",
            recommended=["age", "audiences", "delivery", "languages", "schedule", "registration"]),
    }


def dumps(schema: dict) -> str:
    """Stable text for the committed editor schema files."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
