"""Webhook signing secrets encrypted at rest.

The database holds each subscription's secrets only as a Fernet token (AES-128-CBC with an
HMAC, from `cryptography`), so a dump or a read-only SQL account does not yield them. The
key comes from the environment: `ORDERMIND_SECRET_KEY` (one or more comma-separated keys
of at least 32 characters; the first encrypts, all decrypt, so a key can be rotated), or
else a key file, `ORDERMIND_SECRET_KEY_FILE` (default `~/.config/ordermind/secret.key`),
made with mode 0600 on first use so a fresh demo works without configuration."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets
from pathlib import Path
from typing import Any

import orjson
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

log = logging.getLogger("ordermind.webhooks")
KEY_ENV = "ORDERMIND_SECRET_KEY"
KEY_FILE_ENV = "ORDERMIND_SECRET_KEY_FILE"
PREFIX = "enc:v1:"
MIN_KEY_CHARS = 32


class VaultError(RuntimeError):
    """The secrets cannot be read with the key this process has."""


def _key_file() -> Path:
    return Path(os.environ.get(KEY_FILE_ENV) or Path.home() / ".config/ordermind/secret.key")


def _keys() -> list[str]:
    given = os.environ.get(KEY_ENV)
    if given:
        keys = [k.strip() for k in given.split(",") if k.strip()]
    else:
        path = _key_file()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
            log.warning(
                "no ORDERMIND_SECRET_KEY: made a key file for webhook secrets",
                extra={"fields": {"path": str(path)}},
            )
        keys = [path.read_text().strip()]
    short = [k for k in keys if len(k) < MIN_KEY_CHARS]
    if short or not keys:
        raise VaultError(f"{KEY_ENV}: each key needs at least {MIN_KEY_CHARS} characters")
    return keys


def _fernet() -> MultiFernet:
    # any long random string is a key: hashed into Fernet's 32-byte form
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(k.encode()).digest())) for k in _keys()]
    )


def seal(values: list[dict]) -> str:
    """The stored form of a subscription's secrets (`[{"secret":…, "until":…}, …]`)."""
    return seal_json(values)


def unseal(stored: str) -> list[dict]:
    values: list[dict] = unseal_json(stored)
    return values


def seal_json(value: Any) -> str:
    """Any JSON value as a Fernet token under the secret key (e.g. a stored answer that
    carries a secret shown once)."""
    return PREFIX + _fernet().encrypt(orjson.dumps(value, default=str)).decode()


def unseal_json(stored: str) -> Any:
    if not stored.startswith(PREFIX):
        raise VaultError("a webhook secret is stored unencrypted; run `ordermind db upgrade`")
    try:
        return orjson.loads(_fernet().decrypt(stored.removeprefix(PREFIX).encode()))
    except InvalidToken:
        raise VaultError(
            f"webhook secrets cannot be decrypted with this {KEY_ENV}: was the key changed? "
            "Give the old key after the new one (comma-separated) to read them"
        ) from None


def derived_key(purpose: str) -> bytes:
    """A key for one purpose (signing the assistant's customer tokens, ...) derived from
    the secret key: HMAC-SHA256 of the purpose under the current key, so the tokens of one
    purpose can never be mistaken for another's and no second secret needs keeping."""
    import hmac

    return hmac.new(_keys()[0].encode(), f"ordermind:{purpose}".encode(), hashlib.sha256).digest()
