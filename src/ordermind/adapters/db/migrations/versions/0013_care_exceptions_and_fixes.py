"""order care: exceptions, delay scores, fix decisions, SKU substitutes

`care_exceptions` keeps one active exception per (order, cause) through the unique
(order_id, open_cause): `open_cause` is the cause while the exception is open (or
dismissed and still found), NULL once it is closed, and NULLs never collide.
`delay_scores` holds each open order's latest delay-risk score; `care_fix_decisions` every
fix offered on a decided exception (chosen or not, by a person or automatically), which the
fix ranker learns from; `product_substitutes` the equivalent SKUs a fix may switch to.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 20:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "care_exceptions",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("order_id", ID, nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("cause", sa.String(length=160), nullable=False),
        sa.Column("open_cause", sa.String(length=160), nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("money_at_risk", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("promise_at_risk", sa.Date(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.Column("evaluation", JSON, nullable=True),
        sa.Column("applied", JSON, nullable=True),
        sa.Column("opened_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("evaluated_at", TS, nullable=True),
        sa.Column("applied_at", TS, nullable=True),
        sa.Column("closed_at", TS, nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_care_exceptions_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_exceptions")),
        sa.UniqueConstraint("order_id", "open_cause", name="uq_care_exceptions_order_open_cause"),
    )
    op.create_index("ix_care_exceptions_status_type", "care_exceptions", ["status", "type"])
    op.create_index("ix_care_exceptions_order_id", "care_exceptions", ["order_id"])
    op.create_table(
        "delay_scores",
        sa.Column("order_id", ID, autoincrement=False, nullable=False),
        sa.Column("late_probability", sa.Float(), nullable=False),
        sa.Column("top_factors", JSON, nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("fallback_used", sa.Boolean(), nullable=False),
        sa.Column("fallback_reason", sa.Text(), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("scored_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_delay_scores_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_delay_scores")),
    )
    op.create_table(
        "care_fix_decisions",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("exception_id", ID, nullable=False),
        sa.Column("order_id", ID, nullable=False),
        sa.Column("exception_type", sa.String(length=32), nullable=False),
        sa.Column("fix_type", sa.String(length=32), nullable=False),
        sa.Column("fix_key", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("effects", JSON, nullable=False),
        sa.Column("ranker", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["exception_id"],
            ["care_exceptions.id"],
            name=op.f("fk_care_fix_decisions_exception_id_care_exceptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_fix_decisions")),
    )
    op.create_index("ix_care_fix_decisions_exception_id", "care_fix_decisions", ["exception_id"])
    op.create_table(
        "product_substitutes",
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("substitute", sa.String(length=64), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sku"], ["products.sku"], name=op.f("fk_product_substitutes_sku_products")
        ),
        sa.ForeignKeyConstraint(
            ["substitute"],
            ["products.sku"],
            name=op.f("fk_product_substitutes_substitute_products"),
        ),
        sa.PrimaryKeyConstraint("sku", "substitute", name=op.f("pk_product_substitutes")),
    )


def downgrade() -> None:
    op.drop_table("product_substitutes")
    op.drop_index("ix_care_fix_decisions_exception_id", table_name="care_fix_decisions")
    op.drop_table("care_fix_decisions")
    op.drop_table("delay_scores")
    op.drop_index("ix_care_exceptions_order_id", table_name="care_exceptions")
    op.drop_index("ix_care_exceptions_status_type", table_name="care_exceptions")
    op.drop_table("care_exceptions")
