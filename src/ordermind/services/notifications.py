"""Customer notifications as use cases: enqueue a milestone, plan the outbox into
messages, claim due messages, mark them sent or failed, hand webhook messages to the
webhook outbox, read and change a customer's preferences. Each takes a unit of work and
never commits (the caller does). What to send, when and in which words is decided by the
pure `ordermind.notifications` package; this module stores its decisions and records each
state change as an event in the order's timeline."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ordermind.domain.clock import utcnow
from ordermind.domain.errors import NotFound
from ordermind.domain.events import EventType
from ordermind.domain.orders import Order
from ordermind.notifications.mail import message_id, redact
from ordermind.notifications.milestones import (
    KEEPS_NO_DATA,
    Milestone,
    explicit_subject,
    from_event,
    parse_milestone,
)
from ordermind.notifications.policy import Notice, NotifyPolicy, OrderFacts, decide
from ordermind.notifications.preferences import DEFAULT, Preferences, parse_preferences
from ordermind.notifications.render import Rendered, available_locales, message_context
from ordermind.notifications.store import Message, OutboxItem

from .ids import new_id
from .unit_of_work import AbstractUnitOfWork

ACTOR = "notifier"


@dataclass
class PassReport:
    planned: int = 0  # messages queued (held ones included)
    held: int = 0
    suppressed: int = 0
    skipped: int = 0  # outbox items that made no message (too old, order gone)
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)  # sent per channel

    def add(self, other: PassReport) -> None:
        for name in ("planned", "held", "suppressed", "skipped", "sent", "retrying", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for channel, n in other.by_channel.items():
            self.by_channel[channel] = self.by_channel.get(channel, 0) + n


# -- filling the outbox ---------------------------------------------------------------


def enqueue(
    uow: AbstractUnitOfWork,
    order_id: int,
    milestone: str | Milestone,
    data: Mapping,
    at: datetime | None = None,
) -> bool:
    """Put a milestone no order event announces (a predicted delay: data `new_date`
    YYYY-MM-DD, `reason`, optionally `promised_date`) in the outbox, in the caller's unit
    of work. The same milestone about the same thing again is a no-op (False); a delay
    with another new date is a new message."""
    m = milestone if isinstance(milestone, Milestone) else parse_milestone(milestone)
    subject = explicit_subject(m, data)
    if uow.orders.get(order_id) is None:
        raise NotFound(f"order {order_id} not found")
    return uow.notifications.enqueue(
        OutboxItem(None, order_id, m.value, subject, dict(data), at or utcnow())
    )


def item_from_event(
    order_id: int, event_type: str, actor: str, data: Mapping, at: datetime
) -> OutboxItem | None:
    """The outbox item an order event makes (what the databases' trigger inserts); the
    in-memory stores call this when they commit events."""
    found = from_event(event_type, actor, data)
    if found is None:
        return None
    kept = {} if event_type in KEEPS_NO_DATA else dict(data)
    return OutboxItem(None, order_id, found[0].value, found[1], kept, at)


# -- planning ------------------------------------------------------------------------


def order_facts(order: Order) -> OrderFacts:
    number = order.number
    assert number is not None  # a stored order's
    return OrderFacts(
        order_id=order.stored_id,
        number=number,
        email=order.customer.email,
        name=order.customer.name,
        status=str(order.status),
        currency=order.currency,
        country=order.ship_to.country,
        promised_date=order.promised_delivery_date,
    )


def _extra(order: Order, notice: Notice) -> dict:
    """What the order knows beyond the event: the shipment's carrier, service, tracking."""
    if notice.milestone in (Milestone.SHIPPED, Milestone.DELIVERED):
        for s in order.shipments:
            if s.id == notice.subject:
                return {"carrier": s.carrier, "service": s.service, "tracking": s.tracking}
    return {}


def _event_data(m: Message, **more: object) -> dict:
    return {
        "notification_id": m.id,
        "milestone": m.milestone,
        "channel": m.channel,
        "message_id": m.message_id,
        "attempts": m.attempts,
        **more,
    }


def plan_pending(
    uow: AbstractUnitOfWork,
    now: datetime,
    configured: Collection[str],
    policy: NotifyPolicy,
    domain: str,
    limit: int = 100,
) -> PassReport:
    """Turn pending outbox items into messages (or recorded suppressions)."""
    report = PassReport()
    repo = uow.notifications
    for item in repo.claim_outbox(limit):
        assert item.id is not None  # claimed from the outbox, so stored
        order = uow.orders.get(item.order_id)
        if order is None:
            repo.finish_outbox(item.id, "skipped", "order not found", now)
            report.skipped += 1
            continue
        facts = order_facts(order)
        notice = Notice(
            item.order_id, Milestone(item.milestone), item.subject, item.created_at, item.data
        )
        plan = decide(
            notice,
            facts,
            repo.preferences(facts.email),
            now,
            configured,
            available_locales(),
            policy,
        )
        if plan.skipped is not None:
            repo.finish_outbox(item.id, "skipped", plan.skipped, now)
            report.skipped += 1
            continue
        context = message_context(facts, notice, policy.support, _extra(order, notice))
        for d in plan.decisions:
            status = "suppressed" if not d.send else "held" if d.held else "pending"
            stored = repo.add_message(
                Message(
                    id=None,
                    outbox_id=item.id,
                    order_id=item.order_id,
                    milestone=item.milestone,
                    subject=item.subject,
                    channel=d.channel,
                    message_id=message_id(
                        item.order_id, item.milestone, item.subject, d.channel, domain
                    ),
                    recipient=facts.email,
                    locale=d.locale,
                    context=context,
                    status=status,
                    attempts=0,
                    next_attempt_at=d.not_before,
                    created_at=now,
                    reason=d.reason,
                    updated_at=now,
                )
            )
            if stored is None:
                continue  # planned before: the same milestone came round again
            if status == "suppressed":
                report.suppressed += 1
                kind, more = EventType.NOTIFICATION_SUPPRESSED, {}
            elif status == "held":
                report.planned += 1
                report.held += 1
                kind, more = EventType.NOTIFICATION_HELD, {"until": d.not_before.isoformat()}
            else:
                report.planned += 1
                kind, more = EventType.NOTIFICATION_QUEUED, {}
            repo.record_event(
                item.order_id, kind, ACTOR, now, _event_data(stored, **more), reason=d.reason
            )
        repo.finish_outbox(item.id, "planned", None, now)
    return report


# -- sending -------------------------------------------------------------------------


def claim_due(
    uow: AbstractUnitOfWork, now: datetime, policy: NotifyPolicy, limit: int = 50
) -> list[Message]:
    """Due messages for this dispatcher to send. One that was claimed more often than it
    may be tried (a dispatcher that kept dying while sending it) is failed instead."""
    lease = now + timedelta(seconds=policy.lease_s)
    out = []
    for m in uow.notifications.claim_due(now, lease, limit):
        if m.attempts > policy.max_attempts:
            _finish_failed(uow, m, now, m.last_error or "the dispatcher stopped while sending")
        else:
            out.append(m)
    return out


def mark_sent(uow: AbstractUnitOfWork, m: Message, now: datetime, title: str) -> bool:
    assert m.id is not None  # claimed from the store, so stored
    if not uow.notifications.update_message(
        m.id,
        m.attempts,
        status="sent",
        sent_at=now,
        title=title,
        last_error=None,
        updated_at=now,
    ):
        return False  # claimed again meanwhile: that attempt reports itself
    uow.notifications.record_event(
        m.order_id, EventType.NOTIFICATION_SENT, ACTOR, now, _event_data(m)
    )
    return True


def mark_failed(
    uow: AbstractUnitOfWork,
    m: Message,
    now: datetime,
    error: str,
    permanent: bool,
    policy: NotifyPolicy,
) -> str:
    """A failed attempt: retried after a back-off, or failed for good when the error is
    permanent or the attempts are used up. Returns the new status."""
    error = redact(error)[:500]
    if permanent or m.attempts >= policy.max_attempts:
        _finish_failed(uow, m, now, error)
        return "failed"
    nxt = now + policy.backoff(m.attempts)
    assert m.id is not None  # claimed from the store, so stored
    if uow.notifications.update_message(
        m.id,
        m.attempts,
        status="pending",
        next_attempt_at=nxt,
        last_error=error,
        updated_at=now,
    ):
        uow.notifications.record_event(
            m.order_id,
            EventType.NOTIFICATION_RETRYING,
            ACTOR,
            now,
            _event_data(m, error=error, next_attempt_at=nxt.isoformat()),
        )
    return "pending"


def _finish_failed(uow: AbstractUnitOfWork, m: Message, now: datetime, error: str) -> None:
    assert m.id is not None  # claimed from the store, so stored
    if uow.notifications.update_message(
        m.id,
        m.attempts,
        status="failed",
        last_error=error,
        updated_at=now,
    ):
        uow.notifications.record_event(
            m.order_id, EventType.NOTIFICATION_FAILED, ACTOR, now, _event_data(m, error=error)
        )


def hand_to_webhooks(
    uow: AbstractUnitOfWork, m: Message, now: datetime, rendered: Rendered
) -> bool:
    """The webhook channel: a `notification.<milestone>` event in the order's timeline,
    which the webhook outbox delivers to its subscribers, written in the same unit of
    work as the message is marked sent (so exactly once)."""
    c = m.context
    payload = {
        "notification_id": m.id,
        "idempotency_key": m.message_id,
        "milestone": m.milestone,
        "order_number": c.get("order_number"),
        "locale": rendered.locale,
        "subject": rendered.subject,
        "text": rendered.text,
        "details": {
            k: c.get(k)
            for k in (
                "carrier",
                "service",
                "tracking",
                "shipment_id",
                "new_date",
                "reason",
                "promised_date",
                "return_id",
                "refund",
                "currency",
            )
            if c.get(k) is not None
        },
    }
    if not mark_sent(uow, m, now, rendered.subject):
        return False
    uow.notifications.record_event(m.order_id, f"notification.{m.milestone}", ACTOR, now, payload)
    return True


# -- reading and preferences ----------------------------------------------------------


def preferences_of(uow: AbstractUnitOfWork, email: str) -> tuple[Preferences, bool]:
    """(preferences, whether the customer set any) for a known customer."""
    email = email.strip().lower()
    if uow.notifications.customer_channels(email) is None:
        raise NotFound(f"no customer with e-mail {email}")
    stored = uow.notifications.preferences(email)
    return (stored, True) if stored is not None else (DEFAULT, False)


def set_preferences(
    uow: AbstractUnitOfWork, email: str, body: Mapping, actor: str, now: datetime | None = None
) -> Preferences:
    email = email.strip().lower()
    prefs = parse_preferences(body)
    if uow.notifications.customer_channels(email) is None:
        raise NotFound(f"no customer with e-mail {email}")
    uow.notifications.save_preferences(email, prefs, actor, now or utcnow())
    return prefs


def message_view(m: Message) -> dict:
    return {
        "id": m.id,
        "milestone": m.milestone,
        "subject": m.subject,
        "channel": m.channel,
        "status": m.status,
        "reason": m.reason,
        "attempts": m.attempts,
        "next_attempt_at": m.next_attempt_at
        if m.status not in ("sent", "failed", "suppressed")
        else None,
        "last_error": m.last_error,
        "message_id": m.message_id,
        "locale": m.locale,
        "title": m.title,
        "created_at": m.created_at,
        "sent_at": m.sent_at,
    }


def order_notifications(uow: AbstractUnitOfWork, order_id: int) -> dict:
    """What the order's customer was (or will be, or was not) told, and through what."""
    repo = uow.notifications
    outbox = [
        {
            "id": i.id,
            "milestone": i.milestone,
            "subject": i.subject,
            "status": i.status,
            "note": i.note,
            "created_at": i.created_at,
            "processed_at": i.processed_at,
        }
        for i in repo.outbox_for_order(order_id)
    ]
    return {
        "items": [message_view(m) for m in repo.messages_for_order(order_id)],
        "milestones": outbox,
    }


def resend_invoice(uow: AbstractUnitOfWork, order: Order, invoice_number: str, actor: str) -> bool:
    """Send a copy of an invoice again (the customer asked): an `order.invoice_resent`
    event by `actor` in the order's timeline, and an `invoice_copy` message in the outbox,
    which the notifier plans and sends like every other (preferences and quiet hours
    apply). Each request is its own message."""
    order.record(EventType.INVOICE_RESENT, actor, data={"invoice_number": invoice_number})
    uow.orders.save(order)
    data = {"invoice_number": invoice_number, "request": new_id("icp")}
    return enqueue(uow, order.stored_id, Milestone.INVOICE_COPY, data)
