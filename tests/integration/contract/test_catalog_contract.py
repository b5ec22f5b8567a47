"""Products, nodes, channels and node load: an upsert left without commit leaves the
catalogue as it was (including the network's sorted view read inside that unit of work),
a committed one is what a new unit of work reads, and products page in SKU order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.network import Node

from .stores import ContractStore

DAY = date(2026, 3, 2)


def test_an_uncommitted_product_upsert_leaves_no_product(store: ContractStore) -> None:
    def upsert(uow) -> None:
        uow.products.upsert(Product(sku="NEW", name="New", price=500))
        assert uow.products.get("NEW").price == 500  # seen inside its unit of work

    store.drop(upsert)
    assert store.read(lambda u: u.products.get("NEW")) is None
    assert store.read(lambda u: u.products.get_many(["NEW"])) == {}
    assert store.read(lambda u: u.products.page(None, 10)) == []


def test_an_uncommitted_product_change_leaves_the_committed_product(seeded: ContractStore) -> None:
    seeded.drop(lambda u: u.products.upsert(Product(sku="A", name="Renamed", price=1)))
    got = seeded.read(lambda u: u.products.get("A"))
    assert (got.name, got.price) == ("A", 1000)


def test_a_committed_product_is_read_by_a_new_unit_of_work(store: ContractStore) -> None:
    store.commit(
        lambda u: u.products.upsert(
            Product(sku="P", name="Pen", price=250, weight_g=20, category="office")
        )
    )
    store.commit(
        lambda u: u.products.upsert(
            Product(sku="P", name="Pen 2", price=300, weight_g=20, category="office")
        )
    )
    got = store.read(lambda u: u.products.get_many(["P", "missing"]))
    assert list(got) == ["P"]
    assert (got["P"].name, got["P"].price, got["P"].weight_g, got["P"].category) == (
        "Pen 2",
        300,
        20,
        "office",
    )


def test_products_are_listed_in_sku_order_a_page_at_a_time(store: ContractStore) -> None:
    def upsert(uow) -> None:
        for sku in ("P3", "P1", "P5", "P2", "P4"):
            uow.products.upsert(Product(sku=sku, name=sku, price=100))

    store.commit(upsert)

    def page(after: str | None) -> list[str]:
        return [p.sku for p in store.read(lambda u: u.products.page(after, 2))]

    assert page(None) == ["P1", "P2"]
    assert page("P2") == ["P3", "P4"]
    assert page("P4") == ["P5"]
    assert page("P5") == []


def test_an_uncommitted_node_upsert_leaves_the_network_as_it_was(seeded: ContractStore) -> None:
    def change(uow) -> None:
        uow.nodes.upsert(Node(code="EDI", name="Edinburgh"))
        uow.nodes.upsert(replace(uow.nodes.get("LDN"), daily_capacity=5, active=False))
        # read inside the unit of work: a store that caches the network must drop it
        assert [n.code for n in uow.nodes.all()] == ["EDI", "LDN", "MAN"]

    seeded.drop(change)
    assert seeded.read(lambda u: u.nodes.get("EDI")) is None
    network = seeded.read(lambda u: u.nodes.all())
    assert [(n.code, n.daily_capacity, n.active) for n in network] == [
        ("LDN", 1000, True),
        ("MAN", 1000, True),
    ]


def test_a_committed_node_change_is_in_the_network_a_new_unit_of_work_reads(
    seeded: ContractStore,
) -> None:
    seeded.read(lambda u: u.nodes.all())  # a store that caches it has it now
    seeded.commit(lambda u: u.nodes.upsert(replace(u.nodes.get("MAN"), daily_capacity=7)))
    network = seeded.read(lambda u: u.nodes.all())
    assert [(n.code, n.daily_capacity) for n in network] == [("LDN", 1000), ("MAN", 7)]


def test_an_uncommitted_channel_upsert_leaves_the_channels_as_they_were(
    seeded: ContractStore,
) -> None:
    def change(uow) -> None:
        uow.channels.upsert(Channel(code="shop", name="Shop"))
        uow.channels.upsert(Channel(code="web", name="Renamed", ship_sla_hours=2))
        assert [c.code for c in uow.channels.all()] == ["shop", "web"]

    seeded.drop(change)
    assert seeded.read(lambda u: u.channels.get("shop")) is None
    assert [
        (c.code, c.name, c.ship_sla_hours) for c in seeded.read(lambda u: u.channels.all())
    ] == [("web", "Web", 48)]


def test_a_committed_channel_is_read_by_a_new_unit_of_work(seeded: ContractStore) -> None:
    seeded.commit(lambda u: u.channels.upsert(Channel(code="shop", name="Shop", ship_sla_hours=24)))
    got = seeded.read(lambda u: u.channels.get("shop"))
    assert (got.name, got.ship_sla_hours) == ("Shop", 24)
    assert [c.code for c in seeded.read(lambda u: u.channels.all())] == ["shop", "web"]


def test_lines_taken_count_only_once_committed(seeded: ContractStore) -> None:
    seeded.drop(lambda u: u.nodes.take_lines([("LDN", DAY, 3)]))
    assert seeded.read(lambda u: u.nodes.load_on([DAY])) == {}
    seeded.commit(lambda u: u.nodes.take_lines([("LDN", DAY, 3), ("MAN", DAY, 1)]))
    seeded.commit(lambda u: u.nodes.take_lines([("LDN", DAY, 2)]))
    assert seeded.read(lambda u: u.nodes.load_on([DAY])) == {("LDN", DAY): 5, ("MAN", DAY): 1}
    assert seeded.read(lambda u: u.nodes.lines_taken({"LDN": DAY, "MAN": date(2026, 3, 3)})) == {
        "LDN": 5
    }
