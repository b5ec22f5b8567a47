"""Daily demand of one SKU at one node: the actuals a forecast chart draws beside the
forecast, counted as planning counts them (`planning_repo.demand_lines`): units allocated
or released there, and units shipped from there, by the day the order was placed."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import Engine, select

from . import tables as t
from .sql import aware


class SqlDemand:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def daily(self, sku: str, node: str, since: datetime) -> list[tuple[date, int]]:
        o, a, s = t.orders, t.allocations, t.shipments
        held = (
            select(o.c.created_at, a.c.allocated + a.c.released)
            .join(o, o.c.id == a.c.order_id)
            .where(a.c.sku == sku, a.c.node == node, o.c.created_at >= since)
        )
        shipped = (
            select(o.c.created_at, s.c.lines)
            .join(o, o.c.id == s.c.order_id)
            .where(s.c.node == node, o.c.created_at >= since)
        )
        days: Counter[date] = Counter()
        with self.engine.connect() as conn:
            for at, qty in conn.execute(held):
                days[aware(at).date()] += int(qty or 0)
            for at, lines in conn.execute(shipped):
                days[aware(at).date()] += sum(int(q) for _, line_sku, q in lines if line_sku == sku)
        return sorted(days.items())
