"""Reading order from positions: words into lines (by y), lines into segments (runs of
words a column gap apart, by x). Tables and header fields are read from segments."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .words import Page, Word, box


@dataclass
class Segment:
    """Words of one line that belong together: a label, a value, one table cell."""

    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def mid_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def confidence(self) -> float:
        return min(w.confidence for w in self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return box(self.words)


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    segments: list[Segment] = field(default_factory=list)
    index: int = 0  # position in the document's reading order

    @property
    def text(self) -> str:
        return "   ".join(s.text for s in self.segments)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]


def lines_of(page: Page) -> list[Line]:
    """Group a page's words into lines: a word joins the line whose vertical middle band
    it overlaps; lines are sorted top to bottom and their words left to right."""
    words = sorted(page.words, key=lambda w: (w.mid_y, w.x0))
    rows: list[list[Word]] = []
    for w in words:
        for row in reversed(rows[-4:]):
            top = statistics.median(x.top for x in row)
            bottom = statistics.median(x.bottom for x in row)
            h = bottom - top
            if abs((top + bottom) / 2 - w.mid_y) < 0.55 * max(h, w.height):
                row.append(w)
                break
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        line = Line(page.number, min(w.top for w in row), max(w.bottom for w in row))
        line.segments = segments_of(row)
        out.append(line)
    out.sort(key=lambda ln: (ln.top + ln.bottom) / 2)
    return out


def segments_of(row: list[Word]) -> list[Segment]:
    """Split a line where the gap between two words is wider than a few spaces."""
    if not row:
        return []
    h = statistics.median(w.height for w in row)
    segs = [Segment([row[0]])]
    for prev, w in zip(row, row[1:], strict=False):
        gap = w.x0 - prev.x1
        if gap > 0.9 * h:
            segs.append(Segment([w]))
        else:
            segs[-1].words.append(w)
    return segs


def document_lines(pages: list[Page]) -> list[Line]:
    out: list[Line] = []
    for page in pages:
        out.extend(lines_of(page))
    for i, line in enumerate(out):
        line.index = i
    return out
