"""What the notification services store, and the repository port the stores implement
(adapters/db/notifications_repo.py, adapters/memory/notifications.py).

The outbox holds one item per milestone of an order (filled by a trigger on the order's
events in the databases, by the unit of work in memory, or by `enqueue`); planning turns an
item into one message per channel; the dispatcher sends messages and marks them."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .preferences import Preferences

# outbox item: pending -> planned | skipped
# message: pending | held -> sending -> sent | pending (retry) | failed; or suppressed
DUE = ("pending", "held", "sending")  # sending: due again once its lease runs out
FINAL = ("sent", "failed", "suppressed")


@dataclass(frozen=True)
class OutboxItem:
    id: int | None
    order_id: int
    milestone: str
    subject: str
    data: Mapping
    created_at: datetime
    status: str = "pending"
    note: str | None = None
    event_id: int | None = None
    processed_at: datetime | None = None


@dataclass(frozen=True)
class Message:
    id: int | None
    outbox_id: int
    order_id: int
    milestone: str
    subject: str
    channel: str
    message_id: str  # the e-mail Message-ID and the webhook idempotency key
    recipient: str
    locale: str
    context: Mapping
    status: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    reason: str | None = None
    last_error: str | None = None
    title: str | None = None  # the subject line as sent
    sent_at: datetime | None = None
    updated_at: datetime | None = None


class NotificationRepository(abc.ABC):
    @abc.abstractmethod
    def enqueue(self, item: OutboxItem) -> bool:
        """Add the item unless one for the same (order, milestone, subject) exists: a
        repeat is a no-op (False)."""

    @abc.abstractmethod
    def has_work(self, now: datetime) -> bool:
        """Any outbox item to plan or message due to send (a cheap look before a write)."""

    @abc.abstractmethod
    def claim_outbox(self, limit: int) -> list[OutboxItem]:
        """Pending items, oldest first, kept from other dispatchers until the unit of work
        ends (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite and memory: one writer)."""

    @abc.abstractmethod
    def finish_outbox(self, item_id: int, status: str, note: str | None, at: datetime) -> None: ...

    @abc.abstractmethod
    def add_message(self, message: Message) -> Message | None:
        """Store a planned message; None (and nothing written) when the same (order,
        milestone, subject, channel) is already there."""

    @abc.abstractmethod
    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Message]:
        """Messages due by `now`, marked `sending` with one more attempt and due again at
        `lease_until` (if whoever claimed them never marks them), as now stored."""

    @abc.abstractmethod
    def update_message(self, message_id: int, attempts: int, **values: object) -> bool:
        """Change a message if it still has `attempts` (nobody claimed it again since)."""

    @abc.abstractmethod
    def messages_for_order(self, order_id: int) -> list[Message]: ...

    @abc.abstractmethod
    def outbox_for_order(self, order_id: int) -> list[OutboxItem]: ...

    @abc.abstractmethod
    def preferences(self, email: str) -> Preferences | None: ...

    @abc.abstractmethod
    def save_preferences(
        self, email: str, prefs: Preferences, actor: str, at: datetime
    ) -> None: ...

    @abc.abstractmethod
    def customer_channels(self, email: str) -> set[str] | None:
        """The sales channels the customer has ordered through; None for an unknown one."""

    @abc.abstractmethod
    def record_event(
        self,
        order_id: int,
        type_: str,
        actor: str,
        at: datetime,
        data: dict,
        reason: str | None = None,
    ) -> None:
        """Append to the order's timeline (never changes the order itself)."""
