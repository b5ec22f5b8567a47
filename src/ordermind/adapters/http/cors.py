"""Cross-origin access for the chat widget: a shop's page on its own origin talks to the
assistant's conversation routes. Only those routes answer other origins, with any origin
allowed: they authenticate by a bearer key (an `assistant_only` channel key that can do
nothing but chat), never by cookies, so there is no ambient credential to ride on."""

from __future__ import annotations

PREFIX = "/v1/assistant/conversations"
_ALLOW = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-methods", b"GET, POST"),
    (b"access-control-allow-headers", b"authorization, content-type"),
    (b"access-control-max-age", b"600"),
]


class AssistantCors:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":  # the browser's preflight
            await send({"type": "http.response.start", "status": 204, "headers": list(_ALLOW)})
            await send({"type": "http.response.body", "body": b""})
            return

        async def allowed(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), _ALLOW[0]]
            await send(message)

        await self.app(scope, receive, allowed)
