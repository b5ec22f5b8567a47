"""Pages of words into one canonical order document: the same reading for a text PDF
and an OCR'd scan."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..model import Address, OrderDocument, OrderLine, Party
from . import fields, senders, table, vocab
from .checks import FAILED, check_document, check_line
from .layout import Line, document_lines
from .locale import decimal_convention
from .words import Page, Word, box


def read_document(
    pages: list[Page],
    fmt: str,
    today: dt.date | None = None,
    layouts: Mapping[str, Mapping[str, Any]] | None = None,
) -> OrderDocument:
    """`layouts`: sender layouts learnt from corrections (`senders`), by sender key; the
    sender's own layout, when there is one, is read before the template-free reading."""
    today = today or dt.date.today()
    lines = document_lines(pages)
    convention = decimal_convention(w.text for p in pages for w in p.words)
    kind, kind_found = fields.document_kind(lines)
    doc = OrderDocument(format=fmt, document_type=vocab.DOCUMENT_TYPES[kind])
    boxes: dict[str, Any] = {}
    fc = doc.field_confidence

    def keep(name: str, found: fields.Found | None) -> None:
        if found is not None and found.words:
            boxes[name] = _box(pages, found.words)
            fc[name] = round(found.confidence, 3)

    number = fields.document_number(lines, kind)
    if number is not None:
        doc.po_number = str(number.value)
    keep("po_number", number)
    money = fields.amounts(lines, convention)
    total = fields.stated_total(money["total"])
    subtotal = fields.stated_total(money["subtotal"])
    tax = fields.stated_total(money["tax"])
    doc.currency = fields.currency(lines, [f for f in (total, subtotal) if f])
    first = fields.day_first(lines, doc.currency)
    date = fields.document_date(lines, kind, first)
    if date is not None:
        doc.issue_date = date.value.isoformat()  # type: ignore[attr-defined]
    keep("issue_date", date)
    keep("total", total)
    keep("document_kind", kind_found)
    fc.setdefault("document_kind", 0.6)
    _parties(doc, lines, kind, pages, boxes)
    sender = senders.sender_key(_issuer(lines))
    doc.meta["sender"] = sender
    stated_total: Any = total.value if total else None
    if layouts and sender is not None and sender in layouts:
        doc.meta["boxes"] = boxes
        found = senders.read_with_layout(pages, layouts[sender], convention, first)
        senders.apply(doc, found, lambda ws: _box(pages, ws))
        if "total" in found:
            stated_total = found["total"][0]

    headers = table.find_headers(lines)
    items = table.read_items(lines, headers, convention)
    line_amounts: list[Decimal | None] = []
    for n, item in enumerate(items, 1):
        line, amount = _order_line(item, n, convention, pages)
        doc.lines.append(line)
        line_amounts.append(amount)
    stated = {k: f.value for k, f in (("subtotal", subtotal), ("tax", tax)) if f}
    if stated_total is not None:
        stated["total"] = stated_total
    doc.issues.extend(check_document(doc, line_amounts, stated, today))  # type: ignore[arg-type]
    if stated_total is None:
        fc["total"] = 0.0
    doc.meta.update(
        {
            "document_kind": kind,
            "total": None if stated_total is None else float(stated_total),
            "subtotal": _major(subtotal),
            "tax_total": _major(tax),
            "pages": [
                {
                    "width": p.width,
                    "height": p.height,
                    "source": p.source,
                    "rotation": p.rotation,
                    "skew": p.skew,
                }
                for p in pages
            ],
            "boxes": boxes,
            "decimal_separator": "," if convention == "comma" else ".",
        }
    )
    doc.confidence = min([fc.get("po_number", 0.0), *(ln.confidence for ln in doc.lines)])
    return doc


def _major(found: fields.Found | None) -> float | None:
    return None if found is None else float(found.value)  # type: ignore[arg-type]


def _box(pages: list[Page], words: list[Word]) -> dict[str, Any]:
    """Where a value was read: page (1-based) and its box as fractions of the page."""
    p = pages[words[0].page]
    x0, y0, x1, y1 = box([w for w in words if w.page == words[0].page])
    return {
        "page": p.number + 1,
        "x0": round(x0 / p.width, 4),
        "y0": round(y0 / p.height, 4),
        "x1": round(x1 / p.width, 4),
        "y1": round(y1 / p.height, 4),
    }


_CODE = re.compile(r"^\s*\[([^\]]{1,40})\]\s*|^\s*\*(\d{4,14})\*\s*")


