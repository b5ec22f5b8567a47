"""Limits on what one caller may take from the server: read timeouts, request rates per
key and per address, and concurrent uploads per key.

Settings come from the environment, like every other ordermind setting:

| variable | default | meaning |
|---|---|---|
| ORDERMIND_HEADER_TIMEOUT_S | 10 | a request's line and headers must arrive in this |
| ORDERMIND_BODY_TIMEOUT_S | 10 | its whole body in this, else 408 and the connection closed |
| ORDERMIND_RATE_PER_KEY | 1000 | requests per second one API key may make (sustained) |
| ORDERMIND_RATE_PER_KEY_BURST | 2000 | and in one burst |
| ORDERMIND_RATE_PER_IP | 2000 | requests per second from one client address, whatever their key |
| ORDERMIND_RATE_PER_IP_BURST | 4000 | and in one burst |
| ORDERMIND_RATE_BAD_KEY_PER_IP | 2 | failed authentications per second one address may make |
| ORDERMIND_RATE_BAD_KEY_PER_IP_BURST | 20 | and in one burst |
| ORDERMIND_UPLOADS_PER_KEY | 4 | intake uploads one key may have in progress at once |
| ORDERMIND_MAX_BODY_BYTES | 1048576 (1 MiB) | a request body, on every route but the one below |
| ORDERMIND_MAX_DOCUMENT_BYTES | 20971520 (20 MiB) | `POST /v1/intake/documents`: a scan |

A rate of 0 turns that limit off. Every limit is kept by each worker process on its own (a
token bucket in memory, no shared store): with N workers a caller may get up to N times a
rate before every worker refuses it. A refusal is a 429 problem with `Retry-After`. A body
over its limit is a 413 problem naming the setting (`limit`) and its value (`limit_value`),
refused before it is read when its Content-Length says so.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from .problems import ApiError

MIB = 1024 * 1024
# The routes whose body is a document (a PDF, a scan) rather than JSON: (method, path).
DOCUMENT_ROUTES = frozenset({("POST", "/v1/intake/documents")})


class SettingsError(ValueError):
    """A limit setting that cannot be used; the message names it."""


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not math.isfinite(value) or value < 0:
        raise SettingsError(f"{name} must be a number of at least 0, got {raw!r}")
    return value


@dataclass(frozen=True)
class LimitSettings:
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    key_rate: float = 1000.0
    key_burst: float = 2000.0
    ip_rate: float = 2000.0
    ip_burst: float = 4000.0
    bad_key_rate: float = 2.0
    bad_key_burst: float = 20.0
    uploads_per_key: int = 4
    max_body_bytes: int = MIB
    max_document_bytes: int = 20 * MIB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LimitSettings:
        env = os.environ if environ is None else environ
        return cls(
            header_timeout=_number(env, "ORDERMIND_HEADER_TIMEOUT_S", cls.header_timeout),
            body_timeout=_number(env, "ORDERMIND_BODY_TIMEOUT_S", cls.body_timeout),
            key_rate=_number(env, "ORDERMIND_RATE_PER_KEY", cls.key_rate),
            key_burst=_number(env, "ORDERMIND_RATE_PER_KEY_BURST", cls.key_burst),
            ip_rate=_number(env, "ORDERMIND_RATE_PER_IP", cls.ip_rate),
            ip_burst=_number(env, "ORDERMIND_RATE_PER_IP_BURST", cls.ip_burst),
            bad_key_rate=_number(env, "ORDERMIND_RATE_BAD_KEY_PER_IP", cls.bad_key_rate),
            bad_key_burst=_number(env, "ORDERMIND_RATE_BAD_KEY_PER_IP_BURST", cls.bad_key_burst),
            uploads_per_key=int(_number(env, "ORDERMIND_UPLOADS_PER_KEY", cls.uploads_per_key)),
            max_body_bytes=int(_number(env, "ORDERMIND_MAX_BODY_BYTES", cls.max_body_bytes)),
            max_document_bytes=int(
                _number(env, "ORDERMIND_MAX_DOCUMENT_BYTES", cls.max_document_bytes)
            ),
        )

    def body_limit(self, method: str, path: str) -> tuple[int, str]:
        """The most bytes a request's body may have, with the setting that says so."""
        if (method, path.rstrip("/")) in DOCUMENT_ROUTES:
            return self.max_document_bytes, "ORDERMIND_MAX_DOCUMENT_BYTES"
        return self.max_body_bytes, "ORDERMIND_MAX_BODY_BYTES"


