"""With order_events partitioned by month (PostgreSQL, migration 0012 with its setting),
the trigger fires on every partition, the default one included."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import text

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.migrate import upgrade
from ordermind.adapters.db.partitions import SETTING


@pytest.fixture
def partitioned_url(pg_database: str, monkeypatch: pytest.MonkeyPatch):
    admin = make_engine(pg_database, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
    name = f"ordermind_notify_parts_{secrets.token_hex(3)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg_database.rsplit("/", 1)[0] + f"/{name}"
    monkeypatch.setenv(SETTING, "1")
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(
            text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def test_milestones_reach_the_outbox_from_every_monthly_partition(partitioned_url) -> None:
    engine = make_engine(partitioned_url, pool_size=1)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO orders (id, channel, currency, customer_email, ship_to, draft, "
                    "status, total, created_at, updated_at, version) VALUES (1, 'web', 'EUR', "
                    "'a@example.org', '{}'::jsonb, false, 'placed', 0, now(), now(), 0)"
                )
            )
            for n, at in enumerate(("now()", "'2031-06-01'", "'1999-01-01'")):
                conn.execute(
                    text(
                        "INSERT INTO order_events (order_id, type, actor, data, created_at) VALUES "
                        f"(1, 'order.shipped', 'api', '{{\"shipment_id\": \"s{n}\"}}', {at})"
                    )
                )
            homes = (
                conn.execute(text("SELECT tableoid::regclass::text FROM order_events ORDER BY id"))
                .scalars()
                .all()
            )
            subjects = (
                conn.execute(text("SELECT subject FROM notification_outbox ORDER BY id"))
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    assert homes[0].startswith("partitions.order_events_2")
    assert homes[1:] == ["partitions.order_events_default"] * 2
    assert subjects == ["s0", "s1", "s2"]
