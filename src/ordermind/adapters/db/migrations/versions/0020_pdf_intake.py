"""PDF and scan intake: sender layouts learnt from corrections

`intake_sender_layouts` holds, per sender (the folded name a document is issued under),
the page region of each header field a reviewer corrected; the next PDF or scan from that
sender is read there first.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 03:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intake_sender_layouts",
        sa.Column("sender", sa.String(128), primary_key=True),
        sa.Column(
            "layout", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("intake_sender_layouts")
