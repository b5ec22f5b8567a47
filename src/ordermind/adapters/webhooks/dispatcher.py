"""Delivers order events to webhook subscribers.

Events are written in the same transaction as the order change (order_events); the
dispatcher reads them after each subscription's cursor, which moves in commit order (see
`_new_events`), turns them into delivery rows and posts them, signed by the Standard
Webhooks spec, retrying what may pass (`retries`). Each subscription is delivered by its
own task, so a slow or dead receiver delays only itself; a subscription may ask for its
events in order (a failure then holds back the ones after it). A lease per subscription
keeps several API workers from delivering the same events twice."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import httpx
import orjson
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    insert,
    literal,
    or_,
    select,
    text,
    tuple_,
    update,
)

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.monitoring_repo import SqlMonitoring
from ordermind.adapters.db.sql import aware, now

from . import retries, store, targets
from .nats_sink import NatsPublisher, SinkError, is_nats
from .signing import headers, message_id

log = logging.getLogger("ordermind.webhooks")
LEASE = timedelta(seconds=30)
# SQLite: an event is handed out once it is this old (one writer at a time, so ids commit
# in order; the wait covers a clock step). PostgreSQL orders by transaction instead.
SETTLE = timedelta(seconds=1)
# The oldest transaction still running: every event of an older one is committed (or
# rolled back) and visible, and no new event can join them (migration 0017).
_HORIZON = text("SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint")
_FAR = 2**62
# successes are recorded together, at most this many or this old (see `_send_rows`)
FLUSH_EVERY = 50
FLUSH_AFTER = 0.25


def start_cursor(conn: Connection) -> tuple[int, int]:
    """(cursor_tx, cursor) of a new subscription: the events from now on."""
    if conn.dialect.name == "postgresql":
        # every event of a transaction still running or yet to start (tx >= horizon)
        return int(conn.execute(_HORIZON).scalar_one()) - 1, _FAR
    e = t.order_events
    return 0, conn.execute(select(e.c.id).order_by(e.c.id.desc()).limit(1)).scalar() or 0


def _new_events(conn: Connection, sub, batch: int):
    """The subscription's events after its cursor, in the order the cursor moves."""
    e = t.order_events
    if conn.dialect.name == "postgresql":
        horizon = int(conn.execute(_HORIZON).scalar_one())
        return conn.execute(
            select(e)
            .where(
                tuple_(e.c.tx, e.c.id) > tuple_(literal(sub.cursor_tx), literal(sub.cursor)),
                e.c.tx < horizon,
            )
            .order_by(e.c.tx, e.c.id)
            .limit(batch)
        ).all()
    return conn.execute(
        select(e)
        .where(e.c.id > sub.cursor, e.c.created_at <= now() - SETTLE)
        .order_by(e.c.id)
        .limit(batch)
    ).all()


