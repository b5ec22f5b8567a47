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


class StaleWrite(Conflict):
    """Someone else saved the same order between our read and our write. The use case can
    simply run again on fresh state, so the adapters retry it before answering."""


class Unavailable(DomainError):
    """The store could not finish the request now (contention that outlasted the retries,
    a database restart): the client should retry after `retry_after` seconds."""

    status = 503
    code = "busy"
