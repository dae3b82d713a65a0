"""re-check of failed URLs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 08:56:21.279315
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("recheck_outcome", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("recheck_status", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("recheck_status")
        batch_op.drop_column("recheck_outcome")
