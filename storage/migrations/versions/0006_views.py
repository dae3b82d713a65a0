"""evidence of failing findings, dashboard users, and the stable SQL views dashboards read

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The few expressions SQLite and PostgreSQL spell differently; everything else is shared SQL.
DIALECT_SQL = {
    "sqlite": {
        "days_open": "CAST(julianday('now') - julianday(p.first_seen_at) AS INTEGER)",
        "china_day": "date(pr.at, '+8 hours')",
    },
    "postgresql": {
        "days_open": "CAST(FLOOR(EXTRACT(EPOCH FROM (now() - p.first_seen_at)) / 86400) AS INTEGER)",
        "china_day": "CAST((pr.at AT TIME ZONE 'Asia/Shanghai') AS date)",
    },
}

VIEWS = {
    "v_latest_site_scores": """
SELECT ss.site_id, s.name AS site, s.level, s.unit, ss.rulebook, ss.sweep_id,
       sw.started_at AS sweep_started_at, ss.as_of, ss.auto_points, ss.manual_points, ss.withheld,
       ss.awaiting_manual, ss.max_points, ss.score, ss.deductions, ss.bonus, ss.total, ss.verdict,
       CASE WHEN json_array_length(ss.vetoed_by) > 0 THEN 1 ELSE 0 END AS vetoed,
       ss.vetoed_by, ss.provisional, ss.scored_at
FROM site_scores ss
JOIN sites s ON s.id = ss.site_id
JOIN sweeps sw ON sw.id = ss.sweep_id
WHERE ss.sweep_id = (
    SELECT MAX(x.sweep_id) FROM site_scores x WHERE x.site_id = ss.site_id AND x.rulebook = ss.rulebook
)""",
    "v_open_problems": """
SELECT p.id AS problem_id, p.site_id, s.name AS site, s.unit, p."check", p.target, p.state, p.status,
       p.message, p.first_seen_at, p.last_seen_at, p.first_sweep_id, p.last_sweep_id,
       {days_open} AS days_open
FROM problems p
JOIN sites s ON s.id = p.site_id
WHERE p.state IN ('open', 'reopened', 'fixed')""",
    "v_probe_availability_daily": """
SELECT pr.site_id, s.name AS site, pr.kind, {china_day} AS day, COUNT(*) AS probes,
       SUM(CASE WHEN pr.outcome = 'ok' THEN 1 ELSE 0 END) AS ok,
       SUM(CASE WHEN pr.outcome = 'ok' THEN 1 ELSE 0 END) * 1.0 / COUNT(*) AS availability,
       AVG(pr.latency_ms) AS mean_latency_ms
FROM probes pr
JOIN sites s ON s.id = pr.site_id
GROUP BY pr.site_id, s.name, pr.kind, {china_day}""",
    "v_sweep_coverage": """
SELECT pg.sweep_id, pg.site_id, s.name AS site, COUNT(*) AS pages_tried,
       SUM(CASE WHEN pg.outcome = 'ok' THEN 1 ELSE 0 END) AS pages_fetched,
       SUM(CASE WHEN pg.outcome <> 'ok' THEN 1 ELSE 0 END) AS pages_failed
FROM pages pg
JOIN sites s ON s.id = pg.site_id
GROUP BY pg.sweep_id, pg.site_id, s.name""",
}


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "user_sites",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "site_id"),
    )
    op.create_table(
        "evidence_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_hash", sa.String(length=40), nullable=False),
        sa.Column("page_id", BIG_ID, nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=True),
        sa.Column("mime", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("snapshot_gz", sa.LargeBinary(), nullable=True),
        sa.Column("encoding", sa.String(length=40), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sweep_id"], ["sweeps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sweep_id", "site_id", "url_hash"),
    )
    op.create_table(
        "finding_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=64), nullable=False),
        sa.Column("target_hash", sa.String(length=40), nullable=False),
        sa.Column("evidence_page_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("link_text", sa.Text(), nullable=False),
        sa.Column("link_url", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["evidence_page_id"], ["evidence_pages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sweep_id"], ["sweeps.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_finding_evidence_key", "finding_evidence", ["sweep_id", "site_id", "check", "target_hash"]
    )
    spelling = DIALECT_SQL[op.get_bind().dialect.name]
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {body.format(**spelling)}")


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_index("ix_finding_evidence_key", table_name="finding_evidence")
    op.drop_table("finding_evidence")
    op.drop_table("evidence_pages")
    op.drop_table("user_sites")
    op.drop_table("users")
