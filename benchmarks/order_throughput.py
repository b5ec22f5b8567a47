"""Orders per second over HTTP against PostgreSQL, as a ratio to pgbench TPS on the same
server in the same run; then the same on the embedded SQLite. Three loads on each: one-line
orders, three-line orders, and three-line orders while 8 more connections read (order lists
and stock positions). The database round trips of one order (1 and 3 lines) are counted on
the wire and printed (see round_trips.py).

    .venv/bin/python benchmarks/order_throughput.py [--seconds 20] [--connections 32] [--workers 2]

Needs `wrk` (Debian package) and `pgbench` (PostgreSQL client). The load generator is wrk
(C, Lua body script) because a Python client tops out at a few hundred requests/s here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select, text

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.migrate import upgrade
from ordermind.adapters.db.sql import now
from ordermind.adapters.http.auth import Role, create_key

PG = os.environ.get("ORDERMIND_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
SKUS = 200

LUA = r"""
local n = 0
local key = os.getenv("OM_KEY")
local lines = tonumber(os.getenv("OM_LINES") or "1")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", os.getenv("OM_RUN") .. "-" .. threads)
end
request = function()
  n = n + 1
  local items = {}
  for k = 0, lines - 1 do
    -- distinct SKUs in a varying order: the realistic multi-line order
    local sku = "SKU-" .. tostring((n * 7 + k * 61) % %SKUS%)
    items[#items + 1] = '{"sku":"' .. sku .. '","quantity":1,"unit_price":1000}'
  end
  local body = '{"channel":"web","currency":"EUR","external_id":"' .. tid .. '-' .. n .. '",' ..
    '"customer":{"email":"c' .. tid .. n .. '@example.com","name":"Bench"},' ..
    '"ship_to":{"name":"B","line1":"' .. n .. ' St","city":"Leeds","postal_code":"LS1",' ..
    '"country":"GB","lat":53.8,"lon":-1.55},' ..
    '"lines":[' .. table.concat(items, ",") .. ']}'
  return wrk.format("POST", "/v1/orders", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
    ["Idempotency-Key"] = tid .. "-" .. n}, body)
