"""Webhook subscriptions and their deliveries."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .base import Cursor, Out


class Subscription(Out):
    id: int
    url: str
    event_types: list[str]
    ordered: bool = Field(description="events delivered one at a time, in order")
    active: bool
    failing: bool
    failing_since: datetime | None
    consecutive_failures: int
    created_at: datetime


class SubscriptionList(Out):
    items: list[Subscription]


class SubscriptionCreated(Subscription):
    secret: str = Field(description="the signing secret (whsec_...): shown this once")


class SecretRotated(Subscription):
    secret: str = Field(description="the new signing secret: shown this once")
    previous_secret_valid_until: str | None = Field(
        description="until when the old secret also signs (ISO 8601)"
    )


class Delivery(Out):
    id: int
    webhook_id: str = Field(description="the `webhook-id` header sent")
    event_id: int
    event_type: str
    status: str = Field(description="pending, delivered, rejected, failed or cancelled")
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    give_up_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None


class DeliveryPage(Out):
    items: list[Delivery]
    next_cursor: Cursor


class Replay(Out):
    events: int = Field(description="events of the subscription's types since the time")
    requeued: int
    queued: int
