"""Shared fixtures: freshly migrated databases on SQLite and PostgreSQL, an app, API keys.

PostgreSQL runs on 127.0.0.1:5432 on the dev and CI machines. When it cannot be reached
the PostgreSQL cases skip locally but FAIL on CI (CI=true), so they can never silently
stop running there."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.migrate import upgrade
from ordermind.adapters.db.tables import metadata
from ordermind.adapters.http.auth import Role, create_key

PG_ADMIN_URL = os.environ.get("ORDERMIND_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
# Webhook secrets are sealed with a key from the environment (one per test session, so no
# key file is written), and the tests' receivers listen on loopback, which webhooks may
# reach only when an operator allows it (the SSRF tests take the allowance away).
os.environ.setdefault("ORDERMIND_SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("ORDERMIND_WEBHOOK_ALLOW", "127.0.0.1")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """On CI (`CI` set; `.ci/run` sets it) PostgreSQL, Chromium and ../shared are there and
    every fault can be injected: a test that skips there is a failure, whatever skipped it."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped on CI, where it must run: {reason}"


def _pg_available() -> str | None:
    try:
        engine = make_engine(PG_ADMIN_URL, pool_size=1)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    problem = _pg_available()
    if problem is not None:
        pytest.skip(f"PostgreSQL not available at {PG_ADMIN_URL}: {problem}")
    name = f"ordermind_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = make_engine(PG_ADMIN_URL, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)  # the real migrations, not metadata.create_all
    yield url
    with admin.connect() as conn:
        conn.execute(
            text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def _truncate_pg(url: str) -> None:
    engine = make_engine(url, pool_size=1)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path):
    """`migrated_url("sqlite" | "postgresql")`: the URL of a migrated, empty database."""

    def make(backend: str) -> str:
        if backend == "sqlite":
            path = tmp_path / "ordermind.db"
            path.write_bytes(sqlite_template.read_bytes())
            return f"sqlite:///{path}"
        url = request.getfixturevalue("pg_database")
        _truncate_pg(url)
        return url

    return make


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, migrated_url) -> str:
    """A migrated, empty database on each back end."""
    return migrated_url(request.param)


@pytest.fixture
def engine(database_url: str):
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


# -- a real served app (uvicorn, two worker processes) on a loopback port ------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, base: str, key: str, log: Path) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {key}"}
        self.log = log  # the server's stderr: JSON log lines, tracebacks included

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=self.headers, timeout=60)


@contextmanager
def _serve_process(
    argv: Callable[[int], list[str]], database_url: str, log: Path, env: dict | None = None
) -> Iterator[str]:
    """The command `argv(port)` serving on a free loopback port, its stderr in `log`;
    yields its base URL once /healthz answers."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "ORDERMIND_WEBHOOKS": "0", **(env or {})}
    log_file = log.open("wb")
    proc = subprocess.Popen(argv(port), env=env, stdout=subprocess.DEVNULL, stderr=log_file)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")
        time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log_file.close()


def serve_app(
    database_url: str,
    log: Path,
    workers: int = 2,
    env: dict | None = None,
    target: str = "ordermind.entrypoints.asgi:app",
    uvicorn_args: tuple[str, ...] = ("--log-level", "warning"),
) -> AbstractContextManager[str]:
    """uvicorn serving `target` (the app by default) on a free loopback port; yields its
    base URL."""

    def argv(port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "uvicorn",
            target,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            *uvicorn_args,
        ]

    return _serve_process(argv, database_url, log, env)


def serve_ordermind(
    database_url: str, log: Path, env: dict | None = None, workers: int = 2
) -> AbstractContextManager[str]:
    """`ordermind serve` (its own protocol and limits, not plain uvicorn) on a free loopback
    port, the database already migrated; yields its base URL."""

    def argv(port: int) -> list[str]:
        return [
            sys.executable,
            "-c",
            "from ordermind.entrypoints.cli import app; app()",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-migrate",
        ]

    return _serve_process(argv, database_url, log, env)


@pytest.fixture
def served(database_url: str, engine, tmp_path: Path) -> Iterator[Served]:
    log = tmp_path / "server.log"
    with serve_app(database_url, log) as base:
        yield Served(base, create_key(engine, Role.ADMIN), log)


@pytest.fixture
def start_server():
    """`serve_app`, for tests that run several servers (hosts) on one database."""
    return serve_app


@pytest.fixture
def start_ordermind_serve():
    """`serve_ordermind`, for tests of what `ordermind serve` adds to uvicorn."""
    return serve_ordermind


@pytest.fixture
def empty_database(database_url: str, sqlite_template: Path, tmp_path: Path):
    """A maker of another empty, migrated database on the same back end (PostgreSQL: the
    same one, emptied; so use one at a time)."""

    def make(name: str) -> str:
        if database_url.startswith("sqlite"):
            path = tmp_path / f"{name}.db"
            path.write_bytes(sqlite_template.read_bytes())
            return f"sqlite:///{path}"
        _truncate_pg(database_url)
        return database_url

    return make
