"""Header fields from labels and their positions: a value is read after its label in
the same phrase (`Factuurnummer: 993548900`), in the next phrase of the line, or just
below the label (`Invoice Date:` over `03/20/2023`). Candidates are ranked by how
specific their label is; each chosen value keeps the words it was read from."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from . import vocab
from .layout import Line, Segment
from .locale import currency_in, dates_in, numbers_in
from .readings import edits
from .words import Word

# Words that tie a label to a kind of document (`Factuurdatum` is an invoice's date).
KIND_STEMS = {
    "invoice": ("invoice", "factuur", "rechnung", "factur", "fatura", "bill", "receipt", "recibo"),
    "purchase_order": (
        "order",
        "p.o",
        "po ",
        "bestel",
        "bestell",
        "commande",
        "pedido",
        "encomenda",
        "orden",
        "ordem",
        "auftrag",
        "inkoop",
    ),
    "order_confirmation": ("confirm", "bevestig", "bestatig", "confirmac", "auftrag"),
    "delivery_note": ("delivery", "pakbon", "liefer", "livraison", "albaran", "remessa"),
}


@dataclass
class Found:
    value: object
    words: list[Word]
    confidence: float
    label: str = ""


@dataclass
class Header:
    kind: str = "purchase_order"
    kind_found: Found | None = None
    number: Found | None = None
    date: Found | None = None
    total: Found | None = None
    subtotal: Found | None = None
    tax: Found | None = None
    currency: str | None = None
    day_first: bool = True
    blocks: dict[str, list[Line]] = field(default_factory=dict)


def _stems(kind: str) -> tuple[str, ...]:
    return KIND_STEMS.get(kind, ())


def _has_stem(label: str, kind: str) -> bool:
    t = f" {vocab.fold(label)} "
    return any(s in t for s in _stems(kind))


def document_kind(lines: list[Line]) -> tuple[str, Found | None]:
    """The kind named by the document's title: the largest-set phrase on the first page
    that starts with a kind's name (`FACTUUR.`, `Purchase Order`, `Lieferschein`)."""
    best: tuple[float, int, str, Segment] | None = None
    for line in lines:
        if line.page != 0:
            break
        for seg in line.segments:
            for kind, phrases in vocab.KINDS.items():
                hit = vocab.phrase_at_start(seg.text.rstrip("s"), phrases) or vocab.phrase_at_start(
                    re.sub(r"(\w)s\b", r"\1", seg.text), phrases
                )
                if hit is None:
                    continue
                size = max(w.height for w in seg.words)
                rank = (size * (1 + 0.1 * len(hit)), -line.index)
                if best is None or rank > (best[0], best[1]):
                    best = (rank[0], rank[1], kind, seg)
    if best is None:
        return "purchase_order", None
    _, _, kind, seg = best
    return kind, Found(kind, seg.words, 0.9, seg.text)


_NUMERO = re.compile(r"(?<![\w.])(?:n\s*[.°º]?\s*[o°º]|n[°º]|no\.|nr\.?|n\.)(?=\s|$|:)")


def label_key(text: str) -> str:
    """A label as compared: folded, `N.º`/`n°`/`Nr.`/`No.` as `n`, end punctuation gone."""
    t = _NUMERO.sub("n", vocab.fold(text))
    return re.sub(r"[:#°º.\s]+$", "", t)


def _after_label(seg: Segment, phrases: tuple[str, ...]) -> tuple[str, list[Word], str] | None:
    """(label, words after it, the label text) when the phrase starts with a label."""
    words = seg.words
    for j in range(len(words), 0, -1):
        label = " ".join(w.text for w in words[:j])
        bare = label_key(label)
        if (
            bare in phrases
            or re.sub(r"\bn$", "", bare).strip() in phrases
            or re.sub(r"^n (?:de |da |do |van |der )?", "", bare) in phrases
        ):
            return bare, words[j:], label
    # the value glued to the label: "n°562044387", "Rechnungsnr.30064443"
    first = vocab.fold(seg.text)
    for p in sorted(phrases, key=len, reverse=True):
        if first.startswith(p) and len(first) > len(p) and not first[len(p)].isalpha():
            return p, words, seg.text
    return _misread_number_label(seg, phrases)


