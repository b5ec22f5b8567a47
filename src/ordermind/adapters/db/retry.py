"""Running a unit of work again when the database could not finish it for a reason that
goes away by itself: a deadlock, a serialization failure, a lock wait that timed out, a
connection dropped by a restart, SQLite's writer lock held too long, an order saved by
someone else between our read and our write, or stock taken between an optimistic read
and the write. Each attempt starts from fresh reads, so the retry decides on the numbers
that made the first attempt fail. What still fails after the last attempt is answered
`503` with `Retry-After` (never `500`)."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from ordermind.domain.errors import StaleWrite, Unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 8
BASE_DELAY = 0.005  # seconds; doubled per attempt, with full jitter
MAX_DELAY = 0.5

# serialization_failure, deadlock_detected, lock_not_available (lock_timeout),
# query_canceled (statement_timeout), a server shutting down or starting, too many
# connections, out of memory; and every connection exception (class 08)
_TRANSIENT_SQLSTATES = {
    "40001",
    "40P01",
    "55P03",
    "57014",
    "57P01",
    "57P02",
    "57P03",
    "53300",
    "53200",
}
_DISK_FULL_SQLSTATES = {"53100"}
# What drivers say, without a SQLSTATE, when there is no connection to be had.
_NO_CONNECTION = (
    "connection failed",
    "connection refused",
    "server closed the connection",
    "connection is closed",
    "the connection is lost",
    "terminating connection",
    "could not connect",
    "database is locked",
    "database is busy",
)


class TryAgain(Exception):
    """What an optimistic read decided on changed before the write (stock taken, the
    Idempotency-Key claimed by a concurrent twin, a buyer's velocity moved): run the use
    case again from fresh reads."""


def sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(exc, "sqlstate", None)


def is_disk_full(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    if sqlstate(exc) in _DISK_FULL_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    return "database or disk is full" in text or "no space left on device" in text


def is_transient(exc: BaseException) -> bool:
    """Worth running the whole unit of work again."""
    if isinstance(exc, StaleWrite | TryAgain):
        return True
    if not isinstance(exc, DBAPIError) or is_disk_full(exc):
        return False
    if exc.connection_invalidated:
        return True
    state = sqlstate(exc)
    if state in _TRANSIENT_SQLSTATES or (state or "").startswith("08"):
        return True
    # SQLite has no SQLSTATE (its writer lock outlasting busy_timeout reads "database is
    # locked"), nor has a connection that could not be made.
    text = str(exc.orig).lower()
    return any(phrase in text for phrase in _NO_CONNECTION)


def with_retries(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """`work()` (which opens, runs and commits its own unit of work), again on a transient
    failure, up to `attempts` times; then `Unavailable`."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except Exception as exc:
            if not is_transient(exc):
                raise
            if attempt == attempts:
                log.warning(
                    "gave up after %d attempts: %s",
                    attempts,
                    type(exc).__name__,
                    extra={
                        "fields": {"sqlstate": sqlstate(exc), "why": str(exc).splitlines()[0][:200]}
                    },
                )
                raise Unavailable(
                    "the store is busy with the same stock or order; retry shortly", retry_after=1
                ) from exc
            time.sleep(random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2**attempt)))
    raise AssertionError("unreachable")
