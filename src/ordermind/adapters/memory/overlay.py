from __future__ import annotations

import copy
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")
_DELETED = object()


class Overlay(Generic[V]):
    """Committed values plus a staged layer a unit of work can commit or drop.
    Values are copied in and out so callers never alias stored state."""

    def __init__(self, committed: dict[Hashable, V]) -> None:
        self.committed = committed
        self.staged: dict[Hashable, object] = {}

    def get(self, key: Hashable) -> V | None:
        value = self.staged.get(key, self.committed.get(key))
        return None if value is None or value is _DELETED else copy.deepcopy(value)  # type: ignore[return-value]

    def put(self, key: Hashable, value: V) -> None:
        self.staged[key] = copy.deepcopy(value)

    def keys(self) -> Iterator[Hashable]:
        seen = set()
        for key in list(self.staged) + list(self.committed):
            if key not in seen and self.staged.get(key, self.committed.get(key)) is not _DELETED:
                seen.add(key)
                yield key

    def values(self) -> Iterator[V]:
        for key in self.keys():
            yield self.get(key)  # type: ignore[misc]

    def commit(self) -> None:
        for key, value in self.staged.items():
            if value is _DELETED:
                self.committed.pop(key, None)
            else:
                self.committed[key] = value  # type: ignore[assignment]
        self.staged.clear()

    def rollback(self) -> None:
        self.staged.clear()
