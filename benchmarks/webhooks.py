"""Webhook and NATS delivery from the outbox under order load on PostgreSQL (issue 17).

Two runs in one invocation, each on a fresh PostgreSQL database served by uvicorn (two
workers, the webhook dispatcher running in each, as in production). 16 clients place
orders over real HTTP for --seconds while the outbox delivers every event ("*") to:

- a healthy receiver (a real HTTP server on loopback, answers 204 at once),
- a flapping receiver: new deliveries are answered 500 and 200 alternately, and a
  webhook-id it refused once is accepted on its retry (so the five-minute second retry
  step of `retries.SCHEDULE` does not make the run unbounded),
- NATS JetStream at 127.0.0.1:4222 (a fresh stream; `Nats-Msg-Id` is the webhook-id),
- a neighbour receiver: in the first run (the reference) it answers at once, in the
  second it takes --slow-delay seconds (2) per delivery while the orders are placed, then
  recovers so that its backlog can drain. Both runs have the same four subscriptions, so
  the only difference is the slowness.

The figure: the healthy receiver's lag (event committed, i.e. its `occurred_at`, to
received) p99 with the slow neighbour / in the reference run.

After the load the run waits (up to --drain) until every live subscription has every
committed event, counted on the receivers' side by webhook-id
(and in the JetStream stream, de-duplicated by Nats-Msg-Id), then prints per subscription:
distinct events, duplicates (always with the same webhook-id: a receipt whose webhook-id
is not `msg_<event id>` is counted as a fault), bad signatures, and events/s delivered
while the orders were placed, as a ratio to the events/s committed. Exits 1 if any
committed event is missing for any live subscription.

    PYTHONPATH=src .venv/bin/python benchmarks/webhooks.py [--seconds 12] [--clients 16]
        [--slow-delay 2] [--drain 90]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import nats
import orjson
from nats.js.api import StreamConfig
from sqlalchemy import select, text

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.migrate import upgrade
from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.webhooks.signing import verify

PG = os.environ.get("ORDERMIND_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
NATS = "nats://127.0.0.1:4222"
SKUS = [f"SKU-{i:03d}" for i in range(20)]
# the served app seals webhook secrets with this key and may post to loopback receivers
os.environ.setdefault("ORDERMIND_SECRET_KEY", secrets.token_urlsafe(48))


# -- receivers ---------------------------------------------------------------------------


class Receiver:
    """A real HTTP server on loopback recording every 2xx receipt (time, headers, body)."""

    def __init__(self, name: str, slow_delay: float = 0.0, flapping: bool = False) -> None:
        self.name = name
        self.slow_delay = slow_delay  # set to 0 to recover
        self.flapping = flapping
        self.got: list[tuple[float, dict[str, str], bytes]] = []
        self.refused: set[str] = set()
        self.answers: Counter[int] = Counter()
        self._n = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as httpx's pool expects

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.answer(dict(self.headers), body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        at = time.time()
        if self.slow_delay:
            time.sleep(self.slow_delay)
        msg_id = headers.get("webhook-id", "")
        with self._lock:
            status = 204
            if self.flapping and msg_id not in self.refused:
                self._n += 1
                if self._n % 2:
                    self.refused.add(msg_id)
                    status = 500
            if status == 204:
                self.got.append((at, headers, body))
            self.answers[status] += 1
        return status

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class NatsWatch:
    """A core NATS subscription to the stream's subjects, on its own loop in a thread:
    when each message arrived (JetStream stores; this sees every publish, duplicates too)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.got: list[tuple[float, str, bytes]] = []
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._done: asyncio.Event | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        if not self._ready.wait(10):
            raise SystemExit(f"cannot subscribe to {NATS}")

    def _run(self) -> None:
        self.loop.run_until_complete(self._main())

    async def _main(self) -> None:
        nc = await nats.connect(NATS, connect_timeout=3)
        self._done = asyncio.Event()

        async def on(msg) -> None:
            self.got.append((time.time(), (msg.headers or {}).get("Nats-Msg-Id", ""), msg.data))

        await nc.subscribe(f"{self.prefix}.>", cb=on)
        await nc.flush()
        self._ready.set()
        await self._done.wait()
        await nc.close()

    def close(self) -> None:
        if self._done is not None:
            self.loop.call_soon_threadsafe(self._done.set)
        self.thread.join(timeout=10)


