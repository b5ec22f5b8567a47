"""Page images for the review screen, drawn again from the stored original: the same
page the fields' boxes were measured on (a scan turned upright and deskewed as it was
for OCR), so a box drawn over the image sits on the value it names."""

from __future__ import annotations

import io
from typing import Any

from ..model import IntakeError
from ..security import DEFAULT_LIMITS, Limits
from .ocr import _at_least_200dpi, open_images
from .textlayer import open_pdf, render_page

REVIEW_DPI = 110  # enough to read a PO on a screen; a page is ~100 kB of PNG


def page_count(data: bytes, fmt: str, limits: Limits = DEFAULT_LIMITS) -> int:
    if fmt == "pdf":
        pdf = open_pdf(data, limits)
        try:
            return len(pdf.pages)
        finally:
            pdf.close()
    return len(open_images(data, limits))


def page_png(
    data: bytes,
    fmt: str,
    number: int,
    pages: list[dict[str, Any]] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    width: int = 1000,
) -> bytes:
    """Page `number` (1-based) as PNG bytes, at most `width` pixels wide."""
    from PIL import Image

    info = (pages or [])[number - 1] if pages and 0 < number <= len(pages) else {}
    if fmt == "pdf":
        pdf = open_pdf(data, limits)
        try:
            if not 0 < number <= len(pdf.pages):
                raise IntakeError(f"the document has no page {number}")
            if info.get("source") == "ocr":
                image = render_page(pdf, number - 1, 300, limits).convert("L")
            else:
                image = render_page(pdf, number - 1, REVIEW_DPI, limits)
        finally:
            pdf.close()
    else:
        frames = open_images(data, limits)
        if not 0 < number <= len(frames):
            raise IntakeError(f"the document has no page {number}")
        image = frames[number - 1]
    if info.get("source") == "ocr":  # as OCR saw it: scaled, turned upright, deskewed
        image = _at_least_200dpi(image)
        if info.get("rotation"):
            image = image.rotate(-int(info["rotation"]), expand=True, fillcolor=255)
        if abs(float(info.get("skew") or 0)) >= 0.25:
            image = image.rotate(
                float(info["skew"]), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
            )
    if image.width > width:
        image = image.resize((width, int(image.height * width / image.width)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
