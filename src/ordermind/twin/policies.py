"""The twin's AI policies, each on ordermind's own modules, each beside its rule twin.

- `ForecastReplenishment` (`policy.replenishment: forecast`): every review day it forecasts
  each (SKU, node)'s daily demand from the run's own order history with
  `ordermind.forecasting.forecaster.forecast`, turns the forecast and its backtest error into
  safety stock, reorder point and order-up-to level (`forecasting.policy.inventory_policy`),
  and asks `forecasting.replenishment.propose` for transfers and purchase orders, which the
  simulation approves at once (stock leaves the origin of a transfer now; a PO arrives after
  the supplier's lead time). Until there is enough history, the order-up-to rule orders.
- `ModelRisk` (`policy.risk: model`): the risk LightGBM (`ordermind.risk.model.train_model`)
  trained on the run's own labelled warm-up orders; it holds the share of orders it scores
  highest. Before it is trained, or when training fails, the rule score decides.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ordermind.domain.network import InboundSupply, SupplyKind
from ordermind.services import inventory as inv

from .demand import OrderSpec

if TYPE_CHECKING:
    from .simulation import Simulation

TRANSFER_DAYS = 2  # as services.planning: a transfer between nodes takes two days
SUPPLIER = "twin-supplier"


@dataclass
class PlanRun:
    """One forecast-driven replenishment run: what the forecasting module chose."""

    day: int
    series: int
    models: Counter[str] = field(default_factory=Counter)
    purchase_lines: int = 0
    purchase_units: int = 0
    transfers: int = 0
    transfer_units: int = 0
    failed: dict[str, str] = field(default_factory=dict)


class ForecastReplenishment:
    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.on = sim.s.policy.replenishment == "forecast"
        self.demand: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
        self.runs: list[PlanRun] = []
        self.unit_cost = {k.sku: round(k.price * sim.s.policy.unit_cost_share) for k in sim.skus}

    def record(self, day: int, node: str, sku: str, qty: int) -> None:
        if self.on and qty > 0:
            self.demand[day][(node, sku)] += qty

    def ready(self, day: int) -> bool:
        return self.on and day >= self.sim.s.policy.forecast_warmup_days

    def history(self, day: int):
        import pandas as pd

        from ordermind.forecasting.history import build_history

        keep = self.sim.s.policy.forecast_history_days
        for old in [d for d in self.demand if d < day - keep]:
            del self.demand[old]
        rows = [
            (self.sim.s.start + timedelta(days=d), sku, node, q)
            for d, counts in self.demand.items()
            for (node, sku), q in counts.items()
        ]
        lines = pd.DataFrame(rows, columns=["ts", "sku", "node", "quantity"])
        lines["ts"] = pd.to_datetime(lines["ts"])
        end = pd.Timestamp(self.sim.s.start + timedelta(days=day - 1))
        return build_history(lines, level="sku_node", freq="D", end=end)

    def replenish(self, day: int) -> PlanRun:
        from ordermind.forecasting.forecaster import forecast
        from ordermind.forecasting.policy import StockPosition, inventory_policy
        from ordermind.forecasting.replenishment import SupplierTerms, propose

        sim, p, sup = self.sim, self.sim.s.policy, self.sim.s.suppliers
        history = self.history(day)
        horizon = math.ceil(sup.lead_time_days + 3 * sup.lead_time_sd + p.forecast_review_days)
        result = forecast(history, horizon, freq="D", models=tuple(p.forecast_models))
        run = PlanRun(day, int(result.selection.shape[0]), failed=dict(result.failed))
        run.models.update(str(m) for m in result.selection["model"])
        with sim.uow() as uow:
            stock = {(x.node, x.sku): x for x in uow.inventory.find()}
            open_in: dict[tuple[str, str], int] = defaultdict(int)
            for x in uow.supply.find():
                open_in[(x.node, x.sku)] += x.quantity
        ids = set(result.forecasts["unique_id"])
        positions = [
            StockPosition(
                sku=sku,
                node=node,
                on_hand=(stock[(node, sku)].on_hand - stock[(node, sku)].reserved)
                if (node, sku) in stock
                else 0,
                on_order=open_in[(node, sku)],
                lead_time_days=sup.lead_time_days,
                lead_time_std_days=sup.lead_time_sd,
                review_period_days=p.forecast_review_days,
                service_level=p.service_level,
            )
            for node, sku in sorted(sim.demand)
            if f"{sku}|{node}" in ids
        ]
        rows = inventory_policy(positions, result.forecasts, result.selection)
        terms = [
            SupplierTerms(sku, SUPPLIER, unit_cost_minor=c) for sku, c in self.unit_cost.items()
        ]
        plan = propose(rows, terms)
        for tr in plan.transfers:  # approved at once: stock leaves now, arrives later
            moved = sim.call(
                inv.adjust_stock,
                tr.from_node,
                tr.sku,
                -tr.quantity,
                f"transfer to {tr.to_node}",
                "twin",
            )
            if moved is None:
                continue
            self._inbound(
                day,
                SupplyKind.TRANSFER,
                tr.sku,
                tr.to_node,
                tr.quantity,
                TRANSFER_DAYS,
                tr.from_node,
            )
            run.transfers += 1
            run.transfer_units += tr.quantity
        r = sim.supply_rng(day)
        for po in plan.purchase_orders:
            for ln in po.lines:
                lead = max(1.0, r.normal(sup.lead_time_days, sup.lead_time_sd))
                self._inbound(
                    day, SupplyKind.PURCHASE_ORDER, ln.sku, ln.node, ln.quantity, lead, "supplier"
                )
                run.purchase_lines += 1
                run.purchase_units += ln.quantity
        self.runs.append(run)
        return run

    def _inbound(
        self, day: int, kind: SupplyKind, sku: str, node: str, qty: int, days: float, source: str
    ) -> None:
        sim = self.sim
        supply = sim.call(
            inv.add_supply,
            InboundSupply(
                None, kind, sku, node, int(qty), sim.now + timedelta(days=days), source=source
            ),
        )
        if supply is not None:
            sim.agenda[day + max(1, round(days))].append(("receive", supply.id))


class ModelRisk:
    """Risk screening: the rule score, or the risk LightGBM once trained on the warm-up."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.on = sim.s.policy.risk == "model"
        self.model: Any = None
        self.held: set[int]
        self.trained = False
        self.failure: str | None = None
        self.prior: Counter[str] = Counter()
        self.rows: list[dict[str, Any]] = []
        self.labels: list[int] = []
        self.times: list[datetime] = []
        self.price = {k.sku: k.price for k in sim.skus}
        self.held = set()

    def features(self, spec: OrderSpec, now: datetime) -> dict[str, Any]:
        new = spec.customer.startswith("new")
        value = sum(q * self.price[sku] for sku, q in spec.lines)
        return {
            "account_age_hours": 0.0 if new else float("nan"),
            "hour": now.hour + now.minute / 60.0,
            "weekday": float(now.weekday()),
            "value": value / 100.0,
            "n_lines": float(len(spec.lines)),
            "total_qty": float(sum(q for _, q in spec.lines)),
            "prior_orders": float(self.prior[spec.customer]),
            "rule_score": spec.score,
            "attr_channel": spec.channel,
        }

    def screen(self, specs: list[OrderSpec], midnight: datetime) -> None:
        """Decide today's holds in one batch (one model call a day, not one an order)."""
        threshold = self.sim.s.policy.risk_threshold
        if not self.on or self.model is None:
            self.held = {x.seq for x in specs if x.score >= threshold}
            if self.on:  # the warm-up: the rules screen, the model's labels are gathered
                for x in specs:
                    when = midnight + timedelta(minutes=x.minute)
                    self.rows.append(self.features(x, when))
                    self.labels.append(int(x.fraud))
                    self.times.append(when)
                    self.prior[x.customer] += 1
            return
        rows = []
        for x in specs:
            rows.append(self.features(x, midnight + timedelta(minutes=x.minute)))
            self.prior[x.customer] += 1
        scores = self.model.predict(rows)
        self.held = {
            x.seq for x, p in zip(specs, scores, strict=True) if p >= self.model.hold_threshold
        }

    def hold(self, spec: OrderSpec) -> bool:
        """Whether this order is held for a person's review (decided by `screen`)."""
        return spec.seq in self.held

    def train(self) -> None:
        """Train on the labelled warm-up orders (once); rules stay on when it cannot."""
        if not self.on or self.trained:
            return
        from ordermind.risk.model import train_model

        self.trained = True
        try:
            self.model = train_model(
                self.rows,
                self.labels,
                self.times,
                review_rate=self.sim.s.policy.risk_review_rate,
                n_estimators=200,
                seed=self.sim.s.seed,
            )
        except ValueError as exc:  # too few fraud labels: the rules keep screening
            self.failure = str(exc)
        self.rows, self.labels, self.times = [], [], []

    def summary(self) -> dict[str, Any]:
        if not self.on:
            return {"risk": "rules"}
        m = self.model
        return {
            "risk": "model" if m is not None else "rules (fallback)",
            "risk_model_failure": self.failure,
            "risk_model_auc": (m.metrics.get("cross_validation") or {}).get("roc_auc")
            if m
            else None,
        }
