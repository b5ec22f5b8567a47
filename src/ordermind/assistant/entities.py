"""Entities in a customer's message: order numbers, e-mails, postcodes, SKU codes, dates
and quantities. Patterns, not a model: each one is explainable and fast (microseconds).

Order numbers are the entity that opens an order's record, so precision comes first: a
number counts only with an order marker ("#1042", "order no. 1042", "ORD-1042",
"ordernumber1042", "my order is 1042"), as a channel's external id ("SHOP-88213",
"WEB-2025-0042", "1001-23-456"), or bare when the conversation has just asked for one
(`expecting_order=True`). Postcodes, phone numbers, prices, quantities, dates and
tracking numbers are masked first so they cannot be read as order numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from ordermind.assistant.dates import extract_dates, extract_quantities
from ordermind.assistant.understanding import MAX_MESSAGE_CHARS, Entities

# Bounded parts (RFC 5321 lengths) keep the scan linear on hostile input ("a.a.a…@").
_EMAIL = re.compile(
    r"\b[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24}\b"
)

# Two-letter words that follow a four-digit number in English ("1042 is late") and so do
# not make it a Dutch postcode unless written in capitals.
_NOT_NL_LETTERS = frozenset(
    [
        "is",
        "in",
        "at",
        "on",
        "to",
        "of",
        "or",
        "an",
        "as",
        "am",
        "be",
        "by",
        "do",
        "go",
        "he",
        "hi",
        "if",
        "it",
        "me",
        "my",
        "no",
        "ok",
        "so",
        "up",
        "us",
        "we",
        "pm",
        "st",
        "nd",
        "rd",
        "th",
        "pc",
        "kg",
        "cm",
        "mm",
        "ml",
        "eu",
    ]
)
_NL = re.compile(r"(?<![\w#\-])([1-9]\d{3})\s?([A-Za-z]{2})(?![\w@])")
_UK = re.compile(
    r"(?<![\w#\-])([A-Za-z]{1,2}\d[A-Za-z\d]?)\s?(\d[A-Za-z]{2})(?![\w@])",
)
_ZIP4 = re.compile(r"(?<![\w#\-])(\d{5})-(\d{4})(?![\w\-])")
_FIVE = re.compile(r"(?<![\w#\-.,/])(\d{5})(?![\w\-.,/])")
# Words after which a five-digit number is a postcode (DE PLZ, FR/ES code postal, US ZIP).
_POSTCODE_CONTEXT = re.compile(
    r"\b(?:post\s?code|postal(?:\s+code)?|zip(?:\s?code)?|plz|cp|code\s+postal|"
    r"c[oó]digo\s+postal|postleitzahl|area|region|deliver(?:y)?\s+to|ship(?:ping)?\s+to|"
    r"live\s+in|moved\s+to|address)\b[^.?!\d]{0,25}$",
    re.I,
)

_ORDER_WORD = (
    r"(?:order|ordr|oder|odrer|ord|bestell(?:ung|nummer)?|bestelling|commande|pedido|purchase)"
)
_LABEL = r"(?:n°|(?:number|numbr|nummer|num|nr|no|id|ref(?:erence)?)(?:\b|(?=\d)))\.?"
_ID = r"(?:\d{3,12}|[A-Za-z]{2,6}[-_]\d{2,}(?:-\d+)*)(?![\w\-/.,]\d|\w)"
_MARKER = re.compile(
    rf"(?:\b{_ORDER_WORD}|(?<=\w){_ORDER_WORD})s?\.?"  # "ordernumber1042", "myorder1042"
    # possessive (*+): a long run of spaces after "order" is read once, not backtracked
    rf"(?:\s*+{_LABEL})?"
    r"(?:\s*+(?:is|was|=|:|-|#|\())*+\s*+#?\s*+"
    rf"(?P<num>{_ID})"
    # more numbers in a list: "orders 4412 and 4413", "#1001, #1002"
    rf"(?P<more>(?:\s?(?:,|and|&|\+|or)\s?#?\s?{_ID})*)",
    re.I,
)
# The shop's own numbers start at 1: a short one counts only after a label or a "#"
# ("order no. 7", "order #12"), never after a bare "order" ("order 2 mugs" is a quantity).
_MARKER_SHORT = re.compile(
    rf"\b{_ORDER_WORD}s?\.?\s*+(?:{_LABEL}\s*+(?:is|:|-|=)?\s*+#?|#)\s*+"
    r"(?P<num>\d{1,2})(?![\w\-/.,]\d|\w)",
    re.I,
)
_MARKER_BEFORE = re.compile(rf"(?:{_ORDER_WORD}s?\.?(?:\s*{_LABEL})?|#)[\s:#\-(]*$", re.I)
# "1042 is my order number"
_MARKER_AFTER = re.compile(
    rf"(?<![\w\-/.,])(?P<num>\d{{1,12}})\s+(?:is|was)\s+(?:my|the|our)\s+{_ORDER_WORD}\b",
    re.I,
)
_HASH = re.compile(r"(?<![\w&])#\s?(?P<num>\d{1,12})(?!\w)")
# Channel ids: letters then digits ("SHOP-88213", "WEB-2025-0042", "AMZ_123-4567") or
# digit groups ("1001-23-456", "112-3456789-1234567"); SKU prefixes excluded.
_EXTERNAL_LETTERS = re.compile(
    r"(?<![\w\-])(?P<id>[A-Za-z]{2,6}[-_]\d{3,}(?:-\d+)*)(?![\w\-])",
)
_EXTERNAL_DIGITS = re.compile(
    r"(?<![\w\-+/.])(?P<id>\d{3,4}-\d{2}-\d{3,7}|\d{3}-\d{7}-\d{7})(?![\w\-/.])",
)
_NOT_ORDER_PREFIXES = frozenset({"sku", "art", "item", "ref", "ean", "upc", "isbn", "tel", "ph"})

# What must never become an order number: masked before the order patterns run.
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s\-.]?)?\(?\d{2,4}\)?(?:[\s\-.]\d{2,4}){2,4}(?!\d)"  # 020 7946 0958
    r"|\+\d{8,15}\b|\b0\d{9,10}\b"
    r"|\b0\d{1,3}[\s\-/]\d{6,8}\b",  # 06 12345678, 030-1234567
)
_PHONE_WORD = re.compile(
    r"\b(?:phone|tel|telephone|mobile|cell|call me (?:on|at)|whatsapp)\b", re.I
)
_PRICE = re.compile(
    r"(?:[$€£]|\b(?:eur|usd|gbp)\s?)\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:[$€£]|eur|euros?|usd|dollars?"
    r"|gbp|pounds?|bucks)\b",
    re.I,
)
_TRACKING = re.compile(
    r"\b(?:tracking|track\s*(?:&|and)\s*trace|parcel\s*(?:number|no|id))\b(?:\s+[a-z]+){0,3}?"
    r"\s*[:#]?\s*[A-Za-z]*\d[A-Za-z0-9]{5,}",
    re.I,
)
_SKU = re.compile(
    r"\b(?:sku|art(?:icle)?(?:\s*no)?|item\s*(?:no|number|code)|product\s*code)\.?\s*[:#\-]?\s*"
    r"(?P<code>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)",
    re.I,
)
_SKU_PREFIXED = re.compile(r"\b(?P<code>SKU-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)\b", re.I)


def extract_emails(text: str) -> tuple[str, ...]:
    return _unique(m.group(0).lower() for m in _EMAIL.finditer(text))


def extract_postcodes(text: str) -> tuple[str, ...]:
    """NL "1234 AB", UK "SW1A 1AA", US ZIP+4 always; a five-digit number (DE, FR, ES, US)
    only after a postcode word ("zip 10115", "deliver to 75001"). Normalised: upper case,
    NL and UK with their single space."""
    return tuple(code for _, code in _postcode_spans(_without_emails(text)))


def _postcode_spans(text: str) -> list[tuple[tuple[int, int], str]]:
    found: list[tuple[tuple[int, int], str]] = []
    for m in _NL.finditer(text):
        letters = m.group(2)
        english = letters.islower() and letters in _NOT_NL_LETTERS
        if not english and letters.upper() not in {"SA", "SD", "SS"}:  # SA/SD/SS: never issued
            found.append((m.span(), f"{m.group(1)} {letters.upper()}"))
    for m in _UK.finditer(text):
        outward, inward = m.group(1), m.group(2)
        if not any(c.isalpha() for c in outward[1:]) and not outward[0].isalpha():
            continue
        if (outward.isupper() and inward.isupper()) or _POSTCODE_CONTEXT.search(text[: m.start()]):
            found.append((m.span(), f"{outward.upper()} {inward.upper()}"))
    for m in _ZIP4.finditer(text):
        found.append((m.span(), m.group(0)))
    for m in _FIVE.finditer(text):
        if _POSTCODE_CONTEXT.search(text[: m.start()]) and not _marked_as_order(text, m.start()):
            found.append((m.span(), m.group(1)))
    found.sort()
    return found


def _marked_as_order(text: str, start: int) -> bool:
    return bool(_MARKER_BEFORE.search(text[max(0, start - 30) : start]))


def extract_order_numbers(text: str, expecting_order: bool = False) -> tuple[str, ...]:
    """Order numbers in the order written: the shop's own as digits, a channel's external
    id upper-cased ("shop-88213" -> "SHOP-88213"). With `expecting_order` (the assistant
    just asked for the number) a bare 3–12 digit number that is nothing else counts too."""
    masked = _mask(text)
    found: list[tuple[int, str]] = []
    for m in _EXTERNAL_LETTERS.finditer(masked):
        prefix = re.split(r"[-_]", m.group("id"))[0].lower()
        if prefix not in _NOT_ORDER_PREFIXES and not _ORDER_PREFIX_WORD.fullmatch(prefix):
            found.append((m.start(), m.group("id").upper()))
    for m in _EXTERNAL_DIGITS.finditer(masked):
        found.append((m.start(), m.group("id")))
    for m in _MARKER.finditer(masked):
        found.append((m.start("num"), _normalised(m.group("num"))))
        for more in re.finditer(_ID, m.group("more")):
            found.append((m.start("more") + more.start(), _normalised(more.group(0))))
    for m in _MARKER_SHORT.finditer(masked):
        found.append((m.start("num"), _normalised(m.group("num"))))
    for m in _MARKER_AFTER.finditer(masked):
        found.append((m.start("num"), _normalised(m.group("num"))))
    for m in _HASH.finditer(masked):
        found.append((m.start("num"), str(int(m.group("num")))))
    if expecting_order and not found:
        # just asked for it: a bare number is the order's; a short one only as a short
        # answer ("it's 7"), not inside a sentence ("I ordered 3 items")
        short_answer = len(masked.split()) <= 4
        for m in re.finditer(r"(?<![\w\-/.,])\d{1,12}(?![\w\-/.,]\d|\w)", masked):
            if len(m.group(0)) >= 3 or short_answer:
                found.append((m.start(), str(int(m.group(0)))))
    found.sort()
    return _unique(number for _, number in found)


def _normalised(number: str) -> str:
    return str(int(number)) if number.isdigit() else number.upper()


# "ORD-1042" is the shop's own number with its prefix, not a channel's id.
_ORDER_PREFIX_WORD = re.compile(r"ord|order|ordr|oder|no|nr")


def _mask(text: str) -> str:
    """Blank out what looks like an order number but is not (same length kept)."""
    text = _without_emails(text)
    spans = [span for span, _ in _postcode_spans(text)]
    spans += [m.span() for m in _PRICE.finditer(text)]
    spans += [m.span() for m in _TRACKING.finditer(text)]
    spans += [m.span() for m in _SKU.finditer(text)]
    for m in _PHONE.finditer(text):
        if _looks_like_phone(text, m) and not _EXTERNAL_DIGITS.fullmatch(m.group(0).strip()):
            spans.append(m.span())
    spans += [m.span() for m in _ISO_OR_SLASHED_DATE.finditer(text)]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


_ISO_OR_SLASHED_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}/\d{1,2}\b"
)


def _looks_like_phone(text: str, m: re.Match[str]) -> bool:
    digits = re.sub(r"\D", "", m.group(0))
    if _MARKER.match(text, max(0, m.start() - 20)) and len(digits) < 9:
        return False
    before = text[max(0, m.start() - 30) : m.start()]
    return (
        len(digits) >= 9
        or m.group(0).startswith(("+", "("))
        or bool(_PHONE_WORD.search(before))
        or (digits.startswith("0") and len(digits) >= 8)
    )


def _without_emails(text: str) -> str:
    return _EMAIL.sub(lambda m: " " * len(m.group(0)), text)


def extract_skus(text: str, catalogue: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """SKU codes written with their label ("SKU-1234", "sku: AB12", "art. no 5567"), plus
    product words matched to `catalogue` (SKU -> name) when one is given."""
    prefixed = list(_SKU_PREFIXED.finditer(text))
    codes = [m.group("code").upper() for m in prefixed]
    codes += [
        m.group("code").upper()
        for m in _SKU.finditer(text)
        if not any(p.start() <= m.start("code") < p.end() for p in prefixed)
    ]
    codes = [c for c in codes if any(ch.isdigit() for ch in c)]
    if catalogue:
        from ordermind.assistant.products import match_products

        codes += match_products(text, catalogue)
    return _unique(codes)


def extract_entities(
    text: str,
    today: date | None = None,
    catalogue: Mapping[str, str] | None = None,
    expecting_order: bool = False,
) -> Entities:
    """Every entity in `text` (its first MAX_MESSAGE_CHARS); relative dates ("tomorrow")
    count from `today`."""
    text = text[:MAX_MESSAGE_CHARS]
    return Entities(
        order_numbers=extract_order_numbers(text, expecting_order=expecting_order),
        emails=extract_emails(text),
        postcodes=extract_postcodes(text),
        skus=extract_skus(text, catalogue),
        dates=extract_dates(text, today or date.today()),
        quantities=extract_quantities(text),
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