def _misread_number_label(
    seg: Segment, phrases: tuple[str, ...]
) -> tuple[str, list[Word], str] | None:
    """A phrase that is only a document-number label of eight letters or more, one letter
    off as OCR reads it (`Besteinummer`); its value is then right of it or below."""
    bare = label_key(seg.text)
    if len(bare) < 8 or re.search(r"\d", bare):
        return None
    near = {
        p
        for p in phrases
        if p in vocab.DOCUMENT_NUMBER
        and len(p) >= 8
        and abs(len(p) - len(bare)) <= 1
        and edits(p, bare, 2) <= 1
    }
    return (near.pop(), [], seg.text) if len(near) == 1 else None


_ID = re.compile(r"[#:°º.\s]*([A-Za-z0-9][A-Za-z0-9/_.\-]*\d[A-Za-z0-9/_.\-]*)")


def _identifier(words: list[Word], cell: bool = False) -> tuple[str, list[Word]] | None:
    """The identifier the words start with; `cell`: the words are a value cell of their
    own, where OCR may have split one identifier in two (`IBZY 2087`)."""
    s = " ".join(w.text for w in words)
    if cell and re.fullmatch(r"[A-Z]{2,}\s[0-9]{2,}|[A-Z0-9]*\d[A-Z0-9]*\s[0-9]{2,}", s):
        s = s.replace(" ", "")
    s = re.sub(r"^[^\w]*(?:n[°º.o]?\s*)?[:#°º.\s]*", "", s, flags=re.IGNORECASE) if s else s
    s = re.sub(r"^#\s*", "", s)
    m = _ID.match(s)
    if not m:
        return None
    value = m.group(1).rstrip(".-/")
    if len(value) < 3 or len(value) > 40 or dates_in(value, ("en",)):
        return None
    used = [w for w in words if w.text.strip("#:°º") and w.text.strip("#:°º") in value] or words
    return value, used[:1]


def _below(lines: list[Line], line: Line, seg: Segment, limit: float = 2.2) -> Segment | None:
    """The phrase under `seg`: on the next lines, overlapping it horizontally."""
    for nxt in lines[line.index + 1 : line.index + 4]:
        if nxt.page != line.page or nxt.top - line.bottom > limit * line.height:
            return None
        for s in nxt.segments:
            if min(s.x1, seg.x1 + line.height) - max(s.x0, seg.x0 - line.height) > 0:
                return s
    return None


def _right_of(line: Line, seg: Segment) -> Segment | None:
    i = line.segments.index(seg)
    return line.segments[i + 1] if i + 1 < len(line.segments) else None


_NUMBER_LABELS = tuple(
    sorted({*vocab.DOCUMENT_NUMBER, *(p for ps in vocab.KINDS.values() for p in ps)})
)


def document_number(lines: list[Line], kind: str) -> Found | None:
    cands: list[tuple[tuple, Found]] = []
    for line in lines:
        for seg in line.segments:
            hit = _after_label(seg, _NUMBER_LABELS)
            if hit is None:
                continue
            label, rest, shown = hit
            got = _identifier(rest) if rest else None
            where = 0
            if got is None:
                nxt = _right_of(line, seg)
                got = _identifier(nxt.words, cell=True) if nxt else None
                where = 1
            if got is None:
                nxt = _below(lines, line, seg)
                got = _identifier(nxt.words, cell=True) if nxt else None
                where = 2
            if got is None:
                continue
            value, words = got
            specific = _has_stem(label, kind) + (label not in ("no", "number", "nr"))
            numbered = bool(re.search(r"\b(?:no|nr|n|number|nummer|numero|#)\b|nr$", label))
            rank = (specific, numbered, -where, -line.index)
            conf = min(w.confidence for w in words) * (0.95 if specific == 2 else 0.8)
            cands.append((rank, Found(value, words, conf, shown)))
    if not cands:
        return None
    cands.sort(key=lambda c: c[0], reverse=True)
    return cands[0][1]