class Dispatcher:
    def __init__(
        self, engine: Engine, timeout: float = 5.0, workers: int = 8, own_pool: bool = False
    ) -> None:
        # `own_pool` (the served app): PostgreSQL connections of its own, so that order
        # traffic holding every connection of the app's pool does not starve the outbox
        # (under 16 clients it delivered 10 events/s of 130 until the load stopped)
        self._owned = own_pool and engine.dialect.name == "postgresql"
        if self._owned:
            engine = make_engine(engine.url.render_as_string(hide_password=False), pool_size=3)
        self.engine = engine
        self.owner = secrets.token_hex(6)
        # redirects are never followed: a 3xx is an answer, not a new target
        self.client = httpx.Client(timeout=timeout, follow_redirects=False)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="webhook")
        self._busy: set[int] = set()  # subscriptions with a delivery task running
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- queueing ---------------------------------------------------------------
    def enqueue(self, batch: int = 500) -> int:
        """Turn new events into pending deliveries for every subscription we lease."""
        made = 0
        for sub_id in self._active_ids():
            with self.engine.begin() as conn:
                sub = self._lease(conn, sub_id)
                if sub is None:
                    continue
                events = _new_events(conn, sub, batch)
                at = now()
                rows = [
                    store.delivery_row(sub.id, ev, at)
                    for ev in events
                    if store.matches(sub.event_types, ev.type)
                ]
                if rows:
                    conn.execute(insert(t.webhook_deliveries), rows)
                    made += len(rows)
                if events:
                    conn.execute(
                        update(t.webhook_subscriptions)
                        .where(t.webhook_subscriptions.c.id == sub.id)
                        .values(cursor=events[-1].id, cursor_tx=events[-1].tx or 0)
                    )
        return made

    def _active_ids(self) -> list[int]:
        s = t.webhook_subscriptions
        with self.engine.connect() as conn:
            return list(conn.execute(select(s.c.id).where(s.c.active.is_(True))).scalars())

    def _lease(self, conn: Connection, sub_id: int):
        """The subscription as it is now that we hold its lease, or None (another worker
        holds it, or it was deleted)."""
        s = t.webhook_subscriptions
        leased = conn.execute(
            update(s)
            .where(
                s.c.id == sub_id,
                s.c.active.is_(True),
                or_(
                    s.c.lease_until.is_(None),
                    s.c.lease_until < now(),
                    s.c.lease_owner == self.owner,
                ),
            )
            .values(lease_owner=self.owner, lease_until=now() + LEASE)
        ).rowcount
        if not leased:
            return None
        return conn.execute(select(s).where(s.c.id == sub_id)).one()

    # -- delivering -------------------------------------------------------------
    def deliver_due(self, batch: int = 100, wait: bool = True) -> int:
        """Start a delivery task for each leased subscription that has none running; with
        `wait`, wait for them and return how many deliveries were attempted."""
        s = t.webhook_subscriptions
        with self.engine.connect() as conn:
            ids = conn.execute(
                select(s.c.id).where(s.c.active.is_(True), s.c.lease_owner == self.owner)
            ).scalars()
            mine = list(ids)
        tasks = []
        for sub_id in mine:
            with self._lock:
                if sub_id in self._busy:
                    continue
                self._busy.add(sub_id)
            tasks.append(self._pool.submit(self._deliver_subscription, sub_id, batch))
        return sum(task.result() for task in tasks) if wait else len(tasks)

    def _deliver_subscription(self, sub_id: int, batch: int) -> int:
        try:
            # a full batch: more are waiting, so go on rather than wait for the next pass
            # (one batch a pass capped a subscription at `batch` events per interval)
            tried = sent = self._deliver_batch(sub_id, batch)
            while sent == batch and not self._stop.is_set():
                sent = self._deliver_batch(sub_id, batch)
                tried += sent
            return tried
        except Exception:
            log.exception("webhook delivery task failed", extra={"fields": {"sub": sub_id}})
            return 0
        finally:
            with self._lock:
                self._busy.discard(sub_id)

    def _deliver_batch(self, sub_id: int, batch: int) -> int:
        d, s = t.webhook_deliveries, t.webhook_subscriptions
        with self.engine.connect() as conn:
            sub = conn.execute(select(s).where(s.c.id == sub_id)).one()
            q = select(d).where(d.c.subscription_id == sub_id, d.c.status == "pending")
            if not sub.ordered:  # in order: the oldest waiting one first, due or not
                q = q.where(d.c.next_attempt_at <= now())
            rows = conn.execute(q.order_by(d.c.id).limit(batch)).all()
        if not rows:
            return 0
        if is_nats(sub.url):  # one broker connection for the batch
            with NatsPublisher(sub.url) as publisher:
                return self._send_rows(sub_id, rows, publisher)
        return self._send_rows(sub_id, rows, None)

    def _send_rows(self, sub_id: int, rows, publisher: NatsPublisher | None) -> int:
        """Post the rows in turn. Successes are recorded together (every FLUSH_EVERY rows
        or FLUSH_AFTER seconds, and before a failure is): a transaction per delivery was
        most of a delivery's cost, and under load each round trip also waits for the GIL,
        so one subscription fell behind 200 events/s (benchmarks/webhooks.py). A crash
        before the flush sends those again, with the same webhook-id (at-least-once)."""
        tried = 0
        done: list[dict] = []  # delivered, not yet recorded
        flushed = time.monotonic()
        last = None  # the subscription as last read (kept if it is deleted meanwhile)
        try:
            for row in rows:
                if aware(row.next_attempt_at) > aware(now()):
                    break  # (ordered) the oldest is not due: the rest wait behind it
                sub = self._still_active(sub_id)
                if sub is None:
                    break  # deleted meanwhile: nothing more goes out
                last = sub
                at, status_code, error, asked = self._attempt(sub, row, publisher)
                tried += 1
                if error is None:
                    done.append(
                        {"_id": row.id, "_attempts": row.attempts + 1, "_code": status_code}
                        | {"_at": at}
                    )
                    if len(done) >= FLUSH_EVERY or time.monotonic() - flushed >= FLUSH_AFTER:
                        self._record_delivered(sub, done)
                        done, flushed = [], time.monotonic()
                    continue
                self._record_delivered(sub, done)  # first, so failures count after them
                done = []
                self._record_failure(sub, row, at, status_code, error, asked)
                if sub.ordered:
                    break
        finally:
            if last is not None:
                self._record_delivered(last, done)
        return tried

    def _still_active(self, sub_id: int):
        s = t.webhook_subscriptions
        # autocommit: one round trip, no BEGIN/ROLLBACK around a single read
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            return conn.execute(select(s).where(s.c.id == sub_id, s.c.active.is_(True))).first()

    def _attempt(self, sub, row, publisher: NatsPublisher | None = None):
        """Send one delivery: (when, status code, error or None if delivered, Retry-After)."""
        at = aware(now())
        body = orjson.dumps(row.payload)
        status_code, error, asked = None, None, None
        try:
            targets.check(sub.url)  # again now: the name may resolve elsewhere since
            if publisher is not None:
                publisher.publish(row.event_type, body, message_id(row.event_id))
                return at, None, None, None
            resp = self.client.post(
                sub.url,
                content=body,
                headers={
                    "Content-Type": "application/json",
                    **headers(store.active_secrets(sub, at), message_id(row.event_id), body),
                },
            )
            status_code = resp.status_code
            if not 200 <= status_code < 300:
                error = f"HTTP {status_code}"
                asked = retries.retry_after(resp.headers.get("retry-after"), at)
        except targets.TargetRefused as exc:
            error = exc.detail
        except SinkError as exc:
            error = str(exc)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        return at, status_code, error, asked

    def _record_delivered(self, sub, done: list[dict]) -> None:
        if not done:
            return
        d = t.webhook_deliveries
        with self.engine.begin() as conn:
            conn.execute(
                update(d)
                .where(d.c.id == bindparam("_id"))
                .values(
                    status="delivered",
                    attempts=bindparam("_attempts"),
                    last_status_code=bindparam("_code"),
                    last_error=None,
                    delivered_at=bindparam("_at"),
                ),
                done,
            )
            self._health(conn, sub, True, done[-1]["_at"])

    def _record_failure(self, sub, row, at: datetime, status_code, error, asked) -> None:
        attempts = row.attempts + 1
        values: dict = {"attempts": attempts, "last_status_code": status_code, "last_error": error}
        if status_code is not None and not retries.retryable(status_code):
            values |= {"status": "rejected"}
        else:
            give_up = aware(row.give_up_at) or at
            when = retries.next_attempt(attempts, at, give_up, asked)
            values |= {"status": "failed"} if when is None else {"next_attempt_at": when}
        d = t.webhook_deliveries
        with self.engine.begin() as conn:
            conn.execute(update(d).where(d.c.id == row.id).values(**values))
            self._health(conn, sub, False, at)
        log.warning(
            "webhook delivery failed",
            extra={"fields": {"delivery": row.id, "attempt": attempts, "error": error}},
        )

    @staticmethod
    def _health(conn: Connection, sub, ok: bool, at: datetime) -> None:
        """Count failures in a row; the FAILING_AFTER-th marks the endpoint failing and
        raises an alert (an `alert.raised` event too); a success clears it."""
        s = t.webhook_subscriptions
        if ok:
            if sub.consecutive_failures or sub.failing_since is not None:
                conn.execute(
                    update(s)
                    .where(s.c.id == sub.id)
                    .values(consecutive_failures=0, failing_since=None)
                )
            return
        failures = conn.execute(
            update(s)
            .where(s.c.id == sub.id)
            .values(consecutive_failures=s.c.consecutive_failures + 1)
            .returning(s.c.consecutive_failures, s.c.failing_since)
        ).one()
        count = failures.consecutive_failures
        if count >= retries.FAILING_AFTER and failures.failing_since is None:
            conn.execute(update(s).where(s.c.id == sub.id).values(failing_since=at))
            SqlMonitoring(conn).raise_alert(
                "webhook_failing",
                "*",
                at,
                float(count),
                0.0,
                f"webhook subscription {sub.id} has failed {count} "
                "deliveries in a row; they are retried for three days",
            )

    def run_once(self) -> tuple[int, int]:
        return self.enqueue(), self.deliver_due()

    # -- background thread ------------------------------------------------------
    def start(self, interval: float = 1.0) -> None:
        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    self.enqueue()
                    self.deliver_due(wait=False)  # a slow receiver holds only its own task
                except Exception:  # keep the loop alive; the next pass retries
                    log.exception("webhook dispatcher pass failed")

        self._thread = threading.Thread(target=loop, name="webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.client.close()
        if self._owned:
            self.engine.dispose()
