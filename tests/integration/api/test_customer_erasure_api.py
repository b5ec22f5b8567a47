"""Erasing a customer leaves none of their personal data anywhere in the store, and every
accounting fact as it was — on SQLite and PostgreSQL.

The customer orders (several lines, idempotent requests), has an order held with a note,
shipped, invoiced, delivered, returned and refunded, a back-order that order care opens an
exception on, notifications planned for them, notification preferences, a webhook event
queued for delivery, an order sent as free text and one mailed to the SMTP intake. After
the erasure every table the database catalog lists (not a hand-made list) and every column
of it is searched for their e-mail, name, phone, street and postcode: plain, in any case,
and as JSON escapes them."""

from __future__ import annotations

import base64
import json
import smtplib
from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy import inspect, select, text

from ordermind.adapters.db import tables as t
from ordermind.adapters.intake_channels import make_handler
from ordermind.adapters.notifications.wiring import sql_notifier
from ordermind.adapters.webhooks import dispatcher as dispatch_mod
from ordermind.adapters.webhooks.dispatcher import Dispatcher
from ordermind.intake.channels import SMTPReceiver
from ordermind.services.privacy import customer_id

from ..webhook_queue import queue_all

EMAIL = "zoe.quixley-marsh@example.org"
NAME = "Zoë Quixley-Marsh"
SURNAME = "Quixley-Marsh"
PHONE = "+44 7700 900461"
MOBILE = "+447700900461"  # (the free-text parser reads a spaced number as a quantity)
STREET = "27 Wrenfield Crescent"
FLAT = "Flat 4b"
POSTCODE = "YO31 7QZ"
PERSONAL = (EMAIL, NAME, SURNAME, PHONE, MOBILE, STREET, POSTCODE)

SHIP_TO = {
    "name": NAME,
    "line1": STREET,
    "line2": FLAT,
    "city": "York",
    "postal_code": POSTCODE,
    "country": "GB",
    "lat": 53.97,
    "lon": -1.07,
}
FREE_TEXT = (
    f"From: {NAME} <{EMAIL.upper()}>\n"
    "Hi,\nPO#88123\n- 3 x A\n"
    f"Deliver to: {STREET}, York, {POSTCODE}, GB\n"
    f"thanks, {NAME}, phone {MOBILE}\n"
)

MAILED = (
    f"Hello,\nPO#88124\n- 1 x B\nDeliver to: {STREET}, York, {POSTCODE}, GB\n"
    f"Best, {NAME}, phone {MOBILE}\n"
)


def _order(*lines: tuple[str, int], **extra) -> dict:
    return {
        "channel": "web",
        "currency": "EUR",
        "customer": {"email": EMAIL, "name": NAME},
        "ship_to": SHIP_TO,
        "lines": [{"sku": s, "quantity": q, "unit_price": 1000} for s, q in lines],
        **extra,
    }


def _someone_else() -> dict:
    return {
        **_order(("A", 1)),
        "customer": {"email": "other@example.com", "name": "Olive Other"},
        "ship_to": {
            **SHIP_TO,
            "name": "Olive Other",
            "line1": "9 Elm Rd",
            "postal_code": "LS2 9JT",
        },
    }


def _forms(value: str) -> set[str]:
    """The needle as it may be stored: as written, lower-cased, JSON-escaped."""
    return {value.lower(), json.dumps(value)[1:-1].lower(), json.dumps(value.lower())[1:-1]}


