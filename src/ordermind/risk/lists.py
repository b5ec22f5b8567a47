"""Small reference lists the screen uses; extend them through :class:`ScreenConfig`."""

from __future__ import annotations

import re

# Throw-away mailbox providers, compiled by hand from providers that are widely known to hand
# out temporary addresses. Not exhaustive: operators add their own through ScreenConfig.
DISPOSABLE_EMAIL_DOMAINS = frozenset(
    {
        "10minutemail.com",
        "10minutemail.net",
        "20minutemail.com",
        "33mail.com",
        "anonbox.net",
        "burnermail.io",
        "discard.email",
        "dispostable.com",
        "dropmail.me",
        "emailondeck.com",
        "fakeinbox.com",
        "fakemail.net",
        "getairmail.com",
        "getnada.com",
        "guerrillamail.biz",
        "guerrillamail.com",
        "guerrillamail.de",
        "guerrillamail.net",
        "guerrillamail.org",
        "guerrillamailblock.com",
        "harakirimail.com",
        "inboxbear.com",
        "incognitomail.org",
        "mailcatch.com",
        "maildrop.cc",
        "mailinator.com",
        "mailinator.net",
        "mailnesia.com",
        "mailpoof.com",
        "mintemail.com",
        "mohmal.com",
        "moakt.com",
        "mytemp.email",
        "nada.email",
        "sharklasers.com",
        "spam4.me",
        "spamgourmet.com",
        "temp-mail.io",
        "temp-mail.org",
        "tempail.com",
        "tempmail.dev",
        "tempmail.net",
        "tempmailo.com",
        "tempr.email",
        "throwawaymail.com",
        "trashmail.com",
        "trashmail.de",
        "trashmail.net",
        "yopmail.com",
        "yopmail.fr",
        "yopmail.net",
    }
)

# Parcel forwarders and reshippers: their warehouses receive goods for someone abroad, a
# classic route for goods bought with stolen cards. Patterns match the address text.
FREIGHT_FORWARDER_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(freight|parcel|package|mail)\s*forward(er|ers|ing)?\b",
        r"\breship(per|ping)?\b",
        r"\bforwarding\s+(address|service|warehouse)\b",
        r"\b(myus|shipito|stackry|planet\s*express|viabox|borderlinx|bongo\s*us|ship7|"
        r"comgateway|usgobuy|opas|forward2me|parcl|eshopworld|shopandship|aramex\s*shop)\b",
        r"\b(suite|ste|unit)\s*#?\s*[a-z]{2,4}[- ]?\d{4,}\b",  # forwarder account-coded suites
    )
)


def is_disposable(domain: str | None, extra: frozenset[str] = frozenset()) -> bool:
    if not domain:
        return False
    domain = domain.lower()
    parts = domain.split(".")
    # Also catch sub-domains such as "x.mailinator.com".
    candidates = {".".join(parts[i:]) for i in range(len(parts) - 1)}
    return bool(candidates & (DISPOSABLE_EMAIL_DOMAINS | extra))


def forwarder_match(address: str | None) -> str | None:
    """The matching fragment if the address looks like a freight forwarder, else None."""
    if not address:
        return None
    for pattern in FREIGHT_FORWARDER_PATTERNS:
        found = pattern.search(address)
        if found:
            return found.group(0)
    return None
