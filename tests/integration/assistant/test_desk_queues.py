"""The desk's queues on SQLite and PostgreSQL: open care exceptions, held orders waiting for
a fraud review and intake documents in review each become one case (again and again: still
one), routed to the agent with the skill for it; resolving frees room for what waits."""

from __future__ import annotations

from datetime import UTC, datetime

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer, HoldReason
from ordermind.services import desk, fulfilment, inventory, ordering
from ordermind.services.care_store import CareException
from ordermind.services.commands import OrderLineInput, PlaceHold, PlaceOrder
from ordermind.services.ports import IntakeRecord

NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)


def _world(engine) -> int:
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London"))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 5, 0, "test")
        order = ordering.place_order(
            uow,
            PlaceOrder(
                "web",
                "EUR",
                Customer("pat@example.net", "Pat"),
                Address("Pat", "8 Rowan Close", "Leeds", "LS6 2QT", "GB"),
                [OrderLineInput("A", 1, 500)],
            ),
            actor="test",
        )
        oid = order.stored_id
        fulfilment.place_hold(uow, PlaceHold(oid, HoldReason.FRAUD, "check"), "test")
        uow.care.add_exception(
            CareException(
                None,
                oid,
                "web",
                "node_down:LDN",
                "node_down",
                "high",
                500,
                "EUR",
                None,
                "LDN is down",
                {},
                NOW,
                NOW,
            )
        )
        uow.intake.add(
            IntakeRecord(
                None,
                "web",
                "upload",
                "po.csv",
                "csv",
                "0" * 64,
                b"x",
                {},
                None,
                "PO-1",
                0.4,
                "review",
                ["low confidence"],
            )
        )
        uow.commit()
    return oid


def _agent(uow, name: str, skills: list[str], capacity: int = 1):
    return desk.add_agent(
        uow, desk.AgentInput(name, f"key:{name}", skills, ["en"], capacity), "admin", NOW
    )


def test_each_waiting_item_of_every_queue_becomes_one_case_routed_by_skill(engine):
    oid = _world(engine)
    with SqlUnitOfWork(engine) as uow:
        care = _agent(uow, "carla", ["care"])
        fraud = _agent(uow, "fred", ["fraud", "intake"], capacity=1)
        assert desk.import_queues(uow, NOW) == 3
        assert desk.import_queues(uow, NOW) == 0
        assert desk.route_waiting(uow, NOW) == 2
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        cases = {c.kind: c for c in uow.assistant.cases()}
        assert set(cases) == {"care_exception", "fraud_review", "intake_review"}
        assert cases["care_exception"].agent_id == care.id
        assert cases["care_exception"].order_id == oid
        # fraud's SLA (2 h) comes before intake's (8 h): Fred gets the fraud review first
        assert cases["fraud_review"].agent_id == fraud.id
        assert cases["intake_review"].status == "queued"
        desk.claim(uow, cases["fraud_review"].id or 0, "key:fred", NOW)
        desk.resolve(uow, cases["fraud_review"].id or 0, "approved", "key:fred", NOW)
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        waiting = uow.assistant.get_case(cases["intake_review"].id or 0)
        assert waiting is not None and waiting.agent_id == fraud.id  # the freed room
