"""RFC 9457 problem details, as `problems.problem` writes them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Out


class FieldError(Out):
    loc: list[str | int] = Field(description="where: body, query, path or header, then names")
    msg: str | None
    type: str | None


class Problem(Out):
    """Every error the API answers, with media type application/problem+json. Context
    fields (`allowed`, `limit`, ...) may follow, as the error has them."""

    type: Annotated[str, Field(examples=["https://ordermind.dev/problems/not_found"])]
    title: Annotated[
        str, Field(description="the status's RFC 9110 name, one per status", examples=["Not Found"])
    ]
    status: int
    detail: Annotated[str, Field(description="one line saying what was wrong")]
    code: Annotated[str, Field(description="stable machine-readable code", examples=["not_found"])]
    errors: list[FieldError] | None = Field(
        default=None, description="every invalid field (validation_failed only)"
    )
    request_id: str | None = Field(
        default=None, description="the request's id, as in the server's log lines"
    )
    allowed: list[str] | None = Field(
        default=None, description="the values a refused one may take, where they are few"
    )
    limit: str | None = Field(default=None, description="which limit a refused upload passed")
    limit_value: float | None = Field(default=None, description="that limit's value")
