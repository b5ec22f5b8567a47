"""Shop connectors (Shopify, WooCommerce): their settings, availability pushes and what a
shop's webhook delivery did."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from .base import Out


class PushResult(Out):
    requests: int
    accepted: int
    failed: int
    errors: list[str] = Field(description="the first errors the shop answered")
    available: dict[str, Any] = Field(description="the units pushed, by SKU and location")


class Connector(Out):
    id: int
    kind: str = Field(description="shopify or woocommerce")
    channel: str
    shop: str = Field(description="the shop's domain (Shopify) or source URL (WooCommerce)")
    admin_api_url: str | None
    locations: dict[str, Any] | None = Field(description="node -> the shop's location id")
    inventory_items: dict[str, Any] | None = Field(description="SKU -> the shop's item id")
    active: bool
    created_at: datetime
    deleted_at: datetime | None
    last_push_at: datetime | None
    last_push: PushResult | None
    webhook_path: str = Field(description="where the shop posts its order webhooks")


class ConnectorCreated(Connector):
    signing_secret: str | None = Field(
        None, description="the webhook signing secret ordermind made: shown this once"
    )


class ConnectorList(Out):
    items: list[Connector]


class ShopDelivery(Out):
    outcome: str = Field(description="created, duplicate, cancelled, held, ignored, ...")
    order_id: int | None = None
    order_number: str | None = None
    status: str | None = None
    status_in_shop: str | None = None
