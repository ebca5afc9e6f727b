"""The directory as typed, immutable objects built from validated data."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field

from ..content.schema import CITYWIDE
from .vocabulary import Vocabulary

TODAY_VARIABLE = "WEGWEISER_TODAY"
STALE_AFTER_DAYS = 365


class ConfigError(Exception):
    """A problem of the set-up, not of a content file: shown as one German sentence."""


def today() -> dt.date:
    """The date the build treats as today; pinned by WEGWEISER_TODAY=YYYY-MM-DD for tests."""
    pinned = os.environ.get(TODAY_VARIABLE, "").strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise ConfigError(f"{TODAY_VARIABLE}={pinned!r} ist kein Datum der Form JJJJ-MM-TT.") from None


@dataclass(frozen=True)
class Location:
    name: str
    street: str
    postal_code: str
    city: str
    district: str
    lat: float | None = None  # both or neither (the schema's rule); None: no marker, not in geojson
    lon: float | None = None
    accessibility: tuple[str, ...] = ()

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class ScheduleBlock:
    """One rule of when an offer takes place (see model/schedule.py for what it means)."""
    days: tuple[str, ...] = ()
    opens: str = ""
    closes: str = ""
    note: str = ""
    weeks: tuple[int, ...] = ()  # n-th weekday of the month, -1 = the last
    every_weeks: int | None = None  # counted from the week of `start`
    months: tuple[int, ...] = ()
    start: dt.date | None = None  # `from` in the file
    until: dt.date | None = None
    dates: tuple[dt.date, ...] = ()
    count: int | None = None
    holidays: str = "open"  # school holidays: open | closed | only
    public_holidays: str = "closed"
    by_appointment: bool = False

    @classmethod
    def from_data(cls, b: dict) -> "ScheduleBlock":
        return cls(days=tuple(b.get("days") or ()), opens=b.get("opens", ""), closes=b.get("closes", ""),
                   note=b.get("note", ""), weeks=tuple(b.get("weeks") or ()),
                   every_weeks=b.get("every_weeks"), months=tuple(b.get("months") or ()),
                   start=_date(b.get("from")), until=_date(b.get("until")),
                   dates=tuple(sorted(_date(d) for d in b.get("dates") or ())), count=b.get("count"),
                   holidays=b.get("holidays", "open"), public_holidays=b.get("public_holidays", "closed"),
                   by_appointment=bool(b.get("by_appointment", False)))

    def as_data(self) -> dict:
        """The block as a file writes it (the inverse of ``from_data``): set fields only, in the
        schema's order."""
        out = {"days": list(self.days), "opens": self.opens, "closes": self.closes,
               "weeks": list(self.weeks), "every_weeks": self.every_weeks, "months": list(self.months),
               "from": self.start and self.start.isoformat(), "until": self.until and self.until.isoformat(),
               "dates": [d.isoformat() for d in self.dates], "count": self.count,
               "holidays": self.holidays if self.holidays != "open" else None,
               "public_holidays": self.public_holidays if self.public_holidays != "closed" else None,
               "by_appointment": self.by_appointment or None, "note": self.note}
        return {k: v for k, v in out.items() if v not in (None, "", [])}


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class Offer:
    id: str
    source: str
    name: str
    summary: str
    provider: str
    provider_website: str
    life_stages: tuple[str, ...]  # expanded, in vocabulary order
    categories: tuple[str, ...]
    age_min: float | None
    age_max: float | None
    audiences: tuple[str, ...]
    districts: tuple[str, ...]  # (CITYWIDE,) for the whole city
    locations: tuple[Location, ...]
    delivery: tuple[str, ...]
    cost_free: bool
    cost_note: str
    languages: tuple[str, ...]
    schedule: tuple[ScheduleBlock, ...]
    schedule_note: str
    registration_required: bool | None
    registration_how: str
    contact: Contact
    easy_summary: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    last_reviewed: dt.date
    status: str
    example: bool
    body: str
    body_line: int
    former_ids: tuple[str, ...] = ()  # earlier file names: their addresses redirect here
    # the validated front matter as written (shortcuts unexpanded): what the form at /mitmachen/ edits
    data: dict = field(default=None, compare=False, hash=False, repr=False)
    # the provider's accounts that review changes to this file (CODEOWNERS), without "@"
    maintainers: tuple[str, ...] = ()

    @property
    def citywide(self) -> bool:
        return CITYWIDE in self.districts

    def published(self, on: dt.date) -> bool:
        return self.status != "ended" and (self.valid_until is None or self.valid_until >= on)

    def stale(self, on: dt.date) -> bool:
        return (on - self.last_reviewed).days > STALE_AFTER_DAYS

    @classmethod
    def from_data(cls, id: str, source: str, data: dict, body: str, body_line: int,
                  vocab: Vocabulary) -> "Offer":
        age = data.get("age") or {}
        cost = data["cost"]
        reg = data.get("registration") or {}
        return cls(
            id=id, source=source, name=data["name"], summary=data["summary"],
            provider=data["provider"]["name"], provider_website=data["provider"].get("website", ""),
            life_stages=tuple(vocab.expand_stages(data["life_stages"])),
            categories=tuple(data["categories"]),
            age_min=age.get("min"), age_max=age.get("max"),
            audiences=tuple(data.get("audiences") or ()),
            districts=tuple(data["districts"]),
            locations=tuple(Location(**{**loc, "accessibility": tuple(loc.get("accessibility") or ())})
                            for loc in data.get("locations") or ()),
            delivery=tuple(data.get("delivery") or (("vor_ort",) if data.get("locations") else ())),
            cost_free=cost["free"], cost_note=cost.get("note", ""),
            languages=tuple(data.get("languages") or ()),
            schedule=tuple(ScheduleBlock.from_data(b) for b in data.get("schedule") or ()),
            schedule_note=data.get("schedule_note", ""),
            registration_required=reg.get("required"), registration_how=reg.get("how", ""),
            contact=Contact(**data["contact"]),
            easy_summary=(data.get("easy_language") or {}).get("summary", ""),
            valid_from=_date(data.get("valid_from")), valid_until=_date(data.get("valid_until")),
            last_reviewed=_date(data["last_reviewed"]), status=data["status"],
            example=bool(data.get("example", False)), body=body, body_line=body_line, data=data,
            former_ids=tuple(data.get("former_ids") or ()),
            maintainers=tuple(m.removeprefix("@") for m in data["provider"].get("maintainers") or ()),
        )


