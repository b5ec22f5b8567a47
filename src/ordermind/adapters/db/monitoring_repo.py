from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from ordermind.services.ports import PlacedOrder, Row

from . import tables as t
from .sql import aware, now, upsert


class SqlMonitoring:
    """The `MonitoringRepository` port, by shape."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def placed_after(
        self, order_id: int, since: datetime | None = None, limit: int = 50_000
    ) -> list[PlacedOrder]:
        """(id, created_at, channel, total) of orders after a cursor, oldest first."""
        o = t.orders
        q = (
            select(o.c.id, o.c.created_at, o.c.channel, o.c.total)
            .where(o.c.id > order_id, o.c.draft.is_(False))
            .order_by(o.c.id)
            .limit(limit)
        )
        if since is not None:
            q = q.where(o.c.created_at >= since)
        return [(i, aware(ts), ch, tot) for i, ts, ch, tot in self.conn.execute(q)]

    def raise_alert(
        self, kind: str, channel: str, at: datetime, observed: float, expected: float, message: str
    ) -> bool:
        """Store an alert once (several workers may see the same one); True when new. A new
        alert is also an `alert.raised` event, so webhook subscribers hear of it."""
        stmt = (
            upsert(self.conn, t.alerts)
            .values(
                kind=kind,
                channel=channel,
                at=at,
                observed=observed,
                expected=expected,
                message=message,
                created_at=now(),
            )
            .on_conflict_do_nothing(index_elements=["kind", "channel", "at"])
            .returning(t.alerts.c.id)
        )
        if self.conn.execute(stmt).first() is None:
            return False
        self.conn.execute(
            insert(t.order_events).values(
                order_id=None,
                type="alert.raised",
                actor="monitor",
                reason=message,
                data={
                    "kind": kind,
                    "channel": channel,
                    "at": at.isoformat(),
                    "observed": observed,
                    "expected": expected,
                },
                created_at=now(),
            )
        )
        return True

    def alerts(self, since: datetime | None, limit: int, channel: str | None = None) -> list[Row]:
        a = t.alerts
        q = select(a).order_by(a.c.at.desc()).limit(limit)
        if since is not None:
            q = q.where(a.c.at >= since)
        if channel is not None:
            q = q.where(a.c.channel == channel)
        return [
            {**dict(r._mapping), "at": aware(r.at), "created_at": aware(r.created_at)}
            for r in self.conn.execute(q)
        ]
