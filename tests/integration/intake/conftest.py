"""Intake over the API: the app, and the shared document-parsing pool stopped after each
module (the pool outlives a TestClient)."""

from __future__ import annotations

import pytest

from ordermind.adapters.http.routers.intake import stop_pool
from ordermind.entrypoints.http_app import create_app


@pytest.fixture(scope="module", autouse=True)
def _stop_the_shared_pool():
    yield
    stop_pool()


@pytest.fixture
def app(engine):
    return create_app(engine, webhooks_enabled=False)
