"""Security headers on every HTML page (the console and the API docs).

The console (adapters/web/static) is one page that loads its own script and style sheet
and calls the API on the same origin: no inline script or style, nothing from elsewhere,
so its policy allows only 'self'. The docs page (docs.py) has one inline script, allowed by
its hash, which that page sets itself; Swagger UI's style sheet draws icons as data: URIs.
No page may be framed (clickjacking) or send the URL it came from elsewhere."""

from __future__ import annotations

import base64
import hashlib
import re

CONSOLE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

HTML_HEADERS: dict[str, str] = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def docs_policy(html: str) -> str:
    """The policy for a page built from Swagger UI's assets: its inline scripts by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )


class SecurityHeaders:
    """Pure ASGI middleware: an HTML response gets `HTML_HEADERS` and, unless the page set
    its own, the console's Content-Security-Policy; every other response gets nosniff."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _secured(list(message.get("headers") or []))
            await send(message)

        await self.app(scope, receive, with_headers)


def _secured(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {name.lower() for name, _ in headers}
    content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
    wanted = dict(HTML_HEADERS) if content_type.startswith(b"text/html") else {}
    if wanted and b"content-security-policy" not in names:
        wanted["Content-Security-Policy"] = CONSOLE_POLICY
    wanted.setdefault("X-Content-Type-Options", "nosniff")
    for name, value in wanted.items():
        if name.lower().encode() not in names:
            headers.append((name.lower().encode(), value.encode()))
    return headers
