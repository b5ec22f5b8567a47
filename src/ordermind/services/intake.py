"""Documents in, orders out: parse, match to the catalog, validate, then either place the
order untouched or put it (or the bare document) in front of a person. A reviewer's
correction is applied and remembered in the buyer's cross-reference."""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field

from ordermind.domain.errors import InvalidTransition, NotFound, ValidationFailed
from ordermind.domain.orders import Address, Customer, HoldReason, Order
from ordermind.services.commands import ChangeOrder, OrderLineInput, PlaceOrder
from ordermind.services.ids import new_id
from ordermind.services.ordering import change_order, get_order, place_order
from ordermind.services.unit_of_work import AbstractUnitOfWork, IntakeRecord

REVIEW_THRESHOLD = 0.85


class _UowXref:
    """The intake matcher's cross-reference store, backed by the unit of work."""

    def __init__(self, uow: AbstractUnitOfWork) -> None:
        self.uow = uow

    def get(self, buyer_id: str | None, key: str) -> str | None:
        return self.uow.intake.xref_get(buyer_id, key) or self.uow.intake.xref_get(None, key)

    def put(self, buyer_id: str | None, key: str, sku: str) -> None:
        self.uow.intake.xref_put(buyer_id, key, sku)


@dataclass
class IntakeOutcome:
    document_id: int
    status: str  # placed | review | duplicate
    order_id: int | None
    confidence: float
    reasons: list[str] = field(default_factory=list)
    parsed: dict = field(default_factory=dict)


def catalog_records(uow: AbstractUnitOfWork) -> list[dict]:
    """The store's catalog in the shape the intake matcher reads (prices in major units)."""
    return [
        {
            "sku": p.sku,
            "name": p.name,
            "gtin": p.gtin,
            "price": p.price / 100,
            "description": p.category or "",
        }
        for p in uow.products.list(None, 1_000_000)
        if p.active
    ]


def ingest(
    uow: AbstractUnitOfWork,
    data: bytes,
    *,
    matcher,
    channel: str,
    actor: str,  # noqa: ANN001
    source: str = "api",
    filename: str | None = None,
    fmt: str = "auto",
    threshold: float = REVIEW_THRESHOLD,
) -> list[IntakeOutcome]:
    from ordermind.intake import IntakeError, ValidationContext, parse_document, review_decision
    from ordermind.intake import validate as validate_doc

    try:
        docs = parse_document(data, filename, fmt)
    except IntakeError as exc:
        raise ValidationFailed(f"document refused: {exc}") from None
    if not docs:
        raise ValidationFailed("the document holds no business document")
    sha = hashlib.sha256(data).hexdigest()
    bound = copy.copy(matcher)
    bound.xref = _UowXref(uow)
    outcomes = []
    for doc in docs:
        buyer = doc.buyer.id if doc.buyer else None
        seen = uow.intake.find_po(channel, buyer, doc.po_number) if doc.po_number else None
        ctx = ValidationContext(known_po_numbers={(buyer, doc.po_number)} if seen else set())
        validate_doc(doc, bound, ctx)
        decision = review_decision(doc, threshold)
        reasons = list(decision.reasons)
        order_id, status = None, "review"
        if seen is not None:
            status, order_id = "duplicate", seen.order_id  # the same PO twice is one order
        elif doc.document_type != "order":
            reasons.append(f"{doc.document_type} documents are routed to a person")
        else:
            cmd, why = to_command(uow, doc, channel)
            reasons.extend(why)
            if cmd is not None:
                order = place_order(uow, cmd, actor)
                order_id = order.id
                if decision.needs_review:
                    note = "; ".join(reasons)[:500]
                    order.place_hold(new_id("hld"), HoldReason.INTAKE_REVIEW, note, actor)
                    uow.orders.save(order)
                else:
                    status = "placed"
        record = uow.intake.add(
            IntakeRecord(
                id=None,
                channel=channel,
                source=source,
                filename=filename,
                format=doc.format,
                sha256=sha,
                content=data,
                parsed=doc.to_dict(extended=True),
                buyer_id=buyer,
                po_number=doc.po_number,
                confidence=doc.confidence,
                status=status,
                reasons=reasons,
                order_id=order_id,
            )
        )
        outcomes.append(
            IntakeOutcome(
                record.id,
                status,
                order_id,
                doc.confidence,
                reasons,  # type: ignore[arg-type]
                doc.to_dict(),
            )
        )
    return outcomes


def _email_for(buyer: str | None, channel: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (buyer or "unknown").lower()).strip("-") or "unknown"
    return f"{slug[:60]}@{channel.lower()}.intake.invalid"  # reserved TLD: never mailed


