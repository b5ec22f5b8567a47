"""UN/EDIFACT ORDERS (D.96A, D.03B and neighbours): UNA service string advice, release
character, UNB/UNZ and UNH/UNT validation, mapping onto the canonical document."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Address, MalformedDocumentError, OrderDocument, OrderLine, Party
from .normalize import ascii_digits, finite_float, iso_date
from .security import DEFAULT_LIMITS, LimitExceeded, Limits, decode_text


@dataclass(frozen=True)
class Syntax:
    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    segment: str = "'"


_HEADER_DTM_MAX = 35  # ORDERS allows DTM at most 35 times in the header (D.96A .. D.03B)
_ID_TYPES_GTIN = {"EN", "SRV", "UP", "GTIN"}
_ID_TYPES_SELLER = {"SA", "VN", "MF", "IB"}
_ID_TYPES_BUYER = {"BP", "IN"}


def _split(text: str, sep: str, release: str, keep: bool = True) -> list[str]:
    """Split on `sep` unless escaped by the release character; escapes are kept for the
    next level of splitting unless `keep` is False (the innermost level)."""
    parts, cur, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == release and i + 1 < len(text):
            if keep:
                cur.append(ch)
            cur.append(text[i + 1])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def tokenize(text: str, limits: Limits = DEFAULT_LIMITS) -> list[list[list[str]]]:
    """Segments -> elements -> components, release characters honoured."""
    text = text.lstrip("\ufeff \r\n\t")
    syntax = Syntax()
    if text.startswith("UNA"):
        if len(text) < 9:
            raise MalformedDocumentError("EDIFACT UNA service string advice is truncated")
        # UNA: component, element, decimal, release, (reserved), segment terminator
        c, e, d, r, s = text[3], text[4], text[5], text[6], text[8]
        syntax = Syntax(component=c, element=e, decimal=d, release=r if r != " " else "", segment=s)
        text = text[9:]
    if not text.startswith("UNB"):
        raise MalformedDocumentError("EDIFACT interchange must start with UNA or UNB")
    if syntax.segment not in text:
        raise MalformedDocumentError(
            f"EDIFACT segment terminator {syntax.segment!r} never occurs: wrong separators?"
        )
    segments = []
    for raw in _split(_protect(text, syntax), syntax.segment, "\x01"):
        raw = raw.strip("\r\n\t ")
        if not raw:
            continue
        if len(raw) > limits.max_line_chars:
            raise MalformedDocumentError(f"EDIFACT segment of {len(raw):,} characters: too long")
        elements = _split(raw, syntax.element, "\x01")
        seg = [
            [c.replace("\x01", syntax.release) for c in _split(el, syntax.component, "\x01", False)]
            for el in elements
        ]
        segments.append(seg)
        if len(segments) > limits.max_segments:
            raise LimitExceeded(
                "max_segments",
                limits.max_segments,
                f"EDIFACT interchange has over {limits.max_segments:,} segments",
            )
    return segments


def _protect(text: str, syntax: Syntax) -> str:
    # Turn "release + char" into "\x01 + char" once, so every later split sees the same escape.
    if not syntax.release:
        return text
    return text.replace(syntax.release, "\x01")


def _v(seg: list[list[str]], el: int, comp: int = 0) -> str | None:
    if el < len(seg) and comp < len(seg[el]):
        value = seg[el][comp].strip()
        return value or None
    return None


def _date(value: str | None, fmt: str | None) -> str | None:
    if not value:
        return None
    if fmt in (None, "102", "203", "204") and len(value) >= 8 and ascii_digits(value[:8]):
        return iso_date(value[:4], value[4:6], value[6:8])
    if fmt == "101" and len(value) == 6 and ascii_digits(value):
        return iso_date("20" + value[:2], value[2:4], value[4:6])
    return None


def parse_edifact(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[OrderDocument]:
    segments = tokenize(decode_text(data, limits), limits)
    if segments[-1][0][0] != "UNZ":
        raise MalformedDocumentError("EDIFACT interchange has no UNZ trailer (truncated?)")
    unb_ref = _v(segments[0], 5)
    docs: list[OrderDocument] = []
    i = 1
    while i < len(segments) - 1:
        if segments[i][0][0] == "UNG" or segments[i][0][0] == "UNE":
            i += 1
            continue
        if segments[i][0][0] != "UNH":
            raise MalformedDocumentError(
                f"EDIFACT: expected UNH, found {segments[i][0][0]} (segment {i + 1})"
            )
        start = i
        while i < len(segments) and segments[i][0][0] not in ("UNT", "UNZ"):
            i += 1
        if i >= len(segments) or segments[i][0][0] != "UNT":
            raise MalformedDocumentError("EDIFACT message has no UNT trailer (truncated?)")
        message = segments[start : i + 1]
        _check_message(message)
        docs.append(_map_orders(message, segments[0]))
        i += 1
    unz = segments[-1]
    if not ascii_digits(_v(unz, 1)) or int(_v(unz, 1) or 0) != len(docs):
        raise MalformedDocumentError(
            f"EDIFACT UNZ declares {_v(unz, 1)} messages but the interchange has {len(docs)}"
        )
    if _v(unz, 2) != unb_ref:
        raise MalformedDocumentError(
            f"EDIFACT UNZ reference {_v(unz, 2)!r} does not match UNB reference {unb_ref!r}"
        )
    return docs


def _check_message(message: list[list[list[str]]]) -> None:
    unh, unt = message[0], message[-1]
    ref = _v(unh, 1)
    declared = _v(unt, 1)
    if declared is None or not ascii_digits(declared) or int(declared) != len(message):
        raise MalformedDocumentError(
            f"EDIFACT message {ref}: UNT declares {declared} segments but the message has "
            f"{len(message)}"
        )
    if _v(unt, 2) != ref:
        raise MalformedDocumentError(f"EDIFACT UNT reference {_v(unt, 2)!r} != UNH {ref!r}")
    if _v(unh, 2) != "ORDERS":
        raise MalformedDocumentError(f"EDIFACT message type {_v(unh, 2)} is not supported (ORDERS)")
    header_dtm = 0
    for seg in message:
        if seg[0][0] in ("LIN", "UNS"):
            break
        header_dtm += seg[0][0] == "DTM"
    if header_dtm > _HEADER_DTM_MAX:
        raise MalformedDocumentError(
            f"EDIFACT ORDERS {ref}: {header_dtm} header DTM segments, at most "
            f"{_HEADER_DTM_MAX} are allowed"
        )


def _map_orders(message: list[list[list[str]]], unb: list[list[str]]) -> OrderDocument:
    unh = message[0]
    doc = OrderDocument(format="edifact", document_type="order")
    doc.meta.update(
        message_ref=_v(unh, 1),
        version=f"{_v(unh, 2, 1)}.{_v(unh, 2, 2)}",
        association=_v(unh, 2, 4),
        sender_id=_v(unb, 2),
        receiver_id=_v(unb, 3),
        segment_count=len(message),
    )
    line: OrderLine | None = None
    for seg in message[1:-1]:
        tag = seg[0][0]
        if tag == "BGM":
            doc.meta["document_code"] = _v(seg, 1)
            doc.po_number = _v(seg, 2)
            doc.meta["function"] = _v(seg, 3)
            if _v(seg, 1) in ("230",):
                doc.document_type = "order_change"
        elif tag == "DTM":
            code, value, fmt = _v(seg, 1, 0), _v(seg, 1, 1), _v(seg, 1, 2)
            if line is None and code == "137" and doc.issue_date is None:
                doc.issue_date = _date(value, fmt)
            elif code in ("2", "64", "69") and doc.requested_delivery_date is None:
                doc.requested_delivery_date = _date(value, fmt)
        elif tag == "CUX":
            doc.currency = doc.currency or _v(seg, 1, 1)
        elif tag == "NAD":
            _nad(doc, seg)
        elif tag == "LIN":
            line = OrderLine(line_id=_v(seg, 1))
            _item_id(line, _v(seg, 3, 0), _v(seg, 3, 1))
            doc.lines.append(line)
        elif tag == "PIA" and line is not None:
            for el in range(2, len(seg)):
                _item_id(line, _v(seg, el, 0), _v(seg, el, 1))
        elif tag == "IMD" and line is not None:
            line.description = line.description or _v(seg, 3, 3)
        elif tag == "FTX" and line is not None and line.description is None:
            line.description = " ".join(c for c in seg[4] if c) if len(seg) > 4 else None
        elif tag == "QTY" and line is not None and _v(seg, 1, 0) in ("1", "21", "113"):
            line.quantity = _num(_v(seg, 1, 1))
            line.unit = _v(seg, 1, 2)
        elif tag == "PRI" and line is not None and line.unit_price is None:
            line.unit_price = _num(_v(seg, 1, 1))
        elif tag == "CNT" and _v(seg, 1, 0) == "2":
            declared = _v(seg, 1, 1)
            if declared and ascii_digits(declared) and int(declared) != len(doc.lines):
                doc.issues.append(f"CNT declares {declared} lines but {len(doc.lines)} found")
    return doc


def _num(value: str | None) -> float | None:
    return finite_float(value.replace(",", ".")) if value else None


def _item_id(line: OrderLine, value: str | None, kind: str | None) -> None:
    if not value:
        return
    if kind in _ID_TYPES_GTIN and line.gtin is None:
        line.gtin = value
    elif kind in _ID_TYPES_BUYER and line.buyer_item_id is None:
        line.buyer_item_id = value
    elif (kind in _ID_TYPES_SELLER or kind is None) and line.seller_item_id is None:
        line.seller_item_id = value
        if kind == "IB":
            line.meta["isbn"] = value


def _nad(doc: OrderDocument, seg: list[list[str]]) -> None:
    code = _v(seg, 1)
    ident = _v(seg, 2, 0)
    name = " ".join(c for c in seg[4] if c) if len(seg) > 4 and any(seg[4]) else None
    if name is None and len(seg) > 3 and any(seg[3]):
        name = seg[3][0] or None
    if code in ("BY",):
        doc.buyer = Party(id=ident, name=name)
    elif code in ("SU", "SE"):
        doc.seller = Party(id=ident, name=name)
    elif code in ("DP", "ST"):
        doc.ship_to = Address(
            name=name,
            line1=_v(seg, 5, 0),
            city=_v(seg, 6),
            region=_v(seg, 7),
            postal_code=_v(seg, 8),
            country=_v(seg, 9),
            id=ident,
        )
