"""Tax rates as configuration, on SQLite and PostgreSQL: an admin sets a ship-to country's
rates per tax class and the defaults, invoices charge the order's country's rates (the
defaults for every class it leaves out), and bad input is refused and changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from ordermind.adapters.db import tables as t

from .conftest import order_body

BERLIN = {
    "name": "Bea Kunde",
    "line1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country": "DE",
    "lat": 52.52,
    "lon": 13.40,
}


def _invoice_taxes(api, ship_to: dict | None = None) -> dict[str, int]:
    """Place, release and ship an order of one A (standard) and one R (reduced) at 1000
    each; the tax each line of its invoice charged."""
    body = order_body(("A", 1), ("R", 1))
    if ship_to is not None:
        body["ship_to"] = ship_to
    order = api.post("/v1/orders", json=body)
    assert order.status_code == 201, order.text
    oid = order.json()["id"]
    assert api.post(f"/v1/orders/{oid}/release").status_code == 200
    shipped = api.post(
        "/v1/shipments",
        json={
            "order_id": oid,
            "node": "LDN",
            "carrier": "DPD",
            "lines": [{"sku": "A", "quantity": 1}, {"sku": "R", "quantity": 1}],
        },
    )
    assert shipped.status_code == 201, shipped.text
    (invoice,) = api.get(f"/v1/orders/{oid}/invoices").json()["items"]
    return {line["sku"]: line["tax"] for line in invoice["lines"]}


def _store(api) -> None:
    api.seed({("LDN", "A"): 50, ("LDN", "R"): 50})
    r = api.put("/v1/products/R", json={"name": "Book", "price": 1000, "tax_class": "reduced"})
    assert r.status_code == 200, r.text


def test_invoices_charge_the_built_in_rates_until_an_admin_sets_others(api):
    _store(api)
    assert _invoice_taxes(api) == {"A": 200, "R": 50}
    assert _invoice_taxes(api, BERLIN) == {"A": 200, "R": 50}
    listed = api.get("/v1/tax-rates").json()
    assert listed == {"defaults": {"standard": 2000, "reduced": 500, "zero": 0}, "countries": []}


def test_an_order_shipped_to_a_country_with_its_own_rates_is_invoiced_at_them(api):
    _store(api)
    r = api.put("/v1/tax-rates/de", json={"rates": {"standard": 1900, "reduced": 700}})
    assert r.status_code == 200, r.text
    assert r.json()["countries"] == [
        {
            "country": "DE",
            "rates": {"standard": 1900, "reduced": 700},
            "effective": {"standard": 1900, "reduced": 700, "zero": 0},
        }
    ]
    assert _invoice_taxes(api, BERLIN) == {"A": 190, "R": 70}
    assert _invoice_taxes(api) == {"A": 200, "R": 50}  # GB: still the defaults


def test_a_class_a_country_leaves_out_takes_the_default_and_follows_it_when_it_changes(api):
    _store(api)
    assert api.put("/v1/tax-rates/DE", json={"rates": {"standard": 1900}}).status_code == 200
    assert _invoice_taxes(api, BERLIN) == {"A": 190, "R": 50}
    r = api.put(
        "/v1/tax-rates/default", json={"rates": {"standard": 2500, "reduced": 1000, "zero": 0}}
    )
    assert r.status_code == 200, r.text
    assert _invoice_taxes(api, BERLIN) == {"A": 190, "R": 100}
    assert _invoice_taxes(api) == {"A": 250, "R": 100}


def test_empty_rates_put_a_country_back_on_the_defaults(api):
    _store(api)
    assert api.put("/v1/tax-rates/DE", json={"rates": {"standard": 1900}}).status_code == 200
    cleared = api.put("/v1/tax-rates/DE", json={"rates": {}})
    assert cleared.status_code == 200 and cleared.json()["countries"] == []
    assert _invoice_taxes(api, BERLIN) == {"A": 200, "R": 50}
    actions = [i["action"] for i in api.get("/v1/audit?resource_type=tax_rates").json()["items"]]
    assert actions == ["tax_rates.cleared", "tax_rates.created"]


def test_bad_tax_rates_are_refused_with_one_clear_problem_and_change_nothing(api, engine):
    bad = {
        "/v1/tax-rates/XX": ({"rates": {"standard": 1900}}, "not an ISO 3166-1 alpha-2"),
        "/v1/tax-rates/GBR": ({"rates": {"standard": 1900}}, "not an ISO 3166-1 alpha-2"),
        "/v1/tax-rates/default": ({"rates": {"standard": 1900}}, "missing"),
        "/v1/tax-rates/DE": ({"rates": {"standard": 10001}}, "less than or equal to 10000"),
        "/v1/tax-rates/FR": ({"rates": {"standard": -1}}, "greater than or equal to 0"),
        "/v1/tax-rates/IT": ({"rates": {"luxury": 3000}}, "standard"),
        "/v1/tax-rates/ES": ({"rates": {"standard": "21"}}, "integer"),
        "/v1/tax-rates/NL": ({"rates": {"standard": 21.5}}, "integer"),
        "/v1/tax-rates/BE": ({"standard": 2100}, "rates"),
    }
    for path, (body, says) in bad.items():
        r = api.put(path, json=body)
        assert r.status_code == 422, (path, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert says in r.text, (path, r.text)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.tax_rates)).scalar() == 0
        assert not conn.execute(
            select(t.audit_log).where(t.audit_log.c.resource_type == "tax_rates")
        ).first()


def test_only_admins_set_tax_rates_and_every_role_reads_them(api, key_for, engine):
    for role in ("operator", "agent", "viewer"):
        key = key_for(role)
        put = api.client.put("/v1/tax-rates/DE", json={"rates": {"standard": 1}}, headers=key)
        assert put.status_code == 403, role
        assert api.client.get("/v1/tax-rates", headers=key).status_code == 200
    channel = key_for("channel", "web")
    assert api.client.get("/v1/tax-rates", headers=channel).status_code == 200
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.tax_rates)).scalar() == 0
