"""Two hosts (two server processes on loopback, two workers each, every one with its own
caches) sharing one database decide exactly as a single worker does: the fraud screen's
velocity windows, the channel rules and the node network live in the database, not in a
worker's memory."""

from __future__ import annotations

import random
from contextlib import ExitStack

import httpx
import pytest

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.http.auth import Role, create_key


def _stream(seed: int = 5) -> list[dict]:
    """A day's orders in which some buyers misbehave: a card shared by several e-mails, a
    device ordering again and again, an address many parcels go to; the rest are ordinary."""
    rng = random.Random(seed)
    orders = []
    for i in range(48):
        kind = rng.choice(["plain", "plain", "shared_card", "busy_device", "drop_address"])
        email = f"buyer{i}@example.com" if kind != "busy_device" else "same@example.com"
        context = {"ip": f"10.0.{i % 7}.{i}"}
        if kind == "shared_card":
            context["card_token"] = "card-shared"
        if kind == "busy_device":
            context["device_id"] = "device-busy"
        line1 = "9 Drop St" if kind == "drop_address" else f"{i} Main St"
        orders.append(
            {
                "channel": "web",
                "currency": "EUR",
                "external_id": f"s-{i}",
                "customer": {"email": email},
                "ship_to": {
                    "name": "B",
                    "line1": line1,
                    "city": "Leeds",
                    "postal_code": "LS1",
                    "country": "GB",
                    "lat": 53.8,
                    "lon": -1.55,
                },
                "lines": [{"sku": "A", "quantity": 1, "unit_price": 2000}],
                "risk_context": context,
            }
        )
    return orders


def _seed(base: str, headers: dict) -> None:
    with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
        r = c.put("/v1/nodes/N1", json={"name": "N1", "lat": 53.0, "lon": -1.0})
        assert r.status_code == 200
        assert c.put("/v1/products/A", json={"name": "A", "price": 2000}).status_code == 200
        assert c.put("/v1/inventory/N1/A", json={"on_hand": 1000}).status_code == 200


def _decide(bases: list[str], headers: dict) -> list[tuple[str, str, tuple]]:
    """Post the stream in turn to each host; what the screen decided for every order."""
    clients = [httpx.Client(base_url=b, headers=headers, timeout=60) for b in bases]
    out = []
    try:
        for i, body in enumerate(_stream()):
            r = clients[i % len(clients)].post("/v1/orders", json=body)
            assert r.status_code == 201, r.text
            risk = r.json()["risk"]
            out.append((body["external_id"], risk["action"], tuple(sorted(risk["rules"]))))
    finally:
        for c in clients:
            c.close()
    return out


@pytest.mark.slow
def test_the_same_orders_get_the_same_holds_from_two_hosts_as_from_one_worker(
    empty_database, start_server, tmp_path
):
    results = []
    for name, hosts, workers in (("one", 1, 1), ("two", 2, 2)):
        url = empty_database(name)
        engine = make_engine(url)
        headers = {"Authorization": f"Bearer {create_key(engine, Role.ADMIN)}"}
        engine.dispose()
        with ExitStack() as stack:
            bases = [
                stack.enter_context(start_server(url, tmp_path / f"{name}{h}.log", workers))
                for h in range(hosts)
            ]
            _seed(bases[0], headers)
            results.append(_decide(bases, headers))
    one, two = results
    held = [r for r in one if r[1] != "approve"]
    assert len(held) >= 5, "the stream must make the velocity rules hold some orders"
    assert any(any(rule.startswith("velocity") for rule in r[2]) for r in held)
    assert two == one


@pytest.mark.slow
def test_a_channel_rule_changed_through_one_host_is_in_force_on_the_other_at_once(
    database_url, engine, start_server, tmp_path
):
    headers = {"Authorization": f"Bearer {create_key(engine, Role.ADMIN)}"}
    with ExitStack() as stack:
        a, b = (
            stack.enter_context(start_server(database_url, tmp_path / f"h{h}.log"))
            for h in range(2)
        )
        _seed(a, headers)
        body = _stream()[0] | {"lines": [{"sku": "A", "quantity": 2000, "unit_price": 1}]}
        with httpx.Client(headers=headers, timeout=60) as c:
            # every worker of host b has read (and cached) the channel's rules
            small = body | {"lines": [{"sku": "A", "quantity": 1, "unit_price": 1}]}
            for i in range(6):
                r = c.post(f"{b}/v1/orders", json=small | {"external_id": f"warm-{i}"})
                assert r.status_code == 201, r.text
            r = c.put(f"{a}/v1/channels/web", json={"backorder_policy": "reject"})
            assert r.status_code == 200, r.text
            refused = [
                c.post(f"{b}/v1/orders", json=body | {"external_id": f"big-{i}"}) for i in range(4)
            ]
    # 2000 wanted, 1000 on hand: refused by the new rule, on every worker, with no delay
    assert [r.status_code for r in refused] == [409] * 4, [r.text for r in refused]
    assert {r.json()["code"] for r in refused} == {"insufficient_stock"}
