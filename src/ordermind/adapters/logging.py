"""Structured JSON logs with customer data masked."""

from __future__ import annotations

import logging
import re
import sys

import orjson

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
PII_KEYS = {
    "email",
    "customer_email",
    "name",
    "customer_name",
    "line1",
    "line2",
    "ship_to",
    "address",
    "postal_code",
    "lat",
    "lon",
    "phone",
}


def mask_text(text: str) -> str:
    """a.person@example.com -> a***@example.com"""
    return _EMAIL.sub(r"\1***@\2", text)


def mask(value: object, key: str | None = None) -> object:
    if key in PII_KEYS and value is not None:
        return "***"
    if isinstance(value, dict):
        return {k: mask(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    return value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": mask_text(record.getMessage()),
        }
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            entry.update({k: mask(v, k) for k, v in extra.items()})
        if record.exc_info:
            entry["exc"] = mask_text(self.formatException(record.exc_info))
        return orjson.dumps(entry, default=str).decode()


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("ordermind")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
