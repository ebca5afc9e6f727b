"""`wegweiser import SOURCE --template`: a commented mapping for a spreadsheet's header row.

Columns whose heading says what they hold ("Träger", "PLZ", "Öffnungszeiten") are filled in; the
rest are listed as comments, so staff only complete what is left. The result passes the mapping's
own schema as it is.
"""
from __future__ import annotations

import json

from .mapping import norm
from .sources import Table

# heading words -> field (first match wins; compared after casefolding and tidying spaces)
GUESSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("nr", "nr.", "id", "nummer", "lfd. nr.", "lfd nr", "kennung", "angebotsnummer"), "source_id"),
    (("kurzbeschreibung", "kurztext", "zusammenfassung", "teaser"), "summary"),
    (("beschreibung", "langtext", "text", "inhalt", "details"), "body"),
    (("angebot", "name", "titel", "bezeichnung", "angebotsname", "name des angebots"), "name"),
    (("träger", "traeger", "anbieter", "organisation", "einrichtungsträger"), "provider.name"),
    (("webseite träger", "homepage träger", "internet träger"), "provider.website"),
    (("lebensphase", "lebensphasen", "phase"), "life_stages"),
    (("thema", "themen", "kategorie", "kategorien", "bereich"), "categories"),
    (("alter von", "mindestalter", "ab alter", "alter ab"), "age.min"),
    (("alter bis", "höchstalter", "hoechstalter"), "age.max"),
    (("zielgruppe", "zielgruppen", "für wen"), "audiences"),
    (("stadtteil", "stadtteile", "einzugsgebiet", "sozialraum"), "districts"),
    (("einrichtung", "veranstaltungsort", "standort", "name der einrichtung", "ort des angebots"), "locations.name"),
    (("straße", "strasse", "str.", "adresse", "anschrift", "straße und hausnummer"), "locations.street"),
    (("hausnummer", "hnr", "nr. (haus)"), "locations.street"),
    (("plz", "postleitzahl"), "locations.postal_code"),
    (("ort", "stadt", "gemeinde", "wohnort"), "locations.city"),
    (("breite", "breitengrad", "lat", "latitude"), "locations.lat"),
    (("länge", "laenge", "längengrad", "lon", "lng", "longitude"), "locations.lon"),
    (("barrierefreiheit", "barrierefrei", "rollstuhlgerecht"), "locations.accessibility"),
    (("form", "angebotsform", "art"), "delivery"),
    (("kostenhinweis", "hinweis kosten", "kostenbeitrag", "gebühr", "gebühren", "preis"), "cost.note"),
    (("kosten", "kostenlos", "kostenfrei", "gratis"), "cost.free"),
    (("alter", "altersgruppe", "alter (jahre)"), "age"),
    (("sprachen", "sprache"), "languages"),
    (("öffnungszeiten", "oeffnungszeiten", "zeiten", "termine", "uhrzeit", "sprechzeiten"), "schedule"),
    (("anmeldung", "anmeldung nötig", "anmeldung erforderlich"), "registration.required"),
    (("telefon", "tel", "tel.", "telefonnummer", "fon"), "contact.phone"),
    (("e-mail", "email", "mail", "e-mail-adresse"), "contact.email"),
    (("internet", "homepage", "webseite", "website", "url", "link"), "contact.website"),
    (("gültig ab", "beginn", "start"), "valid_from"),
    (("gültig bis", "ende", "enddatum"), "valid_until"),
    (("geprüft am", "stand", "letzte prüfung", "aktualisiert"), "last_reviewed"),
)


