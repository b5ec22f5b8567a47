"""UBL 2.x (and Peppol BIS 3) Order, OrderChange, OrderCancellation, OrderResponse(Simple),
DespatchAdvice and Invoice into the canonical document. Namespaces are matched by local name
so that Peppol's and OASIS' namespace prefixes both work."""

from __future__ import annotations

from typing import Any

from .model import Address, MalformedDocumentError, OrderDocument, OrderLine, Party
from .normalize import finite_float
from .security import DEFAULT_LIMITS, Limits, parse_xml

# root element -> (document type, line element, quantity element, party roles)
_KINDS: dict[str, tuple[str, str, str]] = {
    "Order": ("order", "OrderLine", "Quantity"),
    "OrderChange": ("order_change", "OrderLine", "Quantity"),
    "OrderCancellation": ("order_cancellation", "OrderLine", "Quantity"),
    "OrderResponse": ("order_response", "OrderLine", "Quantity"),
    "OrderResponseSimple": ("order_response_simple", "OrderLine", "Quantity"),
    "DespatchAdvice": ("despatch_advice", "DespatchLine", "DeliveredQuantity"),
    "Invoice": ("invoice", "InvoiceLine", "InvoicedQuantity"),
}
_BUYER_ROLES = ("BuyerCustomerParty", "AccountingCustomerParty", "DeliveryCustomerParty")
_SELLER_ROLES = ("SellerSupplierParty", "AccountingSupplierParty", "DespatchSupplierParty")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: Any, *path: str) -> Any:
    """Follow local names down the tree; None when any step is missing."""
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _children(el: Any, name: str) -> list[Any]:
    return [] if el is None else [c for c in el if _local(c.tag) == name]


def _text(el: Any, *path: str) -> str | None:
    node = _child(el, *path) if path else el
    if node is None or node.text is None:
        return None
    value = " ".join(node.text.split())
    return value or None


def _float(value: str | None) -> float | None:
    return finite_float(value)


def parse_ubl(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[OrderDocument]:
    root = parse_xml(data, limits)
    kind = _local(root.tag)
    if kind not in _KINDS:
        raise MalformedDocumentError(
            f"XML root element <{kind}> is not a supported UBL document "
            f"(expected one of {', '.join(sorted(_KINDS))})"
        )
    doc_type, line_tag, qty_tag = _KINDS[kind]
    doc = OrderDocument(format="ubl", document_type=doc_type)
    own_id = _text(root, "ID")
    order_ref = _text(root, "OrderReference", "ID")
    # An Order carries its own number; every other document points at the order it concerns.
    doc.po_number = own_id if kind == "Order" else (order_ref or own_id)
    if kind != "Order":
        doc.meta["document_id"] = own_id
    doc.issue_date = _text(root, "IssueDate")
    doc.currency = _text(root, "DocumentCurrencyCode")
    doc.buyer = _first_party(root, _BUYER_ROLES)
    doc.seller = _first_party(root, _SELLER_ROLES)
    for key, path in (
        ("customization_id", ("CustomizationID",)),
        ("profile_id", ("ProfileID",)),
        ("ubl_version", ("UBLVersionID",)),
        ("note", ("Note",)),
        ("cancellation_note", ("CancellationNote",)),
        ("accepted", ("AcceptedIndicator",)),
        ("sequence_number", ("SequenceNumberID",)),
    ):
        value = _text(root, *path)
        if value is not None:
            doc.meta[key] = value
    if "peppol" in (doc.meta.get("customization_id") or "").lower():
        doc.meta["profile"] = "peppol-bis3"
    delivery = _child(root, "Delivery")
    if delivery is None:
        delivery = _child(root, "Shipment", "Delivery")
    doc.ship_to, doc.requested_delivery_date = _delivery(delivery)
    if doc.ship_to is not None and doc.ship_to.name is None and kind == "DespatchAdvice":
        doc.ship_to.name = doc.buyer.name if doc.buyer else None
    for i, el in enumerate(_children(root, line_tag), 1):
        item_el = _child(el, "LineItem")
        doc.lines.append(_line(item_el if item_el is not None else el, qty_tag, i))
    return [doc]


def _first_party(root: Any, roles: tuple[str, ...]) -> Party | None:
    for role in roles:
        party = _child(root, role, "Party")
        if party is None:
            continue
        pid = _text(party, "PartyIdentification", "ID") or _text(party, "EndpointID")
        if pid is None:
            pid = _text(_child(root, role), "CustomerAssignedAccountID")
        name = _text(party, "PartyName", "Name") or _text(
            party, "PartyLegalEntity", "RegistrationName"
        )
        return Party(id=pid, name=name)
    return None


def _address(el: Any) -> Address | None:
    if el is None:
        return None
    street = _text(el, "StreetName")
    number = _text(el, "BuildingNumber")
    line1 = " ".join(p for p in (street, number) if p) or _text(el, "AddressLine", "Line")
    return Address(
        line1=line1,
        city=_text(el, "CityName"),
        postal_code=_text(el, "PostalZone"),
        country=_text(el, "Country", "IdentificationCode"),
        id=_text(el, "ID"),
        region=_text(el, "CountrySubentity") or _text(el, "CountrySubentityCode"),
    )


def _delivery(delivery: Any) -> tuple[Address | None, str | None]:
    if delivery is None:
        return None, None
    addr_el = _child(delivery, "DeliveryLocation", "Address")
    if addr_el is None:
        addr_el = _child(delivery, "DeliveryAddress")
    address = _address(addr_el)
    if address is not None:
        address.name = _text(delivery, "DeliveryParty", "PartyName", "Name")
        if address.id is None:
            address.id = _text(delivery, "DeliveryLocation", "ID")
    period = _child(delivery, "RequestedDeliveryPeriod")
    date = _text(period, "StartDate") or _text(period, "EndDate") if period is not None else None
    return address, date or _text(delivery, "RequestedDeliveryDate")


def _line(el: Any, qty_tag: str, index: int) -> OrderLine:
    item = _child(el, "Item")
    qty_el = _child(el, qty_tag)
    if qty_el is None:
        qty_el = _child(el, "Quantity")
    price = _float(_text(el, "Price", "PriceAmount"))
    base = _float(_text(el, "Price", "BaseQuantity"))
    if price is not None and base not in (None, 0.0, 1.0):
        price = finite_float(price / base)  # quoted per base quantity; canonical per unit
    line = OrderLine(
        line_id=_text(el, "ID") or str(index),
        buyer_item_id=_text(item, "BuyersItemIdentification", "ID"),
        seller_item_id=_text(item, "SellersItemIdentification", "ID"),
        gtin=_text(item, "StandardItemIdentification", "ID"),
        description=_text(item, "Name") or _text(item, "Description"),
        quantity=_float(_text(qty_el)),
        unit=qty_el.get("unitCode") if qty_el is not None else None,
        unit_price=price,
    )
    for prop in _children(item, "AdditionalItemProperty"):
        name, value = _text(prop, "Name"), _text(prop, "Value")
        if name and value is not None:
            line.attributes[name] = value
    status = _text(el, "LineStatusCode")
    if status:
        line.meta["status"] = status
    desc = _text(item, "Description")
    if desc and desc != line.description:
        line.meta["item_description"] = desc
    order_line_ref = _text(el, "OrderLineReference", "LineID")
    if order_line_ref:
        line.meta["order_line_id"] = order_line_ref
    return line
