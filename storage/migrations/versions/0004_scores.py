"""scores per leaf, site totals, and manual scores kept apart (with their history)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 09:01:42.429296
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
CURRENT = sa.text("superseded_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "manual_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rulebook", sa.String(length=64), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("points", sa.Double(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ux_manual_scores_current",
        "manual_scores",
        ["rulebook", "site_id", "indicator"],
        unique=True,
        sqlite_where=CURRENT,
        postgresql_where=CURRENT,
    )
    op.create_table(
        "scores",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("rulebook", sa.String(length=64), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("part", sa.String(length=10), nullable=False),
        sa.Column("points", sa.Double(), nullable=True),
        sa.Column("max_points", sa.Double(), nullable=True),
        sa.Column("withheld", sa.Double(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sweep_id"], ["sweeps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sweep_id", "rulebook", "site_id", "indicator"),
    )
    op.create_index("ix_scores_rulebook_site", "scores", ["rulebook", "site_id"], unique=False)
    op.create_table(
        "site_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("rulebook", sa.String(length=64), nullable=False),
        sa.Column("rulebook_hash", sa.String(length=40), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("auto_points", sa.Double(), nullable=False),
        sa.Column("manual_points", sa.Double(), nullable=False),
        sa.Column("withheld", sa.Double(), nullable=False),
        sa.Column("awaiting_manual", sa.Double(), nullable=False),
        sa.Column("max_points", sa.Double(), nullable=False),
        sa.Column("scale", sa.Double(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("deductions", sa.Double(), nullable=False),
        sa.Column("bonus", sa.Double(), nullable=False),
        sa.Column("bonus_counted", sa.Boolean(), nullable=False),
        sa.Column("total", sa.Double(), nullable=True),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("vetoed_by", sa.JSON(), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("nodes", sa.JSON(), nullable=False),
        sa.Column("unit_totals", sa.JSON(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sweep_id"], ["sweeps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sweep_id", "rulebook", "site_id"),
    )


def downgrade() -> None:
    op.drop_table("site_scores")
    op.drop_index("ix_scores_rulebook_site", table_name="scores")
    op.drop_table("scores")
    op.drop_index("ux_manual_scores_current", table_name="manual_scores")
    op.drop_table("manual_scores")
