"""The hostile tester's probes of the security issue, rerun as one session over real HTTP
against `ordermind serve` with two workers, on SQLite and PostgreSQL.

Two channels each place orders with a customer of their own; then the tester, holding one
channel's key, walks every read route of the OpenAPI document with the other channel's
resource ids and names, sends what the first report found accepted (prices set to 0,
country XX, dates in year 1 and 9999, totals past 64 bits, stock past 32 bits), floods
bad keys, reads `/metrics` without a key and, on PostgreSQL, kills the server's database
connections under live requests. Three figures are counted and must all be 0: customer
data found in anything the server logged, another channel's data in an answer, and
answers with a 5xx status. (A connection killed under a request may be answered 503 with
Retry-After, which says "try again" and leaks nothing: it is counted apart.)
"""

from __future__ import annotations

import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import text

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.http.auth import Role, create_key

# Each channel's customer, spelled so that a fragment of it is found anywhere it leaks.
PEOPLE = {
    "web": ("Winifred Oakenshield", "winifred.oakenshield@example.org"),
    "rival": ("Ruprecht Vandermeulen", "ruprecht.vandermeulen@example.net"),
}
STREETS = {"web": "14 Thistlewood Row", "rival": "88 Brackenfold Strasse"}
SECRETS = [
    fragment.lower()
    for channel, (name, email) in PEOPLE.items()
    for fragment in (name, *name.split(), email, STREETS[channel], "Thistlewood", "Brackenfold")
]
RIVAL_MARKERS = ("ruprecht", "vandermeulen", "brackenfold", "rvtrack", "rival-po")


def _order(channel: str, sku: str, qty: int, **changes) -> dict:
    name, email = PEOPLE[channel]
    body = {
        "channel": channel,
        "currency": "EUR",
        "customer": {"email": email, "name": name},
        "ship_to": {
            "name": name,
            "line1": STREETS[channel],
            "city": "Utrecht",
            "postal_code": "3511 AB",
            "country": "NL",
            "lat": 52.09,
            "lon": 5.12,
        },
        "lines": [{"sku": sku, "quantity": qty, "unit_price": 1500}],
    }
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        target = body
        for part in parents:
            target = target[part] if not part.isdigit() else target[int(part)]
        target[leaf] = value
    return body


class Tally:
    """Every answer the tester received, by status."""

    def __init__(self) -> None:
        self.statuses: Counter[int] = Counter()
        self.server_errors: list[str] = []
        self.cross_channel: list[str] = []

    def seen(self, r: httpx.Response, what: str) -> httpx.Response:
        self.statuses[r.status_code] += 1
        if r.status_code >= 500 and not (r.status_code == 503 and "Retry-After" in r.headers):
            self.server_errors.append(f"{what}: {r.status_code} {r.text[:200]}")
        return r


def _seed(admin: httpx.Client) -> None:
    for code, lat, lon in (("AMS", 52.37, 4.9), ("BER", 52.52, 13.4)):
        assert admin.put(
            f"/v1/nodes/{code}", json={"name": code, "lat": lat, "lon": lon}
        ).is_success
    for sku in ("A", "B"):
        assert admin.put(f"/v1/products/{sku}", json={"name": sku, "price": 1500}).is_success
        for node in ("AMS", "BER"):
            assert admin.put(f"/v1/inventory/{node}/{sku}", json={"on_hand": 40}).is_success
    for channel in PEOPLE:
        assert admin.put(f"/v1/channels/{channel}", json={"name": channel}).is_success


