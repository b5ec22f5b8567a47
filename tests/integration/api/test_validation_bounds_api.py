"""The same values are refused, with the same one-line problem, on SQLite and PostgreSQL:
country codes that ISO 3166-1 does not assign, delivery dates and supply arrivals outside
2000-01-01 .. five years ahead, order totals and stock beyond what the store keeps
(domain/limits.py); and a stock count that raises the safety stock moves the newest
unreleased reservations off what it set aside, as a count that finds fewer units does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ordermind.domain.limits import MAX_ORDER_TOTAL, MAX_STOCK, latest_date

from .conftest import order_body

TODAY = date.today()


def _refused(r, needle: str, status: int = 422) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    detail = r.json()["detail"]
    assert needle in detail and "\n" not in detail, detail
    return detail


def _nothing_placed(api) -> None:
    assert api.get("/v1/orders").json()["items"] == []


@pytest.mark.parametrize("code", ["XX", "UK", "EU", "ZZ", "AA"])
def test_a_ship_to_country_iso_3166_does_not_assign_is_refused(api, code):
    api.seed({("LDN", "A"): 5})
    body = order_body(("A", 1))
    body["ship_to"]["country"] = code
    detail = _refused(api.post("/v1/orders", json=body), "ISO 3166-1 alpha-2")
    assert detail == f"ship_to.country '{code}' is not an ISO 3166-1 alpha-2 country code"
    _nothing_placed(api)


def test_assigned_country_codes_in_either_case_are_taken(api):
    api.seed({("LDN", "A"): 5})
    for code, stored in (("DE", "DE"), ("se", "SE"), ("Gb", "GB")):
        body = order_body(("A", 1))
        body["ship_to"]["country"] = code
        r = api.post("/v1/orders", json=body)
        assert r.status_code == 201, r.text
        assert r.json()["ship_to"]["country"] == stored


def test_a_change_of_address_to_an_unassigned_country_is_refused_and_changes_nothing(api):
    api.seed({("LDN", "A"): 5})
    oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    ship_to = {**order_body(("A", 1))["ship_to"], "country": "XX"}
    _refused(api.patch(f"/v1/orders/{oid}", json={"ship_to": ship_to}), "ISO 3166-1 alpha-2")
    assert api.get(f"/v1/orders/{oid}").json()["ship_to"]["country"] == "GB"


def test_a_node_or_a_billing_country_outside_iso_3166_is_refused(api):
    _refused(api.put("/v1/nodes/X1", json={"name": "X1", "country": "XX"}), "ISO 3166-1")
    assert [n for n in api.get("/v1/nodes").json()["items"] if n["code"] == "X1"] == []
    api.seed({("LDN", "A"): 5})
    body = order_body(("A", 1), risk_context={"billing_country": "XX"})
    _refused(api.post("/v1/orders", json=body), "ISO 3166-1 alpha-2")
    _nothing_placed(api)


@pytest.mark.parametrize(
    "wanted",
    [
        date(1, 1, 1),
        date(1999, 12, 31),
        date(9999, 12, 31),
        latest_date(TODAY) + timedelta(days=1),
    ],
)
def test_a_requested_delivery_date_outside_the_sane_range_is_refused(api, wanted):
    api.seed({("LDN", "A"): 5})
    body = order_body(("A", 1), requested_delivery_date=wanted.isoformat())
    detail = _refused(api.post("/v1/orders", json=body), "requested_delivery_date")
    assert detail == (
        f"requested_delivery_date {wanted.isoformat()} is out of range: give a date from "
        f"2000-01-01 to {latest_date(TODAY).isoformat()}"
    )
    _nothing_placed(api)


def test_delivery_dates_at_either_end_of_the_range_are_taken_and_a_change_is_checked(api):
    api.seed({("LDN", "A"): 5})
    for wanted in (date(2000, 1, 1), latest_date(TODAY)):
        body = order_body(("A", 1), requested_delivery_date=wanted.isoformat())
        r = api.post("/v1/orders", json=body)
        assert r.status_code == 201 and r.json()["requested_delivery_date"] == wanted.isoformat()
    oid = r.json()["id"]
    r = api.patch(f"/v1/orders/{oid}", json={"requested_delivery_date": "9999-12-31"})
    _refused(r, "out of range")
    assert api.get(f"/v1/orders/{oid}").json()["requested_delivery_date"] == wanted.isoformat()


def test_supply_arriving_outside_the_sane_range_is_refused(api):
    api.seed({("LDN", "A"): 5})
    for eta in ("0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z"):
        body = {"sku": "A", "node": "LDN", "quantity": 5, "eta": eta}
        _refused(api.post("/v1/inbound", json=body), "eta")
    assert api.get("/v1/inbound").json()["items"] == []


def test_an_order_total_past_64_bits_is_refused_with_one_line_not_a_server_error(api):
    skus = [f"S{i}" for i in range(10)]
    api.seed({("LDN", s): 1 for s in skus})
    body = order_body(*((s, 1_000_000) for s in skus))
    for line in body["lines"]:
        line["unit_price"] = 10**12  # 10 x 10**6 x 10**12 = 10**19 > 2**63
    detail = _refused(api.post("/v1/orders", json=body), "order total")
    assert detail == (
        f"the order total of {10**19} minor units is more than an order may come to "
        f"({MAX_ORDER_TOTAL})"
    )
    _nothing_placed(api)


def test_an_order_total_just_past_the_bound_is_refused_and_one_at_it_is_taken(api):
    api.seed({("LDN", "A"): 5, ("LDN", "B"): 5})
    units = MAX_ORDER_TOTAL // 10**12  # 9007 units at the highest unit price
    body = order_body(("A", units), ("B", 1))
    body["lines"][0]["unit_price"] = 10**12
    body["lines"][1]["unit_price"] = MAX_ORDER_TOTAL - units * 10**12 + 1
    _refused(api.post("/v1/orders", json=body), "order total")
    body["lines"][1]["unit_price"] -= 1
    r = api.post("/v1/orders", json=body)
    assert r.status_code == 201 and r.json()["total"] == MAX_ORDER_TOTAL
    # a change that would take it past the bound is refused too
    change = {"lines": [{"sku": "B", "quantity": 2}]}
    _refused(api.patch(f"/v1/orders/{r.json()['id']}", json=change), "order total")


def _on_hand(api, node: str, sku: str) -> int:
    [pos] = api.get("/v1/inventory", params={"node": node, "sku": sku}).json()["items"]
    return pos["on_hand"]


def test_stock_past_what_a_node_holds_is_refused_by_counts_adjustments_and_receipts(api):
    api.seed({("LDN", "A"): MAX_STOCK})
    r = api.put("/v1/inventory/LDN/A", json={"on_hand": 2**31})
    assert r.status_code == 422  # past 32 bits: the schema's own bound
    r = api.post("/v1/inventory/LDN/A/adjustments", json={"delta": 10**9, "reason": "found"})
    detail = _refused(r, "at most")
    assert detail == (
        f"LDN/A would hold {MAX_STOCK + 10**9} units; a node holds at most {MAX_STOCK} of a SKU"
    )
    eta = (TODAY + timedelta(days=3)).isoformat() + "T00:00:00Z"
    supply = api.post("/v1/inbound", json={"sku": "A", "node": "LDN", "quantity": 1, "eta": eta})
    assert supply.status_code == 201, supply.text
    _refused(api.post(f"/v1/inbound/{supply.json()['id']}/receive"), "at most")
    assert _on_hand(api, "LDN", "A") == MAX_STOCK
    assert [s["id"] for s in api.get("/v1/inbound").json()["items"]] == [supply.json()["id"]]
    r = api.post("/v1/inventory/LDN/A/adjustments", json={"delta": -1, "reason": "damaged"})
    assert r.status_code == 201 and r.json()["on_hand"] == MAX_STOCK - 1


def _allocations(api, oid: int) -> dict[str, int]:
    order = api.get(f"/v1/orders/{oid}").json()
    return {a["node"]: a["allocated"] for ln in order["lines"] for a in ln["allocations"]}


def _position(api, node: str) -> tuple[int, int, int]:
    [pos] = api.get("/v1/inventory", params={"node": node, "sku": "A"}).json()["items"]
    return pos["on_hand"], pos["reserved"], pos["safety_stock"]


def test_a_count_raising_safety_stock_moves_the_newest_unreleased_reservations(api):
    api.seed({("LDN", "A"): 6, ("MAN", "A"): 6})
    older, newer = (api.post("/v1/orders", json=order_body(("A", 2))).json()["id"] for _ in "ab")
    assert _allocations(api, older) == _allocations(api, newer) == {"LDN": 2}
    # 4 reserved; 6 - 4 = 2 left free: the newer order's 2 units must go
    r = api.put("/v1/inventory/LDN/A", json={"on_hand": 6, "safety_stock": 4})
    assert r.status_code == 200, r.text
    assert _position(api, "LDN") == (6, 2, 4)
    assert _allocations(api, older) == {"LDN": 2}  # the older order keeps its units
    assert _allocations(api, newer) == {"MAN": 2}  # the newer one is sourced elsewhere
    # one unit more: the newer order gives one of its units back, the older none
    r = api.put("/v1/inventory/MAN/A", json={"on_hand": 6, "safety_stock": 5})
    assert r.status_code == 200 and _position(api, "MAN") == (6, 1, 5)
    assert _allocations(api, older) == {"LDN": 2}


def test_a_count_raising_safety_stock_into_released_units_is_refused_and_changes_nothing(api):
    api.seed({("LDN", "A"): 4})
    oid = api.post("/v1/orders", json=order_body(("A", 3))).json()["id"]
    assert api.post(f"/v1/orders/{oid}/release").status_code == 200
    r = api.put("/v1/inventory/LDN/A", json={"on_hand": 4, "safety_stock": 2})
    _refused(r, "released for picking", status=409)
    assert _position(api, "LDN") == (4, 3, 0)


def test_an_order_for_a_channel_the_store_has_not_configured_is_refused_naming_the_known_ones(
    api,
):
    api.seed({("LDN", "A"): 5})
    for code in ("web", "b2b"):
        assert api.put(f"/v1/channels/{code}", json={}).status_code == 200
    detail = _refused(api.post("/v1/orders", json=order_body(("A", 1), channel="nochan")), "nochan")
    assert "configured channels: b2b, web" in detail
    _nothing_placed(api)
    assert api.get("/v1/inventory?sku=A").json()["items"][0]["reserved"] == 0
    assert api.post("/v1/orders", json=order_body(("A", 1), channel="b2b")).status_code == 201


def test_a_document_for_a_channel_the_store_has_not_configured_is_refused_and_not_recorded(api):
    api.seed({("LDN", "A"): 5})
    assert api.put("/v1/channels/edi", json={}).status_code == 200
    csv = (
        "Customer ID,PO Number,Ship To,Address,City,Postcode,Country,SKU,Description,Quantity\n"
        "C-1,PO-1,Dock 1,1 Dock Rd,Leeds,LS1 1AA,GB,A,Widget,1\n"
    )
    r = api.post(
        "/v1/intake/documents",
        content=csv.encode(),
        params={"channel": "nochan", "filename": "po.csv"},
    )
    assert "configured channels: edi" in _refused(r, "nochan")
    assert api.get("/v1/intake/documents").json()["items"] == []
    _nothing_placed(api)


@pytest.mark.parametrize("code", ["XYZ", "EUX", "ABC"])
def test_an_order_in_a_currency_iso_4217_does_not_assign_is_refused(api, code):
    api.seed({("LDN", "A"): 5})
    body = order_body(("A", 1), currency=code)
    detail = _refused(api.post("/v1/orders", json=body), "ISO 4217")
    assert detail == f"currency '{code}' is not an ISO 4217 currency code"
    _nothing_placed(api)


def test_a_gtin_another_sku_carries_is_refused_with_409_and_the_product_is_not_written(api):
    first = {"name": "Cup", "price": 100, "gtin": "4006381333931"}
    assert api.put("/v1/products/CUP", json=first).status_code == 200
    r = api.put("/v1/products/MUG", json={"name": "Mug", "price": 100, "gtin": "4006381333931"})
    assert _refused(r, "already belongs to SKU CUP", status=409)
    assert api.get("/v1/products/MUG").status_code == 404
    # the SKU that has it may keep it
    assert api.put("/v1/products/CUP", json={**first, "price": 120}).status_code == 200
