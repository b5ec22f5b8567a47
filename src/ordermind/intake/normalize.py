"""Numbers, dates and units of measure as people and trading partners write them."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

# Unit spellings -> UN/ECE Rec 20 style codes (the ones UBL and most ERPs use).
UNIT_CODES: dict[str, str] = {}
for _code, _names in {
    "EA": (
        "ea",
        "each",
        "pc",
        "pcs",
        "piece",
        "pieces",
        "unit",
        "units",
        "c62",
        "pce",
        "un",
        "item",
        "items",
        "x",
    ),
    "BX": ("bx", "box", "boxes", "carton", "cartons", "ctn", "ct"),
    "CA": ("ca", "cs", "case", "cases", "cse"),
    "PK": ("pk", "pack", "packs", "packet", "packets", "pkt"),
    "DZN": ("dz", "dzn", "doz", "dozen", "dozens"),
    "PR": ("pr", "pair", "pairs"),
    "RM": ("rm", "ream", "reams"),
    "RL": ("rl", "roll", "rolls"),
    "BG": ("bg", "bag", "bags", "sack", "sacks"),
    "BO": ("bo", "bottle", "bottles", "btl"),
    "PL": ("pl", "pallet", "pallets", "plt"),
    "KGM": ("kg", "kgs", "kgm", "kilo", "kilos", "kilogram", "kilograms"),
    "GRM": ("g", "gr", "grm", "gram", "grams"),
    "LTR": ("l", "ltr", "litre", "litres", "liter", "liters"),
    "MTR": ("m", "mtr", "metre", "metres", "meter", "meters"),
    "LB": ("lb", "lbs", "pound", "pounds"),
    "TN": ("tin", "tins", "can", "cans"),
}.items():
    for _n in _names:
        UNIT_CODES[_n] = _code
# How many eaches a unit holds when the catalog does not say otherwise.
FIXED_EACHES = {"EA": 1, "DZN": 12, "PR": 2}

WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "pair": 2,
    "couple": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}


def unit_code(text: str | None) -> str | None:
    if text is None:
        return None
    key = text.strip().lower().rstrip(".")
    return UNIT_CODES.get(key, text.strip().upper() or None)


def ascii_digits(value: str | None) -> bool:
    """'0'-'9' only: str.isdigit() also says yes to '²' and '①', which int() refuses."""
    return bool(value) and value.isascii() and value.isdigit()  # type: ignore[union-attr]


def iso_date(year: str, month: str, day: str) -> str | None:
    """A real calendar date from digit strings, else None (20251340 is not a date)."""
    if not (ascii_digits(year) and ascii_digits(month) and ascii_digits(day)):
        return None
    return _iso(int(year), int(month), int(day))


def finite_float(value: Any) -> float | None:
    """A float from a document field, or None: 'inf', 'nan' and numbers past the float
    range are not quantities or prices anyone meant."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def parse_number(value: Any, decimal_comma: bool = False) -> float | None:
    """'1,200' -> 1200, '12,50' -> 12.5, '€ 3.40' -> 3.4, 7 -> 7.0; None when not a number.
    With `decimal_comma` (a ';'-separated European sheet) '1.200' is 1200."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return finite_float(value)
    s = re.sub(r"[^\d,.\-]", "", str(value))
    if not s or not re.search(r"\d", s):
        return None
    if decimal_comma and "," not in s and re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+", s):
        s = s.replace(".", "")
    if "," in s and "." in s:
        if s.rfind(".") > s.rfind(","):
            s = s.replace(",", "")
        else:
            s = s.replace(".", "").replace(",", ".")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        s = f"{head.replace(',', '')}.{tail}" if len(tail) != 3 else s.replace(",", "")
    return finite_float(s)


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def parse_date(value: Any, dayfirst: bool = True) -> str | None:
    """ISO date string from ISO, dd/mm/yyyy (or mm/dd when unambiguous), yyyymmdd,
    '3 March 2024', datetime objects. None when unsure."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", s) or re.match(r"^(\d{4})(\d{2})(\d{2})$", s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})", s)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if y < 100 else y
        if a > 12 or (dayfirst and b <= 12):
            return _iso(y, b, a)
        return _iso(y, a, b)
    m = re.match(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})", s)
    if m and m[2].lower() in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    m = re.match(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", s)
    if m and m[1].lower() in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    return None


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None
