"""Promise dates: when a node can hand a package to the carrier and when it arrives.

Cut-offs and calendars are node-local. An order time without a time zone is taken as
already node-local (every node alike); a timezone-aware one is converted to each node's
own zone first (`local_time`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: weekdays not in `weekend` (Monday = 0) and not in `holidays`."""

    weekend: frozenset[int] = frozenset({5, 6})
    holidays: frozenset[date] = frozenset()

    def is_working(self, d: date) -> bool:
        return d.weekday() not in self.weekend and d not in self.holidays

    def next_working(self, d: date) -> date:
        """`d` itself if it is a working day, else the next one."""
        for _ in range(400):  # a calendar with no working day at all would loop forever
            if self.is_working(d):
                return d
            d += timedelta(days=1)
        raise ValueError("calendar has no working day within a year")

    def add_working_days(self, d: date, n: int) -> date:
        d = self.next_working(d)
        for _ in range(n):
            d = self.next_working(d + timedelta(days=1))
        return d


@dataclass(frozen=True)
class NodeProfile:
    """How a node works: orders before `cutoff` on a working day start that day;
    `processing_days` working days later the package leaves (0 = same day)."""

    processing_days: int = 0
    cutoff: time = time(14, 0)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    receiving_days: int = 1  # inbound stock is sellable this many working days after its ETA


@lru_cache(maxsize=256)
def zone_info(name: str) -> ZoneInfo:
    """The IANA time zone `name` (e.g. "Europe/London"); a clear error if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name such as 'Europe/London')"
        ) from None


def local_time(when: datetime, timezone: str) -> datetime:
    """`when` as a naive wall-clock time in `timezone`; a naive `when` is returned as it is
    (it is taken to be local already)."""
    if when.tzinfo is None:
        return when
    if when.tzinfo is UTC and timezone == "UTC":  # most nodes: no conversion to look up
        return when.replace(tzinfo=None)
    return when.astimezone(zone_info(timezone)).replace(tzinfo=None)


def ship_date(order_time: datetime, profile: NodeProfile) -> date:
    """`order_time` is node-local (see `local_time`)."""
    return ship_day(order_time.date(), order_time.time() >= profile.cutoff, profile)


def ship_day(day: date, late: bool, profile: NodeProfile) -> date:
    """`ship_date` for an order placed on `day`, at or after the cut-off if `late`."""
    cal = profile.calendar
    if late or not cal.is_working(day):
        day = cal.next_working(day + timedelta(days=1))
    return cal.add_working_days(day, profile.processing_days)


def ship_date_from_inbound(eta: date, order_time: datetime, profile: NodeProfile) -> date:
    """Stock arriving on `eta` ships after receiving and normal processing (`order_time`
    node-local)."""
    start = max(eta, order_time.date())
    sellable = profile.calendar.add_working_days(start, profile.receiving_days)
    return ship_date(max(order_time, datetime.combine(sellable, time(0, 0))), profile)


def delivery_date(shipped: date, transit_days: int, carrier: WorkCalendar) -> date:
    """Carriers count transit in their own working days; 0 means delivered the same day."""
    if transit_days <= 0:
        return shipped
    return carrier.add_working_days(shipped, transit_days)