def to_command(
    uow: AbstractUnitOfWork,
    doc,
    channel: str,  # noqa: ANN001
) -> tuple[PlaceOrder | None, list[str]]:
    """An order command when every line resolved to a SKU and whole units and the
    address is complete; otherwise None and why."""
    why: list[str] = []
    lines: list[OrderLineInput] = []
    for line in doc.lines:
        qty = line.meta.get("quantity_each", line.quantity)
        if line.sku is None:
            why.append(f"line {line.line_id}: no catalog match")
        elif qty is None or qty <= 0 or qty != int(qty):
            why.append(f"line {line.line_id}: quantity {qty} is not a whole number of units")
        else:
            per = line.meta.get("eaches_per_unit") or 1
            price = None if line.unit_price is None else round(line.unit_price / per * 100)
            lines.append(OrderLineInput(line.sku, int(qty), price))
    merged: dict[str, OrderLineInput] = {}
    for ln in lines:  # two document lines for one SKU become one order line
        old = merged.get(ln.sku)
        merged[ln.sku] = (
            ln
            if old is None
            else OrderLineInput(ln.sku, old.quantity + ln.quantity, old.unit_price)
        )
    a = doc.ship_to
    address = None
    if a and all([a.line1, a.city, a.postal_code, a.country]) and len(a.country or "") == 2:
        address = Address(
            a.name or (doc.buyer.name if doc.buyer else None) or a.line1,
            a.line1,
            a.city,
            a.postal_code,
            a.country,
        )
    else:
        why.append("ship-to address incomplete")
    if why or not merged:
        return None, why or ["no order lines"]
    currency = doc.currency
    if not currency:
        first = uow.products.get(next(iter(merged)))
        currency = first.currency if first else "EUR"
    buyer = doc.buyer.id if doc.buyer else None
    name = doc.buyer.name if doc.buyer else None
    from datetime import date

    try:
        wanted = (
            date.fromisoformat(doc.requested_delivery_date) if doc.requested_delivery_date else None
        )
    except ValueError:
        wanted = None
    return PlaceOrder(
        channel=channel,
        currency=currency,
        customer=Customer(_email_for(buyer, channel), name),
        ship_to=address,
        lines=list(merged.values()),
        external_id=doc.po_number,
        requested_delivery_date=wanted,
    ), []


@dataclass(frozen=True)
class LineCorrection:
    line_id: str
    sku: str
    quantity: int | None = None


def resolve(
    uow: AbstractUnitOfWork,
    doc_id: int,
    corrections: list[LineCorrection],
    ship_to: Address | None,
    actor: str,
) -> IntakeRecord:
    """Apply a reviewer's corrections, place or fix the order, release the intake hold and
    remember each corrected SKU for this buyer."""
    from ordermind.intake import OrderLine, record_correction

    record = uow.intake.get(doc_id)
    if record is None:
        raise NotFound(f"intake document {doc_id} not found")
    if record.status != "review":
        raise InvalidTransition(f"document {doc_id} is {record.status}, not waiting for review")
    parsed = record.parsed
    by_id = {str(ln.get("line_id")): ln for ln in parsed["lines"]}
    for c in corrections:
        if c.line_id not in by_id:
            raise ValidationFailed(f"document has no line {c.line_id!r}")
        if uow.products.get(c.sku) is None:
            raise ValidationFailed(f"unknown SKU {c.sku!r}")
    xref = _UowXref(uow)
    for c in corrections:
        src = by_id[c.line_id]
        record_correction(
            xref,
            record.buyer_id,
            OrderLine(
                line_id=c.line_id,
                buyer_item_id=src.get("buyer_item_id"),
                description=src.get("description"),
            ),
            c.sku,
        )
        src["sku"] = c.sku
        if c.quantity is not None:
            src["quantity"] = c.quantity
            src.setdefault("meta", {})["quantity_each"] = c.quantity
    if record.order_id is None:
        order = _place_from_parsed(uow, record, ship_to, actor)
    else:
        order = get_order(uow, record.order_id)
        wanted = _lines_from_parsed(parsed)
        current = {ln.sku for ln in order.lines}
        change = [OrderLineInput(s, q, None) for s, q in wanted.items()]
        change += [OrderLineInput(s, 0, None) for s in current - set(wanted)]
        order = change_order(uow, ChangeOrder(order.id, ship_to=ship_to, lines=change), actor)  # type: ignore[arg-type]
        for hold in order.active_holds:
            if hold.reason is HoldReason.INTAKE_REVIEW:
                order.release_hold(hold.id, actor, "reviewed and corrected")
        uow.orders.save(order)
    uow.intake.update(
        doc_id,
        status="resolved",
        order_id=order.id,
        parsed=parsed,
        reviewed_by=actor,
        reviewed_at=order.updated_at,
    )
    return uow.intake.get(doc_id)  # type: ignore[return-value]


def _lines_from_parsed(parsed: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for ln in parsed["lines"]:
        qty = (ln.get("meta") or {}).get("quantity_each", ln.get("quantity"))
        if not ln.get("sku") or qty is None or qty != int(qty) or qty <= 0:
            raise ValidationFailed(f"line {ln.get('line_id')} still has no SKU or whole quantity")
        out[ln["sku"]] = out.get(ln["sku"], 0) + int(qty)
    return out


def _place_from_parsed(
    uow: AbstractUnitOfWork, record: IntakeRecord, ship_to: Address | None, actor: str
) -> Order:
    parsed = record.parsed
    a = parsed.get("ship_to") or {}
    if ship_to is None:
        try:
            ship_to = Address(
                a.get("name") or a.get("line1") or "",
                a.get("line1") or "",
                a.get("city") or "",
                a.get("postal_code") or "",
                a.get("country") or "",
            )
        except ValidationFailed as exc:
            raise ValidationFailed(
                f"give ship_to: the parsed address is incomplete ({exc.detail})"
            ) from None
    lines = [OrderLineInput(s, q) for s, q in _lines_from_parsed(parsed).items()]
    buyer = parsed.get("buyer") or {}
    cmd = PlaceOrder(
        channel=record.channel,
        currency=parsed.get("currency") or "EUR",
        customer=Customer(_email_for(record.buyer_id, record.channel), buyer.get("name")),
        ship_to=ship_to,
        lines=lines,
        external_id=record.po_number,
    )
    return place_order(uow, cmd, actor)
