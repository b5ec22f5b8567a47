"""Key management over the API (admins only): list with last use, create with expiry,
revoke and rotate take effect on the very next request; on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text, update

from ordermind.adapters.db import tables as t
from ordermind.adapters.http.auth import KeyVerifier, Role, create_key

from .conftest import order_body


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _by_prefix(api, key: str) -> dict:
    prefix = key.split("_")[1]
    items = api.client.get("/v1/keys", headers=api.headers).json()["items"]
    return next(k for k in items if k["prefix"] == prefix)


def test_admin_lists_keys_without_secrets_and_sees_last_use(api, engine):
    viewer = create_key(engine, Role.VIEWER, name="dashboards")
    assert api.client.get("/v1/orders", headers=_bearer(viewer)).status_code == 200
    listing = api.client.get("/v1/keys", headers=api.headers)
    assert listing.status_code == 200
    row = _by_prefix(api, viewer)
    assert row["role"] == "viewer" and row["name"] == "dashboards" and row["state"] == "active"
    assert "key" not in row and "key_hash" not in row
    assert viewer not in listing.text
    deadline = time.monotonic() + 10  # written off the request path
    while _by_prefix(api, viewer)["last_used_at"] is None and time.monotonic() < deadline:
        time.sleep(0.1)
    used = datetime.fromisoformat(_by_prefix(api, viewer)["last_used_at"])
    assert abs(used - datetime.now(UTC)) < timedelta(seconds=30)
    # non-admins may not see the keys
    assert api.client.get("/v1/keys", headers=_bearer(viewer)).status_code == 403
    assert api.client.post("/v1/keys/1/revoke", headers=_bearer(viewer)).status_code == 403


def test_last_use_is_written_at_most_once_a_minute(engine):
    key = create_key(engine, Role.VIEWER)
    verifier = KeyVerifier(engine)
    writes = []
    verifier._write_last_use = writes.append  # type: ignore[method-assign]
    for _ in range(50):
        verifier.verify(f"Bearer {key}")
    assert len(writes) == 1


def test_revoke_takes_effect_on_the_next_request(api, engine):
    key = create_key(engine, Role.OPERATOR)
    assert api.client.get("/v1/orders", headers=_bearer(key)).status_code == 200  # cached
    key_id = _by_prefix(api, key)["id"]
    revoked = api.client.post(f"/v1/keys/{key_id}/revoke", headers=api.headers)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    refused = api.client.get("/v1/orders", headers=_bearer(key))
    assert refused.status_code == 401
    # again: nothing changes
    again = api.client.post(f"/v1/keys/{key_id}/revoke", headers=api.headers)
    assert again.json()["revoked_at"] == revoked.json()["revoked_at"]
    own = _by_prefix(api, api.headers["Authorization"].split()[1])["id"]
    assert api.client.post(f"/v1/keys/{own}/revoke", headers=api.headers).status_code == 409
    missing = api.client.post("/v1/keys/999999/revoke", headers=api.headers)
    assert missing.status_code == 404 and "999999" in missing.json()["detail"]


def test_a_revocation_made_straight_in_the_database_is_seen_at_once(api, engine):
    key = create_key(engine, Role.OPERATOR)
    assert api.client.get("/v1/orders", headers=_bearer(key)).status_code == 200
    with engine.begin() as conn:
        conn.execute(
            update(t.api_keys)
            .where(t.api_keys.c.prefix == key.split("_")[1])
            .values(revoked_at=datetime.now(UTC))
        )
    assert api.client.get("/v1/orders", headers=_bearer(key)).status_code == 401


def test_writing_last_use_does_not_drop_the_key_cache(engine):
    with engine.connect() as conn:
        before = conn.execute(text("SELECT version FROM config_versions WHERE name = 'keys'"))
        version = before.scalar()
    key = create_key(engine, Role.VIEWER)
    KeyVerifier(engine)._write_last_use(1)
    with engine.connect() as conn:
        after = conn.execute(text("SELECT version FROM config_versions WHERE name = 'keys'"))
        assert after.scalar() == version
        assert conn.execute(text("SELECT last_used_at FROM api_keys WHERE id = 1")).scalar()
    assert key


def test_create_with_expiry_and_expired_keys_are_refused(api, engine):
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    made = api.client.post(
        "/v1/keys", json={"role": "viewer", "name": "temp", "expires_at": soon}, headers=api.headers
    )
    assert made.status_code == 201, made.text
    body = made.json()
    key = body["key"]
    assert body["state"] == "active" and body["expires_at"]
    assert api.client.get("/v1/orders", headers=_bearer(key)).status_code == 200
    # its expiry passes (moved into the past in the database): refused at once
    with engine.begin() as conn:
        conn.execute(
            update(t.api_keys)
            .where(t.api_keys.c.id == body["id"])
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    refused = api.client.get("/v1/orders", headers=_bearer(key))
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]
    assert _by_prefix(api, key)["state"] == "expired"
    past = api.client.post(
        "/v1/keys",
        json={"role": "viewer", "expires_at": "2001-01-01T00:00:00Z"},
        headers=api.headers,
    )
    assert past.status_code == 422 and "past" in past.json()["detail"]
    no_channel = api.client.post("/v1/keys", json={"role": "channel"}, headers=api.headers)
    assert no_channel.status_code == 422


def test_rotate_replaces_the_key_at_once_or_after_a_grace_period(api, engine):
    old = create_key(engine, Role.CHANNEL, "web", name="shop")
    old_id = _by_prefix(api, old)["id"]
    assert api.client.get("/v1/orders", headers=_bearer(old)).status_code == 200
    rotated = api.client.post(f"/v1/keys/{old_id}/rotate", headers=api.headers)
    assert rotated.status_code == 201, rotated.text
    new = rotated.json()
    assert new["replaces"] == old_id and new["id"] != old_id
    assert (new["role"], new["channel"], new["name"]) == ("channel", "web", "shop")
    assert api.client.get("/v1/orders", headers=_bearer(old)).status_code == 401
    assert api.client.get("/v1/orders", headers=_bearer(new["key"])).status_code == 200
    # a revoked key is not rotated again
    again = api.client.post(f"/v1/keys/{old_id}/rotate", headers=api.headers)
    assert again.status_code == 409

    # with a grace period the old key keeps working until it ends
    graced = api.client.post(
        f"/v1/keys/{new['id']}/rotate", json={"grace_seconds": 600}, headers=api.headers
    )
    assert graced.status_code == 201
    assert api.client.get("/v1/orders", headers=_bearer(new["key"])).status_code == 200
    assert api.client.get("/v1/orders", headers=_bearer(graced.json()["key"])).status_code == 200
    listed = {k["id"]: k for k in api.client.get("/v1/keys", headers=api.headers).json()["items"]}
    expiry = datetime.fromisoformat(listed[new["id"]]["expires_at"])
    assert timedelta(seconds=500) < expiry - datetime.now(UTC) <= timedelta(seconds=600)


def _orders_of(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM orders")).scalar_one()


def test_an_order_with_a_key_revoked_straight_in_the_database_is_refused_and_not_placed(
    api, engine
):
    # An order's key is confirmed by the placement's own read on PostgreSQL (no version
    # read of its own): a key cached by one order and revoked behind the app's back must
    # still be refused on the next, with nothing written.
    api.seed({("LDN", "A"): 10})
    key = create_key(engine, Role.OPERATOR)
    first = api.client.post("/v1/orders", json=order_body(("A", 1)), headers=_bearer(key))
    assert first.status_code == 201, first.text
    with engine.begin() as conn:
        conn.execute(
            update(t.api_keys)
            .where(t.api_keys.c.prefix == key.split("_")[1])
            .values(revoked_at=datetime.now(UTC))
        )
    before = _orders_of(engine)
    refused = api.client.post(
        "/v1/orders",
        json=order_body(("A", 1)),
        headers={**_bearer(key), "Idempotency-Key": "after-revoke"},
    )
    assert refused.status_code == 401, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert _orders_of(engine) == before


def test_an_order_is_placed_once_when_another_key_changes_between_two_orders(api, engine):
    # The keys' version moves with any key's change: the cached key is verified afresh and
    # the order placed, once, whatever its first attempt had read.
    api.seed({("LDN", "A"): 10})
    key = create_key(engine, Role.OPERATOR)
    assert (
        api.client.post("/v1/orders", json=order_body(("A", 1)), headers=_bearer(key)).status_code
        == 201
    )
    create_key(engine, Role.VIEWER)  # the version moves
    before = _orders_of(engine)
    body = order_body(("A", 1))
    headers = {**_bearer(key), "Idempotency-Key": "after-another-key"}
    placed = api.client.post("/v1/orders", json=body, headers=headers)
    assert placed.status_code == 201, placed.text
    assert _orders_of(engine) == before + 1
    replayed = api.client.post("/v1/orders", json=body, headers=headers)
    assert replayed.status_code == 201 and replayed.headers.get("idempotent-replayed") == "true"
    assert replayed.json()["id"] == placed.json()["id"]
    assert _orders_of(engine) == before + 1


def test_a_refused_order_of_a_key_revoked_meanwhile_says_401_not_why_the_order_was_wrong(
    api, engine
):
    api.seed({("LDN", "A"): 10})
    key = create_key(engine, Role.OPERATOR)
    assert (
        api.client.post("/v1/orders", json=order_body(("A", 1)), headers=_bearer(key)).status_code
        == 201
    )
    with engine.begin() as conn:
        conn.execute(
            update(t.api_keys)
            .where(t.api_keys.c.prefix == key.split("_")[1])
            .values(revoked_at=datetime.now(UTC))
        )
    # an e-mail the domain refuses (422 for a good key), sent with the revoked key
    body = order_body(("A", 1), email="not-an-address@nowhere")
    refused = api.client.post("/v1/orders", json=body, headers=_bearer(key))
    assert refused.status_code == 401, refused.text


def test_a_key_is_looked_up_again_on_a_fresh_connection_when_the_pooled_ones_died(
    migrated_url,
):
    # PostgreSQL only: killing a server's connections has no SQLite counterpart
    from sqlalchemy import text

    from ordermind.adapters.db.engine import make_engine, read_engine_for

    engine = make_engine(migrated_url("postgresql"))
    key = create_key(engine, Role.VIEWER)
    reader = read_engine_for(engine)
    with reader.connect() as one, reader.connect() as two:  # the pool keeps both
        one.execute(text("SELECT 1"))
        two.execute(text("SELECT 1"))
    with engine.connect() as conn:  # a restart's effect: every pooled connection dies
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    assert killed >= 2
    try:
        principal = KeyVerifier(engine).verify(f"Bearer {key}")  # not cached: looked up
    finally:
        engine.dispose()
    assert principal.role is Role.VIEWER
