"""Signed customer tokens: a shop that has logged its customer in vouches for them, so
the assistant need not ask for the e-mail or postcode. The token binds the channel, the
customer's e-mail and an expiry, signed with HMAC-SHA256 under a key the server derives
from its secret key; it carries no secret and cannot be altered or moved to another
channel."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

PREFIX = "omct1."


class TokenInvalid(ValueError):
    pass


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: bytes, channel: str, email: str, expires_at: float) -> str:
    body = _b64(json.dumps({"c": channel, "e": email.lower(), "x": int(expires_at)}).encode())
    mac = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    return f"{PREFIX}{body}.{mac}"


def verify(key: bytes, token: str, channel: str, now: float | None = None) -> str:
    """The e-mail the token vouches for, if it is genuine, unexpired and for `channel`."""
    if not token.startswith(PREFIX) or token.count(".") != 2:
        raise TokenInvalid("not a customer token")
    body, mac = token.removeprefix(PREFIX).split(".")
    good = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(good, mac):
        raise TokenInvalid("customer token signature does not match")
    try:
        claims = json.loads(_unb64(body))
        email, bound, expires = str(claims["e"]), str(claims["c"]), float(claims["x"])
    except (ValueError, KeyError, TypeError):
        raise TokenInvalid("customer token is malformed") from None
    if bound != channel:
        raise TokenInvalid("customer token is for another channel")
    if expires <= (time.time() if now is None else now):
        raise TokenInvalid("customer token has expired")
    return email
