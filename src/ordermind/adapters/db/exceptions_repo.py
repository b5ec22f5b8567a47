"""Order care on SQL: exceptions, delay scores, fix decisions, SKU substitutes, and the
reads the care scan needs (the orders that can have a finding, their release and carrier
scan events, the back-order queue).

One active exception per (order, cause) is the unique (order_id, open_cause): a second scan
opening the same cause inserts nothing (ON CONFLICT DO NOTHING) and an exception changed by
someone else since it was read is not written over (version check)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)

from ordermind.care.delay_features import (
    DAY,
    HANDOFF_WINDOW_NETWORK,
    HANDOFF_WINDOW_NODE,
    STALE_DAYS,
    Leg,
    NodeLoad,
    OrderState,
    Outcome,
)
from ordermind.domain.events import Event
from ordermind.domain.orders import Order
from ordermind.services.care_store import (
    LIVE_STATUSES,
    OPEN,
    QUEUE_DAYS,
    CareException,
    CareRepository,
    CarrierDelay,
    DelayRecord,
    ExceptionFilter,
    FixDecision,
    QueueLoads,
    TimelineFacts,
)

from . import tables as t
from .sql import aware, upsert

_EXC = t.care_exceptions
_RELEASED, _SCANNED = "order.released", "shipment.scanned"


def _exception(row) -> CareException:
    return CareException(
        id=row.id,
        order_id=row.order_id,
        channel=row.channel,
        cause=row.cause,
        type=row.type,
        severity=row.severity,
        money_at_risk=row.money_at_risk,
        currency=row.currency,
        promise_at_risk=row.promise_at_risk,
        explanation=row.explanation,
        details=row.details or {},
        opened_at=aware(row.opened_at),
        updated_at=aware(row.updated_at),
        status=row.status,
        active=row.open_cause is not None,
        closed_at=aware(row.closed_at),
        close_reason=row.close_reason,
        closed_by=row.closed_by,
        evaluation=row.evaluation,
        applied=row.applied,
        evaluated_at=aware(row.evaluated_at),
        applied_at=aware(row.applied_at),
        version=row.version,
    )


def _values(e: CareException) -> dict:
    return {
        "order_id": e.order_id,
        "channel": e.channel,
        "cause": e.cause,
        "open_cause": e.cause if e.active else None,
        "type": e.type,
        "status": e.status,
        "severity": e.severity,
        "money_at_risk": e.money_at_risk,
        "currency": e.currency,
        "promise_at_risk": e.promise_at_risk,
        "explanation": e.explanation,
        "details": e.details,
        "evaluation": e.evaluation,
        "applied": e.applied,
        "opened_at": e.opened_at,
        "updated_at": e.updated_at,
        "evaluated_at": e.evaluated_at,
        "applied_at": e.applied_at,
        "closed_at": e.closed_at,
        "close_reason": e.close_reason,
        "closed_by": e.closed_by,
    }


# Built once: a scan writes hundreds of these, and compiling each from a fresh .values()
# cost more than running it.
_INSERTS: dict[str, object] = {}
_UPDATE_EXCEPTION = update(_EXC).where(
    _EXC.c.id == bindparam("b_id"), _EXC.c.version == bindparam("b_version")
)


def _insert_exception(conn: Connection):
    name = conn.dialect.name
    stmt = _INSERTS.get(name)
    if stmt is None:
        stmt = _INSERTS[name] = (
            upsert(conn, _EXC)
            .on_conflict_do_nothing(index_elements=["order_id", "open_cause"])
            .returning(_EXC.c.id)
        )
    return stmt


def _when(value: object, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            return aware(datetime.fromisoformat(value))
        except ValueError:
            return default
    return default


def _epoch(conn: Connection, column: str) -> str:
    """SQL for a timestamp column as seconds since 1970 (float), in the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) AS DOUBLE PRECISION)"
    return f"((julianday({column}) - 2440587.5) * 86400.0)"


_TS = DateTime(timezone=True)
_WINDOW_BINDS = [bindparam(n, type_=_TS) for n in ("now", "d7", "d30", "d35")]

