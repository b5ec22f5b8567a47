"""Identifiers for child records (holds, shipments, invoices, returns).

Random by default. A simulation swaps in a counter (`use_ids(sequential_ids())`): its
runs become reproducible down to the shipment ids (a database keeps random ones: it may
already hold ids from an earlier run).
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_source: Callable[[str], str] | None = None


def new_id(prefix: str) -> str:
    if _source is not None:
        return _source(prefix)
    return f"{prefix}_{secrets.token_hex(8)}"


def sequential_ids(start: int = 1) -> Callable[[str], str]:
    """`prefix_0000000000000001`, `prefix_0000000000000002`, ... (one counter for all
    prefixes): the same shape as the random ids."""
    counter = itertools.count(start)
    return lambda prefix: f"{prefix}_{next(counter):016x}"


@contextmanager
def use_ids(source: Callable[[str], str]) -> Iterator[None]:
    """Run a block with `source` making the ids (process-wide, like `use_clock`)."""
    global _source
    previous, _source = _source, source
    try:
        yield
    finally:
        _source = previous