def _text_of(value: object) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, default=str) + json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def find_personal_data(engine, needles) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every hit in every column of every table the database
    catalog lists."""
    hits = []
    tables = inspect(engine).get_table_names()
    assert {"orders", "order_events", "idempotency_keys", "intake_documents"} <= set(tables)
    with engine.connect() as conn:
        for table in tables:
            result = conn.execute(text(f'SELECT * FROM "{table}"'))
            columns = list(result.keys())
            for row in result:
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    haystack = _text_of(value).lower()
                    for needle in needles:
                        if any(form in haystack for form in _forms(needle)):
                            hits.append((table, column, needle))
    return hits


def _facts(api, engine) -> dict:
    """What accounting and the KPIs read: totals, line quantities, invoices, refunds."""
    with engine.connect() as conn:
        orders = conn.execute(
            select(
                t.orders.c.id, t.orders.c.total, t.orders.c.status, t.orders.c.currency
            ).order_by(t.orders.c.id)
        ).all()
        lines = conn.execute(
            select(t.order_lines).order_by(t.order_lines.c.order_id, t.order_lines.c.line_no)
        ).all()
        invoices = conn.execute(
            select(
                t.invoices.c.number, t.invoices.c.subtotal, t.invoices.c.tax, t.invoices.c.total
            ).order_by(t.invoices.c.number)
        ).all()
        refunds = conn.execute(select(t.returns.c.id, t.returns.c.refund_amount)).all()
        countries = conn.execute(
            select(t.orders.c.id, t.orders.c.ship_to).order_by(t.orders.c.id)
        ).all()
    kpis = api.get("/v1/kpis").json()
    return {
        "orders": [tuple(r) for r in orders],
        "lines": [tuple(r) for r in lines],
        "invoices": [tuple(r) for r in invoices],
        "refunds": sorted(tuple(r) for r in refunds),
        "countries": [(i, s["country"], s["city"]) for i, s in countries],
        "kpis": kpis,
    }


def _life_of_a_customer(api, engine, monkeypatch) -> list[int]:
    monkeypatch.setattr(dispatch_mod, "SETTLE", timedelta(0))
    api.seed({("LDN", "A"): 20, ("MAN", "B"): 10})
    assert api.put("/v1/products/C", json={"name": "Scarce", "price": 700}).is_success
    hook = api.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"})
    assert hook.status_code == 201

    first = api.post(
        "/v1/orders", json=_order(("A", 2), ("B", 1)), headers={"Idempotency-Key": "zq-1"}
    )
    assert first.status_code == 201, first.text
    again = api.post(
        "/v1/orders", json=_order(("A", 2), ("B", 1)), headers={"Idempotency-Key": "zq-1"}
    )
    assert again.json()["id"] == first.json()["id"]
    oid = first.json()["id"]
    backordered = api.post(
        "/v1/orders", json=_order(("C", 1), ("A", 1)), headers={"Idempotency-Key": "zq-2"}
    ).json()["id"]
    other = api.post("/v1/orders", json=_someone_else()).json()["id"]

    held = api.post(
        f"/v1/orders/{oid}/holds",
        json={"reason": "manual", "note": f"{NAME} rang from {PHONE} about {STREET}"},
    )
    assert held.status_code == 201, held.text
    release = api.post(
        f"/v1/orders/{oid}/holds/{held.json()['hold_id']}/release",
        json={"resolution": f"spoke to {NAME}"},
    )
    assert release.status_code == 200, release.text
    assert api.post(f"/v1/orders/{oid}/release").status_code == 200
    shipments = []
    for node, sku, qty in (("LDN", "A", 2), ("MAN", "B", 1)):
        s = api.post(
            "/v1/shipments",
            json={
                "order_id": oid,
                "node": node,
                "carrier": "DPD",
                "lines": [{"sku": sku, "quantity": qty}],
            },
        )
        assert s.status_code == 201, s.text
        shipments.append(s.json()["id"])
    for sid in shipments:
        assert api.post(f"/v1/shipments/{sid}/deliver").status_code == 200
    rma = api.post(
        "/v1/returns",
        json={"order_id": oid, "lines": [{"sku": "A", "quantity": 1, "reason": "damaged"}]},
    )
    assert rma.status_code == 201, rma.text
    rid = rma.json()["id"]
    assert api.post(f"/v1/returns/{rid}/authorise", json={}).status_code == 200
    assert api.post(
        f"/v1/returns/{rid}/receive", json={"dispositions": {"A": "restock"}}
    ).is_success
    assert api.post(f"/v1/returns/{rid}/refund", json={}).status_code == 200

    prefs = api.put(
        f"/v1/customers/{EMAIL}/notification-preferences",
        json={"opted_out": ["delay_predicted"], "locale": "en-GB"},
    )
    assert prefs.status_code == 200, prefs.text
    doc = api.post(
        "/v1/intake/documents",
        content=FREE_TEXT.encode(),
        params={"channel": "email", "filename": "order from Zoe.txt"},
        headers={"Idempotency-Key": "zq-doc"},
    )
    assert doc.status_code == 201, doc.text
    # and one by e-mail to the shop's SMTP intake: the body names them, not their e-mail
    with SMTPReceiver(make_handler(engine, "email"), host="127.0.0.1", port=0) as rx:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = EMAIL, "orders@shop.example", "order"
        msg.set_content(MAILED)
        with smtplib.SMTP("127.0.0.1", rx.port, timeout=10) as client:
            client.send_message(msg)
    scan = api.post("/v1/exceptions/scan", json={"auto_apply": False})
    assert scan.status_code == 200, scan.text

    sql_notifier(engine, {}).run_once()
    queue_all(Dispatcher(engine))

    with engine.connect() as conn:
        counts = {
            table.name: conn.execute(select(table)).first() is not None
            for table in (
                t.notifications,
                t.notification_outbox,
                t.webhook_deliveries,
                t.care_exceptions,
                t.velocity_events,
                t.intake_documents,
                t.holds,
                t.invoices,
                t.returns,
                t.customers,
            )
        }
    assert all(counts.values()), counts  # every kind of row that can hold them exists
    assert find_personal_data(engine, PERSONAL), "the customer's data is stored before"
    return [oid, backordered, other]


def test_erasure_leaves_no_personal_data_in_any_table_and_keeps_the_accounting(
    api, engine, monkeypatch
):
    oid, backordered, other = _life_of_a_customer(api, engine, monkeypatch)
    before = _facts(api, engine)

    # two orders are not shipped yet (a back-order, the texted one held for review)
    refused = api.post("/v1/customers/erase", json={"email": EMAIL.upper()})
    assert refused.status_code == 409, refused.text
    assert "2 order(s) still to be shipped" in refused.json()["detail"]
    assert find_personal_data(engine, PERSONAL) != []  # nothing changed

    r = api.post("/v1/customers/erase", json={"email": EMAIL.upper(), "force": True})
    assert r.status_code == 200, r.text
    done = r.json()
    cid = customer_id(EMAIL)
    # two placed over the API and one sent as text; the mailed one waits for review
    assert done["customer_id"] == cid and done["orders"] == 3, done
    assert done["rows"]["orders"] == 3 and done["rows"]["intake_documents"] == 2

    left = find_personal_data(engine, PERSONAL)
    assert left == [], "\n".join(map(str, left))
    assert _facts(api, engine) == before  # totals, quantities, invoices, refunds, KPIs
    with engine.connect() as conn:  # nothing more is sent to a pseudonym
        waiting = conn.execute(
            select(t.notification_outbox.c.id).where(
                t.notification_outbox.c.order_id.in_([oid, backordered]),
                t.notification_outbox.c.status == "pending",
            )
        ).all()
        unsent = conn.execute(
            select(t.notifications.c.id).where(
                t.notifications.c.order_id.in_([oid, backordered]),
                t.notifications.c.status.in_(("pending", "held")),
            )
        ).all()
    assert waiting == [] and unsent == []
    # the other customer is untouched
    assert api.get(f"/v1/orders/{other}").json()["customer"]["email"] == "other@example.com"
    kept = api.get(f"/v1/orders/{oid}").json()
    assert kept["customer"]["email"] == f"{cid}@erased.invalid"
    assert kept["ship_to"]["country"] == "GB" and kept["ship_to"]["city"] == "York"
    assert kept["total"] == 3000 and [ln["ordered"] for ln in kept["lines"]] == [2, 1]
    assert api.get(f"/v1/orders/{backordered}").json()["lines"][0]["sku"] == "C"

    # audited by pseudonymous id only; a second erasure finds nothing more to do
    audit = api.get("/v1/audit", params={"resource_type": "customer"}).json()["items"]
    assert [(a["action"], a["resource_id"]) for a in audit] == [("customer.erased", cid)]
    again = api.post(f"/v1/customers/{cid}/erase")
    assert again.status_code == 200 and again.json()["already_erased"] is True
    assert api.post("/v1/customers/erase", json={"email": EMAIL}).status_code == 404
    # they come back and order again: erasing them again erases the new order too
    assert api.post("/v1/orders", json=_order(("A", 1))).status_code == 201
    third = api.post(f"/v1/customers/{cid}/erase", params={"force": "true"})
    assert third.status_code == 200 and third.json()["orders"] == 1, third.text
    assert find_personal_data(engine, PERSONAL) == []


def test_erasure_and_export_are_for_admins_and_name_an_existing_customer(api, key_for):
    api.seed({("LDN", "A"): 5})
    assert api.post("/v1/orders", json=_order(("A", 1))).status_code == 201
    for role in ("operator", "agent", "viewer"):
        h = key_for(role)
        assert api.client.post(f"/v1/customers/{EMAIL}/erase", headers=h).status_code == 403
        assert api.client.get(f"/v1/customers/{EMAIL}/export", headers=h).status_code == 403
    assert api.post("/v1/customers/erase", json={"email": "nobody@example.org"}).status_code == 404
    missing = api.post(f"/v1/customers/{customer_id('nobody@example.org')}/erase")
    assert missing.status_code == 404
    assert api.post("/v1/customers/not-an-id/erase").status_code == 422
    assert api.get(f"/v1/orders?customer={EMAIL}").json()["items"]  # nothing was erased


def test_export_gives_every_row_of_the_customer_as_json_and_is_audited(api, engine, monkeypatch):
    oid, backordered, other = _life_of_a_customer(api, engine, monkeypatch)
    cid = customer_id(EMAIL)

    by_id = api.get(f"/v1/customers/{cid}/export")
    assert by_id.status_code == 200, by_id.text
    data = by_id.json()
    by_email = api.post("/v1/customers/export", json={"email": EMAIL}).json()
    assert by_email["customer_id"] == data["customer_id"] == cid
    assert data["email"] == EMAIL and data["customer"]["name"] == NAME
    exported = {o["id"] for o in data["orders"]}
    assert {oid, backordered} <= exported and other not in exported
    assert {e["order_id"] for e in data["order_events"]} <= exported
    assert any(n["recipient"] == EMAIL for n in data["notifications"])
    assert data["notification_preferences"][0]["locale"] == "en_GB"
    assert len(data["invoices"]) == 2 and len(data["returns"]) == 1
    assert any(h["note"] and PHONE in h["note"] for h in data["holds"])
    docs = data["intake_documents"]
    assert len(docs) == 2
    assert all(MOBILE.encode() in base64.b64decode(d["content"]["base64"]) for d in docs)
    assert data["velocity_events"] and data["care_exceptions"]

    audit = api.get("/v1/audit", params={"resource_id": cid}).json()["items"]
    assert [a["action"] for a in audit] == ["customer.exported", "customer.exported"]
    assert all(EMAIL not in json.dumps(a) for a in audit)
