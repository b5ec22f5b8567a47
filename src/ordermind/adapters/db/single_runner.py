"""One runner at a time for a background job, across worker processes and hosts.

    with single_runner(engine, "care") as mine:
        if mine:
            ...  # this process runs the pass; every other one skipped it

PostgreSQL: `pg_try_advisory_lock` on a connection of its own, held for the pass and
released after it (a process that dies loses its session, and the lock with it). SQLite
(one file, so one host): a lease row in `job_leases`, taken by a conditional update that
the database's write lock serialises, valid for `lease` (so a crashed holder's job is
taken over once it expires) and given back after the pass.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine, bindparam, select, text, update

from ordermind.domain.clock import utcnow

from . import tables as t
from .sql import aware, upsert

DEFAULT_LEASE = timedelta(minutes=30)
_HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lock_key(name: str) -> int:
    """The advisory lock number of a job (signed 64-bit, stable across processes)."""
    return zlib.crc32(f"ordermind:{name}".encode()) - 2**31


def holder() -> str:
    """Who this process (and thread) is, for the lease row."""
    return f"{_HOLDER}:{threading.get_ident()}"


@contextmanager
def single_runner(engine: Engine, name: str, lease: timedelta = DEFAULT_LEASE) -> Iterator[bool]:
    """True inside when this caller holds the job `name` for the pass, False when another
    runner holds it (skip the pass)."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, name) as mine:
            yield mine
    else:
        with _lease(engine, name, lease) as mine:
            yield mine


@contextmanager
def _advisory(engine: Engine, name: str) -> Iterator[bool]:
    key = lock_key(name)
    with engine.connect() as conn:  # dedicated to the lock for the whole pass
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        conn.commit()  # no transaction left open for the length of the pass
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()


@contextmanager
def _lease(engine: Engine, name: str, lease: timedelta) -> Iterator[bool]:
    me = holder()
    leases = t.job_leases
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(
            upsert(conn, leases)
            .values(name=name, holder="", expires_at=now)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        got = (
            conn.execute(
                update(leases)
                .where(
                    leases.c.name == name,
                    (leases.c.expires_at <= bindparam("now_", type_=leases.c.expires_at.type))
                    | (leases.c.holder == me),
                )
                .values(holder=me, expires_at=now + lease),
                {"now_": now},
            ).rowcount
            == 1
        )
    try:
        yield got
    finally:
        if got:
            with engine.begin() as conn:
                conn.execute(
                    update(leases)
                    .where(leases.c.name == name, leases.c.holder == me)
                    .values(expires_at=utcnow())
                )


def lease_of(engine: Engine, name: str) -> tuple[str, object] | None:
    """(holder, expires_at) of a job's lease row (SQLite), for operators and tests."""
    with engine.connect() as conn:
        row = conn.execute(
            select(t.job_leases.c.holder, t.job_leases.c.expires_at).where(
                t.job_leases.c.name == name
            )
        ).first()
    return None if row is None else (row.holder, aware(row.expires_at))


__all__ = ["DEFAULT_LEASE", "lease_of", "lock_key", "single_runner"]
