"""The real Alembic migrations go down to nothing and back up on both back ends, and the
schema they build is the one the code declares."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from ordermind.adapters.db.migrate import downgrade, upgrade
from ordermind.adapters.db.tables import metadata


def test_migrations_round_trip_and_match_the_declared_tables(engine, database_url):
    downgrade(database_url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(database_url)
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []  # nothing declared in tables.py is missing from the migrations
