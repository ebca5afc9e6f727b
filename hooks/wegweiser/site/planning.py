"""Staff views under /planung/: the quality report and the coverage matrix (Versorgungsmatrix).

Pure functions of the directory; ``extend()`` adds the pages (noindex, not in the navigation) and the
matrix as CSV when ``extra.wegweiser.planning`` is true.

The need index (Bedarfsklasse) of a Stadtteil may be shown only where ``publish_need_index`` allows
it. A built site may be published, so in a build the matrix uses only published classes, for the
order as well as for the flags: a hidden class can be read off neither the position of a row nor a
flag. Only a local preview (``mkdocs serve``, ``settings.preview``), which is never published, uses
every class.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..model import Directory, District, Offer
from .pages import Download, PageSpec, Site, SiteSettings, offer_url
from ..data.spreadsheet import table

EXPIRING_DAYS = 30
HIGH_NEED = 4  # need classes 4 and 5 count as high need for the flags
SHADES = 4
EXAMPLE_ROWS_SHOWN = 50  # one task for all of them; a full list would make the page huge at scale
# Rows per group on the page: at 50,000 offers every row would make it 135 KB gzip (2 MB); the table
# beside it holds all of them, for a spreadsheet.
ROWS_SHOWN = 100
REPORT_CSV = "planung/qualitaet/qualitaetsbericht.csv"
REPORT_COLUMNS = ("art", "eintrag", "traeger", "datum", "feld", "hinweis", "datei", "zeile", "seite")

PLANNING_URL = "planung/"
QUALITY_URL = "planung/qualitaet/"
COVERAGE_URL = "planung/versorgung/"
CSV_PATH = "planung/versorgung/versorgungsmatrix.csv"

# The report's groups in the order staff should work through them: what hides an offer first, then
# what makes an entry wrong or hard to find. (kind, title, what to do)
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("expired", "Abgelaufen – nicht veröffentlicht",
     "Das Datum valid_until ist vorbei. Mit dem Träger klären: verlängern (valid_until) oder „status: ended“ "
     "setzen bzw. die Datei löschen."),
    ("ended", "Beendet – nicht veröffentlicht",
     "status: ended. Die Datei kann gelöscht werden, sobald sicher ist, dass es das Angebot nicht mehr gibt."),
    ("expiring", f"Läuft in den nächsten {EXPIRING_DAYS} Tagen ab",
     "Noch veröffentlicht. Beim Träger nachfragen, ob es weitergeht, und valid_until anpassen."),
    ("stale", "Länger als 12 Monate nicht geprüft",
     "Älteste zuerst. Den Träger bitten, alle Angaben zu prüfen; danach last_reviewed auf das Prüfdatum setzen."),
    ("recommended", "Empfohlene Angaben fehlen",
     "Ohne diese Angaben finden Familien das Angebot über die Filter (Alter, Sprache, Öffnungszeiten) nicht."),
    ("location-district", "Ort liegt in einem Stadtteil, der in districts fehlt",
     "Den Stadtteil des Ortes in districts ergänzen oder den Stadtteil des Ortes korrigieren."),
    ("location-outside", "Ort liegt außerhalb seines Stadtteils",
     "Koordinaten (lat, lon) oder den Stadtteil des Ortes prüfen."),
    ("no_coordinates", "Orte ohne Koordinaten",
     "Ohne lat und lon erscheint der Ort auf keiner Karte und fehlt in offers.geojson. Koordinaten ergänzen, "
     "z. B. aus den amtlichen Hauskoordinaten oder von openstreetmap.org."),
    ("neighbours", "Nachbarn nicht gegenseitig eingetragen",
     "Nachbarschaft gilt in beide Richtungen: den fehlenden Eintrag in der anderen Stadtteil-Datei ergänzen."),
    ("age-stage", "Alter passt nicht zur Lebensphase",
     "Alter (age) oder Lebensphasen (life_stages) korrigieren, damit das Angebot in der richtigen Phase erscheint."),
    ("delivery", "Orte angegeben, aber „vor_ort“ fehlt",
     "vor_ort in delivery ergänzen oder die Orte löschen."),
    ("duplicate", "Wahrscheinlich doppelt eingetragen",
     "Gleicher Name und gleicher Träger oder Ort. Ist es dasselbe Angebot: eine Datei löschen und ihre Kennung "
     "in der anderen unter former_ids eintragen, damit die alte Adresse weiterführt."),
    ("private-contact", "Kontakt sieht privat aus",
     "Handynummer oder Adresse bei einem kostenlosen E-Mail-Anbieter. Beim Träger nach einem Kontakt der "
     "Einrichtung fragen; ein Diensthandy oder eine offizielle Adresse kann bleiben."),
    ("typography", "Sonderzeichen aus Word",
     "Typografische Anführungszeichen oder besondere Leerzeichen wurden wie gewöhnliche gelesen. In der Datei "
     "durch gerade Anführungszeichen und normale Leerzeichen ersetzen."),
    ("old-code", "Kennung in alter Schreibweise",
     "Kennungen schreiben sich ohne Umlaute (muetter statt mütter). Die alte Schreibweise wird noch gelesen; "
     "in der Datei ändern."),
    ("other", "Weitere Hinweise",
     "Hinweise der Prüfung, für die es keine eigene Gruppe gibt."),
    ("example", "Beispieldaten noch veröffentlicht",
     "Einträge mit „example: true“. Vor dem Start durch echte Angebote ersetzen oder löschen; solange es sie "
     "gibt, zeigt jede Seite den Hinweis „Beispielverzeichnis“."),
)
KNOWN_KINDS = frozenset(kind for kind, _, _ in GROUPS) - {"other", "expiring", "example"}


# --- quality report ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportRow:
    path: str  # the file to edit, repository-relative
    line: int  # 0 when the whole file is meant
    field: str
    message: str  # German, from the validator or computed here
    title: str  # the offer's or district's name, or the file name
    url: str  # site-relative page of the entry; "" when it is not published
    provider: str = ""
    date: dt.date | None = None  # last_reviewed (stale) or valid_until (expiring)


@dataclass(frozen=True)
class ReportGroup:
    kind: str
    title: str
    advice: str
    rows: tuple[ReportRow, ...]

    @property
    def anchor(self) -> str:
        return f"gruppe-{self.kind}"


def group_kind(kind: str) -> str:
    """The report group of a problem kind; kinds a newer check brings along land in "other"."""
    return kind if kind in KNOWN_KINDS else "other"


def _row_for(problem, offers: dict[str, Offer], districts: dict[str, District],
             shown: set[str]) -> ReportRow:
    offer, district = offers.get(problem.path), districts.get(problem.path)
    if offer is not None:
        return ReportRow(problem.path, problem.line, problem.field, problem.message, offer.name,
                         offer_url(offer) if offer.id in shown else "", offer.provider,
                         offer.last_reviewed if problem.kind == "stale" else None)
    if district is not None:
        return ReportRow(problem.path, problem.line, problem.field, problem.message, district.name,
                         f"stadtteile/{district.id}/", "",
                         district.last_reviewed if problem.kind == "stale" else None)
    return ReportRow(problem.path, problem.line, problem.field, problem.message,
                     problem.path.rsplit("/", 1)[-1], "")


def expiring(directory: Directory, days: int = EXPIRING_DAYS) -> list[Offer]:
    """Published offers whose valid_until falls within the next ``days`` days, soonest first."""
    last = directory.today + dt.timedelta(days=days)
    soon = [o for o in directory.published if o.valid_until is not None and o.valid_until <= last]
    return sorted(soon, key=lambda o: (o.valid_until, o.source))


def quality_report(directory: Directory) -> list[ReportGroup]:
    """Every group of the report in GROUPS order, empty ones included (staff see what was checked)."""
    offers = {o.source: o for o in directory.offers.values()}
    districts = {d.source: d for d in directory.districts.values()}
    shown = {o.id for o in directory.published}
    rows: dict[str, list[ReportRow]] = {kind: [] for kind, _, _ in GROUPS}
    for problem in directory.problems:
        rows[group_kind(problem.kind)].append(_row_for(problem, offers, districts, shown))
    # Stale: oldest first; the date is None only for a file outside the model (sorted last).
    rows["stale"].sort(key=lambda r: (r.date is None, r.date or dt.date.max, r.path))
    for o in expiring(directory):
        left = (o.valid_until - directory.today).days
        when = "heute" if left == 0 else "morgen" if left == 1 else f"in {left} Tagen"
        rows["expiring"].append(ReportRow(
            o.source, 0, "valid_until", f"Läuft am {o.valid_until.strftime('%d.%m.%Y')} ab ({when}).",
            o.name, offer_url(o), o.provider, o.valid_until))
    for o in directory.published:
        if o.example:
            rows["example"].append(ReportRow(o.source, 0, "example", "Beispielangebot", o.name, offer_url(o),
                                             o.provider))
    for d in directory.districts.values():
        if d.example:
            rows["example"].append(ReportRow(d.source, 0, "example", "Beispiel-Stadtteil", d.name,
                                             f"stadtteile/{d.id}/"))
    return [ReportGroup(kind, title, advice, tuple(rows[kind])) for kind, title, advice in GROUPS]


def report_csv(report: list[ReportGroup]) -> bytes:
    """Every row of the report, one line each, in the page's order: what the page shortens. `seite`
    is the entry's page from the site's root (empty when it is not published)."""
    return table(REPORT_COLUMNS, (
        (group.title, r.title, r.provider, r.date.strftime("%d.%m.%Y") if r.date else "", r.field,
         r.message, r.path, r.line or "", r.url) for group in report for r in group.rows))


# --- coverage matrix ---------------------------------------------------------------------------------

def available(offer: Offer, today: dt.date) -> bool:
    """Usable by a family today: published, not paused, already started.

    Paused offers stay on the site (with a notice) but help nobody now, so they do not count as
    supply; nor do offers whose valid_from lies ahead.
    """
    return (offer.published(today) and offer.status == "active"
            and (offer.valid_from is None or offer.valid_from <= today))


def reaches(offer: Offer) -> set[str]:
    """The Stadtteile whose families an offer (not city-wide) is for: listed in districts or held there."""
    return set(offer.districts) | {loc.district for loc in offer.locations}


def visible_need(district: District, reveal: bool) -> int | None:
    return district.need_index if (reveal or district.publish_need_index) else None


def need_note(district: District, reveal: bool) -> str:
    if district.need_index is None:
        return "keine Angabe"
    return "" if visible_need(district, reveal) is not None else "nicht veröffentlicht"


def decimal_de(value: float, places: int = 1) -> str:
    """0.25 -> "0,3": rounded half up as people round (Python's format rounds half to even)."""
    step = Decimal(1).scaleb(-places)
    return str(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)).replace(".", ",")


