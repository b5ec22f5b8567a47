"""PDF purchase orders, confirmations, delivery notes and invoices, and scans of them,
into canonical order documents, with no template for a new sender.

    parse_pdf(data, limits, today, layouts)   text layer; pages without one are OCR'd
    parse_image(data, limits, today, layouts) PNG/JPEG/TIFF (fax) scans, OCR'd
    learn_layout(data, fmt, corrected)        a sender layout from a correction

Both read words with positions, recover lines, columns and the item table from the
layout, read header fields from their labels in six languages, and check the figures
against each other (`checks`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..model import OrderDocument, UnsupportedFormatError
from ..security import DEFAULT_LIMITS, Limits, check_size
from .ocr import OCR_DPI, installed_languages, ocr_page, open_images
from .reader import read_document
from .textlayer import MIN_TEXT_WORDS, open_pdf, render_page, text_pages
from .words import Page

IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"GIF87a",
    b"GIF89a",
)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def is_image(data: bytes) -> bool:
    if data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return True
    return data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00"  # BMP: reserved zeros


Layouts = Mapping[str, Mapping[str, Any]]


def read_pages(data: bytes, fmt: str, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    """The words of every page: the text layer of a PDF (OCR for a page without one), or
    OCR of each frame of an image."""
    check_size(data, limits)
    if fmt == "image":
        frames = open_images(data, limits)
        langs = installed_languages()
        return [ocr_page(frame, i, langs) for i, frame in enumerate(frames)]
    if not is_pdf(data):
        raise UnsupportedFormatError("document is not a PDF (no %PDF- header)")
    pdf = open_pdf(data, limits)
    try:
        pages = text_pages(pdf, limits)
        for i, page in enumerate(pages):
            if len(page.words) < MIN_TEXT_WORDS:  # a scanned page: read its image
                image = render_page(pdf, i, OCR_DPI, limits)
                pages[i] = ocr_page(image, i, installed_languages())
    finally:
        pdf.close()
    return pages


def parse_pdf(
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
    layouts: Layouts | None = None,
) -> list[OrderDocument]:
    return [read_document(read_pages(data, "pdf", limits), "pdf", today, layouts)]


def parse_image(
    data: bytes,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
    layouts: Layouts | None = None,
) -> list[OrderDocument]:
    return [read_document(read_pages(data, "image", limits), "image", today, layouts)]


def learn_layout(
    data: bytes, fmt: str, corrected: Mapping[str, Any], limits: Limits = DEFAULT_LIMITS
) -> tuple[str | None, dict[str, dict[str, float]]]:
    """(sender key, layout) from a reviewer's corrected header fields (`po_number`,
    `issue_date` as ISO date, `total`): where on the document each corrected value is."""
    from . import senders
    from .layout import document_lines
    from .locale import decimal_convention
    from .reader import _issuer

    pages = read_pages(data, fmt, limits)
    lines = document_lines(pages)
    convention = decimal_convention(w.text for p in pages for w in p.words)
    key = senders.sender_key(_issuer(lines))
    return key, senders.learn(pages, lines, corrected, convention)
