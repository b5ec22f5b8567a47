"""Notification outbox, messages and preferences on SQLAlchemy Core (SQLite, PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from sqlalchemy import Connection, and_, exists, insert, literal, or_, select, update

from ordermind.notifications.milestones import Milestone
from ordermind.notifications.preferences import Preferences, QuietHours
from ordermind.notifications.store import DUE, Message, NotificationRepository, OutboxItem

from . import tables as t
from .sql import aware, upsert

o, n, p = t.notification_outbox, t.notifications, t.notification_preferences


def _item(r) -> OutboxItem:
    return OutboxItem(
        id=r.id,
        order_id=r.order_id,
        milestone=r.milestone,
        subject=r.subject,
        data=r.data or {},
        created_at=aware(r.created_at),
        status=r.status,
        note=r.note,
        event_id=r.event_id,
        processed_at=aware(r.processed_at),
    )


def _message(r) -> Message:
    return Message(
        id=r.id,
        outbox_id=r.outbox_id,
        order_id=r.order_id,
        milestone=r.milestone,
        subject=r.subject,
        channel=r.channel,
        message_id=r.message_id,
        recipient=r.recipient,
        locale=r.locale,
        context=r.context or {},
        status=r.status,
        attempts=r.attempts,
        next_attempt_at=aware(r.next_attempt_at),
        created_at=aware(r.created_at),
        reason=r.reason,
        last_error=r.last_error,
        title=r.title,
        sent_at=aware(r.sent_at),
        updated_at=aware(r.updated_at),
    )


class SqlNotifications(NotificationRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def enqueue(self, item: OutboxItem) -> bool:
        stmt = (
            upsert(self.conn, o)
            .values(
                order_id=item.order_id,
                milestone=item.milestone,
                subject=item.subject,
                event_id=item.event_id,
                data=dict(item.data),
                status="pending",
                created_at=item.created_at,
            )
            .on_conflict_do_nothing(index_elements=["order_id", "milestone", "subject"])
            .returning(o.c.id)
        )
        return self.conn.execute(stmt).first() is not None

    def has_work(self, now: datetime) -> bool:
        pending = exists().where(o.c.status == "pending")
        due = exists().where(n.c.status.in_(DUE), n.c.next_attempt_at <= now)
        return bool(self.conn.execute(select(or_(pending, due))).scalar())

    def claim_outbox(self, limit: int) -> list[OutboxItem]:
        rows = self.conn.execute(
            select(o)
            .where(o.c.status == "pending")
            .order_by(o.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_item(r) for r in rows]

    def finish_outbox(self, item_id: int, status: str, note: str | None, at: datetime) -> None:
        self.conn.execute(
            update(o).where(o.c.id == item_id).values(status=status, note=note, processed_at=at)
        )

    def add_message(self, message: Message) -> Message | None:
        values = {
            "outbox_id": message.outbox_id,
            "order_id": message.order_id,
            "milestone": message.milestone,
            "subject": message.subject,
            "channel": message.channel,
            "message_id": message.message_id,
            "recipient": message.recipient,
            "locale": message.locale,
            "context": dict(message.context),
            "status": message.status,
            "reason": message.reason,
            "attempts": message.attempts,
            "next_attempt_at": message.next_attempt_at,
            "created_at": message.created_at,
            "updated_at": message.updated_at,
        }
        row = self.conn.execute(
            upsert(self.conn, n)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["order_id", "milestone", "subject", "channel"])
            .returning(n.c.id)
        ).first()
        if row is None:
            return None
        return replace(message, id=row.id)

    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Message]:
        ids = [
            r.id
            for r in self.conn.execute(
                select(n.c.id)
                .where(n.c.status.in_(DUE), n.c.next_attempt_at <= now)
                .order_by(n.c.next_attempt_at, n.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ]
        if not ids:
            return []
        self.conn.execute(
            update(n)
            .where(n.c.id.in_(ids))
            .values(
                status="sending",
                attempts=n.c.attempts + 1,
                next_attempt_at=lease_until,
                updated_at=now,
            )
        )
        rows = self.conn.execute(select(n).where(n.c.id.in_(ids)).order_by(n.c.id))
        return [_message(r) for r in rows]

    def update_message(self, message_id: int, attempts: int, **values: object) -> bool:
        return bool(
            self.conn.execute(
                update(n)
                .where(and_(n.c.id == message_id, n.c.attempts == attempts))
                .values(**values)
            ).rowcount
        )

    def messages_for_order(self, order_id: int) -> list[Message]:
        rows = self.conn.execute(select(n).where(n.c.order_id == order_id).order_by(n.c.id))
        return [_message(r) for r in rows]

    def outbox_for_order(self, order_id: int) -> list[OutboxItem]:
        rows = self.conn.execute(select(o).where(o.c.order_id == order_id).order_by(o.c.id))
        return [_item(r) for r in rows]

    def preferences(self, email: str) -> Preferences | None:
        r = self.conn.execute(select(p).where(p.c.email == email)).first()
        if r is None:
            return None
        quiet = None
        if r.quiet_start and r.quiet_end and r.timezone:
            quiet = QuietHours(
                time.fromisoformat(r.quiet_start), time.fromisoformat(r.quiet_end), r.timezone
            )
        return Preferences(
            channels=frozenset(r.channels),
            opted_out=frozenset(Milestone(m) for m in r.opted_out),
            opt_out_all=bool(r.opt_out_all),
            locale=r.locale,
            quiet_hours=quiet,
        )

    def save_preferences(self, email: str, prefs: Preferences, actor: str, at: datetime) -> None:
        q = prefs.quiet_hours
        values = {
            "channels": sorted(prefs.channels),
            "opted_out": sorted(prefs.opted_out),
            "opt_out_all": prefs.opt_out_all,
            "locale": prefs.locale,
            "quiet_start": q.start.strftime("%H:%M") if q else None,
            "quiet_end": q.end.strftime("%H:%M") if q else None,
            "timezone": q.timezone if q else None,
            "updated_at": at,
            "updated_by": actor,
        }
        stmt = upsert(self.conn, p).values(email=email, **values)
        self.conn.execute(stmt.on_conflict_do_update(index_elements=["email"], set_=values))

    def customer_channels(self, email: str) -> set[str] | None:
        channels = {
            r[0]
            for r in self.conn.execute(
                select(t.orders.c.channel).where(t.orders.c.customer_email == email).distinct()
            )
        }
        if channels:
            return channels
        known = self.conn.execute(
            select(literal(1)).where(
                or_(
                    exists().where(t.customers.c.email == email), exists().where(p.c.email == email)
                )
            )
        ).first()
        return set() if known else None

    def record_event(
        self,
        order_id: int,
        type_: str,
        actor: str,
        at: datetime,
        data: dict,
        reason: str | None = None,
    ) -> None:
        self.conn.execute(
            insert(t.order_events).values(
                order_id=order_id,
                type=str(type_),
                actor=actor,
                reason=reason,
                data=data,
                created_at=at,
            )
        )
