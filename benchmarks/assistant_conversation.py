"""The conversation service per message: what a customer's message costs on the store
(verification, reading the order and its facts, the transcript, the commit), beside the
understanding itself.

Fifty customers each open a conversation and send four messages (order number, e-mail —
verified —, "when will it arrive?", thanks) through `services.assistant` on a fresh SQLite
file or the database in DATABASE_URL. Reference measured in the same run: one unit of work
that only loads the same order and commits (what any status read costs). Prints p50 and
p99 per message and the ratio of the medians.

The understanding is the trained classifier (`ordermind.assistant.model`) when it is
installed, else the keyword test double of the tests (named in the output).

    PYTHONPATH=src .venv/bin/python benchmarks/assistant_conversation.py [--customers 50]
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.migrate import upgrade
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.clock import utcnow
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import assistant, inventory, ordering
from ordermind.services.commands import OrderLineInput, PlaceOrder

DOUBLE = Path(__file__).parents[1] / "tests/e2e/assistant_support/keyword_understander.py"


def understander():
    try:
        model = importlib.import_module("ordermind.assistant.model")
        return model.load_understander(), "trained classifier"
    except ImportError:
        spec = importlib.util.spec_from_file_location("keyword_understander", DOUBLE)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module.KeywordUnderstander(), "keyword test double (no trained model installed)"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=50)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    upgrade(url)
    engine = make_engine(url)
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London"))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 10 * args.customers, 0, "bench")
        orders = []
        for i in range(args.customers):
            order = ordering.place_order(
                uow,
                PlaceOrder(
                    "web",
                    "EUR",
                    Customer(f"bench{i}@example.com"),
                    Address("B", "1 St", "Leeds", "LS1 1AA", "GB"),
                    [OrderLineInput("A", 1, 500)],
                ),
                actor="bench",
            )
            orders.append(order.stored_id)
        uow.commit()
    model, name = understander()

    def step(work):
        with SqlUnitOfWork(engine) as uow:
            out = work(uow)
            uow.commit()
        return out

    messages, reference = [], []
    for i, oid in enumerate(orders):
        conv, _ = step(lambda uow: assistant.open_conversation(uow, "web", "en", "bench", utcnow()))
        for text in (
            f"where is order #{oid}",
            f"my email is bench{i}@example.com",
            "when will it arrive?",
            "thanks",
        ):
            t0 = time.perf_counter()
            step(
                lambda uow, text=text, cid=conv.id: assistant.post_message(
                    uow, cid, text, "web", model, utcnow()
                )
            )
            messages.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        step(lambda uow, oid=oid: uow.orders.get(oid))
        reference.append((time.perf_counter() - t0) * 1000)
    p50, p99 = statistics.median(messages), _pct(messages, 0.99)
    ref = statistics.median(reference)
    print(f"{engine.dialect.name}, {len(messages)} messages, understanding: {name}")
    print(
        f"per message p50 {p50:.1f} ms, p99 {p99:.1f} ms; reference (load the order, "
        f"commit) p50 {ref:.1f} ms; ratio of medians {p50 / ref:.2f}"
    )


if __name__ == "__main__":
    main()
