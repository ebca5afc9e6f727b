"""The site's languages: gettext catalogs (Babel) and the language that is active while a page renders.

German is the source language: the msgids in the code and templates are German, and German needs no
catalog. Every other language has hooks/wegweiser/locale/<code>/LC_MESSAGES/messages.po (made and
updated with `make i18n-extract i18n-update`). The build compiles the .po files in memory, so a
changed catalog takes effect without a compile step and no stale .mo file can win over it.

One build renders every language: `activate(code)` sets the language for the code that runs while a
page is made (the templates' `_()`, and Python helpers that call `gettext`), like Django's
translation.activate, but scoped with a context variable.
"""
from __future__ import annotations

import contextvars
import io
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages import mofile, pofile
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE = "de"


@dataclass(frozen=True)
class Language:
    code: str  # in the settings, in the vocabulary files and in catalog paths
    name: str  # in the language itself, for the language menu
    prefix: str  # URL path of its pages ("" for the default language)
    html: str  # the lang attribute
    theme: str  # Material's partials/languages/<theme>.html
    direction: str = "ltr"


# The languages a city may enable. Their Material strings ship with the theme.
KNOWN = {lang.code: lang for lang in (
    Language("de", "Deutsch", "", "de", "de"),
    Language("tr", "Türkçe", "tr/", "tr", "tr"),
    Language("ar", "العربية", "ar/", "ar", "ar", "rtl"),
    Language("uk", "Українська", "uk/", "uk", "uk"),
    Language("ro", "Română", "ro/", "ro", "ro"),
    Language("bg", "Български", "bg/", "bg", "bg"),
    Language("en", "English", "en/", "en", "en"),
)}


def language(code: str) -> Language:
    return KNOWN[code]


def language_of_path(path: str, enabled: tuple[str, ...]) -> Language:
    """The language of a page from its URL or source path ("tr/angebote/x/" -> Türkçe)."""
    first = path.lstrip("/").split("/", 1)[0] + "/"
    for code in enabled:
        if KNOWN[code].prefix == first:
            return KNOWN[code]
    return KNOWN[SOURCE]


def without_prefix(path: str, enabled: tuple[str, ...]) -> str:
    """The path of a page inside its language ("tr/angebote/x/" -> "angebote/x/"; mkdocs' "./" -> "")."""
    lang = language_of_path(path, enabled)
    path = "" if path in (".", "./") else path.lstrip("/")
    return path.removeprefix(lang.prefix)


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=None)
def _translations(code: str, mtime_ns: int) -> NullTranslations:
    with catalog_path(code).open("rb") as f:
        catalog = pofile.read_po(f, locale=code)
    buffer = io.BytesIO()
    mofile.write_mo(buffer, catalog)  # fuzzy entries are left out, as `pybabel compile` does
    buffer.seek(0)
    return Translations(buffer)


def translations(code: str) -> NullTranslations:
    if code == SOURCE:
        return NullTranslations()
    path = catalog_path(code)
    if not path.exists():
        raise FileNotFoundError(path)
    return _translations(code, path.stat().st_mtime_ns)  # `mkdocs serve` picks up an edited catalog


_active: contextvars.ContextVar[NullTranslations] = contextvars.ContextVar("wegweiser_language",
                                                                            default=NullTranslations())
_active_code: contextvars.ContextVar[str] = contextvars.ContextVar("wegweiser_language_code", default=SOURCE)


@contextmanager
def activate(code: str):
    token = _active.set(translations(code))
    code_token = _active_code.set(code)
    try:
        yield KNOWN[code]
    finally:
        _active.reset(token)
        _active_code.reset(code_token)


def switch(code: str):
    """Activate a language until `restore(tokens)`: for the engine, whose page render spans two events."""
    return _active.set(translations(code)), _active_code.set(code)


def restore(tokens) -> None:
    _active.reset(tokens[0])
    _active_code.reset(tokens[1])


def current() -> str:
    return _active_code.get()


def gettext(message: str) -> str:
    return _active.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.get().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for extraction where it is translated later (lists, defaults)."""
    return message


_ = gettext


def untranslated(code: str) -> list[str]:
    """The catalog's msgids without a (non-fuzzy) translation, and template msgids missing from it."""
    with catalog_path(code).open("rb") as f:
        catalog = pofile.read_po(f, locale=code)
    with (LOCALE_DIR / "messages.pot").open("rb") as f:
        template = pofile.read_po(f)
    missing = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id)
        strings = entry.string if entry is not None else None
        filled = strings and (all(strings) if isinstance(strings, tuple) else True)
        if entry is None or entry.fuzzy or not filled:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


# The titles of mkdocs.yml's nav, translated in each language's navigation (engine.on_nav).
NAV_TITLES = (N_("Start"), N_("Lebensphasen"), N_("Stadtteile"), N_("Suche"), N_("Über"),
              N_("Über dieses Verzeichnis"), N_("Offene Daten"), N_("Datenschutz"), N_("Impressum"),
              N_("Angebot eintragen"))