def _rival_world(admin: httpx.Client, rival: dict) -> dict:
    """The other channel's order (shipped, delivered, part returned), a waiting order,
    an intake document and an exception: the ids the tester will try."""
    placed = admin.post("/v1/orders", json=_order("rival", "A", 3), headers=rival)
    assert placed.status_code == 201, placed.text
    order = placed.json()
    node = order["lines"][0]["allocations"][0]["node"]
    assert admin.post(f"/v1/orders/{order['id']}/release").status_code == 200
    shipment = admin.post(
        "/v1/shipments",
        json={
            "order_id": order["id"],
            "node": node,
            "carrier": "DHL",
            "tracking": "rvtrack0001",
            "lines": [{"sku": "A", "quantity": 3}],
        },
    ).json()
    assert admin.post(f"/v1/shipments/{shipment['id']}/deliver").status_code == 200
    rma = admin.post(
        "/v1/returns", json={"order_id": order["id"], "lines": [{"sku": "A", "quantity": 1}]}
    ).json()
    waiting = admin.post("/v1/orders", json=_order("rival", "B", 2), headers=rival).json()
    csv = (
        "Customer ID,PO Number,Ship To,Address,City,Postcode,Country,SKU,Description,Quantity\n"
        "C-9,rival-po-1,Ruprecht Vandermeulen,88 Brackenfold Strasse,Berlin,10115,DE,A,Widget,1\n"
    )
    doc = admin.post(
        "/v1/intake/documents",
        content=csv.encode(),
        params={"channel": "rival", "filename": "po.csv"},
    ).json()["documents"][0]
    # its waiting order's node goes down: the order becomes an exception
    down = {"name": "AMS", "lat": 52.37, "lon": 4.9, "active": False}
    assert admin.put("/v1/nodes/AMS", json=down).status_code == 200
    assert admin.post("/v1/exceptions/scan", json={"auto_apply": False}).status_code == 200
    found = admin.get("/v1/exceptions", params={"channel": "rival"}).json()["items"]
    return {
        "order_id": order["id"],
        "waiting_id": waiting["id"],
        "shipment_id": shipment["id"],
        "rma_id": rma["id"],
        "doc_id": doc["document_id"],
        "exception_id": found[0]["id"],
        "email": PEOPLE["rival"][1],
        "customer": PEOPLE["rival"][1],
        "kind": "x12-855",
        "sku": "A",
        "number": 1,
        "key_id": 1,
        "sub_id": 1,
        "channel": "rival",
    }


def _walk_read_routes(client: httpx.Client, key: dict, world: dict, tally: Tally) -> int:
    """Every GET route of the OpenAPI document, with the rival's ids in the path and the
    rival named in the query; returns how many routes were walked."""
    paths = [p for p, ops in client.get("/openapi.json").json()["paths"].items() if "get" in ops]
    for path in paths:
        url = re.sub(r"\{(\w+)\}", lambda m: str(world.get(m.group(1), 1)), path)
        for query in ({}, {"channel": "rival", "skus": "A,B", "country": "NL"}):
            r = tally.seen(client.get(url, params=query, headers=key), f"GET {path}")
            body = r.text.lower()
            if r.status_code < 300 and any(m in body for m in RIVAL_MARKERS):
                tally.cross_channel.append(f"GET {url} {query}")
    return len(paths)


def _accepted_before(client: httpx.Client, key: dict, tally: Tally) -> dict[str, int]:
    """What the first report found accepted or answered 500; each must now be refused."""
    probes = {
        "price 0 from a channel key": _order("web", "A", 1, lines__0__unit_price=0),
        "country XX": _order("web", "A", 1, ship_to__country="XX"),
        "delivery in year 1": _order("web", "A", 1, requested_delivery_date="0001-01-01"),
        "delivery in 9999": _order("web", "A", 1, requested_delivery_date="9999-12-31"),
        "total past 64 bits": _order("web", "A", 9, lines__0__unit_price=2**62),
        "quantity past 32 bits": _order("web", "A", 2**33),
    }
    codes = {}
    for what, body in probes.items():
        codes[what] = tally.seen(
            client.post("/v1/orders", json=body, headers=key), what
        ).status_code
    return codes


def _drop_connections(database_url: str) -> int:
    """Kill every PostgreSQL connection of the server (not this one); how many."""
    engine = make_engine(database_url, pool_size=1)
    try:
        with engine.connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        return int(killed)
    finally:
        engine.dispose()


