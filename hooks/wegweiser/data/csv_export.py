"""offers.csv: one row per published offer, for spreadsheets (German Excel: UTF-8 with BOM, `;`)."""
from __future__ import annotations

import csv
import io

from ..model import Directory, Offer
from ..site.render import DELIVERY
from ..site.when import block_text
from .redact import without_emails
from .spreadsheet import inert

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
        o.contact.phone, o.contact.website,  # no e-mail: see redact.py (P10)
        o.valid_from.isoformat() if o.valid_from else "", o.valid_until.isoformat() if o.valid_until else "",
        o.last_reviewed.isoformat(), "pausiert" if o.status == "paused" else "aktiv",
        o.easy_summary, _yes_no(o.example), o.body.strip(),
    ]
    return [inert(without_emails(cell)) for cell in row]


def offers_csv(directory: Directory) -> bytes:
    """UTF-8 with byte order mark and `;` between cells: what Excel in German expects on a double-click."""
    out = io.BytesIO()
    write_offers_csv(directory, out)
    return out.getvalue()


def write_offers_csv(directory: Directory, out) -> None:
    """offers_csv into the binary file `out`, a row at a time (a big directory's CSV is never held)."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        text.write("\ufeff")
        writer = csv.writer(text, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for offer in directory.published:
            writer.writerow(csv_row(offer, directory))
        text.flush()
    finally:
        text.detach()  # `out` stays open: its owner closes it

