"""Numbers, dates and currencies as written in a document's own locale.

A document keeps one convention for its decimal separator, so the convention is voted
once from every amount on the page (a separator followed by exactly two digits at the
end of a number is a decimal separator) and then applies to the numbers that alone are
ambiguous (`1.000`). Parsing itself is babel's (CLDR) for numbers and currency symbols
and dateparser's for dates, with the language the header words told."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

# A number as printed on a business document: optional sign, digit groups separated by
# dots, commas, spaces or apostrophes, an optional decimal part. Currency symbols and
# percent signs around it are stripped first.
_NUMBER = re.compile(r"[-+−]?\d{1,3}(?:[.,' \u00a0\u202f]\d{3})*(?:[.,]\d+)?|[-+−]?\d+(?:[.,]\d+)?")
_FULL = re.compile(rf"^\(?(?:{_NUMBER.pattern})\)?-?$")
_TRAILING_DECIMAL = re.compile(r"[.,]\d{1,2}$")

COMMA = "comma"
DOT = "dot"


def decimal_convention(tokens: Iterable[str]) -> str:
    """`comma` or `dot`: which separator the document's amounts use for decimals."""
    votes = {COMMA: 0, DOT: 0}
    for tok in tokens:
        for m in _NUMBER.finditer(tok):
            s = m.group(0)
            tail = _TRAILING_DECIMAL.search(s)
            if tail is None or len(s) - tail.start() != 3:
                continue
            votes[COMMA if tail.group(0)[0] == "," else DOT] += 1
    return COMMA if votes[COMMA] > votes[DOT] else DOT


def _babel_locale(convention: str) -> str:
    return "de" if convention == COMMA else "en"


def parse_number(text: str, convention: str = DOT) -> Decimal | None:
    """The number `text` holds (currency and percent signs allowed around it), else None.

    `2.321,00`, `2,321.00`, `1 939,00`, `€ 399,00`, `$ 42.00`, `15.00%`, `(12.50)`."""
    from babel.numbers import NumberFormatError, parse_decimal

    s = ocr_digits(_strip_money(text))
    if not s or not _FULL.match(s):
        return None
    negative = s.startswith(("-", "−", "(")) or s.endswith("-")
    s = s.strip("()+-−")
    s = re.sub(r"(?<=\d)[ '\u00a0\u202f](?=\d{3}\b)", "", s)  # space/apostrophe groups
    seps = [c for c in s if c in ".,"]
    conv = convention
    tail = _TRAILING_DECIMAL.search(s)
    if tail is not None and len(seps) >= 2 and len(set(seps)) == 1:
        # one separator everywhere and two digits at the end: OCR took the decimal comma
        # for a point (`48.851.60`); the last one is the decimal separator
        s = s[: tail.start()].replace(seps[0], "") + "." + tail.group(0)[1:]
        seps, conv = ["."], DOT
    if seps:
        last = max(s.rfind("."), s.rfind(","))
        decimals = len(s) - last - 1
        if len(set(seps)) == 2:  # both present: the last one is the decimal separator
            conv = COMMA if s[last] == "," else DOT
        elif decimals != 3 or seps.count(s[last]) == 1 and len(s[:last].lstrip("0")) == 0:
            conv = COMMA if s[last] == "," else DOT  # 1-2 or 4+ digits after: a decimal
        elif seps.count(s[last]) > 1:
            conv = DOT if s[last] == "," else COMMA  # 1,000,000: repeated groups
    try:
        value = parse_decimal(s, locale=_babel_locale(conv), strict=False)
    except (NumberFormatError, InvalidOperation, ValueError):
        return None
    return -value if negative else value


# Shapes OCR reads for digits (O or Q for 0, l, I or L for 1, S for 5, B for 8),
# taken as digits only inside a numeric token, next to its digits and separators
# (`1O5,00`, `2l,50`, `238.S64,80`), and only when no other letter is left in it.
_DIGIT_LIKE = str.maketrans(
    {"O": "0", "o": "0", "Q": "0", "l": "1", "I": "1", "L": "1", "|": "1"} | {"S": "5", "B": "8"}
)
_LIKE = "OoQlIL|SB"
_IN_NUMBER = re.compile(
    rf"(?<=[\d.,])[{_LIKE}]+(?=[\d.,])|(?<=\d)[{_LIKE}]+$|^[{_LIKE}]+(?=[\d.,]*\d)"
)


def ocr_digits(token: str) -> str:
    """`token` with digit-like letters inside a number read as the digits they stand for;
    a token with fewer digits than such letters, or with other letters, is left as it is."""
    found = _IN_NUMBER.findall(token)
    if not found or sum(c.isdigit() for c in token) <= sum(len(f) for f in found):
        return token  # mostly letters (`B2B`): a word, not a misread number
    fixed = _IN_NUMBER.sub(lambda m: m.group(0).translate(_DIGIT_LIKE), token)
    return fixed if not re.search(r"[^\W\d_]", fixed) else token


def _strip_money(text: str) -> str:
    # a speck after the figure read as punctuation (`2,199.45,`)
    s = re.sub(r"(?<=\d)[.,;:'`]$", "", text.strip()).replace("\u2212", "-")
    s = re.sub(r"^(?:[A-Z]{3}|Rs\.?|[^\w\s().,+-]{1,3})\s*", "", s)  # leading € $ R$ EUR Rs
    s = re.sub(r"\s*(?:[A-Z]{3}|[^\w\s().,+-]{1,3}|%)$", "", s)  # trailing € EUR %
    return s.strip()


