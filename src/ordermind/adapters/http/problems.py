"""RFC 9457 problem+json for every error."""

from __future__ import annotations

import logging

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ordermind.domain.errors import DomainError

log = logging.getLogger("ordermind.http")


class ApiError(Exception):
    """An error raised by the HTTP layer itself (auth, idempotency, limits)."""

    def __init__(self, status: int, detail: str, code: str = "error", **context: object) -> None:
        super().__init__(detail)
        self.status, self.detail, self.code, self.context = status, detail, code, context


def problem(status: int, title: str, detail: str, code: str, **extra: object) -> Response:
    body = {
        "type": f"https://ordermind.dev/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return Response(
        orjson.dumps(body, default=str),
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> Response:
        return problem(
            exc.status,
            _title(exc.status),
            exc.detail,
            exc.code,
            **{k: v for k, v in exc.context.items() if v is not None},
        )

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> Response:
        return problem(exc.status, _title(exc.status), exc.detail, exc.code, **exc.context)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
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

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        return problem(exc.status_code, _title(exc.status_code), str(exc.detail), "http_error")

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> Response:
        # The database refused a value the validation let through (range, encoding):
        # still the caller's input, and the transaction was rolled back.
        log.warning("database refused a value", extra={"fields": {"error": str(exc.orig)[:200]}})
        return problem(
            422,
            "Unprocessable Content",
            "a value is out of range or not storable",
            "validation_failed",
        )

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error", extra={"fields": {"path": request.url.path}})
        return problem(
            500,
            "Internal Server Error",
            "an unexpected error occurred; it was logged",
            "internal_error",
        )
