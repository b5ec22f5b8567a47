"""Delivers order events to webhook subscribers.

Events are written in the same transaction as the order change (order_events); the
dispatcher reads them after each subscription's cursor, turns them into delivery rows and
posts them, retrying failures with exponential back-off. A lease per subscription keeps
several API workers from delivering the same events twice."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from datetime import timedelta

import httpx
import orjson
from sqlalchemy import Connection, Engine, and_, insert, literal, or_, select, text, tuple_, update

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.sql import now

from .signing import sign

log = logging.getLogger("ordermind.webhooks")
MAX_ATTEMPTS = 8
BASE_BACKOFF_S = 2.0
# SQLite: an event is handed out once it is this old (one writer at a time, so ids commit
# in order; the wait covers a clock step). PostgreSQL orders by transaction instead.
SETTLE = timedelta(seconds=1)
# The oldest transaction still running: every event of an older one is committed (or
# rolled back) and visible, and no new event can join them (migration 0017).
_HORIZON = text("SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint")
_FAR = 2**62


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


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BASE_BACKOFF_S * 2 ** (attempts - 1))


class Dispatcher:
    def __init__(self, engine: Engine, timeout: float = 5.0) -> None:
        self.engine = engine
        self.owner = secrets.token_hex(6)
        self.client = httpx.Client(timeout=timeout)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- one pass ---------------------------------------------------------------
    def enqueue(self, batch: int = 500) -> int:
        """Turn new events into pending deliveries for every subscription we lease."""
        made = 0
        with self.engine.begin() as conn:
            subs = conn.execute(
                select(t.webhook_subscriptions).where(t.webhook_subscriptions.c.active.is_(True))
            ).all()
        for sub in subs:
            with self.engine.begin() as conn:
                leased = conn.execute(
                    update(t.webhook_subscriptions)
                    .where(
                        t.webhook_subscriptions.c.id == sub.id,
                        or_(
                            t.webhook_subscriptions.c.lease_until.is_(None),
                            t.webhook_subscriptions.c.lease_until < now(),
                            t.webhook_subscriptions.c.lease_owner == self.owner,
                        ),
                    )
                    .values(lease_owner=self.owner, lease_until=now() + timedelta(seconds=30))
                ).rowcount
                if not leased:
                    continue
                # the cursor as it is now that we hold the lease (another worker may have
                # moved it since the list was read)
                sub = conn.execute(
                    select(t.webhook_subscriptions).where(t.webhook_subscriptions.c.id == sub.id)
                ).one()
                events = _new_events(conn, sub, batch)
                wanted = set(sub.event_types)
                rows = [
                    {
                        "subscription_id": sub.id,
                        "event_id": ev.id,
                        "event_type": ev.type,
                        "payload": {
                            "id": ev.id,
                            "type": ev.type,
                            "order_id": ev.order_id,
                            "occurred_at": ev.created_at.isoformat(),
                            "actor": ev.actor,
                            "reason": ev.reason,
                            "status_before": ev.status_before,
                            "status_after": ev.status_after,
                            "data": ev.data,
                        },
                        "status": "pending",
                        "attempts": 0,
                        "next_attempt_at": now(),
                        "created_at": now(),
                    }
                    for ev in events
                    if "*" in wanted or ev.type in wanted
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

    def deliver_due(self, batch: int = 100) -> int:
        d, s = t.webhook_deliveries, t.webhook_subscriptions
        with self.engine.begin() as conn:
            due = conn.execute(
                select(d, s.c.url, s.c.secret)
                .join(s, s.c.id == d.c.subscription_id)
                .where(
                    d.c.status == "pending",
                    d.c.next_attempt_at <= now(),
                    s.c.lease_owner == self.owner,
                )
                .order_by(d.c.id)
                .limit(batch)
            ).all()
        for row in due:
            body = orjson.dumps(row.payload)
            ts = int(time.time())
            status_code, error = None, None
            try:
                resp = self.client.post(
                    row.url,
                    content=body,
                    headers={
                        "Content-Type": "application/json",
                        "X-Ordermind-Event": row.event_type,
                        "X-Ordermind-Delivery": str(row.id),
                        "X-Ordermind-Signature": sign(row.secret, ts, body),
                    },
                )
                status_code = resp.status_code
                ok = 200 <= resp.status_code < 300
                if not ok:
                    error = f"HTTP {resp.status_code}"
            except httpx.HTTPError as exc:
                ok, error = False, f"{type(exc).__name__}: {exc}"[:500]
            attempts = row.attempts + 1
            values: dict = {
                "attempts": attempts,
                "last_status_code": status_code,
                "last_error": error,
            }
            if ok:
                values |= {"status": "delivered", "delivered_at": now()}
            elif attempts >= MAX_ATTEMPTS:
                values |= {"status": "failed"}
            else:
                values |= {"next_attempt_at": now() + backoff(attempts)}
            with self.engine.begin() as conn:
                conn.execute(update(d).where(and_(d.c.id == row.id)).values(**values))
            if not ok:
                log.warning(
                    "webhook delivery failed",
                    extra={"fields": {"delivery": row.id, "attempt": attempts, "error": error}},
                )
        return len(due)

    def run_once(self) -> tuple[int, int]:
        return self.enqueue(), self.deliver_due()

    # -- background thread ------------------------------------------------------
    def start(self, interval: float = 1.0) -> None:
        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    self.run_once()
                except Exception:  # keep the loop alive; the next pass retries
                    log.exception("webhook dispatcher pass failed")

        self._thread = threading.Thread(target=loop, name="webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.client.close()
