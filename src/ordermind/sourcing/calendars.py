"""Public holidays of a node's country or region, from the `holidays` package, and the
node's own working profile (cut-off, processing days, calendar) over its kind's default."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from functools import lru_cache

import holidays as public_holidays

from .promise import NodeProfile, WorkCalendar

# Holidays are looked up for these years around today (promises look weeks ahead; a
# supplier's inbound a few months).
_YEARS_BACK, _YEARS_AHEAD = 1, 2


def check_region(region: str) -> None:
    """Raises ValueError naming what is supported when `region` ("GB-SCT", "DE") is not a
    country or subdivision the `holidays` package knows."""
    country, _, subdiv = region.upper().partition("-")
    supported = public_holidays.list_supported_countries()
    if country not in supported:
        raise ValueError(f"holidays: no public holidays are known for country {country!r}")
    if subdiv and subdiv not in supported[country]:
        known = ", ".join(f"{country}-{s}" for s in supported[country][:12])
        raise ValueError(f"holidays: {region!r} is not a region of {country}; e.g. {known}")


@lru_cache(maxsize=128)
def holidays_of(region: str, around: int) -> frozenset[date]:
    """The public holidays of `region` in the years around `around` (a year)."""
    country, _, subdiv = region.upper().partition("-")
    years = range(around - _YEARS_BACK, around + _YEARS_AHEAD + 1)
    found = public_holidays.country_holidays(country, subdiv=subdiv or None, years=years)
    return frozenset(found.keys())


@lru_cache(maxsize=1024)
def node_profile(
    base: NodeProfile,
    cutoff: str | None,
    processing_days: int | None,
    region: str | None,
    year: int,
) -> NodeProfile:
    """`base` (the node kind's default) with what the node configured of its own."""
    profile = base
    if cutoff is not None:
        hours, minutes = cutoff.split(":")
        profile = replace(profile, cutoff=time(int(hours), int(minutes)))
    if processing_days is not None:
        profile = replace(profile, processing_days=processing_days)
    if region is not None:
        calendar = WorkCalendar(
            weekend=base.calendar.weekend,
            holidays=base.calendar.holidays | holidays_of(region, year),
        )
        profile = replace(profile, calendar=calendar)
    return profile
