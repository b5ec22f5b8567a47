"""The order list gives the same answers on every store: each filter (status, channel,
SKU, customer, text, creation dates) alone and combined, newest first, a page at a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ordermind.services.unit_of_work import OrderFilter

from .stores import ContractStore, added, new_order


def day(d: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, d, hour, 0, tzinfo=UTC)


@pytest.fixture
def orders(seeded: ContractStore) -> tuple[ContractStore, list[int]]:
    """Four orders, oldest first: (web, Ann, PO-100, A), (web, Bob Smith, B),
    (shop, Ann, X-7, A+B, cancelled), (shop, Cy, PO-200, A)."""
    made = [
        new_order(("A", 1), external_id="PO-100", created_at=day(1)),
        new_order(("B", 2), email="bob@example.com", name="Bob Smith", created_at=day(2)),
        new_order(("A", 1), ("B", 1), channel="shop", external_id="X-7", created_at=day(3)),
        new_order(
            ("A", 3),
            channel="shop",
            external_id="PO-200",
            email="cy@example.com",
            name="Cy",
            created_at=day(4),
        ),
    ]
    made[2].cancel("test", "changed my mind")
    return seeded, [added(seeded, o) for o in made]


def listed(
    store: ContractStore, limit: int = 10, cursor: int | None = None, **flt: object
) -> list[int]:
    return [o.id for o in store.read(lambda u: u.orders.page(OrderFilter(**flt), cursor, limit))]  # type: ignore[arg-type]


def test_the_list_is_newest_first(orders: tuple[ContractStore, list[int]]) -> None:
    store, (one, two, three, four) = orders
    assert listed(store) == [four, three, two, one]


def test_the_list_pages_by_cursor(orders: tuple[ContractStore, list[int]]) -> None:
    store, (one, two, three, four) = orders
    assert listed(store, limit=2) == [four, three]
    assert listed(store, limit=2, cursor=three) == [two, one]
    assert listed(store, limit=2, cursor=one) == []


def test_the_list_filters_by_status_channel_and_sku(
    orders: tuple[ContractStore, list[int]],
) -> None:
    store, (one, two, three, four) = orders
    assert listed(store, status="cancelled") == [three]
    assert listed(store, status="placed") == [four, two, one]
    assert listed(store, channel="shop") == [four, three]
    assert listed(store, sku="B") == [three, two]
    assert listed(store, channel="web", sku="A") == [one]


def test_the_list_filters_by_customer_whatever_the_case(
    orders: tuple[ContractStore, list[int]],
) -> None:
    store, (one, _, three, _) = orders
    assert listed(store, customer="Ann@Example.com") == [three, one]
    assert listed(store, customer="nobody@example.com") == []


def test_the_list_finds_text_in_the_external_id_email_name_or_number(
    orders: tuple[ContractStore, list[int]],
) -> None:
    store, (one, two, three, four) = orders
    assert listed(store, q="po-") == [four, one]
    assert listed(store, q="SMITH") == [two]
    assert listed(store, q="cy@") == [four]
    assert listed(store, q=f"OM{two:08d}") == [two]
    assert listed(store, q=f"om{three}") == [three]
    assert listed(store, q="nothing-like-it") == []


def test_the_list_filters_by_creation_time_from_inclusive_to_exclusive(
    orders: tuple[ContractStore, list[int]],
) -> None:
    store, (one, two, three, four) = orders
    assert listed(store, created_from=day(2), created_to=day(4)) == [three, two]
    assert listed(store, created_from=day(2, 11)) == [four, three]
    assert listed(store, created_to=day(1, 10)) == []
    assert listed(store, created_to=day(1, 11)) == [one]


def test_the_list_combines_filters(orders: tuple[ContractStore, list[int]]) -> None:
    store, (one, _, three, _) = orders
    assert listed(store, customer="ann@example.com", channel="web") == [one]
    assert listed(store, customer="ann@example.com", created_from=day(2)) == [three]
    assert listed(store, q="x-7", status="cancelled", sku="B") == [three]
    assert listed(store, q="po-", channel="web", status="cancelled") == []
