"""Random sequences of commands keep the quantity-bucket and stock invariants, and a
refused command leaves the store exactly as it was."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ordermind.adapters.memory import FastUnitOfWork
from ordermind.domain.errors import DomainError
from ordermind.domain.returns import Disposition
from ordermind.services import fulfilment, inventory, ordering, returns
from ordermind.services.commands import CancelOrder, ReceiveReturn, RequestReturn, ShipLines

from .helpers import order_cmd, store_with_stock

SKUS = ["A", "B", "C"]
NODES = ["LDN", "MAN", "EDI"]


class OrderLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = store_with_stock({(n, s): 3 for n in NODES for s in SKUS})

    def _run(self, fn) -> None:
        before = copy.deepcopy((self.store.orders, self.store.inventory))
        try:
            with FastUnitOfWork(self.store) as uow:
                fn(uow)
                uow.commit()
        except DomainError:
            assert (self.store.orders, self.store.inventory) == before, "refusal wrote something"

    def _order_ids(self) -> list[int]:
        return sorted(self.store.orders)

    @rule(
        lines=st.lists(
            st.tuples(st.sampled_from(SKUS), st.integers(1, 6)),
            min_size=1,
            max_size=3,
            unique_by=lambda t: t[0],
        )
    )
    def place(self, lines) -> None:
        self._run(lambda uow: ordering.place_order(uow, order_cmd(*lines), "p"))

    @rule(
        pick=st.integers(0, 50),
        sku=st.sampled_from(SKUS),
        qty=st.integers(1, 4),
        whole=st.booleans(),
    )
    def cancel(self, pick, sku, qty, whole) -> None:
        ids = self._order_ids()
        if ids:
            cmd = CancelOrder(ids[pick % len(ids)], "x", None if whole else [(sku, qty)])
            self._run(lambda uow: ordering.cancel_order(uow, cmd, "p"))

    @rule(pick=st.integers(0, 50))
    def release(self, pick) -> None:
        ids = self._order_ids()
        if ids:
            self._run(lambda uow: fulfilment.release_order(uow, ids[pick % len(ids)], "p"))

    @rule(
        pick=st.integers(0, 50),
        node=st.sampled_from(NODES),
        sku=st.sampled_from(SKUS),
        qty=st.integers(1, 4),
    )
    def ship(self, pick, node, sku, qty) -> None:
        ids = self._order_ids()
        if ids:
            cmd = ShipLines(ids[pick % len(ids)], node, [(sku, qty)], "DPD")
            self._run(lambda uow: fulfilment.ship(uow, cmd, "p"))

    @rule(pick=st.integers(0, 50))
    def deliver_and_return(self, pick) -> None:
        ids = self._order_ids()
        if not ids:
            return
        order = self.store.orders[ids[pick % len(ids)]]
        for shipment in order.shipments:
            if shipment.delivered_at is None:
                self._run(lambda uow, s=shipment.id: fulfilment.deliver(uow, s, "p"))
        for line in order.lines:
            if line.shipped:

                def flow(uow, oid=order.id, sku=line.sku) -> None:
                    _, rma = returns.request_return(uow, RequestReturn(oid, [(sku, 1, None)]), "p")
                    returns.authorise_return(uow, rma.id, "p")
                    returns.receive_return(
                        uow, ReceiveReturn(rma.id, {sku: Disposition.RESTOCK}), "p"
                    )

                self._run(flow)
                break

    @rule(node=st.sampled_from(NODES), sku=st.sampled_from(SKUS), delta=st.integers(-4, 5))
    def adjust(self, node, sku, delta) -> None:
        if delta:
            self._run(lambda uow: inventory.adjust_stock(uow, node, sku, delta, "count", "p"))

    @rule(node=st.sampled_from(NODES), sku=st.sampled_from(SKUS), on_hand=st.integers(0, 6))
    def count(self, node, sku, on_hand) -> None:
        self._run(lambda uow: inventory.set_stock(uow, node, sku, on_hand, 0, "p"))

    @invariant()
    def buckets_add_up(self) -> None:
        for order in self.store.orders.values():
            for ln in order.lines:
                parts = (ln.backordered, ln.allocated, ln.released, ln.shipped, ln.cancelled)
                assert all(p >= 0 for p in parts)
                assert sum(parts) == ln.ordered, (order.id, ln)
                assert 0 <= ln.delivered <= ln.shipped
                assert 0 <= ln.returned <= ln.shipped

    @invariant()
    def reservations_match_stock(self) -> None:
        held: dict[tuple[str, str], int] = {}
        for order in self.store.orders.values():
            for ln in order.lines:
                for a in ln.allocations:
                    held[(a.node, ln.sku)] = held.get((a.node, ln.sku), 0) + a.quantity
        for (node, sku), pos in self.store.inventory.items():
            assert pos.reserved == held.get((node, sku), 0)
            assert 0 <= pos.reserved <= pos.on_hand - pos.safety_stock


TestOrderLifecycle = OrderLifecycle.TestCase
TestOrderLifecycle.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
