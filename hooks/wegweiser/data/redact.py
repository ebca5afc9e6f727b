"""Provider text as every bulk export carries it (offers.csv, hsds/, the GeoJSON files).

Privacy (P10): no e-mail address appears in any bulk export. An organisation's address is still
one click away on the offer's own page; a file with every address at once would only make it easy
to send spam to every provider in town.
"""
from __future__ import annotations

import re

from ..content.markup import link_scheme
from ..site.scan import BAD_SCHEMES

_MAILTO_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?mailto:[^)\s>]*>?(?:\s+\"[^\"\n]*\")?\s*\)", re.IGNORECASE)
_ADDRESS = re.compile(r"<?(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?", re.IGNORECASE)
EMAIL_HINT = "[E-Mail-Adresse auf der Angebotsseite]"


def without_emails(text: str) -> str:
    """Provider text with every e-mail address replaced by a hint where to find it.

    Providers write addresses into descriptions and notes too ("Anmeldung an info@…"); a bulk
    export must not hand all of them out at once.
    """
    if "@" not in text and "mailto:" not in text.lower():
        return text
    def link(match: re.Match) -> str:
        label = match.group(1)
        return label if _ADDRESS.search(label) else f"{label} {EMAIL_HINT}"
    text = _ADDRESS.sub(EMAIL_HINT, _MAILTO_LINK.sub(link, text))
    return re.sub(r"mailto:", "", text, flags=re.IGNORECASE)


def defused(text: str) -> str:
    """Text that no reader of the JSON could take for a script URL ("javascript:…" as an offer's name)."""
    return "'" + text if link_scheme(text) in BAD_SCHEMES else text
