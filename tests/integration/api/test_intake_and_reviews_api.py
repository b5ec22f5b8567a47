"""Documents in over the API: placed untouched when sure, held or queued for a person when
not; the reviewer's correction is applied and remembered for the next document."""

from .conftest import order_body

CLEAN = (
    b"Customer ID,PO Number,Ship To,Address,City,Postcode,Country,SKU,Description,Quantity\n"
    b"ACME,PO-7001,Acme Ltd,1 Dock Rd,Leeds,LS1 1AA,GB,A,Widget,3\n"
    b"ACME,PO-7001,Acme Ltd,1 Dock Rd,Leeds,LS1 1AA,GB,B,Gadget,2\n"
)
VAGUE = (
    b"Customer ID,PO Number,Ship To,Address,City,Postcode,Country,Customer Part,Description,"
    b"Quantity\nACME,PO-7002,Acme Ltd,1 Dock Rd,Leeds,LS1 1AA,GB,ACME-99,thingamajig deluxe,4\n"
)


def _upload(api, data, **params):
    return api.post(
        "/v1/intake/documents",
        content=data,
        params={"channel": "edi", "filename": "po.csv", **params},
    )


def test_a_clean_document_becomes_an_order_untouched_and_a_resend_is_the_same_order(api):
    api.seed({("LDN", "A"): 10, ("LDN", "B"): 10})
    r = _upload(api, CLEAN)
    assert r.status_code == 201, r.text
    doc = r.json()["documents"][0]
    assert doc["status"] == "placed", doc["reasons"]
    order = api.get(f"/v1/orders/{doc['order_id']}").json()
    assert order["external_id"] == "PO-7001" and order["status"] == "allocated"
    assert {ln["sku"]: ln["ordered"] for ln in order["lines"]} == {"A": 3, "B": 2}
    again = _upload(api, CLEAN).json()["documents"][0]
    assert again["status"] == "duplicate" and again["order_id"] == doc["order_id"]
    assert len(api.get("/v1/orders").json()["items"]) == 1


def test_an_unmatched_line_waits_for_review_and_the_correction_is_learned(api):
    api.seed({("LDN", "A"): 10, ("LDN", "B"): 10})
    doc = _upload(api, VAGUE).json()["documents"][0]
    assert doc["status"] == "review" and doc["order_id"] is None
    assert any("no catalog match" in r or "unknown item" in r for r in doc["reasons"])
    shown = api.get(f"/v1/intake/documents/{doc['document_id']}").json()
    assert "thingamajig" in shown["original"]["text"]  # the original beside the parse
    assert shown["parsed"]["lines"][0]["sku"] is None
    line_id = shown["parsed"]["lines"][0]["line_id"]
    fixed = api.post(
        f"/v1/intake/documents/{doc['document_id']}/resolve",
        json={"lines": [{"line_id": line_id, "sku": "B"}]},
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["status"] == "resolved"
    order = api.get(f"/v1/orders/{fixed.json()['order_id']}").json()
    assert [(ln["sku"], ln["ordered"]) for ln in order["lines"]] == [("B", 4)]
    # next time this buyer's part number is recognised at once
    nxt = _upload(api, VAGUE.replace(b"PO-7002", b"PO-7003")).json()["documents"][0]
    assert nxt["parsed"]["lines"][0]["sku"] == "B"


def test_garbage_and_hostile_documents_are_refused_and_nothing_is_written(api):
    api.seed({("LDN", "A"): 10})
    r = _upload(api, bytes(range(256)) * 20, filename="x.bin")
    assert r.status_code == 422 and "refused" in r.json()["detail"]
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2">&e;</Order>'
    )
    r = _upload(api, xxe, filename="o.xml")
    assert r.status_code == 422
    assert api.get("/v1/intake/documents").json()["items"] == []


def test_a_held_order_is_approved_or_rejected_from_the_review_queue_and_kept_as_a_label(
    api, engine
):
    from sqlalchemy import select

    from ordermind.adapters.db import tables as t

    api.seed({("LDN", "A"): 10})
    keep = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    drop = api.post("/v1/orders", json=order_body(("A", 2))).json()["id"]
    for oid in (keep, drop):
        api.post(f"/v1/orders/{oid}/holds", json={"reason": "fraud", "note": "velocity"})
    queue = api.get("/v1/reviews?reason=fraud").json()["items"]
    assert [i["order_id"] for i in queue] == [keep, drop]
    ok = api.post(
        f"/v1/reviews/{keep}/{queue[0]['hold']['id']}/approve", json={"reason": "known customer"}
    )
    assert ok.json()["status"] == "allocated"
    no = api.post(
        f"/v1/reviews/{drop}/{queue[1]['hold']['id']}/reject", json={"reason": "stolen card"}
    )
    assert no.json()["status"] == "cancelled"
    assert api.get("/v1/inventory?sku=A").json()["items"][0]["reserved"] == 1
    assert api.get("/v1/reviews").json()["items"] == []
    with engine.connect() as conn:
        labels = conn.execute(
            select(t.review_decisions.c.order_id, t.review_decisions.c.decision).order_by(
                t.review_decisions.c.id
            )
        ).all()
    assert [tuple(x) for x in labels] == [(keep, "approve"), (drop, "reject")]


def test_outbound_documents_from_the_order_parse_back_with_the_inbound_parsers(api):
    from ordermind.intake import parse_document

    api.seed({("LDN", "A"): 10, ("LDN", "B"): 10})
    oid = api.post("/v1/orders", json=order_body(("A", 3), ("B", 2), external_id="PO-9")).json()[
        "id"
    ]
    api.post(f"/v1/orders/{oid}/release")
    api.post(
        "/v1/shipments",
        json={
            "order_id": oid,
            "node": "LDN",
            "carrier": "DPD",
            "tracking": "T9",
            "lines": [{"sku": "A", "quantity": 3}],
        },
    )
    ack = api.get(f"/v1/orders/{oid}/documents/x12-855")
    assert ack.status_code == 200 and ack.text.startswith("ISA")
    parsed = parse_document(ack.content)[0]
    assert parsed.po_number == "PO-9"
    assert [(ln.seller_item_id, ln.quantity) for ln in parsed.lines] == [("A", 3), ("B", 2)]
    asn = parse_document(api.get(f"/v1/orders/{oid}/documents/x12-856").content)[0]
    assert asn.po_number == "PO-9"
    inv = parse_document(api.get(f"/v1/orders/{oid}/documents/x12-810").content)[0]
    assert [(ln.seller_item_id, ln.quantity) for ln in inv.lines] == [("A", 3)]
    ubl = api.get(f"/v1/orders/{oid}/documents/ubl-order-response")
    assert ubl.headers["content-type"].startswith("application/xml")
    assert parse_document(ubl.content)[0].po_number == "PO-9"
    assert api.get(f"/v1/orders/{oid}/documents/pdf").status_code == 422
