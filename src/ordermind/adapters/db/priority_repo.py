"""What ranking waiting orders reads: each customer's order history (lifetime value) and a
node's release-wave candidates. Both are bounded, indexed reads (orders by customer e-mail;
allocations by node)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, and_, func, select

from ordermind.services.unit_of_work import CustomerHistory, PriorityReadRepository

from . import tables as t


class SqlPriorityReads(PriorityReadRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def customer_history(self, emails: Collection[str]) -> dict[str, CustomerHistory]:
        wanted = sorted(set(emails))
        if not wanted:
            return {}
        o, c = t.orders, t.customers
        segments = dict(
            self.conn.execute(select(c.c.email, c.c.segment).where(c.c.email.in_(wanted))).all()
        )
        rows = self.conn.execute(
            select(o.c.customer_email, func.count(), func.coalesce(func.sum(o.c.total), 0))
            .where(o.c.customer_email.in_(wanted), o.c.draft.is_(False), o.c.status != "cancelled")
            .group_by(o.c.customer_email)
        )
        found = {
            email: CustomerHistory(int(n), int(spend), segments.get(email))
            for email, n, spend in rows
        }
        for email, segment in segments.items():
            found.setdefault(email, CustomerHistory(0, 0, segment))
        return found

    def waiting_at(self, node: str, limit: int) -> list[int]:
        a, o = t.allocations, t.orders
        waiting = (
            select(a.c.order_id).where(a.c.node == node, a.c.allocated > 0).distinct().subquery()
        )
        q = (
            select(o.c.id)
            .select_from(o.join(waiting, waiting.c.order_id == o.c.id))
            .where(and_(o.c.status != "on_hold", o.c.draft.is_(False)))
            .order_by(o.c.promised_delivery_date.is_(None), o.c.promised_delivery_date, o.c.id)
            .limit(limit)
        )
        return list(self.conn.execute(q).scalars())

    def released_lines_at(self, node: str) -> int:
        a = t.allocations
        return int(
            self.conn.execute(
                select(func.count()).where(a.c.node == node, a.c.released > 0)
            ).scalar()
            or 0
        )
