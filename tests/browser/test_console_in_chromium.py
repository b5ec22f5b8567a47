"""The operations console in a real Chromium: a held order shows in the review queue and a
person approves it there."""

from __future__ import annotations

import httpx
import pytest


def _seed(served) -> int:
    with served.client() as c:
        c.put("/v1/nodes/LDN", json={"name": "London", "lat": 51.5, "lon": -0.1})
        c.put("/v1/products/A", json={"name": "Widget", "price": 1000})
        c.put("/v1/inventory/LDN/A", json={"on_hand": 10})
        body = {
            "channel": "web",
            "currency": "EUR",
            "customer": {"email": "ann@example.com"},
            "ship_to": {
                "name": "Ann",
                "line1": "1 St",
                "city": "London",
                "postal_code": "E1",
                "country": "GB",
            },
            "lines": [{"sku": "A", "quantity": 1, "unit_price": 1000}],
        }
        oid = c.post("/v1/orders", json=body).json()["id"]
        assert (
            c.post(
                f"/v1/orders/{oid}/holds",
                json={"reason": "fraud", "note": "card used in 3 countries"},
            ).status_code
            == 201
        )
    return oid


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_reviewer_approves_a_held_order_in_the_console(served, browser, tmp_path):
    oid = _seed(served)
    page = browser.new_page()
    page.goto(f"{served.base}/console/")
    page.fill("#key", served.headers["Authorization"].removeprefix("Bearer "))
    page.click("text=Connect")
    row = page.locator(f"#reviews tr[data-order='{oid}']")
    row.wait_for(timeout=15_000)
    assert "card used in 3 countries" in row.inner_text()
    assert page.locator("#orders tbody tr").count() == 1
    row.get_by_role("button", name="Approve").click()
    assert "give a reason first" in page.locator("#status").inner_text()  # a reason is required
    row.locator("input").fill("called the customer")
    row.get_by_role("button", name="Approve").click()
    page.locator("#reviews-empty").wait_for(state="visible", timeout=15_000)
    page.screenshot(path=str(tmp_path / "console.png"), full_page=True)
    order = httpx.get(f"{served.base}/v1/orders/{oid}", headers=served.headers).json()
    assert order["status"] == "allocated"
    assert order["holds"][0]["resolution"] == "approve: called the customer"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_console_loads_every_resource_it_asks_for_without_a_browser_error(served, browser):
    page = browser.new_page()
    errors: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{served.base}/console/")
    page.fill("#key", served.headers["Authorization"].removeprefix("Bearer "))
    page.click("text=Connect")
    page.locator("#orders").wait_for()
    page.wait_for_timeout(1_000)  # the favicon and the first refresh are asked for after load
    assert errors == []
    assert failed == []
