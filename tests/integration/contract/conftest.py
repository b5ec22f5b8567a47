"""The repositories' and the unit of work's contract, one set of tests on every store:
the in-memory store (a new unit of work per use case, and as the twin uses it: one unit
of work entered again and again), SQLite and PostgreSQL (real migrations)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.tables import metadata
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.adapters.memory import FastStore, FastUnitOfWork

from .stores import ContractStore


def _truncate_pg(url: str) -> None:
    engine = make_engine(url, pool_size=1)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["memory", "twin", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path,
          sqlite_template: Path) -> Iterator[ContractStore]:
    kind = request.param
    if kind == "memory":
        memory = FastStore()
        yield ContractStore(kind, lambda: FastUnitOfWork(memory))
        return
    if kind == "twin":
        shared = FastUnitOfWork(FastStore())
        yield ContractStore(kind, lambda: shared)
        return
    if kind == "sqlite":
        path = tmp_path / "contract.db"
        path.write_bytes(sqlite_template.read_bytes())
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_database")
        _truncate_pg(url)
    engine = make_engine(url)
    yield ContractStore(kind, lambda: SqlUnitOfWork(engine))
    engine.dispose()


@pytest.fixture
def seeded(store: ContractStore) -> ContractStore:
    store.seed()
    return store
