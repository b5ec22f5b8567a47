"""Dates and quantities in a customer's message, English, without a date library: the
forms customers write in chat ("tomorrow", "next friday", "on the 12th", "4 jan",
"2025-03-04", "04/03/2025" day first) resolved against a reference day."""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_DATE = re.compile(
    r"\b(?P<rel>today|tonight|tomorrow|tmrw|tmr|yesterday|day after tomorrow)\b"
    rf"|\b(?:(?P<which>next|this|last|on)\s+)?(?P<wd>{_WEEKDAY})\b\.?"
    r"|\bin\s+(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven)\s+(?P<unit>days?|weeks?)\b"
    r"|\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"
    r"|\b(?P<d2>\d{1,2})[/.](?P<m2>\d{1,2})(?:[/.](?P<y2>\d{2,4}))?\b"
    rf"|\b(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m3>{_MONTH})\b\.?(?:,?\s+(?P<y3>\d{{4}}))?"
    rf"|\b(?P<m4>{_MONTH})\.?\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y4>\d{{4}}))?"
    r"|\bthe\s+(?P<d5>\d{1,2})(?:st|nd|rd|th)\b",
    re.I,
)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def extract_dates(text: str, today: date) -> tuple[date, ...]:
    found: list[date] = []
    for m in _DATE.finditer(text):
        day = _resolve(m, today)
        if day is not None and day not in found:
            found.append(day)
    return tuple(found)


def _resolve(m: re.Match[str], today: date) -> date | None:
    g = m.groupdict()
    try:
        if g["rel"]:
            rel = g["rel"].lower()
            offset = {"yesterday": -1, "today": 0, "tonight": 0, "day after tomorrow": 2}
            return today + timedelta(days=offset.get(rel, 1))
        if g["wd"]:
            return _weekday(today, _WEEKDAYS[g["wd"].lower()], (g["which"] or "").lower())
        if g["n"]:
            n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
            return today + timedelta(days=n * (7 if g["unit"].lower().startswith("w") else 1))
        if g["y"]:
            return date(int(g["y"]), int(g["m"]), int(g["d"]))
        if g["d2"]:
            first, second = int(g["d2"]), int(g["m2"])
            d, mo = (second, first) if second > 12 else (first, second)  # day first
            return _in_year(today, mo, d, g["y2"])
        if g["d3"]:
            return _in_year(today, _MONTHS[g["m3"].lower()], int(g["d3"]), g["y3"])
        if g["m4"]:
            return _in_year(today, _MONTHS[g["m4"].lower()], int(g["d4"]), g["y4"])
        if g["d5"]:
            d = int(g["d5"])
            day = today.replace(day=d)
            return day if day >= today else _next_month(today).replace(day=d)
    except ValueError:  # 31/02, "the 31st" in a 30-day month: not a date
        return None
    return None


def _weekday(today: date, wd: int, which: str) -> date:
    ahead = (wd - today.weekday()) % 7
    if which == "last":
        return today - timedelta(days=(today.weekday() - wd) % 7 or 7)
    if which == "next" and ahead == 0:
        ahead = 7
    return today + timedelta(days=ahead)


def _in_year(today: date, month: int, day: int, year: str | None) -> date:
    if year:
        y = int(year)
        return date(y + 2000 if y < 100 else y, month, day)
    candidate = date(today.year, month, day)
    # Without a year a date far in the past is next year's ("3 jan" said in december).
    return (
        candidate
        if candidate >= today - timedelta(days=90)
        else candidate.replace(year=today.year + 1)
    )


def _next_month(today: date) -> date:
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


_WORD_QTY = {
    "one": 1,
    "a single": 1,
    "two": 2,
    "a couple of": 2,
    "couple of": 2,
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
    "a dozen": 12,
    "dozen": 12,
    "both": 2,
}
_NUMBER = r"\d{1,3}|" + "|".join(sorted(_WORD_QTY, key=len, reverse=True))
_NOT_ITEMS = (
    r"days?|weeks?|months?|years?|hours?|minutes?|mins?|times?|am|pm|euros?|dollars?|pounds?"
    r"|percent|st|nd|rd|th|of\s+(?:them|those|these)\b(?!\s+\w)"
)
_NOT_PLURALS = (
    "was|has|is|does|yes|this|its|his|us|as|plus|less|unless|gets|goes|says|takes|comes|makes"
    "|thanks|pls|plus|always|perhaps|towards|status|address|express|business|process|miss"
)
_QTY = re.compile(
    rf"\b(?P<a>\d{{1,3}})\s?[x×](?=\s|$|\b)"  # 2x, 2 x
    rf"|(?<![\w#])[x×]\s?(?P<b>\d{{1,3}})\b"  # x2
    rf"|\b(?:qty|quantity|amount)\.?\s*[:=]?\s*(?P<c>\d{{1,3}})\b"
    rf"|\b(?P<d>{_NUMBER})\s+(?:of\s+(?:the|my|these|those|them)\b|(?:pcs|pieces?|items?|units?"
    rf"|pairs?|boxes|packs?|bottles|sets?)\b|(?!(?:{_NOT_ITEMS}|{_NOT_PLURALS})\b)(?=[a-z]{{2,}}s\b))",
    re.I,
)


def extract_quantities(text: str) -> tuple[int, ...]:
    """Quantities of things: "2x", "x3", "qty 4", "two of the mugs", "3 mugs", "5 pcs";
    not durations, prices or ordinals."""
    found: list[int] = []
    for m in _QTY.finditer(text):
        raw = next(v for v in m.groups() if v)
        n = int(raw) if raw.isdigit() else _WORD_QTY[raw.lower()]
        if n > 0:
            found.append(n)
    return tuple(found)