def _order_line(item: table.Item, n: int, convention: str, pages: list[Page]):
    qty = item.value("quantity", convention)
    price = item.value("unit_price", convention)
    amount = item.value("amount", convention)
    discount = item.value("discount", convention)
    tax = item.value("tax", convention)
    text = "\n".join(t for t in item.description if t)
    line = OrderLine(line_id=str(n))
    pos = item.cells.get("position")
    if pos and re.fullmatch(r"\d{1,6}", pos.strip()):
        line.line_id = pos.strip()
    m = _CODE.match(text)
    if m:
        if m.group(1):
            line.seller_item_id = m.group(1)
        else:
            line.gtin = m.group(2)
        text = text[m.end() :]
    code = item.cells.get("code")
    other = item.cells.get("other")
    if code is None and other and re.fullmatch(r"[A-Za-z0-9][\w./-]*\d[\w./-]*", other.strip()):
        code = other  # a column whose label was not read, holding item codes
    if code:
        line.seller_item_id = line.seller_item_id or code.strip()
    line.description = text.strip() or None
    line.quantity = float(qty) if qty is not None else (1.0 if amount is not None else None)
    line.unit_price = float(price) if price is not None else None
    line.unit = item.unit()
    conf = line.field_confidence
    boxes: dict[str, Any] = {}
    for role, name in (
        ("quantity", "quantity"),
        ("unit_price", "unit_price"),
        ("amount", "line_total"),
        ("description", "description"),
    ):
        words = item.words.get(role)
        if words:
            boxes[name] = _box(pages, words)
            conf[name] = round(min(w.confidence for w in words), 3)
    if qty is None:
        conf["quantity"] = 0.6  # no quantity written: one assumed
    problem = check_line(line, amount, discount, tax)
    if problem:
        fixed = _repair(line, amount, discount, tax)
        if fixed is not None:
            amount, problem = fixed, None
            conf["unit_price"] = min(conf.get("unit_price", 1.0), 0.75)
            conf["line_total"] = min(conf.get("line_total", 1.0), 0.75)
            line.meta["repaired"] = (
                "a decimal separator was missing; restored from the line's arithmetic"
            )
    if problem:
        conf["quantity"] = min(conf.get("quantity", 1.0), FAILED)
        conf["unit_price"] = min(conf.get("unit_price", 1.0), FAILED)
        line.meta["check"] = problem
    line.confidence = min([1.0, *conf.values()])
    line.meta.update(
        {
            "line_total": float(amount) if amount is not None else None,
            "discount_percent": float(discount) if discount is not None else None,
            "tax_percent": float(tax) if tax is not None else None,
            "section": item.section,
            "notes": item.notes,
            "boxes": boxes,
        }
    )
    return line, amount


def _repair(
    line: OrderLine, amount: Decimal | None, discount: Decimal | None, tax: Decimal | None
) -> Decimal | None:
    """A price or amount whose decimal separator OCR lost (`179778` for `1797,78`) is
    the one reading of it that makes quantity x price = amount hold; the amount (fixed
    or not) when exactly one such reading exists, else None."""
    if line.unit_price is None or amount is None or line.quantity is None:
        return None
    price = Decimal(str(line.unit_price))
    readings = []
    for p, a in ((price / 100, amount), (price, amount / 100), (price / 100, amount / 100)):
        trial = OrderLine(quantity=line.quantity, unit_price=float(p))
        if check_line(trial, a, discount, tax) is None:
            readings.append((p, a))
    if len(readings) != 1:
        return None
    line.unit_price = float(readings[0][0])
    return readings[0][1]


def _parties(
    doc: OrderDocument, lines: list[Line], kind: str, pages: list[Page], boxes: dict[str, Any]
) -> None:
    blocks = fields.party_blocks(lines)
    for role, block in blocks.items():
        addr = address_of([ln.text for ln in block])
        words = [w for ln in block for w in ln.words]
        boxes[role] = _box(pages, words)
        if role == "ship_to":
            doc.ship_to = addr
        elif role == "bill_to":
            doc.meta["bill_to"] = {k: v for k, v in vars(addr).items() if v}
        elif role == "buyer":
            doc.buyer = Party(name=addr.name)
        elif role == "seller":
            doc.seller = Party(name=addr.name)
    issuer = _issuer(lines)
    if issuer:
        if kind == "purchase_order":
            doc.buyer = doc.buyer or Party(name=issuer)
        else:
            doc.seller = doc.seller or Party(name=issuer)
    if doc.buyer is None and "bill_to" in doc.meta:
        doc.buyer = Party(name=doc.meta["bill_to"].get("name"))


def _issuer(lines: list[Line]) -> str | None:
    """The sender: the first phrase of the first page that names no label or kind."""
    for line in lines[:8]:
        for seg in line.segments:
            t = seg.text.strip()
            if len(t) < 3 or not re.search(r"[^\W\d_]{3,}", t) or re.search(r"\d{3,}", t):
                continue
            if any(vocab.phrase_at_start(t, p) for p in vocab.KINDS.values()):
                continue
            return t[:128]
    return None


_POSTAL = re.compile(
    r"^(?:([A-Z]{1,2})-)?(\d{4,5}(?:\s?[A-Z]{2})?|\d{4}-\d{3}|[A-Z]\d[A-Z] ?\d[A-Z]\d)\s+(.+)$"
)
_POSTAL_AFTER = re.compile(r"^(.+?)[ ,]+([A-Z]{2})?\s*(\d{5}(?:-\d{4})?)$")


def address_of(rows: list[str]) -> Address:
    """Name, street, postal code, city and country from the lines of an address block."""
    import pycountry

    addr = Address()
    rest = [r.strip() for r in rows if r.strip()]
    if rest:
        addr.name = rest.pop(0)[:128]
    for r in rest:
        country = _country(r, pycountry)
        m = _POSTAL.match(r)
        us = _POSTAL_AFTER.match(r)
        if country and addr.country is None and len(r) < 40:
            addr.country = country
        elif m and addr.postal_code is None:
            addr.postal_code, addr.city = m.group(2), m.group(3)
        elif us and addr.postal_code is None:
            addr.city, addr.region, addr.postal_code = us.group(1), us.group(2), us.group(3)
        elif addr.line1 is None:
            addr.line1 = r
    return addr


def _country(text: str, pycountry: Any) -> str | None:
    t = text.strip(" ,.")
    try:
        return str(pycountry.countries.lookup(t).alpha_2)
    except LookupError:
        pass
    from babel import Locale

    folded = vocab.fold(t)
    for lang in vocab.LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and vocab.fold(name) == folded:
                return str(code)
    return None
