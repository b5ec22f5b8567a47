"""When a failed webhook delivery is tried again, and when it is given up.

Only a failure that may pass is retried: no connection, a timeout, 408, 429 and 5xx (a
`Retry-After` is honoured, up to a day). Any other answer (a 4xx, or a 3xx, since
redirects are not followed) says the request itself is wrong: the delivery is `rejected`
at once, visible and redeliverable, never hammered. Retries back off from seconds to ten
hours and go on for three days from when the event was queued; only then is a delivery
`failed` (and still redeliverable). An endpoint failing FAILING_AFTER times in a row is
marked failing and an alert is raised."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

RETRY_WINDOW = timedelta(days=3)
SCHEDULE = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),  # and every ten hours after, until the window closes
)
MAX_RETRY_AFTER = timedelta(days=1)
FAILING_AFTER = 5


def retryable(status_code: int | None) -> bool:
    """None: no answer at all (a network error or timeout)."""
    return status_code is None or status_code in (408, 429) or status_code >= 500


def retry_after(value: str | None, at: datetime) -> timedelta | None:
    """A `Retry-After` header (seconds or an HTTP date) as a wait, capped at a day."""
    if not value:
        return None
    value = value.strip()
    try:
        wait = timedelta(seconds=int(value))
    except ValueError:
        try:
            wait = parsedate_to_datetime(value) - at
        except (TypeError, ValueError):
            return None
    return max(timedelta(0), min(wait, MAX_RETRY_AFTER))


def next_attempt(
    attempts: int, at: datetime, give_up_at: datetime, asked: timedelta | None = None
) -> datetime | None:
    """When to try again after `attempts` failed attempts, or None: give up. The last
    try is at the window's end, so a receiver that comes back within it gets everything."""
    if at >= give_up_at:
        return None
    wait = SCHEDULE[min(attempts, len(SCHEDULE)) - 1]
    if asked is not None:
        wait = max(wait, asked)
    return min(at + wait, give_up_at)
