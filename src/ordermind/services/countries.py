"""ISO 3166-1 alpha-2 country codes, from pycountry's copy of the standard (the domain
checks only the shape, two letters; which pairs are countries is this list's to say)."""

from __future__ import annotations

import pycountry

from ordermind.domain.errors import ValidationFailed

ALPHA_2: frozenset[str] = frozenset(c.alpha_2 for c in pycountry.countries)


def check_country(code: str, what: str) -> None:
    """`code` (any case) is an assigned ISO 3166-1 alpha-2 code, or ValidationFailed."""
    if code.upper() not in ALPHA_2:
        raise ValidationFailed(f"{what} {code!r} is not an ISO 3166-1 alpha-2 country code")
