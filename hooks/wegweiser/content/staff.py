"""What staff want to hear about although nothing is invalid: private-looking contacts, the same
offer twice, a file in the wrong folder, and addresses that moved (``former_ids``).

Warnings carry their own ``kind`` so the quality report (site/planning.py) groups them.
"""
from __future__ import annotations

import re
from typing import Iterator

from .problems import ERROR, WARNING, Problem
from .rules import Parsed
from .spelling import fold

# German mobile networks: 015x, 016x, 017x (also written +49 15x / 0049 15x).
_MOBILE = re.compile(r"^(?:\+49|0049|0)(1[5-7][0-9])")
FREEMAIL = frozenset({
    "gmail.com", "googlemail.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de",
    "freenet.de", "yahoo.de", "yahoo.com", "hotmail.de", "hotmail.com", "outlook.de", "outlook.com",
    "live.de", "live.com", "icloud.com", "me.com", "aol.com", "aol.de", "mail.de", "posteo.de", "arcor.de",
    "online.de", "email.de", "kabelmail.de", "vodafone.de", "mail.ru", "yandex.ru", "proton.me",
    "protonmail.com",
})

# Fields only the other kind of file has: a file with several of them is in the wrong folder.
_OFFER_ONLY = {"summary", "provider", "life_stages", "categories", "audiences", "locations", "delivery",
               "cost", "languages", "schedule", "contact", "status"}
_DISTRICT_ONLY = {"borough", "neighbours", "population", "need_index", "publish_need_index", "contacts"}


# The kind of the error for a file in the wrong folder: the file then counts as no Stadtteil (offer).
MISPLACED = "wrong-folder"


def misplaced(kind: str, data: dict, shown: str) -> Problem | None:
    """One clear error instead of a dozen when an offer lies in districts/ (or a Stadtteil in offers/)."""
    keys = set(data)
    if kind == "district" and len(keys & _OFFER_ONLY) >= 3 and not keys & _DISTRICT_ONLY:
        return Problem(shown, 1, 1, "", f"Diese Datei ist ein Angebot ({_some(keys & _OFFER_ONLY)}), liegt aber "
                       "im Ordner der Stadtteile. Verschieben Sie sie nach content/offers/.", kind=MISPLACED)
    if kind == "offer" and len(keys & _DISTRICT_ONLY) >= 2 and not keys & _OFFER_ONLY:
        return Problem(shown, 1, 1, "", f"Diese Datei beschreibt einen Stadtteil ({_some(keys & _DISTRICT_ONLY)}), "
                       "liegt aber im Ordner der Angebote. Verschieben Sie sie nach content/districts/.", kind=MISPLACED)
    return None


def _some(keys: set[str]) -> str:
    return "sie hat " + ", ".join(sorted(keys)[:4])


def contact_rules(p: Parsed) -> Iterator[Problem]:
    """Phone numbers and e-mail addresses that look private: the docs ask for the institution's."""
    if p.kind == "offer":
        places = [(("contact",), p.data.get("contact") or {})]
    else:
        places = [(("contacts", i), c) for i, c in enumerate(p.data.get("contacts") or [])]
    for path, contact in places:
        phone = contact.get("phone")
        if phone:
            m = _MOBILE.match(re.sub(r"[\s()/.-]", "", phone))
            if m:
                yield p.problem(path + ("phone",), f"„{phone}“ sieht nach einer Handynummer aus (Vorwahl "
                                f"0{m.group(1)}). Hier gehört eine Nummer der Einrichtung hin, keine private. "
                                "Ist es ein Diensthandy, kann die Warnung bleiben.", WARNING, kind="private-contact")
        email = contact.get("email")
        if email and email.rsplit("@", 1)[-1].lower() in FREEMAIL:
            domain = email.rsplit("@", 1)[-1].lower()
            yield p.problem(path + ("email",), f"„{email}“ ist eine Adresse bei {domain}, einem kostenlosen "
                            "Anbieter, den meist Privatpersonen nutzen. Tragen Sie eine Adresse der Einrichtung "
                            "ein; ist dies die offizielle Adresse, kann die Warnung bleiben.", WARNING,
                            kind="private-contact")


def duplicate_rules(offers: list[Parsed]) -> Iterator[Problem]:
    """The same offer twice under two file names: same provider and name, or same name and place."""
    seen: dict[tuple, Parsed] = {}
    for o in sorted(offers, key=lambda o: o.shown):
        name = fold(o.data["name"])
        keys = [("provider", fold(o.data["provider"]["name"]), name)]
        keys += [("place", name, fold(loc["street"]), fold(loc["postal_code"]))
                 for loc in o.data.get("locations") or []]
        for key in keys:
            first = seen.get(key)
            if first is not None and first.id != o.id:
                same = "denselben Träger" if key[0] == "provider" else "denselben Ort"
                yield o.problem(("name",), f"Dieses Angebot steht wohl doppelt: {first.shown} hat denselben "
                                f"Namen und {same}. Ist es dasselbe Angebot, löschen Sie eine der Dateien und "
                                f"tragen Sie ihre Kennung in der anderen unter former_ids ein.", WARNING,
                                kind="duplicate")
                break
        for key in keys:
            seen.setdefault(key, o)


def former_id_rules(offers: list[Parsed], live: set[str]) -> Iterator[Problem]:
    """A former id must not be the id of a file, nor the former id of two offers."""
    claimed: dict[str, Parsed] = {}
    for o in sorted(offers, key=lambda o: o.shown):
        for i, old in enumerate(o.data.get("former_ids") or []):
            if old == o.id:
                yield o.problem(("former_ids", i), f"„{old}“ ist die Kennung dieser Datei selbst. Unter "
                                "former_ids stehen nur frühere Dateinamen.", ERROR)
            elif old in live:
                yield o.problem(("former_ids", i), f"„{old}“ ist noch die Kennung eines Angebots "
                                f"(content/offers/{old}.md). Eine frühere Adresse kann nur umleiten, wenn es die "
                                "Datei nicht mehr gibt.", ERROR)
            elif old in claimed:
                yield o.problem(("former_ids", i), f"„{old}“ steht auch in former_ids von "
                                f"{claimed[old].shown}. Eine alte Adresse kann nur zu einem Angebot führen.",
                                ERROR)
            else:
                claimed[old] = o
