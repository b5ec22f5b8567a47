"""The digital twin's memory mode: a fresh in-memory store for each run."""

from __future__ import annotations

from ordermind.twin.scenario import Scenario
from ordermind.twin.store import TwinStore

from .fast import FastUnitOfWork
from .store import FastStore


def in_memory(scenario: Scenario) -> TwinStore:
    """A copy-free `FastStore` and one unit of work on it, reused by every use case (they
    never nest in the twin; building the repositories for each one was a measurable share
    of a simulated order). Order care reads the timelines (release times, carrier scans):
    they are kept when care runs, left out otherwise (a simulated year would hold millions
    of events). Stock movements are not kept."""
    store = FastStore(keep_movements=False, keep_events=scenario.policy.care != "none")
    shared = FastUnitOfWork(store)
    return TwinStore(uow=lambda: shared, memory=store)
