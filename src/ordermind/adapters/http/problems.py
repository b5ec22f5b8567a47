"""RFC 9457 problem+json for every error."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ordermind.adapters.db.retry import is_disk_full, is_transient, sqlstate
from ordermind.adapters.logging import mask, mask_text, request_id
from ordermind.domain.errors import DomainError

log = logging.getLogger("ordermind.http")


class ApiError(Exception):
    """An error raised by the HTTP layer itself (auth, idempotency, limits)."""

    def __init__(self, status: int, detail: str, code: str = "error", **context: object) -> None:
        super().__init__(detail)
        self.status, self.detail, self.code, self.context = status, detail, code, context


def problem(status: int, title: str, detail: str, code: str, **extra: object) -> Response:
    """The problem answer; customer data is masked in it as in a log line (a detail that
    quotes a bad e-mail address or a street does not send it back in clear)."""
    retry_after = extra.pop("retry_after", None)
    body = {
        "type": f"https://ordermind.dev/problems/{code}",
        "title": title,
        "status": status,
        "detail": mask_text(detail),
        "code": code,
        **{k: mask(v, k) for k, v in extra.items()},
    }
    rid = request_id()
    if rid is not None:  # quote it to the operator: it finds the request's log lines
        body["request_id"] = rid
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return Response(
        orjson.dumps(body, default=str),
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


# RFC 9110's names where Python's table still has the older ones: one title per status,
# whichever layer answers (the edge middleware uses this too)
_RFC9110 = {413: "Content Too Large", 422: "Unprocessable Content"}


def title(status: int) -> str:
    from http import HTTPStatus

    if status in _RFC9110:
        return _RFC9110[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _domain(exc: DomainError, path: str) -> Response:
    return problem(
        exc.status,
        title(exc.status),
        exc.detail,
        exc.code,
        **{k: v for k, v in exc.context.items() if v is not None},
    )


def _api(exc: ApiError, path: str) -> Response:
    return problem(exc.status, title(exc.status), exc.detail, exc.code, **exc.context)


def validation_problem(raw_errors: list) -> Response:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        for e in raw_errors
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(p) for p in first["loc"] if p != "body") or "request"
    return problem(
        422,
        "Unprocessable Content",
        f"{where}: {first['msg']}",
        "validation_failed",
        errors=errors,
    )


def _invalid(exc: RequestValidationError, path: str) -> Response:
    return validation_problem(list(exc.errors()))


def _http(exc: StarletteHTTPException, path: str) -> Response:
    return problem(exc.status_code, title(exc.status_code), str(exc.detail), "http_error")


def _data(exc: DataError, path: str) -> Response:
    # The database refused a value the validation let through (range, encoding): still
    # the caller's input, and the transaction was rolled back.
    log.warning("database refused a value", extra={"fields": {"error": str(exc.orig)[:200]}})
    return problem(
        422,
        "Unprocessable Content",
        "a value is out of range or not storable",
        "validation_failed",
    )


def _database(exc: DBAPIError, path: str) -> Response:
    # Nothing was written (the unit of work rolled back); the caller may try again.
    fields = {"path": path, "sqlstate": sqlstate(exc), "error": type(exc.orig).__name__}
    if is_disk_full(exc):
        log.error("database out of space", extra={"fields": fields})
        return problem(
            507,
            "Insufficient Storage",
            "the database has no space left; nothing was written",
            "storage_full",
            retry_after=30,
        )
    if is_transient(exc):
        log.warning("database busy or restarting", extra={"fields": fields})
        return problem(
            503,
            "Service Unavailable",
            "the database is busy or restarting; nothing was written, retry shortly",
            "busy",
            retry_after=1,
        )
    return _crash(exc, path)


def _crash(exc: Exception, path: str) -> Response:
    log.exception("unhandled error", exc_info=exc, extra={"fields": {"path": path}})
    return problem(
        500,
        "Internal Server Error",
        "an unexpected error occurred; it was logged",
        "internal_error",
    )


# Most specific first is not needed: `render` walks the exception's classes in order.
_HANDLERS: dict[type, Callable[[Any, str], Response]] = {
    DomainError: _domain,
    ApiError: _api,
    RequestValidationError: _invalid,
    StarletteHTTPException: _http,
    DataError: _data,
    DBAPIError: _database,
    Exception: _crash,
}


def render(exc: Exception, path: str) -> Response:
    """The problem answer for `exc`, chosen as Starlette chooses an exception handler (the
    nearest class in its method resolution order): the same answer whether the error
    came through the framework or through a path served without it."""
    for cls in type(exc).__mro__:
        handler = _HANDLERS.get(cls)
        if handler is not None:
            return handler(exc, path)
    return _crash(exc, path)


def install(app: FastAPI) -> None:
    """The handlers, and `CrashBarrier` for what none of them takes. `Exception` is not
    given to the framework: Starlette answers it in its outermost middleware and then
    raises it again, for the server to print a second, raw traceback."""
    for cls, handler in _HANDLERS.items():
        if cls is not Exception:
            app.add_exception_handler(cls, _adapt(handler))
    app.add_middleware(CrashBarrier)


class CrashBarrier:
    """Pure ASGI middleware inside the framework's error middleware: an exception no
    handler took (a bug, a driver error outside SQLAlchemy, one raised while a response
    streams) is logged once, by the masking formatter, and answered with a problem+json
    500; nothing propagates to the server. If the response had already started, the
    exception is logged and the response left unfinished (the server closes it)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            response = render(exc, scope.get("path", ""))
            if not started:
                await response(scope, receive, send)


def _adapt(handler: Callable[[Any, str], Response]):
    async def handle(request: Request, exc: Exception) -> Response:
        return handler(exc, request.url.path)

    return handle
