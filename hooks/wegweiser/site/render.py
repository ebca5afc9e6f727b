"""HTML for the generated pages, from the templates in overrides/wegweiser/.

This Jinja environment autoescapes everything (Material's own does not): provider text is always
escaped, and the only markup from content is a description that passed markup.check().
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..content import markup
from ..model import Directory, Offer
from babel.dates import format_date
from babel.numbers import format_decimal

from . import i18n
from .i18n import N_, _
from .pages import PageSpec, SiteSettings, offer_url
from .structured import offer_jsonld, script_json
from .when import (DAY_CODES, DAY_LONG, DAY_SHORT, holiday_break, next_dates, occurrence_text,  # noqa: F401
                   schedule_rows, schedule_summary, when_text)

# What a page template may ask for in <head> (main.html writes them): site-relative paths.
HEAD_LISTS = ("stylesheets", "noscript_stylesheets", "script_preloads", "preloads")
DELIVERY = {"vor_ort": N_("vor Ort"), "online": N_("online"), "telefon": N_("am Telefon"),
            "aufsuchend": N_("bei Ihnen zu Hause")}


def delivery_label(code: str) -> str:
    return _(DELIVERY[code]) if code in DELIVERY else code


def date_text(value) -> str:
    """A date as families of the page's language write it (German: 22.11.2026)."""
    if not value:
        return ""
    lang = i18n.current()
    return format_date(value, "medium" if lang == i18n.SOURCE else "long", locale=lang)


def _years(value: float) -> str:
    if value < 1 and value > 0:
        months = round(value * 12)
        return i18n.ngettext("%(n)s Monat", "%(n)s Monate", months) % {"n": months}
    text = format_decimal(value, locale=i18n.current())
    return (_("%(n)s Jahr") if value == 1 else _("%(n)s Jahre")) % {"n": text}


def age_text(offer: Offer) -> str:
    lo, hi = offer.age_min, offer.age_max
    if lo is None:
        return ""
    if lo == hi:
        return _years(lo)
    if lo == 0:
        return _("bis %(age)s") % {"age": _years(hi)}
    return _("%(from)s bis %(to)s") % {"from": _years(lo), "to": _years(hi)}


def time_span(opens: str, closes: str) -> str:
    return _("%(from)s–%(to)s Uhr") % {"from": opens, "to": closes}


def count_offers(n: int) -> str:
    return i18n.ngettext("%(n)s Angebot", "%(n)s Angebote", n) % {"n": n}


def tel_href(phone: str) -> str:
    digits = re.sub(r"[^0-9+]", "", phone)
    return "tel:" + digits


@dataclass(frozen=True)
class ShownText:
    """An offer's name, summary and description as a page in some language shows them."""
    name: str
    summary: str
    body: str
    lang: str  # the language the text is in: the page's, where someone translated it, else German
    translated: bool
    current: bool  # the translation was made from the German text as it is now


def shown_text(offer: Offer, directory: Directory, lang: str) -> ShownText:
    t = directory.translations.get(offer.id, {}).get(lang) if lang != i18n.SOURCE else None
    if t is None:
        return ShownText(offer.name, offer.summary, offer.body, i18n.SOURCE, False, True)
    return ShownText(t.name, t.summary, t.body, lang, True, t.current)


