"""File names for imported offers: from the name, transliterated like check's file-name suggestions,
unique among the files already there, and the same file for the same source row on every import."""
from __future__ import annotations

import unicodedata

from ..content.files import _suggest_id

MAX_ID = 80


def from_name(name: str) -> str:
    """"Café Kinderwagen (Buer)" -> "cafe-kinderwagen-buer": umlauts as ae/oe/ue/ss, other accents dropped."""
    # NFC first: a decomposed ü (as macOS writes it) must become "ue" as well, as in check's suggestion
    text = unicodedata.normalize("NFC", name).casefold().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn")
    candidate = _suggest_id(text)
    if len(candidate) > MAX_ID - 4:  # room for a "-2" to make it unique, cut at a word
        candidate = candidate[: MAX_ID - 4].rsplit("-", 1)[0]
    return candidate


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is not taken yet; the result is added to ``taken``."""
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
