"""Live experiments on the in-memory store: orders are split by a hash of the customer
(or channel), each group is served by its own policy value, the assignment is written with
the order (or not at all), and the report compares the groups."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.errors import Conflict, NotFound, ValidationFailed
from ordermind.domain.events import EventType
from ordermind.domain.experiments import Experiment, bucket, group_of
from ordermind.domain.network import Node
from ordermind.domain.orders import Customer
from ordermind.services import experiments as ex
from ordermind.services import inventory as inv
from ordermind.services.allocation import allocate_backorders
from ordermind.services.commands import CancelOrder, ChangeOrder, OrderLineInput, PlaceOrder
from ordermind.services.ordering import cancel_order, change_order, place_order

from .helpers import LONDON

# The nearest node to a London buyer is LDN, whose handling is dear; MAN is further off
# and cheap: `default` (nearest) sources from LDN, `cost` from MAN.
NEAREST, CHEAPEST = "LDN", "MAN"


def _store(stock: int = 10_000) -> FastStore:
    store = FastStore()
    with FastUnitOfWork(store) as uow:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12, handling_cost=2000))
        inv.upsert_node(uow, Node(code="MAN", name="MAN", lat=53.48, lon=-2.24, handling_cost=100))
        inv.upsert_product(uow, Product(sku="A", name="A", price=1000))
        for node in ("LDN", "MAN"):
            inv.set_stock(uow, node, "A", stock, 0, "t")
        uow.commit()
    return store


def _start(store: FastStore, **kw) -> Experiment:
    args = {"name": "cost pilot", "policy": "sourcing_strategy", "treatment": "cost"} | kw
    with FastUnitOfWork(store) as uow:
        e = ex.create(uow, ex.NewExperiment(**args), "admin")
        uow.commit()
    return e


def _order(email: str, qty: int = 1, channel: str = "web") -> PlaceOrder:
    return PlaceOrder(
        channel=channel,
        currency="EUR",
        customer=Customer(email, "Buyer"),
        ship_to=LONDON,
        lines=[OrderLineInput("A", qty)],
    )


def _place(store: FastStore, email: str, qty: int = 1, channel: str = "web"):
    with FastUnitOfWork(store) as uow:
        order = place_order(uow, _order(email, qty, channel), "key:web")
        uow.commit()
    return order


def test_an_order_in_the_treatment_group_is_sourced_by_the_treatment_strategy():
    store = _store()
    e = _start(store)
    seen = set()
    for i in range(40):
        email = f"buyer{i}@example.com"
        order = _place(store, email)
        group = e.group(email, "web")
        seen.add(group)
        node = order.lines[0].allocations[0].node
        if group == "treatment":
            assert (order.sourcing["strategy"], node) == ("cost", CHEAPEST)
        else:
            assert (order.sourcing["strategy"], node) == ("nearest", NEAREST)
        with FastUnitOfWork(store) as uow:
            assigned = uow.experiments.assignment(e.id, order.id)
        assert assigned is not None and assigned.group == group
        assert assigned.value == ("cost" if group == "treatment" else "channel")
        (event,) = [x for x in store.events[order.id] if x.type is EventType.EXPERIMENT_ASSIGNED]
        assert event.data["experiment"] == e.id and event.data["group"] == group
    assert seen == {"treatment", "control"}


def test_the_control_group_keeps_each_channel_s_own_strategy():
    store = _store()
    with FastUnitOfWork(store) as uow:
        uow.channels.upsert(Channel(code="web", sourcing_strategy="cost"))
        uow.channels.upsert(Channel(code="app"))
        uow.commit()
    e = _start(store, treatment="priority")
    seen = set()
    for i in range(20):
        for ch, own in (("web", "cost"), ("app", "nearest")):
            email = f"{ch}{i}@example.com"
            group = e.group(email, ch)
            seen.add(group)
            order = _place(store, email, channel=ch)
            assert order.sourcing["strategy"] == ("priority" if group == "treatment" else own)
    assert seen == {"treatment", "control"}


def test_the_same_customer_lands_in_the_same_group_on_every_order():
    store = _store()
    e = _start(store)
    placed: dict[str, list[int]] = {}
    for i in range(12):
        for spelling in (f"Same{i}@Example.com", f"same{i}@example.com", f" SAME{i}@example.com "):
            placed.setdefault(f"same{i}", []).append(_place(store, spelling).id)
    with FastUnitOfWork(store) as uow:
        groups = {
            who: {uow.experiments.assignment(e.id, i).group for i in ids}
            for who, ids in placed.items()
        }
    assert all(len(g) == 1 for g in groups.values())
    assert set().union(*groups.values()) == {"treatment", "control"}


def test_the_split_is_deterministic_and_near_the_asked_share_over_many_customers():
    customers = [f"customer{i}@example.com" for i in range(20_000)]
    for share in (0.1, 0.5, 0.8):
        groups = [group_of("exp_a", c, share) for c in customers]
        again = [group_of("exp_a", c, share) for c in customers]
        assert groups == again  # no process state: the same on every worker and restart
        treated = groups.count("treatment") / len(customers)
        sigma = (share * (1 - share) / len(customers)) ** 0.5
        assert abs(treated - share) < 4 * sigma, (share, treated)
    # Another experiment splits the same customers independently of the first: the two
    # agree on a customer's group at the rate independence gives (0.5² + 0.5²).
    a = [group_of("exp_a", c, 0.5) for c in customers]
    b = [group_of("exp_b", c, 0.5) for c in customers]
    agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(customers)
    assert abs(agree - 0.5) < 4 * (0.25 / len(customers)) ** 0.5
    # The buckets are uniform: each tenth of [0, 1) holds about a tenth of the customers.
    tenths = [0] * 10
    for c in customers:
        tenths[int(bucket("exp_a", c) * 10)] += 1
    assert all(abs(n / len(customers) - 0.1) < 4 * (0.09 / len(customers)) ** 0.5 for n in tenths)


def test_another_process_with_another_hash_seed_puts_each_customer_in_the_same_group():
    """A restart (or another worker) is another process, with its own string-hash seed:
    the split must not depend on it."""
    customers = [f"p{i}@example.com" for i in range(300)]
    code = (
        "from ordermind.domain.experiments import group_of\n"
        f"print(','.join(group_of('exp_r', c, 0.3)[0] for c in {customers!r}))"
    )
    here = ",".join(group_of("exp_r", c, 0.3)[0] for c in customers)
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == here


def test_a_channel_split_puts_every_order_of_a_channel_in_one_group():
    store = _store()
    e = _start(store, unit="channel", share=0.5)
    orders = [
        _place(store, f"b{i}@example.com", channel=ch) for i in range(6) for ch in ("web", "app")
    ]
    with FastUnitOfWork(store) as uow:
        by_channel: dict[str, set[str]] = {}
        for o in orders:
            by_channel.setdefault(o.channel, set()).add(
                uow.experiments.assignment(e.id, o.id).group
            )
    assert all(len(groups) == 1 for groups in by_channel.values())
    assert by_channel["web"] == {e.group("", "web")}


def test_an_order_that_is_not_committed_leaves_no_assignment_behind():
    store = _store()
    e = _start(store)
    with FastUnitOfWork(store) as uow:
        place_order(uow, _order("gone@example.com"), "key:web")  # no commit
    with FastUnitOfWork(store) as uow:
        assert uow.experiments.counts(e.id) == {}
        assert uow.experiments.orders(e.id) == []


def test_a_back_order_is_sourced_again_by_the_strategy_its_order_was_assigned():
    store = _store(stock=0)
    e = _start(store)
    emails = [f"wait{i}@example.com" for i in range(12)]
    orders = {m: _place(store, m) for m in emails}
    assert all(o.lines[0].backordered == 1 for o in orders.values())
    with FastUnitOfWork(store) as uow:  # stock arrives at both nodes, then is handed out
        uow.inventory.set("LDN", "A", 100, 0)
        uow.inventory.set("MAN", "A", 100, 0)
        assert allocate_backorders(uow, "A", "t") == len(orders)
        uow.commit()
    with FastUnitOfWork(store) as uow:
        for email, placed in orders.items():
            order = uow.orders.get(placed.id)
            node = order.lines[0].allocations[0].node
            want = CHEAPEST if e.group(email, "web") == "treatment" else NEAREST
            assert node == want, (email, order.sourcing)


def test_a_changed_order_keeps_its_group_s_strategy():
    store = _store()
    e = _start(store)
    email = next(
        f"c{i}@example.com"
        for i in range(100)
        if e.group(f"c{i}@example.com", "web") == "treatment"
    )
    order = _place(store, email)
    with FastUnitOfWork(store) as uow:
        changed = change_order(uow, ChangeOrder(order.id, lines=[OrderLineInput("A", 3)]), "admin")
        uow.commit()
    assert {a.node for a in changed.lines[0].allocations} == {CHEAPEST}


def test_a_stopped_experiment_assigns_no_new_orders_and_keeps_its_report():
    store = _store()
    e = _start(store)
    before = [_place(store, f"s{i}@example.com") for i in range(6)]
    with FastUnitOfWork(store) as uow:
        stopped = ex.stop(uow, e.id, "admin")
        uow.commit()
    assert stopped.status == "stopped" and stopped.stopped_at is not None
    after = _place(store, "late@example.com")
    assert after.sourcing["strategy"] == "nearest"
    assert not [x for x in store.events[after.id] if x.type is EventType.EXPERIMENT_ASSIGNED]
    with FastUnitOfWork(store) as uow:
        report = ex.report(uow, e.id)
    groups = report["groups"]
    assert groups["treatment"]["orders"] + groups["control"]["orders"] == len(before)
    # and a new experiment on the same policy may start now
    _start(store, treatment="priority")


def test_the_report_counts_each_group_s_fulfilment_cost_and_the_money_difference():
    store = _store()
    e = _start(store)
    placed = [_place(store, f"m{i}@example.com", qty=1 + i % 3) for i in range(30)]
    with FastUnitOfWork(store) as uow:
        cancel_order(uow, CancelOrder(placed[0].id, "changed mind"), "admin")
        uow.commit()
        report = ex.report(uow, e.id)
    live = [o for o in placed[1:]]
    costs: dict[str, list[int]] = {"treatment": [], "control": []}
    for o in live:
        c = o.sourcing["cost"]
        costs[e.group(o.customer.email, "web")].append(c["shipping"] + c["handling"])
    for g in ("treatment", "control"):
        assert report["groups"][g]["cost_base"] == len(costs[g])
        assert report["groups"][g]["fulfilment_cost"] == sum(costs[g])
    mean = {g: sum(v) / len(v) for g, v in costs.items()}
    delta = report["delta"]["cost_per_order"]
    assert delta["value"] == pytest.approx(mean["treatment"] - mean["control"], abs=0.01)
    assert delta["low"] <= delta["value"] <= delta["high"]
    assert delta["value"] < 0  # cost-based sourcing is cheaper here
    money = report["money"]
    assert money["orders"] == len(costs["treatment"])
    assert money["difference"] == round(delta["value"] * len(costs["treatment"]))


def test_shadow_mode_serves_every_order_by_the_control_and_records_the_treatment():
    store = _store()
    e = _start(store, mode="shadow")
    placed = [_place(store, f"sh{i}@example.com") for i in range(30)]
    assert {o.sourcing["strategy"] for o in placed} == {"nearest"}
    assert {o.lines[0].allocations[0].node for o in placed} == {NEAREST}
    with FastUnitOfWork(store) as uow:
        rows = uow.experiments.orders(e.id)
        report = ex.report(uow, e.id)
    treated = [a for a, _ in rows if a.group == "treatment"]
    assert treated and all(a.value == "channel" for a, _ in rows)
    for a in treated:
        assert a.shadow["value"] == "cost" and a.shadow["differs"] is True
        assert {node for _, node, _ in a.shadow["allocations"]} == {CHEAPEST}
    assert all(a.shadow is None for a, _ in rows if a.group == "control")
    assert report["shadow"]["orders"] == len(treated)
    assert report["shadow"]["decisions_differ"] == len(treated)
    assert report["shadow"]["cost_per_order_delta"]["value"] < 0


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("policy", "pricing", "risk_screen, sourcing_strategy"),
        ("treatment", "cheapest", "cost, default, nearest, priority"),
        ("control", "magic", "cost, default, nearest, priority"),
        ("unit", "region", "customer, channel"),
        ("mode", "dry_run", "live, shadow"),
    ],
)
def test_a_bad_value_is_refused_naming_the_allowed_ones_and_nothing_is_written(
    field, value, allowed
):
    store = _store()
    trail = len(store.audit)
    args = {"name": "x", "policy": "sourcing_strategy", "treatment": "cost"} | {field: value}
    with FastUnitOfWork(store) as uow, pytest.raises(ValidationFailed) as err:
        ex.create(uow, ex.NewExperiment(**args), "admin")
    assert allowed in err.value.detail and field in err.value.detail
    assert store.experiments.experiments == {} and len(store.audit) == trail


@pytest.mark.parametrize("share", [0, 1, -0.2, 1.5])
def test_a_share_outside_zero_to_one_is_refused(share):
    store = _store()
    with FastUnitOfWork(store) as uow, pytest.raises(ValidationFailed, match="share"):
        ex.create(uow, ex.NewExperiment("x", "sourcing_strategy", "cost", share=share), "a")
    assert store.experiments.experiments == {}


def test_treatment_and_control_must_differ():
    with FastUnitOfWork(_store()) as uow, pytest.raises(ValidationFailed, match="both"):
        ex.create(uow, ex.NewExperiment("x", "sourcing_strategy", "channel"), "a")


def test_a_second_running_experiment_on_the_same_policy_is_refused():
    store = _store()
    first = _start(store)
    with FastUnitOfWork(store) as uow, pytest.raises(Conflict, match=first.id):
        ex.create(uow, ex.NewExperiment("again", "sourcing_strategy", "priority"), "a")
    # another policy may run beside it
    with FastUnitOfWork(store) as uow:
        ex.create(uow, ex.NewExperiment("risk", "risk_screen", "model"), "a")
        uow.commit()
    assert len(store.experiments.experiments) == 2


def test_an_unknown_experiment_is_not_found():
    with FastUnitOfWork(_store()) as uow, pytest.raises(NotFound):
        ex.report(uow, "exp_nope")
