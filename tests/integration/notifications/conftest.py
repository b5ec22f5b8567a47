from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork

from .helpers import SmtpServer


class Clock:
    """The dispatcher's clock, moved by hand (back-offs and leases without sleeping)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def uowf(engine):
    return lambda: SqlUnitOfWork(engine)


@pytest.fixture
def clock() -> Clock:
    return Clock()
