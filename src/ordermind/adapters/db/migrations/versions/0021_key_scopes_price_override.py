"""Least privilege: key scopes, and channels that may set their own prices

`api_keys.scope` narrows a key below its role (`read_only`, `intake_only`; NULL is all
the role may do); a change to it must reach every worker at once, like a revocation, so
the triggers of 0018 that bump the `keys` version now watch it too.
`channels.price_override` says whether the channel's own key may send a unit_price other
than the catalog's (off unless an admin turns it on).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

OLD_WATCHED = "revoked_at, expires_at, key_hash, role, channel, prefix"
WATCHED = OLD_WATCHED + ", scope"


def _drop_key_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER om_bump_api_keys ON api_keys")
    else:
        op.execute("DROP TRIGGER IF EXISTS om_bump_api_keys_update")
        op.execute("DROP TRIGGER IF EXISTS om_bump_api_keys_delete")


def _create_key_triggers(columns: str) -> None:
    """Those of 0018, watching `columns`."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER om_bump_api_keys AFTER UPDATE OF {columns} "
            "OR DELETE OR TRUNCATE ON api_keys "
            "FOR EACH STATEMENT EXECUTE FUNCTION om_bump_config('keys')"
        )
        return
    for event, when in (("update", f"UPDATE OF {columns}"), ("delete", "DELETE")):
        op.execute(
            f"CREATE TRIGGER om_bump_api_keys_{event} AFTER {when} ON api_keys "
            "BEGIN UPDATE config_versions SET version = version + 1 "
            "WHERE name = 'keys'; END"
        )


def upgrade() -> None:
    _drop_key_triggers()
    op.add_column("api_keys", sa.Column("scope", sa.String(16)))
    op.add_column(
        "channels",
        sa.Column("price_override", sa.Boolean(), server_default="0", nullable=False),
    )
    _create_key_triggers(WATCHED)


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite >= 3.35), not a batch: a batch copies the table on
    # SQLite and the copy has none of the triggers of 0011 and 0018.
    _drop_key_triggers()  # (they name the column)
    op.execute("ALTER TABLE channels DROP COLUMN price_override")
    op.execute("ALTER TABLE api_keys DROP COLUMN scope")
    _create_key_triggers(OLD_WATCHED)
