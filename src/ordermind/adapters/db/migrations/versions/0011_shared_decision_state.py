"""shared decision state and the one-statement order write

Every worker and host decides from the same numbers: the fraud screen's velocity windows
are read from `velocity_events` (written with each order), and per-process caches of
nodes, channels and products are dropped when the matching `config_versions` row, bumped by
a trigger on every change to those tables, moves.

`node_daily_load` gains a shard: a node's day is the sum of a few rows.

On PostgreSQL, `om_place_order(jsonb)` writes a placed order in one statement (see
`adapters/db/placement.py`): it claims the Idempotency-Key, takes the buyer's identity
locks and checks their velocity records are those the screen saw, reserves every line
conditionally in (node, SKU) order, and inserts the order, its lines, allocations, holds,
events, customer, velocity records and node load. A failed condition raises (and so undoes
everything): OM001 stock taken, OM002 external id taken, OM003 velocity moved.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# table -> the configuration it belongs to
WATCHED = {
    "nodes": "network",
    "channels": "network",
    "ring_fences": "network",
    "products": "catalog",
}


PLACE_ORDER = """
CREATE OR REPLACE FUNCTION om_place_order(p jsonb) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  seen bigint;
  since timestamptz;
BEGIN
  IF jsonb_typeof(p->'idem') = 'object' THEN
    INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response, created_at)
    SELECT x.scope, x.key, x.request_hash, x.status_code, x.response, x.created_at
      FROM jsonb_populate_record(NULL::idempotency_keys, p->'idem') x
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RETURN 'key_taken';  -- nothing else was done yet
    END IF;
  END IF;
  IF jsonb_typeof(p->'vcheck') = 'object' THEN
    FOR r IN SELECT x::bigint AS k FROM jsonb_array_elements_text(p->'vcheck'->'locks') x
             ORDER BY 1 LOOP
      PERFORM pg_advisory_xact_lock(r.k);
    END LOOP;
    -- One index range (kind, key, at) per identity: a join here is planned as a scan of
    -- every record of the last 30 days (14 ms at 20k records, measured), and grows.
    seen := 0;
    since := (p->'vcheck'->>'since')::timestamptz;
    FOR r IN SELECT k.kind, w.key
               FROM jsonb_array_elements_text(p->'vcheck'->'kinds') WITH ORDINALITY k(kind, i)
               JOIN jsonb_array_elements_text(p->'vcheck'->'keys') WITH ORDINALITY w(key, i)
                 USING (i) LOOP
      seen := seen + (SELECT count(*) FROM velocity_events v
                       WHERE v.kind = r.kind AND v.key = r.key AND v.at >= since);
    END LOOP;
    IF seen <> (p->'vcheck'->>'seen')::bigint THEN
      RAISE EXCEPTION USING ERRCODE = 'OM003', MESSAGE = 'the buyer placed another order meanwhile';
    END IF;
  END IF;
  FOR r IN SELECT e->>0 AS node, e->>1 AS sku, (e->>2)::int AS q
             FROM jsonb_array_elements(p->'reserve') e
            ORDER BY (e->>0) COLLATE "C", (e->>1) COLLATE "C" LOOP  -- Python's (node, SKU) order
    UPDATE inventory SET reserved = reserved + r.q
     WHERE node = r.node AND sku = r.sku AND on_hand - reserved - safety_stock >= r.q;
    IF NOT FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'OM001',
        MESSAGE = format('stock of %s at %s was taken', r.sku, r.node);
    END IF;
  END LOOP;
  INSERT INTO orders SELECT * FROM jsonb_populate_record(NULL::orders, p->'order')
    ON CONFLICT (channel, external_id) DO NOTHING;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'OM002', MESSAGE = 'external id taken';
  END IF;
  INSERT INTO order_lines SELECT * FROM jsonb_populate_recordset(NULL::order_lines, p->'lines');
  INSERT INTO allocations SELECT * FROM jsonb_populate_recordset(NULL::allocations, p->'allocs');
  INSERT INTO holds SELECT * FROM jsonb_populate_recordset(NULL::holds, p->'holds');
  INSERT INTO order_events (order_id, type, actor, reason, status_before, status_after, data,
                            created_at)
  SELECT x.order_id, x.type, x.actor, x.reason, x.status_before, x.status_after, x.data,
         x.created_at
    FROM jsonb_populate_recordset(NULL::order_events, p->'events') x;
  INSERT INTO customers SELECT * FROM jsonb_populate_record(NULL::customers, p->'customer')
    ON CONFLICT (email) DO UPDATE SET segment = EXCLUDED.segment
    WHERE EXCLUDED.segment IS NOT NULL;
  INSERT INTO velocity_events
  SELECT * FROM jsonb_populate_recordset(NULL::velocity_events, p->'velocity');
  INSERT INTO node_daily_load (node, day, shard, lines)
  SELECT e->>0, (e->>1)::date, (p->>'shard')::int, (e->>2)::int
    FROM jsonb_array_elements(p->'load') e
   ORDER BY (e->>0) COLLATE "C", (e->>1)
  ON CONFLICT (node, day, shard) DO UPDATE SET lines = node_daily_load.lines + EXCLUDED.lines;
  RETURN 'ok';
