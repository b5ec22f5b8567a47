"""Monthly partitions (migration 0012 with ORDERMIND_PARTITION_BY_MONTH=1, PostgreSQL) and
their maintenance (`ordermind db partitions`); with the setting off nothing changes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from ordermind.adapters.db import partitions as parts
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.migrate import downgrade, upgrade
from ordermind.adapters.db.tables import metadata
from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.webhooks.dispatcher import Dispatcher
from ordermind.entrypoints.cli import app as cli
from ordermind.entrypoints.http_app import create_app

THIS_MONTH = parts.month_start(datetime.now(UTC).date())


@pytest.fixture(scope="module")
def partitioned_template(pg_database: str) -> Iterator[str]:
    """A database migrated with the setting on, used as the template of each test's own."""
    name = pg_database.rsplit("/", 1)[1] + "_part"
    admin = make_engine(pg_database, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg_database.rsplit("/", 1)[0] + f"/{name}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(parts.SETTING, "1")
        upgrade(url)
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def part_url(pg_database: str, partitioned_template: str) -> Iterator[str]:
    name = f"{partitioned_template}_{secrets.token_hex(3)}"
    admin = make_engine(pg_database, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{partitioned_template}"'))
    yield pg_database.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(
            text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture
def part_engine(part_url: str):
    eng = make_engine(part_url)
    yield eng
    eng.dispose()


def add_event(conn, at: datetime, order_id: int | None = None) -> int:
    return conn.execute(
        text(
            "INSERT INTO order_events (order_id, type, actor, data, created_at) "
            "VALUES (:o, 'alert.raised', 'test', '{}', :at) RETURNING id"
        ),
        {"o": order_id, "at": at},
    ).scalar_one()


def add_movement(conn, at: datetime) -> None:
    conn.execute(
        text(
            "INSERT INTO stock_movements (node, sku, delta, reason, actor, created_at) "
            "VALUES ('N1', 'A', 1, 'count', 'test', :at)"
        ),
        {"at": at},
    )


def add_velocity(conn, at: datetime, order_id: int) -> None:
    conn.execute(
        text(
            "INSERT INTO velocity_events (kind, key, order_id, at, value, peer) "
            "VALUES ('email', 'a@example.com', :o, :at, 1000, '')"
        ),
        {"o": order_id, "at": at},
    )


def home(conn, table: str, where: str = "true") -> list[str]:
    """The partition each matching row is stored in."""
    return list(
        conn.execute(
            text(f"SELECT tableoid::regclass::text FROM {table} WHERE {where} ORDER BY 1")
        ).scalars()
    )


def names(conn, table: str) -> list[str]:
    return [p.name for p in parts.list_partitions(conn, table)]


def diff_to_declared(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def primary_key(engine, table: str) -> list[str]:
    return inspect(engine).get_pk_constraint(table)["constrained_columns"]


def run_cli(url: str, *args: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATABASE_URL", url)
    return CliRunner().invoke(cli, ["db", "partitions", *args])


# -- the migration with the setting on -------------------------------------------------


def test_each_row_lands_in_the_partition_of_its_month_and_an_unplanned_month_in_the_default(
    part_engine,
):
    now = datetime.now(UTC)
    far = datetime(2091, 3, 10, 12, tzinfo=UTC)
    with part_engine.begin() as conn:
        assert all(parts.is_partitioned(conn, t) for t in parts.TABLES)
        add_event(conn, now)
        add_event(conn, far)
        add_movement(conn, now)
        add_movement(conn, far)
        add_velocity(conn, now, 1)
        add_velocity(conn, far, 2)
        month = f"{THIS_MONTH:%Y_%m}"
        for table in parts.TABLES:
            assert home(conn, table) == [
                f"partitions.{table}_{month}",
                f"partitions.{table}_default",
            ]
            # this month and the next three exist from the migration on
            assert names(conn, table) == [
                parts.partition_name(table, parts.add_months(THIS_MONTH, i)) for i in range(4)
            ] + [f"{table}_default"]


def test_a_row_on_a_month_boundary_belongs_to_the_month_it_starts(part_engine):
    nxt = parts.add_months(THIS_MONTH, 1)
    edge = datetime(nxt.year, nxt.month, 1, tzinfo=UTC)
    with part_engine.begin() as conn:
        first = add_event(conn, edge)
        last = add_event(conn, datetime.fromtimestamp(edge.timestamp() - 0.000001, UTC))
        assert home(conn, "order_events", f"id = {first}") == [
            f"partitions.order_events_{nxt:%Y_%m}"
        ]
        assert home(conn, "order_events", f"id = {last}") == [
            f"partitions.order_events_{THIS_MONTH:%Y_%m}"
        ]


def test_the_migration_moves_existing_rows_into_their_months_and_ids_keep_counting(
    part_url,
    part_engine,
):
    downgrade(part_url, "0011")
    with part_engine.begin() as conn:
        assert not parts.is_partitioned(conn, "order_events")
        old = [add_event(conn, datetime(2025, m, 15, tzinfo=UTC)) for m in (1, 2, 2, 7)]
        add_movement(conn, datetime(2024, 12, 31, 23, 59, tzinfo=UTC))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(parts.SETTING, "1")
        upgrade(part_url)
    with part_engine.begin() as conn:
        assert home(conn, "order_events", f"id <= {old[-1]}") == [
            "partitions.order_events_2025_01",
            "partitions.order_events_2025_02",
            "partitions.order_events_2025_02",
            "partitions.order_events_2025_07",
        ]
        assert home(conn, "stock_movements") == ["partitions.stock_movements_2024_12"]
        assert "order_events_2025_03" not in names(conn, "order_events")  # months with rows only
        assert add_event(conn, datetime.now(UTC)) == old[-1] + 1  # the same sequence


def test_the_downgrade_gives_back_plain_tables_with_every_row_and_the_upgrade_partitions_again(
    part_url,
    part_engine,
):
    with part_engine.begin() as conn:
        ids = [add_event(conn, datetime(2030, m, 2, tzinfo=UTC)) for m in (1, 5)]
        ids.append(add_event(conn, datetime.now(UTC)))
        add_velocity(conn, datetime.now(UTC), 7)
    downgrade(part_url, "0011")
    with part_engine.begin() as conn:
        assert not any(parts.is_partitioned(conn, t) for t in parts.TABLES)
        assert home(conn, "order_events") == ["order_events"] * 3
        assert (
            conn.execute(
                text("SELECT count(*) FROM pg_namespace WHERE nspname = 'partitions'")
            ).scalar()
            == 0
        )
        assert add_event(conn, datetime.now(UTC)) == ids[-1] + 1
    assert primary_key(part_engine, "order_events") == ["id"]
    assert primary_key(part_engine, "velocity_events") == ["kind", "key", "order_id"]
    # (the whole schema is compared after the upgrade below: at 0011 the later
    # migrations' tables are missing by design)

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(parts.SETTING, "1")
        upgrade(part_url)
    with part_engine.begin() as conn:
        assert all(parts.is_partitioned(conn, t) for t in parts.TABLES)
        assert home(conn, "order_events", f"id in ({ids[0]}, {ids[1]})") == [
            "partitions.order_events_2030_01",
            "partitions.order_events_2030_05",
        ]
        assert conn.execute(text("SELECT count(*) FROM order_events")).scalar() == 4
        assert conn.execute(text("SELECT count(*) FROM velocity_events")).scalar() == 1
    assert diff_to_declared(part_engine) == []


def test_the_declared_tables_still_match_and_only_the_primary_keys_gain_the_partition_key(
    part_engine,
):
    # Alembic does not compare primary keys, and the partitions live in their own schema:
    # the comparison sees exactly the declared tables, indexes and foreign keys.
    assert diff_to_declared(part_engine) == []
    assert primary_key(part_engine, "order_events") == ["id", "created_at"]
    assert primary_key(part_engine, "stock_movements") == ["id", "created_at"]
    assert primary_key(part_engine, "velocity_events") == ["kind", "key", "order_id", "at"]
    assert not any(n.startswith("order_events_") for n in inspect(part_engine).get_table_names())


# -- maintenance ---------------------------------------------------------------------


def test_maintenance_creates_the_coming_months_once_and_moves_waiting_rows_out_of_the_default(
    part_url,
    part_engine,
    monkeypatch,
):
    with part_engine.begin() as conn:
        waiting = add_event(conn, datetime(2091, 3, 10, tzinfo=UTC))
        assert home(conn, "order_events", f"id = {waiting}") == ["partitions.order_events_default"]

    first = run_cli(part_url, "--months-ahead", "5", monkeypatch=monkeypatch)
    assert first.exit_code == 0, first.output
    new = [parts.partition_name("order_events", parts.add_months(THIS_MONTH, i)) for i in (4, 5)]
    assert f"order_events: created {new[0]}, {new[1]}, order_events_2091_03;" in first.output
    assert "stock_movements: created stock_movements_" in first.output
    again = run_cli(part_url, "--months-ahead", "5", monkeypatch=monkeypatch)
    assert again.exit_code == 0, again.output
    assert again.output.count("created none") == len(parts.TABLES)
    assert "order_events_2091_03             2091-03-01 .. 2091-04-01" in again.output

    with part_engine.begin() as conn:
        assert home(conn, "order_events", f"id = {waiting}") == ["partitions.order_events_2091_03"]
        assert home(conn, "partitions.order_events_default") == []
        months = [p.start for p in parts.list_partitions(conn, "order_events")]
        assert months[:6] == [parts.add_months(THIS_MONTH, i) for i in range(6)]
        # bounds are read back in UTC whatever the session's time zone
        conn.execute(text("SET LOCAL TIME ZONE 'America/New_York'"))
        assert [p.start for p in parts.list_partitions(conn, "order_events")] == months


def test_retention_drops_whole_months_before_the_kept_ones_and_only_in_the_tables_named(
    part_url,
    part_engine,
    monkeypatch,
):
    with part_engine.begin() as conn:
        for i, at in enumerate(
            [
                datetime(2030, 1, 10, tzinfo=UTC),
                datetime(2030, 3, 31, 23, 59, tzinfo=UTC),
                datetime(2030, 4, 1, tzinfo=UTC),
                datetime(2030, 6, 1, tzinfo=UTC),
            ]
        ):
            add_velocity(conn, at, i)
            add_event(conn, at)
        parts.maintain(conn, months_ahead=0, tables=["order_events"])  # adopt the months
        events_before = names(conn, "order_events")
        assert "order_events_2030_01" in events_before

    refused = run_cli(part_url, "--retain-months", "2", monkeypatch=monkeypatch)
    assert refused.exit_code == 2 and "name each table" in refused.output
    assert len(refused.output.strip().splitlines()) == 1

    with part_engine.begin() as conn:
        reports = parts.maintain(
            conn,
            months_ahead=0,
            retain_months=2,
            tables=["velocity_events"],
            today=date(2030, 6, 15),
        )
        (report,) = reports
        # kept: April 2030 on (June is this month, April and May the two before it)
        assert report.purged_from_default == 2  # January and March were never partitioned
        assert {p.start for p in report.partitions if not p.is_default} == {
            date(2030, 4, 1),
            date(2030, 6, 1),
        }
        assert set(report.dropped) == {
            parts.partition_name("velocity_events", parts.add_months(THIS_MONTH, i))
            for i in range(4)
        }
        kept = conn.execute(text("SELECT at FROM velocity_events ORDER BY at")).scalars().all()
        assert [k.astimezone(UTC) for k in kept] == [
            datetime(2030, 4, 1, tzinfo=UTC),
            datetime(2030, 6, 1, tzinfo=UTC),
        ]
        assert names(conn, "order_events") == events_before  # not named: untouched
        assert conn.execute(text("SELECT count(*) FROM order_events")).scalar() == 4


def test_bad_maintenance_requests_get_one_line_and_change_nothing(
    part_url,
    part_engine,
    monkeypatch,
):
    with part_engine.connect() as conn:
        before = {t: names(conn, t) for t in parts.TABLES}
    for args, says in (
        (["--months-ahead", "-1"], "months ahead must be between 0 and 120"),
        (["--months-ahead", "121"], "months ahead must be between 0 and 120"),
        (["--table", "orders"], "not a partitioned table: orders"),
        (
            ["--retain-months", "0", "--table", "velocity_events"],
            "retention must keep at least 1 past month",
        ),
    ):
        result = run_cli(part_url, *args, monkeypatch=monkeypatch)
        assert result.exit_code == 2, result.output
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"error: {says}"), line
    with part_engine.connect() as conn:
        assert {t: names(conn, t) for t in parts.TABLES} == before


# -- the application on partitioned tables ---------------------------------------------


def test_orders_placed_and_read_through_the_api_keep_working_on_partitioned_tables(
    part_engine,
):
    client = TestClient(create_app(part_engine, webhooks_enabled=False))
    auth = {"Authorization": f"Bearer {create_key(part_engine, Role.ADMIN)}"}
    assert (
        client.put(
            "/v1/nodes/LDN", json={"name": "London", "lat": 51.5, "lon": -0.12}, headers=auth
        ).status_code
        == 200
    )
    assert (
        client.put("/v1/products/A", json={"name": "A", "price": 1000}, headers=auth).status_code
        == 200
    )
    assert client.put("/v1/inventory/LDN/A", json={"on_hand": 10}, headers=auth).status_code == 200
    adjusted = client.post(
        "/v1/inventory/LDN/A/adjustments",
        json={"delta": 5, "reason": "found"},
        headers={**auth, "Idempotency-Key": "adj-1"},
    )
    assert adjusted.status_code == 201, adjusted.text
    hook = client.post(
        "/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "event_types": ["*"]}, headers=auth
    )
    assert hook.status_code == 201, hook.text

    body = {
        "channel": "web",
        "currency": "EUR",
        "external_id": "P-1",
        "customer": {"email": "ann@example.com", "name": "Ann"},
        "ship_to": {
            "name": "Ann",
            "line1": "1 High St",
            "city": "London",
            "postal_code": "EC1A 1AA",
            "country": "GB",
            "lat": 51.52,
            "lon": -0.1,
        },
        "lines": [{"sku": "A", "quantity": 2, "unit_price": 1000}],
    }
    placed = client.post("/v1/orders", json=body, headers={**auth, "Idempotency-Key": "o-1"})
    assert placed.status_code == 201, placed.text
    retry = client.post("/v1/orders", json=body, headers={**auth, "Idempotency-Key": "o-1"})
    assert retry.json()["id"] == placed.json()["id"]
    oid = placed.json()["id"]
    assert client.get(f"/v1/orders/{oid}", headers=auth).json()["status"] == "allocated"
    timeline = client.get(f"/v1/orders/{oid}/events", headers=auth).json()["items"]
    assert [e["type"] for e in timeline][:1] == ["order.placed"]
    assert (
        client.post(
            f"/v1/orders/{oid}/cancel", json={"reason": "changed mind"}, headers=auth
        ).status_code
        == 200
    )
    listed = client.get("/v1/orders?status=cancelled", headers=auth).json()["items"]
    assert [o["id"] for o in listed] == [oid]
    assert client.get("/v1/kpis", headers=auth).status_code == 200

    month = f"{THIS_MONTH:%Y_%m}"
    with part_engine.connect() as conn:
        assert set(home(conn, "order_events", f"order_id = {oid}")) == {
            f"partitions.order_events_{month}"
        }
        assert set(home(conn, "stock_movements")) == {f"partitions.stock_movements_{month}"}
        # the fraud screen's velocity records, written with the order and read by the next
        assert set(home(conn, "velocity_events")) == {f"partitions.velocity_events_{month}"}
        event_ids = (
            conn.execute(text(f"SELECT id FROM order_events WHERE order_id = {oid}"))
            .scalars()
            .all()
        )
    # The webhook dispatcher reads order_events by id after its cursor, across partitions.
    time.sleep(1.1)  # events are handed out once they are a second old
    dispatcher = Dispatcher(part_engine)
    try:
        assert dispatcher.enqueue() == len(event_ids)
    finally:
        dispatcher.client.close()
    with part_engine.connect() as conn:
        queued = (
            conn.execute(text("SELECT event_id FROM webhook_deliveries ORDER BY event_id"))
            .scalars()
            .all()
        )
    assert queued == sorted(event_ids)


# -- the setting off ---------------------------------------------------------------------


def test_with_the_setting_off_nothing_is_partitioned_and_the_schema_is_the_declared_one(
    engine,
    database_url,
    monkeypatch,
):
    # `database_url` is migrated to head without the setting, on SQLite and PostgreSQL.
    if parts.setting_enabled():
        pytest.skip(f"{parts.SETTING} is on for this whole run: the setting-off case cannot run")
    with engine.connect() as conn:
        assert not any(parts.is_partitioned(conn, t) for t in parts.TABLES)
        if conn.dialect.name == "postgresql":
            assert (
                conn.execute(text("SELECT count(*) FROM pg_class WHERE relkind = 'p'")).scalar()
                == 0
            )
            assert (
                conn.execute(
                    text("SELECT count(*) FROM pg_namespace WHERE nspname = 'partitions'")
                ).scalar()
                == 0
            )
        with pytest.raises(parts.PartitioningUnavailable):
            parts.maintain(conn)
    assert diff_to_declared(engine) == []
    assert primary_key(engine, "order_events") == ["id"]
    result = run_cli(database_url, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    expected = (
        "sqlite has no table partitioning"
        if database_url.startswith("sqlite")
        else "not partitioned: migrate with ORDERMIND_PARTITION_BY_MONTH=1"
    )
    assert expected in result.output and len(result.output.strip().splitlines()) == 1


def test_the_setting_is_read_from_the_environment_as_a_yes_or_no():
    assert parts.setting_enabled({parts.SETTING: "1"})
    assert parts.setting_enabled({parts.SETTING: " TRUE "})
    assert not parts.setting_enabled({parts.SETTING: "0"})
    assert not parts.setting_enabled({})
    assert parts.add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert parts.add_months(date(2026, 1, 1), -13) == date(2024, 12, 1)
