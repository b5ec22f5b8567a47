"""Live experiments: definitions, and each order's group.

`experiments` holds an experiment's policy, treatment and control values, split unit,
treatment share and mode; a change to it bumps the network configuration version (the
placement path caches the running experiments like the channels' rules).
`experiment_assignments` gets one row per order and experiment from a row trigger on
`order_events` (type `experiment.assigned`), in the event's own transaction: the
one-statement order write (`om_place_order`) and the ordinary inserts alike, with nothing in
the placement code (as 0014 does for notifications). A repeat is ignored.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-08 01:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TYPE = "experiment.assigned"

PG_FUNCTION = """
CREATE FUNCTION om_experiment_assigned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO experiment_assignments (experiment_id, order_id, arm, value, shadow, created_at)
  VALUES (NEW.data->>'experiment', NEW.order_id, NEW.data->>'group', NEW.data->>'value',
          NEW.data->'shadow', NEW.created_at)
  ON CONFLICT (experiment_id, order_id) DO NOTHING;
  RETURN NULL;
END $$
"""
PG_TRIGGER = f"""
CREATE TRIGGER om_experiment_assigned AFTER INSERT ON order_events FOR EACH ROW
WHEN (NEW.type = '{TYPE}' AND NEW.order_id IS NOT NULL)
EXECUTE FUNCTION om_experiment_assigned()
"""
SQLITE_TRIGGER = f"""
CREATE TRIGGER om_experiment_assigned AFTER INSERT ON order_events
WHEN NEW.type = '{TYPE}' AND NEW.order_id IS NOT NULL
BEGIN
  INSERT INTO experiment_assignments (experiment_id, order_id, arm, value, shadow, created_at)
  VALUES (json_extract(NEW.data, '$.experiment'), NEW.order_id,
          json_extract(NEW.data, '$.group'), json_extract(NEW.data, '$.value'),
          json_extract(NEW.data, '$.shadow'), NEW.created_at)
  ON CONFLICT (experiment_id, order_id) DO NOTHING;
END
"""


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("policy", sa.String(32), nullable=False),
        sa.Column("treatment", sa.String(32), nullable=False),
        sa.Column("control", sa.String(32), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("stopped_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
    )
    op.create_table(
        "experiment_assignments",
        sa.Column("experiment_id", sa.String(32), nullable=False),
        sa.Column("order_id", Id, nullable=False),
        sa.Column("arm", sa.String(16), nullable=False),
        sa.Column("value", sa.String(32), nullable=False),
        sa.Column("shadow", Json, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint(
            "experiment_id", "order_id", name=op.f("pk_experiment_assignments")
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
        op.execute(
            "CREATE TRIGGER om_bump_experiments "
            "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON experiments "
            "FOR EACH STATEMENT EXECUTE FUNCTION om_bump_config('network')"
        )
    else:
        op.execute(SQLITE_TRIGGER)
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER om_bump_experiments_{event.lower()} AFTER {event} "
                "ON experiments BEGIN UPDATE config_versions SET version = version + 1 "
                "WHERE name = 'network'; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER om_bump_experiments ON experiments")
        op.execute("DROP TRIGGER om_experiment_assigned ON order_events")
        op.execute("DROP FUNCTION om_experiment_assigned()")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER om_bump_experiments_{event}")
        op.execute("DROP TRIGGER om_experiment_assigned")
    op.drop_table("experiment_assignments")
    op.drop_table("experiments")
