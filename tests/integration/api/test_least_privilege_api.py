"""Least privilege over the API, on SQLite and PostgreSQL: a channel key against every read
route of the OpenAPI document (its own channel's data only, nothing of another channel's,
network-wide data refused), key scopes below the role, prices a channel may not set, and
`/metrics` behind a key."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from ordermind.adapters.db import tables as t
from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.http.permissions import Scope

from .conftest import order_body

OTHER = "qxshop"  # a code, buyer and name that appear nowhere else in any answer
MARKERS = ("qxshop", "qxbuyer", "quinn xavier", "qxtrack")

# Every GET route a channel key may use (on its own channel's data); every other GET
# route in the OpenAPI document must refuse it. A new route fails the matrix until it is
# put on one side or the other.
CHANNEL_MAY_READ = {
    "/healthz",
    "/v1/products",
    "/v1/products/{sku}",
    "/v1/nodes",
    "/v1/channels",
    "/v1/tax-rates",
    "/v1/availability",
    "/v1/orders",
    "/v1/orders.csv",
    "/v1/orders/{order_id}",
    "/v1/orders/{order_id}/events",
    "/v1/orders/{order_id}/invoices",
    "/v1/orders/{order_id}/documents/{kind}",
    "/v1/orders/{order_id}/notifications",
    "/v1/shipments/{shipment_id}",
    "/v1/returns/{rma_id}",
    "/v1/intake/documents/{doc_id}",
    "/v1/intake/documents/{doc_id}/pages/{number}.png",
    "/v1/alerts",
    "/v1/kpis",
    "/v1/exceptions",
    "/v1/exceptions/{exception_id}",
    "/v1/customers/{email}/notification-preferences",
    "/v1/session",  # every key may ask what it may do
    "/v1/assistant/conversations/{conversation_id}/messages",  # its own conversations
}
CSV = (
    "Customer ID,PO Number,Ship To,Address,City,Postcode,Country,SKU,Description,Quantity\n"
    "C-{c},PO-{c},Dock {c},1 Dock Rd,Leeds,LS1 1AA,GB,A,Widget,1\n"
)


def _world_of(api, channel: str, key: dict) -> dict:
    """One channel's orders, shipment, return, intake document and alert."""
    tag = "qx" if channel == OTHER else channel
    person = "Quinn Xavier" if channel == OTHER else "Wendy Webb"
    email = f"{tag}buyer@example.com"
    body = order_body(("A", 2), channel=channel, email=email)
    body["customer"]["name"] = body["ship_to"]["name"] = person
    shipped = api.client.post("/v1/orders", json=body, headers=key)
    assert shipped.status_code == 201, shipped.text
    oid = shipped.json()["id"]
    node = shipped.json()["lines"][0]["allocations"][0]["node"]
    assert api.post(f"/v1/orders/{oid}/release").status_code == 200
    ship = api.post(
        "/v1/shipments",
        json={
            "order_id": oid,
            "node": node,
            "carrier": "DPD",
            "tracking": f"{tag}track1",
            "lines": [{"sku": "A", "quantity": 2}],
        },
    ).json()
    assert api.post(f"/v1/shipments/{ship['id']}/deliver").status_code == 200
    rma = api.post(
        "/v1/returns", json={"order_id": oid, "lines": [{"sku": "A", "quantity": 1}]}
    ).json()
    waiting = order_body(("B", 1), channel=channel, email=email)
    waiting["customer"]["name"] = person
    held = api.client.post("/v1/orders", json=waiting, headers=key).json()
    doc = api.post(
        "/v1/intake/documents",
        content=CSV.format(c=tag).encode(),
        params={"channel": channel, "filename": "po.csv"},
    ).json()["documents"][0]
    conversation = api.client.post("/v1/assistant/conversations", json={}, headers=key)
    assert conversation.status_code == 201, conversation.text
    return {
        "conversation_id": conversation.json()["conversation_id"],
        "order_id": oid,
        "waiting_id": held["id"],
        "shipment_id": ship["id"],
        "rma_id": rma["id"],
        "doc_id": doc["document_id"],
        "email": email,
        "kind": "x12-855",
        "sku": "A",
        "customer": email,
        "number": 1,
        "key_id": 1,  # (admin-only routes: refused before any look-up)
        "sub_id": 1,
        "connector_id": 1,
        # staff-only routes of the agent desk: refused before any look-up
        "case_id": 1,
        "agent_id": 1,
        "experiment_id": "exp_1",  # staff-only: refused before any look-up
    }


