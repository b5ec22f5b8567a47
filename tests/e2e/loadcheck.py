"""Load and read-back for the fault tests (tests/e2e/test_faults.py) and the soak
(benchmarks/soak.py).

- `seed_store` puts a small network (nodes, SKUs, stock, back-ordering channels) and an
  admin key straight into a migrated database.
- `Load` drives client threads. Every create carries its own Idempotency-Key and is retried
  with the same key and body after a connection error or a 503 (honouring Retry-After)
  until a definitive answer comes, or it gives up; every attempt is recorded.
- `check_store` reads the store back (SQLAlchemy, not the API under test) and counts
  acknowledged orders lost, duplicates per key, orders stored without an acknowledgement,
  first answers that were 5xx, and breaks of the stock, line-bucket and timeline invariants.
- `WebhookReceiver` is a local endpoint that records every delivery and its signature.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from sqlalchemy import func, select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.sql import now
from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.webhooks.signing import verify

# -- the store -------------------------------------------------------------------------

HOT_SKUS = [f"HOT-{i}" for i in range(6)]  # every order takes several: rows contended
SCARCE_SKU = "SCARCE"  # little stock: back-orders happen and overselling would show
NODES = [("N0", 51.5, -0.1), ("N1", 53.4, -2.2), ("N2", 52.5, -1.9), ("N3", 55.9, -3.2)]


def seed_store(url: str, *, hot_stock: int = 100_000, scarce_stock: int = 15) -> str:
    """Nodes, products and stock for the fault workloads; returns an admin API key."""
    engine = make_engine(url, pool_size=1)
    stamp = now()
    with engine.begin() as conn:
        conn.execute(
            t.nodes.insert(),
            [
                {
                    "code": code,
                    "name": code,
                    "kind": "warehouse",
                    "country": "GB",
                    "lat": lat,
                    "lon": lon,
                    "daily_capacity": 10**7,
                    "handling_cost": 100 + 10 * i,
                    "can_ship": True,
                    "can_pickup": False,
                    "priority": i,
                    "active": True,
                    "updated_at": stamp,
                }
                for i, (code, lat, lon) in enumerate(NODES)
            ],
        )
        conn.execute(
            t.products.insert(),
            [
                {
                    "sku": sku,
                    "name": f"Product {sku}",
                    "price": 1000,
                    "currency": "EUR",
                    "tax_class": "standard",
                    "active": True,
                    "updated_at": stamp,
                }
                for sku in [*HOT_SKUS, SCARCE_SKU]
            ],
        )
        rows = [
            {"node": n, "sku": s, "on_hand": hot_stock, "reserved": 0, "safety_stock": 0}
            for n, _, _ in NODES
            for s in HOT_SKUS
        ]
        # Scarce stock at two nodes, with safety stock kept back at one of them.
        rows += [
            {
                "node": "N0",
                "sku": SCARCE_SKU,
                "on_hand": scarce_stock,
                "reserved": 0,
                "safety_stock": 0,
            },
            {
                "node": "N2",
                "sku": SCARCE_SKU,
                "on_hand": scarce_stock + 3,
                "reserved": 0,
                "safety_stock": 3,
            },
        ]
        conn.execute(t.inventory.insert(), rows)
        for channel in ("soak", "edi"):
            conn.execute(
                t.channels.insert().values(
                    code=channel, backorder_policy="backorder", sourcing_strategy="default"
                )
            )
    key = create_key(engine, Role.ADMIN)
    engine.dispose()
    return key


# -- the clients -----------------------------------------------------------------------


@dataclass
class Attempt:
    at: float  # seconds since the load started
    seconds: float
    status: int | None  # None: no HTTP answer (connection refused, reset, timeout)
    error: str | None = None
    retry_after: float | None = None
    replayed: bool = False
    problem: str | None = None  # `code` of a problem+json answer


@dataclass
class Op:
    """One logical request: retried as is (same key, same body) until it is answered."""

    kind: str  # order | upload | get | list
    method: str
    path: str
    json: dict | None = None
    content: bytes | None = None
    params: dict | None = None
    key: str | None = None  # Idempotency-Key
    email: str | None = None  # the order's customer e-mail: unique per order op
    external_id: str | None = None  # external id (orders) or PO number (uploads)


@dataclass
class Call:
    op: Op
    attempts: list[Attempt] = field(default_factory=list)
    status: int | None = None  # the definitive answer; None if it never came
    body: dict | None = None
    content_type: str = ""

    @property
    def creates(self) -> bool:
        return self.op.kind in ("order", "upload")

    @property
    def acked(self) -> bool:
        return self.creates and self.status == 201

    @property
    def first_answer(self) -> Attempt | None:
        return next((a for a in self.attempts if a.status is not None), None)

    @property
    def order_id(self) -> int | None:
        if not self.acked or self.body is None:
            return None
        if self.op.kind == "order":
            return self.body.get("id")
        docs = self.body.get("documents") or [{}]
        return docs[0].get("order_id")


def retry_after_seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def perform(
    client: httpx.Client,
    op: Op,
    t0: float,
    *,
    give_up_after: float = 90.0,
    max_retry_after: float = 5.0,
    max_other_5xx: int = 3,
) -> Call:
    """Send `op` until a definitive (non-5xx) answer, retrying the same key and body: after
    a connection error or a 503 until `give_up_after` seconds have passed; after any other
    5xx (a defect, not a passing state) at most `max_other_5xx` times."""
    call = Call(op)
    other_5xx = 0
    headers = {"Idempotency-Key": op.key} if op.key else {}
    deadline = time.monotonic() + give_up_after
    for n in itertools.count():
        started = time.monotonic()
        try:
            r = client.request(
                op.method,
                op.path,
                json=op.json,
                content=op.content,
                params=op.params,
                headers=headers,
            )
        except httpx.TransportError as exc:
            call.attempts.append(
                Attempt(
                    started - t0,
                    time.monotonic() - started,
                    None,
                    f"{type(exc).__name__}: {exc}"[:200],
                )
            )
            wait = min(1.0, 0.05 * 2**n) * (0.5 + random.random())
        else:
            ctype = r.headers.get("content-type", "")
            problem = None
            parsed = None
            if "json" in ctype:
                try:
                    parsed = r.json()
                except ValueError:
                    parsed = None
                if "problem" in ctype and isinstance(parsed, dict):
                    problem = parsed.get("code")
            ra = retry_after_seconds(r.headers.get("retry-after"))
            call.attempts.append(
                Attempt(
                    started - t0,
                    time.monotonic() - started,
                    r.status_code,
                    None,
                    ra,
                    r.headers.get("idempotent-replayed") == "true",
                    problem,
                )
            )
            if r.status_code < 500:
                call.status, call.body, call.content_type = r.status_code, parsed, ctype
                return call
            if r.status_code != 503:
                other_5xx += 1
                if other_5xx >= max_other_5xx:
                    return call
            wait = min(ra, max_retry_after) if ra is not None else min(1.0, 0.05 * 2**n)
        if time.monotonic() + wait > deadline:
            return call  # never answered: counted as such, never as an acknowledgement
        time.sleep(wait)
    raise AssertionError("unreachable")


def customer_email(key: str) -> str:
    return f"{key.lower()}@soak.invalid"


class OrderWorkload:
    """Multi-line orders over a few hot SKUs in a random order each (so two orders often
    take the same rows in opposite orders), a scarce SKU in some, an external id on half."""

    def __init__(
        self,
        run: str,
        *,
        channel: str = "soak",
        lines: tuple[int, int] = (2, 4),
        scarce_share: float = 0.3,
    ) -> None:
        self.run, self.channel, self.lines, self.scarce_share = run, channel, lines, scarce_share

    def order(self, rng: random.Random, i: int) -> Op:
        key = f"{self.run}-{i}"
        n = rng.randint(*self.lines)
        skus = rng.sample(HOT_SKUS, n)
        if rng.random() < self.scarce_share:
            skus.insert(rng.randrange(n + 1), SCARCE_SKU)
        lat, lon = rng.uniform(50.5, 56.0), rng.uniform(-3.5, 0.0)
        body: dict = {
            "channel": self.channel,
            "currency": "EUR",
            "customer": {"email": customer_email(key), "name": "Soak"},
            "ship_to": {
                "name": "S",
                "line1": "1 St",
                "city": "Leeds",
                "postal_code": "LS1",
                "country": "GB",
                "lat": round(lat, 4),
                "lon": round(lon, 4),
            },
            "lines": [{"sku": s, "quantity": rng.randint(1, 3), "unit_price": 1000} for s in skus],
        }
        external_id = key if i % 2 == 0 else None
        if external_id:
            body["external_id"] = external_id
        return Op(
            "order",
            "POST",
            "/v1/orders",
            json=body,
            key=key,
            email=customer_email(key),
            external_id=external_id,
        )

    def next(self, rng: random.Random, i: int) -> Op:
        return self.order(rng, i)

    def record(self, call: Call) -> None:  # a mixed workload remembers acknowledged ids
        pass


class Load:
    """`clients` threads sending the workload's ops until `total` ops are done, `seconds`
    have passed, or stop() is called."""

    def __init__(
        self,
        base: str,
        api_key: str,
        workload,
        *,
        clients: int = 8,
        total: int | None = None,
        seconds: float | None = None,
        give_up_after: float = 90.0,
        seed: int = 0,
        timeout: float = 30.0,
    ) -> None:
        self.base, self.api_key, self.workload = base, api_key, workload
        self.clients, self.total, self.seconds = clients, total, seconds
        self.give_up_after, self.seed, self.timeout = give_up_after, seed, timeout
        self.calls: list[Call] = []
        self._counter = itertools.count()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.t0 = time.monotonic()
        self.errors: list[str] = []

    def start(self) -> Load:
        self.t0 = time.monotonic()
        for c in range(self.clients):
            th = threading.Thread(target=self._run, args=(c,), name=f"load-{c}", daemon=True)
            th.start()
            self._threads.append(th)
        return self

    def _run(self, c: int) -> None:
        rng = random.Random(self.seed * 1000 + c)
        end = None if self.seconds is None else self.t0 + self.seconds
        try:
            with httpx.Client(
                base_url=self.base,
                timeout=self.timeout,
                headers={"Authorization": f"Bearer {self.api_key}"},
            ) as client:
                while not self._stop.is_set():
                    if end is not None and time.monotonic() >= end:
                        return
                    i = next(self._counter)
                    if self.total is not None and i >= self.total:
                        return
                    op = self.workload.next(rng, i)
                    call = perform(client, op, self.t0, give_up_after=self.give_up_after)
                    self.calls.append(call)
                    self.workload.record(call)
        except Exception as exc:
            self.errors.append(f"client {c}: {type(exc).__name__}: {exc}")

    @property
    def done(self) -> int:
        return len(self.calls)

    def wait_for(self, done: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while self.done < done and self.running and time.monotonic() < deadline:
            time.sleep(0.05)

    @property
    def running(self) -> bool:
        return any(th.is_alive() for th in self._threads)

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float = 300) -> list[Call]:
        deadline = time.monotonic() + timeout
        for th in self._threads:
            th.join(max(0.0, deadline - time.monotonic()))
        if any(th.is_alive() for th in self._threads):
            raise RuntimeError("load clients did not finish")
        if self.errors:
            raise RuntimeError("; ".join(self.errors))
        return self.calls


# -- the check -------------------------------------------------------------------------


@dataclass
class StoreReport:
    requests: int = 0  # order and upload ops
    acked: int = 0
    refused: Counter = field(default_factory=Counter)  # definitive non-201 answers by status
    unanswered: int = 0  # gave up without a definitive answer
    unanswered_examples: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # acknowledged, not (or not so) in the store
    duplicates: list[str] = field(default_factory=list)  # a key or external id stored twice
    stored_unanswered: int = 0  # stored, client never got an answer: allowed
    stored_after_refusal: list[str] = field(default_factory=list)  # refused, yet stored
    unknown_orders: list[int] = field(default_factory=list)  # stored, nobody asked for them
    first_5xx: Counter = field(default_factory=Counter)  # first answer a 5xx (not 503+RA)
    first_503_retry_after: int = 0  # first answer 503 with Retry-After: the advertised kind
    answers_5xx: Counter = field(default_factory=Counter)  # every 5xx answer of any attempt
    answers_503_retry_after: int = 0
    transport_errors: int = 0  # attempts with no HTTP answer
    replays: int = 0  # answers marked Idempotent-Replayed
    retried: int = 0  # ops that needed more than one attempt
    invariants: list[str] = field(default_factory=list)
    orders_in_store: int = 0

    def failures(self, *, allow_first_5xx: bool = False) -> list[str]:
        """What must be zero, as readable sentences (empty when all is well)."""
        out = []
        if self.lost:
            out.append(f"{len(self.lost)} acknowledged orders lost: {self.lost[:5]}")
        if self.duplicates:
            out.append(f"{len(self.duplicates)} duplicates: {self.duplicates[:5]}")
        if self.stored_after_refusal:
            out.append(
                f"{len(self.stored_after_refusal)} orders stored although refused: "
                f"{self.stored_after_refusal[:5]}"
            )
        if self.unknown_orders:
            out.append(
                f"{len(self.unknown_orders)} orders nobody placed: {self.unknown_orders[:5]}"
            )
        if self.invariants:
            out.append(f"{len(self.invariants)} invariant breaks: {self.invariants[:5]}")
        if not allow_first_5xx and sum(self.first_5xx.values()):
            out.append(
                f"first answers 5xx (other than 503 with Retry-After): {dict(self.first_5xx)}"
            )
        return out

    def line(self) -> str:
        return (
            f"requests {self.requests}, acked {self.acked}, refused {dict(self.refused)}, "
            f"unanswered {self.unanswered}, lost {len(self.lost)}, duplicates "
            f"{len(self.duplicates)}, stored without answer {self.stored_unanswered}, "
            f"stored after refusal {len(self.stored_after_refusal)}, first-answer 5xx "
            f"{dict(self.first_5xx)}, first-answer 503+Retry-After "
            f"{self.first_503_retry_after}, all 5xx answers {dict(self.answers_5xx)}, "
            f"connection errors {self.transport_errors}, replays {self.replays}, "
            f"retried {self.retried}, invariant breaks {len(self.invariants)}, "
            f"orders in store {self.orders_in_store}"
            + (f"; unanswered: {self.unanswered_examples}" if self.unanswered else "")
        )


def answer_counts(calls: list[Call], report: StoreReport) -> None:
    """First-answer and per-attempt counts, for every kind of op."""
    for call in calls:
        first = call.first_answer
        if first is not None and first.status >= 500:  # type: ignore[operator]
            if first.status == 503 and first.retry_after is not None:
                report.first_503_retry_after += 1
            else:
                report.first_5xx[f"{call.op.kind} {first.status}"] += 1
        for a in call.attempts:
            if a.status is None:
                report.transport_errors += 1
            elif a.status >= 500:
                if a.status == 503 and a.retry_after is not None:
                    report.answers_503_retry_after += 1
                else:
                    report.answers_5xx[f"{call.op.kind} {a.status}"] += 1
            if a.replayed:
                report.replays += 1
        if len(call.attempts) > 1:
            report.retried += 1


def check_store(
    url: str, calls: list[Call], *, channels: tuple[str, ...] = ("soak", "edi")
) -> StoreReport:
    report = StoreReport()
    answer_counts(calls, report)
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                select(
                    t.orders.c.id,
                    t.orders.c.channel,
                    t.orders.c.external_id,
                    t.orders.c.customer_email,
                    t.orders.c.draft,
                ).where(t.orders.c.channel.in_(channels))
            ).all()
            report.orders_in_store = len(stored)
            _check_orders(calls, stored, report)
            _check_invariants(conn, report)
    finally:
        engine.dispose()
    return report


def _check_orders(calls: list[Call], stored, report: StoreReport) -> None:
    by_email: dict[str, list] = defaultdict(list)
    by_external: dict[tuple[str, str], list] = defaultdict(list)
    for row in stored:
        by_email[row.customer_email.lower()].append(row)
        if row.external_id is not None:
            by_external[(row.channel, row.external_id)].append(row)
    claimed: set[int] = set()
    for call in calls:
        if not call.creates:
            continue
        report.requests += 1
        if call.status is None:
            report.unanswered += 1
            if len(report.unanswered_examples) < 3:
                report.unanswered_examples.append(
                    f"{call.op.key}: "
                    + ", ".join(
                        f"{a.at:.1f}s {a.status or (a.error or '')[:40]}"
                        for a in call.attempts[-4:]
                    )
                )
        elif call.status == 201:
            report.acked += 1
        else:
            report.refused[call.status] += 1
        if call.op.kind == "order":
            rows = by_email.get((call.op.email or "").lower(), [])
            label = call.op.key
        else:  # an upload becomes an order of the intake channel named by its PO number
            rows = by_external.get(("edi", call.op.external_id or ""), [])
            label = f"PO {call.op.external_id}"
        claimed.update(r.id for r in rows)
        if len(rows) > 1:
            report.duplicates.append(f"{label}: orders {[r.id for r in rows]}")
        if call.acked:
            oid = call.order_id
            if call.op.kind == "upload" and oid is None:
                continue  # the document waits for review: no order was promised
            if oid not in {r.id for r in rows}:
                report.lost.append(f"{label}: acknowledged order {oid} not stored")
        elif rows:
            if call.status is None:
                report.stored_unanswered += 1
            else:
                report.stored_after_refusal.append(f"{label}: answered {call.status}")
    for (channel, ext), rows in by_external.items():
        if len(rows) > 1:
            report.duplicates.append(f"{channel}/{ext}: orders {[r.id for r in rows]}")
    asked = {c.op.email.lower() for c in calls if c.op.kind == "order" and c.op.email}
    pos = {c.op.external_id for c in calls if c.op.kind == "upload"}
    for row in stored:
        if row.channel == "soak" and row.customer_email.lower() not in asked:
            report.unknown_orders.append(row.id)
        if row.channel == "edi" and row.external_id not in pos and row.id not in claimed:
            report.unknown_orders.append(row.id)


def _check_invariants(conn, report: StoreReport) -> None:
    """Over the whole store: stock buckets, line buckets, timelines, idempotency rows."""
    bad = report.invariants
    held: dict[tuple[str, str], int] = defaultdict(int)
    per_line: dict[tuple[int, int], tuple[int, int]] = {}
    a = t.allocations
    for r in conn.execute(
        select(a.c.order_id, a.c.line_no, a.c.node, a.c.sku, a.c.allocated, a.c.released)
    ):
        held[(r.node, r.sku)] += r.allocated + r.released
        got = per_line.get((r.order_id, r.line_no), (0, 0))
        per_line[(r.order_id, r.line_no)] = (got[0] + r.allocated, got[1] + r.released)
        if r.allocated < 0 or r.released < 0:
            bad.append(f"allocation {r.order_id}/{r.line_no}@{r.node} negative")
    for r in conn.execute(select(t.inventory)):
        if not 0 <= r.reserved <= r.on_hand:
            bad.append(f"{r.node}/{r.sku}: reserved {r.reserved} outside 0..on_hand {r.on_hand}")
        if r.reserved > r.on_hand - r.safety_stock:
            bad.append(
                f"{r.node}/{r.sku}: oversold: reserved {r.reserved} > on_hand "
                f"{r.on_hand} - safety {r.safety_stock}"
            )
        if r.reserved != held.pop((r.node, r.sku), 0):
            bad.append(
                f"{r.node}/{r.sku}: reserved {r.reserved} != allocations held "
                f"{held.get((r.node, r.sku), 0)}"
            )
    for (node, sku), qty in held.items():
        if qty:
            bad.append(f"{node}/{sku}: {qty} allocated with no stock row")
    ln, o = t.order_lines, t.orders
    for r in conn.execute(select(ln, o.c.draft).join(o, o.c.id == ln.c.order_id)):
        alloc, rel = per_line.pop((r.order_id, r.line_no), (0, 0))
        if (r.allocated, r.released) != (alloc, rel):
            bad.append(
                f"line {r.order_id}/{r.line_no}: buckets allocated/released "
                f"{r.allocated}/{r.released} != allocations {alloc}/{rel}"
            )
        placed = r.backordered + alloc + rel + r.shipped + r.cancelled
        if not r.draft and placed != r.ordered:
            bad.append(f"line {r.order_id}/{r.line_no}: ordered {r.ordered} != buckets {placed}")
    for oid, line_no in per_line:
        bad.append(f"allocation for missing line {oid}/{line_no}")
    e = t.order_events
    no_lines = (
        conn.execute(
            select(o.c.id).where(~select(ln.c.order_id).where(ln.c.order_id == o.c.id).exists())
        )
        .scalars()
        .all()
    )
    bad.extend(f"order {oid} has no lines" for oid in no_lines)
    untold = (
        conn.execute(
            select(o.c.id).where(
                ~select(e.c.id)
                .where(
                    e.c.order_id == o.c.id, e.c.type.in_(["order.placed", "order.draft_created"])
                )
                .exists()
            )
        )
        .scalars()
        .all()
    )
    bad.extend(f"order {oid} has no creation event in its timeline" for oid in untold)
    ik = t.idempotency_keys
    half = conn.execute(select(func.count()).select_from(ik).where(ik.c.status_code == 0))
    if n := half.scalar_one():
        bad.append(f"{n} idempotency keys claimed but never answered")


def acked_calls_match_idempotency(url: str, calls: list[Call]) -> list[str]:
    """Every acknowledged order's key stores that same order as its answer."""
    engine = make_engine(url, pool_size=1)
    ik = t.idempotency_keys
    with engine.connect() as conn:
        stored = {r.key: r for r in conn.execute(select(ik.c.key, ik.c.status_code, ik.c.response))}
    engine.dispose()
    bad = []
    for c in calls:
        if c.op.kind == "order" and c.acked:
            row = stored.get(c.op.key)
            if row is None or row.status_code != 201 or row.response.get("id") != c.order_id:
                got = None if row is None else (row.status_code, row.response.get("id"))
                bad.append(f"{c.op.key}: key stores {got}, client got {c.order_id}")
    return bad


# -- a webhook receiver ----------------------------------------------------------------


class WebhookReceiver:
    """A local HTTP endpoint recording every delivery (event id, webhook-id, signature ok)."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.deliveries: list[tuple[int, str, bool]] = []  # (event id, delivery id, sig ok)
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                ok = verify(receiver.secret, dict(self.headers), body)
                try:
                    event_id = int(json.loads(body)["id"])
                except (ValueError, KeyError, TypeError):
                    event_id = -1
                with receiver.lock:
                    receiver.deliveries.append((event_id, self.headers.get("webhook-id", ""), ok))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def event_ids(self) -> Counter:
        with self.lock:
            return Counter(e for e, _, _ in self.deliveries)

    def bad_signatures(self) -> int:
        with self.lock:
            return sum(1 for _, _, ok in self.deliveries if not ok)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]
