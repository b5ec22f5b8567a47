"""Every sample in ../shared/data/documents parses with every field right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ordermind.intake import MalformedDocumentError, parse_document

DOCS = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "documents"


def _load(rel: str) -> bytes:
    path = DOCS / rel
    if not path.exists():
        pytest.skip(f"shared data absent: {path}")
    return path.read_bytes()


def _one(rel: str) -> dict:
    docs = parse_document(_load(rel), filename=Path(rel).name)
    assert len(docs) == 1
    return docs[0].to_dict(extended=True)


WIDGETS = [
    ("1", "065322-117", "AB3542", "SMALL WIDGET", 120, 9.25, 4),
    ("2", "066850-116", "RD5322", "MEDIUM WIDGET", 220, 13.79, 2),
    ("3", "060733-110", "XY5266", "LARGE WIDGET", 126, 10.99, 6),
    ("4", "065308-116", "VX2332", "NANO WIDGET", 76, 4.35, 4),
    ("5", "065374-118", "RV0524", "BLUE WIDGET", 72, 7.5, 4),
    ("6", "067504-118", "DX1875", "ORANGE WIDGET", 696, 9.55, 6),
]


@pytest.mark.parametrize("name", ["node-x12_850.edi", "node-x12_850_2.edi"])
def test_node_x12_850_parses_every_header_and_line_field(name: str) -> None:
    d = _one(f"x12/{name}")
    assert (d["format"], d["document_type"], d["po_number"]) == ("x12", "order", "08292233294")
    assert d["issue_date"] == "2010-11-27"
    assert d["requested_delivery_date"] == "2010-12-14"
    assert d["currency"] is None
    assert d["buyer"] == {"id": "4405197800", "name": None}
    assert d["seller"] == {"id": "999999999", "name": None}
    assert d["ship_to"] == {
        "name": "XYZ RETAIL",
        "line1": "31875 SOLON RD",
        "city": "SOLON",
        "postal_code": "44139",
        "country": None,
    }
    got = [
        (
            ln["line_id"],
            ln["buyer_item_id"],
            ln["seller_item_id"],
            ln["description"],
            ln["quantity"],
            ln["unit_price"],
            ln["meta"]["pack"]["count"],
        )
        for ln in d["lines"]
    ]
    assert got == WIDGETS
    assert all(ln["unit"] == "EA" and ln["gtin"] is None for ln in d["lines"])
    assert d["issues"] == []


def test_node_x12_850_agrees_with_the_independent_expected_mapping() -> None:
    expected = json.loads(_load("x12/node-x12_850_map_result.json"))
    d = _one("x12/node-x12_850.edi")
    assert d["meta"]["set_id"] == expected["SetID"]
    assert d["meta"]["control_number"] == expected["ControlNumber"]
    assert d["po_number"] == expected["OrderNumber"]
    ship = expected["ShipTo"]
    assert d["ship_to"]["name"] == ship["Name"]
    assert d["ship_to"]["line1"] == ship["Address"]
    assert d["ship_to"]["city"] == ship["City"]
    assert d["ship_to"]["postal_code"] == ship["Zip"]
    docs = parse_document(_load("x12/node-x12_850.edi"))
    assert docs[0].ship_to.id == ship["Destination"]
    assert docs[0].ship_to.region == ship["State"]
    assert [str(ln["quantity"]) for ln in d["lines"]] == [
        q["Quantity"] for q in expected["OrderLines"]
    ]
    assert [str(d["meta"]["segment_count"]), d["meta"]["control_number"]] == expected["Trailer"]


def test_fat_interchange_yields_both_purchase_orders() -> None:
    docs = parse_document(_load("x12/node-x12_850_fat.edi"))
    assert len(docs) == 2
    assert all(d.po_number == "08292233294" and len(d.lines) == 6 for d in docs)


def test_x12_850_without_tildes_maps_vendor_ship_to_and_sku() -> None:
    d = _one("x12/node-x12_850_3.edi")
    assert d["po_number"] == "----------"
    assert d["issue_date"] == "2016-04-26"
    assert d["requested_delivery_date"] == "2016-05-02"
    assert d["seller"] == {"id": "-----", "name": "----- ------ --------- ---"}
    assert d["ship_to"] == {
        "name": "PETCO - CORPORATE",
        "line1": "9125 REHCO RD",
        "city": "SAN DIEGO",
        "postal_code": "92121",
        "country": None,
    }
    [line] = d["lines"]
    assert line["line_id"] is None
    assert (line["quantity"], line["unit"], line["unit_price"]) == (1, "KI", 225)
    assert line["seller_item_id"] == "UNKNOWN"
    assert line["buyer_item_id"] == "000000000001010700"
    assert line["description"] == "SU - SPARK - AQ FREEZER PUSHER"


def test_x12_types_850_reads_bill_to_ship_to_and_upc_case_codes() -> None:
    d = _one("x12/x12-types_004010_850.edi")
    assert (d["po_number"], d["issue_date"]) == ("A99999-01", "1997-02-14")
    assert d["requested_delivery_date"] == "1997-12-19"
    assert d["buyer"] == {"id": "1223334444", "name": "BUYSNACKS INC."}
    assert d["ship_to"] == {
        "name": "BUYSNACKS PORT",
        "line1": "1000 N. SAMPLE HIGHWAY",
        "city": "ATHENS",
        "postal_code": "30603",
        "country": None,
    }
    got = [
        (ln["buyer_item_id"], ln["gtin"], ln["description"], ln["quantity"]) for ln in d["lines"]
    ]
    assert got == [
        ("000111111", "002840022222", "CRUNCHY CHIPS LSS", 16),
        ("000555555", "002840033333", "NACHO CHIPS LSS", 13),
        ("000666666", "002840044444", "POTATO CHIPS", 32),
        ("000874917", "002840055555", "CORN CHIPS", 51),
        ("000874958", "002840066666", "BBQ CHIPS", 9),
        ("000874990", "002840077777", "GREAT BIG CHIPS LSS", 85),
        ("000875088", "002840088888", "MINI CHIPS LSS", 1),
    ]
    assert all(ln["unit"] == "CA" and ln["unit_price"] == 12.34 for ln in d["lines"])


def test_x12_855_acknowledgement_reads_statuses_and_isbns() -> None:
    d = _one("x12/node-x12_855.edi")
    assert (d["document_type"], d["po_number"], d["issue_date"]) == (
        "order_response",
        "POTEST1112",
        "2020-10-15",
    )
    assert d["currency"] == "USD"
    assert (d["meta"]["ack_type"], d["meta"]["request_reference"]) == ("AD", "60169126")
    assert d["ship_to"] == {
        "name": "EDI TEST ACCOUNT-SUFFIX",
        "line1": "REGULAR EDI ACCOUNT",
        "city": "FORT WAYNE",
        "postal_code": "46825",
        "country": None,
    }
    got = [
        (
            ln["line_id"],
            ln["gtin"],
            ln["quantity"],
            ln["unit_price"],
            ln["description"],
            ln["meta"]["status"],
        )
        for ln in d["lines"]
    ]
    assert got == [
        ("1", "9780446360265", 3, 4.5, "DIC WEBSTERS NEW WORLD", "IA"),
        ("2", "9780767928427", 2, 15.99, "CLAPTON THE AUTOBIOGRAPHY", "IR"),
        ("3", "9780099599531", 1, 0, None, "IR"),
        ("4", "9780446360272", 2, 4.5, "WEBSTERS NEW WORLD THESAURUS", "IA"),
    ]
    assert d["issues"] == []


@pytest.mark.parametrize("name", ["node-x12_856.edi", "x12-types_004060_856.edi"])
def test_x12_856_ship_notice_reads_order_reference_and_items(name: str) -> None:
    d = _one(f"x12/{name}")
    assert (d["document_type"], d["po_number"], d["issue_date"]) == (
        "ship_notice",
        "99999817",
        "2011-12-06",
    )
    assert d["meta"]["shipment_id"] == "829716"
    assert d["buyer"]["name"] == "XYZ RETAIL"
    assert d["seller"]["name"] == "1 EDI SOURCE"
    got = [
        (
            ln["line_id"],
            ln["seller_item_id"],
            ln["gtin"],
            ln["quantity"],
            ln["unit"],
            ln["description"],
        )
        for ln in d["lines"]
    ]
    assert got == [
        ("1", "87787D", "999999310145", 24, "EA", "BLUE WIDGET"),
        ("2", "99887D", "999999311746", 6, "EA", "RED WIDGET"),
    ]
    assert d["issues"] == []


def test_ubl_order_reads_parties_delivery_lines_and_properties() -> None:
    d = _one("ubl/UBL-Order-2.1-Example.xml")
    assert (d["format"], d["document_type"], d["po_number"]) == ("ubl", "order", "34")
    assert (d["issue_date"], d["currency"]) == ("2010-01-20", "SEK")
    assert d["buyer"] == {"id": "7300070011115", "name": "Johnssons byggvaror"}
    assert d["seller"] == {"id": "SellerPartyID123", "name": "Moderna Produkter AB"}
    assert d["ship_to"] == {
        "name": "Swedish trucking",
        "line1": "Rådhusgatan 5",
        "city": "Stockholm",
        "postal_code": "11000",
        "country": "SE",
    }
    assert d["requested_delivery_date"] == "2010-02-10"
    l1, l2 = d["lines"]
    assert (l1["line_id"], l1["quantity"], l1["unit"], l1["unit_price"]) == ("1", 120, "LTR", 50)
    assert (l1["seller_item_id"], l1["gtin"], l1["description"]) == (
        "SItemNo001",
        "1234567890123",
        "Falu Rödfärg",
    )
    assert l1["attributes"] == {"Paint type": "Acrylic", "Solvant": "Water"}
    assert (l2["line_id"], l2["quantity"], l2["unit"], l2["unit_price"]) == ("2", 15, "C62", 15)
    assert (l2["seller_item_id"], l2["gtin"], l2["description"]) == (
        "SItemNo011",
        "123452340123",
        "Pensel 20 mm",
    )
    assert l2["attributes"] == {"Hair color": "Black", "Width": "20mm"}


def test_ubl_order_change_points_at_the_order_it_revises() -> None:
    d = _one("ubl/UBL-OrderChange-2.1-Example.xml")
    assert (d["document_type"], d["po_number"], d["meta"]["document_id"]) == (
        "order_change",
        "34",
        "7",
    )
    assert d["meta"]["sequence_number"] == "1"
    [line] = d["lines"]
    assert (line["quantity"], line["unit"], line["meta"]["status"]) == (240, "LTR", "Revised")


def test_ubl_order_cancellation_has_reference_note_and_no_lines() -> None:
    d = _one("ubl/UBL-OrderCancellation-2.1-Example.xml")
    assert (d["document_type"], d["po_number"], d["issue_date"]) == (
        "order_cancellation",
        "34",
        "2010-01-21",
    )
    assert d["meta"]["cancellation_note"] == "With reference to phone call"
    assert d["buyer"]["name"] == "Johnssons byggvaror" and d["lines"] == []


def test_ubl_order_responses_carry_line_statuses_and_acceptance() -> None:
    d = _one("ubl/UBL-OrderResponse-2.1-Example.xml")
    assert (d["document_type"], d["po_number"], d["currency"]) == ("order_response", "34", "SEK")
    assert [(ln["line_id"], ln["description"], ln["meta"]["status"]) for ln in d["lines"]] == [
        ("1", "Red paint", "NoStatus"),
        ("2", "Very good pencils for red paint.", "Disputed"),
    ]
    s = _one("ubl/UBL-OrderResponseSimple-2.1-Example.xml")
    assert (s["document_type"], s["po_number"], s["meta"]["accepted"]) == (
        "order_response_simple",
        "34",
        "true",
    )


def test_ubl_despatch_advice_and_invoice_parse_their_lines() -> None:
    d = _one("ubl/UBL-DespatchAdvice-2.0-Example.xml")
    assert (d["po_number"], d["issue_date"]) == ("AEG012345", "2005-06-20")
    assert d["ship_to"] == {
        "name": "IYT Corporation",
        "line1": "Avon Way 56A",
        "city": "Bridgtow",
        "postal_code": "ZZ99 1ZZ",
        "country": "GB",
    }
    [line] = d["lines"]
    assert (line["quantity"], line["unit"], line["buyer_item_id"], line["seller_item_id"]) == (
        90,
        "KGM",
        "6578489",
        "17589683",
    )
    inv = _one("ubl/UBL-Invoice-2.1-Example.xml")
    assert (inv["document_type"], inv["po_number"], inv["currency"]) == ("invoice", "123", "EUR")
    assert inv["seller"] == {"id": "Supp123", "name": "Salescompany ltd."}
    assert inv["buyer"] == {"id": "345KS5324", "name": "Buyercompany ltd"}
    assert [ln["quantity"] for ln in inv["lines"]][:3] == [1, -1, 2]
    assert inv["lines"][0]["seller_item_id"] == "JB007"
    assert inv["lines"][0]["attributes"] == {"Color": "black"}


def test_edifact_d03b_orders_matches_the_expected_smooks_parse() -> None:
    d = _one("edifact/smooks_ORDERS_D.03B_Interchange.txt")
    assert (d["format"], d["po_number"], d["issue_date"]) == ("edifact", "BKOD99", "2005-11-07")
    assert d["meta"]["version"] == "D.03B" and d["meta"]["message_ref"] == "SSDD1"
    assert d["buyer"] == {"id": "5412345000176", "name": None}
    assert d["seller"] == {"id": "4012345000094", "name": None}
    got = [
        (ln["line_id"], ln["seller_item_id"], ln["quantity"], ln["description"])
        for ln in d["lines"]
    ]
    assert got == [
        ("1", "0764569104", 25, "Lord of the Rings"),
        ("2", "0764569090", 25, "The Hobbit"),
        ("3", "1861004656", 16, "The Silmarillion"),
        ("4", "0596006756", 10, "The Children of Hurin"),
    ]
    assert d["issues"] == []


def test_broken_edifact_interchange_is_refused_with_a_clear_error() -> None:
    with pytest.raises(MalformedDocumentError, match="UNT declares 22 segments"):
        parse_document(_load("edifact/smooks_BAD_ORDERS_D.03B_Interchange.txt"))
