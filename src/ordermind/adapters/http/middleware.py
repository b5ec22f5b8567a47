"""Pure ASGI middleware: per-address rate limit, body size limit and read timeout, access
log (masked) and request metrics."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import re
import time

import orjson

from ordermind.adapters.logging import (
    forget_request,
    remember_request,
    request_id,
    reset_request_id,
    set_request_id,
)

from . import fast_path
from .limits import Limits, LimitSettings, retry_after
from .metrics import Metrics
from .problems import title

log = logging.getLogger("ordermind.access")


_NUL_JSON = re.compile(rb"(?<!\\)\\u0000", re.IGNORECASE)


def _problem(
    status: int, code: str, detail: str, headers: tuple = (), **extra
) -> tuple[dict, dict]:
    body = orjson.dumps(
        {
            "type": f"https://ordermind.dev/problems/{code}",
            "title": title(status),
            "status": status,
            "code": code,
            "detail": detail,
            **extra,
            **({"request_id": rid} if (rid := request_id()) is not None else {}),
        }
    )
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            *headers,
        ],
    }
    return start, {"type": "http.response.body", "body": body}


# Request ids follow a request through the logs; they are not secrets, so they come from a
# generator of this process's own (seeded from the OS, again in a forked child), not from
# a system call per request on the event loop.
_ids = random.Random()
os.register_at_fork(after_in_child=_ids.seed)


def _request_id(scope) -> str:
    """The caller's X-Request-Id when it is a sane token (a proxy's, to follow a request
    across systems), else a new one (16 hex digits)."""
    for name, value in scope.get("headers") or ():
        if name == b"x-request-id":
            if 0 < len(value) <= 128 and all(0x21 <= b <= 0x7E for b in value):
                return value.decode("ascii")
            break
    return f"{_ids.getrandbits(64):016x}"


NUL_DETAIL = "text must not contain NUL (0x00) characters"


def _too_large(limit: int, setting: str) -> tuple[dict, dict]:
    return _problem(
        413,
        "payload_too_large",
        f"request body exceeds the {limit:,} byte limit ({setting})",
        limit=setting,
        limit_value=limit,
    )


def _timed_out(seconds: float) -> tuple[dict, dict]:
    # the rest of the body is never read: the server closes the connection after this
    return _problem(
        408,
        "request_timeout",
        f"the request body did not arrive within {seconds:g} seconds",
        ((b"connection", b"close"),),
    )


def _rate_limited(wait: float) -> tuple[dict, dict]:
    return _problem(
        429,
        "rate_limited",
        "too many requests from this address; slow down",
        ((b"retry-after", str(retry_after(wait)).encode()),),
    )


class EdgeMiddleware:
    def __init__(self, app, metrics: Metrics, fast_app=None, limits: Limits | None = None) -> None:
        self.app, self.metrics = app, metrics
        self.fast_app = fast_app  # the FastAPI app whose order route the fast path serves
        self.limits = limits
        # body limits (ORDERMIND_MAX_BODY_BYTES, and _MAX_DOCUMENT_BYTES for document uploads)
        self.settings = limits.settings if limits is not None else LimitSettings()
        self.body_timeout = limits.settings.body_timeout if limits is not None else 0.0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _request_id(scope)
        rid_header = (b"x-request-id", rid.encode())

        async def send_with_id(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), rid_header]}
            await send(message)

        remembered: list = []  # the token of a JSON body remembered for the log masking
        id_token = set_request_id(rid)
        try:
            await self._serve(scope, receive, send_with_id, remembered)
        finally:
            for token in remembered:
                forget_request(token)
            reset_request_id(id_token)

    async def _serve(self, scope, receive, send, remembered: list) -> None:
        client = scope.get("client")
        client_host = client[0] if client else None
        if self.limits is not None:
            wait = self.limits.ip_wait(client_host)
            if wait:
                for message in _rate_limited(wait):
                    await send(message)
                return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        max_body, setting = self.settings.body_limit(scope["method"], scope["path"])
        if declared is not None and declared.isdigit() and int(declared) > max_body:
            for message in _too_large(max_body, setting):
                await send(message)
            return
        # NUL is never valid text: PostgreSQL refuses it and SQLite would store it silently.
        raw_target = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
        if b"%00" in raw_target or b"\x00" in raw_target:
            for message in _problem(422, "validation_failed", NUL_DETAIL):
                await send(message)
            return
        started = time.perf_counter()
        status = {"code": 500}
        if scope["method"] in ("POST", "PUT", "PATCH"):
            # Bodies are bounded (a megabyte, a document's 20): read it whole, within the
            # body timeout (a slow sender must not hold the worker), check it, then hand
            # the application a replay.
            chunks: list[bytes] = []
            try:
                # (asyncio's own timeout: a timer handle, not a cancel scope per request)
                async with asyncio.timeout(self.body_timeout or None):
                    too_large = await self._read_body(receive, chunks, max_body)
            except TimeoutError:
                await self._reply(send, _timed_out(self.body_timeout), status, 408)
                return self._observe(scope, started, status)
            if too_large:
                await self._reply(send, _too_large(max_body, setting), status, 413)
                return self._observe(scope, started, status)
            body = b"".join(chunks)
            if b"json" in headers.get(b"content-type", b""):
                # its customer values are masked in every line logged while it is served
                remembered.append(remember_request(body))
            if b"json" in headers.get(b"content-type", b"") and _NUL_JSON.search(body):
                await self._reply(
                    send,
                    _problem(422, "validation_failed", NUL_DETAIL),
                    status,
                    422,
                )
                return self._observe(scope, started, status)
            replayed = False

            async def replay():
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()  # the disconnect, whenever it comes

            receive_fn = replay
        else:
            receive_fn = receive

        async def capture_send(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        if self.fast_app is not None and fast_path.wants(scope, headers):
            response = await fast_path.handle(self.fast_app, headers, body, client_host)
            if response is not None:
                await response(scope, receive_fn, capture_send)
                return self._observe(scope, started, status, fast_path.PATH)
        await self.app(scope, receive_fn, capture_send)
        self._observe(scope, started, status)

    @staticmethod
    async def _read_body(receive, chunks: list[bytes], max_body: int) -> bool:
        """Read the body into `chunks`; True if it is larger than `max_body`."""
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > max_body:
                return True
            chunks.append(chunk)
            more = message.get("more_body", False)
        return False

    @staticmethod
    async def _reply(send, messages, status: dict, code: int) -> None:
        for message in messages:
            await send(message)
        status["code"] = code

    def _observe(self, scope, started: float, status: dict, path: str | None = None) -> None:
        path = path or getattr(scope.get("route"), "path", "unmatched")
        elapsed = time.perf_counter() - started
        self.metrics.requests.labels(scope["method"], path, str(status["code"])).inc()
        self.metrics.latency.labels(path).observe(elapsed)
        if log.isEnabledFor(logging.INFO):
            log.info(
                "request",
                extra={
                    "fields": {
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status["code"],
                        "ms": round(elapsed * 1000, 2),
                    }
                },
            )
