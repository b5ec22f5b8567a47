"""While a writer holds the SQLite write lock, the health probe and the first check of an
API key still answer at once (issue 18: they waited because every plain connection began
IMMEDIATE, queueing behind the writer for the whole busy timeout)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ordermind.adapters.db.engine import make_engine, read_engine_for
from ordermind.adapters.http.auth import Role, create_key
from ordermind.entrypoints.http_app import create_app


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "locked.db"
    path.write_bytes(sqlite_template.read_bytes())
    return f"sqlite:///{path}"


@pytest.fixture
def held_write_lock(sqlite_url: str):
    """Another connection in the middle of a write transaction."""

    def hold() -> sqlite3.Connection:
        conn = sqlite3.connect(sqlite_url.split("///", 1)[1], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE api_keys SET name = name")
        return conn

    yield hold


def test_health_and_a_new_keys_first_check_answer_while_a_writer_holds_the_lock(
    sqlite_url, held_write_lock
):
    engine = make_engine(sqlite_url)
    try:
        key = create_key(engine, Role.ADMIN)
        client = TestClient(create_app(engine, webhooks_enabled=False))
        writer = held_write_lock()
        try:
            health = client.get("/healthz")
            assert health.status_code == 200, health.text
            assert health.json() == {"status": "ok", "database": "sqlite"}
            # not cached yet: this key is looked up in the database, under the lock
            listed = client.get("/v1/products", headers={"Authorization": f"Bearer {key}"})
            assert listed.status_code == 200, listed.text
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    finally:
        engine.dispose()


def test_the_read_engine_is_query_only_and_separate_from_the_write_pool(sqlite_url):
    engine = make_engine(sqlite_url)
    try:
        reader = read_engine_for(engine)
        assert reader is read_engine_for(engine)  # one per engine
        assert reader.pool is not engine.pool
        with reader.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA query_only").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() <= 2000
            with pytest.raises(Exception, match="readonly"):
                conn.exec_driver_sql("UPDATE api_keys SET name = name")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    finally:
        engine.dispose()
