"""sweep_sites keep site-level facts measured at crawl time (the host's AAAA record, the homepage search form)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sweep_sites", sa.Column("facts", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("sweep_sites") as batch:
        batch.drop_column("facts")
