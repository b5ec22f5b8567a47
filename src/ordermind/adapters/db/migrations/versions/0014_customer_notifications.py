"""customer notifications: outbox filled by a trigger, messages, preferences

`notification_outbox` gets one row per milestone of an order — placed (confirmed), each
shipment shipped and delivered, each return received and refunded — from a row trigger on
`order_events`, in the same transaction as the event: the one-statement order write
(`om_place_order`) and the ordinary inserts alike, with nothing in the placement code. A
WHEN clause keeps every other event type (and imported history, actor `import:*`) free of
it. A repeat of the same (order, milestone, subject) is ignored. The row copies the
event's data (carrier, tracking, amount), except for a placed order's lines, which no
message needs. `notifications` holds one
message per outbox row and channel, unique per (order, milestone, subject, channel);
`notification_preferences` a customer's channels, opt-outs, locale and quiet hours.

The trigger mirrors `ordermind.notifications.milestones.FROM_EVENTS` (frozen here; a test
holds the two together). On a partitioned `order_events` (0012) the trigger is declared
on the parent and PostgreSQL clones it onto every partition, present and future.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 20:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

# event type -> (milestone, data field of the subject or None)
MILESTONES = {
    "order.placed": ("confirmed", None),
    "order.shipped": ("shipped", "shipment_id"),
    "order.delivered": ("delivered", "shipment_id"),
    "return.received": ("return_received", "return_id"),
    "return.refunded": ("refunded", "return_id"),
}
TYPES = ", ".join(f"'{t}'" for t in MILESTONES)


def _milestone_sql() -> str:
    whens = " ".join(f"WHEN '{t}' THEN '{m}'" for t, (m, _) in MILESTONES.items())
    return f"CASE NEW.type {whens} END"


def _subject_sql(extract: str) -> str:
    whens = " ".join(
        f"WHEN '{t}' THEN substr(coalesce({extract.format(field=f)}, ''), 1, 64)"
        for t, (_, f) in MILESTONES.items()
        if f is not None
    )
    return f"CASE NEW.type {whens} ELSE '' END"


PG_FUNCTION = f"""
CREATE FUNCTION om_notify_milestone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notification_outbox (order_id, milestone, subject, event_id, data, status,
                                   created_at)
  VALUES (NEW.order_id, {_milestone_sql()}, {_subject_sql("NEW.data->>'{field}'")}, NEW.id,
          CASE NEW.type WHEN 'order.placed' THEN '{{}}'::jsonb ELSE NEW.data END, 'pending',
          NEW.created_at)
  ON CONFLICT (order_id, milestone, subject) DO NOTHING;
  RETURN NULL;
END $$
"""
PG_TRIGGER = f"""
CREATE TRIGGER om_notify_milestone AFTER INSERT ON order_events FOR EACH ROW
WHEN (NEW.type IN ({TYPES}) AND NEW.order_id IS NOT NULL
      AND NEW.actor NOT LIKE 'import:%')
EXECUTE FUNCTION om_notify_milestone()
"""
SQLITE_TRIGGER = f"""
CREATE TRIGGER om_notify_milestone AFTER INSERT ON order_events
WHEN NEW.type IN ({TYPES}) AND NEW.order_id IS NOT NULL AND NEW.actor NOT LIKE 'import:%'
BEGIN
  INSERT INTO notification_outbox (order_id, milestone, subject, event_id, data, status,
                                   created_at)
  VALUES (NEW.order_id, {_milestone_sql()},
          {_subject_sql("json_extract(NEW.data, '$.{field}')")}, NEW.id,
          CASE NEW.type WHEN 'order.placed' THEN '{{}}' ELSE NEW.data END, 'pending',
          NEW.created_at)
  ON CONFLICT (order_id, milestone, subject) DO NOTHING;
END
"""


def upgrade() -> None:
    op.create_table(
        "notification_outbox",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("order_id", Id, nullable=False),
        sa.Column("milestone", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=True),
        sa.Column("data", Json, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("processed_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_outbox")),
        sa.UniqueConstraint(
            "order_id",
            "milestone",
            "subject",
            name="uq_notification_outbox_order_milestone_subject",
        ),
    )
    op.create_index("ix_notification_outbox_status_id", "notification_outbox", ["status", "id"])
    op.create_table(
        "notifications",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("outbox_id", Id, nullable=False),
        sa.Column("order_id", Id, nullable=False),
        sa.Column("milestone", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("context", Json, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TS, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint(
            "order_id",
            "milestone",
            "subject",
            "channel",
            name="uq_notifications_order_milestone_subject_channel",
        ),
    )
    op.create_index("ix_notifications_order_id", "notifications", ["order_id"])
    op.create_index(
        "ix_notifications_status_next_attempt_at", "notifications", ["status", "next_attempt_at"]
    )
    op.create_table(
        "notification_preferences",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("channels", Json, nullable=False),
        sa.Column("opted_out", Json, nullable=False),
        sa.Column("opt_out_all", sa.Boolean(), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=True),
        sa.Column("quiet_start", sa.String(length=5), nullable=True),
        sa.Column("quiet_end", sa.String(length=5), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_notification_preferences")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        op.execute(SQLITE_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER om_notify_milestone ON order_events")
        op.execute("DROP FUNCTION om_notify_milestone()")
    else:
        op.execute("DROP TRIGGER om_notify_milestone")
    op.drop_table("notification_preferences")
    op.drop_index("ix_notifications_status_next_attempt_at", table_name="notifications")
    op.drop_index("ix_notifications_order_id", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index("ix_notification_outbox_status_id", table_name="notification_outbox")
    op.drop_table("notification_outbox")
