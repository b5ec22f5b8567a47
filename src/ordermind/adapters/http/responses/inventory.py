"""Stock positions and inbound supply."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Out


class StockPosition(Out):
    node: str
    sku: str
    on_hand: int
    reserved: int
    safety_stock: int
    available: int = Field(description="on hand less reserved and safety stock, never < 0")


class StockList(Out):
    items: list[StockPosition]


class Supply(Out):
    id: int
    kind: str = Field(description="purchase_order or transfer")
    sku: str
    node: str = Field(description="destination")
    quantity: int
    eta: datetime
    source: str | None
    reference: str | None
    received: bool


class SupplyList(Out):
    items: list[Supply]
