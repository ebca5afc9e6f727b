"""Coordinates without an online geocoder: a local table of house coordinates, and the Stadtteil
of a point from the city's own boundaries.

The table is a CSV as cities and states publish it (NRW's "Hauskoordinaten" or an extract of it):
street, house number (and suffix), postal code, and either WGS 84 latitude/longitude or UTM zone 32
easting/northing (ETRS89, EPSG:25832, as NRW gives them), which are converted here.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from ..model import geo
from .mapping import norm
from .sources import SourceError, _csv_grid, decode

_STREET_WORDS = re.compile(r"(straße|strasse|str\.?)(?=\s|$|-)")
_NUMBER = re.compile(r"^(?P<street>.*?\D)[\s,]*(?P<number>\d+)\s*(?P<suffix>[a-z]?)(?:\s*[-–/+]\s*\d+\s*[a-z]?)?$")

_COLUMNS = {
    "street": ("straße", "strasse", "str", "street", "strassenname", "straßenname", "stn"),
    "number": ("hausnummer", "hnr", "hsnr", "nr", "housenumber"),
    "suffix": ("hausnummerzusatz", "zusatz", "adz", "hnrz"),
    "postal_code": ("plz", "postleitzahl", "postal_code", "postcode"),
    "lat": ("lat", "breite", "latitude", "breitengrad"),
    "lon": ("lon", "länge", "laenge", "longitude", "längengrad", "lng"),
    "east": ("ostwert", "rechtswert", "east", "easting", "x", "utm_e"),
    "north": ("nordwert", "hochwert", "north", "northing", "y", "utm_n"),
}


def street_key(street: str) -> str:
    text = _STREET_WORDS.sub("str", norm(street))
    return re.sub(r"[\s.\-]", "", text)


def split_street(street: str) -> tuple[str, str]:
    """("Marktstraße 1 a") -> ("Marktstraße", "1a"); the number is "" when there is none."""
    m = _NUMBER.match(norm(street))
    if not m:
        return street, ""
    return m.group("street"), m.group("number") + m.group("suffix")


def utm32_to_wgs84(east: float, north: float) -> tuple[float, float]:
    """ETRS89 / UTM zone 32N (EPSG:25832) to (lat, lon) in degrees (GRS80; the series of the
    Krüger formulas to the 6th order, well below a centimetre in the zone)."""
    a, f = 6378137.0, 1 / 298.257222101
    k0, e0, lon0 = 0.9996, 500000.0, math.radians(9.0)
    n = f / (2 - f)
    big_a = a / (1 + n) * (1 + n ** 2 / 4 + n ** 4 / 64)
    beta = (n / 2 - 2 * n ** 2 / 3 + 37 * n ** 3 / 96, n ** 2 / 48 + n ** 3 / 15, 17 * n ** 3 / 480)
    delta = (2 * n - 2 * n ** 2 / 3 - 2 * n ** 3, 7 * n ** 2 / 3 - 8 * n ** 3 / 5, 56 * n ** 3 / 15)
    xi = north / (k0 * big_a)
    eta = (east - e0) / (k0 * big_a)
    xi_ = xi - sum(b * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, b in enumerate(beta, 1))
    eta_ = eta - sum(b * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, b in enumerate(beta, 1))
    chi = math.asin(math.sin(xi_) / math.cosh(eta_))
    lat = chi + sum(d * math.sin(2 * j * chi) for j, d in enumerate(delta, 1))
    lon = lon0 + math.atan2(math.sinh(eta_), math.cos(xi_))
    return math.degrees(lat), math.degrees(lon)


class AddressTable:
    """(street, house number, postal code) -> (lat, lon)."""

    def __init__(self, points: dict[tuple[str, str, str], tuple[float, float]], name: str):
        self.points = points
        self.name = name

    @classmethod
    def read(cls, path: Path) -> "AddressTable":
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise SourceError(f"Die Adresstabelle {path.name} kann nicht gelesen werden ({err.strerror}).") from None
        text, _ = decode(raw, path.name)
        grid, _ = _csv_grid(text)
        if not grid:
            raise SourceError(f"Die Adresstabelle {path.name} ist leer.")
        header = [norm(h) for h in grid[0]]
        where = {key: next((header.index(n) for n in names if n in header), None) for key, names in _COLUMNS.items()}
        utm = where["lat"] is None or where["lon"] is None
        needed = ["street", "number", "postal_code"] + (["east", "north"] if utm else ["lat", "lon"])
        missing = [k for k in needed if where[k] is None]
        if missing:
            raise SourceError(f"Der Adresstabelle {path.name} fehlen Spalten: erwartet werden Straße, "
                              "Hausnummer, PLZ und Breite/Länge (WGS 84) oder Ostwert/Nordwert (UTM 32).")
        points = {}
        for row in grid[1:]:
            try:
                cell = lambda k: row[where[k]].strip() if where[k] is not None and where[k] < len(row) else ""
                if utm:
                    lat, lon = utm32_to_wgs84(float(cell("east").replace(",", ".")),
                                              float(cell("north").replace(",", ".")))
                else:
                    lat, lon = float(cell("lat").replace(",", ".")), float(cell("lon").replace(",", "."))
            except (ValueError, IndexError):
                continue  # a malformed line of a big public table is skipped, not fatal
            number = norm(cell("number") + cell("suffix")).replace(" ", "")
            points[(street_key(cell("street")), number, cell("postal_code"))] = (round(lat, 6), round(lon, 6))
        return cls(points, path.name)

    def find(self, street: str, postal_code: str) -> tuple[float, float] | None:
        name, number = split_street(street)
        return self.points.get((street_key(name), number, postal_code.strip()))


class Districts:
    """The Stadtteil of a point, from the boundaries (prepared once: thousands of rows ask)."""

    def __init__(self, areas: dict):
        self.prepared = {did: geo.PreparedArea(area) for did, area in areas.items()}

    def at(self, lat: float, lon: float) -> str | None:
        """The one Stadtteil containing the point; None outside all, or on a border of two."""
        found = [did for did, area in self.prepared.items() if area.contains((lon, lat))]
        return found[0] if len(found) == 1 else None
