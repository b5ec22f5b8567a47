"""Webhook subscriptions: created and deactivated with their audit entry in one
transaction (the secret is never in the audit trail)."""

from __future__ import annotations

from sqlalchemy import Row, insert, select, update

from ordermind.adapters.webhooks.dispatcher import start_cursor
from ordermind.domain.errors import NotFound
from ordermind.services import audit

from . import tables as t
from .sql import aware, now
from .unit_of_work import SqlUnitOfWork

s = t.webhook_subscriptions


def audited_view(row: Row) -> dict:
    """What the audit trail keeps of a subscription: all but its signing secret."""
    return {
        "id": row.id,
        "url": row.url,
        "event_types": row.event_types,
        "active": row.active,
        "created_at": aware(row.created_at),
    }


def subscribe(work: SqlUnitOfWork, url: str, secret: str, event_types: list, actor: str) -> Row:
    conn = work.conn
    assert conn is not None
    # New subscribers get events from now on, not the whole history.
    cursor_tx, cursor = start_cursor(conn)
    sub_id = conn.execute(
        insert(s)
        .values(
            url=url,
            secret=secret,
            event_types=event_types,
            active=True,
            cursor=cursor,
            cursor_tx=cursor_tx,
            created_at=now(),
        )
        .returning(s.c.id)
    ).scalar_one()
    row = conn.execute(select(s).where(s.c.id == sub_id)).one()
    audit.record(work, actor, "webhook.created", "webhook", sub_id, None, audited_view(row))
    return row


def deactivate(work: SqlUnitOfWork, sub_id: int, actor: str) -> None:
    conn = work.conn
    assert conn is not None
    row = conn.execute(select(s).where(s.c.id == sub_id)).first()
    if row is None:
        raise NotFound(f"webhook subscription {sub_id} not found")
    conn.execute(update(s).where(s.c.id == sub_id).values(active=False))
    after = conn.execute(select(s).where(s.c.id == sub_id)).one()
    audit.record(
        work,
        actor,
        "webhook.deactivated",
        "webhook",
        sub_id,
        audited_view(row),
        audited_view(after),
    )
