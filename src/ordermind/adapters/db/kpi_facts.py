"""The KPIs' only door to the database (`SqlKpiFacts`, what `kpis.report.kpi_report`
reads): SQLAlchemy Core reads that work the same on SQLite and PostgreSQL. Aggregation that
SQL dialects disagree on (quantiles) happens in pandas on the per-order facts."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, false, func, select

from ordermind.kpis.facts import OrderFact, is_person, sourcing_costs
from ordermind.kpis.measures import facts_frame

from . import tables as t
from .sql import aware


class SqlKpiFacts:
    """A database's KPI facts (`kpis.report.KpiFacts`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def order_facts(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        *,
        channel: str | None = None,
        node: str | None = None,
        segment: str | None = None,
    ) -> pd.DataFrame:
        return load_facts(self.engine, start, end, channel, node, segment)

    def stockout_days(self, start: datetime, end: datetime, node: str | None = None) -> dict:
        return stockout_days(self.engine, start, end, node)


def _scope(start: datetime | None, end: datetime | None, channel: str | None):
    o = t.orders
    q = select(o.c.id).where(o.c.draft == false())
    if start is not None:
        q = q.where(o.c.created_at >= start)
    if end is not None:
        q = q.where(o.c.created_at < end)
    if channel:
        q = q.where(o.c.channel == channel)
    return q


def load_facts(
    engine: Engine,
    start: datetime | None = None,
    end: datetime | None = None,
    channel: str | None = None,
    node: str | None = None,
    segment: str | None = None,
) -> pd.DataFrame:
    """Per-order facts for orders created in [start, end)."""
    o, ol, sh, rt, ev = t.orders, t.order_lines, t.shipments, t.returns, t.order_events
    ids = _scope(start, end, channel)
    with engine.connect().execution_options(ordermind_readonly=True) as conn:
        headers = conn.execute(
            select(
                o.c.id,
                o.c.channel,
                o.c.created_at,
                o.c.status,
                o.c.promised_delivery_date,
                o.c.requested_delivery_date,
                o.c.sourcing,
                t.customers.c.segment,
            )
            .select_from(o.outerjoin(t.customers, t.customers.c.email == o.c.customer_email))
            .where(o.c.id.in_(ids))
        ).all()
        buckets = {
            r[0]: r[1:]
            for r in conn.execute(
                select(
                    ol.c.order_id,
                    func.sum(ol.c.ordered),
                    func.sum(ol.c.cancelled),
                    func.sum(ol.c.backordered),
                    func.sum(ol.c.shipped),
                    func.sum(ol.c.delivered),
                    func.sum(ol.c.returned),
                )
                .where(ol.c.order_id.in_(ids))
                .group_by(ol.c.order_id)
            )
        }
        shipments: dict[int, list] = {}
        for r in conn.execute(
            select(sh.c.order_id, sh.c.node, sh.c.shipped_at, sh.c.delivered_at)
            .where(sh.c.order_id.in_(ids))
            .order_by(sh.c.shipped_at)
        ):
            shipments.setdefault(r[0], []).append(r)
        allocated = dict(
            conn.execute(
                select(t.allocations.c.order_id, func.min(t.allocations.c.node))
                .where(t.allocations.c.order_id.in_(ids))
                .group_by(t.allocations.c.order_id)
            ).all()
        )
        returns: dict[int, int] = dict(
            conn.execute(
                select(rt.c.order_id, func.count())
                .where(rt.c.order_id.in_(ids), rt.c.status != "rejected")
                .group_by(rt.c.order_id)
            ).all()
        )
        actors: dict[int, list[str]] = {}
        for oid, actor in conn.execute(
            select(ev.c.order_id, ev.c.actor).distinct().where(ev.c.order_id.in_(ids))
        ):
            actors.setdefault(oid, []).append(actor)
        roles = dict(conn.execute(select(t.api_keys.c.prefix, t.api_keys.c.role)).all())
    facts = []
    for h in headers:
        b = buckets.get(h.id, (0,) * 6)
        ships = shipments.get(h.id, [])
        delivered_at = None
        if ships and all(s.delivered_at is not None for s in ships):
            delivered_at = max(d for s in ships if (d := aware(s.delivered_at)) is not None)
        shipping, handling, carbon = sourcing_costs(h.sourcing)
        facts.append(
            OrderFact(
                order_id=h.id,
                channel=h.channel,
                created_at=aware(h.created_at),
                status=h.status,
                promised=h.promised_delivery_date or h.requested_delivery_date,
                segment=h.segment,
                node=ships[0].node if ships else allocated.get(h.id),
                ordered=int(b[0] or 0),
                cancelled=int(b[1] or 0),
                backordered=int(b[2] or 0),
                shipped=int(b[3] or 0),
                delivered=int(b[4] or 0),
                returned=int(b[5] or 0),
                returns=int(returns.get(h.id, 0)),
                first_shipped_at=aware(ships[0].shipped_at) if ships else None,
                delivered_at=delivered_at,
                ship_nodes=len({s.node for s in ships}),
                shipping_cost=shipping,
                handling_cost=handling,
                carbon_kg=carbon,
                touched=any(is_person(a, roles) for a in actors.get(h.id, ())),
            )
        )
    df = facts_frame(facts)
    if node:
        df = df[df["node"] == node]
    if segment:
        df = df[df["segment"] == segment]
    return df.reset_index(drop=True)


