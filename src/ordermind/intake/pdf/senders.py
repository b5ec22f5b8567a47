"""Sender layouts: where one sender prints each header field, learnt from a reviewer's
correction and used on that sender's next document before anything else.

A layout is {field: {"page", "x0", "y0", "x1", "y1"}} in fractions of the page, around
the words that held the corrected value, widened a little (the next number may be longer).
The sender is known by the name the document is issued under."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..model import OrderDocument
from . import vocab
from .layout import Line, Segment
from .locale import dates_in, numbers_in
from .words import Page, Word

FIELDS = ("po_number", "issue_date", "total")
LEARNT = 0.97  # confidence of a value read where the sender's layout says it is


def sender_key(name: str | None) -> str | None:
    """The sender's name as compared: folded, letters and digits only."""
    if not name:
        return None
    key = re.sub(r"[^a-z0-9]+", "", vocab.fold(name))
    return key[:120] or None


def _inside(w: Word, region: Mapping[str, float], page: Page) -> bool:
    cx = (w.x0 + w.x1) / 2 / page.width
    cy = (w.top + w.bottom) / 2 / page.height
    return (
        w.page + 1 == region["page"]
        and region["x0"] <= cx <= region["x1"]
        and region["y0"] <= cy <= region["y1"]
    )


def read_with_layout(
    pages: list[Page], layout: Mapping[str, Any], convention: str, day_first: bool
) -> dict[str, tuple[Any, list[Word]]]:
    """Each field of the layout read from the words in its region."""
    out: dict[str, tuple[Any, list[Word]]] = {}
    for name, region in layout.items():
        n = int(region.get("page", 1)) - 1
        if name not in FIELDS or not 0 <= n < len(pages):
            continue
        words = sorted(
            (w for w in pages[n].words if _inside(w, region, pages[n])), key=lambda w: w.x0
        )
        if not words:
            continue
        text = " ".join(w.text for w in words)
        value: Any = None
        if name == "po_number":
            ids = [t.strip(".,:;#") for t in text.split() if re.search(r"\d", t)]
            value = max(ids, key=len) if ids else None
        elif name == "issue_date":
            found = dates_in(text, vocab.LANGUAGES, day_first)
            value = found[0][0] if found else None
        else:
            nums = numbers_in(text, convention)
            value = nums[-1] if nums else None
        if value is not None:
            out[name] = (value, words)
    return out


def apply(doc: OrderDocument, found: dict[str, tuple[Any, list[Word]]], box) -> None:
    """Put the values read by the layout into the document, with their boxes."""
    boxes = doc.meta.setdefault("boxes", {})
    for name, (value, words) in found.items():
        if name == "po_number":
            doc.po_number = str(value)
        elif name == "issue_date":
            doc.issue_date = value.isoformat()
        else:
            doc.meta["total"] = float(value)
        doc.field_confidence[name] = round(LEARNT * min(w.confidence for w in words), 3)
        boxes[name] = box(words)
    doc.meta["layout_fields"] = sorted(found)


def learn(
    pages: list[Page], lines: list[Line], corrected: Mapping[str, Any], convention: str
) -> dict[str, dict[str, float]]:
    """The region of each corrected field: around the words on the pages that say the
    corrected value. A value the pages do not show is not learnt."""
    layout: dict[str, dict[str, float]] = {}
    for name, value in corrected.items():
        if name not in FIELDS or value in (None, ""):
            continue
        words = _words_saying(lines, name, value, convention)
        if not words:
            continue
        page = pages[words[0].page]
        x0 = min(w.x0 for w in words) / page.width
        x1 = max(w.x1 for w in words) / page.width
        y0 = min(w.top for w in words) / page.height
        y1 = max(w.bottom for w in words) / page.height
        h = y1 - y0
        layout[name] = {
            "page": words[0].page + 1,
            "x0": round(max(0.0, x0 - 0.01), 4),
            "x1": round(min(1.0, x1 + 0.06), 4),  # the next value may be longer
            "y0": round(max(0.0, y0 - 0.4 * h), 4),
            "y1": round(min(1.0, y1 + 0.4 * h), 4),
        }
    return layout


def _words_saying(lines: list[Line], name: str, value: Any, convention: str) -> list[Word]:
    from .fields import _words_at

    if name == "po_number":
        want = re.sub(r"[^A-Z0-9]", "", str(value).upper())
        for line in lines:
            for w in line.words:
                if want and re.sub(r"[^A-Z0-9]", "", w.text.upper()).endswith(want):
                    return [w]
        return []
    for line in lines:
        for seg in line.segments:
            if name == "issue_date":
                day = dt.date.fromisoformat(str(value))
                for d, s, e in dates_in(seg.text, vocab.LANGUAGES, True) + dates_in(
                    seg.text, vocab.LANGUAGES, False
                ):
                    if d == day:
                        return _words_at(seg, s, e)
            else:
                for w in reversed(seg.words):
                    nums = numbers_in(Segment([w]).text, convention)
                    if nums and abs(nums[-1] - Decimal(str(value))) < Decimal("0.005"):
                        return [w]
    return []
