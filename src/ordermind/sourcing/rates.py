"""Carrier rate-and-transit table: price by service level, distance zone and weight band."""

from __future__ import annotations

import csv
import os
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REQUIRED = ("service_level", "zone", "max_km", "max_weight_g", "cost_minor", "transit_days", "mode")
# The operator's own table, read once when the app starts (the shipped demo table if unset).
RATE_TABLE_ENV = "ORDERMIND_RATE_TABLE"
_WHOLE = ("zone", "max_weight_g", "cost_minor", "transit_days")  # whole numbers, >= 0


class RateTableError(ValueError):
    """A rate table that cannot be used; the message names the file and the row."""


@dataclass(frozen=True)
class ZoneRate:
    """Everything about shipping one package from a node to a destination in this zone."""

    service: str
    zone: int
    max_km: float
    band_limits: tuple[int, ...]  # ascending max weight per band (g)
    band_costs: tuple[int, ...]  # price per band (minor units)
    transit_days: int
    mode: str
    subadditive: bool = True  # one package never costs more than two: set by RateTable

    def price(self, weight_g: int) -> int:
        """Price of a package; beyond the heaviest band it goes as full parcels of the
        heaviest band plus one parcel for the remainder."""
        i = bisect_left(self.band_limits, weight_g)
        if i < len(self.band_costs):
            return self.band_costs[i]
        full, rest = divmod(weight_g, self.band_limits[-1])
        return full * self.band_costs[-1] + (self.price(rest) if rest else 0)

    @cached_property
    def fast_price(self) -> Callable[[int], int]:
        """`price` as a plain function of the weight, for the search's hot loops."""
        limits, costs, slow = self.band_limits, self.band_costs, self.price
        n = len(costs)

        def price(weight_g: int) -> int:
            i = bisect_left(limits, weight_g)
            return costs[i] if i < n else slow(weight_g)

        return price


class RateTable:
    def __init__(self, rows: list[dict[str, str]]):
        grouped: dict[tuple[str, int], list[dict[str, str]]] = {}
        for row in rows:
            missing = [c for c in REQUIRED if not str(row.get(c, "")).strip()]
            if missing:
                raise ValueError(f"rate row {row} lacks {missing}")
            grouped.setdefault((row["service_level"].strip(), int(row["zone"])), []).append(row)
        self._zones: dict[str, list[ZoneRate]] = {}
        for (service, zone), group in grouped.items():
            group.sort(key=lambda r: int(r["max_weight_g"]))
            head = group[0]
            rate = ZoneRate(
                service=service,
                zone=zone,
                max_km=float(head["max_km"]),
                band_limits=tuple(int(r["max_weight_g"]) for r in group),
                band_costs=tuple(int(r["cost_minor"]) for r in group),
                transit_days=int(head["transit_days"]),
                mode=head["mode"].strip(),
            )
            if any(a > b for a, b in zip(rate.band_costs, rate.band_costs[1:], strict=False)):
                raise ValueError(f"{service} zone {zone}: heavier bands must not be cheaper")
            limits = rate.band_limits
            sub = all(
                rate.price(a + b) <= rate.price(a) + rate.price(b) for a in limits for b in limits
            )
            rate = ZoneRate(**{**rate.__dict__, "subadditive": sub})
            self._zones.setdefault(service, []).append(rate)
        for zones in self._zones.values():
            zones.sort(key=lambda z: z.max_km)
        self._limits = {s: [z.max_km for z in zs] for s, zs in self._zones.items()}

    @property
    def services(self) -> list[str]:
        return sorted(self._zones)

    def zones(self, service: str) -> tuple[list[float], list[ZoneRate]]:
        """(each zone's max_km, the zones) ascending, for `zone_for` inlined in loops."""
        self.zone_for(service, 0.0)  # a clear error for an unknown service level
        return self._limits[service], self._zones[service]

    def zone_for(self, service: str, km: float) -> ZoneRate:
        """The zone covering a distance; beyond the last band, the last (farthest) zone."""
        try:
            zones = self._zones[service]
        except KeyError:
            raise ValueError(f"unknown service level {service!r}; known: {self.services}") from None
        i = bisect_left(self._limits[service], km)
        return zones[min(i, len(zones) - 1)]


def load_rate_table(path: str | Path | None = None) -> RateTable:
    """Load a rate-and-transit CSV (the shipped demo table by default); RateTableError
    naming the file (and the line, for a bad row) when it cannot be used."""
    path = Path(path or DATA_DIR / "rates.csv")
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None:
                raise RateTableError(f"{path}: is empty")
            header = reader.fieldnames
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise RateTableError(f"{path}: the header lacks the column(s) {missing}")
            rows = []
            for row in reader:
                _check_row(path, reader.line_num, row)
                rows.append(row)
    except OSError as exc:
        raise RateTableError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RateTableError(f"{path}: not a UTF-8 CSV file ({exc})") from None
    if not rows:
        raise RateTableError(f"{path}: has no rates")
    try:
        return RateTable(rows)
    except ValueError as exc:
        raise RateTableError(f"{path}: {exc}") from None


def _check_row(path: Path, line: int, row: dict[str, str]) -> None:
    """One row's values: every column filled, whole numbers where the table counts."""
    if None in row:  # more cells than the header names
        raise RateTableError(f"{path}, line {line}: more cells than the header has columns")
    empty = [c for c in REQUIRED if not (row.get(c) or "").strip()]
    if empty:
        raise RateTableError(f"{path}, line {line}: {', '.join(empty)} empty")
    for column in _WHOLE:
        value = row[column].strip()
        if not value.isdigit():
            raise RateTableError(
                f"{path}, line {line}: {column} {value!r} is not a whole number >= 0"
            )
    try:
        km = float(row["max_km"])
    except ValueError:
        km = -1.0
    if not 0 <= km < float("inf"):
        raise RateTableError(f"{path}, line {line}: max_km {row['max_km']!r} is not a distance")


# the service level orders are sourced with (`SourcingContext.service_level`)
SOURCED_SERVICE = "standard"


def configured_rate_table() -> RateTable:
    """The table named by ORDERMIND_RATE_TABLE, or the shipped demo table when unset; it
    must price the service orders are sourced with."""
    named = os.environ.get(RATE_TABLE_ENV) or None
    table = load_rate_table(named)
    if SOURCED_SERVICE not in table.services:
        raise RateTableError(
            f"{named}: has no {SOURCED_SERVICE!r} service level, which orders are sourced "
            f"with (it has {', '.join(table.services)})"
        )
    return table
