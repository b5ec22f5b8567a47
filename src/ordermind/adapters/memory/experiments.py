"""Experiments in memory. Definitions change in place with their undo logged; an order's
assignment arrives from its staged `experiment.assigned` event when the unit of work
commits (what the databases' trigger on order_events does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from ordermind.domain.events import EventType
from ordermind.domain.experiments import Experiment
from ordermind.domain.orders import Order
from ordermind.services.experiment_store import Assignment, ExperimentRepository

if TYPE_CHECKING:  # (fast_catalog imports the store, which holds this module's state)
    from .fast_catalog import Undo


@dataclass
class ExperimentState:
    experiments: dict[str, Experiment] = field(default_factory=dict)
    # experiment id -> order id -> assignment
    assignments: dict[str, dict[int, Assignment]] = field(default_factory=dict)


class MemoryExperiments(ExperimentRepository):
    def __init__(
        self,
        state: ExperimentState,
        undo: Undo,
        orders: Callable[[int], Order | None],
        staged: Callable[[], list[tuple[int, list]]],
    ) -> None:
        self.state = state
        self.undo = undo
        self.order_of = orders
        self.staged = staged

    def running(self) -> list[Experiment]:
        return [e for e in self.state.experiments.values() if e.running]

    def get(self, experiment_id: str) -> Experiment | None:
        return self.state.experiments.get(experiment_id)

    def all(self) -> list[Experiment]:
        return sorted(self.state.experiments.values(), key=lambda e: e.created_at, reverse=True)

    def add(self, experiment: Experiment) -> None:
        self.state.experiments[experiment.id] = experiment
        self.undo.append((self.state.experiments.pop, (experiment.id, None)))

    def stop(self, experiment_id: str, at: datetime) -> None:
        before = self.state.experiments[experiment_id]
        self.state.experiments[experiment_id] = replace(before, status="stopped", stopped_at=at)
        self.undo.append((self.state.experiments.__setitem__, (experiment_id, before)))

    def assignment(self, experiment_id: str, order_id: int) -> Assignment | None:
        return self.state.assignments.get(experiment_id, {}).get(order_id)

    def counts(self, experiment_id: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for a in self.state.assignments.get(experiment_id, {}).values():
            out[a.group] = out.get(a.group, 0) + 1
        return out

    def orders(self, experiment_id: str) -> list[tuple[Assignment, Order]]:
        found = self.state.assignments.get(experiment_id, {})
        out = []
        for order_id in sorted(found):
            order = self.order_of(order_id)
            if order is not None:
                out.append((found[order_id], order))
        return out

    def commit(self) -> None:
        """Take the assignments from the events staged by this unit of work (the first
        one per order and experiment stands, as ON CONFLICT DO NOTHING)."""
        for order_id, events in self.staged():
            for e in events:
                if e.type is not EventType.EXPERIMENT_ASSIGNED:
                    continue
                d = e.data
                rows = self.state.assignments.setdefault(d["experiment"], {})
                rows.setdefault(
                    order_id,
                    Assignment(d["experiment"], order_id, d["group"], d["value"], d.get("shadow")),
                )
