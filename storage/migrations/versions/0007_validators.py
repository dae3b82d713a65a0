"""pages keep their response validators (ETag, Last-Modified) for the next sweep's conditional requests

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pages", sa.Column("etag", sa.String(200), nullable=False, server_default=""))
    op.add_column("pages", sa.Column("last_modified", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("last_modified")
        batch.drop_column("etag")
