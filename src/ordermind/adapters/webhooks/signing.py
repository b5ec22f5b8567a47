"""Webhook signatures by the Standard Webhooks specification (standardwebhooks.com), with
the `standardwebhooks` package: headers `webhook-id` (the same on every retry, so a
receiver can drop duplicates), `webhook-timestamp` and `webhook-signature`, one `v1,<sig>`
per active secret so a receiver keeps verifying while a secret is rotated. Verification
refuses a timestamp more than five minutes off."""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A secret in the spec's form: `whsec_` and base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _signer(secret: str) -> Webhook:
    # a `whsec_` secret is base64 (the spec's form); one a subscriber chose is its bytes
    if secret.startswith(SECRET_PREFIX):
        return Webhook(secret)
    return Webhook(secret.encode())


def message_id(event_id: int) -> str:
    return f"msg_{event_id}"


def headers(active: list[str], msg_id: str, body: bytes, at: datetime | None = None) -> dict:
    at = at or datetime.now(UTC)
    signatures = " ".join(_signer(s).sign(msg_id, at, body) for s in active)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures,
    }


def verify(secret: str, sent: dict[str, str], body: bytes) -> bool:
    """Whether `sent` headers sign `body` with `secret`, within the five-minute tolerance."""
    try:
        _signer(secret).verify(body, dict(sent), json_parse=False)
    except WebhookVerificationError:
        return False
    return True
