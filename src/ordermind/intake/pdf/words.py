"""Words with their positions: the one input every later step reads, whether it came
from a PDF's text layer or from OCR of a scan."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int  # 0-based
    confidence: float = 1.0  # OCR's own certainty; 1.0 for a text layer

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Page:
    number: int  # 0-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    source: str = "text"  # "text" (text layer) or "ocr"
    rotation: int = 0  # degrees the scan was turned to read it upright
    skew: float = 0.0  # degrees of small-angle deskew applied


def box(words: list[Word]) -> tuple[float, float, float, float]:
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


def merge_split_words(words: list[Word]) -> list[Word]:
    """Join pieces of one word a PDF wrote apart (`F` + `actuurnummer:` when a kerned
    capital is its own text run): no gap between them on the same baseline."""
    out: list[Word] = []
    for w in sorted(words, key=lambda w: (w.page, round(w.mid_y), w.x0)):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.page == w.page
            and abs(prev.mid_y - w.mid_y) < 0.3 * prev.height
            and -0.05 * prev.height <= w.x0 - prev.x1 < 0.08 * prev.height
        ):
            out[-1] = Word(
                prev.text + w.text,
                prev.x0,
                min(prev.top, w.top),
                w.x1,
                max(prev.bottom, w.bottom),
                w.page,
                min(prev.confidence, w.confidence),
            )
        else:
            out.append(w)
    return out
