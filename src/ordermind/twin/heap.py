"""Keeping Python's cyclic garbage collector off the simulation's long-lived objects.

A simulated year keeps tens of thousands of open orders and a growing list of KPI facts
alive; every full collection walks all of them, which cost about a third of the run time.
The simulation makes almost no cyclic garbage (measured: ~10 objects a day; orders are
freed by reference counting when retired), so at each day boundary it moves everything
alive into the collector's permanent generation (`gc.freeze`). Collections still run and
still reclaim cycles made during the day; whatever was frozen is handed back to the
collector (`gc.unfreeze`) when the run ends.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def frozen_between_days() -> Iterator[Callable[[], None]]:
    """Yields the function to call at each day boundary. Process-wide, like `gc` itself:
    objects another caller froze are unfrozen at the end too."""
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
