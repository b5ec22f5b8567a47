"""Forecast the store's own demand, derive inventory policy and replenishment proposals;
approving a proposal creates inbound supply that available-to-promise sees."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ordermind.domain.clock import utcnow
from ordermind.domain.errors import InvalidTransition, NotFound, ValidationFailed
from ordermind.domain.network import InboundSupply, SupplyKind
from ordermind.services import audit, inventory
from ordermind.services.audit import SYSTEM
from ordermind.services.ports import Row
from ordermind.services.unit_of_work import AbstractUnitOfWork

TRANSFER_DAYS = 2.0


@dataclass
class PlanningRun:
    run_id: str
    series: int
    forecast_rows: int
    proposals: int
    failed_models: list[str]


def run_planning(
    uow: AbstractUnitOfWork,
    *,
    h: int = 28,
    service_level: float = 0.95,
    review_days: float = 7.0,
    min_history_days: int = 14,
) -> PlanningRun:
    import pandas as pd

    from ordermind.forecasting.forecaster import forecast
    from ordermind.forecasting.history import build_history
    from ordermind.forecasting.policy import StockPosition, inventory_policy
    from ordermind.forecasting.replenishment import SupplierTerms, propose

    rows = [r for r in uow.planning.demand_lines() if r[2] != "*"]
    if not rows:
        raise ValidationFailed("no demand in the store yet: nothing to forecast")
    lines = pd.DataFrame(rows, columns=["ts", "sku", "node", "quantity"])
    lines["ts"] = pd.to_datetime(lines["ts"], utc=True).dt.tz_localize(None)
    history = build_history(lines, level="sku_node", freq="D")
    days = history.groupby("unique_id")["ds"].agg(lambda s: (s.max() - s.min()).days + 1)
    history = history[history["unique_id"].isin(days[days >= min_history_days].index)]
    if history.empty:
        raise ValidationFailed(f"no series has {min_history_days} days of history yet")
    result = forecast(history, h, freq="D")
    run_id = secrets.token_hex(6)
    sel = result.selection.set_index("unique_id")
    now = utcnow()
    fc_rows = []
    for r in result.forecasts.itertuples(index=False):
        sku, node = str(r.unique_id).split("|", 1)
        fc_rows.append(
            {
                "run_id": run_id,
                "unique_id": r.unique_id,
                "ds": pd.Timestamp(r.ds).date(),
                "sku": sku,
                "node": node,
                "yhat": float(r.yhat),
                "yhat_lo_80": float(r.yhat_lo_80),
                "yhat_hi_80": float(r.yhat_hi_80),
                "yhat_lo_95": float(r.yhat_lo_95),
                "yhat_hi_95": float(r.yhat_hi_95),
                "model": str(r.model),
                "backtest_rmsse": _float(sel["backtest_rmsse"].get(r.unique_id)),
                "created_at": now,
            }
        )
    uow.planning.replace_forecasts(fc_rows)

    terms = uow.planning.terms()
    on_order = uow.planning.on_order()
    ids = set(result.forecasts["unique_id"])
    positions = []
    for pos in uow.inventory.find():
        if f"{pos.sku}|{pos.node}" not in ids:
            continue
        term = terms.get(pos.sku, {})
        positions.append(
            StockPosition(
                sku=pos.sku,
                node=pos.node,
                on_hand=pos.on_hand - pos.reserved,
                on_order=on_order.get((pos.sku, pos.node), 0),
                lead_time_days=term.get("lead_time_days", 7.0),
                lead_time_std_days=term.get("lead_time_std_days", 0.0),
                review_period_days=review_days,
                service_level=service_level,
            )
        )
    policy = inventory_policy(positions, result.forecasts, result.selection)
    supplier_terms = [
        SupplierTerms(
            sku=s,
            supplier_id=v["supplier_id"],
            moq=v["moq"],
            pack_size=v["pack_size"],
            unit_cost_minor=v["unit_cost"],
            currency=v["currency"],
        )
        for s, v in terms.items()
    ]
    plan = propose(policy, supplier_terms)
    proposals = [
        {
            "run_id": run_id,
            "kind": "transfer",
            "sku": tr.sku,
            "node": tr.to_node,
            "source": tr.from_node,
            "quantity": int(tr.quantity),
            "unit_cost": None,
            "lead_time_days": TRANSFER_DAYS,
            "reason": tr.reason,
        }
        for tr in plan.transfers
    ]
    for po in plan.purchase_orders:
        for ln in po.lines:
            proposals.append(
                {
                    "run_id": run_id,
                    "kind": "purchase_order",
                    "sku": ln.sku,
                    "node": ln.node,
                    "source": po.supplier_id,
                    "quantity": int(ln.quantity),
                    "unit_cost": ln.unit_cost_minor,
                    "lead_time_days": terms.get(ln.sku, {}).get("lead_time_days", 7.0),
                    "reason": ln.reason,
                }
            )
    uow.planning.add_proposals(proposals)
    return PlanningRun(run_id, len(ids), len(fc_rows), len(proposals), list(result.failed))


def _float(value: Any) -> float | None:  # a pandas cell: a number, NaN, None or missing
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN -> None


def decide_proposal(uow: AbstractUnitOfWork, proposal_id: int, approve: bool, actor: str) -> Row:
    p = uow.planning.proposal(proposal_id)
    if p is None:
        raise NotFound(f"proposal {proposal_id} not found")
    if p["status"] != "proposed":
        raise InvalidTransition(f"proposal {proposal_id} is {p['status']}, not proposed")
    inbound_id = None
    if approve:
        eta = utcnow() + timedelta(days=p["lead_time_days"])
        if p["kind"] == "transfer":
            # stock leaves the origin now and arrives at the destination later
            inventory.adjust_stock(
                uow,
                p["source"],
                p["sku"],
                -p["quantity"],
                f"transfer to {p['node']} (proposal {proposal_id})",
                actor,
            )
            kind = SupplyKind.TRANSFER
        else:
            kind = SupplyKind.PURCHASE_ORDER
        supply = inventory.add_supply(
            uow,
            InboundSupply(
                id=None,
                kind=kind,
                sku=p["sku"],
                node=p["node"],
                quantity=p["quantity"],
                eta=eta,
                source=p["source"],
                reference=f"proposal {proposal_id}",
            ),
        )
        inbound_id = supply.id
    uow.planning.decide(proposal_id, "approved" if approve else "rejected", actor, inbound_id)
    decided = uow.planning.proposal(proposal_id)
    assert decided is not None  # read above, in this unit of work
    return decided


def edit_proposal(uow: AbstractUnitOfWork, proposal_id: int, quantity: int, actor: str) -> Row:
    """A planner's own quantity for a proposal still waiting for a decision (kept in the
    audit trail beside what the plan proposed)."""
    p = uow.planning.proposal(proposal_id)
    if p is None:
        raise NotFound(f"proposal {proposal_id} not found")
    if p["status"] != "proposed":
        raise InvalidTransition(f"proposal {proposal_id} is {p['status']}, not proposed")
    if quantity <= 0:
        raise ValidationFailed("a proposal's quantity must be positive")
    uow.planning.set_quantity(proposal_id, quantity)
    audit.record(
        uow,
        actor,
        "proposal.edited",
        "replenishment_proposal",
        proposal_id,
        {"quantity": p["quantity"]},
        {"quantity": quantity},
    )
    edited = uow.planning.proposal(proposal_id)
    assert edited is not None  # read above, in this unit of work
    return edited


def put_supplier_terms(uow: AbstractUnitOfWork, sku: str, terms: Row, actor: str = SYSTEM) -> Row:
    """Set a SKU's supplier, MOQ, pack size, cost and lead time (replacing what it had)."""
    if uow.products.get(sku) is None:
        raise NotFound(f"product {sku} not found")
    values = {"sku": sku, **terms}
    before = uow.planning.terms().get(sku)
    uow.planning.put_terms(values)
    action = "supplier_terms.updated" if before is not None else "supplier_terms.created"
    audit.record(uow, actor, action, "supplier_terms", sku, before, values)
    return values
