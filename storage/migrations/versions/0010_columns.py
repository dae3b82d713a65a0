"""every column of a site as a sweep read it (sweep_columns), stated list totals and empty lists on pages,
the raw <title> beside the clean one, year-inferred list dates, and a site's display name

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 23:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sweep_columns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("column_key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("parent_key", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("items_read", sa.Integer(), nullable=False),
        sa.Column("undated_read", sa.Integer(), nullable=False),
        sa.Column("pages_read", sa.Integer(), nullable=False),
        sa.Column("newest_date", sa.Date(), nullable=True),
        sa.Column("stated_total", sa.Integer(), nullable=True),
        sa.Column("stated_pages", sa.Integer(), nullable=True),
        sa.Column("empty", sa.Boolean(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("unseen_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["sweep_id"], ["sweeps.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sweep_columns_sweep_site", "sweep_columns", ["sweep_id", "site_id"])
    op.add_column("pages", sa.Column("raw_title", sa.Text(), nullable=False, server_default=""))
    op.add_column("pages", sa.Column("stated_total", sa.Integer(), nullable=True))
    op.add_column("pages", sa.Column("stated_pages", sa.Integer(), nullable=True))
    op.add_column("pages", sa.Column("list_empty", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column(
        "list_items", sa.Column("year_inferred", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("sites", sa.Column("display_name", sa.Text(), nullable=False, server_default=""))
    op.add_column("sweep_sites", sa.Column("not_followed", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("sweep_sites") as batch:
        batch.drop_column("not_followed")
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("display_name")
    with op.batch_alter_table("list_items") as batch:
        batch.drop_column("year_inferred")
    with op.batch_alter_table("pages") as batch:
        for column in ("list_empty", "stated_pages", "stated_total", "raw_title"):
            batch.drop_column(column)
    op.drop_index("ix_sweep_columns_sweep_site", table_name="sweep_columns")
    op.drop_table("sweep_columns")
