"""Order care on SQL: exceptions, delay scores, fix decisions, SKU substitutes, and the
reads the care scan needs (the orders that can have a finding, their release and carrier
scan events, the back-order queue).

One active exception per (order, cause) is the unique (order_id, open_cause): a second scan
opening the same cause inserts nothing (ON CONFLICT DO NOTHING) and an exception changed by
someone else since it was read is not written over (version check)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, bindparam, delete, insert, or_, select, update

from ordermind.domain.events import Event
from ordermind.domain.orders import Order
from ordermind.services.care_store import (
    LIVE_STATUSES,
    OPEN,
    CareException,
    CareRepository,
    DelayRecord,
    ExceptionFilter,
    FixDecision,
    TimelineFacts,
)

from . import tables as t
from .sql import aware, upsert

_EXC = t.care_exceptions
_RELEASED, _SCANNED = "order.released", "shipment.scanned"


def _exception(row) -> CareException:  # noqa: ANN001
    return CareException(
        id=row.id, order_id=row.order_id, channel=row.channel, cause=row.cause, type=row.type,
        severity=row.severity, money_at_risk=row.money_at_risk, currency=row.currency,
        promise_at_risk=row.promise_at_risk, explanation=row.explanation,
        details=row.details or {}, opened_at=aware(row.opened_at),  # type: ignore[arg-type]
        updated_at=aware(row.updated_at), status=row.status,  # type: ignore[arg-type]
        active=row.open_cause is not None, closed_at=aware(row.closed_at),
        close_reason=row.close_reason, closed_by=row.closed_by, evaluation=row.evaluation,
        applied=row.applied, evaluated_at=aware(row.evaluated_at),
        applied_at=aware(row.applied_at), version=row.version)


def _values(e: CareException) -> dict:
    return {
        "order_id": e.order_id, "channel": e.channel, "cause": e.cause,
        "open_cause": e.cause if e.active else None, "type": e.type, "status": e.status,
        "severity": e.severity, "money_at_risk": e.money_at_risk, "currency": e.currency,
        "promise_at_risk": e.promise_at_risk, "explanation": e.explanation,
        "details": e.details, "evaluation": e.evaluation, "applied": e.applied,
        "opened_at": e.opened_at, "updated_at": e.updated_at,
        "evaluated_at": e.evaluated_at, "applied_at": e.applied_at, "closed_at": e.closed_at,
        "close_reason": e.close_reason, "closed_by": e.closed_by,
    }


# Built once: a scan writes hundreds of these, and compiling each from a fresh .values()
# cost more than running it.
_INSERTS: dict[str, object] = {}
_UPDATE_EXCEPTION = update(_EXC).where(_EXC.c.id == bindparam("b_id"),
                                       _EXC.c.version == bindparam("b_version"))


def _insert_exception(conn: Connection):  # noqa: ANN202
    name = conn.dialect.name
    stmt = _INSERTS.get(name)
    if stmt is None:
        stmt = _INSERTS[name] = (upsert(conn, _EXC)
                                 .on_conflict_do_nothing(index_elements=["order_id",
                                                                         "open_cause"])
                                 .returning(_EXC.c.id))
    return stmt


def _when(value: object, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            return aware(datetime.fromisoformat(value))  # type: ignore[return-value]
        except ValueError:
            return default
    return default


class SqlCare(CareRepository):
    def __init__(self, conn: Connection, orders) -> None:  # noqa: ANN001 - SqlOrders
        self.conn = conn
        self.orders = orders

    # -- the scan's reads ----------------------------------------------------------------
    def scan_candidates(self, after_id: int, limit: int) -> list[int]:
        o = t.orders
        received = select(t.returns.c.order_id).where(t.returns.c.status == "received")
        active = select(_EXC.c.order_id).where(_EXC.c.open_cause.is_not(None))
        q = (select(o.c.id)
             .where(o.c.id > after_id,
                    or_(o.c.status.in_(LIVE_STATUSES), o.c.id.in_(received), o.c.id.in_(active)))
             .order_by(o.c.id).limit(limit))
        return list(self.conn.execute(q).scalars())

    def load_orders(self, ids: Sequence[int]) -> list[Order]:
        # Many orders in a handful of statements (SqlOrders.get reads one at a time).
        return self.orders._load(list(ids))  # noqa: SLF001

    def timeline_facts(self, ids: Sequence[int]) -> dict[int, TimelineFacts]:
        if not ids:
            return {}
        e = t.order_events
        releases: dict[int, list[tuple[str, datetime]]] = {}
        scans: dict[int, dict[str, datetime]] = {}
        rows = self.conn.execute(
            select(e.c.order_id, e.c.type, e.c.data, e.c.created_at)
            .where(e.c.order_id.in_(list(ids)), e.c.type.in_((_RELEASED, _SCANNED)))
            .order_by(e.c.id))
        for oid, type_, data, at in rows:
            at = aware(at)
            data = data or {}
            if type_ == _RELEASED:
                releases.setdefault(oid, []).extend(
                    (r["node"], at) for r in data.get("released", ()) if r.get("node"))
            else:
                sid, when = data.get("shipment_id"), _when(data.get("at"), at)
                got = scans.setdefault(oid, {})
                if sid and (sid not in got or when > got[sid]):
                    got[sid] = when
        return {oid: TimelineFacts(tuple(releases.get(oid, ())), scans.get(oid, {}))
                for oid in set(releases) | set(scans)}

    def backorder_queue(self) -> list[tuple[int, str, int]]:
        ol, o = t.order_lines, t.orders
        q = (select(ol.c.order_id, ol.c.sku, ol.c.backordered)
             .select_from(ol.join(o, o.c.id == ol.c.order_id))
             .where(ol.c.backordered > 0, o.c.status.not_in(("cancelled", "closed", "draft")))
             .order_by(ol.c.order_id, ol.c.line_no))
        return [(oid, sku, qty) for oid, sku, qty in self.conn.execute(q)]

    # -- exceptions ------------------------------------------------------------------------
    def open_exceptions(self, order_ids: Iterable[int]) -> list[CareException]:
        ids = list(order_ids)
        if not ids:
            return []
        q = select(_EXC).where(_EXC.c.order_id.in_(ids), _EXC.c.open_cause.is_not(None)) \
            .order_by(_EXC.c.id)
        return [_exception(r) for r in self.conn.execute(q)]

    def add_exception(self, exc: CareException) -> bool:
        stmt = _insert_exception(self.conn)
        new_id = self.conn.execute(stmt, {**_values(exc), "version": 0}).scalar()
        if new_id is None:
            return False
        exc.id, exc.version = new_id, 0
        return True

    def save_exception(self, exc: CareException) -> bool:
        done = self.conn.execute(_UPDATE_EXCEPTION, {
            **_values(exc), "version": exc.version + 1, "b_id": exc.id,
            "b_version": exc.version}).rowcount
        if done:
            exc.version += 1
        return bool(done)

    def get_exception(self, exception_id: int) -> CareException | None:
        row = self.conn.execute(select(_EXC).where(_EXC.c.id == exception_id)).first()
        return _exception(row) if row else None

    def list_exceptions(self, flt: ExceptionFilter, cursor: int | None,
                        limit: int) -> list[CareException]:
        q = select(_EXC).order_by(_EXC.c.id.desc()).limit(limit)
        if cursor is not None:
            q = q.where(_EXC.c.id < cursor)
        for column, value in ((_EXC.c.status, flt.status), (_EXC.c.type, flt.type),
                              (_EXC.c.severity, flt.severity), (_EXC.c.channel, flt.channel),
                              (_EXC.c.order_id, flt.order_id)):
            if value is not None:
                q = q.where(column == value)
        return [_exception(r) for r in self.conn.execute(q)]

    def awaiting_auto(self, types: Sequence[str], after_id: int, limit: int,
                      evaluated_before: datetime | None = None) -> list[CareException]:
        stale = [_EXC.c.evaluated_at.is_(None), _EXC.c.evaluated_at < _EXC.c.updated_at]
        if evaluated_before is not None:
            stale.append(_EXC.c.evaluated_at < evaluated_before)
        q = (select(_EXC)
             .where(_EXC.c.id > after_id, _EXC.c.status == OPEN, _EXC.c.type.in_(list(types)),
                    _EXC.c.applied_at.is_(None), or_(*stale))
             .order_by(_EXC.c.id).limit(limit))
        return [_exception(r) for r in self.conn.execute(q)]

    # -- delay scores ----------------------------------------------------------------------
    def delay_scores(self, order_ids: Iterable[int]) -> dict[int, DelayRecord]:
        ids = list(order_ids)
        if not ids:
            return {}
        d = t.delay_scores
        return {r.order_id: DelayRecord(r.order_id, r.late_probability,
                                        tuple(r.top_factors or ()), r.model_version,
                                        r.fallback_used, r.fallback_reason, r.stage,
                                        aware(r.scored_at))  # type: ignore[arg-type]
                for r in self.conn.execute(select(d).where(d.c.order_id.in_(ids)))}

    def put_delay_scores(self, records: Sequence[DelayRecord]) -> None:
        if not records:
            return
        d = t.delay_scores
        stmt = upsert(self.conn, d)
        stmt = stmt.on_conflict_do_update(index_elements=["order_id"], set_={
            c: stmt.excluded[c] for c in ("late_probability", "top_factors", "model_version",
                                          "fallback_used", "fallback_reason", "stage",
                                          "scored_at")})
        self.conn.execute(stmt, [
            {"order_id": r.order_id, "late_probability": r.late_probability,
             "top_factors": list(r.top_factors), "model_version": r.model_version,
             "fallback_used": r.fallback_used, "fallback_reason": r.fallback_reason,
             "stage": r.stage, "scored_at": r.scored_at} for r in records])

    # -- decisions ---------------------------------------------------------------------------
    def add_decisions(self, decisions: Sequence[FixDecision]) -> None:
        if not decisions:
            return
        self.conn.execute(insert(t.care_fix_decisions), [
            {"exception_id": d.exception_id, "order_id": d.order_id,
             "exception_type": d.exception_type, "fix_type": d.fix_type,
             "fix_key": d.fix_key[:200], "position": d.position, "chosen": d.chosen,
             "decision": d.decision, "auto": d.auto, "actor": d.actor[:64],
             "effects": d.effects, "ranker": d.ranker, "note": d.note,
             "created_at": d.at} for d in decisions])

    def decisions(self, limit: int, people_only: bool = False) -> list[FixDecision]:
        d = t.care_fix_decisions
        q = select(d).order_by(d.c.id.desc()).limit(limit)
        if people_only:
            q = q.where(d.c.auto.is_(False))
        return [FixDecision(r.exception_id, r.order_id, r.exception_type, r.fix_type,
                            r.fix_key, r.position, r.chosen, r.decision, r.auto, r.actor,
                            r.effects or {}, r.ranker, aware(r.created_at),  # type: ignore[arg-type]
                            r.note) for r in self.conn.execute(q)]

    # -- substitutes -----------------------------------------------------------------------
    def substitutes(self, skus: Iterable[str]) -> dict[str, list[str]]:
        wanted = list(set(skus))
        if not wanted:
            return {}
        s = t.product_substitutes
        out: dict[str, list[str]] = {}
        for sku, sub in self.conn.execute(
                select(s.c.sku, s.c.substitute).where(s.c.sku.in_(wanted))
                .order_by(s.c.sku, s.c.rank)):
            out.setdefault(sku, []).append(sub)
        return out

    def set_substitutes(self, sku: str, substitutes: Sequence[str]) -> None:
        s = t.product_substitutes
        self.conn.execute(delete(s).where(s.c.sku == sku))
        if substitutes:
            self.conn.execute(insert(s), [{"sku": sku, "substitute": sub, "rank": i}
                                          for i, sub in enumerate(substitutes)])

    # -- the timeline ------------------------------------------------------------------------
    def append_events(self, order_id: int, events: Sequence[Event]) -> None:
        self.append_events_many([(order_id, events)])

    def append_events_many(self, batch: Sequence[tuple[int, Sequence[Event]]]) -> None:
        rows = [{"order_id": order_id, "type": str(e.type), "actor": e.actor[:64],
                 "reason": e.reason, "status_before": e.status_before,
                 "status_after": e.status_after, "data": e.data, "created_at": e.at}
                for order_id, events in batch for e in events]
        if rows:
            self.conn.execute(insert(t.order_events), rows)


def delay_scorer(engine: Engine, model_dir: str | Path | None = None,
                 lane_days: float | None = None):  # noqa: ANN201
    """A `DelayScorer` for the store: the model in `model_dir` when there is one (it keeps
    its own lane table), else the rule fallback on lane timing learnt from the orders the
    store delivered among those placed in the last `lane_days` days (ORDERMIND_CARE_LANE_DAYS,
    default 60; default timing when there are none)."""
    import os
    from datetime import timedelta

    from ordermind.care import DelayScorer
    from ordermind.care.delay_training import delivered
    from ordermind.care.lanes import LaneTable
    from ordermind.domain.clock import utcnow

    scorer = DelayScorer(model_dir)
    if scorer.model is not None:
        return scorer
    from .care_repo import order_history

    days = lane_days if lane_days is not None else float(
        os.environ.get("ORDERMIND_CARE_LANE_DAYS", "60"))
    states, outcomes = order_history(engine, since=utcnow() - timedelta(days=days))
    history = delivered(states, outcomes)
    return DelayScorer(model_dir, lanes=LaneTable.fit(history)) if history else scorer


__all__ = ["SqlCare", "delay_scorer"]
