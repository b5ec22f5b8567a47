"""Experiments on every store: a definition and its stop commit or not at all, the running
list follows them (through the databases' per-process cache), and an order's assignment
is there exactly when the order committed, from its `experiment.assigned` event."""

from __future__ import annotations

from datetime import UTC, datetime

from ordermind.domain.experiments import Experiment
from ordermind.services import experiments as ex
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.ordering import place_order

from .stores import ContractStore, new_order


def _experiment(eid: str = "exp_contract", mode: str = "live") -> Experiment:
    return Experiment(
        id=eid,
        name="Winter trial",
        policy="sourcing_strategy",
        treatment="cost",
        control="default",
        unit="customer",
        share=0.5,
        mode=mode,
        status="running",
        created_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
        created_by="admin",
    )


def test_a_definition_and_its_stop_commit_or_not_at_all(seeded: ContractStore):
    seeded.drop(lambda uow: uow.experiments.add(_experiment()))
    assert seeded.read(lambda uow: uow.experiments.running()) == []
    seeded.commit(lambda uow: uow.experiments.add(_experiment()))
    assert [e.id for e in seeded.read(lambda uow: uow.experiments.running())] == ["exp_contract"]
    assert seeded.read(lambda uow: uow.experiments.get("exp_contract")) == _experiment()
    at = datetime(2026, 12, 2, 9, tzinfo=UTC)
    seeded.drop(lambda uow: uow.experiments.stop("exp_contract", at))
    assert seeded.read(lambda uow: uow.experiments.get("exp_contract")).running
    seeded.commit(lambda uow: uow.experiments.stop("exp_contract", at))
    assert seeded.read(lambda uow: uow.experiments.running()) == []
    stopped = seeded.read(lambda uow: uow.experiments.get("exp_contract"))
    assert (stopped.status, stopped.stopped_at) == ("stopped", at)
    assert [e.id for e in seeded.read(lambda uow: uow.experiments.all())] == ["exp_contract"]


def test_an_order_s_assignment_is_stored_exactly_when_the_order_commits(seeded: ContractStore):
    seeded.commit(lambda uow: uow.experiments.add(_experiment()))

    def place(uow, email: str):
        order = new_order(("A", 1), email=email)
        arms = ex.arms_for(uow, order)
        ex.record(order, arms, "test")
        uow.orders.add(order)
        return order.id, arms.groups[0][1]

    seeded.drop(lambda uow: place(uow, "gone@example.com"))
    assert seeded.read(lambda uow: uow.experiments.counts("exp_contract")) == {}
    placed = [seeded.commit(lambda uow, i=i: place(uow, f"kept{i}@example.com")) for i in range(8)]
    rows = seeded.read(lambda uow: uow.experiments.orders("exp_contract"))
    assert [(a.order_id, a.group) for a, _ in rows] == placed
    assert all(o.id == a.order_id for a, o in rows)
    want: dict[str, int] = {}
    for _, group in placed:
        want[group] = want.get(group, 0) + 1
    assert seeded.read(lambda uow: uow.experiments.counts("exp_contract")) == want
    first_id, first_group = placed[0]
    found = seeded.read(lambda uow: uow.experiments.assignment("exp_contract", first_id))
    assert (found.group, found.value) == (
        first_group,
        "cost" if first_group == "treatment" else "default",
    )
    assert seeded.read(lambda uow: uow.experiments.assignment("exp_other", first_id)) is None


def test_a_shadow_decision_is_stored_with_its_assignment(seeded: ContractStore):
    seeded.commit(lambda uow: uow.experiments.add(_experiment(mode="shadow")))

    def place(uow, email: str):
        o = new_order(("A", 1), email=email)
        cmd = PlaceOrder("web", "EUR", o.customer, o.ship_to, [OrderLineInput("A", 1)])
        return place_order(uow, cmd, "test").id

    ids = [seeded.commit(lambda uow, i=i: place(uow, f"sh{i}@example.com")) for i in range(10)]
    rows = seeded.read(lambda uow: uow.experiments.orders("exp_contract"))
    assert [a.order_id for a, _ in rows] == ids
    for a, _ in rows:
        assert a.value == "default"
        if a.group == "treatment":
            assert a.shadow["value"] == "cost" and "allocations" in a.shadow
        else:
            assert a.shadow is None
