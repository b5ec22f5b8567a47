"""The committed generated client (clients/python/ordermind_client, `make client`) drives
the served app over real HTTP on SQLite and PostgreSQL: it creates what an order needs,
places one, reads it back typed, lists, cancels, and gets typed problems — imported
from the folder as a user would after copying it, nothing installed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ordermind.entrypoints.openapi_schema import document

CLIENTS = Path(__file__).parents[2] / "clients" / "python"
sys.path.insert(0, str(CLIENTS))

from ordermind_client import AuthenticatedClient  # noqa: E402
from ordermind_client.api.catalog import put_channel, put_node, put_product  # noqa: E402
from ordermind_client.api.inventory import put_stock  # noqa: E402
from ordermind_client.api.orders import (  # noqa: E402
    cancel_order,
    create_order,
    get_order,
    list_orders,
)
from ordermind_client.models import (  # noqa: E402
    AddressIn,
    CancelIn,
    ChannelIn,
    CustomerIn,
    LineIn,
    NodeIn,
    Order,
    OrderDetail,
    OrderIn,
    OrderPage,
    Problem,
    Product,
    ProductIn,
    StockIn,
    StockPosition,
)


@pytest.fixture
def client(served):
    key = served.headers["Authorization"].removeprefix("Bearer ")
    with AuthenticatedClient(base_url=served.base, token=key, timeout=30) as c:
        yield c


def order_in(quantity: int = 3) -> OrderIn:
    return OrderIn(
        channel="web",
        currency="EUR",
        customer=CustomerIn(email="ann@example.com", name="Ann Buyer"),
        ship_to=AddressIn(
            name="Ann Buyer",
            line1="1 High St",
            city="London",
            postal_code="EC1A 1BB",
            country="GB",
        ),
        lines=[LineIn(sku="MUG-1", quantity=quantity, unit_price=1250)],
    )


def test_the_generated_client_places_reads_lists_and_cancels_an_order_typed(client):
    product = put_product.sync("MUG-1", client=client, body=ProductIn(name="Mug", price=1250))
    assert isinstance(product, Product) and product.price == 1250
    put_node.sync("LDN", client=client, body=NodeIn(name="London", lat=51.5, lon=-0.12))
    put_channel.sync("web", client=client, body=ChannelIn(name="Web shop"))
    stock = put_stock.sync("LDN", "MUG-1", client=client, body=StockIn(on_hand=10))
    assert isinstance(stock, StockPosition) and stock.available == 10

    placed = create_order.sync(client=client, body=order_in(), idempotency_key="client-e2e-1")
    assert isinstance(placed, Order), placed
    assert placed.status == "allocated" and placed.total == 3 * 1250
    assert placed.lines[0].allocations[0].node == "LDN"

    read = get_order.sync(placed.id, client=client)
    assert isinstance(read, OrderDetail)
    assert (read.number, read.customer.email, read.ship_to.city) == (
        placed.number,
        "ann@example.com",
        "London",
    )
    assert read.lines[0].allocated == 3 and read.priority is not None

    page = list_orders.sync(client=client, channel="web")
    assert isinstance(page, OrderPage)
    assert [o.id for o in page.items] == [placed.id] and page.next_cursor is None

    cancelled = cancel_order.sync(placed.id, client=client, body=CancelIn(reason="changed mind"))
    assert isinstance(cancelled, Order) and cancelled.status == "cancelled"
    assert cancelled.lines[0].cancelled == 3
    again = put_stock.sync("LDN", "MUG-1", client=client, body=StockIn(on_hand=10))
    assert isinstance(again, StockPosition) and again.reserved == 0


def test_the_generated_client_gets_typed_problems_for_a_missing_order_and_a_bad_one(client):
    missing = get_order.sync_detailed(999_999, client=client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, Problem)
    assert (missing.parsed.status, missing.parsed.code) == (404, "not_found")
    assert missing.parsed.title == "Not Found" and missing.parsed.request_id

    bad = create_order.sync_detailed(client=client, body=order_in(quantity=0))
    assert bad.status_code == 422 and isinstance(bad.parsed, Problem)
    assert bad.parsed.code == "validation_failed" and bad.parsed.title == "Unprocessable Content"
    assert bad.parsed.errors and any("quantity" in map(str, e.loc) for e in bad.parsed.errors)
    assert isinstance(list_orders.sync(client=client, channel="web"), OrderPage)


def test_the_committed_client_was_generated_from_the_document_the_app_serves():
    """Regenerate with `make client` after changing a route or a model; `make
    client-check` also regenerates the code and compares it."""
    committed = json.loads((CLIENTS / "openapi.json").read_text(encoding="utf-8"))
    assert committed == document(), "the client is stale: run `make client`"
