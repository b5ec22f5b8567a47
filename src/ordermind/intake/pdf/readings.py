"""Choosing between OCR readings of figures with the document's own arithmetic.

OCR misreads digits one at a time: a `1` read as `4` or `7`, a leading digit lost, an
`8` read as `9`. When quantity x unit price does not give the line amount, the readings
of the line that differ from what was read by the fewest digits (substituted, lost or
added) and make the arithmetic hold exactly, to the cent, are the candidates; the line is
repaired only when one reading is cheapest (a tie is left for review). The same is done
for a stated total that the lines' sum (with the stated tax) misses by a digit or two.

Only OCR'd pages are repaired: a text layer's digits are the sender's, and a mismatch
there is the sender's error, for a person to see."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
MAX_EDITS_ONE = 2  # digits one figure may be misread by
MAX_EDITS_ALL = 3  # and all the figures of one line together


def digits(value: Decimal, places: int) -> str:
    """The digits of a figure as printed with `places` decimals (`1091.92` -> `109192`)."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{abs(q):.{places}f}".replace(".", "").lstrip("0") or "0"


def edits(a: str, b: str, cap: int = MAX_EDITS_ALL + 1) -> int:
    """Levenshtein distance between two strings (digits here, labels elsewhere), at most
    `cap`."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return min(prev[-1], cap)


def _places(value: Decimal) -> int:
    return 0 if value == value.to_integral_value() else 2


def _one_edit_integers(value: Decimal) -> Iterable[Decimal]:
    """Whole numbers one digit away from `value` (a quantity misread by one digit)."""
    s = digits(value, 0)
    seen: set[str] = set()
    for i in range(len(s) + 1):
        for d in "0123456789":
            seen.add(s[:i] + d + s[i:])  # a digit lost
            if i < len(s):
                seen.add(s[:i] + d + s[i + 1 :])  # a digit misread
        if i < len(s):
            seen.add(s[:i] + s[i + 1 :])  # a digit added
    for t in seen:
        if t and not (len(t) > 1 and t.startswith("0")) and int(t) > 0:
            yield Decimal(t)


Reading = tuple[Decimal, Decimal, Decimal]  # quantity, unit price, amount


def line_readings(
    qty: Decimal, price: Decimal, amount: Decimal, factors: list[Decimal]
) -> list[Reading]:
    """The (quantity, unit price, amount) readings nearest to what was read for which
    quantity x price x one of `factors` (discount, tax) is the amount to the cent: none
    when no reading is near enough, several when they are equally near (the document's
    sum may tell them apart: `settle`)."""
    qd, pd, ad = digits(qty, _places(qty)), digits(price, 2), digits(amount, 2)
    found: dict[tuple[Decimal, Decimal, Decimal], int] = {}

    def cost(q: Decimal, p: Decimal, a: Decimal) -> int | None:
        """Digits changed, or None when one figure changes by more than it may: a short
        figure (four digits or fewer) by one, a longer one by MAX_EDITS_ONE."""
        total = 0
        for value, was, places in ((q, qd, _places(q)), (p, pd, 2), (a, ad, 2)):
            n = edits(digits(value, places), was)
            if n > (1 if len(was) <= 4 else MAX_EDITS_ONE):
                return None
            total += n
        return total if total <= MAX_EDITS_ALL else None

    def consider(q: Decimal, p: Decimal, a: Decimal, f: Decimal) -> None:
        if q <= 0 or p <= 0 or a <= 0:
            return
        # exact to the cent without a discount or tax; a cent of rounding with one
        if abs(q * p * f - a) > (0 if f == 1 else CENT):
            return
        c = cost(q, p, a)
        if c is not None and c < found.get((q, p, a), MAX_EDITS_ALL + 1):
            found[(q, p, a)] = c

    for f in factors:
        # the amount misread: the quantity and price give it
        consider(qty, price, (qty * price * f).quantize(CENT, rounding=ROUND_HALF_UP), f)
        # the price misread (with the quantity, perhaps): the amount gives it
        for q in (qty, *_one_edit_integers(qty)):
            consider(q, (amount / (q * f)).quantize(CENT, rounding=ROUND_HALF_UP), amount, f)
        # the quantity misread: amount / price is a whole number
        consider((amount / (price * f)).to_integral_value(ROUND_HALF_UP), price, amount, f)
    found.pop((qty, price, amount), None)  # the reading as read already failed its check
    if not found:
        return []
    best = min(found.values())
    return sorted(r for r, c in found.items() if c == best)


MAX_COMBINATIONS = 256


def settle(
    amounts: list[Decimal | None],
    choices: dict[int, list[Reading]],
    targets: list[Decimal],
) -> dict[int, Reading] | None:
    """One reading per line of `choices` (by line index) such that the line amounts add
    up to one of `targets` (the stated subtotal or total less tax); None unless exactly
    one combination does."""
    import itertools

    if not choices or any(a is None for i, a in enumerate(amounts) if i not in choices):
        return None
    options = sorted(choices.items())
    count = 1
    for _i, rs in options:
        count *= len(rs)
    if count > MAX_COMBINATIONS:
        return None
    fixed = sum((a for i, a in enumerate(amounts) if i not in choices and a is not None), CENT * 0)
    tolerance = CENT * (len(amounts) + 1)
    fits = []
    for combo in itertools.product(*(rs for _i, rs in options)):
        total = fixed + sum((r[2] for r in combo), CENT * 0)
        if any(abs(total - t) <= tolerance for t in targets):
            fits.append(combo)
    if len(fits) != 1:
        return None
    return {i: r for (i, _rs), r in zip(options, fits[0], strict=True)}


def total_reading(stated: Decimal, sums: list[Decimal]) -> Decimal | None:
    """The sum (of the lines, or the lines with the stated tax) that a stated total was
    misread from by at most MAX_EDITS_ONE digits; None when none is, or two are."""
    sd = digits(stated, 2)
    near = {
        s.quantize(CENT, rounding=ROUND_HALF_UP)
        for s in sums
        if s > 0 and edits(digits(s, 2), sd) <= MAX_EDITS_ONE
    }
    return near.pop() if len(near) == 1 else None
