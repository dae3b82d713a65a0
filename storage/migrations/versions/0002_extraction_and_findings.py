"""extraction results, list items, site columns, findings

Columns added to pages carry server defaults so that a database holding earlier sweeps upgrades in place.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 08:52:56.511069
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "findings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("target_hash", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("measured", sa.JSON(), nullable=True),
        sa.Column("limit_value", sa.JSON(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sweep_id"], ["sweeps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sweep_id", "site_id", "check", "target_hash"),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index("ix_findings_key", ["site_id", "check", "target_hash"], unique=False)

    op.create_table(
        "list_items",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sweep_id"], ["sweeps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("list_items", schema=None) as batch_op:
        batch_op.create_index("ix_list_items_sweep_page", ["sweep_id", "page_id"], unique=False)

    op.create_table(
        "site_columns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("parent_column_id", sa.String(length=40), nullable=False),
        sa.Column("source_page_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_page_id"], ["pages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sweep_id"], ["sweeps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("site_columns", schema=None) as batch_op:
        batch_op.create_index("ix_site_columns_sweep_site", ["sweep_id", "site_id"], unique=False)

    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extractor_version", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("publish_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("publish_date_source", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("implausible_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("written_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("doc_fields", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("column_id", sa.String(length=40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("column_name", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("column_signal", sa.String(length=20), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("needs_render", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("rendered", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("rendered")
        batch_op.drop_column("needs_render")
        batch_op.drop_column("column_signal")
        batch_op.drop_column("column_name")
        batch_op.drop_column("column_id")
        batch_op.drop_column("doc_fields")
        batch_op.drop_column("written_date")
        batch_op.drop_column("implausible_date")
        batch_op.drop_column("publish_date_source")
        batch_op.drop_column("publish_date")
        batch_op.drop_column("kind")
        batch_op.drop_column("extractor_version")

    with op.batch_alter_table("site_columns", schema=None) as batch_op:
        batch_op.drop_index("ix_site_columns_sweep_site")

    op.drop_table("site_columns")
    with op.batch_alter_table("list_items", schema=None) as batch_op:
        batch_op.drop_index("ix_list_items_sweep_page")

    op.drop_table("list_items")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index("ix_findings_key")

    op.drop_table("findings")
