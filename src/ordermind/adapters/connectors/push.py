"""Availability out: what each shop may sell, per SKU and location, in the shop's own
inventory update, sent to its admin API.

Shopify keeps stock per location: one `POST {admin}/inventory_levels/set.json` per
(SKU, location) with `{location_id, inventory_item_id, available}`, authenticated by the
app's `X-Shopify-Access-Token`. WooCommerce keeps one stock figure per product or
variation: the units of the nodes named in `locations` (every node when it names none)
added up, sent as `PUT {admin}/products/batch` (at most 100 products a request) with
`stock_quantity`, and as one `PUT {admin}/products/{id}/variations/{variation id}` for
each SKU mapped to a variation (`"720/723"`), authenticated by the REST API key pair
(`ck_…:cs_…`) as HTTP Basic. The admin URL passes the webhook target rules
(adapters/webhooks/targets.py) before every request, and redirects are not followed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, NamedTuple

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


class Update(NamedTuple):
    """One request to the shop's admin API: method, path under the admin URL, body."""

    method: str
    path: str
    body: dict


def _levels(connector: Connector, units: dict[str, dict[str, int]]) -> Iterator[Update]:
    for sku, item in sorted(connector.inventory_items.items()):
        for node, location in sorted(connector.locations.items()):
            body = shopify.inventory_level(location, item, units[sku][node])
            yield Update("POST", "/inventory_levels/set.json", body)


def _woo(connector: Connector, units: dict[str, dict[str, int]]) -> Iterator[Update]:
    products: list[tuple[object, int]] = []
    for sku, item in sorted(connector.inventory_items.items()):
        product, variation = woocommerce.product_ref(item)
        total = sum(units[sku].values())
        if variation is None:
            products.append((product, total))
        else:
            path = f"/products/{product}/variations/{variation}"
            yield Update("PUT", path, woocommerce.variation_stock(total))
    for start in range(0, len(products), WOO_BATCH):
        body = woocommerce.stock_batch(products[start : start + WOO_BATCH])
        yield Update("PUT", "/products/batch", body)


def updates(connector: Connector, units: dict[str, dict[str, int]]) -> list[Update]:
    """The requests that tell the shop `units` (sku -> node -> sellable)."""
    if connector.kind == "shopify":
        return list(_levels(connector, units))
    return list(_woo(connector, units))


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


def _send(client: httpx.Client, connector: Connector, update: Update) -> str | None:
    """None when the shop took it; else why not."""
    url = str(connector.admin_api_url).rstrip("/") + update.path
    try:
        targets.check(url)  # again before each request: where the name points now
        response = client.request(update.method, url, json=update.body)
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
    requests = updates(connector, units)
    errors: list[str] = []
    with _client(connector) as client:
        for update in requests:
            problem = _send(client, connector, update)
            if problem is not None:
                errors.append(problem)
    result = {
        "requests": len(requests),
        "accepted": len(requests) - len(errors),
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
