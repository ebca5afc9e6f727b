"""The schemas of the directory's other files: a Stadtteil, content/holidays.yml, the vocabulary and
the translations of offers and of the vocabulary.

Built from the same pieces as the offer schema (schema.py), and used the same ways: validation,
``schema/*.schema.json`` for editors (``wegweiser schema``) and the field reference in docs/felder.md.
"""
from __future__ import annotations

from .schema import ID, MAX_AGE, SCHEMA_DIALECT, annotate, date, email, obj, phone, string, text, website

# Titles and lines to copy, as OFFER_FIELDS in schema.py.
DISTRICT_FIELDS = {
    "name": ("Name des Stadtteils", "name: Bismarck"),
    "borough": ("Stadtbezirk", "borough: Mitte"),
    "neighbours": ("Nachbarstadtteile", "neighbours: [schalke, bulmke-huellen]"),
    "population": ("Einwohnerzahlen", "population: {total: 16000, under_18: 3000, year: 2024, source: Stadt}"),
    "population.total": ("Einwohner insgesamt", "total: 16000"),
    "population.under_18": ("davon unter 18", "under_18: 3000"),
    "population.year": ("Stand", "year: 2024"),
    "population.source": ("Quelle", "source: Stadt Gelsenkirchen"),
    "need_index": ("Bedarfsklasse", "need_index: {value: 3, year: 2024, source: Stadt}"),
    "need_index.value": ("Klasse", "value: 3"),
    "need_index.year": ("Stand", "year: 2024"),
    "need_index.source": ("Quelle", "source: Stadt Gelsenkirchen"),
    "publish_need_index": ("Bedarfsklasse zeigen", "publish_need_index: false"),
    "contacts": ("Anlaufstellen", "contacts: [{name: Stadtteilbüro}]"),
    "contacts[].name": ("Name der Stelle", "name: Stadtteilbüro"),
    "contacts[].phone": ("Telefon", 'phone: "0209 123 45 67"'),
    "contacts[].email": ("E-Mail", "email: info@beispiel.de"),
    "contacts[].website": ("Webseite", "website: https://www.beispiel.de"),
    "last_reviewed": ("Zuletzt geprüft am", "last_reviewed: 2026-03-01"),
    "example": ("Beispieldaten", "example: true"),
}


def district_schema() -> dict:
    return annotate(_district_schema(), DISTRICT_FIELDS)


def _district_schema() -> dict:
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://wegweiser.invalid/schema/district.schema.json",
        "title": "Wegweiser: Stadtteil",
        **obj({
            "name": text(80, "Name des Stadtteils"),
            "borough": text(80, "Stadtbezirk, z. B. Mitte, Nord, West, Ost, Süd"),
            "neighbours": {"type": "array", "uniqueItems": True,
                           "items": {"type": "string", "pattern": ID,
                                     "x-error": "Eine Stadtteil-Kennung besteht aus Kleinbuchstaben, "
                                     "Ziffern und Bindestrichen, z. B. bulmke-huellen."},
                           "description": "Angrenzende Stadtteile (Kennungen); muss auf beiden Seiten "
                           "eingetragen sein"},
            "population": obj({
                "total": {"type": "integer", "minimum": 0, "description": "Einwohnerinnen und Einwohner"},
                "under_18": {"type": "integer", "minimum": 0, "description": "davon unter 18 Jahren"},
                "year": {"type": "integer", "minimum": 1990, "maximum": 2100, "description": "Stand (Jahr)"},
                "source": text(200, "Quelle der Zahlen"),
            }, ["total", "under_18", "year", "source"], "Einwohnerzahlen (nur Summen)"),
            "need_index": obj({
                "value": {"type": "integer", "minimum": 1, "maximum": 5,
                          "description": "Bedarfsklasse 1 (gering) bis 5 (hoch)"},
                "year": {"type": "integer", "minimum": 1990, "maximum": 2100, "description": "Stand (Jahr)"},
                "source": text(200, "Quelle"),
            }, ["value", "year", "source"], "Bedarfsklasse im Sinne des Partizipationsindex"),
            "publish_need_index": {"type": "boolean", "description": "true = Bedarfsklasse öffentlich "
                                   "zeigen (Vorsicht: Ranglisten können einen Stadtteil abwerten)"},
            "contacts": {"type": "array", "description": "Anlaufstellen im Stadtteil",
                         "items": obj({
                             "name": text(120, "Name der Stelle, z. B. Stadtteilbüro"),
                             "phone": phone(),
                             "email": email(),
                             "website": website(),
                         }, ["name"], "Eine Anlaufstelle")},
            "last_reviewed": date("Zuletzt geprüft am (JJJJ-MM-TT)"),
            "example": {"type": "boolean", "description": "true = Beispieldaten"},
        }, ["name", "last_reviewed"], "Ein Stadtteil (Kopfbereich einer Datei in content/districts/)",
            recommended=["neighbours"]),
    }


