"""A small store for the console's browser tests, built through the public API (and, for
the forecast and proposals a planning run would write, through the planning repository):
an order to find by e-mail, an order held for fraud, an exception with fixes, an intake
document waiting for review, a forecast with intervals and a replenishment proposal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import httpx

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.planning_repo import SqlPlanning

VAGUE_PO = (
    b"Customer ID,PO Number,Ship To,Address,City,Postcode,Country,Customer Part,Description,"
    b"Quantity\nACME,PO-7002,Acme Ltd,1 Dock Rd,Leeds,LS1 1AA,GB,ACME-99,thingamajig deluxe,4\n"
)


def order_body(email: str, name: str, lines: list[tuple[str, int]], **extra) -> dict:
    return {
        "channel": "web",
        "currency": "EUR",
        "customer": {"email": email, "name": name},
        "ship_to": {
            "name": name,
            "line1": "1 High St",
            "city": "London",
            "postal_code": "EC1A 1AA",
            "country": "GB",
            "lat": 51.52,
            "lon": -0.1,
        },
        "lines": [{"sku": s, "quantity": q, "unit_price": 1000} for s, q in lines],
        **extra,
    }


@dataclass
class World:
    ann_order: int  # ann@example.com: A x2, B x1, allocated
    held_order: int  # on a fraud hold
    exception_id: int
    doc_id: int
    proposal_id: int


def _ok(r: httpx.Response) -> dict:
    assert r.status_code < 300, r.text
    return r.json() if r.content else {}


def build(c: httpx.Client, database_url: str) -> World:
    for code, lat, lon in (("LDN", 51.5, -0.12), ("MAN", 53.48, -2.24), ("EDI", 55.95, -3.19)):
        _ok(c.put(f"/v1/nodes/{code}", json={"name": code, "lat": lat, "lon": lon}))
    for sku, name in (("A", "Widget"), ("B", "Gadget"), ("C", "Sprocket")):
        _ok(c.put(f"/v1/products/{sku}", json={"name": name, "price": 1000}))
    for node, sku, qty in (
        ("LDN", "A", 20),
        ("MAN", "A", 20),
        ("LDN", "B", 10),
        ("MAN", "B", 10),
        ("EDI", "C", 5),
    ):
        _ok(c.put(f"/v1/inventory/{node}/{sku}", json={"on_hand": qty}))
    for n in range(3):  # other customers, so the search has something to leave out
        _ok(c.post("/v1/orders", json=order_body(f"zed{n}@example.com", "Zed Other", [("A", 1)])))
    ann = _ok(
        c.post("/v1/orders", json=order_body("ann@example.com", "Ann Buyer", [("A", 2), ("B", 1)]))
    )
    held = _ok(c.post("/v1/orders", json=order_body("bob@example.com", "Bob Held", [("A", 1)])))
    _ok(
        c.post(
            f"/v1/orders/{held['id']}/holds",
            json={"reason": "fraud", "note": "card used in 3 countries"},
        )
    )
    # EDI goes down with an order waiting there: care opens an exception with fixes
    waiting = _ok(
        c.post("/v1/orders", json=order_body("cat@example.com", "Cat Waiting", [("C", 2)]))
    )
    _ok(c.put("/v1/nodes/EDI", json={"name": "EDI", "lat": 55.95, "lon": -3.19, "active": False}))
    _ok(c.put("/v1/inventory/MAN/C", json={"on_hand": 10}))
    _ok(c.post("/v1/exceptions/scan", json={"auto_apply": False}))
    found = _ok(c.get("/v1/exceptions", params={"order_id": waiting["id"], "status": "open"}))
    assert found["items"], "no exception opened"
    doc = _ok(
        c.post(
            "/v1/intake/documents",
            content=VAGUE_PO,
            params={"channel": "edi", "filename": "po.csv"},
        )
    )["documents"][0]
    assert doc["status"] == "review", doc
    proposal_id = _plan(database_url)
    return World(ann["id"], held["id"], found["items"][0]["id"], doc["document_id"], proposal_id)


def _plan(database_url: str) -> int:
    """What a planning run writes: a 14-day forecast of A at LDN and one proposal."""
    engine = make_engine(database_url)
    today, now = date.today(), datetime.now(UTC)
    rows = []
    for d in range(14):
        yhat = 6.0 + (3 if (today + timedelta(days=d)).weekday() < 5 else -3)
        rows.append(
            {
                "run_id": "run1",
                "unique_id": "A|LDN",
                "ds": today + timedelta(days=d),
                "sku": "A",
                "node": "LDN",
                "yhat": yhat,
                "yhat_lo_80": yhat - 2,
                "yhat_hi_80": yhat + 2,
                "yhat_lo_95": yhat - 3.5,
                "yhat_hi_95": yhat + 3.5,
                "model": "AutoETS",
                "backtest_rmsse": 0.81,
                "created_at": now,
            }
        )
    with engine.begin() as conn:
        repo = SqlPlanning(conn)
        repo.replace_forecasts(rows)
        repo.add_proposals(
            [
                {
                    "run_id": "run1",
                    "kind": "purchase_order",
                    "sku": "A",
                    "node": "LDN",
                    "source": "ACME",
                    "quantity": 60,
                    "unit_cost": 300,
                    "lead_time_days": 10.0,
                    "reason": "projected stock 4 below the reorder point 31 in 10 days",
                }
            ]
        )
        proposal_id = repo.proposals("proposed", 1)[0]["id"]
    engine.dispose()
    return int(proposal_id)
