"""A worker's CPU per order on PostgreSQL, in process: the real app (edge middleware, the
order fast path, its thread, the service, the two statements) called as uvicorn calls it,
one order after another, without the HTTP parser or a load generator on the same cores.

CPU time is the process's own (`time.process_time`), so other jobs on a shared machine
move it much less than they move orders/s; the reference is the same loop's wall time per
order, which the database's round trips dominate.

    .venv/bin/python benchmarks/order_cpu.py [--orders 1500] [--lines 1] [--profile out.prof]

`--profile` writes a cProfile of the loop for `python -m pstats` (CPU-time clock; it sees
the event loop's thread only, not the order's thread).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from order_throughput import recreate_pg, seed  # noqa: E402


def body(n: int, lines: int) -> bytes:
    """The order order_throughput.py sends."""
    return orjson.dumps(
        {
            "channel": "web",
            "currency": "EUR",
            "external_id": f"cpu-{n}",
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
    )


async def place(app, key: str, n: int, lines: int, statuses: list[int]) -> None:
    data = body(n, lines)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/orders",
        "raw_path": b"/v1/orders",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"bench"),
            (b"content-type", b"application/json"),
            (b"authorization", f"Bearer {key}".encode()),
            (b"idempotency-key", f"cpu-{n}".encode()),
            (b"content-length", str(len(data)).encode()),
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}
        await asyncio.Event().wait()  # no disconnect: the response is awaited
        raise AssertionError("unreachable")

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)


async def run(app, key: str, orders: int, lines: int, profile: str | None) -> None:
    statuses: list[int] = []
    for n in range(200):  # warm-up: pools, caches, prepared statements
        await place(app, key, 10**7 + n, lines, statuses)
    profiler = cProfile.Profile(time.thread_time) if profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    for n in range(orders):
        await place(app, key, n, lines, statuses)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    answered = {s: statuses.count(s) for s in sorted(set(statuses))}
    print(f"{orders} orders of {lines} line(s), answers {answered}")
    print(
        f"worker CPU per order {cpu / orders * 1000:.3f} ms; wall per order "
        f"{wall / orders * 1000:.3f} ms (CPU / wall {cpu / wall:.2f})"
        + (" (profiled)" if profiler else "")
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1500)
    ap.add_argument("--lines", type=int, default=1)
    ap.add_argument("--profile", default=None)
    args = ap.parse_args()
    url = recreate_pg("ordermind_order_cpu")
    key = seed(url)
    os.environ["DATABASE_URL"] = url
    os.environ["ORDERMIND_WEBHOOKS"] = "0"
    from ordermind.entrypoints.http_app import create_app

    app = create_app()
    asyncio.run(run(app, key, args.orders, args.lines, args.profile))


if __name__ == "__main__":
    main()
