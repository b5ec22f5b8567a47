"""Database round trips of one `POST /v1/orders` on PostgreSQL, counted two ways.

1. SQLAlchemy's view: each statement (`before_cursor_execute`) plus the transaction
   boundaries psycopg sends as commands of their own (BEGIN before a transaction's first
   statement, COMMIT / ROLLBACK).
2. The wire: libpq's protocol trace of every pooled connection, counting the client
   messages that wait for the server (a simple `Query`, or the `Sync` closing an
   extended-protocol exchange). This also sees what SQLAlchemy does not show as a
   statement: the pool's pre-ping (an empty query, ";") on checkout.

The order is the one `order_throughput.py` sends (one line, a new customer, an
Idempotency-Key, 10 nodes x 200 SKUs), through the real FastAPI app in-process, after a
warm-up so that per-worker caches are filled as in steady state. Then, tracing off, it
times --cost-orders orders one after another: wall time, this process's CPU, the
PostgreSQL backends' CPU (from /proc: same machine only) and the bytes tables and indexes
grow by, per order.

    .venv/bin/python benchmarks/round_trips.py [--orders 5] [--cost-orders 300] [--partitioned]

`--partitioned` migrates with ORDERMIND_PARTITION_BY_MONTH=1 (the count should not move).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
from order_throughput import recreate_pg, seed

from ordermind.adapters.db.engine import make_engine
from ordermind.entrypoints.http_app import create_app

_TABLE = re.compile(
    r"^\s*(INSERT INTO|UPDATE|DELETE FROM|SELECT\b.*?\bFROM)\s+\"?(\w+)",
    re.IGNORECASE | re.DOTALL,
)


def label(sql: str) -> str:
    m = _TABLE.match(sql)
    if not m:  # no table: a function call such as SELECT pg_advisory_xact_lock(...)
        return sql.strip().split("(", 1)[0][:60]
    verb = m.group(1).split(None, 1)[0].upper()
    return f"{verb} {m.group(2)}"


class Counting:
    """Statements and transaction boundaries seen by SQLAlchemy, and the libpq wire trace."""

    def __init__(self, engine, trace_dir: Path) -> None:
        self.statements: list[str] = []
        self.boundaries: Counter[str] = Counter()
        self.on = False
        self.traced: list[tuple[object, Path]] = []  # (pgconn, file)
        self.trace_dir = trace_dir

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            path = trace_dir / f"conn{len(self.traced)}.trace"
            path.touch()
            self.traced.append((dbapi_conn.pgconn, path))
            self._trace(dbapi_conn.pgconn, path)

        @event.listens_for(engine, "before_cursor_execute")
        def _stmt(conn, cursor, statement, params, context, executemany):
            if self.on:
                self.statements.append(label(statement) + (" (executemany)" if executemany else ""))
                # psycopg opens the transaction with its own BEGIN before the first statement
                autocommit = conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
                if not autocommit and cursor.connection.info.transaction_status == 0:  # IDLE
                    self.boundaries["BEGIN"] += 1

        @event.listens_for(engine, "commit")
        def _commit(conn):
            if self.on and conn.connection.dbapi_connection.info.transaction_status != 0:
                self.boundaries["COMMIT"] += 1

        @event.listens_for(engine, "rollback")
        def _rollback(conn):
            if self.on and conn.connection.dbapi_connection.info.transaction_status != 0:
                self.boundaries["ROLLBACK"] += 1

    @staticmethod
    def _trace(pgconn, path: Path) -> None:
        from psycopg import pq

        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        pgconn.trace(fd)
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)

    def _flush(self) -> dict[Path, int]:
        sizes = {}
        for pgconn, path in self.traced:
            pgconn.untrace()  # flushes libpq's buffered trace stream
            sizes[path] = path.stat().st_size
            self._trace(pgconn, path)
        return sizes

    def measure(self, send) -> dict:
        self.statements.clear()
        self.boundaries.clear()
        start = self._flush()
        self.on = True
        try:
            status = send()
        finally:
            self.on = False
        end = self._flush()
        wire: Counter[str] = Counter()
        for path, size in end.items():
            with path.open("rb") as fh:
                fh.seek(start.get(path, 0))
                chunk = fh.read(size - start.get(path, 0)).decode(errors="replace")
            for line in chunk.splitlines():
                # "F <length> <message> <fields>": F is the client, the message its type
                parts = line.split("\t")
                if len(parts) >= 3 and parts[0] == "F" and parts[2] in ("Query", "Sync"):
                    wire[parts[2]] += 1
                    if parts[2] == "Query":
                        wire["query: " + parts[3].strip().strip('"')[:40]] += 1
        return {
            "status": status,
            "statements": list(self.statements),
            "boundaries": dict(self.boundaries),
            "wire": wire,
        }


def backend_cpu_s(pids: list[int]) -> float | None:
    """User + system CPU of the PostgreSQL backends (same machine only, from /proc)."""
    total = 0
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    except (OSError, IndexError, ValueError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


def relation_bytes(engine) -> Counter[str]:
    """Bytes of each table with its indexes and TOAST (partitions under their table)."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT coalesce(parent.relname, c.relname), pg_total_relation_size(c.oid) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_inherits i ON i.inhrelid = c.oid "
            "LEFT JOIN pg_class parent ON parent.oid = i.inhparent "
            "WHERE c.relkind = 'r' AND n.nspname IN ('public', 'partitions')"
        ).all()
    sizes: Counter[str] = Counter()
    for table, size in rows:
        sizes[table] += size
    return sizes