# The 16 Länder, as ISO 3166-2:DE without "DE-" (what the `holidays` library calls subdivisions).
STATES = ["BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH"]


HOLIDAY_FIELDS = {
    "state": ("Bundesland", "state: NW"),
    "school_holidays": ("Schulferien", "school_holidays: (darunter eingerückt „- name: …“, from, until)"),
    "school_holidays[]": ("Ferienabschnitt", "- {name: Herbstferien 2026, from: 2026-10-17, until: 2026-10-31}"),
    "school_holidays[].name": ("Name", "name: Herbstferien 2026"),
    "school_holidays[].from": ("Erster Ferientag", "from: 2026-10-17"),
    "school_holidays[].until": ("Letzter Ferientag", "until: 2026-10-31"),
    "source": ("Quelle", "source: https://www.schulministerium.nrw/ferienordnung"),
}


def holidays_schema() -> dict:
    return annotate(_holidays_schema(), HOLIDAY_FIELDS)


def _holidays_schema() -> dict:
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://wegweiser.invalid/schema/holidays.schema.json",
        "title": "Wegweiser: Ferien und Feiertage",
        **obj({
            "state": {"type": "string", "enum": STATES,
                      "description": "Bundesland, dessen gesetzliche Feiertage gelten (NW = "
                      "Nordrhein-Westfalen); die Feiertage werden berechnet"},
            "school_holidays": {"type": "array", "minItems": 1, "description": "Die Schulferien des "
                                "Landes, aus der amtlichen Liste des Schulministeriums",
                                "items": obj({
                                    "name": text(80, "z. B. Herbstferien 2026"),
                                    "from": date("Erster Ferientag (JJJJ-MM-TT)"),
                                    "until": date("Letzter Ferientag (JJJJ-MM-TT)"),
                                }, ["name", "from", "until"], "Ein Ferienabschnitt")},
            "source": text(300, "Woher die Daten stammen (Webadresse der amtlichen Liste)"),
        }, ["state", "school_holidays"], "Ferien und Feiertage (content/holidays.yml)",
            recommended=["source"]),
    }


def _labelled(extra: dict, required: list[str] = ("code", "label")) -> dict:
    return {"type": "array", "minItems": 1, "items": obj({
        "code": {"type": "string", "pattern": r"^[a-z0-9_]+$",
                 "description": "Kennung, wie sie in den Dateien steht",
                 "x-error": "Eine Kennung besteht aus Kleinbuchstaben ohne Umlaute (ä → ae, ß → ss), "
                 "Ziffern und _, z. B. muetter."},
        "label": text(80, "Bezeichnung, die Familien lesen"),
        "synonyms": SYNONYMS,
        **extra}, list(required), "Ein Eintrag")}