def numbers_in(text: str, convention: str = DOT) -> list[Decimal]:
    """Every standalone number in a phrase (`Rs 1939 x 1 Night` gives 1939 and 1)."""
    out = []
    for m in re.finditer(rf"(?<![\w.,])(?:{_NUMBER.pattern})(?![\w])", text):
        value = parse_number(m.group(0), convention)
        if value is not None:
            out.append(value)
    return out


# -- currencies ----------------------------------------------------------------------

_LOCALES = (
    *("en_US", "en_GB", "en_IN", "nl_NL", "de_DE", "de_CH", "fr_FR", "es_ES", "pt_PT"),
    *("pt_BR", "ja_JP", "pl_PL", "sv_SE", "da_DK", "es_MX"),
)


@functools.cache
def currency_symbols() -> dict[str, str]:
    """Symbol -> ISO 4217 code, from CLDR via babel: the symbols the main business
    locales print (`€`, `$` as USD in en_US, `£`, `₹`, `R$`, `CHF`...). A symbol two
    currencies share keeps the one of the first locale that prints it."""
    from babel.numbers import get_currency_symbol, get_territory_currencies

    out: dict[str, str] = {}
    for loc in _LOCALES:
        territory = loc.split("_")[1]
        for code in get_territory_currencies(territory):
            sym = get_currency_symbol(code, loc)
            if sym != code:
                out.setdefault(sym, code)
    return out


@functools.cache
def currency_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def currency_in(text: str) -> str | None:
    """The ISO code of a currency code or symbol written in `text`, else None."""
    for word in re.findall(r"\b[A-Z]{3}\b", text):
        if word in currency_codes() and word not in _NOT_CURRENCY:
            return word
    symbols = currency_symbols()
    for sym in sorted(symbols, key=len, reverse=True):
        if not sym.isalpha() and sym in text:
            return symbols[sym]
    return None


# three capitals that are words on documents more often than currencies
_NOT_CURRENCY = frozenset({"ALL", "TOP", "CUP", "MOP", "BOB", "TRY", "PEN", "VAT", "BTW"})


# -- dates ---------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?!\d)")
_WORD_DATE = re.compile(
    r"(?<!\w)(\d{1,2})(?:er|st|nd|rd|th|º|\.)?\s+(?:de\s+)?([^\W\d_]{3,}\.?)\s+(?:de\s+)?(\d{4})(?!\d)"
    r"|(?<!\w)([^\W\d_]{3,}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"
)


@functools.cache
def _month_words(languages: tuple[str, ...]) -> frozenset[str]:
    """Month names and abbreviations of the languages, from dateparser's locale data."""
    from dateparser.languages import default_loader

    words: set[str] = set()
    for lang in languages:
        info = default_loader.get_locale(lang).info
        for i in range(1, 13):
            for w in info.get(_MONTHS[i - 1], []):
                words.add(w.lower().rstrip("."))
    return frozenset(words)


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


# A numeric date with one separator misread by OCR (`18.06°2024`, `18,06.2024`): the
# other one is the date's; one character for one, so spans stay those of `text`.
_ODD = "°,;:'·*"
_SECOND_ODD = re.compile(rf"(?<![\d.])(\d{{1,2}})([./-])(\d{{1,2}})[{_ODD}](\d{{4}})(?!\d)")
_FIRST_ODD = re.compile(rf"(?<![\d.])(\d{{1,2}})[{_ODD}](\d{{1,2}})([./-])(\d{{4}})(?!\d)")


def _ocr_date_separators(text: str) -> str:
    text = _SECOND_ODD.sub(r"\1\2\3\2\4", text)
    return _FIRST_ODD.sub(r"\1\3\2\3\4", text)


def dates_in(
    text: str, languages: tuple[str, ...], day_first: bool = True
) -> list[tuple[dt.date, int, int]]:
    """Every date written in `text`, with its character span: numeric (`20.03.2023`,
    `03/20/2023`, `2023-03-20`) or with a month name in one of `languages`."""
    import dateparser

    out: list[tuple[dt.date, int, int]] = []
    months = _month_words(languages)
    for m in _NUMERIC_DATE.finditer(_ocr_date_separators(text)):
        a, b, c = int(m.group(1)), int(m.group(3)), m.group(4)
        if len(m.group(1)) == 4:
            order = "YMD"
        elif a > 12:
            order = "DMY"
        elif b > 12:
            order = "MDY"
        else:
            order = "DMY" if day_first else "MDY"
        if len(m.group(1)) != 4 and len(c) not in (2, 4):
            continue
        d = dateparser.parse(
            m.group(0), settings={"DATE_ORDER": order, "STRICT_PARSING": True}, languages=["en"]
        )
        if d is not None:
            out.append((d.date(), m.start(), m.end()))
    for m in _WORD_DATE.finditer(text):
        month = (m.group(2) or m.group(4) or "").lower().rstrip(".")
        if month not in months:
            continue
        d = dateparser.parse(
            m.group(0).replace("1er", "1"),
            languages=list(languages),
            settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"},
        )
        if d is not None:
            out.append((d.date(), m.start(), m.end()))
    out.sort(key=lambda t: t[1])
    return out


def plausible_date(d: dt.date, today: dt.date) -> bool:
    """A business document's date: not before 1990 and not more than two years ahead."""
    return dt.date(1990, 1, 1) <= d <= today.replace(year=today.year + 2)
