"""The domain's notion of now. Real time by default; the digital twin and tests swap in a
simulated clock so the same services run in simulated time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime


def _real() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _real


def utcnow() -> datetime:
    return _source()


@contextmanager
def use_clock(source: Callable[[], datetime]) -> Iterator[None]:
    """Run a block with `source` as the clock (process-wide: for simulations and tests)."""
    global _source
    previous, _source = _source, source
    try:
        yield
    finally:
        _source = previous
