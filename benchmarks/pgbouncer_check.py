"""Does the app's engine work through PgBouncer in transaction mode?

Two pooled connections of `make_engine` (psycopg 3 defaults) take turns running the same
statement in short transactions, as two API requests would. psycopg prepares a statement
on the server after its 5th execution on a connection; in transaction mode the next
transaction may run on another server connection, where that name is unknown or taken.
Run once as the app is, once with `prepare_threshold=None` (psycopg never prepares):

    .venv/bin/python benchmarks/pgbouncer_check.py postgresql://user@127.0.0.1:6432/db

Needs a PgBouncer in front of a migrated database (pool_mode = transaction). Debian 12's
pgbouncer is 1.18, which does not track prepared statements (1.21+ can, with
max_prepared_statements > 0).
"""

from __future__ import annotations

import sys

from sqlalchemy import event, select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine


def turns(url: str, prepare: bool, rounds: int = 20) -> str:
    engine = make_engine(url, pool_size=2)
    if not prepare:

        @event.listens_for(engine, "connect")
        def _no_prepare(dbapi_conn, _record):
            dbapi_conn.prepare_threshold = None

    stmt = select(t.products.c.sku).where(t.products.c.sku == "x")
    a, b = engine.connect(), engine.connect()
    done = 0
    try:
        while done < rounds:
            for conn in (a, b):
                with conn.begin():
                    conn.execute(stmt).all()
            done += 1
        return f"{rounds} rounds on two connections: ok"
    except Exception as exc:
        return f"failed in round {done + 1}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        a.close()
        b.close()
        engine.dispose()


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: pgbouncer_check.py postgresql://user@host:port/db")
    print("as the app is (psycopg auto-prepares):", turns(sys.argv[1], prepare=True))
    print("with prepare_threshold=None:          ", turns(sys.argv[1], prepare=False))


if __name__ == "__main__":
    main()
