"""CSV/XLSX column mapping, EDIFACT syntax, UBL/Peppol and format detection."""

from __future__ import annotations

import datetime as dt

import pytest

from ordermind.intake import detect_format, parse_document
from ordermind.intake.tabular import map_columns


def test_spreadsheet_headers_map_by_synonym_and_by_fuzzy_spelling() -> None:
    mapping = map_columns(
        ["PO No", "Item Code", "Descripton", "Qty", "UoM", "Price each", "Colour", "Need by"]
    )
    fields = {f: c for f, c in mapping.values()}
    assert fields["po_number"] == fields["seller_item_id"] == fields["quantity"] == 1.0
    assert fields["unit_price"] == fields["requested_delivery_date"] == 1.0
    assert 0.8 < fields["description"] < 1.0  # misspelt header: mapped, less sure
    assert "attr:colour" in fields


def test_csv_order_groups_rows_by_po_and_parses_numbers_and_dates() -> None:
    data = (
        b"Order Number;SKU;Description;Quantity;Unit;Unit Price;Size;Delivery Date\n"
        b"A-1;TS-1;T-shirt;1.200;EA;3,50;L;21/03/2025\n"
        b"A-1;TS-2;T-shirt;5;EA;3,50;M;21/03/2025\n"
        b"B-2;CAP;Cap;2;EA;4;;2025-04-01\n"
    )
    a, b = parse_document(data, filename="po.csv")
    assert (a.format, a.po_number, b.po_number) == ("csv", "A-1", "B-2")
    assert a.requested_delivery_date == "2025-03-21" and b.requested_delivery_date == "2025-04-01"
    assert [(ln.seller_item_id, ln.quantity, ln.unit_price, ln.attributes) for ln in a.lines] == [
        ("TS-1", 1200.0, 3.5, {"size": "L"}),
        ("TS-2", 5.0, 3.5, {"size": "M"}),
    ]


def test_xlsx_with_title_rows_and_key_value_preamble_is_read(tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Purchase order from ACME"])
    ws.append(["PO Number", "PO-77"])
    ws.append(["Order date", dt.date(2025, 3, 1)])
    ws.append([])
    ws.append(["Line", "Part Number", "Item Description", "Qty", "Unit Cost"])
    ws.append([1, "W-1", "Widget", 10, 2.5])
    ws.append([2, "W-2", "Gadget", 3, 7])
    path = tmp_path / "po.xlsx"
    wb.save(path)
    [doc] = parse_document(path.read_bytes(), filename="po.xlsx")
    assert (doc.format, doc.po_number, doc.issue_date) == ("xlsx", "PO-77", "2025-03-01")
    assert [(ln.line_id, ln.seller_item_id, ln.quantity, ln.unit_price) for ln in doc.lines] == [
        ("1", "W-1", 10.0, 2.5),
        ("2", "W-2", 3.0, 7.0),
    ]


def test_edifact_d96a_with_una_release_characters_and_delivery_party() -> None:
    data = (
        b"UNA:+.? 'UNB+UNOC:3+BUYER+SELLER+200101:1000+77'UNH+1+ORDERS:D:96A:UN'"
        b"BGM+220+PO?+1+9'DTM+137:20200101:102'DTM+2:20200115:102'CUX+2:GBP:9'"
        b"NAD+BY+5000000000001::9++Shop?'s Ltd'"
        b"NAD+DP+5000000000002::9++Leeds depot+1 High St+Leeds++LS1 1AA+GB'"
        b"LIN+1++5012345678900:EN'PIA+1+PEN-B:SA'IMD+F++:::Blue pens?: fine'"
        b"QTY+21:12:PCE'PRI+AAA:1.5'UNS+S'CNT+2:1'UNT+15+1'UNZ+1+77'"
    )
    [doc] = parse_document(data)
    assert (doc.po_number, doc.issue_date, doc.requested_delivery_date, doc.currency) == (
        "PO+1",
        "2020-01-01",
        "2020-01-15",
        "GBP",
    )
    assert doc.meta["version"] == "D.96A"
    assert (doc.buyer.id, doc.buyer.name) == ("5000000000001", "Shop's Ltd")
    a = doc.ship_to
    assert (a.name, a.line1, a.city, a.postal_code, a.country) == (
        "Leeds depot",
        "1 High St",
        "Leeds",
        "LS1 1AA",
        "GB",
    )
    [ln] = doc.lines
    assert (ln.gtin, ln.seller_item_id, ln.description) == (
        "5012345678900",
        "PEN-B",
        "Blue pens: fine",
    )
    assert (ln.quantity, ln.unit, ln.unit_price) == (12.0, "PCE", 1.5)
    assert doc.issues == []


def test_peppol_bis3_order_profile_is_recognised() -> None:
    xml = b"""<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
      xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
      xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
      <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order:3</cbc:CustomizationID>
      <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:ordering:3</cbc:ProfileID>
      <cbc:ID>PO-9</cbc:ID><cbc:IssueDate>2024-05-01</cbc:IssueDate>
      <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
      <cac:BuyerCustomerParty><cac:Party>
      <cbc:EndpointID schemeID="0088">7300010000001</cbc:EndpointID>
      <cac:PartyName><cbc:Name>Buyer AB</cbc:Name></cac:PartyName>
      </cac:Party></cac:BuyerCustomerParty>
      <cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:Quantity unitCode="EA">4</cbc:Quantity>
      <cac:Price><cbc:PriceAmount currencyID="EUR">30</cbc:PriceAmount>
      <cbc:BaseQuantity unitCode="EA">10</cbc:BaseQuantity></cac:Price>
      <cac:Item><cbc:Name>Bolts</cbc:Name>
      <cac:StandardItemIdentification><cbc:ID schemeID="0160">07300010000018</cbc:ID>
      </cac:StandardItemIdentification></cac:Item></cac:LineItem></cac:OrderLine></Order>"""
    [doc] = parse_document(xml)
    assert doc.meta["profile"] == "peppol-bis3"
    assert (doc.buyer.id, doc.buyer.name) == ("7300010000001", "Buyer AB")
    assert doc.lines[0].unit_price == pytest.approx(3.0)  # 30 per 10 -> 3 each
    assert doc.lines[0].gtin == "07300010000018"


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"<?xml version='1.0'?><Order/>", None, "ubl"),
        (b"ISA*00*...", None, "x12"),
        (b"UNA:+.? 'UNB+...", None, "edifact"),
        (b"sku,qty,price\nA,1,2\nB,2,3\n", None, "csv"),
        (b"PK\x03\x04rest", "x.xlsx", "xlsx"),
        (b"please send 4 boxes of pens", None, "text"),
    ],
)
def test_format_is_detected_from_content(data: bytes, name: str | None, expected: str) -> None:
    assert detect_format(data, name) == expected
