"""Order timeline events: named in the past tense, appended, never changed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import NamedTuple


class EventType(StrEnum):
    DRAFT_CREATED = "order.draft_created"
    PLACED = "order.placed"
    RISK_ASSESSED = "order.risk_assessed"
    ALLOCATED = "order.allocated"
    BACKORDERED = "order.backordered"
    DEALLOCATED = "order.deallocated"
    HOLD_PLACED = "order.hold_placed"
    HOLD_RELEASED = "order.hold_released"
    RELEASED = "order.released"
    CHANGED = "order.changed"
    CANCELLED = "order.cancelled"
    SHIPPED = "order.shipped"
    DELIVERED = "order.delivered"
    INVOICED = "order.invoiced"
    CLOSED = "order.closed"
    RETURN_REQUESTED = "return.requested"
    RETURN_AUTHORISED = "return.authorised"
    RETURN_REJECTED = "return.rejected"
    RETURN_RECEIVED = "return.received"
    REFUNDED = "return.refunded"


class Event(NamedTuple):
    # Immutable like a frozen dataclass, and four times cheaper to make (every order
    # records six or seven of them).
    type: EventType
    actor: str
    at: datetime
    data: dict
    reason: str | None = None
    status_before: str | None = None
    status_after: str | None = None
