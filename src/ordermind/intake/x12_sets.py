"""Mapping of X12 transaction sets (850, 855, 856, 810) onto the canonical document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Address, MalformedDocumentError, OrderDocument, OrderLine, Party
from .normalize import ascii_digits, finite_float, iso_date

if TYPE_CHECKING:
    from .x12 import TransactionSet

_GTIN_QUALIFIERS = {"UP", "UA", "UK", "EN", "EO", "UI", "UD"}
_BUYER_QUALIFIERS = ("BP", "IN", "CB", "SK")
_SELLER_QUALIFIERS = ("VN", "VP", "VA", "MG")
_DELIVERY_DTM = ("002", "106", "010", "074", "068")  # requested delivery/ship dates, in order
_TYPES = {"850": "order", "855": "order_response", "856": "ship_notice", "810": "invoice"}


def _el(seg: list[str], i: int) -> str | None:
    """Element i (1-based like X12 docs) or None when absent or empty."""
    if i < len(seg):
        value = seg[i].strip()
        return value or None
    return None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    digits = value.strip()
    if len(digits) == 6 and ascii_digits(digits):  # YYMMDD: pre-Y2K habits survive in old maps
        digits = "20" + digits
    if len(digits) != 8 or not ascii_digits(digits):
        return None
    return iso_date(digits[:4], digits[4:6], digits[6:])


def _float(value: str | None) -> float | None:
    return finite_float(value)


def _apply_ids(line: OrderLine, seg: list[str], start: int) -> None:
    """Qualifier/value pairs (PO106/PO107 ... or LIN02/LIN03 ...) into item identifiers."""
    pairs: dict[str, str] = {}
    for k in range(start, len(seg) - 1, 2):
        q, v = _el(seg, k), _el(seg, k + 1)
        if q and v and q not in pairs:
            pairs[q] = v
    for q, v in pairs.items():
        if q in _GTIN_QUALIFIERS and line.gtin is None:
            line.gtin = v
        elif q == "PD" and line.description is None:
            line.description = v
        elif q not in _BUYER_QUALIFIERS and q not in _SELLER_QUALIFIERS:
            line.meta.setdefault("ids", {})[q] = v
    line.buyer_item_id = next((pairs[q] for q in _BUYER_QUALIFIERS if q in pairs), None)
    line.seller_item_id = next((pairs[q] for q in _SELLER_QUALIFIERS if q in pairs), None)
    if line.buyer_item_id and "CB" in pairs and pairs["CB"] != line.buyer_item_id:
        line.meta.setdefault("ids", {})["CB"] = pairs["CB"]
    if "SK" in pairs and pairs["SK"] != line.buyer_item_id:
        line.meta.setdefault("ids", {})["SK"] = pairs["SK"]


def map_transaction(ts: TransactionSet, component: str) -> OrderDocument:
    if ts.set_id not in _TYPES:
        raise MalformedDocumentError(
            f"X12 transaction set {ts.set_id} is not supported (850, 855, 856, 810 are)"
        )
    doc = OrderDocument(format="x12", document_type=_TYPES[ts.set_id])
    doc.meta.update(
        set_id=ts.set_id,
        control_number=ts.control_number,
        segment_count=len(ts.segments),
        sender_id=ts.sender,
        receiver_id=ts.receiver,
    )
    # The sender of an 850 is the buyer; of 855/856/810 the seller. N1 loops override this.
    if ts.set_id == "850":
        doc.buyer, doc.seller = Party(id=ts.sender), Party(id=ts.receiver)
    else:
        doc.buyer, doc.seller = Party(id=ts.receiver), Party(id=ts.sender)
    party_code: str | None = None
    line: OrderLine | None = None
    for seg in ts.segments[1:-1]:
        tag = seg[0]
        if tag == "BEG":
            doc.po_number, doc.issue_date = _el(seg, 3), _date(_el(seg, 5))
            doc.meta["purpose"], doc.meta["po_type"] = _el(seg, 1), _el(seg, 2)
        elif tag == "BAK":
            doc.po_number, doc.issue_date = _el(seg, 3), _date(_el(seg, 4))
            doc.meta["ack_type"], doc.meta["seller_order_number"] = _el(seg, 2), _el(seg, 8)
            doc.meta["request_reference"] = _el(seg, 6)
        elif tag == "BSN":
            doc.issue_date = _date(_el(seg, 3))
            doc.meta["shipment_id"] = _el(seg, 2)
        elif tag == "BIG":
            doc.issue_date, doc.po_number = _date(_el(seg, 1)), _el(seg, 4)
            doc.meta["invoice_number"] = _el(seg, 2)
        elif tag == "PRF" and doc.po_number is None:
            doc.po_number = _el(seg, 1)
        elif tag == "CUR":
            doc.currency = _el(seg, 2)
        elif tag == "DTM" and line is None:
            code = _el(seg, 1)
            if code in _DELIVERY_DTM and doc.requested_delivery_date is None:
                doc.requested_delivery_date = _date(_el(seg, 2))
            elif code == "011":
                doc.meta["ship_date"] = _date(_el(seg, 2))
        elif tag == "N1":
            party_code = _n1(doc, seg)
        elif tag == "N3" and party_code in ("ST", "BY", "BT", "SE", "VN", "SU", "SH", "OB"):
            addr = doc.ship_to if party_code == "ST" else None
            if addr is not None and addr.line1 is None:
                addr.line1 = _el(seg, 1)
        elif tag == "N4" and party_code == "ST" and doc.ship_to is not None:
            doc.ship_to.city, doc.ship_to.region = _el(seg, 1), _el(seg, 2)
            doc.ship_to.postal_code, doc.ship_to.country = _el(seg, 3), _el(seg, 4)
        elif tag in ("PO1", "IT1"):
            line = _po1(seg)
            doc.lines.append(line)
        elif tag == "LIN":
            line = OrderLine(line_id=_el(seg, 1))
            _apply_ids(line, seg, 2)
            doc.lines.append(line)
        elif tag == "SN1" and line is not None:
            line.quantity, line.unit = _float(_el(seg, 2)), _el(seg, 3)
        elif tag == "PID" and line is not None and line.description is None:
            line.description = _el(seg, 5)
        elif tag == "PO4" and line is not None:
            line.meta["pack"] = {
                "count": _float(_el(seg, 1)),
                "size": _float(_el(seg, 2)),
                "unit": _el(seg, 3),
            }
        elif tag == "ACK" and line is not None:
            line.meta["status"] = _el(seg, 1)
            line.meta["acknowledged_quantity"] = _float(_el(seg, 2))
        elif tag == "CTT":
            doc.meta["declared_line_count"] = _el(seg, 1)
        elif tag in ("AMT", "TDS"):
            doc.meta["declared_total"] = _el(seg, 2) if tag == "AMT" else _el(seg, 1)
    # CTT01 counts line items, except in an 856 where it counts HL levels.
    found = sum(s[0] == "HL" for s in ts.segments) if ts.set_id == "856" else len(doc.lines)
    declared = doc.meta.get("declared_line_count")
    if declared and ascii_digits(declared) and int(declared) != found:
        doc.issues.append(f"CTT01 declares {int(declared)} but {found} were found")
    return doc


def _n1(doc: OrderDocument, seg: list[str]) -> str | None:
    code, name, ident = _el(seg, 1), _el(seg, 2), _el(seg, 4)
    if code == "ST":
        doc.ship_to = Address(name=name, id=ident)
    elif code in ("BY", "OB") or (code == "BT" and (doc.buyer is None or doc.buyer.name is None)):
        doc.buyer = Party(id=ident or (doc.buyer.id if doc.buyer else None), name=name)
    elif code in ("SE", "VN", "SU", "SH", "SF", "RI") and (
        doc.seller is None or doc.seller.name is None
    ):
        doc.seller = Party(id=ident or (doc.seller.id if doc.seller else None), name=name)
    return code


def _po1(seg: list[str]) -> OrderLine:
    line = OrderLine(
        line_id=_el(seg, 1),
        quantity=_float(_el(seg, 2)),
        unit=_el(seg, 3),
        unit_price=_float(_el(seg, 4)),
    )
    if _el(seg, 5):
        line.meta["price_basis"] = _el(seg, 5)
    _apply_ids(line, seg, 6)
    return line
