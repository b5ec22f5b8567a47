"""A long mixed load with kill -9 of an API worker every few minutes, then the store read
back: acknowledged orders lost, duplicates, first answers that were 5xx, 503s, latency per
operation (and its drift from the first to the last tenth of the run), server memory at
start and end, webhook events committed against delivered.

    .venv/bin/python benchmarks/soak.py [--minutes 30] [--backend sqlite|postgresql]
        [--clients 8] [--kill-every 120] [--out benchmarks/results/soak.md]

The load is orders (2-4 lines over six hot SKUs, each in a random order, a scarce SKU in
some), reads (one order, a page of the list), CSV documents to POST /v1/intake/documents,
and a webhook subscription delivering every event to a receiver on loopback. Every create
has its own Idempotency-Key and is retried with the same key and body after a connection
error or a 503 (honouring Retry-After). One worker lives the whole run (its memory is the
growth figure); the other is killed with SIGKILL every --kill-every seconds. PostgreSQL is
the server at $ORDERMIND_BENCH_PG (default postgresql://postgres@127.0.0.1:5432), in a
database `ordermind_soak` made afresh. Exit status 1 when anything that must be zero is not.
The harness is tests/e2e/faults.py and tests/e2e/loadcheck.py (the short fault tests use
the same code).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from faults import Server  # noqa: E402 - the harness lives beside the fault tests
from loadcheck import (  # noqa: E402 - as above
    HOT_SKUS,
    Call,
    Load,
    Op,
    OrderWorkload,
    StoreReport,
    WebhookReceiver,
    check_store,
    percentile,
    seed_store,
)

from ordermind.adapters.db import tables as t  # noqa: E402 - kept below the harness imports
from ordermind.adapters.db.engine import make_engine  # noqa: E402 - kept below the harness imports
from ordermind.adapters.db.migrate import upgrade  # noqa: E402 - kept below the harness imports

PG = os.environ.get("ORDERMIND_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
RESULTS = ROOT / "benchmarks" / "results" / "soak.md"


class MixedWorkload:
    """Orders, reads of orders placed earlier in the run, and CSV purchase orders."""

    WEIGHTS = (("order", 55), ("get", 20), ("list", 12), ("upload", 13))

    def __init__(self, run: str) -> None:
        self.run = run
        self.orders = OrderWorkload(run)
        self.acked: list[int] = []
        self.lock = threading.Lock()
        self.kinds = [k for k, w in self.WEIGHTS for _ in range(w)]

    def next(self, rng: random.Random, i: int) -> Op:
        kind = rng.choice(self.kinds)
        if kind == "get":
            with self.lock:
                oid = rng.choice(self.acked) if self.acked else None
            if oid is not None:
                return Op("get", "GET", f"/v1/orders/{oid}")
            kind = "order"
        if kind == "list":
            return Op("list", "GET", "/v1/orders", params={"channel": "soak", "limit": 50})
        if kind == "upload":
            return self.upload(rng, i)
        return self.orders.order(rng, i)

    def upload(self, rng: random.Random, i: int) -> Op:
        po = f"PO-{self.run}-{i}"
        skus = rng.sample(HOT_SKUS, rng.randint(1, 3))
        rows = "".join(
            f"SOAK,{po},Soak Ltd,1 Dock Rd,Leeds,LS1 1AA,GB,{s},Product {s},{rng.randint(1, 4)}\n"
            for s in skus
        )
        body = (
            "Customer ID,PO Number,Ship To,Address,City,Postcode,Country,SKU,Description,"
            "Quantity\n" + rows
        ).encode()
        return Op(
            "upload",
            "POST",
            "/v1/intake/documents",
            content=body,
            params={"channel": "edi", "filename": f"{po}.csv", "format": "csv"},
            key=f"{self.run}-u{i}",
            external_id=po,
        )

    def record(self, call: Call) -> None:
        if call.op.kind == "order" and call.acked and call.order_id is not None:
            with self.lock:
                self.acked.append(call.order_id)


def fresh_database(backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='ordermind-soak-')) / 'soak.db'}"
    admin = make_engine(f"{PG}/postgres", pool_size=1).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "ordermind_soak" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "ordermind_soak"'))
    admin.dispose()
    return f"{PG}/ordermind_soak"


class Killer(threading.Thread):
    """SIGKILL the worker that is not the long-lived one, every `every` seconds."""

    def __init__(self, server: Server, keep: int, every: float) -> None:
        super().__init__(name="killer", daemon=True)
        self.server, self.keep, self.every = server, keep, every
        self.kills: list[tuple[float, int]] = []
        self.stop = threading.Event()
        self.t0 = time.monotonic()

    def run(self) -> None:
        while not self.stop.wait(self.every):
            victims = [p for p in self.server.worker_pids() if p != self.keep]
            if victims:
                self.server.kill_worker(victims[0])
                self.kills.append((time.monotonic() - self.t0, victims[0]))


def webhook_gap(url: str, receiver: WebhookReceiver, since: int, timeout: float) -> dict:
    """Wait for the dispatcher to catch up (until nothing is missing, or no progress for a
    minute, or `timeout`), then compare committed events with deliveries. An event the
    subscription's cursor has passed with no delivery row was skipped for good; one past
    the cursor, or with a pending row, is late."""
    engine = make_engine(url, pool_size=1)
    e, d, s = t.order_events, t.webhook_deliveries, t.webhook_subscriptions
    started = time.monotonic()
    last_progress, last_count = started, -1
    while True:
        with engine.connect() as conn:
            committed = set(conn.execute(select(e.c.id).where(e.c.id > since)).scalars())
        got = receiver.event_ids()
        missing = committed - set(got)
        now_ = time.monotonic()
        if len(got) != last_count:
            last_progress, last_count = now_, len(got)
        if not missing or now_ - started > timeout or now_ - last_progress > 60:
            break
        time.sleep(2)
    with engine.connect() as conn:
        # the cursor moves in (transaction, id) order on PostgreSQL, id order on SQLite
        cur = conn.execute(select(s.c.cursor_tx, s.c.cursor)).one()
        cursor = (cur.cursor_tx or 0, cur.cursor)
        rows = {r.event_id: r.status for r in conn.execute(select(d.c.event_id, d.c.status))}
        position = (
            {
                r.id: (r.tx or 0, r.id)
                for r in conn.execute(select(e.c.id, e.c.tx).where(e.c.id.in_(sorted(missing))))
            }
            if missing
            else {}
        )
    engine.dispose()
    passed = {m for m in missing if position.get(m, (0, m)) <= cursor}
    return {
        "committed": len(committed),
        "delivered": len(set(got) & committed),
        "missing": len(missing),
        "skipped": sum(1 for m in passed if m not in rows),
        "pending": sum(1 for m in missing if rows.get(m) == "pending"),
        "not_enqueued": len(missing - passed),
        "failed": sum(1 for m in missing if rows.get(m) == "failed"),
        "drain_s": time.monotonic() - started,
        "redelivered": sum(n - 1 for n in got.values() if n > 1),
        "bad_signatures": receiver.bad_signatures(),
    }


def latency_table(calls: list[Call], seconds: float) -> list[dict]:
    rows = []
    tenth = seconds / 10
    for kind in ("order", "get", "list", "upload"):
        answered = [
            a for c in calls if c.op.kind == kind for a in c.attempts if a.status is not None
        ]
        if not answered:
            continue
        lat = [a.seconds * 1000 for a in answered]
        first = [a.seconds * 1000 for a in answered if a.at < tenth]
        last = [a.seconds * 1000 for a in answered if a.at >= seconds - tenth]
        p99_first, p99_last = percentile(first, 99), percentile(last, 99)
        rows.append(
            {
                "op": kind,
                "ops": sum(1 for c in calls if c.op.kind == kind),
                "per_s": sum(1 for c in calls if c.op.kind == kind) / seconds,
                "p50": percentile(lat, 50),
                "p99": percentile(lat, 99),
                "p99_drift": (p99_last / p99_first) if p99_first and p99_last else None,
                "statuses": dict(Counter(c.status for c in calls if c.op.kind == kind)),
            }
        )
    return rows


def run(args: argparse.Namespace) -> tuple[dict, bool]:
    url = fresh_database(args.backend)
    upgrade(url)
    key = seed_store(url, hot_stock=10**7)
    log = Path(tempfile.mkdtemp(prefix="ordermind-soak-log-")) / "server.log"
    env = {
        "ORDERMIND_WEBHOOKS": "1",
        "ORDERMIND_WEBHOOK_INTERVAL": "1.0",
        "ORDERMIND_WEBHOOK_ALLOW": "127.0.0.1",  # the receiver is on loopback
        "ORDERMIND_SECRET_KEY": os.environ.get("ORDERMIND_SECRET_KEY") or secrets.token_urlsafe(48),
    }
    server = Server(url, log, env=env)
    server.start()
    secret = secrets.token_urlsafe(24)
    receiver = WebhookReceiver(secret).start()
    with httpx.Client(
        base_url=server.base, headers={"Authorization": f"Bearer {key}"}, timeout=30
    ) as client:
        r = client.post("/v1/webhooks", json={"url": receiver.url, "secret": secret})
        r.raise_for_status()
    engine = make_engine(url, pool_size=1)
    with engine.connect() as conn:  # events from the subscription on (ids after this)
        since = conn.execute(select(func.coalesce(func.max(t.order_events.c.id), 0))).scalar_one()
    engine.dispose()

    workers = server.worker_pids()
    keep = workers[0]
    seconds = args.minutes * 60
    workload = MixedWorkload(f"soak{int(time.time())}")
    load = Load(
        server.base, key, workload, clients=args.clients, seconds=seconds, give_up_after=120
    ).start()
    killer = Killer(server, keep, args.kill_every) if args.kill_every > 0 else None
    if killer:
        killer.start()
    rss_start = server.rss()
    rss_max = sum(rss_start.values())
    rss_keep = [rss_start.get(keep, 0)]  # the long-lived worker, each minute
    started = time.monotonic()
    next_print = started + 60
    try:
        while load.running:
            time.sleep(5)
            rss = server.rss()
            rss_max = max(rss_max, sum(rss.values()))
            if time.monotonic() >= next_print:
                next_print += 60
                rss_keep.append(rss.get(keep, 0))
                print(
                    f"  {(time.monotonic() - started) / 60:5.1f} min: {load.done} ops, "
                    f"kills {len(killer.kills) if killer else 0}, long-lived worker "
                    f"{rss.get(keep, 0) / 1024:.0f} MiB",
                    flush=True,
                )
        calls = load.join(timeout=600)
    finally:
        load.stop()
        if killer:
            killer.stop.set()
    rss_end = server.rss()
    hooks = webhook_gap(url, receiver, since, timeout=args.drain_timeout)
    logged = server.errors_logged()
    server.stop()
    receiver.stop()

    report = check_store(url, calls)
    reads_missing = sum(1 for c in calls if c.op.kind == "get" and c.status == 404)
    documents = Counter(
        ((c.body or {}).get("documents") or [{}])[0].get("status")
        for c in calls
        if c.op.kind == "upload" and c.acked
    )
    result = {
        "backend": args.backend,
        "minutes": args.minutes,
        "clients": args.clients,
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "database": url,
        "log": str(log),
        "report": report,
        "latency": latency_table(calls, seconds),
        "kills": len(killer.kills) if killer else 0,
        "kill_every": args.kill_every,
        "rss_keep_start": rss_start.get(keep, 0),
        "rss_keep_series": rss_keep,
        "rss_keep_end": rss_end.get(keep, 0),
        "keep_alive": keep in rss_end,
        "rss_total_start": sum(rss_start.values()),
        "rss_total_end": sum(rss_end.values()),
        "rss_total_max": rss_max,
        "webhooks": hooks,
        "reads_missing": reads_missing,
        "documents": dict(documents),
        "server_errors": len(logged),
        "server_error_examples": logged[:3],
    }
    ok = (
        not report.failures()
        and report.unanswered == 0
        and reads_missing == 0
        and hooks["missing"] == 0
        and hooks["bad_signatures"] == 0
    )
    return result, ok


def _ms(v: float | None) -> str:
    return "-" if v is None else f"{v:,.1f}"


def summary(res: dict, ok: bool) -> str:
    r: StoreReport = res["report"]
    h = res["webhooks"]
    lines = [
        f"### {res['backend']}: {res['minutes']} min, {res['clients']} clients, "
        f"kill -9 of a worker every {res['kill_every']} s ({res['kills']} kills) "
        f"- {res['when']}",
        "",
        "| what | value |",
        "|---|---|",
        f"| creates (orders + uploads) | {r.requests:,} ({r.acked:,} acknowledged, refused "
        f"{dict(r.refused) or 0}, never answered {r.unanswered}) |",
        f"| acknowledged orders lost | **{len(r.lost)}** |",
        f"| duplicates (per key / external id / PO) | **{len(r.duplicates)}** |",
        f"| orders stored without an acknowledgement | {r.stored_unanswered} after no answer, "
        f"**{len(r.stored_after_refusal)}** after a refusal |",
        f"| first answers 5xx (not 503 + Retry-After) | **{sum(r.first_5xx.values())}** "
        f"{dict(r.first_5xx) or ''} |",
        f"| first answers 503 + Retry-After | {r.first_503_retry_after} |",
        f"| all 503 + Retry-After answers / other 5xx answers | {r.answers_503_retry_after} / "
        f"{dict(r.answers_5xx) or 0} |",
        f"| attempts without an HTTP answer (kills) | {r.transport_errors} |",
        f"| idempotent replays | {r.replays} |",
        f"| uploaded documents by outcome | {res['documents']} |",
        f"| reads of an acknowledged order answered 404 | **{res['reads_missing']}** |",
        f"| stock, line-bucket, timeline invariants broken | **{len(r.invariants)}** |",
        f"| webhook events committed / delivered / missing | {h['committed']:,} / "
        f"{h['delivered']:,} / **{h['missing']}** after waiting {h['drain_s']:.0f} s for the "
        f"dispatcher (missing: skipped by the cursor **{h['skipped']}**, pending "
        f"{h['pending']}, not yet enqueued {h['not_enqueued']}, failed {h['failed']}; "
        f"redelivered {h['redelivered']}, bad signatures {h['bad_signatures']}) |",
        f"| RSS of the worker never killed, start -> end | {res['rss_keep_start'] / 1024:,.0f}"
        f" -> {res['rss_keep_end'] / 1024:,.0f} MiB"
        + ("" if res["keep_alive"] else " (it died!)")
        + " |",
        "| the same, each minute (MiB) | "
        + " ".join(f"{v / 1024:.0f}" for v in res["rss_keep_series"])
        + " |",
        f"| RSS master + workers, start -> end (max) | {res['rss_total_start'] / 1024:,.0f} -> "
        f"{res['rss_total_end'] / 1024:,.0f} MiB ({res['rss_total_max'] / 1024:,.0f}) |",
        f"| errors in the server log | {res['server_errors']} |",
        "",
        "| operation | ops | ops/s | p50 ms | p99 ms | p99 last tenth / first tenth | "
        "final statuses |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in res["latency"]:
        drift = "-" if row["p99_drift"] is None else f"{row['p99_drift']:.2f}"
        lines.append(
            f"| {row['op']} | {row['ops']:,} | {row['per_s']:.1f} | {_ms(row['p50'])}"
            f" | {_ms(row['p99'])} | {drift} | {row['statuses']} |"
        )
    lines += ["", f"Verdict: {'PASS' if ok else 'FAIL'}"]
    failures = r.failures()
    if failures:
        lines.append("; ".join(failures))
    if res["server_error_examples"]:
        lines.append(f"Server log errors, first: {res['server_error_examples']}")
    return "\n".join(lines)


HEADER = """# Soak: mixed load with kill -9, read back

