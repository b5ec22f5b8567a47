"""The order assistant and the agent desk: conversations, their messages, verification
attempts, agents, cases and their assignments

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 15:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "assistant_conversations",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("memory", JSON, nullable=False),
        sa.Column("opened_by", sa.String(length=128), nullable=False),
        sa.Column("order_id", ID, nullable=True),
        sa.Column("vouched_email", sa.String(length=254), nullable=True),
        sa.Column("case_id", ID, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assistant_conversations"),
    )
    op.create_index(
        "ix_assistant_conversations_order_id",
        "assistant_conversations",
        ["order_id", "created_at"],
    )
    op.create_table(
        "assistant_messages",
        sa.Column(
            "conversation_id",
            sa.String(length=40),
            sa.ForeignKey(
                "assistant_conversations.id",
                name="fk_assistant_messages_conversation_id_assistant_conversations",
            ),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(length=32), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("action", JSON, nullable=True),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", "seq", name="pk_assistant_messages"),
    )
    op.create_table(
        "assistant_verifications",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=False),
        sa.Column("order_ref", sa.String(length=64), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assistant_verifications"),
    )
    op.create_index(
        "ix_assistant_verifications_conversation",
        "assistant_verifications",
        ["conversation_id", "at"],
    )
    op.create_index(
        "ix_assistant_verifications_order_ref", "assistant_verifications", ["order_ref", "at"]
    )
    op.create_table(
        "desk_agents",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("skills", JSON, nullable=False),
        sa.Column("languages", JSON, nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_desk_agents"),
        sa.UniqueConstraint("actor", name="uq_desk_agents_actor"),
    )
    op.create_table(
        "desk_cases",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("skill", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "agent_id",
            ID,
            sa.ForeignKey("desk_agents.id", name="fk_desk_cases_agent_id_desk_agents"),
            nullable=True,
        ),
        sa.Column("order_id", ID, nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("suggested_reply", sa.Text(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("resolved_at", TS, nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_desk_cases"),
        sa.UniqueConstraint("kind", "ref", name="uq_desk_cases_kind_ref"),
    )
    op.create_index("ix_desk_cases_status_due", "desk_cases", ["status", "due_at"])
    op.create_index("ix_desk_cases_agent", "desk_cases", ["agent_id", "status"])
    op.create_table(
        "desk_assignments",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column(
            "case_id",
            ID,
            sa.ForeignKey("desk_cases.id", name="fk_desk_assignments_case_id_desk_cases"),
            nullable=False,
        ),
        sa.Column("agent_id", ID, nullable=True),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_desk_assignments"),
    )
    op.create_index("ix_desk_assignments_case", "desk_assignments", ["case_id", "id"])


def downgrade() -> None:
    for name in (
        "desk_assignments",
        "desk_cases",
        "desk_agents",
        "assistant_verifications",
        "assistant_messages",
        "assistant_conversations",
    ):
        op.drop_table(name)
