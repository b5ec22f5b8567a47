"""The webhook tables: subscriptions with their sealed secrets, and deliveries.

Every statement on `webhook_subscriptions` and `webhook_deliveries` is here; the routes
and the dispatcher call these functions with a connection in their own transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, insert, select, update

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.sql import aware, now
from ordermind.domain.errors import Conflict, NotFound

from . import vault
from .retries import RETRY_WINDOW
from .signing import message_id

s, d = t.webhook_subscriptions, t.webhook_deliveries
OPEN = ("pending",)
FINAL = ("delivered", "rejected", "failed", "cancelled")


def subscription_view(row) -> dict:
    return {
        "id": row.id,
        "url": row.url,
        "event_types": row.event_types,
        "ordered": row.ordered,
        "active": row.active,
        "failing": row.failing_since is not None,
        "failing_since": aware(row.failing_since),
        "consecutive_failures": row.consecutive_failures,
        "created_at": aware(row.created_at),
    }


def delivery_view(r) -> dict:
    return {
        "id": r.id,
        "webhook_id": message_id(r.event_id),
        "event_id": r.event_id,
        "event_type": r.event_type,
        "status": r.status,
        "attempts": r.attempts,
        "last_status_code": r.last_status_code,
        "last_error": r.last_error,
        "next_attempt_at": aware(r.next_attempt_at) if r.status == "pending" else None,
        "give_up_at": aware(r.give_up_at),
        "created_at": aware(r.created_at),
        "delivered_at": aware(r.delivered_at),
    }


def add(
    conn: Connection,
    url: str,
    secret: str,
    event_types: list[str],
    ordered: bool,
    cursor: tuple[int, int],
) -> dict:
    sub_id = conn.execute(
        insert(s)
        .values(
            url=url,
            signing_secrets=vault.seal([{"secret": secret, "until": None}]),
            event_types=event_types,
            ordered=ordered,
            active=True,
            cursor=cursor[1],
            cursor_tx=cursor[0],
            consecutive_failures=0,
            created_at=now(),
        )
        .returning(s.c.id)
    ).scalar_one()
    return get(conn, sub_id)


def _row(conn: Connection, sub_id: int):
    row = conn.execute(select(s).where(s.c.id == sub_id)).first()
    if row is None:
        raise NotFound(f"webhook subscription {sub_id} not found")
    return row


def get(conn: Connection, sub_id: int) -> dict:
    return subscription_view(_row(conn, sub_id))


def all_subscriptions(conn: Connection) -> list[dict]:
    return [subscription_view(r) for r in conn.execute(select(s).order_by(s.c.id))]


def deactivate(conn: Connection, sub_id: int) -> dict:
    """Stop a subscription: its waiting deliveries are cancelled in the same transaction,
    and the dispatcher checks `active` again before each post, so nothing goes out after."""
    _row(conn, sub_id)
    conn.execute(update(s).where(s.c.id == sub_id).values(active=False))
    conn.execute(
        update(d)
        .where(d.c.subscription_id == sub_id, d.c.status == "pending")
        .values(status="cancelled", last_error="subscription deleted")
    )
    return get(conn, sub_id)


def active_secrets(row, at: datetime) -> list[str]:
    """The secrets a delivery is signed with now: the current one and, during a
    rotation's grace period, the one before it."""
    return [
        v["secret"]
        for v in vault.unseal(row.signing_secrets)
        if v["until"] is None or datetime.fromisoformat(v["until"]) > at
    ]


def rotate_secret(conn: Connection, sub_id: int, secret: str, grace: timedelta) -> dict:
    row = _row(conn, sub_id)
    at = now()
    kept = [
        {"secret": sec, "until": (at + grace).isoformat()}
        for sec in active_secrets(row, at)[:1]
        if grace > timedelta(0)
    ]
    sealed = vault.seal([{"secret": secret, "until": None}, *kept])
    conn.execute(update(s).where(s.c.id == sub_id).values(signing_secrets=sealed))
    return get(conn, sub_id) | {"previous_secret_valid_until": kept[0]["until"] if kept else None}


def deliveries(
    conn: Connection, sub_id: int, status: str | None, cursor: int | None, limit: int
) -> list[dict]:
    _row(conn, sub_id)
    q = select(d).where(d.c.subscription_id == sub_id).order_by(d.c.id.desc()).limit(limit)
    if status is not None:
        q = q.where(d.c.status == status)
    if cursor is not None:
        q = q.where(d.c.id < cursor)
    return [delivery_view(r) for r in conn.execute(q)]


def _require_active(conn: Connection, sub_id: int) -> None:
    if not _row(conn, sub_id).active:
        raise Conflict(f"webhook subscription {sub_id} is deleted; subscribe again")


def redeliver(conn: Connection, sub_id: int, delivery_id: int) -> dict:
    """Send a delivery again from the start of its retry schedule, whatever its state."""
    _require_active(conn, sub_id)
    at = now()
    done = conn.execute(
        update(d)
        .where(d.c.id == delivery_id, d.c.subscription_id == sub_id)
        .values(status="pending", attempts=0, next_attempt_at=at, give_up_at=at + RETRY_WINDOW)
    ).rowcount
    if not done:
        raise NotFound(f"delivery {delivery_id} of webhook subscription {sub_id} not found")
    return delivery_view(conn.execute(select(d).where(d.c.id == delivery_id)).one())


def replay(conn: Connection, sub_id: int, since: datetime, limit: int = 100_000) -> dict:
    """Every event of the subscription's types from `since` on, delivered again: those it
    had (any state but waiting) are set waiting, those it never had are queued."""
    _require_active(conn, sub_id)
    sub = _row(conn, sub_id)
    e = t.order_events
    events = conn.execute(
        select(e).where(e.c.created_at >= since).order_by(e.c.id).limit(limit + 1)
    ).all()
    if len(events) > limit:
        raise Conflict(f"more than {limit} events since {since.isoformat()}; replay a later time")
    wanted = [ev for ev in events if matches(sub.event_types, ev.type)]
    at = now()
    had = {
        r.event_id
        for r in conn.execute(
            select(d.c.event_id).where(
                d.c.subscription_id == sub_id, d.c.event_id.in_([ev.id for ev in wanted])
            )
        )
    }
    again = conn.execute(
        update(d)
        .where(and_(d.c.subscription_id == sub_id, d.c.event_id.in_(had), d.c.status != "pending"))
        .values(status="pending", attempts=0, next_attempt_at=at, give_up_at=at + RETRY_WINDOW)
    ).rowcount
    new = [delivery_row(sub_id, ev, at) for ev in wanted if ev.id not in had]
    if new:
        conn.execute(insert(d), new)
    return {"events": len(wanted), "requeued": again, "queued": len(new)}


def matches(event_types: list[str], event_type: str) -> bool:
    return "*" in event_types or event_type in event_types


def delivery_row(sub_id: int, ev, at: datetime) -> dict:
    """A waiting delivery of event row `ev` (an `order_events` row)."""
    return {
        "subscription_id": sub_id,
        "event_id": ev.id,
        "event_type": ev.type,
        "payload": {
            "id": ev.id,
            "type": ev.type,
            "order_id": ev.order_id,
            "occurred_at": aware(ev.created_at).isoformat(),
            "actor": ev.actor,
            "reason": ev.reason,
            "status_before": ev.status_before,
            "status_after": ev.status_after,
            "data": ev.data,
        },
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": at,
        "give_up_at": at + RETRY_WINDOW,
        "created_at": at,
    }
