"""Pages of words into one canonical order document: the same reading for a text PDF
and an OCR'd scan."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..model import Address, OrderDocument, OrderLine, Party
from . import fields, readings, senders, table, vocab
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
    ambiguous: dict[int, list[readings.Reading]] = {}
    for n, item in enumerate(items, 1):
        line, amount, choices = _order_line(item, n, convention, pages)
        if choices:
            ambiguous[n - 1] = choices
        doc.lines.append(line)
        line_amounts.append(amount)
    stated: dict[str, Decimal] = {
        k: f.value  # type: ignore[misc]  # amounts are Decimals
        for k, f in (("subtotal", subtotal), ("tax", tax))
        if f
    }
    if ambiguous:  # lines with equally near OCR readings: the one the stated sum agrees with
        targets = [v for k, v in stated.items() if k == "subtotal"]
        if stated_total is not None:
            targets.append(stated_total)
            if "tax" in stated:
                targets.append(stated_total - stated["tax"])
        chosen = readings.settle(line_amounts, ambiguous, targets)
        for i, reading in (chosen or {}).items():
            line_amounts[i] = take_reading(doc.lines[i], reading, line_amounts[i] or reading[2])
    if stated_total is not None and any(p.source == "ocr" for p in pages):
        stated_total = _total_reading(stated_total, doc, line_amounts, stated, fc)
    if stated_total is not None:
        stated["total"] = stated_total
    doc.issues.extend(check_document(doc, line_amounts, stated, today))
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


def _total_reading(
    stated_total: Decimal,
    doc: OrderDocument,
    amounts: list[Decimal | None],
    stated: dict[str, Decimal],
    fc: dict[str, float],
) -> Decimal:
    """An OCR'd total that the lines miss by a digit or two: the sum, when every line's
    quantity, price and amount were read and agree (else the sum proves nothing)."""
    known = [a for a in amounts if a is not None]
    if not known or len(known) < len(amounts):
        return stated_total
    if any("check" in ln.meta or ln.quantity is None or ln.unit_price is None for ln in doc.lines):
        return stated_total
    total = sum(known, Decimal(0))
    sums = [total]
    if "tax" in stated:
        sums.append(total + stated["tax"])
    if any(abs(s - stated_total) <= Decimal("0.011") * (len(known) + 1) for s in sums):
        return stated_total
    reading = readings.total_reading(stated_total, sums)
    if reading is None:
        return stated_total
    doc.meta["total_repaired"] = f"OCR read {stated_total}; the lines add up to {reading}"
    fc["total"] = min(fc.get("total", 1.0), 0.75)
    return reading


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
    implied = None
    if qty is None and "quantity" in item.cells:
        implied = table.whole_ratio(amount, price)
    if implied is not None:
        qty = implied  # a quantity written but not read: the one price and amount imply
        line.meta["repaired"] = "the quantity could not be read; price and amount imply it"
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
    if qty is None or implied is not None:
        conf["quantity"] = 0.6  # no quantity written (one assumed), or none read
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
    choices: list[readings.Reading] = []
    if problem and qty is not None and amount is not None and _ocr(pages, item):
        choices = _nearest_readings(line, amount, discount, tax)
        if len(choices) == 1:
            amount = take_reading(line, choices[0], amount)
            problem, choices = None, []
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
    return line, amount, choices


def take_reading(line: OrderLine, reading: readings.Reading, amount: Decimal) -> Decimal:
    """Put an OCR reading chosen by the arithmetic on the line; its amount."""
    conf = line.field_confidence
    line.meta["repaired"] = (
        f"OCR read {line.quantity:g} x {line.unit_price:g} = {amount}; "
        "the reading nearest to it that adds up was taken"
    )
    line.meta.pop("check", None)
    q, p, a = reading
    line.quantity, line.unit_price = float(q), float(p)
    for name in ("quantity", "unit_price", "line_total"):
        conf[name] = min(conf.get(name, 1.0), 0.75)
    line.confidence = min([1.0, *conf.values()])
    if "line_total" in line.meta:
        line.meta["line_total"] = float(a)
    return a


def _ocr(pages: list[Page], item: table.Item) -> bool:
    return any(pages[w.page].source == "ocr" for ws in item.words.values() for w in ws)


def _nearest_readings(
    line: OrderLine, amount: Decimal, discount: Decimal | None, tax: Decimal | None
) -> list[readings.Reading]:
    if line.quantity is None or line.unit_price is None:
        return []
    net = 1 - (discount or Decimal(0)) / 100
    factors = list(dict.fromkeys([Decimal(1), net, net * (1 + (tax or Decimal(0)) / 100)]))
    return readings.line_readings(
        Decimal(str(line.quantity)), Decimal(str(line.unit_price)), amount, factors
    )


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
