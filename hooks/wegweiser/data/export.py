"""Open-data exports of the published directory, and the page that lists every download.

Files (all rebuilt with the site, only published offers):
  offers.csv                  one row per offer, for spreadsheets (csv_export.py)
  hsds/<type>.json            Open Referral HSDS 3.0: one JSON array per object type, each object
                              valid against the official schema of that name (hsds_export.py,
                              hsds_write.py)
  hsds/compiled/service.json  every offer as one whole HSDS service (organization, locations,
                              schedules, attributes … inlined), valid against compiled/service.json

No e-mail address appears in any of them (P10, redact.py).
"""
from __future__ import annotations

from ..model import Directory
from ..site.pages import Download, PageSpec, SiteSettings
from .csv_export import write_offers_csv
from .hsds_export import NAMESPACE, TABLES, HsdsObjects, hsds_id, slug
from .hsds_write import write_hsds


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
    with site.writer("offers.csv") as out:
        write_offers_csv(directory, out)
    write_hsds(HsdsObjects(directory, settings.city, settings.state), site.writer)

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
    site.template_globals["download_size"] = lambda path: (size_text(site.asset_size(path))
                                                           if path in site.assets else "")
    site.template_globals["download_groups"] = lambda: group_by_format(site.downloads)
    # For `mkdocs serve --dirty`: the open-data page changes with the downloads' sizes.
    def sizes() -> tuple:
        return tuple((d.path, site.asset_size(d.path)) for d in site.downloads if d.path in site.assets)
    site.global_keys["download_size"] = site.global_keys["download_groups"] = sizes
    site.pages.append(PageSpec(
        "offene-daten/index.md", "Offene Daten", "open-data.html",
        {"namespace": str(NAMESPACE), "city_slug": slug(settings.city),
         "example_id": hsds_id(settings.city, "service", directory.published[0].id) if directory.published else "",
         "example_key": directory.published[0].id if directory.published else ""},
        description=f"Alle Angebote des Wegweisers {settings.city} als offene Daten: Tabelle (CSV) und "
                    "Open Referral HSDS 3.0.", in_nav=True,
        hide=("toc",)))  # keeps the sidebar: the page sits in "Über" beside static pages that show it
