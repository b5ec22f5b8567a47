"""Outbound documents from plain order/shipment data: X12 855 (acknowledgement), 856 (ship
notice), 810 (invoice) and UBL 2.1 OrderResponse. All re-parse with the inbound parsers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from .model import OrderDocument, OrderLine


@dataclass
class Envelope:
    sender_id: str
    receiver_id: str
    control_number: int = 1
    when: dt.datetime = field(default_factory=lambda: dt.datetime(2025, 1, 1, 12, 0))
    element: str = "*"
    component: str = ">"
    segment: str = "~"
    test: bool = False


@dataclass
class ShipmentLine:
    line_id: str
    quantity: float


@dataclass
class Shipment:
    shipment_id: str
    ship_date: dt.date
    lines: list[ShipmentLine]
    carrier: str | None = None
    tracking_number: str | None = None


def _d(value: dt.date | str | None) -> str:
    if value is None:
        return ""
    return value.replace("-", "") if isinstance(value, str) else value.strftime("%Y%m%d")


def _n(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}".rstrip("0")


class _X12Writer:
    def __init__(self, env: Envelope, group_code: str) -> None:
        self.env, self.group_code = env, group_code
        self.body: list[list[str]] = []

    def seg(self, *elements: str) -> None:
        for e in elements:
            seps = (self.env.element, self.env.component, self.env.segment)
            if any(s in e for s in seps):
                raise ValueError(f"value {e!r} contains an X12 separator; choose other separators")
        self.body.append(list(elements))

    def render(self, set_id: str) -> str:
        e, env = self.env, self.env
        ctrl = f"{env.control_number:09d}"
        st_ctrl = f"{env.control_number:04d}"
        date6, time4 = env.when.strftime("%y%m%d"), env.when.strftime("%H%M")
        isa = [
            "ISA",
            "00",
            " " * 10,
            "00",
            " " * 10,
            "ZZ",
            env.sender_id.ljust(15)[:15],
            "ZZ",
            env.receiver_id.ljust(15)[:15],
            date6,
            time4,
            "U",
            "00401",
            ctrl,
            "0",
            "T" if env.test else "P",
            env.component,
        ]
        segments = [
            isa,
            [
                "GS",
                self.group_code,
                env.sender_id,
                env.receiver_id,
                env.when.strftime("%Y%m%d"),
                time4,
                str(env.control_number),
                "X",
                "004010",
            ],
            ["ST", set_id, st_ctrl],
            *self.body,
        ]
        segments.append(["SE", str(len(self.body) + 2), st_ctrl])
        segments += [["GE", "1", str(env.control_number)], ["IEA", "1", ctrl]]
        return "".join(e.element.join(s) + e.segment + "\n" for s in segments)


def _party_loops(w: _X12Writer, order: OrderDocument) -> None:
    if order.ship_to is not None:
        a = order.ship_to
        w.seg("N1", "ST", a.name or "", *(("92", a.id) if a.id else ()))
        if a.line1:
            w.seg("N3", a.line1)
        if a.city or a.postal_code:
            w.seg("N4", a.city or "", a.region or "", a.postal_code or "", a.country or "")


def _item_ids(line: OrderLine) -> list[str]:
    ids: list[str] = []
    for qual, value in (
        ("BP", line.buyer_item_id),
        ("VN", line.sku or line.seller_item_id),
        ("EN" if line.gtin and len(line.gtin) == 13 else "UP", line.gtin),
    ):
        if value:
            ids += [qual, value]
    return ids


def x12_855(
    order: OrderDocument,
    env: Envelope,
    accepted: dict[str, float] | None = None,
    seller_order_number: str = "",
) -> str:
    """Acknowledge an order; `accepted` maps line_id -> accepted quantity (default: all)."""
    w = _X12Writer(env, "PR")
    changed = accepted is not None and any(
        accepted.get(ln.line_id or "", ln.quantity) != ln.quantity for ln in order.lines
    )
    w.seg(
        "BAK",
        "00",
        "AC" if changed else "AD",
        order.po_number or "",
        _d(order.issue_date),
        "",
        "",
        "",
        seller_order_number,
        env.when.strftime("%Y%m%d"),
    )
    if order.currency:
        w.seg("CUR", "SE", order.currency)
    _party_loops(w, order)
    for ln in order.lines:
        w.seg(
            "PO1",
            ln.line_id or "",
            _n(ln.quantity),
            ln.unit or "EA",
            _n(ln.unit_price),
            "PE" if ln.unit_price is not None else "",
            *_item_ids(ln),
        )
        if ln.description:
            w.seg("PID", "F", "", "", "", ln.description)
        qty = (accepted or {}).get(ln.line_id or "", ln.quantity)
        status = "IA" if qty == ln.quantity else ("IR" if not qty else "IQ")
        w.seg("ACK", status, _n(qty), ln.unit or "EA")
    w.seg("CTT", str(len(order.lines)))
    return w.render("855")


def x12_856(order: OrderDocument, shipment: Shipment, env: Envelope) -> str:
    w = _X12Writer(env, "SH")
    w.seg("BSN", "00", shipment.shipment_id, _d(shipment.ship_date), env.when.strftime("%H%M"))
    w.seg("HL", "1", "", "S")
    if shipment.carrier:
        w.seg("TD5", "", "2", shipment.carrier)
    if shipment.tracking_number:
        w.seg("REF", "CN", shipment.tracking_number)
    w.seg("DTM", "011", _d(shipment.ship_date))
    _party_loops(w, order)
    w.seg("HL", "2", "1", "O")
    w.seg("PRF", order.po_number or "")
    by_id = {ln.line_id: ln for ln in order.lines}
    hl = 2
    for sl in shipment.lines:
        ln = by_id.get(sl.line_id)
        if ln is None:
            raise ValueError(f"shipment line {sl.line_id} is not on order {order.po_number}")
        hl += 1
        w.seg("HL", str(hl), "2", "I")
        w.seg("LIN", sl.line_id, *_item_ids(ln))
        w.seg("SN1", "", _n(sl.quantity), ln.unit or "EA")
        if ln.description:
            w.seg("PID", "F", "", "", "", ln.description)
    w.seg("CTT", str(hl))
    return w.render("856")


def x12_810(
    order: OrderDocument,
    invoice_number: str,
    invoice_date: dt.date,
    env: Envelope,
    quantities: dict[str, float] | None = None,
) -> str:
    """Invoice the order (or the shipped `quantities` by line_id)."""
    w = _X12Writer(env, "IN")
    w.seg("BIG", _d(invoice_date), invoice_number, "", order.po_number or "")
    if order.currency:
        w.seg("CUR", "SE", order.currency)
    _party_loops(w, order)
    total = 0.0
    lines = 0
    for ln in order.lines:
        qty = (quantities or {}).get(ln.line_id or "", ln.quantity) or 0
        if not qty:
            continue
        lines += 1
        total += qty * (ln.unit_price or 0.0)
        w.seg(
            "IT1",
            ln.line_id or "",
            _n(qty),
            ln.unit or "EA",
            _n(ln.unit_price),
            "PE",
            *_item_ids(ln),
        )
        if ln.description:
            w.seg("PID", "F", "", "", "", ln.description)
    w.seg("TDS", str(round(total * 100)))
    w.seg("CTT", str(lines))
    return w.render("810")


_NS = {
    "": "urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    prefix, _, name = tag.rpartition(":")
    node = ET.SubElement(parent, f"{{{_NS[prefix]}}}{name}", attrs)
    if text is not None:
        node.text = text
    return node


def ubl_order_response(
    order: OrderDocument,
    response_id: str,
    issue_date: dt.date,
    line_status: dict[str, str] | None = None,
) -> bytes:
    """UBL 2.1 OrderResponse; `line_status` maps line_id -> Accepted/Rejected/... ."""
    for prefix, uri in _NS.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element(f"{{{_NS['']}}}OrderResponse")
    _el(root, "cbc:UBLVersionID", "2.1")
    _el(root, "cbc:ID", response_id)
    _el(root, "cbc:IssueDate", issue_date.isoformat())
    if order.currency:
        _el(root, "cbc:DocumentCurrencyCode", order.currency)
    _el(_el(root, "cac:OrderReference"), "cbc:ID", order.po_number or "")
    for role, party in (
        ("cac:SellerSupplierParty", order.seller),
        ("cac:BuyerCustomerParty", order.buyer),
    ):
        if party is None:
            continue
        p = _el(_el(root, role), "cac:Party")
        if party.id:
            _el(_el(p, "cac:PartyIdentification"), "cbc:ID", party.id)
        if party.name:
            _el(_el(p, "cac:PartyName"), "cbc:Name", party.name)
    if order.ship_to is not None:
        a = order.ship_to
        delivery = _el(root, "cac:Delivery")
        addr = _el(_el(delivery, "cac:DeliveryLocation"), "cac:Address")
        for tag, value in (
            ("cbc:StreetName", a.line1),
            ("cbc:CityName", a.city),
            ("cbc:PostalZone", a.postal_code),
        ):
            if value:
                _el(addr, tag, value)
        if a.country:
            _el(_el(addr, "cac:Country"), "cbc:IdentificationCode", a.country)
        if a.name:
            _el(_el(_el(delivery, "cac:DeliveryParty"), "cac:PartyName"), "cbc:Name", a.name)
    for ln in order.lines:
        item_el = _el(_el(root, "cac:OrderLine"), "cac:LineItem")
        _el(item_el, "cbc:ID", ln.line_id or "")
        _el(item_el, "cbc:LineStatusCode", (line_status or {}).get(ln.line_id or "", "Accepted"))
        if ln.quantity is not None:
            _el(item_el, "cbc:Quantity", _n(ln.quantity), unitCode=ln.unit or "EA")
        if ln.unit_price is not None:
            _el(
                _el(item_el, "cac:Price"),
                "cbc:PriceAmount",
                _n(ln.unit_price),
                currencyID=order.currency or "",
            )
        item = _el(item_el, "cac:Item")
        if ln.description:
            _el(item, "cbc:Name", ln.description)
        for tag, value in (
            ("cac:BuyersItemIdentification", ln.buyer_item_id),
            ("cac:SellersItemIdentification", ln.sku or ln.seller_item_id),
            ("cac:StandardItemIdentification", ln.gtin),
        ):
            if value:
                _el(_el(item, tag), "cbc:ID", value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
