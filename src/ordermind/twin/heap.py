"""Keeping Python's cyclic garbage collector off the simulation's long-lived objects.

A simulated year keeps tens of thousands of open orders and a growing list of KPI facts
alive; every full collection walks all of them, which cost about a third of the run time.
The simulation makes almost no cyclic garbage (measured: ~10 objects a day; orders are
freed by reference counting when retired), so at each day boundary it moves everything
alive into the collector's permanent generation (`gc.freeze`). Whatever was frozen is
handed back to the collector (`gc.unfreeze`) when the run ends.

Freezing alone still left the collector walking each day's new objects up to three times
(young, middle and old generation) before the freeze, and that walk got slower as the heap
grew (a full collection of the same ~75 k objects took 20 ms early in a simulated year and
65 ms by day 120, roughly 20 % of the run time): with `collect=False` the collector is
switched off for the run, so the few cyclic objects made meanwhile are only reclaimed once
it is back on.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def frozen_between_days(collect: bool = True) -> Iterator[Callable[[], None]]:
    """Yields the function to call at each day boundary. Process-wide, like `gc` itself:
    objects another caller froze are unfrozen at the end too, and with `collect=False`
    automatic collection is off until the block ends (then restored as it was)."""
    was_enabled = gc.isenabled()
    if not collect:
        gc.disable()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        if was_enabled and not collect:
            gc.enable()
