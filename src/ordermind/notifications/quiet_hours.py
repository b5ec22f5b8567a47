"""When quiet hours end, on the customer's own clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from .preferences import QuietHours


def quiet_until(now: datetime, quiet: QuietHours) -> datetime | None:
    """The UTC moment the quiet window `now` falls in ends; None when `now` is not quiet.
    A window that starts later than it ends (21:00-08:00) runs across midnight."""
    zone = quiet.zone
    local = now.astimezone(zone)
    t = local.time().replace(tzinfo=None)
    if quiet.start < quiet.end:
        if not quiet.start <= t < quiet.end:
            return None
        end_day = local.date()
    elif t >= quiet.start:
        end_day = local.date() + timedelta(days=1)
    elif t < quiet.end:
        end_day = local.date()
    else:
        return None
    # A wall time skipped by a DST change maps to the moment after the gap (zoneinfo reads
    # it with the offset before the change), which is still the end of the quiet window.
    return datetime.combine(end_day, quiet.end, tzinfo=zone).astimezone(UTC)


def end_of_day(day: date, quiet: QuietHours | None) -> datetime:
    """The last moment of `day` on the customer's clock (UTC when no zone is known): when
    a promise to deliver on that day is broken."""
    zone = quiet.zone if quiet is not None else UTC
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