Reproduce (each back end; the machine has 2 cores, shared):

    .venv/bin/python benchmarks/soak.py --minutes 30 --backend sqlite
    .venv/bin/python benchmarks/soak.py --minutes 30 --backend postgresql

What it does: see the docstring of benchmarks/soak.py. "First answers 5xx" counts, per
logical request, the first HTTP answer it got when that was a 5xx other than 503 with
Retry-After; 503 with Retry-After is the advertised "retry shortly" and is counted apart.
Latency is per answered attempt (server view); a create retried after a kill counts each
attempt. Each section below is replaced by the next run on that back end.
"""


def write_results(path: Path, backend: str, text_: str) -> None:
    old = path.read_text() if path.exists() else HEADER
    start, end = f"<!-- soak:{backend} -->", f"<!-- /soak:{backend} -->"
    block = f"{start}\n{text_}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    new = (
        pattern.sub(lambda _: block, old)
        if pattern.search(old)
        else (old.rstrip() + "\n\n" + block + "\n")
    )
    path.write_text(new)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument(
        "--kill-every",
        type=float,
        default=120,
        help="seconds between kill -9 of a worker (0: never)",
    )
    ap.add_argument(
        "--drain-timeout",
        type=float,
        default=900,
        help="at most this long to wait for webhook deliveries after the load",
    )
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    if args.minutes <= 0 or args.clients <= 0:
        print("soak: --minutes and --clients must be positive", file=sys.stderr)
        raise SystemExit(2)
    print(f"soak: {args.backend}, {args.minutes:g} min, {args.clients} clients", flush=True)
    res, ok = run(args)
    text_ = summary(res, ok)
    print(text_)
    write_results(args.out, args.backend, text_)
    print(f"written to {args.out}; database {res['database']}, server log {res['log']}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
