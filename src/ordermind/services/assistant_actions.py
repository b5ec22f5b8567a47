"""The changes a customer confirms in a conversation, each through the use case the API
runs for the same change (`services.ordering`, `services.returns`, `services.notifications`)
with the conversation as the actor of the order event."""

from __future__ import annotations

from ordermind.assistant.templates import day, say
from ordermind.domain.errors import ValidationFailed
from ordermind.domain.orders import Address, Order
from ordermind.services import notifications, ordering, returns
from ordermind.services.commands import CancelOrder, ChangeOrder, RequestReturn
from ordermind.services.unit_of_work import AbstractUnitOfWork

REASON = "asked by the customer in the order assistant"


def do_action(
    uow: AbstractUnitOfWork,
    order: Order,
    action: dict,
    actor: str,
    channel: str | None,
    locale: str,
) -> dict:
    """Apply a confirmed action; {"text": what to tell the customer, "_result": facts}."""
    kind, oid = action.get("kind"), order.stored_id
    n = str(oid)
    if kind == "cancel_order":
        ordering.cancel_order(uow, CancelOrder(oid, REASON), actor, channel)
        return {"text": say(locale, "done_cancel_order", number=n)}
    if kind == "cancel_item":
        sku, qty = str(action["sku"]), int(action["quantity"])
        ordering.cancel_order(uow, CancelOrder(oid, REASON, [(sku, qty)]), actor, channel)
        product = uow.products.get(sku)
        name = product.name if product is not None and product.name else sku
        return {"text": say(locale, "done_cancel_item", units=qty, name=name, number=n)}
    if kind == "change_address":
        old = order.ship_to
        new = Address(
            name=old.name,
            line1=str(action["line1"]),
            line2=action.get("line2"),
            city=str(action["city"]),
            postal_code=str(action["postal_code"]),
            country=old.country,
            region=None,
        )
        changed = ordering.change_order(uow, ChangeOrder(oid, ship_to=new), actor, channel)
        text = say(locale, "done_address", number=n)
        promised = changed.promised_delivery_date
        if promised is not None:
            text += " " + say(locale, "new_date", date=day(locale, promised))
        return {
            "text": text,
            "_result": {"promised_date": None if promised is None else promised.isoformat()},
        }
    if kind == "start_return":
        lines: list[tuple[str, int, str | None]] = [
            (str(sku), int(q), REASON) for sku, q in action["lines"]
        ]
        _, rma = returns.request_return(uow, RequestReturn(oid, lines), actor, channel)
        items = ", ".join(f"{q} × {sku}" for sku, q, _ in lines)
        return {
            "text": say(locale, "done_return", rma=rma.id, items=items),
            "_result": {"return_id": rma.id},
        }
    if kind == "invoice_copy":
        if not order.invoices:
            raise ValidationFailed(f"order {n} has no invoice yet")
        invoice = order.invoices[-1]
        notifications.resend_invoice(uow, order, invoice.number, actor)
        return {
            "text": say(locale, "done_invoice", number=n),
            "_result": {"invoice": invoice.number},
        }
    raise ValidationFailed(f"unknown action {kind!r}")