@dataclass(frozen=True)
class District:
    id: str
    source: str
    name: str
    borough: str
    neighbours: tuple[str, ...]
    population_total: int | None
    population_under_18: int | None
    population_year: int | None
    population_source: str
    need_index: int | None
    need_year: int | None
    need_source: str
    publish_need_index: bool
    contacts: tuple[Contact, ...]
    last_reviewed: dt.date
    example: bool
    body: str
    body_line: int

    @classmethod
    def from_data(cls, id: str, source: str, data: dict, body: str, body_line: int) -> "District":
        pop = data.get("population") or {}
        need = data.get("need_index") or {}
        return cls(
            id=id, source=source, name=data["name"], borough=data.get("borough", ""),
            neighbours=tuple(data.get("neighbours") or ()),
            population_total=pop.get("total"), population_under_18=pop.get("under_18"),
            population_year=pop.get("year"), population_source=pop.get("source", ""),
            need_index=need.get("value"), need_year=need.get("year"), need_source=need.get("source", ""),
            publish_need_index=bool(data.get("publish_need_index", False)),
            contacts=tuple(Contact(**c) for c in data.get("contacts") or ()),
            last_reviewed=_date(data["last_reviewed"]), example=bool(data.get("example", False)),
            body=body, body_line=body_line,
        )


@dataclass
class Directory:
    vocabulary: Vocabulary
    districts: dict[str, District]  # in the order of their names
    offers: dict[str, Offer]  # every valid offer, published or not
    today: dt.date
    calendar: "Calendar | None" = None  # school and public holidays (model/schedule.py)
    boundaries: dict | None = None  # the GeoJSON FeatureCollection, valid features only
    areas: dict = field(default_factory=dict)  # district id -> [polygon: [ring: [(lon, lat)]]] (geo.py)
    files: int = 0
    problems: list = field(default_factory=list)  # every warning of the run (errors stop the build)
    # offer id -> language -> its text in that language (content/offers/<id>.<lang>.md)
    translations: dict[str, dict[str, "OfferText"]] = field(default_factory=dict)
    published: list[Offer] = field(init=False)

    def __post_init__(self) -> None:
        if self.calendar is None:
            from .schedule import Calendar
            self.calendar = Calendar.empty()
        self.published = sorted((o for o in self.offers.values() if o.published(self.today)),
                                key=lambda o: (o.name.casefold(), o.id))

    @property
    def has_examples(self) -> bool:
        return any(o.example for o in self.published) or any(d.example for d in self.districts.values())

    def forget_front_matter(self) -> None:
        """Drop each offer's front matter as written (Offer.data, 5 KB per offer) once the site's
        features have run: the form's prefill files were its only reader (site/form.py), pages
        render from the fields. For a build that loads once; `mkdocs serve` keeps the same dicts in
        its load cache, so dropping them there would free nothing."""
        for offer in self.offers.values():
            object.__setattr__(offer, "data", None)  # frozen: the model is otherwise never changed


@dataclass(frozen=True)
class OfferText:
    """An offer's text in one more language; the German file stays the source of everything else."""
    lang: str
    name: str
    summary: str
    body: str
    source: str  # the translation's file, as shown in messages
    current: bool  # translated from the German text as it is now (the fingerprints match)


def text_fingerprint(offer: "Offer") -> str:
    """What a translation was made from: the German name, summary and description."""
    text = "\n".join((offer.name.strip(), offer.summary.strip(), offer.body.strip()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