# Each node's queue at :now, as `NodeTimeline` counts it (see `SqlCare.queue_loads`): a leg
# per (order, node) of its allocations and shipments (a node-less one for an order with
# neither), waiting while the order has no shipment and no cancellation.
_QUEUE_SQL = """
WITH w AS (
  SELECT o.id, o.created_at,
    CASE WHEN NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)
          AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id
                          AND e.type = 'order.cancelled' AND e.created_at >= :d35)
         THEN 1 ELSE 0 END AS waiting
  FROM orders o
  WHERE o.draft = :false AND o.created_at >= :d35 AND o.created_at < :now
),
legs AS (
  SELECT a.order_id, a.node FROM allocations a JOIN w ON w.id = a.order_id
  UNION
  SELECT s.order_id, s.node FROM shipments s JOIN w ON w.id = s.order_id
),
every_leg AS (
  SELECT order_id, node FROM legs
  UNION ALL
  SELECT w.id, NULL FROM w WHERE NOT EXISTS (SELECT 1 FROM legs l WHERE l.order_id = w.id)
)
SELECT l.node,
  SUM(CASE WHEN w.created_at >= :d7 THEN 1 ELSE 0 END) AS orders_7d,
  SUM(CASE WHEN w.created_at < :d7 THEN 1 ELSE 0 END) AS orders_prior_28d,
  SUM(CASE WHEN w.created_at >= :d30 AND w.waiting = 1 THEN 1 ELSE 0 END) AS backlog,
  SUM(CASE WHEN w.created_at >= :d30 AND w.waiting = 1 THEN {placed} ELSE 0 END) AS placed_sum
FROM every_leg l JOIN w ON w.id = l.order_id
GROUP BY l.node
"""

# Hand-offs in [:h60, :now) and their placed -> hand-off seconds: a leg hands off at its own
# node's first shipment, else at the order's first (as `queue_entries` takes it); the
# median per node (and over every node's hand-offs since :h7) by row number, which both
# SQLite and PostgreSQL can do.
_HANDOFF_SQL = """
WITH shipped AS (
  SELECT DISTINCT s.order_id FROM shipments s WHERE s.shipped_at >= :h60 AND s.shipped_at < :now
),
own AS (
  SELECT s.order_id, s.node, MIN(s.shipped_at) AS at
  FROM shipments s JOIN shipped ON shipped.order_id = s.order_id
  GROUP BY s.order_id, s.node
),
first_ship AS (SELECT order_id, MIN(at) AS at FROM own GROUP BY order_id),
alloc AS (
  SELECT DISTINCT a.order_id, a.node FROM allocations a
  JOIN shipped ON shipped.order_id = a.order_id
),
legs AS (
  SELECT order_id, node, at FROM own
  UNION ALL
  SELECT a.order_id, a.node, f.at FROM alloc a JOIN first_ship f ON f.order_id = a.order_id
  WHERE NOT EXISTS (SELECT 1 FROM own x WHERE x.order_id = a.order_id AND x.node = a.node)
),
lags AS (
  SELECT l.node, l.at, {left} - {placed} AS lag
  FROM legs l JOIN orders o ON o.id = l.order_id
  WHERE o.draft = :false AND l.at >= :h60 AND l.at < :now
),
per_node AS (
  SELECT node, lag, ROW_NUMBER() OVER (PARTITION BY node ORDER BY lag) AS rn,
         COUNT(*) OVER (PARTITION BY node) AS n
  FROM lags
),
network AS (
  SELECT lag, ROW_NUMBER() OVER (ORDER BY lag) AS rn, COUNT(*) OVER () AS n
  FROM lags WHERE at >= :h7
)
SELECT node, AVG(lag) AS p50, MAX(n) AS n FROM per_node
WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY node
UNION ALL
SELECT '*network*', AVG(lag), MAX(n) FROM network WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
"""
MIN_HANDOFFS = 3  # as `NodeTimeline`: a median of fewer hand-offs is not a pace


def _delay(row) -> CarrierDelay:
    return CarrierDelay(
        row.carrier,
        float(row.extra_days),
        aware(row.starts_at),
        aware(row.ends_at),
        row.reason,
        row.set_by,
        aware(row.set_at),
    )