END $$
"""


def upgrade() -> None:
    # A node's day counted in several rows (summed when read): orders to one node then
    # rarely queue on one counter row until each other's commits.
    with op.batch_alter_table("node_daily_load") as batch:
        batch.add_column(sa.Column("shard", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_constraint("pk_node_daily_load", type_="primary")
        batch.create_primary_key("pk_node_daily_load", ["node", "day", "shard"])
    op.create_table(
        "velocity_events",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("peer", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", "order_id", name=op.f("pk_velocity_events")),
    )
    op.create_index("ix_velocity_events_kind_key_at", "velocity_events", ["kind", "key", "at"])
    op.create_index("ix_velocity_events_at", "velocity_events", ["at"])
    op.create_table(
        "config_versions",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_config_versions")),
    )
    op.bulk_insert(
        sa.table("config_versions", sa.column("name"), sa.column("version")),
        [{"name": name, "version": 1} for name in sorted(set(WATCHED.values()))],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PLACE_ORDER)
        # Versions come from a sequence that no TRUNCATE of the tables resets, so a value
        # once seen never comes back with other contents behind it.
        op.execute("CREATE SEQUENCE om_config_version_seq START 2")
        op.execute(
            "CREATE FUNCTION om_bump_config() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN INSERT INTO config_versions (name, version) "
            "VALUES (TG_ARGV[0], nextval('om_config_version_seq')) "
            "ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version; "
            "RETURN NULL; END $$"
        )
        for table, name in WATCHED.items():
            op.execute(
                f"CREATE TRIGGER om_bump_{table} "
                f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION om_bump_config('{name}')"
            )
    else:
        for table, name in WATCHED.items():
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER om_bump_{table}_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN UPDATE config_versions SET version = version + 1 "
                    f"WHERE name = '{name}'; END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER om_bump_{table} ON {table}")
        op.execute("DROP FUNCTION om_bump_config()")
        op.execute("DROP SEQUENCE om_config_version_seq")
        op.execute("DROP FUNCTION om_place_order(jsonb)")
    else:
        for table in WATCHED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER om_bump_{table}_{event}")
    op.drop_table("config_versions")
    op.execute("DELETE FROM node_daily_load WHERE shard <> 0")  # the count loses the shards
    with op.batch_alter_table("node_daily_load") as batch:
        batch.drop_constraint("pk_node_daily_load", type_="primary")
        batch.create_primary_key("pk_node_daily_load", ["node", "day"])
        batch.drop_column("shard")
    op.drop_index("ix_velocity_events_at", table_name="velocity_events")
    op.drop_index("ix_velocity_events_kind_key_at", table_name="velocity_events")
    op.drop_table("velocity_events")
