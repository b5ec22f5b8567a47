"""Availability out: what each shop may sell, per SKU and location, in the shop's own
inventory update, sent to its admin API.

Shopify keeps stock per location: one `POST {admin}/inventory_levels/set.json` per
(SKU, location) with `{location_id, inventory_item_id, available}`, authenticated by the
app's `X-Shopify-Access-Token`. WooCommerce keeps one stock figure per product: the units
of the nodes named in `locations` (every node when it names none) added up, sent as
`PUT {admin}/products/batch` (at most 100 products a request) with `stock_quantity`,
authenticated by the REST API key pair (`ck_…:cs_…`) as HTTP Basic. The admin URL passes
the webhook target rules (adapters/webhooks/targets.py) before every request, and
redirects are not followed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.adapters.webhooks import targets
from ordermind.domain.errors import ValidationFailed
from ordermind.services import shop_orders

from . import shopify, store, woocommerce
from .store import Connector

log = logging.getLogger("ordermind.connectors")
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
WOO_BATCH = 100  # WooCommerce refuses a batch of more
MAX_ERRORS = 5  # kept in the connector's last_push


def _levels(connector: Connector, units: dict[str, dict[str, int]]) -> Iterator[dict]:
    for sku, item in sorted(connector.inventory_items.items()):
        for node, location in sorted(connector.locations.items()):
            yield shopify.inventory_level(location, item, units[sku][node])


def _batches(connector: Connector, units: dict[str, dict[str, int]]) -> Iterator[dict]:
    totals = [
        (product, sum(units[sku].values()))
        for sku, product in sorted(connector.inventory_items.items())
    ]
    for start in range(0, len(totals), WOO_BATCH):
        yield woocommerce.stock_batch(totals[start : start + WOO_BATCH])


def updates(connector: Connector, units: dict[str, dict[str, int]]) -> list[dict]:
    """The request bodies that tell the shop `units` (sku -> node -> sellable)."""
    if connector.kind == "shopify":
        return list(_levels(connector, units))
    return list(_batches(connector, units))


def _client(connector: Connector) -> httpx.Client:
    headers = {"User-Agent": "ordermind-connector"}
    auth = None
    token = connector.api_token or ""
    if connector.kind == "shopify":
        headers["X-Shopify-Access-Token"] = token
    else:
        key, _, secret = token.partition(":")
        auth = httpx.BasicAuth(key, secret)
    return httpx.Client(timeout=TIMEOUT, follow_redirects=False, headers=headers, auth=auth)


def _send(client: httpx.Client, connector: Connector, body: dict) -> str | None:
    """None when the shop took it; else why not."""
    base = str(connector.admin_api_url).rstrip("/")
    if connector.kind == "shopify":
        method, url = "POST", f"{base}/inventory_levels/set.json"
    else:
        method, url = "PUT", f"{base}/products/batch"
    try:
        targets.check(url)  # again before each request: where the name points now
        response = client.request(method, url, json=body)
    except ValidationFailed as exc:
        return str(exc)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    if response.is_success:
        return None
    return f"HTTP {response.status_code}: {response.text[:200]}"


def push(engine: Any, connector_id: int) -> dict:
    """Compute and send one connector's availability; what happened is kept on it."""
    with SqlUnitOfWork(engine, readonly=True) as work:
        assert work.conn is not None
        connector = store.load(work.conn, connector_id)
        if not connector.admin_api_url:
            raise ValidationFailed(f"connector {connector_id} has no admin_api_url to push to")
        nodes = sorted(connector.locations)
        if connector.kind == "woocommerce" and not nodes:  # one stock figure: every node's
            nodes = sorted(n.code for n in work.nodes.all())
        units = shop_orders.sellable(
            work, connector.channel, sorted(connector.inventory_items), nodes
        )
    bodies = updates(connector, units)
    errors: list[str] = []
    with _client(connector) as client:
        for body in bodies:
            problem = _send(client, connector, body)
            if problem is not None:
                errors.append(problem)
    result = {
        "requests": len(bodies),
        "accepted": len(bodies) - len(errors),
        "failed": len(errors),
        "errors": errors[:MAX_ERRORS],
        "available": units,
    }
    with engine.begin() as conn:
        store.record_push(conn, connector_id, result)
    return result


def push_all(engine: Any) -> dict[int, dict]:
    """Every active connector with an admin URL (the background job's pass)."""
    with engine.connect() as conn:
        ids = store.active_ids(conn)
    results = {}
    for connector_id in ids:
        try:
            results[connector_id] = push(engine, connector_id)
        except ValidationFailed:  # no admin URL (or deleted meanwhile): nothing to push
            continue
        except Exception:  # one shop's trouble must not keep the others waiting
            log.exception("availability push to connector %s failed", connector_id)
    return results
