"""Validation, per-field confidence, the review decision and learning from corrections."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .catalog import CatalogMatcher
from .model import OrderDocument, OrderLine
from .xref import CrossReferenceStore, description_key

DEFAULT_THRESHOLD = 0.85
_HEADER_FIELDS = ("po_number", "buyer", "ship_to")


@dataclass
class ValidationContext:
    """What the services layer knows and the document does not."""

    known_po_numbers: set[tuple[str | None, str]] = field(default_factory=set)  # (buyer, po)
    # sku -> past quantities this customer ordered (in eaches), for the "far from norm" check
    quantity_history: Mapping[str, Iterable[float]] = field(default_factory=dict)
    price_tolerance: float = 0.02  # relative difference from the price list accepted silently
    require_ship_to: bool = True


@dataclass
class ReviewDecision:
    needs_review: bool
    confidence: float
    reasons: list[str]


def document_key(doc: OrderDocument) -> tuple[str | None, str] | None:
    """Identity for idempotency: the same buyer's PO number is one order."""
    if not doc.po_number:
        return None
    return (doc.buyer.id if doc.buyer else None, doc.po_number)


def is_duplicate(doc: OrderDocument, known: set[tuple[str | None, str]]) -> bool:
    key = document_key(doc)
    return key is not None and key in known


def _price_of(matcher: CatalogMatcher, line: OrderLine) -> float | None:
    pv = matcher.by_sku.get((line.sku or "").upper())
    if pv is None:
        return None
    product, variant = pv
    return variant.price if variant and variant.price is not None else product.price


def validate(
    doc: OrderDocument, matcher: CatalogMatcher | None = None, ctx: ValidationContext | None = None
) -> OrderDocument:
    """Match lines (if a matcher is given), check them, and set every confidence in place."""
    ctx = ctx or ValidationContext()
    fc = doc.field_confidence
    fc.setdefault("po_number", 1.0 if doc.po_number else 0.0)
    if not doc.po_number:
        doc.issues.append("missing PO number")
    if is_duplicate(doc, ctx.known_po_numbers):
        doc.issues.append(f"duplicate PO number {doc.po_number} for this buyer")
        fc["po_number"] = 0.0
    fc.setdefault("buyer", 1.0 if doc.buyer and (doc.buyer.id or doc.buyer.name) else 0.5)
    if doc.document_type == "order" and ctx.require_ship_to:
        missing = _missing_address(doc)
        if missing:
            doc.issues.append("ship-to address incomplete: missing " + ", ".join(missing))
        fc.setdefault("ship_to", 1.0 - 0.2 * len(missing))
    if doc.document_type == "order" and not doc.lines:
        doc.issues.append("order has no lines")
    buyer = doc.buyer.id if doc.buyer else None
    if matcher is not None:
        matcher.apply_all(doc.lines, buyer)  # the fuzzy lines are scored together
    for line in doc.lines:
        if matcher is not None:
            _check_line(doc, line, matcher, ctx)
        _line_confidence(line)
    line_conf = min((ln.confidence for ln in doc.lines), default=0.0)
    header_conf = min(fc.get(f, 1.0) for f in _HEADER_FIELDS)
    doc.confidence = round(max(0.0, min(line_conf, header_conf)), 4)
    return doc


def _missing_address(doc: OrderDocument) -> list[str]:
    a = doc.ship_to
    if a is None:
        return ["ship_to"]
    return [f for f in ("line1", "city", "postal_code", "country") if not getattr(a, f)]


def _check_line(
    doc: OrderDocument, line: OrderLine, matcher: CatalogMatcher, ctx: ValidationContext
) -> None:
    label = f"line {line.line_id}"
    if line.sku is None:
        doc.issues.append(f"{label}: unknown item {line.description or line.seller_item_id!r}")
    if line.quantity is None or line.quantity <= 0:
        doc.issues.append(f"{label}: quantity missing or not positive")
        line.field_confidence["quantity"] = 0.0
    listed = _price_of(matcher, line)
    if listed is not None and line.unit_price is not None:
        per = line.meta.get("eaches_per_unit") or 1.0
        expected = listed * per
        if expected and abs(line.unit_price - expected) / expected > ctx.price_tolerance:
            doc.issues.append(
                f"{label}: price {line.unit_price:g} differs from price list {expected:g}"
            )
            line.field_confidence["unit_price"] = 0.5
    history = list(ctx.quantity_history.get(line.sku or "", []))
    qty = line.meta.get("quantity_each", line.quantity)
    if qty is not None and len(history) >= 3:
        median = statistics.median(history)
        mad = statistics.median(abs(h - median) for h in history) or max(1.0, 0.25 * median)
        if abs(qty - median) / mad > 6:  # robust z-score; 6 MADs is far for a repeat buyer
            doc.issues.append(
                f"{label}: quantity {qty:g} is far from this customer's usual {median:g}"
            )
            line.field_confidence["quantity"] = min(line.field_confidence.get("quantity", 1), 0.6)
    if line.meta.get("unknown_modifiers"):
        doc.issues.append(f"{label}: modifiers not offered: {line.meta['unknown_modifiers']}")
        line.field_confidence["modifiers"] = 0.5


def _line_confidence(line: OrderLine) -> None:
    fc = line.field_confidence
    fc.setdefault("quantity", 1.0 if line.quantity else 0.0)
    line.confidence = round(min([line.confidence, *fc.values()]), 4)


def review_decision(doc: OrderDocument, threshold: float = DEFAULT_THRESHOLD) -> ReviewDecision:
    """Place untouched when confident and clean; otherwise hold for `intake_review`."""
    reasons = list(doc.issues)
    if doc.confidence < threshold:
        reasons.insert(0, f"confidence {doc.confidence:.2f} below threshold {threshold:.2f}")
    low = [
        f"line {ln.line_id} {k} {v:.2f}"
        for ln in doc.lines
        for k, v in ln.field_confidence.items()
        if v < threshold
    ]
    reasons.extend(f"low confidence: {x}" for x in low)
    return ReviewDecision(bool(reasons), doc.confidence, reasons)


def record_correction(
    store: CrossReferenceStore, buyer_id: str | None, parsed: OrderLine, corrected_sku: str
) -> list[str]:
    """Remember what the reviewer chose so the next document from this buyer matches at
    once: keyed by their part number and by their wording. Returns the keys written."""
    keys = [k for k in (parsed.buyer_item_id, description_key(parsed.description)) if k]
    for key in keys:
        store.put(buyer_id, key, corrected_sku)
    return keys
