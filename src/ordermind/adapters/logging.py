"""Structured JSON logs with customer data masked: one logging path for the whole process.

`configure` sends the app's own loggers, uvicorn's and every library's (SQLAlchemy's pool,
for one) through `JsonFormatter`, so each line on stderr is one JSON object and has been
masked. Customer data is masked in three ways, because a name or a street cannot be told
from other words by its shape:

- by field: the values of known customer fields (`PII_KEYS`) in a record's `fields`
  extra, in its args, and in text that names the field (`name='Ann'`, `"line1": "…"`,
  as dataclass reprs, dict reprs and JSON print them);
- by request: while a request with a JSON body is served, the values of those fields in
  its body are masked wherever they appear (messages, exception text, error bodies);
- by shape: e-mail addresses and phone numbers anywhere.
"""

from __future__ import annotations

import contextvars
import logging
import re
import sys
from collections.abc import Iterator

import orjson

from ordermind.services.audit import request_id as audit_request_id

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
# International (+44 20 7946 0958, 0044 …), national with a trunk 0 (020 7946 0958,
# 07700-900123) and North American ((555) 123-4567) numbers. A date, a time, a version or
# an id has no leading + or 0 with separators like these, so it is left alone.
_PHONE = re.compile(
    r"(?<![\w+.-])(?:"
    r"(?:\+|00)[1-9][0-9 ()./-]{6,18}[0-9]"
    r"|\(?0[1-9][0-9]{1,4}\)?[ -][0-9]{3,4}[ -]?[0-9]{3,4}"
    r"|0[1-9][0-9]{8,10}"
    r"|\([0-9]{3}\) ?[0-9]{3}-[0-9]{4}"
    r")(?![\w-])"
)
PII_KEYS = {
    "email",
    "customer_email",
    "name",
    "customer_name",
    "first_name",
    "last_name",
    "full_name",
    "line1",
    "line2",
    "street",
    "ship_to",
    "address",
    "postal_code",
    "postcode",
    "zip",
    "lat",
    "lon",
    "phone",
    "phone_number",
    "mobile",
}
# Fields whose whole value is personal (an address object: every string in it).
_WHOLE = {"ship_to", "address"}
# Fields holding a person's name: each of its words is masked too ("Buyer, Ann").
_NAMES = {"name", "customer_name", "first_name", "last_name", "full_name"}
_KEYED = re.compile(
    r"(?P<key>\b(?:" + "|".join(sorted(PII_KEYS - {"ship_to", "address"})) + r"))"
    r"(?P<sep>['\"]?\s*[:=]\s*)"
    r"(?P<quote>['\"])(?P<value>(?:\\.|(?!(?P=quote)).)*)(?P=quote)"
)
_MIN_VALUE = 4  # shorter request values ("GB", "A") would mask unrelated words


class _RequestData:
    """The JSON body of the request being served, read for its customer values only when
    a line is actually written (most requests write none)."""

    __slots__ = ("body", "_pattern")

    def __init__(self, body: bytes) -> None:
        self.body = body
        self._pattern: re.Pattern[str] | None | bool = False  # False: not read yet

    def pattern(self) -> re.Pattern[str] | None:
        if self._pattern is False:
            try:
                values = set(_personal_values(orjson.loads(self.body)))
            except orjson.JSONDecodeError:
                values = set()
            # Each value by its words and digits, whatever stands between them: a copy
            # normalised elsewhere ("27 quillfeather lane flat 4 phone 44 20 7946 0958",
            # as a velocity key is) is masked as well as the value as it was sent.
            pieces = {
                r"[\W_]*".join(re.escape(w) for w in words)
                for words in (re.findall(r"[^\W_]+", v) for v in values)
                if sum(map(len, words)) >= _MIN_VALUE
            }
            longest_first = sorted(pieces, key=len, reverse=True)
            self._pattern = (
                re.compile("|".join(longest_first), re.IGNORECASE) if longest_first else None
            )
        assert self._pattern is not True
        return self._pattern or None


_request: contextvars.ContextVar[_RequestData | None] = contextvars.ContextVar(
    "ordermind_request_data", default=None
)


# the services' own (audit entries keep it), so one id is in logs, problems and the trail
_request_id = audit_request_id


def set_request_id(value: str) -> contextvars.Token[str | None]:
    """The id of the request being served: in every log line and problem body meanwhile."""
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token[str | None]) -> None:
    _request_id.reset(token)


def request_id() -> str | None:
    return _request_id.get()


def remember_request(body: bytes) -> contextvars.Token[_RequestData | None]:
    """Mask this request body's customer values in every line written while it is served
    (the context is copied into the thread that runs a route, so lines written there too)."""
    return _request.set(_RequestData(body) if body else None)


def forget_request(token: contextvars.Token[_RequestData | None]) -> None:
    _request.reset(token)


def _personal_values(value: object, key: str | None = None, whole: bool = False) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _personal_values(v, k, whole or k in _WHOLE)
    elif isinstance(value, list):
        for item in value:
            yield from _personal_values(item, key, whole)
    elif isinstance(value, str) and (whole or key in PII_KEYS):
        text = value.strip()
        if len(text) >= _MIN_VALUE:
            yield text
        yield from (m.group(0) for m in _PHONE.finditer(text))  # "Flat 4, call +44 …"
        if key in _NAMES:
            yield from (w for w in re.split(r"[\s,]+", text) if len(w) >= _MIN_VALUE)


def _mask_keyed(match: re.Match[str]) -> str:
    return f"{match['key']}{match['sep']}{match['quote']}***{match['quote']}"


def mask_text(text: str) -> str:
    """Customer data out of free text: a***@example.com for a.person@example.com, [phone]
    for a phone number, *** for a named customer field's value and for the current
    request's customer values."""
    data = _request.get()
    if data is not None:
        pattern = data.pattern()
        if pattern is not None:
            text = pattern.sub("***", text)
    text = _KEYED.sub(_mask_keyed, text)
    text = _EMAIL.sub(r"\1***@\2", text)
    return _PHONE.sub("[phone]", text)


def mask(value: object, key: str | None = None) -> object:
    if key in PII_KEYS and value is not None:
        return "***"
    if isinstance(value, dict):
        return {k: mask(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    if isinstance(value, tuple):
        return tuple(mask(v) for v in value)
    if isinstance(value, str):
        return mask_text(value)
    return value


def _message(record: logging.LogRecord) -> str:
    """The record's message with its args masked first (a dict arg loses its customer
    fields before it is printed)."""
    if not record.args:
        return str(record.msg)
    try:
        return str(record.msg) % mask(record.args)
    except (TypeError, ValueError, KeyError):
        return record.getMessage()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": mask_text(_message(record)),
        }
        rid = _request_id.get()
        if rid is not None:
            entry["request_id"] = rid
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            entry.update({k: mask(v, k) for k, v in extra.items()})
        if record.exc_info:
            entry["exc"] = mask_text(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = mask_text(self.formatStack(record.stack_info))
        return orjson.dumps(entry, default=str).decode()


class _MaskingHandler(logging.StreamHandler):
    """The handler `configure` installs (recognised so that it is installed once)."""


def configure(level: str = "INFO") -> None:
    """The app's loggers at `level`; uvicorn's and every other library's through the same
    formatter (their own levels), so no line on stderr escapes the masking."""
    handler = _MaskingHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("ordermind")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    everything = logging.getLogger()
    if not any(isinstance(h, _MaskingHandler) for h in everything.handlers):
        everything.addHandler(handler)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        for own in logging.getLogger(name).handlers:
            own.setFormatter(JsonFormatter())
