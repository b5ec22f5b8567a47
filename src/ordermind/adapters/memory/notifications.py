"""The notification repository of the in-memory store. Writes are staged
until the unit of work commits (so a rolled-back one leaves nothing, as in the databases);
uniqueness is checked against what is committed and staged alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from ordermind.notifications.preferences import Preferences
from ordermind.notifications.store import DUE, Message, NotificationRepository, OutboxItem

# (order_id, type, actor, at, data, reason) -> appended to the order's staged timeline
RecordEvent = Callable[[int, str, str, datetime, dict, "str | None"], None]


@dataclass
class NotifyState:
    """What is committed; lives on the store."""

    outbox: dict[int, OutboxItem] = field(default_factory=dict)
    outbox_keys: dict[tuple, int] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    message_keys: dict[tuple, int] = field(default_factory=dict)
    prefs: dict[str, Preferences] = field(default_factory=dict)
    seq: list[int] = field(default_factory=lambda: [0, 0])  # outbox, messages


def _okey(i: OutboxItem) -> tuple:
    return (i.order_id, i.milestone, i.subject)


def _mkey(m: Message) -> tuple:
    return (m.order_id, m.milestone, m.subject, m.channel)


def _sid(x: OutboxItem | Message) -> int:
    """The id of an item or message this store holds (it sets one on every write)."""
    assert x.id is not None
    return x.id


class MemoryNotifications(NotificationRepository):
    def __init__(
        self,
        state: NotifyState,
        record: RecordEvent,
        channels_of: Callable[[str], set[str]],
        from_events: Callable[[], Iterable[OutboxItem]],
    ) -> None:
        self.s = state
        self._record = record
        self._channels_of = channels_of  # sales channels of a customer's orders
        # The outbox items of events staged since the last call: what the databases'
        # trigger inserts as each event is written, taken in before every read and write.
        self._from_events = from_events
        self.outbox: dict[int, OutboxItem] = {}
        self.messages: dict[int, Message] = {}
        self.prefs: dict[str, Preferences] = {}

    # -- reads over committed + staged ----------------------------------------------
    def _sync(self) -> None:
        for item in self._from_events():
            self._add(item)

    def _outbox(self) -> dict[int, OutboxItem]:
        self._sync()
        return {**self.s.outbox, **self.outbox}

    def _messages(self) -> dict[int, Message]:
        return {**self.s.messages, **self.messages}

    def enqueue(self, item: OutboxItem) -> bool:
        self._sync()
        return self._add(item)

    def _add(self, item: OutboxItem) -> bool:
        key = _okey(item)
        if key in self.s.outbox_keys or any(_okey(i) == key for i in self.outbox.values()):
            return False
        self.s.seq[0] += 1
        self.outbox[self.s.seq[0]] = replace(
            item, id=self.s.seq[0], status="pending", data=dict(item.data)
        )
        return True

    def has_work(self, now: datetime) -> bool:
        return any(i.status == "pending" for i in self._outbox().values()) or any(
            m.status in DUE and m.next_attempt_at <= now for m in self._messages().values()
        )

    def claim_outbox(self, limit: int) -> list[OutboxItem]:
        items = sorted((i for i in self._outbox().values() if i.status == "pending"), key=_sid)
        return items[:limit]

    def finish_outbox(self, item_id: int, status: str, note: str | None, at: datetime) -> None:
        self._sync()
        # one look-up, not a merged copy of the whole outbox (the twin plans thousands)
        item = self.outbox[item_id] if item_id in self.outbox else self.s.outbox[item_id]
        self.outbox[item_id] = replace(item, status=status, note=note, processed_at=at)

    def add_message(self, message: Message) -> Message | None:
        key = _mkey(message)
        if key in self.s.message_keys or any(_mkey(m) == key for m in self.messages.values()):
            return None
        self.s.seq[1] += 1
        sid = self.s.seq[1]
        stored = replace(message, id=sid, context=dict(message.context))
        self.messages[sid] = stored
        return stored

    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Message]:
        due = sorted(
            (m for m in self._messages().values() if m.status in DUE and m.next_attempt_at <= now),
            key=lambda m: (m.next_attempt_at, _sid(m)),
        )[:limit]
        out = []
        for m in sorted(due, key=_sid):
            claimed = replace(
                m,
                status="sending",
                attempts=m.attempts + 1,
                next_attempt_at=lease_until,
                updated_at=now,
            )
            self.messages[_sid(m)] = claimed
            out.append(claimed)
        return out

    def update_message(self, message_id: int, attempts: int, **values: object) -> bool:
        m = self.messages.get(message_id) or self.s.messages.get(message_id)
        if m is None or m.attempts != attempts:
            return False
        changes: dict[str, Any] = values  # Message fields, as the port's callers give them
        self.messages[message_id] = replace(m, **changes)
        return True

    def messages_for_order(self, order_id: int) -> list[Message]:
        return sorted((m for m in self._messages().values() if m.order_id == order_id), key=_sid)

    def outbox_for_order(self, order_id: int) -> list[OutboxItem]:
        return sorted((i for i in self._outbox().values() if i.order_id == order_id), key=_sid)

    def preferences(self, email: str) -> Preferences | None:
        return self.prefs.get(email, self.s.prefs.get(email))

    def save_preferences(self, email: str, prefs: Preferences, actor: str, at: datetime) -> None:
        self.prefs[email] = prefs

    def customer_channels(self, email: str) -> set[str] | None:
        channels = self._channels_of(email)
        if channels:
            return channels
        return set() if self.preferences(email) is not None else None

    def record_event(
        self,
        order_id: int,
        type_: str,
        actor: str,
        at: datetime,
        data: dict,
        reason: str | None = None,
    ) -> None:
        self._record(order_id, str(type_), actor, at, data, reason)

    # -- the unit of work's end ------------------------------------------------------
    def commit(self) -> None:
        self._sync()
        if not (self.outbox or self.messages or self.prefs):
            return  # the usual case in the twin: a use case that told nobody anything
        s = self.s
        for item_id, item in self.outbox.items():
            s.outbox[item_id] = item
            s.outbox_keys[_okey(item)] = item_id
        for msg_id, m in self.messages.items():
            s.messages[msg_id] = m
            s.message_keys[_mkey(m)] = msg_id
        s.prefs.update(self.prefs)
        self.rollback()

    def rollback(self) -> None:
        if self.outbox or self.messages or self.prefs:
            self.outbox.clear()
            self.messages.clear()
            self.prefs.clear()