def guess(heading: str) -> str:
    key = norm(heading).rstrip(":?")
    for words, name in GUESSES:
        if key in words:
            return name
    return ""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render(table: Table, city: str = "") -> str:
    fields: dict[str, list[str]] = {}
    location: dict[str, list[str]] = {}
    source_id = ""
    unmatched = []
    for heading in (h for h in table.header if h):
        name = guess(heading)
        if name == "source_id" and not source_id:
            source_id = heading
        elif name.startswith("locations."):
            location.setdefault(name.split(".", 1)[1], []).append(heading)
        elif name == "age" and "age.min" not in fields:
            fields["age.min"] = fields["age.max"] = [heading]  # "0-3 Jahre": von … bis …
        elif name and name not in fields:
            fields[name] = [heading]
        else:
            unmatched.append(heading)
    if "districts" in fields:
        location.setdefault("district", fields["districts"])

    def spec(cols: list[str]) -> str:
        return _q(cols[0]) if len(cols) == 1 else "[" + ", ".join(_q(c) for c in cols) + "]"

    out = [f"# Zuordnung für „{table.name}“, erzeugt mit „wegweiser import --template“.",
           "# Links steht das Feld eines Angebots (siehe docs/felder.md), rechts die Spaltenüberschrift.",
           "# Prüfen Sie jede Zeile; dann: wegweiser import " + table.name + " --mapping DIESE-DATEI --dry-run",
           ""]
    out.append(f"source_id: {_q(source_id)}  # feste Nummer je Angebot: gleiche Nummer = gleiche Datei"
               if source_id else "# source_id: \"Nr.\"  # Spalte mit einer festen Nummer je Angebot (empfohlen)")
    out += ["", "fields:"]
    for name, cols in fields.items():
        out.append(f"  {name}: {spec(cols)}")
        if name == "cost.free":
            out.append("  # Kosten: „kostenlos“, „ja“, „x“ gelten als kostenlos; Beträge wie „5 €“ als kostenpflichtig.")
            if "cost.note" not in [guess(h) for h in table.header if h]:
                # the words that say only yes or no are no note; a text like "5 € pro Termin" is kept
                words = ", ".join(f'{w}: ""' for w in ("kostenlos", "kostenfrei", "ja", "x", "nein", '"-"',
                                                       "kostenpflichtig"))
                out.append(f"  cost.note: {{column: {spec(cols)}, values: {{{words}}}, other: keep}}")
        if name == "schedule":
            out.append("  # Zeiten wie „Di 9–11 Uhr“ oder „Mo–Fr 8:00–12:00“ werden gelesen; „nach Vereinbarung“ ebenso (ohne feste Zeit).")
    if location and "name" not in location:
        # a place needs its name (the mapping's schema says so): the block stays a comment to complete
        out.append("  # Orte: Es gibt keine Spalte für den Namen des Ortes (Einrichtung); ohne ihn wird kein Ort")
        out.append("  # geschrieben. Gibt es eine, nehmen Sie die „#“ vor den folgenden Zeilen weg:")
        out.append('  # locations:')
        out.append('  #   - name: "…"')
        for key in ("street", "postal_code", "city", "district", "lat", "lon", "accessibility"):
            if key in location:
                out.append(f"  #     {key}: {spec(location[key])}")
        location = {}
    if location:
        out.append("  locations:")
        first = True
        for key in ("name", "street", "postal_code", "city", "district", "lat", "lon", "accessibility"):
            if key in location:
                out.append(f"    {'- ' if first else '  '}{key}: {spec(location[key])}")
                first = False
    if unmatched:
        out.append("  # Nicht zugeordnet (tragen Sie ein Feld davor ein oder lassen Sie sie weg):")
        out += [f"  #   {_q(h)}" for h in unmatched]
    out += ["", "# Werte für Felder ohne Spalte oder mit leerer Zelle", "defaults:",
            "  # Datum der letzten Prüfung; „heute“ = Tag des Imports", "  last_reviewed: heute", "  status: active"]
    if "cost.free" in fields:
        out += ["  # eine leere Zelle in der Kosten-Spalte heißt: nicht kostenlos (prüfen!)", "  cost.free: false"]
    else:
        out += ["  # wenn alle Angebote kostenlos sind:", "  # cost.free: true"]
    if location and "city" not in location:
        out += ["  locations:", f"    city: {_q(city)}"] if city else \
            ["  # wenn die Tabelle keine Spalte für den Ort (die Stadt) hat:", "  # locations:",
             "  #   city: \"Name der Stadt\""]
    return "\n".join(out) + "\n"
