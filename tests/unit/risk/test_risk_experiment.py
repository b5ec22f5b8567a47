"""The risk screen as a live experiment on the in-memory store: the treatment group's
flagged orders go to the installed model, the control group's are decided by the rules
alone; in shadow mode every order is decided by the rules and the model's decision is
recorded beside it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.clock import utcnow
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.risk.registry import train_from_facts
from ordermind.services import experiments as ex
from ordermind.services import inventory as inv
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.ordering import place_order
from ordermind.services.screening import RiskContext, RiskScreener

from .risk_synthetic import labelled_orders

LONDON = Address("Ann Buyer", "1 High St", "London", "EC1A 1AA", "GB", lat=51.52, lon=-0.10)


@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> RiskScreener:
    facts, labels = labelled_orders()
    path = tmp_path_factory.mktemp("risk") / "model"
    train_from_facts(facts, labels, n_estimators=60).save(path)
    return RiskScreener(path)


def _store(mode: str) -> tuple[FastStore, str]:
    store = FastStore()
    with FastUnitOfWork(store) as uow:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12))
        inv.upsert_product(uow, Product(sku="A", name="A", price=95_000))
        inv.set_stock(uow, "LDN", "A", 1000, 0, "t")
        e = ex.create(uow, ex.NewExperiment("risk", "risk_screen", "model", mode=mode), "admin")
        uow.commit()
    return store, e.id


def _flagged_orders(store: FastStore, screener: RiskScreener, n: int = 16):
    """Dear orders from accounts made seconds ago, billed abroad: the rules flag them."""
    out = []
    for i in range(n):
        ctx = RiskContext(
            device_id=f"dev{i}",
            billing_country="DE",
            account_created_at=utcnow() - timedelta(seconds=30),
        )
        cmd = PlaceOrder(
            "web", "EUR", Customer(f"r{i}@example.com", "R"), LONDON, [OrderLineInput("A", 1)]
        )
        with FastUnitOfWork(store) as uow:
            out.append(place_order(uow, cmd, "key:web", screener, ctx))
            uow.commit()
    return out


def test_the_treatment_group_is_screened_by_the_model_and_the_control_by_the_rules(screener):
    store, eid = _store("live")
    orders = _flagged_orders(store, screener)
    with FastUnitOfWork(store) as uow:
        groups = {a.order_id: a.group for a, _ in uow.experiments.orders(eid)}
        report = ex.report(uow, eid)
    assert set(groups.values()) == {"treatment", "control"}
    for order in orders:
        if groups[order.id] == "treatment":
            assert order.risk["stage"] == "model" and order.risk["model_version"]
        else:
            assert order.risk["stage"] == "rules_fallback"
            assert any("keeps the rules" in r for r in order.risk["reasons"])
    n_t = sum(g == "treatment" for g in groups.values())
    assert report["groups"]["treatment"]["orders"] == n_t
    assert report["groups"]["control"]["hold_rate"] == 1.0  # the rules hold every flagged one


def test_shadow_mode_applies_the_rules_and_records_the_model_s_decision(screener):
    store, eid = _store("shadow")
    orders = _flagged_orders(store, screener)
    assert {o.risk["stage"] for o in orders} == {"rules_fallback"}
    with FastUnitOfWork(store) as uow:
        rows = uow.experiments.orders(eid)
    treated = [a for a, _ in rows if a.group == "treatment"]
    assert treated
    for a in treated:
        assert a.value == "rules" and a.shadow["value"] == "model"
        assert a.shadow["action"] in ("approve", "hold", "reject")
        assert a.shadow["differs"] == (a.shadow["action"] != "hold")
