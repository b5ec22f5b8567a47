"""Entry point for the services layer: bytes in, canonical documents out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .model import MalformedDocumentError, OrderDocument, UnsupportedFormatError
from .security import DEFAULT_LIMITS, Limits, check_order_lines, check_size, looks_binary

FORMATS = ("ubl", "x12", "edifact", "csv", "xlsx", "text", "pdf", "image")


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp")


def detect_format(data: bytes, filename: str | None = None, limits: Limits = DEFAULT_LIMITS) -> str:
    """Guess the format from content first (a misnamed file is common), then the name."""
    check_size(data, limits)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    from .pdf import is_image, is_pdf

    if is_pdf(data):
        return "pdf"
    if is_image(data):
        return "image"
    if looks_binary(head):
        raise UnsupportedFormatError(
            "document looks like binary data (not XML, EDI, CSV, XLSX, PDF, an image "
            "or text); refused"
        )
    name = (filename or "").lower()
    if name.endswith(".pdf"):
        raise UnsupportedFormatError("the file is named a PDF but is not one (no %PDF- header)")
    if name.endswith(IMAGE_SUFFIXES):
        raise UnsupportedFormatError("the file is named an image but its format is not one")
    if head.startswith(b"<"):
        return "ubl"
    if head.startswith(b"ISA"):
        return "x12"
    if head.startswith((b"UNA", b"UNB")):
        return "edifact"
    name = (filename or "").lower()
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith(".xml"):
        return "ubl"
    if _looks_tabular(head.decode("utf-8", "replace")):
        return "csv"
    return "text"


def _looks_tabular(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:6] if ln.strip()]
    if len(lines) < 2:
        return False
    for delim in (",", ";", "\t", "|"):
        counts = {ln.count(delim) for ln in lines[:-1] or lines}
        if len(counts) == 1 and min(counts) >= 2:
            return True
    return False


def parse_document(
    data: bytes,
    filename: str | None = None,
    fmt: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
    layouts: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[OrderDocument]:
    """Parse one uploaded/received file into canonical documents (an X12 or EDIFACT
    interchange may hold several). Raises an `IntakeError` subclass with a clear message.
    `layouts`: sender layouts learnt from corrections, for PDFs and scans."""
    check_size(data, limits)
    kind = detect_format(data, filename, limits) if fmt == "auto" else fmt
    if kind == "ubl":
        from .ubl import parse_ubl

        docs = parse_ubl(data, limits)
    elif kind == "x12":
        from .x12 import parse_x12

        docs = parse_x12(data, limits)
    elif kind == "edifact":
        from .edifact import parse_edifact

        docs = parse_edifact(data, limits)
    elif kind == "csv":
        from .tabular import parse_csv

        docs = parse_csv(data, limits)
    elif kind == "xlsx":
        from .tabular import parse_xlsx

        docs = parse_xlsx(data, limits)
    elif kind == "pdf":
        from .pdf import parse_pdf

        docs = parse_pdf(data, limits, today, layouts)
    elif kind == "image":
        from .pdf import parse_image

        docs = parse_image(data, limits, today, layouts)
    elif kind == "text":
        from .text import parse_text

        docs = [parse_text(data, limits=limits, today=today)]
    else:
        raise UnsupportedFormatError(f"unknown format {kind!r}; expected auto or one of {FORMATS}")
    check_order_lines(sum(len(d.lines) for d in docs), limits)
    for doc in docs:
        _check_identifiers(doc)
        if filename:
            doc.meta.setdefault("filename", filename)
    return docs


MAX_ID_CHARS = 128  # PO numbers and buyer ids are stored in columns this wide


def _check_identifiers(doc: OrderDocument) -> None:
    for what, value in (
        ("PO number", doc.po_number),
        ("buyer id", doc.buyer.id if doc.buyer else None),
    ):
        if value is not None and len(value) > MAX_ID_CHARS:
            raise MalformedDocumentError(
                f"{what} is {len(value):,} characters long; at most {MAX_ID_CHARS} are accepted"
            )