def _orders_while_connections_drop(
    base: str, key: dict, database_url: str, tally: Tally
) -> tuple[int, int]:
    """40 orders with customer data placed while the server's connections are killed
    twice under them; (connections killed, orders placed)."""

    def place(i: int) -> httpx.Response:
        body = _order("web", "A" if i % 2 else "B", 1)
        body["external_id"] = f"drop-{i}"
        return httpx.post(f"{base}/v1/orders", json=body, headers=key, timeout=60)

    killed = 0
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(place, i) for i in range(40)]
        for _ in range(2):
            time.sleep(0.3)
            killed += _drop_connections(database_url)
        answers = [tally.seen(f.result(), "order while connections drop") for f in futures]
    return killed, sum(r.status_code == 201 for r in answers)


def test_the_testers_probes_find_no_customer_data_in_logs_no_cross_channel_read_and_no_5xx(
    database_url, engine, tmp_path: Path, start_ordermind_serve
):
    admin_key = {"Authorization": f"Bearer {create_key(engine, Role.ADMIN)}"}
    web = {"Authorization": f"Bearer {create_key(engine, Role.CHANNEL, 'web')}"}
    rival = {"Authorization": f"Bearer {create_key(engine, Role.CHANNEL, 'rival')}"}
    log = tmp_path / "server.log"
    tally = Tally()
    # INFO: the app's own log lines too, so there is something to search
    env = {
        "ORDERMIND_RATE_PER_KEY": "1000",
        "ORDERMIND_RATE_PER_KEY_BURST": "2000",
        "ORDERMIND_LOG_LEVEL": "INFO",
    }
    with start_ordermind_serve(database_url, log, env) as base:
        with httpx.Client(base_url=base, headers=admin_key, timeout=60) as admin:
            _seed(admin)
            world = _rival_world(admin, rival)
            mine = admin.post("/v1/orders", json=_order("web", "A", 1), headers=web)
            assert mine.status_code == 201, mine.text
            walked = _walk_read_routes(admin, web, world, tally)
            refused = _accepted_before(admin, web, tally)
            no_key = tally.seen(admin.get("/metrics", headers={"Authorization": ""}), "metrics")
            page = tally.seen(admin.get("/console/"), "console")
        dropped = (0, 0)
        if database_url.startswith("postgresql"):
            dropped = _orders_while_connections_drop(base, web, database_url, tally)
            assert dropped[0] > 0
            after = httpx.post(f"{base}/v1/orders", json=_order("web", "A", 1), headers=web)
            assert tally.seen(after, "order after the drops").status_code == 201
        # last: the flood makes this address wait (429) for a while, on every key
        with ThreadPoolExecutor(8) as pool:
            flood = list(
                pool.map(
                    lambda i: (
                        tally.seen(
                            httpx.get(
                                f"{base}/v1/orders",
                                headers={"Authorization": f"Bearer om_{i:08x}_guess"},
                                timeout=30,
                            ),
                            "bad key",
                        ).status_code
                    ),
                    range(200),
                )
            )
    logged = log.read_text(errors="replace")
    leaked = sorted({s for s in SECRETS if s in logged.lower()})

    print(
        f"\ntester probes ({database_url.split(':')[0]}, 2 workers): "
        f"{sum(tally.statuses.values())} requests over {walked} read routes, "
        f"statuses {dict(sorted(tally.statuses.items()))}; bad-key flood "
        f"{dict(Counter(flood))}; connections killed {dropped[0]}, orders placed meanwhile "
        f"{dropped[1]}/40; log {len(logged)} chars: customer data found {len(leaked)}, "
        f"cross-channel reads {len(tally.cross_channel)}, 5xx {len(tally.server_errors)}"
    )
    assert leaked == [], leaked
    assert tally.cross_channel == [], tally.cross_channel
    assert tally.server_errors == [], tally.server_errors
    assert walked >= 30
    assert refused["price 0 from a channel key"] == 403
    assert {refused[k] for k in refused if k != "price 0 from a channel key"} == {422}, refused
    assert no_key.status_code == 401
    for header in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"):
        assert header in page.headers, header
    assert 429 in flood and set(flood) <= {401, 429}
