"""The canonical order document every parser produces, and the typed intake errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class IntakeError(ValueError):
    """Base of every intake failure; the message is meant for the person who sent the file."""


class UnsupportedFormatError(IntakeError):
    """The bytes are not a document format intake understands (or are binary garbage)."""


class DocumentTooLargeError(IntakeError):
    """The document breaks a size or line-length limit."""


class MalformedDocumentError(IntakeError):
    """The document claims a format but breaks its syntax or envelope rules."""


class UnsafeDocumentError(IntakeError):
    """The document uses a construct refused for safety (XML entities, DTDs)."""


@dataclass
class Party:
    id: str | None = None
    name: str | None = None


@dataclass
class Address:
    name: str | None = None
    line1: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None
    # Not in the canonical JSON, but kept for outbound documents and review screens.
    id: str | None = None
    region: str | None = None


@dataclass
class Modifier:
    name: str
    qualifier: str | None = None
    negated: bool = False


@dataclass
class OrderLine:
    line_id: str | None = None
    buyer_item_id: str | None = None
    seller_item_id: str | None = None
    gtin: str | None = None
    description: str | None = None
    quantity: float | None = None
    unit: str | None = None
    unit_price: float | None = None
    sku: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    modifiers: list[Modifier] = field(default_factory=list)
    confidence: float = 1.0
    field_confidence: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line_id": self.line_id,
            "buyer_item_id": self.buyer_item_id,
            "seller_item_id": self.seller_item_id,
            "gtin": self.gtin,
            "description": self.description,
            "quantity": _num(self.quantity),
            "unit": self.unit,
            "unit_price": _num(self.unit_price),
            "sku": self.sku,
            "attributes": dict(self.attributes),
            "modifiers": [asdict(m) for m in self.modifiers],
            "confidence": round(self.confidence, 4),
        }


@dataclass
class OrderDocument:
    """One business document: an order, a change, a cancellation, a response, a ship notice."""

    format: str
    document_type: str = "order"
    po_number: str | None = None
    issue_date: str | None = None
    currency: str | None = None
    buyer: Party | None = None
    seller: Party | None = None
    ship_to: Address | None = None
    requested_delivery_date: str | None = None
    lines: list[OrderLine] = field(default_factory=list)
    confidence: float = 1.0
    issues: list[str] = field(default_factory=list)
    field_confidence: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, extended: bool = False) -> dict[str, Any]:
        """The canonical JSON of the issue; `extended` adds type, per-field confidence, meta."""
        out: dict[str, Any] = {
            "format": self.format,
            "po_number": self.po_number,
            "issue_date": self.issue_date,
            "currency": self.currency,
            "buyer": _party(self.buyer),
            "seller": _party(self.seller),
            "ship_to": _address(self.ship_to),
            "requested_delivery_date": self.requested_delivery_date,
            "lines": [ln.to_dict() for ln in self.lines],
            "confidence": round(self.confidence, 4),
            "issues": list(self.issues),
        }
        if extended:
            out["document_type"] = self.document_type
            out["field_confidence"] = dict(self.field_confidence)
            out["meta"] = dict(self.meta)
            for line, src in zip(out["lines"], self.lines, strict=True):
                line["field_confidence"] = dict(src.field_confidence)
                line["meta"] = dict(src.meta)
        return out


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    # Whole numbers print as integers, but only where a float holds them exactly: 1e20
    # as an int would not fit the 64-bit integers of JSON stores.
    if float(value).is_integer() and abs(value) <= 2**53:
        return int(value)
    return value


def _party(p: Party | None) -> dict[str, Any] | None:
    return None if p is None else {"id": p.id, "name": p.name}


def _address(a: Address | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "name": a.name,
        "line1": a.line1,
        "city": a.city,
        "postal_code": a.postal_code,
        "country": a.country,
    }
