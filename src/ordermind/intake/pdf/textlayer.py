"""A PDF's text layer (pdfplumber on pdfminer.six), with the limits checked before any
page is read: pages, the inflated size of every compressed stream, and the pixels a
page would have when rendered for OCR or review."""

from __future__ import annotations

import io
import zlib
from typing import Any

from ..model import MalformedDocumentError, UnsupportedFormatError
from ..security import Deadline, LimitExceeded, Limits
from .words import Page, Word, merge_split_words

# A page with fewer words than this in its text layer is a scan (or a cover image).
MIN_TEXT_WORDS = 5


def open_pdf(data: bytes, limits: Limits) -> Any:
    """The pdfplumber document, refused with a clear error when it breaks a limit."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnsupportedFormatError("PDF is encrypted; send it without a password") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise MalformedDocumentError(f"PDF cannot be read: {exc or type(exc).__name__}") from None
    except Exception as exc:  # pdfminer raises bare exceptions on many broken files
        raise MalformedDocumentError(f"PDF cannot be read ({type(exc).__name__})") from None
    if count == 0:
        pdf.close()
        raise MalformedDocumentError("PDF has no pages")
    if count > limits.max_pages:
        pdf.close()
        raise LimitExceeded("max_pages", limits.max_pages, f"PDF has {count:,} pages")
    try:
        check_streams(pdf.doc, limits)
    except BaseException:
        pdf.close()
        raise
    return pdf


def check_streams(doc: Any, limits: Limits) -> None:
    """Inflate every Flate stream in bounded steps and refuse the file once all of them
    together pass max_decompressed_bytes: a few kilobytes of zeros can claim gigabytes."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    cap = limits.max_decompressed_bytes
    total = 0
    deadline = Deadline(limits)
    seen: set[int] = set()
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                obj = doc.getobj(objid)
            except Exception:
                continue  # a broken object is pdfminer's to skip, not a bomb
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            filters = obj.get_filters()
            if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
                total += len(obj.rawdata)
            else:
                total += _inflated_size(obj.rawdata, cap - total + 1)
            if total > cap:
                raise LimitExceeded(
                    "max_decompressed_bytes",
                    cap,
                    f"PDF streams inflate to more than {cap:,} bytes",
                )
            if len(seen) % 200 == 0:
                deadline.check()


def _inflated_size(raw: bytes, budget: int) -> int:
    inflater = zlib.decompressobj()
    size = 0
    chunk = raw
    try:
        while chunk and size <= budget:
            out = inflater.decompress(chunk, 1 << 20)
            size += len(out)
            chunk = inflater.unconsumed_tail
            if not out and not chunk:
                break
    except zlib.error:
        pass  # pdfminer reads what it can of a damaged stream; so does this count
    return size


def text_pages(pdf: Any, limits: Limits) -> list[Page]:
    """Every page's words (in points, top-left origin) from the text layer."""
    deadline = Deadline(limits)
    pages = []
    for i, p in enumerate(pdf.pages):
        page = Page(i, float(p.width), float(p.height))
        try:
            raw = p.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False)
        except Exception as exc:
            raise MalformedDocumentError(f"PDF page {i + 1} cannot be read ({exc})") from None
        words = [
            Word(
                str(w["text"]),
                float(w["x0"]),
                float(w["top"]),
                float(w["x1"]),
                float(w["bottom"]),
                i,
            )
            for w in raw
            if str(w["text"]).strip()
        ]
        page.words = merge_split_words(words)
        pages.append(page)
        deadline.check()
    return pages


def render_page(pdf: Any, index: int, dpi: int, limits: Limits) -> Any:
    """Page `index` as a PIL image at `dpi`, lowered so it stays within max_pixels."""
    p = pdf.pages[index]
    pixels = (float(p.width) * dpi / 72) * (float(p.height) * dpi / 72)
    if pixels > limits.max_pixels:
        dpi = int(dpi * (limits.max_pixels / pixels) ** 0.5)
        if dpi < 50:
            raise LimitExceeded(
                "max_pixels",
                limits.max_pixels,
                f"PDF page {index + 1} is too large to render ({p.width:g} x {p.height:g} pt)",
            )
    return p.to_image(resolution=dpi).original
