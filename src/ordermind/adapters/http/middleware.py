"""Pure ASGI middleware: body size limit, access log (masked) and request metrics."""

from __future__ import annotations

import logging
import time

import orjson

from .metrics import Metrics

log = logging.getLogger("ordermind.access")


def _too_large(limit: int) -> tuple[dict, dict]:
    body = orjson.dumps(
        {
            "type": "https://ordermind.dev/problems/payload_too_large",
            "title": "Content Too Large",
            "status": 413,
            "code": "payload_too_large",
            "detail": f"request body exceeds the {limit} byte limit",
        }
    )
    start = {
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class EdgeMiddleware:
    def __init__(self, app, metrics: Metrics, max_body: int) -> None:  # noqa: ANN001
        self.app, self.metrics, self.max_body = app, metrics, max_body

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            for message in _too_large(self.max_body):
                await send(message)
            return
        seen = 0
        started = time.perf_counter()
        status = {"code": 500}

        async def limited_receive():  # noqa: ANN202
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge
            return message

        async def capture_send(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, limited_receive, capture_send)
        except _BodyTooLarge:
            for message in _too_large(self.max_body):
                await send(message)
            status["code"] = 413
        route = scope.get("route")
        path = getattr(route, "path", "unmatched")
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


class _BodyTooLarge(Exception):
    pass