def day_first(lines: list[Line], currency: str | None) -> bool:
    """Whether numeric dates are day-first: told by a date that can only be read one way,
    else by the currency (US dollars: month first)."""
    votes: Counter[str] = Counter()
    for line in lines:
        for m in re.finditer(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})(?!\d)", line.text):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                votes["dmy"] += 1
            elif b > 12 >= a:
                votes["mdy"] += 1
    if votes["dmy"] != votes["mdy"]:
        return votes["dmy"] > votes["mdy"]
    return currency != "USD"


def _words_at(seg: Segment, start: int, end: int) -> list[Word]:
    """The words of `seg` covering characters start..end of its text."""
    out, pos = [], 0
    for w in seg.words:
        if pos < end and pos + len(w.text) > start:
            out.append(w)
        pos += len(w.text) + 1
    return out or seg.words


def document_date(lines: list[Line], kind: str, first: bool) -> Found | None:
    cands: list[tuple[tuple, Found]] = []
    langs = vocab.LANGUAGES
    for line in lines:
        for k, seg in enumerate(line.segments):
            previous_end = 0
            for d, start, end in dates_in(seg.text, langs, first):
                words = _words_at(seg, start, end)
                label = seg.text[previous_end:start]
                previous_end = end
                if not _wordy(label) and k and start == 0:
                    label = _without_dates(line.segments[k - 1].text)  # "Date:   03/20/2023"
                if not _wordy(label):
                    above = _above(lines, line, Segment(words))  # label over its value
                    label = _without_dates(above.text) if above is not None else ""
                if vocab.contains_phrase(label, vocab.OTHER_DATES):
                    continue
                dated = vocab.contains_phrase(label, vocab.DOCUMENT_DATE) is not None
                rank = (_has_stem(label, kind) and dated, dated, -line.index)
                conf = min(w.confidence for w in words) * (0.95 if dated else 0.7)
                cands.append((rank, Found(d, words, conf, label.strip())))
    if not cands:
        return None
    cands.sort(key=lambda c: c[0], reverse=True)
    return cands[0][1]


def _wordy(text: str) -> bool:
    return bool(re.search(r"[^\W\d_]{2,}", text))


def _above(lines: list[Line], line: Line, seg: Segment) -> Segment | None:
    for prev in reversed(lines[max(0, line.index - 3) : line.index]):
        if prev.page != line.page or line.top - prev.bottom > 2.2 * line.height:
            return None
        best = max(prev.segments, key=lambda s: min(s.x1, seg.x1) - max(s.x0, seg.x0))
        if min(best.x1, seg.x1) - max(best.x0, seg.x0) > 0:
            return _sub_above(best, seg)
    return None


def _sub_above(above: Segment, seg: Segment) -> Segment:
    """The words of `above` over `seg` (labels set close together share a phrase)."""
    words = [w for w in above.words if w.x1 > seg.x0 - 2 and w.x0 < seg.x1 + 2]
    return Segment(words) if words else above


def _money_kind(text: str) -> str | None:
    """total / subtotal / tax by the longest label the phrase starts with."""
    found = []
    for kind, phrases in (
        ("subtotal", vocab.SUBTOTAL),
        ("total", vocab.TOTAL),
        ("tax", vocab.TAX_LABEL),
    ):
        hit = vocab.phrase_at_start(text, phrases)
        if hit:
            found.append((len(hit), kind))
    return max(found)[1] if found else _misread_money_label(text)


def _misread_money_label(text: str) -> str | None:
    """A phrase that is only a label, one letter off a total, subtotal or tax label of
    five letters or more (OCR's `Totat` for `Total`); None when it is none or several."""
    key = vocab.fold(text).rstrip(" :.")
    if len(key) < 5 or re.search(r"\d", key):
        return None
    kinds = {
        kind
        for kind, phrases in (
            ("subtotal", vocab.SUBTOTAL),
            ("total", vocab.TOTAL),
            ("tax", vocab.TAX_LABEL),
        )
        for p in phrases
        if len(p) >= 5 and abs(len(p) - len(key)) <= 1 and edits(p, key, 2) <= 1
    }
    return kinds.pop() if len(kinds) == 1 else None


