"""pages record how they were reached (as a list entry, a next page or a link; with the entry's text and
date) and whether an incremental sweep reused an earlier sweep's row (answered 304, or carried unrequested)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 13:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pages", sa.Column("reached_as", sa.String(12), nullable=False, server_default=""))
    op.add_column("pages", sa.Column("link_anchor", sa.Text(), nullable=False, server_default=""))
    op.add_column("pages", sa.Column("link_date", sa.Date(), nullable=True))
    op.add_column("pages", sa.Column("reuse", sa.String(16), nullable=False, server_default=""))
    op.add_column("pages", sa.Column("reused_page_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        for column in ("reused_page_id", "reuse", "link_date", "link_anchor", "reached_as"):
            batch.drop_column(column)
