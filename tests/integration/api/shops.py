"""A shop as the connector tests see it: its sample payloads (tests/data/connectors,
written from Shopify's and WooCommerce's public webhook documentation), the store it
sells from, and the webhook it sends, signed as the shop signs it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "connectors"
SECRET = "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"
SHOPIFY_SHOP = "hart-and-hound.myshopify.com"
WOO_SITE = "https://shop.example.de"
SKUS = (
    "TEE-BLK-M",
    "MUG-ENAMEL",
    "SOCK-3PK",
    "MATCHA-100G",
    "CHAWAN-BOWL",
    "WOO-HOODIE-L",
    "WOO-CAP",
    "WOO-BEANIE-RED",
)


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def edited(name: str, change) -> bytes:
    payload = json.loads(sample(name))
    change(payload)
    return json.dumps(payload).encode()


def signature(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def shopify_headers(topic: str, body: bytes, secret: str = SECRET) -> dict:
    return {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": signature(body, secret),
        "X-Shopify-Shop-Domain": SHOPIFY_SHOP,
        "X-Shopify-Webhook-Id": str(uuid.uuid4()),
        "X-Shopify-API-Version": "2024-10",
        "X-Shopify-Triggered-At": "2026-12-07T10:14:35.118Z",
    }


def woo_headers(topic: str, body: bytes, secret: str = SECRET) -> dict:
    resource, _, event = topic.partition(".")
    return {
        "Content-Type": "application/json",
        "User-Agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
        "X-WC-Webhook-Source": WOO_SITE + "/",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": resource,
        "X-WC-Webhook-Event": event,
        "X-WC-Webhook-Signature": signature(body, secret),
        "X-WC-Webhook-ID": "17",
        "X-WC-Webhook-Delivery-ID": uuid.uuid4().hex,
    }


def seed_shop(api, channel: str) -> None:
    """Nodes LDN, MAN, EDI; every sample SKU in stock at MAN (10) and LDN (4); the
    shop's channel."""
    api.seed({("MAN", s): 10 for s in SKUS} | {("LDN", s): 4 for s in SKUS})
    assert api.put(f"/v1/channels/{channel}", json={"name": channel}).status_code == 200


def connect(api, kind: str, channel: str, **more) -> dict:
    shop = SHOPIFY_SHOP if kind == "shopify" else WOO_SITE
    r = api.post(
        "/v1/connectors",
        json={"kind": kind, "channel": channel, "shop": shop, "signing_secret": SECRET, **more},
    )
    assert r.status_code == 201, r.text
    return r.json()
