"""How a provider's words become codes: the one transliteration rule for file names, ids and codes.

Codes, Stadtteil ids and file names are ASCII: German letters as German writes them without
umlauts (ä → ae, ß → ss), every other letter without its accent (é → e, ğ → g, ş → s), and the
Turkish dotless ı as i. Text is NFC-normalised first, so a decomposed ü (as macOS writes file
names) reads like the composed one.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
# Letters that have no decomposition into a base letter and an accent.
_OTHER = {"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "æ": "ae",
          "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d"}


def ascii_letters(text: str) -> str:
    """``Müttercafé Ağır`` -> ``Muettercafe Agir``: every letter kept, as ASCII."""
    if text.isascii():
        return text  # most names; the duplicate check folds four per offer
    return "".join(_ascii_letter(ch) for ch in unicodedata.normalize("NFC", text))


@lru_cache(maxsize=4096)
def _ascii_letter(ch: str) -> str:
    if ch in _GERMAN:
        return _GERMAN[ch]
    if ch in _OTHER:
        return _OTHER[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base.isascii() else ch


def slug(text: str, separator: str = "-") -> str:
    """A file name, Stadtteil id or code from what a provider wrote: ``Schalke Nord`` -> ``schalke-nord``."""
    plain = ascii_letters(text).lower()
    words = re.findall(r"[a-z0-9]+", plain)
    return separator.join(words)


def fold(text: str) -> str:
    """For comparing a provider's word with codes and labels: case, spaces, accents and _/- ignored."""
    return slug(text, "")
