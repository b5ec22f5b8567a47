"""Shipments and returns: the order models with the order beside them."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Out
from .orders import Order, ReturnOut, ReturnWithOrder, ShipmentOut, ShipmentWithOrder

__all__ = ["ReturnOut", "ReturnWithOrder", "ShipmentOut", "ShipmentWithOrder", "ReviewList"]


class ReviewHold(Out):
    id: str
    reason: str
    note: str | None
    placed_at: datetime


class ReviewItem(Out):
    order_id: int
    hold: ReviewHold
    order: Order
    document_id: int | None = Field(description="the intake document behind the order, if any")


class ReviewList(Out):
    items: list[ReviewItem]


class ShipmentScan(Out):
    order_id: int
    shipment_id: str
    status: str
    at: datetime
    carrier: str
    location: str | None