@pytest.fixture
def two_channels(api, engine, key_for):
    api.seed({("LDN", "A"): 10, ("MAN", "A"): 10, ("LDN", "B"): 5, ("EDI", "B"): 5})
    fences = {"web": "MAN", OTHER: "EDI"}
    for channel, node in fences.items():
        r = api.put(
            f"/v1/channels/{channel}",
            json={"name": channel, "ring_fences": [{"node": node, "share": 0.5}]},
        )
        assert r.status_code == 200, r.text
    keys = {c: key_for("channel", c) for c in fences}
    worlds = {c: _world_of(api, c, keys[c]) for c in fences}
    at = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(t.alerts),
            [
                {
                    "kind": "order_drop",
                    "channel": c,
                    "at": at,
                    "observed": 1.0,
                    "expected": 9.0,
                    "message": f"orders from {c} dropped",
                    "created_at": at,
                }
                for c in fences
            ],
        )
    # LDN goes down: every channel's waiting order there becomes an exception
    r = api.put("/v1/nodes/LDN", json={"name": "LDN", "lat": 51.5, "lon": -0.12, "active": False})
    assert r.status_code == 200, r.text
    assert api.post("/v1/exceptions/scan", json={"auto_apply": False}).status_code == 200
    for c, world in worlds.items():
        found = api.get("/v1/exceptions", params={"channel": c}).json()["items"]
        assert found, f"no exception for {c}"
        world["exception_id"] = found[0]["id"]
    return keys, worlds


def _read_routes(api) -> list[tuple[str, list[dict]]]:
    spec = api.client.get("/openapi.json").json()
    return [
        (p, ops["get"].get("parameters", [])) for p, ops in spec["paths"].items() if "get" in ops
    ]


def _url(path: str, params: list[dict], world: dict) -> tuple[str, dict]:
    """The route filled in with `world`'s resources, and its required query parameters."""

    def fill(m: re.Match) -> str:
        name = m.group(1)
        assert name in world, f"the matrix has no value for path parameter {name} of {path}"
        return str(world[name])

    url = re.sub(r"\{(\w+)\}", fill, path)
    query = {"skus": "A,B", "country": "GB"} if path == "/v1/availability" else {}
    if path == "/v1/demand":
        query = {"sku": "A", "node": "LDN"}
    missing = [p["name"] for p in params if p["in"] == "query" and p.get("required")]
    assert set(missing) <= set(query), f"the matrix cannot fill {missing} of {path}"
    return url, query


def test_a_channel_key_reads_its_own_channel_on_the_routes_it_may_and_is_refused_the_rest(
    api, two_channels
):
    keys, worlds = two_channels
    routes = _read_routes(api)
    assert len(routes) >= 30  # the whole document, not a sample
    outcomes = {}
    for path, params in routes:
        if path in ("/openapi.json", "/docs"):
            continue
        url, query = _url(path, params, worlds["web"])
        r = api.client.get(url, params=query, headers=keys["web"])
        outcomes[path] = r.status_code
        body = r.text.lower()
        assert not any(m in body for m in MARKERS), f"{path} shows another channel's data"
    # the channel's own document is a CSV: it has no page images (404, not 403)
    assert outcomes.pop("/v1/intake/documents/{doc_id}/pages/{number}.png") == 404
    allowed = {p for p, status in outcomes.items() if status == 200}
    refused = {p: s for p, s in outcomes.items() if s != 200}
    assert allowed == CHANNEL_MAY_READ & set(outcomes), refused
    assert set(refused.values()) == {403}, refused


def test_a_channel_key_never_sees_another_channels_resources_on_any_read_route(api, two_channels):
    keys, worlds = two_channels
    leaks = []
    for path, params in _read_routes(api):
        if path in ("/openapi.json", "/docs"):
            continue
        url, query = _url(path, params, worlds[OTHER])
        r = api.client.get(url, params=query, headers=keys["web"])
        body = r.text.lower()
        if r.status_code == 200 and "{" in path and path != "/v1/products/{sku}":
            leaks.append((path, r.status_code))  # another channel's resource, answered
        if any(m in body for m in MARKERS) or r.status_code >= 500:
            leaks.append((path, r.status_code))
    assert leaks == []


@pytest.mark.parametrize(
    "path", ["/v1/orders", "/v1/exceptions", "/v1/kpis", "/v1/availability", "/v1/alerts"]
)
def test_asking_for_another_channel_by_name_shows_nothing_of_it(api, two_channels, path):
    keys, _ = two_channels
    query = {"channel": OTHER}
    if path == "/v1/availability":
        query |= {"skus": "A,B", "country": "GB"}
    r = api.client.get(path, params=query, headers=keys["web"])
    assert r.status_code in (200, 403), r.text
    assert not any(m in r.text.lower() for m in MARKERS)


