"""Webhooks: sealed secrets, rotation, endpoint health, ordered delivery, retry windows

`webhook_subscriptions.secret` (in clear) becomes `signing_secrets`, sealed with the key
from ORDERMIND_SECRET_KEY (adapters/webhooks/vault.py; the same key must be given to
`ordermind db upgrade` and to the server). Subscriptions gain `ordered`,
`consecutive_failures` and `failing_since`; deliveries gain `give_up_at`, the end of their
three-day retry window (pending ones get theirs from now).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 04:00:00
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from ordermind.adapters.webhooks import vault

    op.add_column("webhook_subscriptions", sa.Column("signing_secrets", sa.Text()))
    op.add_column(
        "webhook_subscriptions",
        sa.Column("ordered", sa.Boolean(), server_default="0", nullable=False),
    )
    op.add_column(
        "webhook_subscriptions",
        sa.Column("consecutive_failures", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column("webhook_subscriptions", sa.Column("failing_since", sa.DateTime(timezone=True)))
    op.add_column("webhook_deliveries", sa.Column("give_up_at", sa.DateTime(timezone=True)))
    conn = op.get_bind()
    subs = sa.table(
        "webhook_subscriptions",
        sa.column("id"),
        sa.column("secret"),
        sa.column("signing_secrets"),
    )
    for sub_id, secret in conn.execute(sa.select(subs.c.id, subs.c.secret)).all():
        conn.execute(
            subs.update()
            .where(subs.c.id == sub_id)
            .values(signing_secrets=vault.seal([{"secret": secret, "until": None}]))
        )
    deliveries = sa.table("webhook_deliveries", sa.column("status"), sa.column("give_up_at"))
    conn.execute(
        deliveries.update()
        .where(deliveries.c.status == "pending")
        .values(give_up_at=datetime.now(UTC) + timedelta(days=3))
    )
    op.execute("ALTER TABLE webhook_subscriptions DROP COLUMN secret")


def downgrade() -> None:
    from ordermind.adapters.webhooks import vault

    op.add_column("webhook_subscriptions", sa.Column("secret", sa.String(128)))
    conn = op.get_bind()
    subs = sa.table(
        "webhook_subscriptions", sa.column("id"), sa.column("secret"), sa.column("signing_secrets")
    )
    for sub_id, sealed in conn.execute(sa.select(subs.c.id, subs.c.signing_secrets)).all():
        current = vault.unseal(sealed)[0]["secret"] if sealed else ""
        conn.execute(subs.update().where(subs.c.id == sub_id).values(secret=current))
    for column in ("failing_since", "consecutive_failures", "ordered", "signing_secrets"):
        op.execute(f"ALTER TABLE webhook_subscriptions DROP COLUMN {column}")
    op.execute("ALTER TABLE webhook_deliveries DROP COLUMN give_up_at")
