"""Hostile input: XXE, entity bombs, huge files, truncated EDI, wrong separators, garbage."""

from __future__ import annotations

import pytest

from ordermind.intake import (
    DocumentTooLargeError,
    IntakeError,
    MalformedDocumentError,
    UnsafeDocumentError,
    UnsupportedFormatError,
    parse_document,
)
from ordermind.intake.security import Limits

X12 = (
    "ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         *250101*1200*U*00401*"
    "000000001*0*P*>~GS*PO*BUYER*SELLER*20250101*1200*1*X*004010~ST*850*0001~"
    "BEG*00*SA*PO-1**20250101~PO1*1*5*EA*2.5**VN*ABC~SE*4*0001~GE*1*1~IEA*1*000000001~"
)


def test_xml_external_entity_is_refused_and_the_file_is_never_read() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<Order><ID>&x;</ID></Order>"
    )
    with pytest.raises(UnsafeDocumentError, match="refused for safety"):
        parse_document(xxe)


def test_billion_laughs_entity_bomb_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">'
    for i in range(1, 10):
        bomb += f'<!ENTITY {chr(97 + i)} "{("&" + chr(96 + i) + ";") * 10}">'.encode()
    bomb += b"]><Order><ID>&j;</ID></Order>"
    with pytest.raises(UnsafeDocumentError):
        parse_document(bomb)


def test_fifty_megabyte_file_is_refused_before_parsing(tmp_path) -> None:
    big = tmp_path / "big.edi"
    with big.open("wb") as fh:
        fh.write(X12.encode())
        fh.write(b"X" * (50 * 1024 * 1024))
    with pytest.raises(DocumentTooLargeError, match="limit"):
        parse_document(big.read_bytes())


def test_overlong_csv_line_is_refused() -> None:
    data = b"sku,qty\n" + b"A" * 200 + b",1\n"
    with pytest.raises(DocumentTooLargeError, match="line 2"):
        parse_document(data, fmt="csv", limits=Limits(max_line_chars=100))


def test_truncated_x12_interchange_names_the_missing_trailer() -> None:
    truncated = X12[: X12.index("SE*")]
    with pytest.raises(MalformedDocumentError, match="no SE trailer"):
        parse_document(truncated.encode())


def test_x12_with_wrong_segment_count_is_refused() -> None:
    with pytest.raises(MalformedDocumentError, match="SE01 says 9"):
        parse_document(X12.replace("SE*4*", "SE*9*").encode())


def test_x12_with_mismatched_interchange_control_is_refused() -> None:
    with pytest.raises(MalformedDocumentError, match="IEA02"):
        parse_document(X12.replace("IEA*1*000000001", "IEA*1*000000002").encode())


def test_x12_with_separators_that_collide_is_refused() -> None:
    wrong = X12.replace("*P*>~", "*P**~", 1)
    with pytest.raises(MalformedDocumentError, match="not distinct"):
        parse_document(wrong.encode())


def test_x12_with_other_separators_still_parses() -> None:
    alt = X12.replace("*", "|").replace("~", "\n").replace("|P|>", "|P|^")
    [doc] = parse_document(alt.encode())
    assert doc.po_number == "PO-1" and doc.lines[0].seller_item_id == "ABC"


def test_edifact_with_wrong_segment_terminator_is_refused() -> None:
    bad = b"UNB+UNOA:4+A+B+200101:1000+1\nUNH+1+ORDERS:D:96A:UN\nUNT+2+1\nUNZ+1+1\n"
    with pytest.raises(MalformedDocumentError, match="terminator"):
        parse_document(bad)


def test_truncated_edifact_is_refused() -> None:
    bad = b"UNB+UNOA:4+A+B+200101:1000+1'UNH+1+ORDERS:D:96A:UN'BGM+220+P1+9'LIN+1'"
    with pytest.raises(MalformedDocumentError, match="UNZ"):
        parse_document(bad)


@pytest.mark.parametrize("blob", [bytes(range(256)) * 4, b"\x00\x01\x02garbage\xff" * 50])
def test_binary_garbage_is_rejected_with_a_typed_error(blob: bytes) -> None:
    with pytest.raises(UnsupportedFormatError, match="binary"):
        parse_document(blob)


def test_every_refusal_is_an_intake_error_with_a_message() -> None:
    for data in (b"", b"<Order>", b"ISA*00", b"UNB+x'"):
        with pytest.raises(IntakeError) as err:
            parse_document(data)
        assert str(err.value)
