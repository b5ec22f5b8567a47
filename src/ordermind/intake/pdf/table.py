"""Line items from layout: the table header row names the columns (in any of the six
languages), every cell below is placed in the column its x position overlaps, and each
row is told apart as an item, a continuation of the item above (a multi-line
description), a section header, a subtotal or the end of the table."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import vocab
from .layout import Line, Segment
from .locale import numbers_in, parse_number
from .units import rec20
from .words import Word, box

NUMERIC = ("quantity", "unit_price", "discount", "tax", "amount", "position")


@dataclass
class Column:
    role: str
    x0: float
    x1: float
    label: str


@dataclass
class Header:
    line: Line
    columns: list[Column]
    extra_lines: int = 0  # header text wrapped onto lines below


@dataclass
class Item:
    """One line item as read, with where each value was read (page, box)."""

    cells: dict[str, str] = field(default_factory=dict)
    words: dict[str, list[Word]] = field(default_factory=dict)
    description: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    section: str | None = None
    line: Line | None = None

    def value(self, role: str, convention: str) -> Decimal | None:
        text = self.cells.get(role)
        if not text:
            return None
        whole = parse_number(text, convention)
        if whole is not None:
            return whole
        if role == "quantity":  # "1.00 kg", "15 Stück"
            m = re.match(r"^\s*([-\d.,' ]*\d)\s*([^\d\s].*)?$", text)
            if m:
                return parse_number(m.group(1), convention)
        nums = numbers_in(text, convention)
        return nums[-1] if role == "amount" and nums else None

    def unit(self) -> str | None:
        for text in (self.cells.get("unit"), self.cells.get("quantity")):
            if not text:
                continue
            m = re.search(r"([^\W\d_][\w.()]*)\s*$", text)
            if m and rec20(m.group(1)):
                return rec20(m.group(1))
        return None


def _cells_of(line: Line) -> list[tuple[str, Segment]] | None:
    """The header cells of a line as (role, segment), splitting a segment that holds two
    labels (`Disc.% Taxes`); None when the line is not a table header."""
    cells: list[tuple[str, Segment]] = []
    unknown = 0
    fuzzy = any(w.confidence < 1.0 for w in line.words)  # OCR'd: letters may be off
    for seg in line.segments:
        words = seg.words
        i = 0
        while i < len(words):
            found = None
            for j in range(len(words), i, -1):
                text = " ".join(w.text for w in words[i:j]).strip(":")
                role = _role(text, fuzzy and j - i == 1)
                if role:
                    found = (role, j)
                    break
            if found is None or (i and vocab.fold(words[i - 1].text).rstrip(".") in _QUALIFIERS):
                if re.search(r"\d{2,}", words[i].text):
                    return None  # header labels carry no figures
                if cells and cells[-1][1].words[-1] is words[i - 1] if i else False:
                    cells[-1][1].words.append(words[i])  # "Prijs per stuk (EUR)"
                else:
                    # a label not understood (or misread) still owns its column, so
                    # the values under it are not pushed into a neighbour's
                    unknown += 1
                    cells.append(("other", Segment([words[i]])))
                i += 1
                continue
            role, j = found
            cells.append((role, Segment(list(words[i:j]))))
            i = j
    roles = [r for r, _ in cells if r != "other"]
    numeric = {"quantity", "unit_price", "amount"} & set(roles)
    if len(roles) < 3 or not numeric or unknown > len(roles) // 2:
        return None
    if "description" not in roles and "code" not in roles:
        return None
    return cells


# words that make the label they stand in one cell with: "Prijs incl. BTW", "Preis inkl. MwSt."
_QUALIFIERS = frozenset(
    [
        "incl",
        "excl",
        "inkl",
        "exkl",
        "including",
        "excluding",
        "ohne",
        "mit",
        "zzgl",
        "avec",
        "sans",
        "hors",
        "con",
        "sin",
        "com",
        "sem",
        "per",
    ]
)


def _role(text: str, fuzzy: bool = False) -> str | None:
    """The column role a label names; `fuzzy` (OCR'd words) also takes a label one
    letter off (two in a long one): `aty` is `Qty`, `Ornschrijving` is `Omschrijving`."""
    key = _bare(text)
    role = _roles().get(key)
    if role or not fuzzy or len(key) < 3:
        return role
    allowed = 1 if len(key) < 8 else 2
    for label, r in _roles().items():
        if (
            abs(len(label) - len(key)) <= allowed
            and len(label) >= 3
            and (_distance(label, key, allowed) <= allowed)
        ):
            return r
    return None


def _distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance of a and b, stopping once it passes `cap`."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > cap:
            return cap + 1
        prev = cur
    return prev[-1]


@functools.cache
def _roles() -> dict[str, str]:
    """Bare label -> column role; the longest phrase wins where two lists share one."""
    out: dict[str, tuple[int, str]] = {}
    for role, phrases in vocab.COLUMNS.items():
        for p in phrases:
            key = _bare(p)
            if key not in out or len(p) > out[key][0]:
                out[key] = (len(p), role)
    return {k: v[1] for k, v in out.items()}


def _bare(text: str) -> str:
    """A label as compared: folded, a unit in brackets and end punctuation gone."""
    t = vocab.fold(text)
    t = re.sub(r"\s*\((?:%|[a-z]{3}|€|\$)\)$", "", t)  # "Tax(%)", "Price (EUR)"
    t = re.sub(r"[\s.:%#]+$", "", t)
    return re.sub(r"\.\s+", ".", t)


def find_headers(lines: list[Line]) -> list[Header]:
    out = []
    for line in lines:
        cells = _cells_of(line)
        if cells is None:
            continue
        cols = [Column(role, s.x0, s.x1, s.text) for role, s in cells]
        _settle_roles(cols)
        out.append(Header(line, cols))
    return out


def _settle_roles(cols: list[Column]) -> None:
    """Two price columns: the right one is the line amount (`Prijs per stuk` ... `Prijs
    incl. BTW`); two amount columns with no price: the left one is the unit price."""
    prices = [c for c in cols if c.role == "unit_price"]
    amounts = [c for c in cols if c.role == "amount"]
    if len(prices) >= 2 and not amounts:
        prices[-1].role = "amount"
    elif len(amounts) >= 2 and not prices:
        amounts[0].role = "unit_price"
    elif len(amounts) >= 2:
        for c in amounts[:-1]:
            c.role = "amount_other"
    taxes = [c for c in cols if c.role == "tax"]
    for c in taxes[1:]:
        c.role = "tax_amount"
    if not any(c.role == "description" for c in cols):
        texts = [c for c in cols if c.role == "code"]
        if len(texts) >= 2:
            texts[-1].role = "description"


def _column_for(cols: list[Column], x0: float, x1: float) -> Column:
    best, best_overlap = None, 0.0
    for c in cols:
        overlap = min(x1, c.x1) - max(x0, c.x0)
        if overlap > best_overlap:
            best, best_overlap = c, overlap
    if best is not None:
        return best

    def distance(c: Column) -> float:
        if c.role in NUMERIC:  # figures are right-aligned under their label, or centred
            return min(abs(x1 - c.x1), abs((x0 + x1) / 2 - (c.x0 + c.x1) / 2))
        return min(abs(x0 - c.x0), abs((x0 + x1) / 2 - (c.x0 + c.x1) / 2))

    return min(cols, key=distance)


def place(header: Header, line: Line) -> dict[str, list[Word]]:
    """The line's words by column role: a word goes to the column its label overlaps; a
    word under no label goes with its phrase (a description running past its label, the
    `€` or thousands of a right-aligned figure), and a phrase under no label at all to
    the nearest column."""
    out: dict[str, list[Word]] = {}
    for seg in line.segments:
        cols: list[Column | None] = [_overlapping(header.columns, w.x0, w.x1) for w in seg.words]
        for i in range(1, len(cols)):  # forward: text runs on to the right
            if cols[i] is None:
                cols[i] = cols[i - 1]
        for i in range(len(cols) - 2, -1, -1):  # backward: figures grow to the left
            if cols[i] is None:
                cols[i] = cols[i + 1]
        for w, col in zip(seg.words, cols, strict=True):
            col = col or _column_for(header.columns, seg.x0, seg.x1)
            out.setdefault(col.role, []).append(w)
    return out


def _overlapping(cols: list[Column], x0: float, x1: float) -> Column | None:
    best, best_overlap = None, 0.0
    for c in cols:
        overlap = min(x1, c.x1) - max(x0, c.x0)
        if overlap > best_overlap:
            best, best_overlap = c, overlap
    return best


def _is_figure(text: str) -> bool:
    return bool(re.fullmatch(r"[-+(]?[\d.,%€$£]+\)?", text))


def _label_kind(line: Line) -> str | None:
    """`total`, `subtotal` or None: does the line state a total rather than an item?"""
    if not _has_figures(line):
        return None
    for seg in line.segments:
        t = seg.text
        if vocab.phrase_at_start(t, vocab.SUBTOTAL):
            return "subtotal"
        if vocab.phrase_at_start(t, vocab.TOTAL) or vocab.phrase_at_start(t, vocab.TAX_LABEL):
            return "total"
    return None


def read_items(lines: list[Line], headers: list[Header], convention: str) -> list[Item]:
    """Items under every header, up to the stated total, the next header or the page end."""
    items: list[Item] = []
    starts = {h.line.index: h for h in headers}
    header: Header | None = None
    section: str | None = None
    last: Item | None = None
    prev_line: Line | None = None
    for line in lines:
        if line.index in starts:
            header, last, prev_line, section = starts[line.index], None, line, None
            continue
        if header is None:
            continue
        if line.page != header.line.page:
            header = None
            continue
        if (
            prev_line is not None
            and prev_line.index == header.line.index + header.extra_lines
            and last is None
            and _header_wrap(header, prev_line, line)
        ):
            header.extra_lines += 1
            _join_wrapped_labels(header, line)
            prev_line = line
            continue
        cells = place(header, line)
        kind = _label_kind(line)
        item = _item_of(cells, line, convention)
        if item is not None and kind is None:
            item.section = section
            items.append(item)
            last = item
        elif kind == "total":
            header = None
        elif kind == "subtotal":
            last = None
        else:
            text = " ".join(w.text for w in line.words)
            close = prev_line is not None and line.top - prev_line.bottom < 0.8 * line.height
            if last is not None and close and _in_description(header, line):
                last.description.append(text)
                last.words.setdefault("description", []).extend(line.words)
            elif last is not None and not close:
                last.notes.append(text)
                last = None
            elif not _has_figures(line):
                section = text
        prev_line = line
    return items


def _join_wrapped_labels(header: Header, line: Line) -> None:
    """A label's second line joins the label above it (`Unit` / `Price` is `Unit
    Price`); the column takes the role the whole label names, when it names one."""
    for seg in line.segments:
        col = _overlapping(header.columns, seg.x0, seg.x1)
        if col is None:
            continue
        label = f"{col.label} {seg.text}"
        role = _role(label)
        col.label = label
        col.x0, col.x1 = min(col.x0, seg.x0), max(col.x1, seg.x1)
        if role:
            col.role = role
    _settle_roles(header.columns)


def _header_wrap(header: Header, prev: Line, line: Line) -> bool:
    """A label wrapped onto the next line (`VK-Preis` / `Ohne MwSt.`): close below the
    header, no figures, and nothing in the description column."""
    if line.top - prev.bottom > 1.5 * header.line.height or _has_figures(line):
        return False
    return not _in_description(header, line)


def _in_description(header: Header, line: Line) -> bool:
    desc = [c for c in header.columns if c.role in ("description", "code")]
    if not desc:
        return False
    right = max(c.x1 for c in desc)
    nxt = [c.x0 for c in header.columns if c.x0 > right]
    limit = min(nxt) if nxt else float("inf")
    return all(seg.x0 < limit for seg in line.segments[:1])


def _has_figures(line: Line) -> bool:
    return any(_is_figure(w.text) and re.search(r"\d", w.text) for w in line.words)


def _item_of(cells: dict[str, list[Word]], line: Line, convention: str) -> Item | None:
    item = Item(line=line)
    for role, words in cells.items():
        item.cells[role] = " ".join(w.text for w in words)
        item.words[role] = words
    desc = item.cells.get("description") or item.cells.get("code")
    qty = item.value("quantity", convention)
    price = item.value("unit_price", convention)
    amount = item.value("amount", convention)
    if not desc or not re.search(r"[^\W\d_]", desc):
        return None
    if amount is None and (qty is None or price is None):
        return None
    if qty is None and "quantity" in item.cells and whole_ratio(amount, price) is None:
        # text where the quantity goes: not an item row, unless its price and amount say
        # it is one whose quantity was misread (OCR's `o` for a 6)
        return None
    item.description = [item.cells.get("description") or ""]
    return item


def whole_ratio(amount: Decimal | None, price: Decimal | None) -> Decimal | None:
    """amount / price when it is a whole number (to the cent): the quantity they imply."""
    if amount is None or price is None or price <= 0 or amount <= 0:
        return None
    q = (amount / price).to_integral_value()
    return q if q >= 1 and abs(q * price - amount) <= Decimal("0.011") else None


def item_box(words: list[Word]) -> tuple[int, tuple[float, float, float, float]]:
    return words[0].page, box(words)