def test_the_channel_list_shows_a_channel_key_its_own_settings_only(api, two_channels):
    keys, _ = two_channels
    mine = api.client.get("/v1/channels", headers=keys["web"]).json()["items"]
    assert [c["code"] for c in mine] == ["web"]
    assert mine[0]["ring_fences"] == [{"node": "MAN", "sku": None, "share": 0.5, "quantity": 0}]
    everyone = api.get("/v1/channels").json()["items"]
    assert {c["code"] for c in everyone} == {"web", OTHER}


def test_a_read_only_key_reads_what_its_role_reads_and_changes_nothing(api, engine):
    api.seed({("LDN", "A"): 5})
    reader = {"Authorization": f"Bearer {create_key(engine, Role.OPERATOR, scope=Scope.READ_ONLY)}"}
    assert api.client.get("/v1/inventory", headers=reader).status_code == 200
    refused = [
        api.client.post("/v1/orders", json=order_body(("A", 1)), headers=reader),
        api.client.put("/v1/products/A", json={"name": "A", "price": 1}, headers=reader),
        api.client.put("/v1/inventory/LDN/A", json={"on_hand": 0}, headers=reader),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert "scope read_only" in refused[0].json()["detail"]
    assert api.get("/v1/orders").json()["items"] == []
    assert api.get("/v1/inventory?sku=A").json()["items"][0]["on_hand"] == 5
    assert api.get("/v1/products/A").json()["price"] == 1000


def test_an_intake_only_key_submits_documents_and_may_do_nothing_else(api, engine):
    api.seed({("LDN", "A"): 5})
    key = create_key(engine, Role.CHANNEL, "edi", scope=Scope.INTAKE_ONLY)
    intake = {"Authorization": f"Bearer {key}"}
    r = api.client.post(
        "/v1/intake/documents",
        content=CSV.format(c="E1").encode(),
        params={"channel": "edi", "filename": "po.csv"},
        headers=intake,
    )
    assert r.status_code == 201, r.text
    doc_id = r.json()["documents"][0]["document_id"]
    assert api.client.get(f"/v1/intake/documents/{doc_id}", headers=intake).status_code == 200
    for path in ("/v1/orders", "/v1/products", "/v1/availability?skus=A&country=GB"):
        assert api.client.get(path, headers=intake).status_code == 403, path
    placed = api.client.post("/v1/orders", json=order_body(("A", 1), channel="edi"), headers=intake)
    assert placed.status_code == 403


def test_scopes_are_given_on_creation_shown_kept_on_rotation_and_refused_when_unknown(api):
    r = api.post("/v1/keys", json={"role": "viewer", "scope": "read_only", "name": "bi"})
    assert r.status_code == 201, r.text
    assert r.json()["scope"] == "read_only"
    rotated = api.post(f"/v1/keys/{r.json()['id']}/rotate", json={}).json()
    assert rotated["scope"] == "read_only"
    assert api.post("/v1/keys", json={"role": "viewer", "scope": "everything"}).status_code == 422


def test_a_channel_key_may_not_set_its_own_prices_unless_the_channel_allows_it(
    api, key_for, engine
):
    api.seed({("LDN", "A"): 10})
    shop = key_for("channel", "web")
    free = order_body(("A", 1))
    free["lines"][0]["unit_price"] = 0
    r = api.client.post("/v1/orders", json=free, headers=shop)
    assert r.status_code == 403, r.text
    assert "may not set its own prices" in r.json()["detail"] and "A 0" in r.json()["detail"]
    assert api.get("/v1/orders").json()["items"] == []
    assert api.get("/v1/inventory?sku=A").json()["items"][0]["reserved"] == 0
    # the catalog's own price, or none at all, is fine; an operator may set any price
    assert api.client.post("/v1/orders", json=order_body(("A", 1)), headers=shop).status_code == 201
    catalog = order_body(("A", 1))
    del catalog["lines"][0]["unit_price"]
    assert api.client.post("/v1/orders", json=catalog, headers=shop).status_code == 201
    assert api.post("/v1/orders", json=free).status_code == 201
    # once the channel is configured for it, its key may too
    assert api.put("/v1/channels/web", json={"price_override": True}).status_code == 200
    again = order_body(("A", 1))
    again["lines"][0]["unit_price"] = 0
    assert api.client.post("/v1/orders", json=again, headers=shop).status_code == 201


def test_metrics_need_a_key_that_may_read_them(api, key_for):
    assert api.client.get("/metrics").status_code == 401
    assert api.client.get("/metrics", headers=key_for("channel", "web")).status_code == 403
    assert api.client.get("/metrics", headers=key_for("viewer")).status_code == 200
