"""schema.org JSON-LD for offer pages, safe to embed in a <script> element."""
from __future__ import annotations

import json

from ..model import Offer, ScheduleBlock
from ..model.vocabulary import Vocabulary
from .when import block_text

_DAYS = {"mo": "Monday", "di": "Tuesday", "mi": "Wednesday", "do": "Thursday", "fr": "Friday",
         "sa": "Saturday", "so": "Sunday"}


def offer_jsonld(offer: Offer, vocab: Vocabulary, url: str, city: str) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": offer.name,
        "description": offer.summary,
        "provider": {"@type": "Organization", "name": offer.provider},
        "isAccessibleForFree": offer.cost_free,
        "areaServed": ({"@type": "City", "name": city} if offer.citywide else
                       [{"@type": "Place", "name": d} for d in offer.districts]),
        "serviceType": [vocab.categories[c] for c in offer.categories],
    }
    if url:
        data["url"] = url
    if offer.provider_website:
        data["provider"]["url"] = offer.provider_website
    if offer.age_min is not None:
        data["audience"] = {"@type": "PeopleAudience", "suggestedMinAge": offer.age_min,
                            "suggestedMaxAge": offer.age_max}
    if offer.languages:
        data["availableLanguage"] = list(offer.languages)
    if offer.contact.phone:
        data["provider"]["telephone"] = offer.contact.phone
    if offer.locations:
        data["availableChannel"] = [{
            "@type": "ServiceChannel",
            "serviceLocation": {
                "@type": "Place", "name": loc.name,
                "address": {"@type": "PostalAddress", "streetAddress": loc.street,
                            "postalCode": loc.postal_code, "addressLocality": loc.city, "addressCountry": "DE"},
                **({"geo": {"@type": "GeoCoordinates", "latitude": loc.lat, "longitude": loc.lon}}
                   if loc.located else {}),
            }} for loc in offer.locations]
    if offer.schedule:
        data["hoursAvailable"] = [schedule_jsonld(b) for b in offer.schedule]
    return data


def schedule_jsonld(block: ScheduleBlock) -> dict:
    """A block as schema.org Schedule: byDay, byMonthWeek, byMonth, repeatFrequency, the dates.
    Holidays have no property of their own; they go into the description, in words."""
    out: dict = {"@type": "Schedule", "scheduleTimezone": "Europe/Berlin", "description": block_text(block)}
    if block.dates:
        out["startDate"], out["endDate"] = block.dates[0].isoformat(), block.dates[-1].isoformat()
        if len(block.dates) > 1:
            out["eventSchedule"] = [{"@type": "Schedule", "startDate": d.isoformat(),
                                     "endDate": d.isoformat()} for d in block.dates]
    else:
        if block.days:
            out["byDay"] = [f"https://schema.org/{_DAYS[d]}" for d in block.days]
        if block.weeks:
            out["byMonthWeek"] = sorted(block.weeks)
            out["repeatFrequency"] = "P1M"
        elif block.days:
            out["repeatFrequency"] = f"P{block.every_weeks or 1}W"
        if block.months:
            out["byMonth"] = sorted(block.months)
        if block.start:
            out["startDate"] = block.start.isoformat()
        if block.until:
            out["endDate"] = block.until.isoformat()
        if block.count:
            out["repeatCount"] = block.count
    if block.opens:
        out["startTime"], out["endTime"] = block.opens, block.closes
    return out


def script_json(data) -> str:
    """JSON that cannot end its <script> element or open a comment: <, >, & are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