async def _js(action):
    nc = await nats.connect(NATS, connect_timeout=3)
    try:
        return await action(nc.jetstream())
    finally:
        await nc.close()


def add_stream(prefix: str) -> None:
    async def add(js):
        await js.add_stream(StreamConfig(name=prefix.upper(), subjects=[f"{prefix}.>"]))

    asyncio.run(_js(add))


def stream_ids(prefix: str) -> tuple[int, list[str]]:
    """(messages the stream holds, the Nats-Msg-Id of each), then the stream is deleted."""

    async def read(js):
        name = prefix.upper()
        info = await js.stream_info(name)
        ids: list[str] = []
        seqs = list(range(info.state.first_seq, info.state.last_seq + 1))
        for i in range(0, len(seqs), 200):
            msgs = await asyncio.gather(*(js.get_msg(name, s) for s in seqs[i : i + 200]))
            ids += [(m.headers or {}).get("Nats-Msg-Id", "") for m in msgs]
        await js.delete_stream(name)
        return info.state.messages, ids

    return asyncio.run(_js(read))


# -- the served app ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database() -> str:
    name = "ordermind_bench_webhooks"
    admin = make_engine(f"{PG}/postgres", pool_size=1).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = f"{PG}/{name}"
    upgrade(url)
    return url


def serve(url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ORDERMIND_WEBHOOKS": "1",
        "ORDERMIND_WEBHOOK_ALLOW": "127.0.0.1",
    }
    argv = [sys.executable, "-m", "uvicorn", "ordermind.entrypoints.asgi:app"]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    argv += ["--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {log.read_text()[-2000:]}")


def seed(c: httpx.Client) -> None:
    c.put("/v1/nodes/N1", json={"name": "N1", "lat": 51.5, "lon": -0.1}).raise_for_status()
    for sku in SKUS:
        c.put(f"/v1/products/{sku}", json={"name": sku, "price": 100}).raise_for_status()
        c.put(
            f"/v1/inventory/N1/{sku}", json={"on_hand": 10_000_000, "safety_stock": 0}
        ).raise_for_status()


def order(i: int) -> dict:
    return {
        "channel": "web",
        "currency": "EUR",
        "external_id": f"wh-{i}",
        "customer": {"email": f"wh{i}@example.com"},
        "ship_to": {
            "name": "C",
            "line1": "1 St",
            "city": "London",
            "postal_code": "E1",
            "country": "GB",
            "lat": 51.5,
            "lon": -0.1,
        },
        "lines": [{"sku": SKUS[i % len(SKUS)], "quantity": 1, "unit_price": 100}],
    }


def place_orders(base: str, headers: dict, seconds: float, first: int, codes: Counter) -> None:
    with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
        deadline = time.monotonic() + seconds
        i = first
        while time.monotonic() < deadline:
            r = c.post("/v1/orders", json=order(i), headers={"Idempotency-Key": f"wh{i}"})
            codes[r.status_code] += 1
            i += 1