class Renderer:
    def __init__(self, templates: Path, settings: SiteSettings, directory: Directory,
                 extra_globals: dict | None = None):
        self.settings = settings
        self.directory = directory
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                      extensions=["jinja2.ext.i18n"])
        # One environment for every language: `_` asks the language active for the page being rendered.
        self.env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
        vocab = directory.vocabulary

        def label(section):
            return lambda code: vocab.label(section, code, i18n.current())

        self.env.globals.update(
            settings=settings, directory=directory, vocab=vocab, today=directory.today,
            stage_label=label("life_stages"), stage_question=lambda c: vocab.question(c, i18n.current()),
            category_label=label("categories"), audience_label=label("audiences"),
            accessibility_label=label("accessibility"), language_label=self.language_label,
            language_native=vocab.language_native.get, delivery_label=delivery_label,
            district_name=self.district_name, offer_url=offer_url,
            age_text=age_text, schedule_summary=schedule_summary, schedule_rows=schedule_rows,
            next_dates=lambda o: next_dates(o, directory.calendar, directory.today),
            holiday_break=lambda o: holiday_break(o, directory.calendar, directory.today),
            occurrence_text=occurrence_text, when_text=when_text,
            ics_href=lambda o: "",  # data/ical.py names the calendar files it wrote
            description_html=self.description_html, jsonld=self.jsonld, report_href=self.report_href,
            edit_href=self.edit_href, file_href=self.file_href, tel_href=tel_href, offers=count_offers,
            de=self.de, de_attr=self.de_attr, time_span=time_span, text_of=self.text_of, text_attr=self.text_attr,
        )
        self.env.globals.update(extra_globals or {})
        self.env.globals["card_html"] = self.card_html
        self.env.filters.update(date_de=date_text, number=lambda n: format_decimal(n, locale=i18n.current()))
        self._cards: dict[tuple, Markup] = {}

    CARDS_KEPT = 20_000  # about one language's cards at one depth; then the memo starts again

    def card_html(self, offer: Offer, base: str, level: int) -> Markup:
        """An offer's card (_card.html): the same on every list that shows it at one depth in one
        language, and an offer is listed once per life stage in each Stadtteil it serves, so each
        card is rendered once, not on every list (a twentieth of the build at 20,000 offers)."""
        key = (offer.id, base, level, i18n.current())
        html = self._cards.get(key)
        if html is None:
            if len(self._cards) >= self.CARDS_KEPT:
                self._cards.clear()
            html = self._cards[key] = Markup(self.env.get_template("_card.html").module.card(offer, base, level))
        return html

    def text_of(self, offer: Offer) -> ShownText:
        return shown_text(offer, self.directory, i18n.current())

    @staticmethod
    def text_attr(text: ShownText) -> Markup:
        """lang/dir for an offer's text: none where it is in the page's language, German's otherwise."""
        if text.lang == i18n.current():
            return Markup("")
        return Markup(f' lang="{text.lang}" dir="ltr"')

    @staticmethod
    def de(text):
        """Provider text (German) inside a page in another language: marked, so screen readers read
        it in German, and isolated, so it keeps its direction in a right-to-left page."""
        if not text or i18n.current() == i18n.SOURCE:
            return text
        return Markup('<span lang="de" dir="ltr">{}</span>').format(text)

    @staticmethod
    def de_attr() -> Markup:
        """The same for a block of German text: ` lang="de" dir="ltr"` outside German pages."""
        return Markup("" if i18n.current() == i18n.SOURCE else ' lang="de" dir="ltr"')

    def language_label(self, code: str) -> str:
        """German pages name a language in German; every other language names it in itself."""
        vocab = self.directory.vocabulary
        if i18n.current() == i18n.SOURCE:
            return vocab.languages.get(code, code)
        return vocab.language_native.get(code) or vocab.languages.get(code, code)

    def district_name(self, did: str) -> str:
        d = self.directory.districts.get(did)
        return d.name if d else _("ganze Stadt")

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

    def render(self, spec: PageSpec, root: str) -> str:
        return self.render_page(spec, root)[0]

    def render_page(self, spec: PageSpec, root: str) -> tuple[str, dict]:
        """The page's HTML, and what its template asks for in <head>: `{% set stylesheets = [...] %}`
        and `{% set preloads = [...] %}` (site-relative paths). The template that draws a map or the
        finder knows best what the page needs.

        ``root``: the relative path to the site root; links between pages stay inside the page's
        language (``base``), assets and downloads are shared (``root``)."""
        template = self.env.get_template(spec.template)
        lang = i18n.language(spec.lang)
        # A page that exists only in German links on into the German site.
        base = root if spec.german_only else root + lang.prefix
        values = dict(base=base, root=root, page_url=spec.url, lang=lang, **spec.context)
        with i18n.activate(i18n.SOURCE if spec.german_only else spec.lang):
            module = template.make_module(values)
            html = str(module)
        head = {name: tuple(getattr(module, name, ())) for name in HEAD_LISTS}
        if not spec.german_only:
            return html, head
        with i18n.activate(spec.lang):
            note = _("Diese Seite gibt es nur auf Deutsch.")
        return Markup('<p class="ww-notice ww-notice--language">{}</p><div lang="de" dir="ltr">{}</div>').format(
            note, Markup(html)), head
