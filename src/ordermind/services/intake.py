"""Documents in, orders out: parse, match to the catalog, validate, then either place the
order untouched or put it (or the bare document) in front of a person. A reviewer's
correction is applied and remembered in the buyer's cross-reference."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ordermind.domain import limits as store_limits
from ordermind.domain.errors import InvalidTransition, NotFound, ValidationFailed
from ordermind.domain.orders import Address, Customer, HoldReason, Order
from ordermind.money import exponent, to_major
from ordermind.services.commands import ChangeOrder, OrderLineInput, PlaceOrder
from ordermind.services.ids import new_id
from ordermind.services.ordering import change_order, check_channel, get_order, place_order
from ordermind.services.ports import IntakeRecord
from ordermind.services.unit_of_work import AbstractUnitOfWork

if TYPE_CHECKING:  # imported when a document is first handled: the intake formats are heavy
    from ordermind.intake import CatalogMatcher, OrderDocument
    from ordermind.intake.pipeline import Prepared, Wanted, XrefKey
    from ordermind.intake.security import Limits

REVIEW_THRESHOLD = 0.85
MAX_LINE_QUANTITY = store_limits.MAX_LINE_QUANTITY  # what the order API accepts per line
MAX_PRICE_MINOR = store_limits.MAX_UNIT_PRICE


def _whole_positive(qty: float | None) -> bool:
    return qty is not None and math.isfinite(qty) and qty > 0 and qty == int(qty)


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
            "price": float(to_major(p.price, p.currency)),
            "description": p.category or "",
        }
        for p in uow.products.page(None, 1_000_000)
        if p.active
    ]


@dataclass
class Lookups:
    """What matching needs from the store, read before it (in a read-only unit of work)."""

    xref: dict[tuple[str | None, str], str] = field(default_factory=dict)
    seen: dict[tuple[str | None, str], IntakeRecord] = field(default_factory=dict)


def lookups(
    uow: AbstractUnitOfWork,
    channel: str,
    wanted: Wanted,
    xref_many: Callable[[Iterable[XrefKey]], dict[XrefKey, str]] | None = None,
) -> Lookups:
    """The buyer's cross-reference entries and the PO numbers already received, for what
    the parse asked (`intake.pipeline.Wanted`). Reads only. `xref_many`, when the store
    offers it, answers all the cross-reference keys at once."""
    out = Lookups()
    if xref_many is not None:
        out.xref = xref_many(wanted.xref_keys)
    generic_asked: set[str] = set()
    for buyer, key in () if xref_many is not None else wanted.xref_keys:
        sku = uow.intake.xref_get(buyer, key)
        if sku:
            out.xref[(buyer, key)] = sku
        if buyer is not None and key not in generic_asked:
            generic_asked.add(key)
            sku = uow.intake.xref_get(None, key)
            if sku:
                out.xref[(None, key)] = sku
    for buyer, po in wanted.po_keys:
        record = uow.intake.find_po(channel, buyer, po)
        if record is not None:
            out.seen[(buyer, po)] = record
    return out


def refusal(exc: Exception) -> ValidationFailed:
    return ValidationFailed(f"document refused: {exc}")


def parse(
    data: bytes, filename: str | None = None, fmt: str = "auto", limits: Limits | None = None
) -> list[OrderDocument]:
    """Parse in this process; an intake error becomes a ValidationFailed naming it."""
    from ordermind.intake import IntakeError, parse_document
    from ordermind.intake.security import DEFAULT_LIMITS

    try:
        docs = parse_document(data, filename, fmt, limits=limits or DEFAULT_LIMITS)
    except IntakeError as exc:
        raise refusal(exc) from None
    if not docs:
        raise ValidationFailed("the document holds no business document")
    return docs


def record(
    uow: AbstractUnitOfWork,
    prepared: list[Prepared],
    data: bytes,
    *,
    channel: str,
    actor: str,
    source: str = "api",
    filename: str | None = None,
) -> list[IntakeOutcome]:
    """The write step: parsed, matched and validated documents (`intake.pipeline.Prepared`)
    become orders and intake records. No parsing or matching happens here, so the write
    transaction is as short as the orders it places."""
    if not prepared:
        raise ValidationFailed("the document holds no business document")
    check_channel(uow, channel)  # before anything is recorded for it
    sha = hashlib.sha256(data).hexdigest()
    outcomes: list[IntakeOutcome] = []
    for item in prepared:
        # fresh copies of what is appended to: this may run again after a passing failure
        parsed = {**item.parsed, "issues": list(item.parsed.get("issues") or [])}
        shown = item.shown  # a new dict each time
        reasons = list(item.reasons)
        po = parsed.get("po_number")
        buyer = (parsed.get("buyer") or {}).get("id")
        # Asked again inside the write transaction: an earlier document of this upload, or
        # one committed since the look-up, may carry the same PO number.
        seen = uow.intake.find_po(channel, buyer, po) if po else None
        order_id, status = None, "review"
        kind = parsed.get("document_type", "order")
        cmd = None
        if seen is not None:
            status, order_id = "duplicate", seen.order_id  # the same PO twice is one order
            note = f"duplicate PO number {po} for this buyer"
            if note not in parsed["issues"]:
                parsed["issues"].append(note)
                shown["issues"] = [*shown["issues"], note]
                reasons.append(note)
        elif kind != "order":
            reasons.append(f"{kind} documents are routed to a person")
        else:
            cmd, why = to_command(uow, parsed, channel)
            reasons.extend(why)
        confidence = float(parsed.get("confidence") or 0.0)
        # The document is written before its order: it is the transaction's biggest row
        # (the file itself), and written after the order it kept the order's stock rows
        # locked while it went in (0.4 s for an 8,000-line file), stalling every order
        # for those SKUs. Its order and status follow in one small update.
        added = uow.intake.add(
            IntakeRecord(
                id=None,
                channel=channel,
                source=source,
                filename=filename,
                format=parsed.get("format"),
                sha256=sha,
                content=data,
                parsed=parsed,
                buyer_id=buyer,
                po_number=po,
                confidence=confidence,
                status=status,
                reasons=reasons,
                order_id=order_id,
            )
        )
        if cmd is not None:
            order = place_order(uow, cmd, actor)
            order_id = order.id
            if item.needs_review:
                note = "; ".join(reasons)[:500]
                order.place_hold(new_id("hld"), HoldReason.INTAKE_REVIEW, note, actor)
                uow.orders.save(order)
            else:
                status = "placed"
            assert added.id is not None  # set by the store
            uow.intake.update(added.id, order_id=order_id, status=status)
            added.order_id, added.status = order_id, status
        assert added.id is not None  # set by the store
        outcomes.append(IntakeOutcome(added.id, status, order_id, confidence, reasons, shown))
    return outcomes


def ingest(
    uow: AbstractUnitOfWork,
    data: bytes,
    *,
    matcher: CatalogMatcher,
    channel: str,
    actor: str,
    source: str = "api",
    filename: str | None = None,
    fmt: str = "auto",
    threshold: float = REVIEW_THRESHOLD,
    limits: Limits | None = None,
) -> list[IntakeOutcome]:
    """Parse, look up, match and record in this process and this unit of work (the folder
    watcher and e-mail receiver). The HTTP API runs the same stages with the parse and the
    match in a parsing-pool worker and only `record` inside its write transaction."""
    from ordermind.intake.pipeline import match_documents, wanted_for

    docs = parse(data, filename, fmt, limits)
    found = lookups(uow, channel, wanted_for(docs))
    prepared = match_documents(docs, matcher, found.xref, set(found.seen), threshold)
    return record(
        uow, prepared, data, channel=channel, actor=actor, source=source, filename=filename
    )


def _email_for(buyer: str | None, channel: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (buyer or "unknown").lower()).strip("-") or "unknown"
    return f"{slug[:60]}@{channel.lower()}.intake.invalid"  # reserved TLD: never mailed


def _document_currency(uow: AbstractUnitOfWork, parsed: dict) -> str:
    """The document's own currency, else the catalog's for its first matched line."""
    if parsed.get("currency"):
        return str(parsed["currency"])
    sku = next((ln.get("sku") for ln in parsed.get("lines") or [] if ln.get("sku")), None)
    first = uow.products.get(sku) if sku is not None else None
    return first.currency if first else "EUR"


def _minor(major: float, currency: str) -> float:
    """A major-unit price in minor units of `currency`; not rounded, so an out-of-range
    one can be told apart."""
    if not math.isfinite(major):
        return major
    return major * 10 ** exponent(currency)


def to_command(
    uow: AbstractUnitOfWork,
    parsed: dict,
    channel: str,
) -> tuple[PlaceOrder | None, list[str]]:
    """An order command from a document's extended canonical JSON when every line
    resolved to a SKU and whole units and the address is complete; otherwise None and why."""
    why: list[str] = []
    lines: list[OrderLineInput] = []
    currency = _document_currency(uow, parsed)
    for line in parsed.get("lines") or []:
        meta = line.get("meta") or {}
        qty = meta.get("quantity_each", line.get("quantity"))
        line_id, sku, unit_price = line.get("line_id"), line.get("sku"), line.get("unit_price")
        if sku is None:
            why.append(f"line {line_id}: no catalog match")
            continue
        if not _whole_positive(qty):
            why.append(f"line {line_id}: quantity {qty} is not a whole number of units")
            continue
        per = meta.get("eaches_per_unit") or 1
        price = None if unit_price is None else _minor(unit_price / per, currency)
        if price is not None and not (math.isfinite(price) and 0 <= price <= MAX_PRICE_MINOR):
            why.append(f"line {line_id}: unit price {unit_price} is out of range")
            continue
        lines.append(OrderLineInput(sku, int(qty), None if price is None else round(price)))
    merged: dict[str, OrderLineInput] = {}
    for ln in lines:  # two document lines for one SKU become one order line
        old = merged.get(ln.sku)
        merged[ln.sku] = (
            ln
            if old is None
            else OrderLineInput(ln.sku, old.quantity + ln.quantity, old.unit_price)
        )
    for ln in merged.values():
        if ln.quantity > MAX_LINE_QUANTITY:
            why.append(
                f"SKU {ln.sku}: {ln.quantity:,} units is more than an order line holds "
                f"({MAX_LINE_QUANTITY:,})"
            )
    a = parsed.get("ship_to") or {}
    buyer = parsed.get("buyer") or {}
    address = None
    country = a.get("country") or ""
    if all(a.get(k) for k in ("line1", "city", "postal_code", "country")) and len(country) == 2:
        address = Address(
            a.get("name") or buyer.get("name") or a["line1"],
            a["line1"],
            a["city"],
            a["postal_code"],
            country,
        )
    else:
        why.append("ship-to address incomplete")
    if why or not merged or address is None:  # (no address: `why` says so)
        return None, why or ["no order lines"]
    from datetime import date

    try:
        wanted = (
            date.fromisoformat(parsed["requested_delivery_date"])
            if parsed.get("requested_delivery_date")
            else None
        )
    except (TypeError, ValueError):
        wanted = None
    return PlaceOrder(
        channel=channel,
        currency=currency,
        customer=Customer(_email_for(buyer.get("id"), channel), buyer.get("name")),
        ship_to=address,
        lines=list(merged.values()),
        external_id=parsed.get("po_number"),
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
    fields: dict[str, Any] | None = None,
    layout: tuple[str | None, dict[str, Any]] | None = None,
) -> IntakeRecord:
    """Apply a reviewer's corrections, place or fix the order, release the intake hold and
    remember each corrected SKU for this buyer. `fields`: corrected header fields
    (po_number, issue_date, total); `layout`: the sender layout learnt from them on a PDF
    or scan (`intake.pdf.learn_layout`, run before this transaction), remembered for the
    sender's next document."""
    from ordermind.intake import OrderLine, record_correction

    record = uow.intake.get(doc_id)
    if record is None:
        raise NotFound(f"intake document {doc_id} not found")
    if record.status != "review":
        raise InvalidTransition(f"document {doc_id} is {record.status}, not waiting for review")
    parsed = record.parsed
    if fields:
        _correct_fields(parsed, fields)
    if layout is not None and layout[0] is not None and layout[1]:
        sender, learnt = layout[0], layout[1]
        known = uow.intake.layouts().get(sender, {})
        uow.intake.layout_put(sender, {**known, **learnt}, actor)
        parsed.setdefault("meta", {})["layout_learnt"] = sorted(learnt)
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
        cmd = ChangeOrder(record.order_id, ship_to=ship_to, lines=change)
        order = change_order(uow, cmd, actor)
        for hold in order.active_holds:
            if hold.reason is HoldReason.INTAKE_REVIEW:
                order.release_hold(hold.id, actor, "reviewed and corrected")
        uow.orders.save(order)
    uow.intake.update(
        doc_id,
        status="resolved",
        order_id=order.id,
        po_number=parsed.get("po_number"),
        parsed=parsed,
        reviewed_by=actor,
        reviewed_at=order.updated_at,
    )
    resolved = uow.intake.get(doc_id)
    assert resolved is not None  # read above, in this unit of work
    return resolved


CORRECTABLE_FIELDS = ("po_number", "issue_date", "total")


def _correct_fields(parsed: dict, fields: dict[str, Any]) -> None:
    """A reviewer's header corrections into the parsed document (checked first: a bad
    value changes nothing)."""
    import datetime as dt

    unknown = set(fields) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            f"fields {sorted(unknown)} cannot be corrected; only {list(CORRECTABLE_FIELDS)}"
        )
    if fields.get("issue_date") is not None:
        try:
            dt.date.fromisoformat(str(fields["issue_date"]))
        except ValueError:
            raise ValidationFailed("issue_date must be an ISO date (YYYY-MM-DD)") from None
    if fields.get("total") is not None:
        try:
            total = float(fields["total"])
        except (TypeError, ValueError):
            raise ValidationFailed("total must be a number") from None
        parsed.setdefault("meta", {})["total"] = total
    for name in ("po_number", "issue_date"):
        if fields.get(name) is not None:
            parsed[name] = str(fields[name])
            parsed.setdefault("field_confidence", {})[name] = 1.0


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
