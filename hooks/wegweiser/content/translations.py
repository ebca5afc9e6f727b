"""Offers in more languages: content/offers/<id>.<lang>.md beside the German file, which stays the source.

A translation holds name, summary and description, and the fingerprint of the German text it was
made from. When the German file's text changes afterwards, the check warns (kind
``stale_translation``) and the page says the translation may be out of date.
"""
from __future__ import annotations

from typing import Callable

from . import files, rules
from ..model import Offer, OfferText, text_fingerprint
from .problems import WARNING, Problem
from .rules import Parsed


def load_offer_translations(sources: list[files.Source], offers: dict[str, Offer],
                            parse: Callable[[files.Source, list[Problem]], Parsed | None],
                            problems: list[Problem]) -> dict[str, dict[str, OfferText]]:
    """Every translation file checked; the valid ones of valid offers, by offer and language.

    ``parse``: reads and schema-checks a file with front matter (directory._parse_yaml).
    """
    out: dict[str, dict[str, OfferText]] = {}
    for source in sorted(sources, key=lambda s: s.id):
        offer_id, lang = source.id.rsplit(".", 1)
        found: list[Problem] = []
        p = parse(source, found)
        if p is not None:
            found += _text_rules(p)
        problems += found
        if p is None or any(x.is_error for x in found):
            continue
        if lang == "de":
            problems.append(p.problem((), "Deutsch ist die Sprache der Quelldatei; eine Übersetzung ins "
                                      f"Deutsche gibt es nicht. Schreiben Sie den Text in offers/{offer_id}.md."))
            continue
        offer = offers.get(offer_id)
        if offer is None:
            problems.append(p.problem((), f"Zu dieser Übersetzung gibt es kein Angebot offers/{offer_id}.md. "
                                      "Der Dateiname muss mit der Kennung des deutschen Angebots beginnen."))
            continue
        now = text_fingerprint(offer)
        current = p.data.get("german_fingerprint") == now
        if "german_fingerprint" not in p.data:
            problems.append(p.problem((), f"german_fingerprint fehlt. Tragen Sie german_fingerprint: {now} ein, "
                                      f"wenn Sie aus der jetzigen Fassung von {offer.source} übersetzt haben; so "
                                      "merkt die Prüfung später, wenn sich der deutsche Text ändert."))
            continue
        if not current:
            problems.append(p.problem(("german_fingerprint",), "Die deutsche Fassung wurde geändert, nachdem "
                                      f"diese Übersetzung geschrieben wurde. Vergleichen Sie sie mit "
                                      f"{offer.source}, passen Sie die Übersetzung an und tragen Sie dann "
                                      f"german_fingerprint: {now} ein. Bis dahin zeigt die Seite den Hinweis, "
                                      "dass die Übersetzung veraltet sein kann.", WARNING,
                                      kind="stale_translation"))
        out.setdefault(offer_id, {})[lang] = OfferText(lang, p.data["name"], p.data["summary"], p.body.strip(),
                                                       p.shown, current)
    return out


def _text_rules(p: Parsed):
    if not p.body.strip():
        yield Problem(p.shown, p.body_line, 1, "Beschreibung", "Der übersetzte Beschreibungstext fehlt. "
                      "Übersetzen Sie die Beschreibung der deutschen Datei unter den Kopfbereich.")
    else:
        yield from rules.body_rules(p)