def stock_levels(
    engine: Engine, start: datetime, end: datetime, node: str | None = None
) -> pd.DataFrame:
    """End-of-day on-hand per (node, sku, day) in [start, end), rebuilt backwards from today's
    counts: stock movements (counts, adjustments, receipts, restocks) and shipments (which
    consume stock without a movement row) after each day are undone."""
    inv, mv, sh = t.inventory, t.stock_movements, t.shipments
    with engine.connect().execution_options(ordermind_readonly=True) as conn:
        q = select(inv.c.node, inv.c.sku, inv.c.on_hand)
        if node:
            q = q.where(inv.c.node == node)
        now = pd.DataFrame(conn.execute(q).all(), columns=["node", "sku", "on_hand"])
        moves = pd.DataFrame(
            conn.execute(
                select(mv.c.node, mv.c.sku, mv.c.delta, mv.c.created_at).where(
                    mv.c.created_at >= start
                )
            ).all(),
            columns=["node", "sku", "delta", "at"],
        )
        shipped = []
        for n, lines, at in conn.execute(
            select(sh.c.node, sh.c.lines, sh.c.shipped_at).where(sh.c.shipped_at >= start)
        ):
            shipped += [(n, sku, -qty, at) for _, sku, qty in lines]
    changes = pd.concat([moves, pd.DataFrame(shipped, columns=moves.columns)])
    days = pd.date_range(
        pd.Timestamp(start).normalize(), pd.Timestamp(end), freq="D", inclusive="left"
    )
    if now.empty or len(days) == 0:
        return pd.DataFrame(columns=["node", "sku", "day", "on_hand"])
    per_key: dict[tuple[str, str], list[tuple[pd.Timestamp, int]]] = {}
    for n, sku, delta, at in changes.itertuples(index=False):
        day = (
            pd.Timestamp(at).tz_localize(None).normalize()
            if pd.Timestamp(at).tzinfo
            else pd.Timestamp(at).normalize()
        )
        per_key.setdefault((n, sku), []).append((day, int(delta)))
    frames = []
    for pos in now.itertuples(index=False):
        moves = per_key.get((pos.node, pos.sku), [])
        # level at the end of day d = now - changes on days after d
        after = [sum(q for day, q in moves if day > d) for d in days]
        frames.append(
            pd.DataFrame(
                {
                    "node": pos.node,
                    "sku": pos.sku,
                    "day": days,
                    "on_hand": [pos.on_hand - a for a in after],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def stockout_days(engine: Engine, start: datetime, end: datetime, node: str | None = None) -> dict:
    levels = stock_levels(engine, start, end, node)
    if levels.empty:
        return {"stockout_days": 0, "position_days": 0, "stockout_rate": None}
    out = int((levels["on_hand"] <= 0).sum())
    return {
        "stockout_days": out,
        "position_days": len(levels),
        "stockout_rate": round(out / len(levels), 4),
    }
