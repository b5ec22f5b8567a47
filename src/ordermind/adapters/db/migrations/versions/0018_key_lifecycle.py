"""API key lifecycle: expiry, last use, and revocation seen at once by every worker

`api_keys` gains `expires_at` (optional: a key past it is refused) and `last_used_at`
(written at most once a minute per key, never per request). A `keys` row in
`config_versions` is bumped by a trigger whenever a key's verification could change (its
revocation, expiry, hash, role or channel is updated, or a key is deleted), whoever made
the change, a SQL console included; each worker checks that one row per request and drops
its cache of verified keys when it moved. Writing `last_used_at` does not bump it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

WATCHED_COLUMNS = "revoked_at, expires_at, key_hash, role, channel, prefix"


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("expires_at", sa.DateTime(timezone=True)))
    op.add_column("api_keys", sa.Column("last_used_at", sa.DateTime(timezone=True)))
    op.bulk_insert(
        sa.table("config_versions", sa.column("name"), sa.column("version")),
        [{"name": "keys", "version": 1}],
    )
    if op.get_bind().dialect.name == "postgresql":
        # the function and sequence of migration 0011: versions never come back
        op.execute(
            f"CREATE TRIGGER om_bump_api_keys AFTER UPDATE OF {WATCHED_COLUMNS} "
            "OR DELETE OR TRUNCATE ON api_keys "
            "FOR EACH STATEMENT EXECUTE FUNCTION om_bump_config('keys')"
        )
    else:
        for event, when in (
            ("update", f"UPDATE OF {WATCHED_COLUMNS}"),
            ("delete", "DELETE"),
        ):
            op.execute(
                f"CREATE TRIGGER om_bump_api_keys_{event} AFTER {when} ON api_keys "
                "BEGIN UPDATE config_versions SET version = version + 1 "
                "WHERE name = 'keys'; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER om_bump_api_keys ON api_keys")
    else:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER om_bump_api_keys_{event}")
    op.execute("DELETE FROM config_versions WHERE name = 'keys'")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("last_used_at")
        batch.drop_column("expires_at")
