"""The signature both shops put on a webhook: base64 of the HMAC-SHA256 of the raw body
with the shared secret (Shopify: `X-Shopify-Hmac-Sha256`; WooCommerce:
`X-WC-Webhook-Signature`). Compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac


def sign(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def verify(secret: str, body: bytes, given: str | None) -> bool:
    if not given:
        return False
    return hmac.compare_digest(sign(secret, body).encode(), given.strip().encode())
