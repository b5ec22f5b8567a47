"""Orders per second over HTTP against PostgreSQL, as a ratio to pgbench TPS on the same
server in the same run; then the same on the embedded SQLite.

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
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", os.getenv("OM_RUN") .. "-" .. threads)
end
request = function()
  n = n + 1
  local sku = "SKU-" .. tostring(n % %SKUS%)
  local body = '{"channel":"web","currency":"EUR","external_id":"' .. tid .. '-' .. n .. '",' ..
    '"customer":{"email":"c' .. n .. '@example.com","name":"Bench"},' ..
    '"ship_to":{"name":"B","line1":"1 St","city":"Leeds","postal_code":"LS1",' ..
    '"country":"GB","lat":53.8,"lon":-1.55},' ..
    '"lines":[{"sku":"' .. sku .. '","quantity":1,"unit_price":1000}]}'
  return wrk.format("POST", "/v1/orders", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
    ["Idempotency-Key"] = tid .. "-" .. n}, body)
end
"""


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
            "ordermind.adapters.http.asgi:app",
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


def run_wrk(base: str, key: str, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA.replace("%SKUS%", str(SKUS)))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", fh.name, base],
        env={**os.environ, "OM_KEY": key, "OM_RUN": f"{time.time_ns()}"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
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


def count_orders(url: str) -> int:
    engine = make_engine(url, pool_size=1)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(t.orders)).scalar_one()
    engine.dispose()
    return n


def bench(url: str, workers: int, seconds: int, connections: int) -> dict:
    key = seed(url)
    proc, base = serve(url, workers)
    try:
        run_wrk(base, key, 3, connections)  # warm-up: connection pools, caches
        before = count_orders(url)
        result = run_wrk(base, key, seconds, connections)
        result["stored"] = count_orders(url) - before
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    for tool in ("wrk", "pgbench"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install wrk postgresql-client)")

    pg = bench(recreate_pg("ordermind_bench"), args.workers, args.seconds, args.connections)
    tps = run_pgbench(args.seconds, args.connections)
    tmp = Path(tempfile.mkdtemp()) / "bench.db"
    lite = bench(f"sqlite:///{tmp}", args.workers, args.seconds, args.connections)

    print(f"pgbench TPC-B-like (scale 10, {args.connections} clients): {tps:,.0f} TPS")
    for name, r in (("PostgreSQL", pg), ("SQLite", lite)):
        print(
            f"{name:<10} orders/s {r['rps']:>8,.0f}  p50 {r['p50_ms']:.1f} ms  "
            f"p99 {r['p99_ms']:.1f} ms  ratio to pgbench TPS {r['rps'] / tps:.3f}  "
            f"(requests {r['requests']}, non-2xx {r['non_2xx']}, orders stored {r['stored']})"
        )


if __name__ == "__main__":
    main()
