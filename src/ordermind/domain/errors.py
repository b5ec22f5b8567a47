"""Domain errors. Each carries the HTTP status an adapter should answer with, so the
adapters never need a mapping table that drifts from the rules."""

from __future__ import annotations


class DomainError(Exception):
    status = 422
    code = "invalid"

    def __init__(self, detail: str, **context: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context = context


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class InvalidTransition(DomainError):
    """The order is not in a state that allows the command."""

    status = 409
    code = "invalid_transition"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class InsufficientStock(DomainError):
    status = 409
    code = "insufficient_stock"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