def order_body(n: int, lines: int) -> dict:
    """The order `order_throughput.py` sends: a new customer and address each time."""
    return {
        "channel": "web",
        "currency": "EUR",
        "external_id": f"rt-{n}",
        "customer": {"email": f"c{n}@example.com", "name": "Bench"},
        "ship_to": {
            "name": "B",
            "line1": f"{n} St",
            "city": "Leeds",
            "postal_code": "LS1",
            "country": "GB",
            "lat": 53.8,
            "lon": -1.55,
        },
        "lines": [
            {"sku": f"SKU-{(n * 7 + k * 61) % 200}", "quantity": 1, "unit_price": 1000}
            for k in range(lines)
        ],
    }


class Placer:
    """POST /v1/orders through the real app in-process, counted by `Counting`."""

    def __init__(self, url: str, key: str, lines: int) -> None:
        self.engine = make_engine(url)
        self.counting = Counting(self.engine, Path(tempfile.mkdtemp(prefix="round_trips_")))
        self.client = TestClient(create_app(self.engine, webhooks_enabled=False))  # no lifespan
        self.headers = {"Authorization": f"Bearer {key}"}
        self.lines, self.n = lines, 0

    def place(self) -> int:
        self.n += 1
        r = self.client.post(
            "/v1/orders",
            json=order_body(self.n, self.lines),
            headers={**self.headers, "Idempotency-Key": f"rt-{self.n}"},
        )
        return r.status_code

    def count(self, orders: int, warmup: int) -> list[dict]:
        for _ in range(warmup):
            assert self.place() == 201
        runs = [self.counting.measure(self.place) for _ in range(orders)]
        assert all(r["status"] == 201 for r in runs), [r["status"] for r in runs]
        return runs


def wire_round_trips(run: dict) -> int:
    return run["wire"]["Query"] + run["wire"]["Sync"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=5, help="orders counted after the warm-up")
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--lines", type=int, default=1, help="order lines per order")
    ap.add_argument(
        "--cost-orders",
        type=int,
        default=300,
        help="orders timed afterwards (tracing off) for CPU and bytes per order",
    )
    ap.add_argument("--partitioned", action="store_true")
    args = ap.parse_args()
    if args.partitioned:
        os.environ["ORDERMIND_PARTITION_BY_MONTH"] = "1"
    url = recreate_pg("ordermind_round_trips")
    placer = Placer(url, seed(url), args.lines)
    counting, engine = placer.counting, placer.engine
    runs = placer.count(args.orders, args.warmup)

    # The cost of an order, tracing off: one client, one order at a time (no contention).
    for pgconn, _ in counting.traced:
        pgconn.untrace()
    pids = [pgconn.backend_pid for pgconn, _ in counting.traced]
    size0, db0 = relation_bytes(engine), backend_cpu_s(pids)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(args.cost_orders):
        assert placer.place() == 201
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    pids = [pgconn.backend_pid for pgconn, _ in counting.traced]
    db1 = backend_cpu_s(pids)
    size1 = relation_bytes(engine)
    engine.dispose()

    sa = [len(r["statements"]) + sum(r["boundaries"].values()) for r in runs]
    wire = [wire_round_trips(r) for r in runs]
    last = runs[-1]
    per = 1000 / args.cost_orders
    print(
        f"POST /v1/orders ({args.lines} line{'s' if args.lines > 1 else ''}) on PostgreSQL"
        f"{' (partitioned tables)' if args.partitioned else ''}, "
        f"{args.orders} orders counted after {args.warmup} warm-up orders"
    )
    print(f"round trips per order, SQLAlchemy statements + BEGIN/COMMIT: {sa}")
    print(f"round trips per order, libpq wire (Query + Sync messages):   {wire}")
    print(f"last order: {len(last['statements'])} statements, {last['boundaries']}")
    for name, count in Counter(last["statements"]).items():
        print(f"  {count} x {name}")
    simple = {k[7:]: v for k, v in last["wire"].items() if k.startswith("query: ")}
    print(f"  simple-protocol commands on the wire: {simple}")
    print(f"  extended-protocol exchanges (Sync) on the wire: {last['wire']['Sync']}")
    db = "n/a" if db0 is None or db1 is None else f"{(db1 - db0) * per:.2f} ms"
    growth = {k: (size1[k] - size0[k]) / args.cost_orders for k in size1}
    print(
        f"cost per order over {args.cost_orders} sequential orders: wall {wall * per:.2f} ms, "
        f"this process's CPU (app + in-process test client) {cpu * per:.2f} ms, "
        f"PostgreSQL backend CPU {db}, "
        f"table + index growth {sum(growth.values()):,.0f} bytes:"
    )
    print(
        "  "
        + ", ".join(
            f"{k} {v:,.0f}" for k, v in sorted(growth.items(), key=lambda kv: -kv[1]) if v > 0
        )
    )


if __name__ == "__main__":
    main()
