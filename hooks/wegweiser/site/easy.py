"""The Leichte-Sprache view (/leichte-sprache/): the pages a family uses most, in Leichter Sprache.

Start page, one page per life stage and one per offer that has `easy_language`. The texts around the
offers follow the rules of the Netzwerk Leichte Sprache (short sentences, one statement each, no
abbreviations, hard words explained); they are German and not yet checked by a reviewer group,
which every page says. The view is German only: it is not one of the site's languages.
"""
from __future__ import annotations

from ..model import Directory, Offer
from .pages import PageSpec, Site, SiteSettings

PREFIX = "leichte-sprache/"
DAY_NAMES = {"mo": "Montag", "di": "Dienstag", "mi": "Mittwoch", "do": "Donnerstag", "fr": "Freitag",
             "sa": "Samstag", "so": "Sonntag"}


def easy_time(hhmm: str) -> str:
    """ "09:30" -> "9:30 Uhr", "14:00" -> "14 Uhr": as people say it, without leading zero."""
    hours, minutes = hhmm.split(":")
    return f"{int(hours)} Uhr" if minutes == "00" else f"{int(hours)}:{minutes} Uhr"


def easy_times(offer: Offer) -> list[str]:
    """One line per day: "Dienstag: von 9:30 Uhr bis 11:30 Uhr"."""
    lines = []
    for day, name in DAY_NAMES.items():
        for block in sorted((b for b in offer.schedule if day in b.days), key=lambda b: b.opens):
            lines.append(f"{name}: von {easy_time(block.opens)} bis {easy_time(block.closes)}")
    return lines


def offers_with_easy_text(directory: Directory) -> list[Offer]:
    return [o for o in directory.published if o.easy_summary]


def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    easy = offers_with_easy_text(directory)
    by_stage = {s.code: [o for o in easy if s.code in o.life_stages] for s in directory.vocabulary.life_stages}
    site.pages.append(PageSpec(PREFIX + "index.md", "Wegweiser in Leichter Sprache", "easy_home.html",
                               {"by_stage": by_stage, "count": len(easy)},
                               description="Hilfe für Familien. In Leichter Sprache.", copies=False))
    for stage in directory.vocabulary.life_stages:
        site.pages.append(PageSpec(f"{PREFIX}lebensphasen/{stage.code}/index.md", stage.question,
                                   "easy_stage.html", {"stage": stage, "offers": by_stage[stage.code]},
                                   description=f"{stage.question}. Angebote in Leichter Sprache.", copies=False))
    for offer in easy:
        site.pages.append(PageSpec(f"{PREFIX}angebote/{offer.id}/index.md", offer.name, "easy_offer.html",
                                   {"offer": offer}, description=offer.easy_summary, copies=False))
    site.template_globals.update(easy_times=easy_times, easy_url=lambda o: f"{PREFIX}angebote/{o.id}/")
