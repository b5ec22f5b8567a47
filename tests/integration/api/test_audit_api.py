"""Every configuration route leaves exactly the audit rows of its change — who (the key's
actor), the action, the resource, before and after, the request id — written with the
change itself, on SQLite and PostgreSQL; GET /v1/audit filters and pages them, for admins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from ordermind.adapters.db import tables as t

UNTIL = (datetime.now(UTC) + timedelta(days=3)).isoformat()


def _seed(api) -> None:
    assert api.put("/v1/nodes/LDN", json={"name": "London", "postal_code": "E1 6AN"}).is_success
    assert api.put("/v1/products/A", json={"name": "Widget", "price": 1000}).is_success
    assert api.put("/v1/products/B", json={"name": "Gadget", "price": 500}).is_success
    assert api.put("/v1/channels/web", json={"name": "Web"}).is_success


def _key(api, role: str = "viewer") -> int:
    r = api.post("/v1/keys", json={"role": role, "name": "for the test"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _webhook(api) -> int:
    r = api.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _connector(api) -> int:
    r = api.post(
        "/v1/connectors",
        json={
            "kind": "shopify",
            "channel": "web",
            "shop": "a.myshopify.com",
            "signing_secret": "k" * 20,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


CONNECTOR_SECRETS = ("signing_secret", "api_token", "secrets")


@dataclass
class Case:
    name: str
    route: str  # "METHOD /path" as the OpenAPI document names it
    call: Callable  # api, ids made by `prepare` -> response
    action: str
    resource_type: str
    resource_id: Callable  # ids -> the resource id
    before: dict | None  # fields the before image has (None: no before image)
    after: dict | None
    prepare: Callable = lambda api: {}
    extra_rows: int = 0  # rows beside the one checked (a rotation also creates a key)
    absent: tuple[str, ...] = field(default=())  # fields that must not be in the images


CASES = [
    Case(
        "product created",
        "PUT /v1/products/{sku}",
        lambda api, ids: api.put("/v1/products/NEW", json={"name": "New", "price": 250}),
        "product.created",
        "product",
        lambda ids: "NEW",
        None,
        {"sku": "NEW", "name": "New", "price": 250},
    ),
    Case(
        "product updated",
        "PUT /v1/products/{sku}",
        lambda api, ids: api.put("/v1/products/A", json={"name": "Widget", "price": 1200}),
        "product.updated",
        "product",
        lambda ids: "A",
        {"price": 1000},
        {"price": 1200},
    ),
    Case(
        "node created",
        "PUT /v1/nodes/{code}",
        lambda api, ids: api.put("/v1/nodes/MAN", json={"name": "Manchester"}),
        "node.created",
        "node",
        lambda ids: "MAN",
        None,
        {"code": "MAN", "name": "Manchester", "active": True},
    ),
    Case(
        "node updated",
        "PUT /v1/nodes/{code}",
        lambda api, ids: api.put("/v1/nodes/LDN", json={"name": "London", "daily_capacity": 5}),
        "node.updated",
        "node",
        lambda ids: "LDN",
        {"daily_capacity": 1000},
        {"daily_capacity": 5},
    ),
    Case(
        "node taken down",
        "POST /v1/nodes/{code}/outage",
        lambda api, ids: api.post("/v1/nodes/LDN/outage"),
        "node.taken_down",
        "node",
        lambda ids: "LDN",
        {"active": True},
        {"active": False},
    ),
    Case(
        "node restored",
        "POST /v1/nodes/{code}/restore",
        lambda api, ids: api.post("/v1/nodes/LDN/restore"),
        "node.restored",
        "node",
        lambda ids: "LDN",
        {"active": False},
        {"active": True},
        prepare=lambda api: {"down": api.post("/v1/nodes/LDN/outage").status_code},
    ),
    Case(
        "channel created",
        "PUT /v1/channels/{code}",
        lambda api, ids: api.put("/v1/channels/b2b", json={"backorder_policy": "reject"}),
        "channel.created",
        "channel",
        lambda ids: "b2b",
        None,
        {"code": "b2b", "backorder_policy": "reject"},
    ),
    Case(
        "channel priority and ring fence changed",
        "PUT /v1/channels/{code}",
        lambda api, ids: api.put(
            "/v1/channels/web",
            json={
                "name": "Web",
                "priority": "dynamic",
                "priority_weights": {"order_age": 2},
                "ship_sla_hours": 24,
                "ring_fences": [{"node": "LDN", "sku": "A", "quantity": 3}],
            },
        ),
        "channel.updated",
        "channel",
        lambda ids: "web",
        {"priority": "fifo", "ship_sla_hours": 48, "ring_fences": []},
        {
            "priority": "dynamic",
            "priority_weights": {"order_age": 2.0},
            "ship_sla_hours": 24,
            "ring_fences": [
                {"node": "LDN", "channel": "web", "share": 0.0, "quantity": 3, "sku": "A"}
            ],
        },
    ),
    Case(
        "substitutes set",
        "PUT /v1/products/{sku}/substitutes",
        lambda api, ids: api.put("/v1/products/A/substitutes", json={"substitutes": ["B"]}),
        "product.substitutes_set",
        "product",
        lambda ids: "A",
        {"substitutes": []},
        {"substitutes": ["B"]},
    ),
    Case(
        "supplier terms set",
        "PUT /v1/supplier-terms/{sku}",
        lambda api, ids: api.put("/v1/supplier-terms/A", json={"supplier_id": "ACME", "moq": 10}),
        "supplier_terms.created",
        "supplier_terms",
        lambda ids: "A",
        None,
        {"sku": "A", "supplier_id": "ACME", "moq": 10},
    ),
    Case(
        "carrier delay announced",
        "PUT /v1/carriers/{carrier}/delay",
        lambda api, ids: api.put(
            "/v1/carriers/DHL/delay", json={"extra_days": 2, "until": UNTIL, "reason": "storm"}
        ),
        "carrier_delay.created",
        "carrier_delay",
        lambda ids: "DHL",
        None,
        {"carrier": "DHL", "extra_days": 2.0, "reason": "storm"},
    ),
    Case(
        "carrier delay withdrawn",
        "DELETE /v1/carriers/{carrier}/delay",
        lambda api, ids: api.delete("/v1/carriers/DHL/delay"),
        "carrier_delay.withdrawn",
        "carrier_delay",
        lambda ids: "DHL",
        {"carrier": "DHL", "extra_days": 1.0},
        None,
        prepare=lambda api: {
            "set": api.put(
                "/v1/carriers/DHL/delay", json={"extra_days": 1, "until": UNTIL, "reason": "x"}
            ).status_code
        },
    ),
    Case(
        "webhook subscribed",
        "POST /v1/webhooks",
        lambda api, ids: api.post(
            "/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "secret": "s" * 20}
        ),
        "webhook.created",
        "webhook",
        lambda ids: ids["response"]["id"],
        None,
        {"url": "http://127.0.0.1:9/hook", "active": True},
        absent=("secret",),
    ),
    Case(
        "webhook deactivated",
        "DELETE /v1/webhooks/{sub_id}",
        lambda api, ids: api.delete(f"/v1/webhooks/{ids['webhook']}"),
        "webhook.deactivated",
        "webhook",
        lambda ids: ids["webhook"],
        {"active": True},
        {"active": False},
        prepare=lambda api: {"webhook": _webhook(api)},
        absent=("secret",),
    ),
    Case(
        "shop connected",
        "POST /v1/connectors",
        lambda api, ids: api.post(
            "/v1/connectors",
            json={
                "kind": "woocommerce",
                "channel": "web",
                "shop": "https://shop.example",
                "signing_secret": "w" * 24,
                "admin_api_url": "http://127.0.0.1:9/wp-json/wc/v3",
                "api_token": "ck_1234:cs_5678",
                "locations": {"LDN": 1},
                "inventory_items": {"A": 71},
            },
        ),
        "connector.created",
        "connector",
        lambda ids: ids["response"]["id"],
        None,
        {"kind": "woocommerce", "channel": "web", "inventory_items": {"A": 71}, "active": True},
        absent=CONNECTOR_SECRETS,
    ),
    Case(
        "shop disconnected",
        "DELETE /v1/connectors/{connector_id}",
        lambda api, ids: api.delete(f"/v1/connectors/{ids['connector']}"),
        "connector.deleted",
        "connector",
        lambda ids: ids["connector"],
        {"active": True},
        {"active": False},
        prepare=lambda api: {"connector": _connector(api)},
        absent=CONNECTOR_SECRETS,
    ),
    Case(
        "key created",
        "POST /v1/keys",
        lambda api, ids: api.post("/v1/keys", json={"role": "operator", "name": "ops"}),
        "key.created",
        "api_key",
        lambda ids: ids["response"]["id"],
        None,
        {"role": "operator", "name": "ops", "revoked_at": None},
        absent=("key", "key_hash", "last_used_at"),
    ),
    Case(
        "key revoked",
        "POST /v1/keys/{key_id}/revoke",
        lambda api, ids: api.post(f"/v1/keys/{ids['key']}/revoke"),
        "key.revoked",
        "api_key",
        lambda ids: ids["key"],
        {"revoked_at": None},
        {"role": "viewer"},
        prepare=lambda api: {"key": _key(api)},
        absent=("key", "key_hash"),
    ),
    Case(
        "key rotated",
        "POST /v1/keys/{key_id}/rotate",
        lambda api, ids: api.post(f"/v1/keys/{ids['key']}/rotate"),
        "key.rotated",
        "api_key",
        lambda ids: ids["key"],
        {"revoked_at": None},
        {"role": "viewer"},
        prepare=lambda api: {"key": _key(api)},
        extra_rows=1,  # the new key's key.created
        absent=("key", "key_hash"),
    ),
    Case(
        "tax rates set for a country",
        "PUT /v1/tax-rates/{country}",
        lambda api, ids: api.put("/v1/tax-rates/de", json={"rates": {"standard": 1900}}),
        "tax_rates.created",
        "tax_rates",
        lambda ids: "DE",
        None,
        {"standard": 1900},
    ),
    Case(
        "default tax rates changed",
        "PUT /v1/tax-rates/{country}",
        lambda api, ids: api.put(
            "/v1/tax-rates/default", json={"rates": {"standard": 2100, "reduced": 500, "zero": 0}}
        ),
        "tax_rates.updated",
        "tax_rates",
        lambda ids: "default",
        {"standard": 2000, "reduced": 500, "zero": 0},
        {"standard": 2100, "reduced": 500, "zero": 0},
    ),
    Case(
        "retention changed",
        "PUT /v1/privacy/retention",
        lambda api, ids: api.put("/v1/privacy/retention", json={"raw_documents": 7}),
        "retention.updated",
        "retention",
        lambda ids: "customer_data",
        {"raw_documents": 90, "idempotency_responses": 30},
        {"raw_documents": 7, "idempotency_responses": 30},
    ),
    Case(
        "agent created",
        "POST /v1/agents",
        lambda api, ids: api.post("/v1/agents", json=_agent(ids["key"])),
        "agent.created",
        "agent",
        lambda ids: ids["response"]["id"],
        None,
        {"name": "Ada", "skills": ["orders"], "capacity": 3},
        prepare=lambda api: {"key": _key(api, "agent")},
    ),
    Case(
        "agent updated",
        "PUT /v1/agents/{agent_id}",
        lambda api, ids: api.put(
            f"/v1/agents/{ids['agent']}", json={**_agent(ids["key"]), "capacity": 5}
        ),
        "agent.updated",
        "agent",
        lambda ids: ids["agent"],
        {"capacity": 3},
        {"capacity": 5},
        prepare=lambda api: _an_agent(api),
    ),
    Case(
        "experiment started",
        "POST /v1/experiments",
        lambda api, ids: api.post("/v1/experiments", json=_EXPERIMENT),
        "experiment.created",
        "experiment",
        lambda ids: ids["response"]["id"],
        None,
        {"policy": "sourcing_strategy", "treatment": "cost", "status": "running"},
    ),
    Case(
        "experiment stopped",
        "POST /v1/experiments/{experiment_id}/stop",
        lambda api, ids: api.post(f"/v1/experiments/{ids['experiment']}/stop"),
        "experiment.stopped",
        "experiment",
        lambda ids: ids["experiment"],
        {"status": "running", "stopped_at": None},
        {"status": "stopped"},
        prepare=lambda api: {
            "experiment": api.post("/v1/experiments", json=_EXPERIMENT).json()["id"]
        },
    ),
]

_EXPERIMENT = {"name": "Winter trial", "policy": "sourcing_strategy", "treatment": "cost"}


def _agent(key_id: int) -> dict:
    return {
        "name": "Ada",
        "key_id": key_id,
        "skills": ["orders"],
        "languages": ["en"],
        "capacity": 3,
    }


def _an_agent(api) -> dict:
    key = _key(api, "agent")
    r = api.post("/v1/agents", json=_agent(key))
    assert r.status_code == 201, r.text
    return {"key": key, "agent": r.json()["id"]}


# The routes that change something other than configuration: order and stock operations
# (their own timelines and stock movements record who did them), documents, customer data
# (never in the audit trail), and the erasure and export that are audited as such.
NOT_CONFIGURATION = {
    "POST /v1/webhooks/{sub_id}/deliveries/{delivery_id}/redeliver": "a delivery",
    "POST /v1/webhooks/{sub_id}/replay": "deliveries",
    "POST /v1/webhooks/{sub_id}/rotate-secret": "audited as webhook.secret_rotated, with no "
    "before/after to compare (the secret is never in the trail)",
    "POST /v1/nodes/{code}/release-wave": "releases orders (order timelines)",
    "PUT /v1/inventory/{node}/{sku}": "a stock count (stock movements)",
    "POST /v1/inventory/{node}/{sku}/adjustments": "stock (stock movements)",
    "POST /v1/inbound": "supply on its way",
    "POST /v1/inbound/{supply_id}/receive": "stock (stock movements)",
    "POST /v1/orders": "an order",
    "PATCH /v1/orders/{order_id}": "an order",
    "POST /v1/orders/{order_id}/cancel": "an order",
    "POST /v1/orders/{order_id}/holds": "an order",
    "POST /v1/orders/{order_id}/holds/{hold_id}/release": "an order",
    "POST /v1/orders/{order_id}/release": "an order",
    "POST /v1/orders/{order_id}/place": "an order",
    "POST /v1/orders/{order_id}/close": "an order",
    "POST /v1/shipments": "an order",
    "POST /v1/shipments/{shipment_id}/deliver": "an order",
    "POST /v1/shipments/{shipment_id}/scans": "a carrier scan",
    "POST /v1/returns": "an order",
    "POST /v1/returns/{rma_id}/authorise": "an order",
    "POST /v1/returns/{rma_id}/receive": "an order",
    "POST /v1/returns/{rma_id}/refund": "an order",
    "POST /v1/reviews/{order_id}/{hold_id}/{decision}": "a review decision (kept as a label)",
    "POST /v1/intake/documents": "a document",
    "POST /v1/intake/documents/{doc_id}/resolve": "a document",
    "POST /v1/replenishment/proposals/{proposal_id}/approve": "a proposal",
    "POST /v1/replenishment/proposals/{proposal_id}/reject": "a proposal",
    "PUT /v1/customers/{email}/notification-preferences": "a customer's own data",
    "POST /v1/exceptions/scan": "order care",
    "POST /v1/exceptions/{exception_id}/fixes/{n}/apply": "order care (order timelines)",
    "POST /v1/exceptions/{exception_id}/dismiss": "order care",
    "POST /v1/customers/{customer}/erase": "audited as customer.erased",
    "POST /v1/customers/erase": "audited as customer.erased",
    "POST /v1/customers/export": "audited as customer.exported",
    "POST /v1/privacy/purge": "retention at work, not a change of it",
    "POST /v1/connectors/{connector_id}/webhooks": "a shop's order (order timelines)",
    "POST /v1/connectors/{connector_id}/availability/push": "stock figures sent to a shop "
    "(kept as the connector's last_push)",
    "POST /v1/session": "a console sign-in (a session of the key, not a change of it)",
    "DELETE /v1/session": "a console sign-out",
    "POST /v1/orders/{order_id}/resource": "an order",
    "PATCH /v1/replenishment/proposals/{proposal_id}": "a proposal (audited as proposal.edited)",
    "POST /v1/assistant/customer-tokens": "nothing stored (a signed token)",
    "POST /v1/assistant/conversations": "a conversation",
    "POST /v1/assistant/conversations/{conversation_id}/messages": "a conversation (its "
    "actions are order events)",
    "POST /v1/cases/{case_id}/claim": "a desk case (kept in its assignments)",
    "POST /v1/cases/{case_id}/reassign": "a desk case (kept in its assignments)",
    "POST /v1/cases/{case_id}/reply": "a conversation",
    "POST /v1/cases/{case_id}/resolve": "a desk case (kept in its assignments)",
    "POST /v1/desk/route": "desk cases (kept in their assignments)",
}


def test_every_route_that_changes_something_is_a_tested_configuration_route_or_is_not_one(
    app,
):
    changing = {
        f"{method.upper()} {path}"
        for path, ops in app.openapi()["paths"].items()
        for method in ops
        if method in ("put", "post", "patch", "delete")
    }
    tested = {c.route for c in CASES}
    assert not tested & set(NOT_CONFIGURATION)
    assert changing == tested | set(NOT_CONFIGURATION), (
        "a new route that changes something: add an audit case (or say why it is no "
        f"configuration): {sorted(changing - tested - set(NOT_CONFIGURATION))}"
    )


def _rows(engine) -> list:
    with engine.connect() as conn:
        return conn.execute(select(t.audit_log).order_by(t.audit_log.c.id)).all()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_configuration_route_writes_one_audit_row_with_before_and_after(api, engine, case):
    _seed(api)
    ids = case.prepare(api)
    seen = len(_rows(engine))
    admin = api.get("/v1/keys").json()["items"][0]["prefix"]

    response = case.call(api, ids)
    assert response.is_success, response.text
    if response.status_code != 204:
        ids["response"] = response.json()

    new = _rows(engine)[seen:]
    assert len(new) == 1 + case.extra_rows
    row = next(r for r in new if r.action == case.action)
    assert row.actor == f"key:{admin}"
    assert row.resource_type == case.resource_type
    assert row.resource_id == str(case.resource_id(ids))
    assert row.request_id == response.headers["x-request-id"]
    for image, wanted in ((row.before, case.before), (row.after, case.after)):
        if wanted is None:
            assert image is None
        else:
            assert image is not None
            assert {k: image.get(k) for k in wanted} == wanted
            assert not set(case.absent) & set(image)
    # the same call again changes nothing more than it did (a PUT that repeats is no change)
    if case.name in ("product updated", "channel priority and ring fence changed"):
        assert case.call(api, ids).is_success
        assert len(_rows(engine)) == seen + 1


def test_the_callers_request_id_is_kept_and_a_bad_one_replaced(api, engine):
    _seed(api)
    given = api.put(
        "/v1/products/A", json={"name": "W", "price": 1}, headers={"X-Request-ID": "req-42.a"}
    )
    assert given.headers["x-request-id"] == "req-42.a"
    bad = api.put(
        "/v1/products/A", json={"name": "W", "price": 2}, headers={"X-Request-ID": "no spaces!"}
    )
    assert bad.headers["x-request-id"] != "no spaces!" and len(bad.headers["x-request-id"]) == 16
    rows = _rows(engine)[-2:]
    assert [r.request_id for r in rows] == ["req-42.a", bad.headers["x-request-id"]]


def test_a_refused_change_leaves_no_audit_row(api, engine):
    _seed(api)
    seen = len(_rows(engine))
    r = api.put("/v1/channels/web", json={"ring_fences": [{"node": "NOWHERE", "quantity": 1}]})
    assert r.status_code == 422
    assert api.put("/v1/products/A/substitutes", json={"substitutes": ["A"]}).status_code == 422
    assert len(_rows(engine)) == seen


def test_the_audit_log_refuses_updates_and_deletes(api, engine):
    _seed(api)
    kept = _rows(engine)
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert _rows(engine) == kept and len(kept) == 5  # the admin key's creation and the seed


def test_audit_list_filters_by_resource_actor_and_time_and_pages_by_cursor(api, engine, key_for):
    _seed(api)
    for price in (1100, 1200, 1300):
        assert api.put("/v1/products/A", json={"name": "Widget", "price": price}).is_success

    product_a = api.get("/v1/audit", params={"resource_type": "product", "resource_id": "A"})
    assert product_a.status_code == 200
    items = product_a.json()["items"]
    assert [i["after"]["price"] for i in items] == [1300, 1200, 1100, 1000]  # newest first
    assert items[-1]["action"] == "product.created"

    first = api.get("/v1/audit", params={"resource_type": "product", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"] is not None
    rest = api.get(
        "/v1/audit", params={"resource_type": "product", "cursor": first["next_cursor"]}
    ).json()
    ids = [i["id"] for i in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 5  # A four times, B once

    actor = items[0]["actor"]
    assert len(api.get("/v1/audit", params={"actor": actor}).json()["items"]) == 7
    assert api.get("/v1/audit", params={"actor": "key:nobody"}).json()["items"] == []
    later = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    assert api.get("/v1/audit", params={"from": later}).json()["items"] == []
    everything = api.get("/v1/audit", params={"to": later}).json()["items"]
    assert len(everything) == len(_rows(engine)) == 8  # with the admin key's own creation
    assert everything[-1]["actor"] == "system" and everything[-1]["action"] == "key.created"

    for role in ("operator", "viewer"):
        assert api.client.get("/v1/audit", headers=key_for(role)).status_code == 403
    assert api.get("/v1/audit", params={"limit": 0}).status_code == 422
