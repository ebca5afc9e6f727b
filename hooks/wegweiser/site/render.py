"""HTML for the generated pages, from the templates in overrides/wegweiser/.

This Jinja environment autoescapes everything (Material's own does not): provider text is always
escaped, and the only markup from content is a description that passed markup.check().
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..content import markup
from ..model import Directory, Offer
from .pages import PageSpec, SiteSettings, offer_url
from .structured import offer_jsonld, script_json
from .when import (DAY_CODES, DAY_LONG, DAY_SHORT, holiday_break, next_dates, occurrence_text,  # noqa: F401
                   schedule_rows, schedule_summary, when_text)

# What a page template may ask for in <head> (main.html writes them): site-relative paths.
HEAD_LISTS = ("stylesheets", "noscript_stylesheets", "script_preloads", "preloads")
DELIVERY = {"vor_ort": "vor Ort", "online": "online", "telefon": "am Telefon", "aufsuchend": "bei Ihnen zu Hause"}


def date_de(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _years(value: float) -> str:
    if value < 1 and value > 0:
        months = round(value * 12)
        return f"{months} Monat{'e' if months != 1 else ''}"
    text = f"{value:g}".replace(".", ",")
    return f"{text} Jahr{'e' if value != 1 else ''}"


def age_text(offer: Offer) -> str:
    lo, hi = offer.age_min, offer.age_max
    if lo is None:
        return ""
    if lo == hi:
        return _years(lo)
    if lo == 0:
        return f"bis {_years(hi)}"
    return f"{_years(lo)} bis {_years(hi)}"


def count_offers(n: int) -> str:
    return f"{n} Angebot" if n == 1 else f"{n} Angebote"


def tel_href(phone: str) -> str:
    digits = re.sub(r"[^0-9+]", "", phone)
    return "tel:" + digits


class Renderer:
    def __init__(self, templates: Path, settings: SiteSettings, directory: Directory,
                 extra_globals: dict | None = None):
        self.settings = settings
        self.directory = directory
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        vocab = directory.vocabulary
        self.env.globals.update(
            settings=settings, directory=directory, vocab=vocab, today=directory.today,
            stage_label=lambda c: vocab.stage(c).label,
            category_label=vocab.categories.get, audience_label=vocab.audiences.get,
            accessibility_label=vocab.accessibility.get, language_label=vocab.languages.get,
            language_native=vocab.language_native.get, delivery_label=DELIVERY.get,
            district_name=self.district_name, offer_url=offer_url,
            age_text=age_text, schedule_summary=schedule_summary, schedule_rows=schedule_rows,
            next_dates=lambda o: next_dates(o, directory.calendar, directory.today),
            holiday_break=lambda o: holiday_break(o, directory.calendar, directory.today),
            occurrence_text=occurrence_text, when_text=when_text,
            ics_href=lambda o: "",  # data/ical.py names the calendar files it wrote
            description_html=self.description_html, jsonld=self.jsonld, report_href=self.report_href,
            edit_href=self.edit_href, file_href=self.file_href, tel_href=tel_href, offers=count_offers,
        )
        self.env.globals.update(extra_globals or {})
        self.env.filters.update(date_de=date_de)

    def district_name(self, did: str) -> str:
        d = self.directory.districts.get(did)
        return d.name if d else "ganze Stadt"

    @staticmethod
    @lru_cache(maxsize=None)
    def _safe_html(body: str) -> str:
        html, findings = markup.check(body)
        if findings:  # validation fails the build first; this keeps the renderer safe on its own
            raise ValueError("unsafe description reached the renderer")
        return html

    def description_html(self, body: str) -> Markup:
        return Markup(self._safe_html(body))

    def jsonld(self, offer: Offer) -> Markup:
        return Markup(script_json(offer_jsonld(offer, self.directory.vocabulary, "", self.settings.city)))

    def report_href(self, offer: Offer) -> str:
        if not self.settings.report_email:
            return ""
        subject = quote(f"Fehler im Angebot „{offer.name}“ ({offer.id})")
        body = quote(f"Angebot: {offer.id}\nDatei: {offer.source}\n\nWas ist falsch?\n")
        return f"mailto:{self.settings.report_email}?subject={subject}&body={body}"

    @staticmethod
    def edit_href(offer: Offer) -> str:
        """The form, filled with the offer's data (site-relative; the template adds the base)."""
        return f"mitmachen/?angebot={quote(offer.id)}"

    def file_href(self, path: str) -> str:
        """The repository's web editor of a content file, when a repository is configured."""
        repo = self.settings.repository
        return repo.edit_url(path) if repo else ""

    def render(self, spec: PageSpec, base: str) -> str:
        return self.render_page(spec, base)[0]

    def render_page(self, spec: PageSpec, base: str) -> tuple[str, dict]:
        """The page's HTML, and what its template asks for in <head>: `{% set stylesheets = [...] %}`
        and `{% set preloads = [...] %}` (site-relative paths). The template that draws a map or the
        finder knows best what the page needs."""
        module = self.env.get_template(spec.template).make_module({"base": base, "page_url": spec.url,
                                                                    **spec.context})
        head = {name: tuple(getattr(module, name, ())) for name in HEAD_LISTS}
        return str(module), head
