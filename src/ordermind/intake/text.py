"""Business free text (an e-mail body or a note) into a canonical order:
"please send 40 boxes of A4 80g copy paper and a dozen blue ballpoint pens to our Leeds
office by Friday, PO 4471". Rule-based and explainable; each field gets a confidence."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from .model import Address, OrderDocument, OrderLine
from .normalize import UNIT_CODES, WORD_NUMBERS, finite_float, parse_date
from .security import DEFAULT_LIMITS, LimitExceeded, Limits, decode_text

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PO = re.compile(
    r"\b(?:p\.?\s?o\.?|purchase\s+order|order\s+(?:no|number|ref))\s*(?:number|no\.?|num|ref)?"
    r"\s*[:#\-]?\s*#?\s*([A-Za-z0-9][A-Za-z0-9\-/]*\d[A-Za-z0-9\-/]*)",
    re.I,
)
_DATE_WORDS = r"(?:by|before|on|for|no later than|delivered|delivery|deliver|needed|need it)"
_WHEN = re.compile(
    rf"\b{_DATE_WORDS}\s+(?:(?:on|by)\s+)?(?:the\s+)?(?P<when>"
    r"(?:next\s+|this\s+)?(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b"
    r"|tomorrow|today|end of (?:the )?(?:week|month)"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,9}\.?(?:\s+\d{4})?"
    r"|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?)",
    re.I,
)
_SITE = re.compile(
    r"\b(?:to|at|for)\s+(?:our|the)\s+(?P<city>[A-Z][A-Za-z\-]+(?:\s+[A-Z][A-Za-z\-]+)?)\s+"
    r"(?:office|site|store|warehouse|branch|depot|shop|plant|location|hq|head office|team)\b"
)
_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{5}(?:-\d{4})?"
_ADDRESS = re.compile(
    r"\b(?:deliver(?:ed)?|ship|send(?: it| them)?|address)\s*(?:to|:)\s*:?\s*"
    r"(?P<line1>\d+[A-Za-z]?\s+[A-Za-z][A-Za-z ]+?)\s*,\s*(?P<city>[A-Za-z][A-Za-z \-]+?)"
    rf"(?:\s*,?\s*(?P<postal>{_POSTCODE}))?(?:\s*,\s*(?P<country>[A-Za-z ]+?))?(?=[.;:\n]|$)",
    re.I,
)
_UNIT_WORDS = sorted((u for u in UNIT_CODES if len(u) > 1 or u == "x"), key=len, reverse=True)
_NUM = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
_QTY_FIRST = re.compile(
    rf"^(?P<qty>{_NUM})(?:\s+(?P<mult>dozen|hundred))?\s*(?:x\s+|×\s*)?"
    rf"(?:(?P<unit>[A-Za-z]+)\.?\s+(?:of\s+)?(?:(?P<pack>\d+)\s+)?)?(?P<desc>.+)$",
    re.I,
)
_QTY_LAST = re.compile(
    r"^(?P<desc>.+?)\s*(?:[x×:]|qty\.?:?|quantity:?|-)\s*(?P<qty>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>[A-Za-z]+)?\.?$",
    re.I,
)
_FLUFF_START = re.compile(
    r"^(?:(?:hi|hello|dear)\b[^,]*,\s*)?(?:(?:please|pls|plz|kindly|could you|can you|can we|"
    r"we(?:'d| would)? (?:like|need|want)(?: to order)?|i(?:'d| would)? like(?: to order)?|"
    r"we need|i need|need|send(?: us| me)?|order|get us|get me|supply|add|also|and|plus|"
    r"another|then|us|me|to|have|a further|further)\s+)+",
    re.I,
)
_LEAD_NUMBER = re.compile(
    r"(?:^|(?<=[\s:(]))(?P<qty>\d+(?:[.,]\d+)?|"
    + "|".join(w for w in sorted(WORD_NUMBERS, key=len, reverse=True) if w not in ("a", "an"))
    + r")(?=\s)",
    re.I,
)
_FLUFF_END = re.compile(r"\s*(?:please|pls|thanks|thank you|asap|cheers|too|as well)\W*$", re.I)
_SPLIT = re.compile(r"\n|;|,(?!\d{3})|\s+\band\b\s+|\s+\bplus\b\s+|\s+&\s+|\s+\balso\b\s+", re.I)


def resolve_when(when: str, today: dt.date) -> str | None:
    w = when.lower().strip()
    if w == "today":
        return today.isoformat()
    if w == "tomorrow":
        return (today + dt.timedelta(days=1)).isoformat()
    if w.startswith("end of"):
        if "week" in w:
            return (today + dt.timedelta(days=(4 - today.weekday()) % 7)).isoformat()
        nxt = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return (nxt - dt.timedelta(days=1)).isoformat()
    core = w.replace("next ", "").replace("this ", "")
    for i, name in enumerate(_WEEKDAYS):
        if name.startswith(core[:3]) and re.fullmatch(r"[a-z]+", core):
            # The coming one, never today: "by Friday" said on a Friday means next week.
            ahead = (i - today.weekday()) % 7 or 7
            return (today + dt.timedelta(days=ahead)).isoformat()
    iso = (
        parse_date(w)
        or parse_date(f"{w} {today.year}")
        or parse_date(re.sub(r"\bof\s+", "", w) + f" {today.year}")
    )
    if iso is None and re.fullmatch(r"\d{1,2}[/.]\d{1,2}", w):
        iso = parse_date(f"{w}/{today.year}")
    if iso and iso < today.isoformat() and str(today.year) not in w:
        iso = iso.replace(str(today.year), str(today.year + 1), 1)
    return iso


def _number(tok: str) -> float | None:
    t = tok.lower().replace(",", ".")
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    return finite_float(t)


def _unit(word: str | None) -> tuple[str | None, float]:
    """Unit code and confidence; typos ('boxs', 'pakcs') corrected with lower confidence."""
    if not word:
        return None, 1.0
    w = word.lower()
    if w in UNIT_CODES:
        return UNIT_CODES[w], 1.0
    if len(w) >= 4:
        close = difflib.get_close_matches(w, _UNIT_WORDS, n=1, cutoff=0.8)
        if close:
            return UNIT_CODES[close[0]], 0.75
    return None, 1.0


def _clean(desc: str) -> str:
    desc = re.sub(r"^(?:of|x)\s+", "", desc.strip(), flags=re.I)
    desc = _FLUFF_END.sub("", desc)
    return desc.strip(" .!:-\"'")


def parse_line(segment: str) -> OrderLine | None:
    seg = _FLUFF_START.sub("", segment.strip(" -*•\t.")).strip()
    seg = re.sub(r"^(?:a|an)\s+(dozen|pair|couple)\b", r"\1", seg, flags=re.I)
    seg = re.sub(r"^half\s+a\s+dozen\b", "6", seg, flags=re.I)
    seg = re.sub(r"^(dozen|pair)\b", r"1 \1", seg, flags=re.I)
    m = _QTY_FIRST.match(seg)
    if m is None and not _QTY_LAST.match(seg):
        # Polite or misspelt lead-ins ("plese send 3 boxes ..."): start at the first number.
        lead = _LEAD_NUMBER.search(seg)
        if lead:
            m = _QTY_FIRST.match(seg[lead.start("qty") :])
    conf = 0.9
    if m:
        qty = _number(m["qty"])
        if qty is None:
            return None
        if m["mult"]:
            qty *= 12 if m["mult"].lower() == "dozen" else 100
        unit, uconf = _unit(m["unit"])
        desc = m["desc"]
        if m["unit"] and unit is None:  # the word after the number is part of the description
            desc = f"{m['unit']} {m['pack'] + ' ' if m['pack'] else ''}{desc}"
        elif unit == "DZN":
            qty, unit = qty * 12, "EA"
        pack = finite_float(m["pack"]) if m["pack"] and unit else None
        conf = min(conf, uconf)
    else:
        m = _QTY_LAST.match(seg)
        if not m:
            return None
        qty = _number(m["qty"])
        unit, uconf = _unit(m["unit"])
        desc, pack = m["desc"] if unit or not m["unit"] else f"{m['desc']}", None
        conf = min(0.85, uconf)
    desc = _clean(desc)
    if not desc or qty is None or qty <= 0:
        return None
    line = OrderLine(description=desc, quantity=qty, unit=unit or "EA")
    code = re.search(r"\b([A-Z]{2,}[-/]?\d[\w\-/]*|\d{2,}-[A-Z\d]+)\b", desc)
    if code:
        line.seller_item_id = code.group(1)
    if pack:
        line.meta["pack_size"] = pack
    if len(desc) < 3:
        conf = 0.5
    line.confidence = conf
    line.field_confidence = {"quantity": conf, "description": conf, "unit": min(conf, 0.95)}
    return line


def parse_text(
    data: bytes | str, limits: Limits = DEFAULT_LIMITS, today: dt.date | None = None
) -> OrderDocument:
    text = data if isinstance(data, str) else decode_text(data, limits)
    if len(text) > limits.max_text_chars:
        raise LimitExceeded(
            "max_text_chars", limits.max_text_chars, f"free-text order is {len(text):,} characters"
        )
    today = today or dt.date.today()
    doc = OrderDocument(format="text")
    fc = doc.field_confidence
    rest = text
    if m := _PO.search(rest):
        doc.po_number, fc["po_number"] = m.group(1).rstrip(".-/"), 0.95
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _ADDRESS.search(rest):
        doc.ship_to = Address(
            line1=m["line1"].strip(),
            city=m["city"].strip().title(),
            postal_code=m["postal"],
            country=(m["country"] or "").strip() or None,
        )
        fc["ship_to"] = 0.85
        rest = rest[: m.start()] + "\n" + rest[m.end() :]
    elif m := _SITE.search(rest):
        doc.ship_to = Address(name=m.group(0).split(None, 2)[2], city=m["city"])
        fc["ship_to"] = 0.7
        rest = rest[: m.start()] + "\n" + rest[m.end() :]
    if m := _WHEN.search(rest):
        doc.requested_delivery_date = resolve_when(m["when"], today)
        if doc.requested_delivery_date:
            fc["requested_delivery_date"] = 0.8 if m["when"][0].isalpha() else 0.95
            rest = rest[: m.start()] + "\n" + rest[m.end() :]
    for segment in _SPLIT.split(rest):
        line = parse_line(segment)
        if line is not None:
            line.line_id = str(len(doc.lines) + 1)
            doc.lines.append(line)
    if not doc.lines:
        doc.issues.append("no order lines recognised in the text")
    doc.confidence = min([fc.get("po_number", 0.5), *(ln.confidence for ln in doc.lines)])
    return doc
