"""Engine set-up: SQLite in WAL mode with immediate write transactions, or PostgreSQL.

Beside each engine there can be a small read engine (`read_engine_for`) for the requests
that must answer while writers queue: the health probe and API-key look-ups. On SQLite its
connections are query-only and begin deferred transactions, which in WAL mode never wait
for the write lock; its own pool means writers waiting for that lock cannot use up the
connections it needs."""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import orjson
from sqlalchemy import Engine, create_engine, event

DEFAULT_URL = "sqlite:///ordermind.db"
# How long a SQLite writer waits for the write lock before failing. Write transactions are
# short (documents are parsed before theirs begins), so a long wait means trouble: better
# a quick, clear "busy" than a request hanging for half a minute.
SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("ORDERMIND_SQLITE_BUSY_TIMEOUT_MS", "10000"))
# Readers need no lock in WAL mode; they wait only in rare cases (WAL recovery).
SQLITE_READ_BUSY_TIMEOUT_MS = 2000


# Connections per process: twice the cores by default (measured here with 1-16 sessions
# placing orders: PostgreSQL's CPU per order grows with the sessions at once, 1.7 ms at
# one, 2.4 at four, 5.5 at sixteen, while orders/s peak at four to eight; requests beyond
# the pool wait for a connection). No overflow: a connection opened for one request and
# closed after it costs PostgreSQL a backend start (a fork, a few ms of CPU) each time.
PG_POOL_SIZE = int(os.environ.get("ORDERMIND_PG_POOL_SIZE", str(2 * (os.cpu_count() or 2))))
PG_POOL_OVERFLOW = int(os.environ.get("ORDERMIND_PG_POOL_OVERFLOW", "0"))
# A lock wait this long is contention that will not clear soon: give up and retry (503
# after the retries) rather than hold a worker.
PG_LOCK_TIMEOUT_MS = int(os.environ.get("ORDERMIND_PG_LOCK_TIMEOUT_MS", "5000"))


def database_url() -> str:
    return os.environ.get("DATABASE_URL", DEFAULT_URL)


def _json_dumps(value: object) -> str:
    return orjson.dumps(value).decode()


def make_engine(url: str | None = None, *, pool_size: int = 10, readonly: bool = False) -> Engine:
    """`readonly` (SQLite): connections are query-only and every transaction is deferred."""
    url = url or database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            hide_parameters=True,  # bound values are customer data: never in an error
            json_serializer=_json_dumps,
            json_deserializer=orjson.loads,
            connect_args={
                "check_same_thread": False,
                "timeout": (SQLITE_READ_BUSY_TIMEOUT_MS if readonly else SQLITE_BUSY_TIMEOUT_MS)
                / 1000,
            },
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_timeout=10 if readonly else 30,
        )
        _sqlite_pragmas(engine, readonly)
        return engine
    return create_engine(
        url,
        hide_parameters=True,  # bound values are customer data: never in an error
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
        # A bounded pool: requests beyond it wait their turn (a 2-core database does no
        # more with more connections), and two workers of two servers stay well inside
        # PostgreSQL's max_connections.
        pool_size=max(1, min(pool_size, PG_POOL_SIZE)),
        max_overflow=PG_POOL_OVERFLOW,
        # No ping per checkout (a round trip per request): a connection that died with a
        # restart fails its first statement, the pool is invalidated and the unit of work
        # runs again on a fresh one (adapters/db/retry.py).
        pool_pre_ping=False,
        connect_args={
            "options": f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} "
            f"-c idle_in_transaction_session_timeout=60000"
        },
    )


def _sqlite_pragmas(engine: Engine, readonly: bool = False) -> None:
    busy = SQLITE_READ_BUSY_TIMEOUT_MS if readonly else SQLITE_BUSY_TIMEOUT_MS

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy)}")
        cur.execute("PRAGMA foreign_keys=ON")
        if readonly:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers take the write lock up front: a deferred transaction that reads and
        # then writes can fail with SQLITE_BUSY instead of waiting its turn. Every plain
        # engine.connect() is treated as a writer, so readers that must not wait for the
        # lock use a read engine or the ordermind_readonly option.
        if readonly or conn.get_execution_options().get("ordermind_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


_read_engines: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def read_engine_for(engine: Engine) -> Engine:
    """A small read-only engine on the same database, made once per engine and disposed
    with it. An in-memory SQLite database cannot be opened twice: there the same engine
    is used with read-only (deferred) transactions."""
    found = _read_engines.get(engine)
    if found is not None:
        return found
    url = engine.url
    reader: Engine
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        reader = engine.execution_options(ordermind_readonly=True)
    else:
        reader = make_engine(url.render_as_string(hide_password=False), pool_size=2, readonly=True)

        def _dispose_reader(_engine: Engine) -> None:
            reader.dispose()

        event.listen(engine, "engine_disposed", _dispose_reader)
    _read_engines[engine] = reader
    return reader
