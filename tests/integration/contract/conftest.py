"""The repositories' and the unit of work's contract, one set of tests on every store:
the in-memory store (a new unit of work per use case, and as the twin uses it: one unit
of work entered again and again), SQLite and PostgreSQL (real migrations)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.adapters.memory import FastStore, FastUnitOfWork

from .stores import ContractStore


@pytest.fixture(params=["memory", "twin", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Iterator[ContractStore]:
    kind = request.param
    if kind == "memory":
        memory = FastStore()
        yield ContractStore(kind, lambda: FastUnitOfWork(memory))
        return
    if kind == "twin":
        shared = FastUnitOfWork(FastStore())
        yield ContractStore(kind, lambda: shared)
        return
    url = request.getfixturevalue("migrated_url")(kind)
    engine = make_engine(url)
    yield ContractStore(kind, lambda: SqlUnitOfWork(engine))
    engine.dispose()


@pytest.fixture
def seeded(store: ContractStore) -> ContractStore:
    store.seed()
    return store