def retry_after(seconds: float) -> int:
    """Whole seconds for a `Retry-After` header: at least 1."""
    return max(1, math.ceil(seconds))


class TokenBuckets:
    """One token bucket per name: `rate` tokens a second up to `burst`. A rate of 0 means
    no limit. Buckets that have filled up again are forgotten when there are many, so a
    flood from many addresses cannot grow the table without bound."""

    MAX_BUCKETS = 50_000

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = max(burst, 1.0)
        self._buckets: dict[object, tuple[float, float]] = {}  # name -> (tokens, at)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def _level(self, name: object, at: float) -> float:
        found = self._buckets.get(name)
        if found is None:
            return self.burst
        tokens, then = found
        return min(self.burst, tokens + (at - then) * self.rate)

    def take(self, name: object) -> float:
        """Take a token: 0.0 if there was one, else the seconds until there is."""
        if self.rate <= 0:
            return 0.0
        at = time.monotonic()
        with self._lock:
            tokens = self._level(name, at)
            if tokens < 1.0:
                self._buckets[name] = (tokens, at)
                return (1.0 - tokens) / self.rate
            self._buckets[name] = (tokens - 1.0, at)
            if len(self._buckets) > self.MAX_BUCKETS:
                self._prune(at)
        return 0.0

    def give_back(self, name: object) -> None:
        """Return a token taken for something that turned out not to count."""
        if self.rate <= 0:
            return
        at = time.monotonic()
        with self._lock:
            self._buckets[name] = (min(self.burst, self._level(name, at) + 1.0), at)

    def _prune(self, at: float) -> None:
        full = [n for n in self._buckets if self._level(n, at) >= self.burst]
        for n in full:
            del self._buckets[n]
        if len(self._buckets) > self.MAX_BUCKETS:  # all busy: forget the oldest half
            oldest = sorted(self._buckets, key=lambda n: self._buckets[n][1])
            for n in oldest[: len(oldest) // 2]:
                del self._buckets[n]


class UploadSlots:
    """At most `cap` uploads in progress per key (0: no cap)."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._busy: dict[int, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, key_id: int) -> Iterator[None]:
        if self.cap <= 0:
            yield
            return
        with self._lock:
            busy = self._busy.get(key_id, 0)
            if busy >= self.cap:
                raise ApiError(
                    429,
                    f"this key already has {busy} uploads in progress (at most {self.cap}); "
                    "wait for one to finish",
                    "too_many_uploads",
                    retry_after=1,
                )
            self._busy[key_id] = busy + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._busy[key_id] - 1
                if left:
                    self._busy[key_id] = left
                else:
                    del self._busy[key_id]


class Limits:
    """The limits of one worker process."""

    def __init__(self, settings: LimitSettings | None = None) -> None:
        self.settings = settings or LimitSettings.from_env()
        s = self.settings
        self.per_key = TokenBuckets(s.key_rate, s.key_burst)
        self.per_ip = TokenBuckets(s.ip_rate, s.ip_burst)
        self.bad_keys = TokenBuckets(s.bad_key_rate, s.bad_key_burst)
        self.uploads = UploadSlots(s.uploads_per_key)

    def charge_key(self, key_id: int) -> None:
        wait = self.per_key.take(key_id)
        if wait:
            raise ApiError(
                429,
                f"too many requests with this key (at most {self.settings.key_rate:g} a "
                "second); slow down",
                "rate_limited",
                retry_after=retry_after(wait),
            )

    def check_bad_keys(self, client: str | None) -> None:
        """Before a key is looked up: take one of the address's bad-key tokens (given back
        if the key is good), or refuse the address if it has sent too many bad keys
        lately. Taking it first means concurrent guesses cannot all pass on the last one."""
        if client is None:
            return
        wait = self.bad_keys.take(client)
        if wait:
            raise ApiError(
                429,
                "too many failed authentications from this address; wait before trying again",
                "rate_limited",
                retry_after=retry_after(wait),
            )

    def good_key(self, client: str | None) -> None:
        if client is not None:
            self.bad_keys.give_back(client)

    def ip_wait(self, client: str | None) -> float:
        """The edge's check: 0.0 to serve the request, else the seconds to wait."""
        return self.per_ip.take(client) if client is not None else 0.0
