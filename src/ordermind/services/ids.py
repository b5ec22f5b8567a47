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
from contextvars import ContextVar

# Per thread/context: a simulation's counter never leaks into a server's other requests.
_source: ContextVar[Callable[[str], str] | None] = ContextVar("id_source", default=None)


def new_id(prefix: str) -> str:
    source = _source.get()
    if source is not None:
        return source(prefix)
    return f"{prefix}_{secrets.token_hex(8)}"


def sequential_ids(start: int = 1) -> Callable[[str], str]:
    """`prefix_0000000000000001`, `prefix_0000000000000002`, ... (one counter for all
    prefixes): the same shape as the random ids."""
    counter = itertools.count(start)
    return lambda prefix: f"{prefix}_{next(counter):016x}"


@contextmanager
def use_ids(source: Callable[[str], str]) -> Iterator[None]:
    """Run a block (in this thread or context) with `source` making the ids."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)
