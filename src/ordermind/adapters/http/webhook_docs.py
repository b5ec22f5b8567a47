"""The OpenAPI 3.1 `webhooks` section: every event type a subscription can receive, with
the envelope every delivery carries and the keys of its `data`.

The envelope is what adapters/webhooks/store.delivery_row sends; a test keeps this
catalogue equal to `EventType`, so a new event type cannot ship undocumented."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import FastAPI
from pydantic import BaseModel, Field, create_model

from ordermind.domain.events import EventType

_LINES = "lines: [{sku, quantity}]"
_EXCEPTION = (
    "exception_id, type, cause, severity, money_at_risk (minor units), currency, "
    "promise_at_risk (date or null)"
)
_NOTIFICATION = "notification_id, milestone, channel (email|webhook), message_id, attempts"
_TOLD = "order_id, milestone and what the customer was told (order status, dates, tracking)"

# event type -> (what happened, the keys of `data`)
CATALOGUE: dict[EventType, tuple[str, str]] = {
    EventType.DRAFT_CREATED: ("A draft order was saved (not yet sourced)", _LINES),
    EventType.PLACED: (
        "An order was placed (or a draft placed)",
        f"{_LINES}, pickup_node, charges: [{{kind (shipping|fee), title, code, amount, tax}}] "
        "(minor units, before tax; a shop's shipping and fees)",
    ),
    EventType.RISK_ASSESSED: (
        "The fraud screen decided on the order",
        "action (accept|review|reject), score, reasons [plain words], model",
    ),
    EventType.ALLOCATED: ("Stock was reserved", "allocations: [{line_no, node, quantity}]"),
    EventType.BACKORDERED: ("Units wait for stock", "backordered: {sku: units}"),
    EventType.DEALLOCATED: ("Reservations were given back", "freed: [{node, sku, quantity}]"),
    EventType.HOLD_PLACED: ("The order was put on hold", "hold_id, hold_reason"),
    EventType.HOLD_RELEASED: ("A hold was released", "hold_id, hold_reason"),
    EventType.RELEASED: (
        "Reserved units were released to the warehouse",
        "released: [{node, sku, quantity}]",
    ),
    EventType.CHANGED: ("The order was changed", "before, after (the changed fields)"),
    EventType.CANCELLED: ("The order or some of its lines were cancelled", _LINES),
    EventType.SHIPPED: (
        "A shipment left a node",
        f"shipment_id, node, carrier, tracking, {_LINES}",
    ),
    EventType.DELIVERED: ("A shipment was delivered", "shipment_id"),
    EventType.INVOICED: ("An invoice was issued", "invoice_id, total (minor units)"),
    EventType.INVOICE_RESENT: ("A copy of an invoice was sent again on request", "invoice_number"),
    EventType.EXPERIMENT_ASSIGNED: (
        "A live experiment put the new order in a group",
        "experiment, policy, group (treatment|control), value (the policy value that served "
        "the order), mode (live|shadow), shadow (shadow mode: what the treatment decided)",
    ),
    EventType.CLOSED: ("The order was closed", "(none)"),
    EventType.CANCELLATION_NOT_APPLIED: (
        "A shop cancelled an order that had already gone to the warehouse: held for a person",
        "shop_reason, held (whether a manual hold was placed)",
    ),
    EventType.RETURN_REQUESTED: ("A return was requested", f"return_id, {_LINES}"),
    EventType.RETURN_AUTHORISED: ("A return was authorised", "return_id, node"),
    EventType.RETURN_REJECTED: ("A return was rejected", "return_id, node"),
    EventType.RETURN_RECEIVED: (
        "Returned units arrived",
        "return_id, lines: [{sku, quantity, disposition}]",
    ),
    EventType.REFUNDED: ("A refund was made", "return_id, amount (minor units)"),
    EventType.EXCEPTION_OPENED: ("Order care opened an exception", _EXCEPTION),
    EventType.EXCEPTION_UPDATED: ("An open exception changed", _EXCEPTION),
    EventType.EXCEPTION_CLOSED: ("An exception's cause went away", _EXCEPTION),
    EventType.EXCEPTION_DISMISSED: ("A person dismissed an exception", _EXCEPTION),
    EventType.EXCEPTION_RELEASED: ("A dismissed exception's cause went away", _EXCEPTION),
    EventType.FIX_APPLIED: (
        "A proposed fix was applied",
        f"{_EXCEPTION}, fix, n, auto, effects, ranker",
    ),
    EventType.PROMISE_MOVED: ("The promised delivery date moved", "from, to (dates)"),
    EventType.SERVICE_UPGRADED: (
        "The carrier service was upgraded",
        "from, to, cost (minor units), expected_delivery",
    ),
    EventType.SHIPMENT_SCANNED: (
        "A carrier scan arrived",
        "shipment_id, status, at, carrier, location",
    ),
    EventType.NOTIFICATION_QUEUED: ("A customer message was queued", _NOTIFICATION),
    EventType.NOTIFICATION_HELD: ("A message waits for quiet hours", f"{_NOTIFICATION}, until"),
    EventType.NOTIFICATION_SENT: ("A message was sent", _NOTIFICATION),
    EventType.NOTIFICATION_RETRYING: ("Sending a message failed; retrying", _NOTIFICATION),
    EventType.NOTIFICATION_FAILED: ("A message could not be sent", f"{_NOTIFICATION}, error"),
    EventType.NOTIFICATION_SUPPRESSED: ("A message was not sent (opted out)", _NOTIFICATION),
    EventType.NOTIFY_CONFIRMED: ("For the shop to tell: order confirmed", _TOLD),
    EventType.NOTIFY_SHIPPED: ("For the shop to tell: order shipped", _TOLD),
    EventType.NOTIFY_DELAY_PREDICTED: ("For the shop to tell: a delay and its new date", _TOLD),
    EventType.NOTIFY_DELIVERED: ("For the shop to tell: order delivered", _TOLD),
    EventType.NOTIFY_RETURN_RECEIVED: ("For the shop to tell: return received", _TOLD),
    EventType.NOTIFY_REFUNDED: ("For the shop to tell: refund made", _TOLD),
}

_HEADERS = (
    "Signed by the Standard Webhooks spec: headers `webhook-id` (`msg_<event id>`: the "
    "de-duplication key, the same on every retry), `webhook-timestamp` (seconds) and "
    "`webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`; two signatures "
    "while a secret is being rotated). Answer 2xx; network errors, timeouts, 408, 429 and "
    "5xx are retried with back-off for 3 days, other statuses are not."
)


class _Envelope(BaseModel):
    id: int = Field(description="event id (the webhook-id is `msg_<id>`)")
    order_id: int
    occurred_at: datetime
    actor: str = Field(description="who did it: a key's actor, `system`, or `care`")
    reason: str | None = None
    status_before: str | None = None
    status_after: str | None = None


def event_model(event_type: EventType) -> type[BaseModel]:
    """The delivery body of one event type: the envelope with its `type` fixed."""
    what, keys = CATALOGUE[event_type]
    name = "".join(part.title() for part in event_type.replace(".", "_").split("_")) + "Event"
    model: type[BaseModel] = create_model(
        name,
        __base__=_Envelope,
        __doc__=what,
        type=(Literal[event_type.value], ...),  # type: ignore[arg-type]
        data=(dict[str, Any], Field(description=f"keys: {keys}")),
    )
    return model


def install(app: FastAPI) -> None:
    for event_type in EventType:
        what, _ = CATALOGUE[event_type]
        _document(app, event_type, what)


def _document(app: FastAPI, event_type: EventType, what: str) -> None:
    model = event_model(event_type)

    def delivery(body: Any) -> None:
        """Never called: the route only documents what ordermind sends."""

    delivery.__annotations__ = {"body": model, "return": None}  # (a string, unannotated)
    delivery.__name__ = f"on_{event_type.replace('.', '_')}"
    app.webhooks.post(event_type.value, summary=what, description=_HEADERS)(delivery)
