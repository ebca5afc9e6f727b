"""The features that extend the core site, in the order they run (see pages.build_site).

Each is a function ``extend(directory, settings, site)`` that adds pages, generated files,
downloads or template functions to ``site``.
"""
from . import geodata, maps, planning

ALL: list = [
    planning.extend,
    maps.extend,
    geodata.extend,
]