class SqlCare(CareRepository):
    def __init__(self, conn: Connection, orders) -> None:
        self.conn = conn
        self.orders = orders

    # -- the scan's reads ----------------------------------------------------------------
    def scan_candidates(self, after_id: int, limit: int) -> list[int]:
        o = t.orders
        received = select(t.returns.c.order_id).where(t.returns.c.status == "received")
        active = select(_EXC.c.order_id).where(_EXC.c.open_cause.is_not(None))
        q = (
            select(o.c.id)
            .where(
                o.c.id > after_id,
                or_(o.c.status.in_(LIVE_STATUSES), o.c.id.in_(received), o.c.id.in_(active)),
            )
            .order_by(o.c.id)
            .limit(limit)
        )
        return list(self.conn.execute(q).scalars())

    def load_orders(self, ids: Sequence[int]) -> list[Order]:
        # Many orders in a handful of statements (SqlOrders.get reads one at a time).
        return self.orders._load(list(ids))

    def timeline_facts(self, ids: Sequence[int]) -> dict[int, TimelineFacts]:
        if not ids:
            return {}
        e = t.order_events
        releases: dict[int, list[tuple[str, datetime]]] = {}
        scans: dict[int, dict[str, datetime]] = {}
        rows = self.conn.execute(
            select(e.c.order_id, e.c.type, e.c.data, e.c.created_at)
            .where(e.c.order_id.in_(list(ids)), e.c.type.in_((_RELEASED, _SCANNED)))
            .order_by(e.c.id)
        )
        for oid, type_, data, at in rows:
            at = aware(at)
            data = data or {}
            if type_ == _RELEASED:
                releases.setdefault(oid, []).extend(
                    (r["node"], at) for r in data.get("released", ()) if r.get("node")
                )
            else:
                sid, when = data.get("shipment_id"), _when(data.get("at"), at)
                got = scans.setdefault(oid, {})
                if sid and (sid not in got or when > got[sid]):
                    got[sid] = when
        return {
            oid: TimelineFacts(tuple(releases.get(oid, ())), scans.get(oid, {}))
            for oid in set(releases) | set(scans)
        }

    def backorder_queue(self) -> list[tuple[int, str, int]]:
        ol, o = t.order_lines, t.orders
        q = (
            select(ol.c.order_id, ol.c.sku, ol.c.backordered)
            .select_from(ol.join(o, o.c.id == ol.c.order_id))
            .where(ol.c.backordered > 0, o.c.status.not_in(("cancelled", "closed", "draft")))
            .order_by(ol.c.order_id, ol.c.line_no)
        )
        return [(oid, sku, qty) for oid, sku, qty in self.conn.execute(q)]

    def queue_loads(self, now: datetime, nodes: Iterable[str]) -> QueueLoads:
        """Two aggregate reads, bounded by time: the orders placed in the last 35 days
        (queues and intake, per node in SQL) and the hand-offs of the last 60 (the
        median pace per node, in SQL): nothing older is read, nothing per order returned."""
        conn = self.conn
        placed = _epoch(conn, "w.created_at")
        queue = text(_QUEUE_SQL.replace("{placed}", placed)).bindparams(*_WINDOW_BINDS)
        at = {
            "now": now,
            "d7": now - timedelta(days=7),
            "d30": now - timedelta(days=STALE_DAYS),
            "d35": now - timedelta(days=QUEUE_DAYS),
            "false": False,
        }
        counts: dict[str | None, tuple[int, int, int, float]] = {}
        for node, n7, n28, backlog, placed_sum in conn.execute(queue, at):
            counts[node] = (
                int(n7 or 0),
                int(n28 or 0),
                int(backlog or 0),
                float(placed_sum or 0.0),
            )
        handoff = text(
            _HANDOFF_SQL.replace("{left}", _epoch(conn, "l.at")).replace(
                "{placed}", _epoch(conn, "o.created_at")
            )
        ).bindparams(*[bindparam(n, type_=_TS) for n in ("now", "h60", "h7")])
        pace: dict[str, float] = {}
        for node, p50, n in conn.execute(
            handoff,
            {
                "now": now,
                "h60": now - timedelta(days=HANDOFF_WINDOW_NODE),
                "h7": now - timedelta(days=HANDOFF_WINDOW_NETWORK),
                "false": False,
            },
        ):
            if p50 is not None and n is not None and n >= MIN_HANDOFFS:
                pace[node] = float(p50) / DAY
        t = now.timestamp()

        def load(rows: list[tuple[int, int, int, float]], p50: float | None) -> NodeLoad:
            n7, n28 = sum(r[0] for r in rows), sum(r[1] for r in rows)
            backlog, placed_sum = sum(r[2] for r in rows), sum(r[3] for r in rows)
            age = (backlog * t - placed_sum) / backlog / DAY if backlog else None
            return NodeLoad(
                backlog=backlog,
                orders_7d=n7,
                orders_prior_28d=n28,
                waiting_age_days=age,
                handoff_p50_days=p50,
            )

        out = {}
        for node in nodes:
            got = counts.get(node)
            out[node] = (
                load([got] if got else [], pace.get(node))
                if got or node in pace
                else NodeLoad(backlog=0, orders_7d=0, orders_prior_28d=0)
            )
        return QueueLoads(out, load(list(counts.values()), pace.get("*network*")))

    def carrier_mix(self, since: datetime, until: datetime) -> dict[str, dict[str, int]]:
        sh = t.shipments
        q = (
            select(sh.c.node, sh.c.carrier, func.count())
            .where(sh.c.shipped_at >= since, sh.c.shipped_at < until)
            .group_by(sh.c.node, sh.c.carrier)
        )
        out: dict[str, dict[str, int]] = {}
        for node, carrier, n in self.conn.execute(q):
            out.setdefault(node, {})[carrier] = int(n)
        return out

    def delivery_history(self, since: datetime) -> tuple[list[OrderState], dict[str, Outcome]]:
        o, sh = t.orders, t.shipments
        ids = select(o.c.id).where(o.c.draft.is_(False), o.c.created_at >= since)
        ships: dict[int, list] = {}
        for r in self.conn.execute(
            select(sh.c.order_id, sh.c.node, sh.c.shipped_at, sh.c.delivered_at)
            .where(sh.c.order_id.in_(ids))
            .order_by(sh.c.order_id, sh.c.shipped_at)
        ):
            ships.setdefault(r.order_id, []).append(r)
        states, outcomes = [], {}
        for oid, created, ship_to in self.conn.execute(
            select(o.c.id, o.c.created_at, o.c.ship_to).where(o.c.id.in_(ids)).order_by(o.c.id)
        ):
            got = ships.get(oid, [])
            legs = (
                (
                    Leg(
                        node=got[0].node,
                        origin_region=got[0].node,
                        shipped_at=aware(got[0].shipped_at),
                    ),
                )
                if got
                else ()
            )
            to = ship_to or {}
            key = str(oid)
            states.append(
                OrderState(
                    order_id=key,
                    placed_at=aware(created),
                    promised_by=None,
                    legs=legs,
                    dest_region=to.get("region") or to.get("city"),
                )
            )
            arrived = [aware(r.delivered_at) for r in got]
            outcomes[key] = Outcome(
                order_id=key,
                handed_off_at=legs[0].shipped_at if legs else None,
                delivered_at=max(arrived) if arrived and None not in arrived else None,
            )
        return states, outcomes

    # -- announced carrier delays ------------------------------------------------------------
    def carrier_delays(self, carrier: str | None = None) -> list[CarrierDelay]:
        d = t.carrier_delays
        q = select(d).order_by(d.c.carrier)
        if carrier is not None:
            q = q.where(d.c.carrier == carrier)
        return [_delay(r) for r in self.conn.execute(q)]

    def put_carrier_delay(self, delay: CarrierDelay) -> None:
        d = t.carrier_delays
        values = {
            "carrier": delay.carrier,
            "extra_days": delay.extra_days,
            "starts_at": delay.starts_at,
            "ends_at": delay.ends_at,
            "reason": delay.reason,
            "set_by": delay.set_by[:64],
            "set_at": delay.set_at,
        }
        stmt = upsert(self.conn, d).values(**values)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["carrier"],
                set_={k: stmt.excluded[k] for k in values if k != "carrier"},
            )
        )

    def delete_carrier_delay(self, carrier: str) -> bool:
        d = t.carrier_delays
        return bool(self.conn.execute(delete(d).where(d.c.carrier == carrier)).rowcount)

    # -- exceptions ------------------------------------------------------------------------
    def open_exceptions(self, order_ids: Iterable[int]) -> list[CareException]:
        ids = list(order_ids)
        if not ids:
            return []
        q = (
            select(_EXC)
            .where(_EXC.c.order_id.in_(ids), _EXC.c.open_cause.is_not(None))
            .order_by(_EXC.c.id)
        )
        return [_exception(r) for r in self.conn.execute(q)]

    def add_exception(self, exc: CareException) -> bool:
        stmt = _insert_exception(self.conn)
        new_id = self.conn.execute(stmt, {**_values(exc), "version": 0}).scalar()
        if new_id is None:
            return False
        exc.id, exc.version = new_id, 0
        return True

    def save_exception(self, exc: CareException) -> bool:
        done = self.conn.execute(
            _UPDATE_EXCEPTION,
            {**_values(exc), "version": exc.version + 1, "b_id": exc.id, "b_version": exc.version},
        ).rowcount
        if done:
            exc.version += 1
        return bool(done)

    def get_exception(self, exception_id: int) -> CareException | None:
        row = self.conn.execute(select(_EXC).where(_EXC.c.id == exception_id)).first()
        return _exception(row) if row else None

    def list_exceptions(
        self, flt: ExceptionFilter, cursor: int | None, limit: int
    ) -> list[CareException]:
        q = select(_EXC).order_by(_EXC.c.id.desc()).limit(limit)
        if cursor is not None:
            q = q.where(_EXC.c.id < cursor)
        for column, value in (
            (_EXC.c.status, flt.status),
            (_EXC.c.type, flt.type),
            (_EXC.c.severity, flt.severity),
            (_EXC.c.channel, flt.channel),
            (_EXC.c.order_id, flt.order_id),
        ):
            if value is not None:
                q = q.where(column == value)
        return [_exception(r) for r in self.conn.execute(q)]

    def awaiting_auto(
        self,
        types: Sequence[str],
        after_id: int,
        limit: int,
        evaluated_before: datetime | None = None,
    ) -> list[CareException]:
        stale = [_EXC.c.evaluated_at.is_(None), _EXC.c.evaluated_at < _EXC.c.updated_at]
        if evaluated_before is not None:
            stale.append(_EXC.c.evaluated_at < evaluated_before)
        q = (
            select(_EXC)
            .where(
                _EXC.c.id > after_id,
                _EXC.c.status == OPEN,
                _EXC.c.type.in_(list(types)),
                _EXC.c.applied_at.is_(None),
                or_(*stale),
            )
            .order_by(_EXC.c.id)
            .limit(limit)
        )
        return [_exception(r) for r in self.conn.execute(q)]

    # -- delay scores ----------------------------------------------------------------------
    def delay_scores(self, order_ids: Iterable[int]) -> dict[int, DelayRecord]:
        ids = list(order_ids)
        if not ids:
            return {}
        d = t.delay_scores
        return {
            r.order_id: DelayRecord(
                r.order_id,
                r.late_probability,
                tuple(r.top_factors or ()),
                r.model_version,
                r.fallback_used,
                r.fallback_reason,
                r.stage,
                aware(r.scored_at),
            )
            for r in self.conn.execute(select(d).where(d.c.order_id.in_(ids)))
        }

    def put_delay_scores(self, records: Sequence[DelayRecord]) -> None:
        if not records:
            return
        d = t.delay_scores
        stmt = upsert(self.conn, d)
        stmt = stmt.on_conflict_do_update(
            index_elements=["order_id"],
            set_={
                c: stmt.excluded[c]
                for c in (
                    "late_probability",
                    "top_factors",
                    "model_version",
                    "fallback_used",
                    "fallback_reason",
                    "stage",
                    "scored_at",
                )
            },
        )
        self.conn.execute(
            stmt,
            [
                {
                    "order_id": r.order_id,
                    "late_probability": r.late_probability,
                    "top_factors": list(r.top_factors),
                    "model_version": r.model_version,
                    "fallback_used": r.fallback_used,
                    "fallback_reason": r.fallback_reason,
                    "stage": r.stage,
                    "scored_at": r.scored_at,
                }
                for r in records
            ],
        )

    # -- decisions ---------------------------------------------------------------------------
    def add_decisions(self, decisions: Sequence[FixDecision]) -> None:
        if not decisions:
            return
        self.conn.execute(
            insert(t.care_fix_decisions),
            [
                {
                    "exception_id": d.exception_id,
                    "order_id": d.order_id,
                    "exception_type": d.exception_type,
                    "fix_type": d.fix_type,
                    "fix_key": d.fix_key[:200],
                    "position": d.position,
                    "chosen": d.chosen,
                    "decision": d.decision,
                    "auto": d.auto,
                    "actor": d.actor[:64],
                    "effects": d.effects,
                    "ranker": d.ranker,
                    "note": d.note,
                    "created_at": d.at,
                }
                for d in decisions
            ],
        )

    def decisions(self, limit: int, people_only: bool = False) -> list[FixDecision]:
        d = t.care_fix_decisions
        q = select(d).order_by(d.c.id.desc()).limit(limit)
        if people_only:
            q = q.where(d.c.auto.is_(False))
        return [
            FixDecision(
                r.exception_id,
                r.order_id,
                r.exception_type,
                r.fix_type,
                r.fix_key,
                r.position,
                r.chosen,
                r.decision,
                r.auto,
                r.actor,
                r.effects or {},
                r.ranker,
                aware(r.created_at),
                r.note,
            )
            for r in self.conn.execute(q)
        ]

    def decision_stamp(self) -> tuple:
        d = t.care_fix_decisions
        count = self.conn.execute(
            select(func.count()).select_from(d).where(d.c.auto.is_(False))
        ).scalar()
        return (self.conn.engine.url.render_as_string(hide_password=True), int(count or 0))

    # -- substitutes -----------------------------------------------------------------------
    def substitutes(self, skus: Iterable[str]) -> dict[str, list[str]]:
        wanted = list(set(skus))
        if not wanted:
            return {}
        s = t.product_substitutes
        out: dict[str, list[str]] = {}
        for sku, sub in self.conn.execute(
            select(s.c.sku, s.c.substitute).where(s.c.sku.in_(wanted)).order_by(s.c.sku, s.c.rank)
        ):
            out.setdefault(sku, []).append(sub)
        return out

    def set_substitutes(self, sku: str, substitutes: Sequence[str]) -> None:
        s = t.product_substitutes
        self.conn.execute(delete(s).where(s.c.sku == sku))
        if substitutes:
            self.conn.execute(
                insert(s),
                [{"sku": sku, "substitute": sub, "rank": i} for i, sub in enumerate(substitutes)],
            )

    # -- the timeline ------------------------------------------------------------------------
    def append_events(self, order_id: int, events: Sequence[Event]) -> None:
        self.append_events_many([(order_id, events)])

    def append_events_many(self, batch: Sequence[tuple[int, Sequence[Event]]]) -> None:
        rows = [
            {
                "order_id": order_id,
                "type": str(e.type),
                "actor": e.actor[:64],
                "reason": e.reason,
                "status_before": e.status_before,
                "status_after": e.status_after,
                "data": e.data,
                "created_at": e.at,
            }
            for order_id, events in batch
            for e in events
        ]
        if rows:
            self.conn.execute(insert(t.order_events), rows)