@dataclass(frozen=True)
class Cell:
    district: str
    stage: str
    count: int
    per_1000: float | None  # None: the number of children is not known ("keine Daten", never 0)
    shade: int  # 0 = no data; 1..SHADES = quarter of the Stadtteile this cell's per-1000 value is in
    flagged: bool

    @property
    def url(self) -> str:
        return f"suche/?stadtteil={self.district}&lebensphase={self.stage}"

    @property
    def per_1000_text(self) -> str:
        return "keine Daten" if self.per_1000 is None else decimal_de(self.per_1000)


@dataclass(frozen=True)
class MatrixRow:
    district: District
    need: int | None  # the class this build may show, or None
    need_note: str  # "" | "nicht veröffentlicht" | "keine Angabe"
    children: int | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Matrix:
    stages: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    citywide: dict  # stage -> number of available city-wide offers (contained in every row)
    medians: dict  # stage -> median per-1000 value over the Stadtteile with known children, or None
    counted: int  # available offers
    paused: int  # published offers left out because they are paused
    not_started: int  # published, active offers whose valid_from lies ahead
    reveal: bool  # every need class used (local preview) or only published ones

    @property
    def flagged(self) -> int:
        return sum(c.flagged for r in self.rows for c in r.cells)


def shade(value: float, column: list[float]) -> int:
    """1..SHADES by the share of Stadtteile with a lower value: the lowest quarter is 1, the highest 4."""
    below = sum(v < value for v in column)
    return 1 + min(SHADES - 1, SHADES * below // len(column))


def coverage(directory: Directory, reveal: bool = False) -> Matrix:
    """Stadtteil × life stage: available offers for families of each Stadtteil.

    Flag rule (also on the page and in docs/koordination.md): a cell is flagged when the Stadtteil's
    need class is 4 or 5 and it has fewer offers per 1,000 children in that life stage than the
    median Stadtteil. Without a known number of children no flag (and no shade) is possible.
    """
    stages = tuple(directory.vocabulary.life_stage_codes)
    today = directory.today
    local = {d: {s: 0 for s in stages} for d in directory.districts}
    citywide = {s: 0 for s in stages}
    counted = paused = not_started = 0
    for o in directory.published:
        if not available(o, today):
            paused += o.status == "paused"
            not_started += o.status == "active"
            continue
        counted += 1
        if o.citywide:
            for s in o.life_stages:
                citywide[s] += 1
            continue
        for d in reaches(o) & local.keys():
            for s in o.life_stages:
                local[d][s] += 1

    def children(d: District) -> int | None:
        return d.population_under_18 or None  # 0 children: a rate is not defined

    counts = {d: {s: local[d][s] + citywide[s] for s in stages} for d in local}
    rates = {d.id: {s: counts[d.id][s] * 1000 / children(d) for s in stages}
             for d in directory.districts.values() if children(d)}
    columns = {s: [rates[d][s] for d in rates] for s in stages}
    medians = {s: statistics.median(columns[s]) if columns[s] else None for s in stages}

    rows = []
    for d in directory.districts.values():
        need = visible_need(d, reveal)
        cells = []
        for s in stages:
            rate = rates.get(d.id, {}).get(s)
            cells.append(Cell(
                d.id, s, counts[d.id][s], rate,
                shade(rate, columns[s]) if rate is not None else 0,
                need is not None and need >= HIGH_NEED and rate is not None and rate < medians[s]))
        rows.append(MatrixRow(d, need, need_note(d, reveal), children(d), tuple(cells)))
    rows.sort(key=lambda r: (r.need is None, -(r.need or 0), r.district.name.casefold(), r.district.id))
    return Matrix(stages, tuple(rows), citywide, medians, counted, paused, not_started, reveal)


# --- CSV ---------------------------------------------------------------------------------------------

CSV_COLUMNS = ("stadtteil_id", "stadtteil", "bedarfsklasse", "kinder_unter_18", "lebensphase_id",
               "lebensphase", "angebote", "davon_gesamtstadt", "je_1000_kinder", "markiert")




def matrix_csv(matrix: Matrix, directory: Directory) -> bytes:
    """One line per cell. Semicolons, decimal commas and a byte-order mark: German spreadsheet
    programs open it as it is."""
    return table(CSV_COLUMNS, (
        (row.district.id, row.district.name,
         row.need if row.need is not None else row.need_note,
         row.children if row.children is not None else "keine Daten",
         cell.stage, directory.vocabulary.stage(cell.stage).label,
         cell.count, matrix.citywide[cell.stage], cell.per_1000_text,
         "ja" if cell.flagged else "nein") for row in matrix.rows for cell in row.cells))


# --- pages -------------------------------------------------------------------------------------------

def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    if not settings.planning:
        return
    report = quality_report(directory)
    matrix = coverage(directory, reveal=settings.preview)
    warnings = sum(len(g.rows) for g in report if g.kind not in ("expiring", "example"))

    def page(url: str, title: str, template: str, description: str, **context) -> PageSpec:
        return PageSpec(f"{url}index.md", title, template, {"preview": settings.preview, **context},
                        description=description, robots="noindex")

    site.pages += [
        page(PLANNING_URL, "Planung", "planning.html",
             "Qualitätsbericht und Versorgungsmatrix für die Koordination.",
             report=report, matrix=matrix, warnings=warnings),
        page(QUALITY_URL, "Qualitätsbericht", "planning_quality.html",
             "Was an den Einträgen zu tun ist: veraltet, abgelaufen, unvollständig.", report=report,
             example_rows_shown=EXAMPLE_ROWS_SHOWN, rows_shown=ROWS_SHOWN,
             report_csv=REPORT_CSV.rsplit("/", 1)[-1]),
        page(COVERAGE_URL, "Versorgungsmatrix", "planning_coverage.html",
             "Angebote je Stadtteil und Lebensphase, auch je 1.000 Kinder.",
             matrix=matrix, csv_name=CSV_PATH.rsplit("/", 1)[-1], high_need=HIGH_NEED),
    ]
    site.template_globals["decimal_de"] = decimal_de
    site.assets[CSV_PATH] = matrix_csv(matrix, directory)
    site.assets[REPORT_CSV] = report_csv(report)
    site.downloads.append(Download(
        CSV_PATH, "Versorgungsmatrix",
        "Zahl der Angebote je Stadtteil und Lebensphase, auch je 1.000 Kinder unter 18 – für die Planung. "
        "Eine Zeile je Stadtteil und Lebensphase; Trennzeichen Semikolon, Dezimalkomma, UTF-8.", "CSV"))
