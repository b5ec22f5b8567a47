"""A small demo store: UK/EU network, a catalog, stock, channels and a few orders."""

from __future__ import annotations

import random

from sqlalchemy import Engine

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product, TaxClass
from ordermind.domain.channels import Channel
from ordermind.domain.network import Node, NodeKind
from ordermind.domain.orders import Address, BackorderPolicy, Customer
from ordermind.services import inventory as inv
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.ordering import place_order

NODES = [
    Node(
        "DC-MK",
        "Milton Keynes DC",
        NodeKind.WAREHOUSE,
        "GB",
        "MK9 1AA",
        52.04,
        -0.76,
        daily_capacity=5000,
        handling_cost=120,
        priority=1,
    ),
    Node(
        "DC-MAN",
        "Manchester DC",
        NodeKind.WAREHOUSE,
        "GB",
        "M1 1AA",
        53.48,
        -2.24,
        daily_capacity=3000,
        handling_cost=130,
        priority=2,
    ),
    Node(
        "ST-LDN",
        "London Oxford St store",
        NodeKind.STORE,
        "GB",
        "W1D 1AA",
        51.515,
        -0.142,
        daily_capacity=200,
        handling_cost=250,
        can_pickup=True,
        priority=5,
    ),
    Node(
        "ST-EDI",
        "Edinburgh store",
        NodeKind.STORE,
        "GB",
        "EH1 1AA",
        55.953,
        -3.189,
        daily_capacity=150,
        handling_cost=250,
        can_pickup=True,
        priority=6,
    ),
    Node(
        "SUP-NL",
        "Rotterdam supplier (drop-ship)",
        NodeKind.SUPPLIER,
        "NL",
        "3011",
        51.92,
        4.48,
        daily_capacity=1000,
        handling_cost=300,
        priority=9,
    ),
]
PRODUCTS = [
    ("PAPER-A4-80", "A4 copy paper 80g, box of 5 reams", 2499, 12500, TaxClass.STANDARD),
    ("PEN-BLUE-12", "Blue ballpoint pens, pack of 12", 499, 180, TaxClass.STANDARD),
    ("STAPLER-HD", "Heavy-duty stapler", 2999, 900, TaxClass.STANDARD),
    ("NOTEBOOK-A5", "A5 ruled notebook", 399, 250, TaxClass.STANDARD),
    ("COFFEE-1KG", "Coffee beans 1kg", 1599, 1000, TaxClass.REDUCED),
    ("TONER-BK", "Black toner cartridge", 8999, 1200, TaxClass.STANDARD),
    ("CHAIR-ERGO", "Ergonomic office chair", 24900, 15000, TaxClass.STANDARD),
    ("DESK-LAMP", "LED desk lamp", 3499, 1100, TaxClass.STANDARD),
]
CITIES = [
    ("London", "EC1A 1BB", 51.52, -0.10),
    ("Leeds", "LS1 1UR", 53.80, -1.55),
    ("Bristol", "BS1 4DJ", 51.45, -2.59),
    ("Glasgow", "G1 1XQ", 55.86, -4.25),
    ("Birmingham", "B1 1BB", 52.48, -1.90),
    ("Cardiff", "CF10 1EP", 51.48, -3.18),
]


def seed(engine: Engine, orders: int = 25, seed_value: int = 7) -> int:
    rng = random.Random(seed_value)
    with SqlUnitOfWork(engine) as uow:
        if uow.nodes.all():
            return 0  # already seeded
        for node in NODES:
            inv.upsert_node(uow, node)
        for sku, name, price, weight, tax in PRODUCTS:
            inv.upsert_product(
                uow,
                Product(sku, name, price, "GBP", weight_g=weight, tax_class=tax, category="office"),
            )
        for node in NODES:
            for sku, *_ in PRODUCTS:
                inv.set_stock(
                    uow, node.code, sku, rng.randint(0, 60), rng.choice([0, 2, 5]), "demo"
                )
        inv.upsert_channel(uow, Channel("web", "Web shop"))
        inv.upsert_channel(uow, Channel("marketplace", "Marketplace", BackorderPolicy.REJECT))
        inv.upsert_channel(uow, Channel("b2b", "B2B / EDI", BackorderPolicy.SHIP_COMPLETE))
        uow.commit()
    placed = 0
    for i in range(orders):
        city, postal, lat, lon = rng.choice(CITIES)
        skus = rng.sample([p[0] for p in PRODUCTS], rng.randint(1, 3))
        cmd = PlaceOrder(
            channel=rng.choice(["web", "web", "b2b"]),
            currency="GBP",
            customer=Customer(f"customer{i}@example.com", f"Customer {i}"),
            ship_to=Address(
                f"Customer {i}", f"{i + 1} Demo Street", city, postal, "GB", lat=lat, lon=lon
            ),
            lines=[OrderLineInput(s, rng.randint(1, 4)) for s in skus],
            external_id=f"DEMO-{i:04d}",
        )
        with SqlUnitOfWork(engine) as uow:
            place_order(uow, cmd, "demo")
            uow.commit()
            placed += 1
    return placed