SYNONYMS = {"type": "array", "items": text(60, "ein Wort oder eine kurze Wendung"), "uniqueItems": True,
            "description": "Alltagswörter, mit denen die Suche diesen Eintrag auch findet"}
# The sections of the vocabulary whose labels are translated (languages keep their own names).
TRANSLATED_SECTIONS = ("life_stages", "categories", "audiences", "accessibility")


def offer_translation_schema() -> dict:
    """content/offers/<id>.<lang>.md: the text of an offer in one more language; the German file is the source."""
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://wegweiser.invalid/schema/offer-translation.schema.json",
        "title": "Wegweiser: übersetztes Angebot",
        **obj({
            "name": text(120, "Name des Angebots in dieser Sprache"),
            "summary": text(200, "Kurzbeschreibung in dieser Sprache"),
            "german_fingerprint": string(r"^[0-9a-f]{12}$", "Fingerabdruck der deutschen Fassung, aus der "
                                         "übersetzt wurde (nennt `wegweiser check`)",
                                         "Der Fingerabdruck besteht aus 12 Zeichen 0–9 und a–f, wie ihn "
                                         "`wegweiser check` nennt."),
            "reviewed": {"type": "boolean", "description": "true, sobald jemand die Übersetzung geprüft hat"},
        }, ["name", "summary"],
            "Ein Angebot in einer weiteren Sprache (Kopfbereich von content/offers/<kennung>.<sprache>.md)"),
    }


def vocabulary_translation_schema() -> dict:
    """content/vocabulary.<code>.yml: per section, per code of vocabulary.yml, the label in that language."""
    def section(question: bool) -> dict:
        term = {"label": text(80, "Bezeichnung in dieser Sprache"), "synonyms": SYNONYMS}
        if question:
            term["question"] = text(80, "Frage oder Satz für die Startseite, in dieser Sprache")
        return {"type": "object", "description": "Kennung aus vocabulary.yml: Übersetzung",
                "additionalProperties": obj(term, ["label"], "Ein übersetzter Eintrag")}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://wegweiser.invalid/schema/vocabulary-translation.schema.json",
        "title": "Wegweiser: Übersetzung der Wortlisten",
        **obj({"reviewed": {"type": "boolean", "description": "true, sobald eine Übersetzerin oder ein "
                            "Übersetzer die Datei geprüft hat"},
               **{key: section(key == "life_stages") for key in TRANSLATED_SECTIONS}},
              list(TRANSLATED_SECTIONS), "Die Wortlisten in einer weiteren Sprache (content/vocabulary.<sprache>.yml)"),
    }


def vocabulary_schema() -> dict:
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://wegweiser.invalid/schema/vocabulary.schema.json",
        "title": "Wegweiser: Wortlisten",
        **obj({
            "life_stages": _labelled({
                "question": text(80, "Frage oder Satz für die Startseite"),
                "age": obj({"min": {"type": "number", "minimum": -1, "maximum": MAX_AGE},
                            "max": {"type": "number", "minimum": 0, "maximum": MAX_AGE}},
                           ["min", "max"], "Alter des Kindes in Jahren, von (einschließlich) bis "
                           "(ausschließlich); -1 bis 0 = vor der Geburt"),
            }, ["code", "label", "age"]),
            "life_stage_shortcuts": {"type": "object", "description": "Abkürzungen für mehrere "
                                     "Lebensphasen", "additionalProperties": {
                                         "type": "array", "items": {"type": "string"}, "minItems": 1}},
            "categories": _labelled({}),
            "audiences": _labelled({}),
            "accessibility": _labelled({"barrierefrei": {"type": "boolean", "description":
                                        "zählt für den Filter „barrierefrei“"}}),
            "languages": _labelled({"native": text(80, "Name der Sprache in der Sprache selbst")}),
        }, ["life_stages", "categories", "audiences", "accessibility", "languages"],
            "Die Wortlisten des Verzeichnisses (content/vocabulary.yml)"),
    }
