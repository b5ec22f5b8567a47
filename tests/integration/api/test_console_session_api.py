"""Console sign-in over the API, on SQLite and PostgreSQL: an API key exchanged for an
HttpOnly, SameSite=Strict session cookie; every change made with the cookie needs the
CSRF token; another site's requests are refused; sign-out and key revocation end the
session for good; and the order search exports as CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from ordermind.adapters.db.session_repo import SqlSessions
from ordermind.adapters.http.auth import Role, create_key, issue_key, revoke_key
from ordermind.entrypoints.http_app import housekeeping_pass

from .conftest import order_body


def _signed_in(app, key: str, base_url: str = "http://testserver") -> tuple[TestClient, dict]:
    browser = TestClient(app, base_url=base_url)
    r = browser.post("/v1/session", json={"api_key": key})
    assert r.status_code == 201, r.text
    return browser, r.json()


def _an_order(api) -> int:
    api.seed({("LDN", "A"): 10, ("LDN", "B"): 10})
    r = api.post("/v1/orders", json=order_body(("A", 2), ("B", 1)))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_signing_in_sets_an_httponly_strict_cookie_and_answers_with_the_keys_permissions(
    app, engine
):
    key = create_key(engine, Role.OPERATOR)
    browser, body = _signed_in(app, key)
    cookie = browser.cookies.get("om_session")
    assert cookie and key not in cookie
    other = TestClient(app).post("/v1/session", json={"api_key": key})
    header = other.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header and "max-age=" in header
    assert "secure" not in header  # plain http: a Secure cookie would never come back
    assert key not in str(body)
    assert body["key"]["role"] == "operator" and "orders:change" in body["permissions"]
    assert "keys:manage" not in body["permissions"]
    me = browser.get("/v1/session").json()  # the cookie alone authenticates a read
    assert me["key"]["prefix"] == body["key"]["prefix"]
    assert me["session"]["csrf_token"] == body["session"]["csrf_token"]


def test_a_console_served_over_https_gets_a_secure_cookie(app, engine):
    browser = TestClient(app, base_url="https://testserver")
    r = browser.post("/v1/session", json={"api_key": create_key(engine, Role.VIEWER)})
    assert r.status_code == 201
    assert "secure" in r.headers["set-cookie"].lower()


def test_a_change_made_with_the_cookie_but_without_its_csrf_token_is_refused_and_changes_nothing(
    api, app, engine
):
    oid = _an_order(api)
    browser, body = _signed_in(app, create_key(engine, Role.OPERATOR))
    cancel = {"lines": [{"sku": "B", "quantity": 1}], "reason": "customer asked"}
    for headers in ({}, {"X-CSRF-Token": "0" * 64}):
        r = browser.post(f"/v1/orders/{oid}/cancel", json=cancel, headers=headers)
        assert r.status_code == 403, r.text
        assert r.json()["code"] == "csrf_failed"
    lines = api.get(f"/v1/orders/{oid}").json()["lines"]
    assert [ln["cancelled"] for ln in lines] == [0, 0]
    token = {"X-CSRF-Token": body["session"]["csrf_token"]}
    r = browser.post(f"/v1/orders/{oid}/cancel", json=cancel, headers=token)
    assert r.status_code == 200, r.text
    assert [ln["cancelled"] for ln in r.json()["lines"]] == [0, 1]


def test_a_request_another_site_makes_with_the_cookie_is_refused_even_a_read(app, engine):
    browser, body = _signed_in(app, create_key(engine, Role.ADMIN))
    cross = {"Sec-Fetch-Site": "cross-site"}
    assert browser.get("/v1/orders", headers=cross).status_code == 403
    token = {"X-CSRF-Token": body["session"]["csrf_token"], **cross}
    assert browser.delete("/v1/session", headers=token).status_code == 403
    refused = TestClient(app).post(
        "/v1/session", json={"api_key": create_key(engine, Role.ADMIN)}, headers=cross
    )
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    assert browser.get("/v1/orders", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200


def test_signing_out_revokes_the_session_so_its_cookie_never_works_again(app, engine):
    browser, body = _signed_in(app, create_key(engine, Role.ADMIN))
    cookie = browser.cookies.get("om_session")
    token = {"X-CSRF-Token": body["session"]["csrf_token"]}
    assert browser.delete("/v1/session").status_code == 403  # sign-out is a change too
    r = browser.delete("/v1/session", headers=token)
    assert r.status_code == 204
    cleared = r.headers["set-cookie"].lower()
    assert cleared.startswith("om_session=") and "max-age=0" in cleared
    replayed = TestClient(app, cookies={"om_session": cookie})  # a copy kept by an attacker
    r = replayed.get("/v1/session")
    assert r.status_code == 401 and "sign in again" in r.json()["detail"]


def test_revoking_the_key_ends_every_session_made_with_it(app, engine):
    info, key = issue_key(engine, Role.OPERATOR)
    browser, _ = _signed_in(app, key)
    assert browser.get("/v1/orders").status_code == 200
    revoke_key(engine, info.id)
    assert browser.get("/v1/orders").status_code == 401


def test_a_viewer_session_holds_only_reads_and_is_refused_a_change(api, app, engine):
    oid = _an_order(api)
    browser, body = _signed_in(app, create_key(engine, Role.VIEWER))
    assert body["permissions"] and all(p.endswith(":read") for p in body["permissions"])
    token = {"X-CSRF-Token": body["session"]["csrf_token"]}
    r = browser.post(f"/v1/orders/{oid}/cancel", json={}, headers=token)
    assert r.status_code == 403 and "viewer" in r.json()["detail"]


def test_a_bad_key_signs_nobody_in_and_sets_no_cookie(app):
    for key in ("om_nope_nothing", "not a key at all"):
        r = TestClient(app).post("/v1/session", json={"api_key": key})
        assert r.status_code == 401 and "set-cookie" not in r.headers
    r = TestClient(app).post("/v1/session", json={"api_key": ""})
    assert r.status_code == 422


def test_a_key_still_works_without_any_session_and_cannot_sign_out(api):
    me = api.get("/v1/session").json()
    assert me["key"]["role"] == "admin" and me["session"] is None
    assert api.delete("/v1/session").status_code == 409


def test_the_order_search_exports_as_csv_with_the_same_filters_and_no_formulas(api):
    api.seed({("LDN", "A"): 50})
    evil = order_body(("A", 1), email="eve@example.com")
    evil["customer"]["name"] = "=HYPERLINK(1)"
    for body in (evil, order_body(("A", 2), email="zoe@example.com")):
        assert api.post("/v1/orders", json=body).status_code == 201
    r = api.get("/v1/orders.csv", params={"q": "eve@"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["customer_email"] for row in rows] == ["eve@example.com"]
    assert rows[0]["customer_name"] == "'=HYPERLINK(1)" and rows[0]["lines"] == "1 x A"
    everything = list(csv.DictReader(io.StringIO(api.get("/v1/orders.csv").text)))
    assert len(everything) == 2
    assert len(list(csv.DictReader(io.StringIO(api.get("/v1/orders.csv?limit=1").text)))) == 1
    assert api.get("/v1/orders.csv", params={"status": "nonsense"}).status_code == 422


def test_housekeeping_forgets_sessions_that_ended_a_day_ago_and_keeps_live_ones(app, engine):
    key = create_key(engine, Role.VIEWER)
    gone, body = _signed_in(app, key)
    gone.delete("/v1/session", headers={"X-CSRF-Token": body["session"]["csrf_token"]})
    live, _ = _signed_in(app, key)
    store = SqlSessions(engine)
    assert store.prune(datetime.now(UTC) - timedelta(days=1)) == 0  # it ended just now
    housekeeping_pass(engine)
    assert live.get("/v1/session").status_code == 200
    assert store.prune(datetime.now(UTC) + timedelta(minutes=1)) == 1  # the signed-out one
    assert live.get("/v1/session").status_code == 200


def test_an_order_placed_with_the_session_needs_the_csrf_token_like_any_change(api, app, engine):
    api.seed({("LDN", "A"): 10})
    browser, body = _signed_in(app, create_key(engine, Role.OPERATOR))
    refused = browser.post("/v1/orders", json=order_body(("A", 1)))
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    token = {"X-CSRF-Token": body["session"]["csrf_token"]}
    placed = browser.post("/v1/orders", json=order_body(("A", 1)), headers=token)
    assert placed.status_code == 201, placed.text
    assert len(api.get("/v1/orders").json()["items"]) == 1