# -- counting ----------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def committed(engine, before: set[int]) -> dict[int, float]:
    """Every event committed since the subscriptions were made: id -> occurred_at."""
    e = t.order_events
    with engine.connect() as conn:
        rows = conn.execute(select(e.c.id, e.c.created_at)).all()
    out = {}
    for ev_id, at in rows:
        if ev_id not in before:
            out[ev_id] = (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()
    return out


def queue_stages(engine, sub_id: int) -> tuple[list[float], list[float]]:
    """Where the healthy receiver's lag goes: event committed -> its delivery row queued
    (the dispatcher's pass), and queued -> delivered (the subscription's delivery task)."""
    d, e = t.webhook_deliveries, t.order_events
    q = select(e.c.created_at, d.c.created_at, d.c.delivered_at).join(e, e.c.id == d.c.event_id)
    with engine.connect() as conn:
        rows = conn.execute(q.where(d.c.subscription_id == sub_id, d.c.status == "delivered"))
        pairs = [(b - a, c - b) for a, b, c in rows]
    return [x.total_seconds() for x, _ in pairs], [y.total_seconds() for _, y in pairs]


class Tally:
    """What one subscription received: first arrival per webhook-id, receipts, faults."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.first: dict[int, float] = {}
        self.receipts = 0
        self.wrong_ids = 0  # a webhook-id that is not msg_<its event's id>
        self.bad_signatures = 0

    def add(self, at: float, msg_id: str, body: bytes) -> None:
        self.receipts += 1
        ev_id = int(orjson.loads(body)["id"])
        if msg_id != f"msg_{ev_id}":
            self.wrong_ids += 1
        self.first[ev_id] = min(at, self.first.get(ev_id, at))

    @property
    def duplicates(self) -> int:
        return self.receipts - len(self.first)


def tally_http(r: Receiver, secret: str) -> Tally:
    tl = Tally(r.name)
    for at, headers, body in list(r.got):
        tl.add(at, headers.get("webhook-id", ""), body)
        if not verify(secret, headers, body):
            tl.bad_signatures += 1
    return tl


def tally_nats(w: NatsWatch) -> Tally:
    tl = Tally("nats")
    for at, msg_id, body in list(w.got):
        tl.add(at, msg_id, body)
    return tl


# -- one run -----------------------------------------------------------------------------


def run(label: str, args: argparse.Namespace, slow_delay: float, app: tuple, n: int) -> dict:
    """One run on the served app: its own receivers, stream and subscriptions (deleted at
    the end, so that the next run's are the only live ones)."""
    engine, base, key = app
    prefix = f"ombench{secrets.token_hex(4)}"
    add_stream(prefix)
    watch = NatsWatch(prefix)
    healthy, flapping = Receiver("healthy"), Receiver("flapping", flapping=True)
    slow = Receiver("neighbour", slow_delay=slow_delay)
    receivers = [healthy, flapping, slow]
    headers = {"Authorization": f"Bearer {key}"}
    subs: dict[str, dict] = {}
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
            for r in receivers:
                made = c.post("/v1/webhooks", json={"url": r.url, "event_types": ["*"]})
                subs[r.name] = made.raise_for_status().json()
            made = c.post("/v1/webhooks", json={"url": f"{NATS}/{prefix}", "event_types": ["*"]})
            subs["nats"] = made.raise_for_status().json()
        with engine.connect() as conn:
            before = set(conn.execute(select(t.order_events.c.id)).scalars())
        codes: Counter[int] = Counter()
        load_start = time.time()
        clients = [
            threading.Thread(
                target=place_orders,
                args=(base, headers, args.seconds, n * 10**9 + k * 10**7, codes),
            )
            for k in range(args.clients)
        ]
        for th in clients:
            th.start()
        for th in clients:
            th.join()
        load_end = time.time()
        slow.slow_delay = 0.0  # recovers: its backlog may now drain
        events = committed(engine, before)
        want = set(events)
        want_ids = {f"msg_{e}" for e in want}
        deadline = time.monotonic() + args.drain
        while time.monotonic() < deadline:
            got = [{h.get("webhook-id") for _, h, _ in list(r.got)} for r in receivers]
            got.append({msg_id for _, msg_id, _ in list(watch.got)})
            if all(want_ids <= g for g in got):
                break
            time.sleep(0.5)
        drained = time.time() - load_end
        time.sleep(2)  # late duplicates, if any, are counted too
        tallies = [tally_http(r, subs[r.name]["secret"]) for r in receivers]
        tallies.append(tally_nats(watch))
        stages = queue_stages(engine, subs["healthy"]["id"])
    finally:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
            for sub in subs.values():
                c.delete(f"/v1/webhooks/{sub['id']}").raise_for_status()
        watch.close()
        for r in receivers:
            r.close()
    stored, stream_msg_ids = stream_ids(prefix)
    load_events = [e for e, at in events.items() if at <= load_end]
    out: dict = {
        "label": label,
        "orders": codes[201],
        "codes": dict(codes),
        "events": len(events),
        "committed_per_s": len(load_events) / (load_end - load_start),
        "drained_s": drained,
        "stream_messages": stored,
        "stream_distinct": len(set(stream_msg_ids)),
        "stream_missing": len({f"msg_{e}" for e in want} - set(stream_msg_ids)),
        "subs": {},
    }
    for tl in tallies:
        in_load = [e for e, at in tl.first.items() if at <= load_end]
        out["subs"][tl.name] = {
            "distinct": len(want & set(tl.first)),
            "missing": len(want - set(tl.first)),
            "duplicates": tl.duplicates,
            "wrong_ids": tl.wrong_ids,
            "bad_signatures": tl.bad_signatures,
            "per_s": len(in_load) / (load_end - load_start),
            "lags": [tl.first[e] - events[e] for e in want & set(tl.first)],
        }
    out["answers"] = {r.name: dict(r.answers) for r in receivers}
    out["stages"] = stages
    return out


def report(res: dict) -> None:
    print(f"\n== run: {res['label']} ==")
    print(
        f"orders placed {res['orders']} (answers {res['codes']}); committed events "
        f"{res['events']} ({res['committed_per_s']:.1f}/s while placing); every live "
        f"subscription complete {res['drained_s']:.1f} s after the load ended"
    )
    print(
        f"{'subscription':<12} {'distinct':>8} {'missing':>7} {'dups':>5} {'bad id':>6} "
        f"{'bad sig':>7} {'events/s':>9} {'x commit':>8} {'lag p50':>8} {'lag p99':>8}"
    )
    for name, s in res["subs"].items():
        lags = s["lags"] or [float("nan")]
        print(
            f"{name:<12} {s['distinct']:>8} {s['missing']:>7} {s['duplicates']:>5} "
            f"{s['wrong_ids']:>6} {s['bad_signatures']:>7} {s['per_s']:>9.1f} "
            f"{s['per_s'] / max(res['committed_per_s'], 1e-9):>8.3f} "
            f"{statistics.median(lags):>7.2f}s {percentile(lags, 0.99):>7.2f}s"
        )
    print(
        f"JetStream stream: {res['stream_messages']} messages, {res['stream_distinct']} "
        f"distinct Nats-Msg-Id, {res['stream_missing']} committed events missing"
    )
    print(f"receiver answers: {res['answers']}")
    queued, sent = res["stages"]
    print(
        f"healthy lag by stage: committed -> queued p50 {statistics.median(queued):.2f} s "
        f"p99 {percentile(queued, 0.99):.2f} s; queued -> delivered p50 "
        f"{statistics.median(sent):.2f} s p99 {percentile(sent, 0.99):.2f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=12, help="order load per run")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--slow-delay", type=float, default=2.0, help="seconds per slow delivery")
    ap.add_argument("--drain", type=float, default=90, help="max wait for every delivery")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        url = database()
        engine = make_engine(url, pool_size=2)
        key = create_key(engine, Role.ADMIN)
        proc, base = serve(url, Path(d) / "server.log")
        try:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as c:
                seed(c)
            app = (engine, base, key)
            ref = run("reference: the neighbour answers at once", args, 0.0, app, 1)
            report(ref)
            slow_label = f"the neighbour takes {args.slow_delay:g} s a delivery"
            slow = run(slow_label, args, args.slow_delay, app, 2)
            report(slow)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
            engine.dispose()
    p99_ref = percentile(ref["subs"]["healthy"]["lags"], 0.99)
    p99_slow = percentile(slow["subs"]["healthy"]["lags"], 0.99)
    print(
        f"\nhealthy lag p99 with a slow neighbour / without: {p99_slow:.2f} s / "
        f"{p99_ref:.2f} s = x{p99_slow / p99_ref:.2f}"
    )
    missing = (
        sum(s["missing"] for res in (ref, slow) for s in res["subs"].values())
        + ref["stream_missing"]
        + slow["stream_missing"]
    )
    wrong = sum(
        s["wrong_ids"] + s["bad_signatures"] for r in (ref, slow) for s in r["subs"].values()
    )
    if missing or wrong:
        print(f"FAIL: {missing} committed deliveries missing, {wrong} wrong ids or signatures")
        sys.exit(1)
    print("every committed event reached every live subscription")


if __name__ == "__main__":
    main()
