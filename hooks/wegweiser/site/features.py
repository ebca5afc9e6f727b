"""The features that extend the core site, in the order they run (see pages.build_site).

Each is a function ``extend(directory, settings, site)`` that adds pages, generated files,
downloads or template functions to ``site``.
"""
from ..data import export, geodata, ical
from . import easy, finder, form, maps, planning, redirects

ALL: list = [
    export.extend,  # offers.csv, hsds/, the open-data page /offene-daten/ (first: its files lead the list)
    planning.extend,
    maps.extend,
    geodata.extend,
    ical.extend,  # a calendar file per offer (angebote/<id>/termine.ics)
    form.extend,  # /mitmachen/: after maps (it draws the city map for tapping a place)
    finder.extend,  # the finder's facets, card texts, split index and lunr under suche/
    redirects.extend,  # old addresses (former_ids) lead to the new ones
    easy.extend,  # /leichte-sprache/: German only, not copied into the other languages
]
