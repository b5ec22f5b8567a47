"""The experiments' port: definitions, and each order's assignment to a group.

An assignment is written with its order, in the order's transaction: the order records an
`experiment.assigned` event, and the databases copy it into `experiment_assignments` with a
trigger on `order_events` (migration 0028), the in-memory store when it commits."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime

from ordermind.domain.experiments import Experiment
from ordermind.domain.orders import Order


@dataclass(frozen=True)
class Assignment:
    experiment_id: str
    order_id: int
    group: str  # treatment | control
    value: str  # the policy value the order was served by
    shadow: dict | None = None  # shadow mode: what the treatment would have decided


class ExperimentRepository(abc.ABC):
    @abc.abstractmethod
    def running(self) -> list[Experiment]:
        """The running experiments (read on every order: stores cache it)."""

    @abc.abstractmethod
    def get(self, experiment_id: str) -> Experiment | None: ...

    @abc.abstractmethod
    def all(self) -> list[Experiment]:
        """Every experiment, newest first."""

    @abc.abstractmethod
    def add(self, experiment: Experiment) -> None: ...

    @abc.abstractmethod
    def stop(self, experiment_id: str, at: datetime) -> None: ...

    @abc.abstractmethod
    def assignment(self, experiment_id: str, order_id: int) -> Assignment | None: ...

    @abc.abstractmethod
    def counts(self, experiment_id: str) -> dict[str, int]:
        """group -> orders assigned."""

    @abc.abstractmethod
    def orders(self, experiment_id: str) -> list[tuple[Assignment, Order]]:
        """Every assigned order with its assignment, in order id order."""
