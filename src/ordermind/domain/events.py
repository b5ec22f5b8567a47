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
    # a shop cancelled an order too late to cancel here (released or shipped): for a person
    CANCELLATION_NOT_APPLIED = "order.cancellation_not_applied"
    RETURN_REQUESTED = "return.requested"
    RETURN_AUTHORISED = "return.authorised"
    RETURN_REJECTED = "return.rejected"
    RETURN_RECEIVED = "return.received"
    REFUNDED = "return.refunded"
    INVOICE_RESENT = "order.invoice_resent"  # a copy sent again on the customer's request
    # A live experiment put the order in a group (services/experiments.py): which policy
    # value served it, and in shadow mode what the treatment would have decided.
    EXPERIMENT_ASSIGNED = "experiment.assigned"
    # Order care (care/, services/care.py): exceptions, the fixes applied to them, carrier
    # scans, and the order changes only a fix makes (a moved promise, a faster service).
    EXCEPTION_OPENED = "care.exception_opened"
    EXCEPTION_UPDATED = "care.exception_updated"
    EXCEPTION_CLOSED = "care.exception_closed"
    EXCEPTION_DISMISSED = "care.exception_dismissed"
    EXCEPTION_RELEASED = "care.exception_released"  # a dismissed one's cause went away
    FIX_APPLIED = "care.fix_applied"
    PROMISE_MOVED = "order.promise_moved"
    SERVICE_UPGRADED = "order.service_upgraded"
    SHIPMENT_SCANNED = "shipment.scanned"
    # Customer notifications (notifications/): each state change of a message, and the
    # payload event a webhook channel hands to subscribers (notification.<milestone>).
    NOTIFICATION_QUEUED = "notification.queued"
    NOTIFICATION_HELD = "notification.held"
    NOTIFICATION_SENT = "notification.sent"
    NOTIFICATION_RETRYING = "notification.retrying"
    NOTIFICATION_FAILED = "notification.failed"
    NOTIFICATION_SUPPRESSED = "notification.suppressed"
    NOTIFY_CONFIRMED = "notification.confirmed"
    NOTIFY_SHIPPED = "notification.shipped"
    NOTIFY_DELAY_PREDICTED = "notification.delay_predicted"
    NOTIFY_DELIVERED = "notification.delivered"
    NOTIFY_RETURN_RECEIVED = "notification.return_received"
    NOTIFY_REFUNDED = "notification.refunded"


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