def delay_scorer(
    engine: Engine, model_dir: str | Path | None = None, lane_days: float | None = None
):
    """A `DelayScorer` for the store: the model in `model_dir` when there is one (it keeps
    its own lane table; the recent delivery conditions are read once, here), else the rule
    fallback on lane timing learnt from the orders the store delivered among those placed
    in the last `lane_days` days (ORDERMIND_CARE_LANE_DAYS, default 60; default timing when
    there are none)."""
    import os
    from datetime import timedelta

    from ordermind.care import DelayScorer
    from ordermind.care.delay_training import delivered
    from ordermind.care.lanes import LaneTable
    from ordermind.domain.clock import utcnow

    scorer = DelayScorer(model_dir)
    if scorer.model is not None:
        # the model learnt from rows that carried the delivery conditions of their day
        # (history_features): live scores read them from the store's recent deliveries
        from ordermind.services.care import delivery_feed

        from .unit_of_work import SqlUnitOfWork

        with SqlUnitOfWork(engine, readonly=True) as work:
            scorer.deliveries = delivery_feed(work, utcnow())
        return scorer
    from .care_repo import order_history

    days = (
        lane_days
        if lane_days is not None
        else float(os.environ.get("ORDERMIND_CARE_LANE_DAYS", "60"))
    )
    states, outcomes = order_history(engine, since=utcnow() - timedelta(days=days))
    history = delivered(states, outcomes)
    return DelayScorer(model_dir, lanes=LaneTable.fit(history)) if history else scorer


__all__ = ["SqlCare", "delay_scorer"]
