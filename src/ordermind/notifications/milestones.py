"""The milestones a customer is told about, and which order events they come from.

Migration 0014's trigger on `order_events` mirrors `FROM_EVENTS` in SQL (a test holds the
two together); the in-memory stores call `from_event` where the databases run the trigger.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from ordermind.domain.errors import ValidationFailed


class Milestone(StrEnum):
    CONFIRMED = "confirmed"
    SHIPPED = "shipped"
    DELAY_PREDICTED = "delay_predicted"
    DELIVERED = "delivered"
    RETURN_RECEIVED = "return_received"
    REFUNDED = "refunded"
    INVOICE_COPY = "invoice_copy"  # an invoice sent again, on the customer's request


# event type -> (milestone, the data field naming what one message is about: one message
# per shipment and per return; None = one per order)
FROM_EVENTS: dict[str, tuple[Milestone, str | None]] = {
    "order.placed": (Milestone.CONFIRMED, None),
    "order.shipped": (Milestone.SHIPPED, "shipment_id"),
    "order.delivered": (Milestone.DELIVERED, "shipment_id"),
    "return.received": (Milestone.RETURN_RECEIVED, "return_id"),
    "return.refunded": (Milestone.REFUNDED, "return_id"),
}
# Milestones no event makes: the care module enqueues them (services.notifications.enqueue).
# A delay is about its new date: a second, later prediction is a new message.
# A copy of an invoice is about the request for it: each request is its own message.
EXPLICIT: dict[Milestone, str] = {
    Milestone.DELAY_PREDICTED: "new_date",
    Milestone.INVOICE_COPY: "request",
}
# The event data an outbox item keeps: all of it, but for a placed order's lines.
KEEPS_NO_DATA = frozenset({"order.placed"})
# History imports write closed orders' old events: nobody is told about those.
IMPORT_ACTOR_PREFIX = "import:"
SUBJECT_MAX = 64


def from_event(event_type: str, actor: str, data: Mapping) -> tuple[Milestone, str] | None:
    """(milestone, subject) when this order event is one a customer is told about."""
    found = FROM_EVENTS.get(event_type)
    if found is None or actor.startswith(IMPORT_ACTOR_PREFIX):
        return None
    milestone, field = found
    return milestone, "" if field is None else str(data.get(field) or "")[:SUBJECT_MAX]


def parse_milestone(value: str) -> Milestone:
    try:
        return Milestone(value)
    except ValueError:
        allowed = ", ".join(m.value for m in Milestone)
        raise ValidationFailed(f"unknown milestone {value!r}; one of {allowed}") from None


def explicit_subject(milestone: Milestone, data: Mapping) -> str:
    """The subject of a milestone enqueued by hand; checks the data it needs."""
    field = EXPLICIT.get(milestone)
    if field is None:
        event = next(t for t, (m, _) in FROM_EVENTS.items() if m is milestone)
        raise ValidationFailed(
            f"{milestone} notifications come from {event} events, not from enqueue"
        )
    value = data.get(field)
    if milestone is Milestone.DELAY_PREDICTED:
        try:
            date.fromisoformat(str(value))
        except ValueError:
            raise ValidationFailed(
                f"a delay notification needs new_date as YYYY-MM-DD, got {value!r}"
            ) from None
    return str(value)
