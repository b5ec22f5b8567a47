"""Quiet hours on the customer's own clock: windows across midnight, time zones, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from ordermind.domain.errors import ValidationFailed
from ordermind.notifications.preferences import QuietHours
from ordermind.notifications.quiet_hours import end_of_day, quiet_until

NIGHT_BERLIN = QuietHours(time(21, 0), time(8, 0), "Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_late_evening_is_quiet_until_eight_the_next_morning_local_time() -> None:
    # 22:30 in Berlin (CET, UTC+1) on 14 January
    assert quiet_until(utc(2026, 1, 14, 21, 30), NIGHT_BERLIN) == utc(2026, 1, 15, 7, 0)


def test_early_morning_is_quiet_until_eight_the_same_day() -> None:
    assert quiet_until(utc(2026, 1, 15, 5, 0), NIGHT_BERLIN) == utc(2026, 1, 15, 7, 0)


def test_daytime_is_not_quiet_and_the_window_edges_are_start_inclusive() -> None:
    assert quiet_until(utc(2026, 1, 15, 12, 0), NIGHT_BERLIN) is None
    assert quiet_until(utc(2026, 1, 15, 7, 0), NIGHT_BERLIN) is None  # 08:00 sharp: over
    assert quiet_until(utc(2026, 1, 15, 20, 0), NIGHT_BERLIN) == utc(2026, 1, 16, 7, 0)


def test_the_same_moment_is_quiet_in_one_zone_and_not_in_another() -> None:
    moment = utc(2026, 7, 1, 21, 0)  # 23:00 in Berlin, 17:00 in New York
    new_york = QuietHours(time(21, 0), time(8, 0), "America/New_York")
    assert quiet_until(moment, NIGHT_BERLIN) == utc(2026, 7, 2, 6, 0)  # CEST, UTC+2
    assert quiet_until(moment, new_york) is None
    assert quiet_until(utc(2026, 7, 2, 2, 0), new_york) == utc(2026, 7, 2, 12, 0)


def test_a_window_within_one_day_does_not_wrap() -> None:
    siesta = QuietHours(time(13, 0), time(15, 30), "Europe/Madrid")
    assert quiet_until(utc(2026, 1, 10, 12, 30), siesta) == utc(2026, 1, 10, 14, 30)
    assert quiet_until(utc(2026, 1, 10, 15, 0), siesta) is None


def test_a_night_that_spans_the_autumn_clock_change_ends_at_local_eight() -> None:
    # Europe/Berlin leaves summer time in the night to 25 October 2026
    assert quiet_until(utc(2026, 10, 24, 20, 0), NIGHT_BERLIN) == utc(2026, 10, 25, 7, 0)


def test_a_promise_breaks_at_the_end_of_the_promised_day_on_the_customers_clock() -> None:
    assert end_of_day(date(2026, 1, 15), NIGHT_BERLIN) == utc(2026, 1, 15, 23, 0)
    assert end_of_day(date(2026, 1, 15), None) == utc(2026, 1, 16, 0, 0)


@pytest.mark.parametrize(
    "start, end, zone", [(time(8), time(8), "UTC"), (time(21), time(8), "Nowhere/City")]
)
def test_an_empty_window_or_an_unknown_zone_is_refused(start, end, zone) -> None:
    with pytest.raises(ValidationFailed):
        QuietHours(start, end, zone)
