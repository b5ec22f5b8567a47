"""Outbound business documents generated from the order record: X12 855 acknowledgement,
856 ship notice, 810 invoice and the UBL OrderResponse."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from ordermind.domain.errors import NotFound, ValidationFailed
from ordermind.domain.orders import Order
from ordermind.money import to_major

if TYPE_CHECKING:  # imported when a document is made: the intake formats are heavy
    from ordermind.intake import OrderDocument

KINDS = ("x12-855", "x12-856", "x12-810", "ubl-order-response")
OUR_EDI_ID = os.environ.get("ORDERMIND_EDI_ID", "ORDERMIND")


def _canonical(order: Order, buyer_id: str | None) -> OrderDocument:
    from ordermind.intake import Address, OrderDocument, OrderLine, Party

    a = order.ship_to
    return OrderDocument(
        format="ordermind",
        po_number=order.external_id or order.number,
        issue_date=order.created_at.date().isoformat(),
        currency=order.currency,
        buyer=Party(buyer_id, order.customer.name),
        seller=Party(OUR_EDI_ID, None),
        ship_to=Address(a.name, a.line1, a.city, a.postal_code, a.country),
        requested_delivery_date=(
            order.requested_delivery_date.isoformat() if order.requested_delivery_date else None
        ),
        lines=[
            OrderLine(
                line_id=str(ln.line_no),
                seller_item_id=ln.sku,
                sku=ln.sku,
                quantity=ln.ordered,
                unit="EA",
                unit_price=float(to_major(ln.unit_price, order.currency)),
            )
            for ln in order.lines
        ],
    )


def render(
    order: Order, kind: str, buyer_id: str | None = None, ref: str | None = None
) -> tuple[bytes, str]:
    """(document, media type). `ref` picks the shipment (856) or invoice (810); default the
    latest one."""
    from ordermind.intake.outbound import (
        Envelope,
        Shipment,
        ShipmentLine,
        ubl_order_response,
        x12_810,
        x12_855,
        x12_856,
    )

    if kind not in KINDS:
        raise ValidationFailed(f"unknown document kind {kind!r}; known: {', '.join(KINDS)}")
    buyer = (buyer_id or order.customer.email.split("@")[0])[:15].upper()
    doc = _canonical(order, buyer)
    env = Envelope(
        sender_id=OUR_EDI_ID,
        receiver_id=buyer,
        control_number=order.id or 1,
        when=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )
    live = {str(ln.line_no): float(ln.ordered - ln.cancelled) for ln in order.lines}
    if kind == "x12-855":
        return x12_855(
            doc, env, accepted=live, seller_order_number=order.number or ""
        ).encode(), "application/edi-x12"
    if kind == "ubl-order-response":
        status = {k: "Accepted" if v else "Rejected" for k, v in live.items()}
        return ubl_order_response(
            doc, f"R-{order.number}", dt.date.today(), status
        ), "application/xml"
    if kind == "x12-856":
        shipment = _pick(order.shipments, ref, "shipment")
        ship = Shipment(
            shipment.id,
            shipment.shipped_at.date(),
            [ShipmentLine(str(sl.line_no), float(sl.quantity)) for sl in shipment.lines],
            carrier=shipment.carrier,
            tracking_number=shipment.tracking,
        )
        return x12_856(doc, ship, env).encode(), "application/edi-x12"
    invoice = _pick(order.invoices, ref, "invoice")
    quantities = {str(il.line_no): float(il.quantity) for il in invoice.lines}
    doc.lines = [ln for ln in doc.lines if ln.line_id in quantities]  # only what it bills
    return x12_810(
        doc, invoice.number, invoice.issued_at.date(), env, quantities
    ).encode(), "application/edi-x12"


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_Part = TypeVar("_Part", bound=_Identified)


def _pick(items: Sequence[_Part], ref: str | None, what: str) -> _Part:
    if not items:
        raise NotFound(f"the order has no {what} yet")
    if ref is None:
        return items[-1]
    for item in items:
        if item.id == ref:
            return item
    raise NotFound(f"the order has no {what} {ref}")