def amounts(lines: list[Line], convention: str) -> dict[str, list[Found]]:
    """Stated totals: each labelled phrase with the last figure before the next label on
    its line, or the figure just below it."""
    out: dict[str, list[Found]] = {"total": [], "subtotal": [], "tax": []}
    for line in lines:
        segs = line.segments
        for k, seg in enumerate(segs):
            kind = _money_kind(seg.text)
            if kind is None:
                continue
            label = vocab.fold(seg.text)
            pieces = [seg]
            for s in segs[k + 1 :]:
                if _money_kind(s.text):
                    break
                pieces.append(s)
            best: tuple[Decimal, list[Word], bool] | None = None
            for s in pieces:
                text = _without_dates(s.text)
                if s is seg:
                    hit = vocab.phrase_at_start(
                        text, vocab.TOTAL + vocab.SUBTOTAL + vocab.TAX_LABEL
                    )
                    text = text[len(hit or "") :] if hit else text
                    text = re.sub(r"^[^\d€$£-]*(?:\d+(?:[.,]\d+)?\s?%)", "", text)  # "Tax 15%"
                nums = [n for n in numbers_in(text, convention) if not _is_percent(text, n)]
                if nums:
                    money = bool(re.search(r"[.,]\d{2}\b|[€$£₹]|\b[A-Z]{3}\b|Rs", s.text))
                    best = (nums[-1], s.words, money)
            if best is None:
                below = _below(lines, line, seg, 1.8)
                if below is not None:
                    nums = numbers_in(_without_dates(below.text), convention)
                    if nums:
                        best = (nums[-1], below.words, True)
            if best is None:
                continue
            value, words, money = best
            conf = min(w.confidence for w in words) * (0.95 if money else 0.6)
            out[kind].append(Found(value, words, conf, label))
    return out


def _is_percent(text: str, n: Decimal) -> bool:
    return bool(re.search(rf"{re.escape(str(n)).replace('.', '[.,]')}\s?%", text))


def _without_dates(text: str) -> str:
    for _d, s, e in reversed(dates_in(text, vocab.LANGUAGES)):
        text = text[:s] + " " + text[e:]
    return text


def stated_total(found: list[Found]) -> Found | None:
    """The document total: money-like figures first, the largest of them (a grand total
    is never smaller than the subtotals or the tax beside it)."""
    if not found:
        return None
    return max(found, key=lambda f: (f.confidence >= 0.9, f.value))


def currency(lines: list[Line], near: list[Found]) -> str | None:
    """The currency written next to the totals, else the one written most often."""
    for f in near:
        text = " ".join(w.text for w in f.words)
        code = currency_in(text)
        if code:
            return code
    counts: Counter[str] = Counter()
    for line in lines:
        for seg in line.segments:
            code = currency_in(seg.text)
            if code:
                counts[code] += 1
    return counts.most_common(1)[0][0] if counts else None


def party_blocks(lines: list[Line]) -> dict[str, list[Line]]:
    """Address blocks under (or after) a party label: `Ship to:`, `Lieferadresse`."""
    out: dict[str, list[Line]] = {}
    for line in lines:
        for seg in line.segments:
            for role, phrases in vocab.PARTY.items():
                hit = vocab.phrase_at_start(seg.text, phrases)
                if not hit or role in out or len(vocab.fold(seg.text)) > len(hit) + 40:
                    continue
                block: list[Line] = []
                rest = [w for w in seg.words if vocab.fold(w.text).strip(":") not in hit.split()]
                if rest and len(vocab.fold(seg.text)) > len(hit) + 2:
                    block.append(_line_from(line, rest))
                prev = line
                for nxt in lines[line.index + 1 : line.index + 8]:
                    if nxt.page != line.page or nxt.top - prev.bottom > 1.2 * prev.height:
                        break
                    under = [s for s in nxt.segments if abs(s.x0 - seg.x0) < 2.5 * line.height]
                    if not under:
                        break
                    block.append(_line_from(nxt, under[0].words))
                    prev = nxt
                if block:
                    out[role] = block
    return out


def _line_from(line: Line, words: list[Word]) -> Line:
    return Line(line.page, line.top, line.bottom, [Segment(list(words))], line.index)


def plausible(d: dt.date, today: dt.date) -> bool:
    return dt.date(1990, 1, 1) <= d <= today + dt.timedelta(days=730)
