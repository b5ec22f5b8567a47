"""Outbound 855/856/810 and UBL OrderResponse re-parse with the inbound parsers."""

from __future__ import annotations

import datetime as dt

from ordermind.intake import parse_document
from ordermind.intake.model import Address, OrderDocument, OrderLine, Party
from ordermind.intake.outbound import (
    Envelope,
    Shipment,
    ShipmentLine,
    ubl_order_response,
    x12_810,
    x12_855,
    x12_856,
)

ORDER = OrderDocument(
    format="x12",
    po_number="PO-4471",
    issue_date="2025-03-17",
    currency="GBP",
    buyer=Party(id="BUYER1", name="Acme Ltd"),
    seller=Party(id="SELLER1", name="Supplies plc"),
    ship_to=Address(
        name="Leeds office", line1="14 Park Row", city="Leeds", postal_code="LS1 5HD", country="GB"
    ),
    lines=[
        OrderLine(
            line_id="1",
            buyer_item_id="C-1",
            sku="PAP-A4",
            gtin="5011111000011",
            description="A4 copy paper",
            quantity=40,
            unit="BX",
            unit_price=21.0,
        ),
        OrderLine(
            line_id="2",
            sku="PEN-BLU",
            description="Blue pen",
            quantity=12,
            unit="EA",
            unit_price=0.3,
        ),
    ],
)
ENV = Envelope(sender_id="SELLER1", receiver_id="BUYER1", control_number=42)


def _lines(doc: OrderDocument) -> list[tuple]:
    return [
        (
            ln.line_id,
            ln.seller_item_id,
            ln.gtin,
            ln.quantity,
            ln.unit,
            ln.unit_price,
            ln.description,
        )
        for ln in doc.lines
    ]


def test_855_round_trips_with_line_acknowledgements() -> None:
    [doc] = parse_document(
        x12_855(ORDER, ENV, accepted={"2": 0}, seller_order_number="SO-9").encode()
    )
    assert (doc.document_type, doc.po_number, doc.issue_date, doc.currency) == (
        "order_response",
        "PO-4471",
        "2025-03-17",
        "GBP",
    )
    assert doc.meta["seller_order_number"] == "SO-9" and doc.meta["ack_type"] == "AC"
    assert _lines(doc) == [
        ("1", "PAP-A4", "5011111000011", 40, "BX", 21.0, "A4 copy paper"),
        ("2", "PEN-BLU", None, 12, "EA", 0.3, "Blue pen"),
    ]
    assert doc.lines[0].buyer_item_id == "C-1"
    assert [ln.meta["status"] for ln in doc.lines] == ["IA", "IR"]
    assert doc.ship_to.city == "Leeds" and doc.ship_to.postal_code == "LS1 5HD"
    assert doc.issues == []


def test_856_round_trips_shipment_quantities() -> None:
    shipment = Shipment(
        "SHP-1",
        dt.date(2025, 3, 20),
        [ShipmentLine("1", 30)],
        carrier="UPSN",
        tracking_number="1Z999",
    )
    [doc] = parse_document(x12_856(ORDER, shipment, ENV).encode())
    assert (doc.document_type, doc.po_number, doc.issue_date) == (
        "ship_notice",
        "PO-4471",
        "2025-03-20",
    )
    assert doc.meta["shipment_id"] == "SHP-1"
    assert [(ln.line_id, ln.seller_item_id, ln.quantity) for ln in doc.lines] == [
        ("1", "PAP-A4", 30)
    ]
    assert doc.issues == []


def test_810_round_trips_invoice_lines_and_total() -> None:
    [doc] = parse_document(x12_810(ORDER, "INV-7", dt.date(2025, 3, 21), ENV).encode())
    assert (doc.document_type, doc.po_number, doc.meta["invoice_number"]) == (
        "invoice",
        "PO-4471",
        "INV-7",
    )
    assert _lines(doc) == _lines(parse_document(x12_855(ORDER, ENV).encode())[0])
    assert doc.meta["declared_total"] == str(round((40 * 21.0 + 12 * 0.3) * 100))


def test_ubl_order_response_round_trips() -> None:
    xml = ubl_order_response(ORDER, "RESP-1", dt.date(2025, 3, 18), {"2": "Rejected"})
    [doc] = parse_document(xml)
    assert (doc.format, doc.document_type, doc.po_number, doc.currency) == (
        "ubl",
        "order_response",
        "PO-4471",
        "GBP",
    )
    assert (doc.buyer.id, doc.buyer.name, doc.seller.name) == ("BUYER1", "Acme Ltd", "Supplies plc")
    assert _lines(doc) == [
        ("1", "PAP-A4", "5011111000011", 40, "BX", 21.0, "A4 copy paper"),
        ("2", "PEN-BLU", None, 12, "EA", 0.3, "Blue pen"),
    ]
    assert [ln.meta["status"] for ln in doc.lines] == ["Accepted", "Rejected"]
    assert doc.ship_to.city == "Leeds" and doc.ship_to.country == "GB"


def test_values_containing_a_separator_are_refused_not_corrupted() -> None:
    bad = OrderDocument(format="x12", po_number="PO*1", lines=[])
    try:
        x12_855(bad, ENV)
    except ValueError as exc:
        assert "separator" in str(exc)
    else:
        raise AssertionError("a separator inside a value must not be written")