end
"""

# Readers: the latest orders (a page of 20, whole aggregates) and one SKU's stock.
READ_LUA = r"""
local n = 0
local key = os.getenv("OM_KEY")
request = function()
  n = n + 1
  local path = "/v1/orders?limit=20"
  if n % 2 == 0 then path = "/v1/inventory?sku=SKU-" .. tostring(n % %SKUS%) end
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. key})
end
"""

LOADS = (("1 line", 1, 0), ("3 lines", 3, 0), ("3 lines + 8 readers", 3, 8))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_pg(name: str) -> str:
    admin = make_engine(f"{PG}/postgres", pool_size=1).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{PG}/{name}"


def seed(url: str) -> str:
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            t.nodes.insert(),
            [
                {
                    "code": f"N{i}",
                    "name": f"N{i}",
                    "kind": "warehouse",
                    "country": "GB",
                    "lat": 50.5 + i * 0.5,
                    "lon": -3 + i * 0.4,
                    "daily_capacity": 10**6,
                    "handling_cost": 100,
                    "can_ship": True,
                    "can_pickup": False,
                    "priority": i,
                    "active": True,
                    "updated_at": now(),
                }
                for i in range(10)
            ],
        )
        conn.execute(
            t.products.insert(),
            [
                {
                    "sku": f"SKU-{i}",
                    "name": f"Product {i}",
                    "price": 1000,
                    "currency": "EUR",
                    "tax_class": "standard",
                    "active": True,
                    "updated_at": now(),
                }
                for i in range(SKUS)
            ],
        )
        conn.execute(
            t.inventory.insert(),
            [
                {
                    "node": f"N{n}",
                    "sku": f"SKU-{i}",
                    "on_hand": 10**6,
                    "reserved": 0,
                    "safety_stock": 0,
                }
                for n in range(10)
                for i in range(SKUS)
            ],
        )
    key = create_key(engine, Role.ADMIN)
    # Statistics for the seeded tables, as pgbench's own initialisation does (VACUUM
    # ANALYZE): the planner otherwise plans the first orders on empty-table estimates.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
    engine.dispose()
    return key


def serve(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "ORDERMIND_WEBHOOKS": "0"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "ordermind.entrypoints.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def parse_latency(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _script(text_: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(text_.replace("%SKUS%", str(SKUS)))
    return fh.name


def _wrk(
    base: str, key: str, seconds: int, connections: int, script: str, lines: int = 1
) -> subprocess.Popen:
    return subprocess.Popen(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, base],
        env={**os.environ, "OM_KEY": key, "OM_RUN": f"{time.time_ns()}", "OM_LINES": str(lines)},
        stdout=subprocess.PIPE,
        text=True,
    )


def _parse(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: parse_latency(v, u) for p, v, u in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)", out)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "p50_ms": lat.get("50"),
        "p99_ms": lat.get("99"),
        "requests": total,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def run_wrk(
    base: str, key: str, seconds: int, connections: int, lines: int = 1, readers: int = 0
) -> dict:
    """Orders from `connections` connections; with `readers`, that many more connections
    read at the same time (their figures under "reads")."""
    orders = _wrk(base, key, seconds, connections, _script(LUA), lines)
    reads = _wrk(base, key, seconds, readers, _script(READ_LUA)) if readers else None
    result = _parse(orders.communicate()[0])
    if reads is not None:
        result["reads"] = _parse(reads.communicate()[0])
    return result


def run_pgbench(seconds: int, connections: int) -> float:
    url = recreate_pg("ordermind_pgbench")
    dsn = url.replace("postgresql://", "postgres://")
    subprocess.run(["pgbench", "-i", "-q", "-s", "10", dsn], check=True, capture_output=True)
    out = subprocess.run(
        ["pgbench", "-c", str(connections), "-j", "2", "-T", str(seconds), "-M", "prepared", dsn],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def analyze(url: str) -> None:
    engine = make_engine(url, pool_size=1)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def count_orders(url: str) -> int:
    engine = make_engine(url, pool_size=1)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(t.orders)).scalar_one()
    engine.dispose()
    return n


def bench(url: str, workers: int, seconds: int, connections: int, lines: int, readers: int) -> dict:
    key = seed(url)
    proc, base = serve(url, workers)
    try:
        run_wrk(base, key, 3, connections, lines)  # warm-up: connection pools, caches
        # Statistics of a store that has orders: planned on the empty tables of a fresh
        # database, PostgreSQL's foreign-key checks and look-ups scan whole tables while
        # they grow, until autovacuum analyzes them (about a minute in).
        analyze(url)
        run_wrk(base, key, 2, connections, lines)
        before = count_orders(url)
        result = run_wrk(base, key, seconds, connections, lines, readers)
        result["stored"] = count_orders(url) - before
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    return result


def round_trips(lines: int) -> list[int]:
    """Database round trips of one order on the wire (after a warm-up), 3 orders."""
    from round_trips import Placer, wire_round_trips

    url = recreate_pg("ordermind_round_trips")
    placer = Placer(url, seed(url), lines)
    try:
        return [wire_round_trips(r) for r in placer.count(orders=3, warmup=20)]
    finally:
        placer.engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    for tool in ("wrk", "pgbench"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install wrk postgresql-client)")
    sys.path.insert(0, str(Path(__file__).resolve().parent))

    results = []
    for name, lines, readers in LOADS:
        pg = bench(
            recreate_pg("ordermind_bench"),
            args.workers,
            args.seconds,
            args.connections,
            lines,
            readers,
        )
        tmp = Path(tempfile.mkdtemp()) / "bench.db"
        lite = bench(
            f"sqlite:///{tmp}", args.workers, args.seconds, args.connections, lines, readers
        )
        results.append((name, pg, lite))
    tps = run_pgbench(args.seconds, args.connections)
    trips = {n: round_trips(n) for n in (1, 3)}

    print(f"pgbench TPC-B-like (scale 10, {args.connections} clients): {tps:,.0f} TPS")
    print(
        f"database round trips per order on PostgreSQL (wire): 1 line {trips[1]}, "
        f"3 lines {trips[3]}"
    )
    for name, pg, lite in results:
        for backend, r in (("PostgreSQL", pg), ("SQLite", lite)):
            print(
                f"{name:<20} {backend:<10} orders/s {r['rps']:>7,.0f}  p50 {r['p50_ms']:.1f} ms  "
                f"p99 {r['p99_ms']:.1f} ms  ratio to pgbench TPS {r['rps'] / tps:.3f}  "
                f"(requests {r['requests']}, non-2xx {r['non_2xx']}, orders stored {r['stored']})"
            )
            if "reads" in r:
                rd = r["reads"]
                print(
                    f"{'':<20} {'':<10} reads/s  {rd['rps']:>7,.0f}  p50 {rd['p50_ms']:.1f} ms"
                    f"  p99 {rd['p99_ms']:.1f} ms  (non-2xx {rd['non_2xx']})"
                )


if __name__ == "__main__":
    main()
