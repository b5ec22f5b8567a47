"""A request id on every framework-served request: the caller's X-Request-ID when it is a
sane token, a new random one otherwise; answered in the response's X-Request-ID header and
kept with every audit entry the request writes (`services.audit.request_id`)."""

from __future__ import annotations

import re
import secrets

from ordermind.services.audit import request_id

HEADER = b"x-request-id"
_SANE = re.compile(rb"^[A-Za-z0-9._:\-]{1,64}$")


class RequestIds:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v for k, v in scope.get("headers", ()) if k == HEADER), None)
        rid = given.decode() if given is not None and _SANE.match(given) else secrets.token_hex(8)
        token = request_id.set(rid)

        async def send_with_id(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k != HEADER]
                message = {**message, "headers": [*headers, (HEADER, rid.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)
