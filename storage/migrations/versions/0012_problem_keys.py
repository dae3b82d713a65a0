"""column findings point at the column: findings carry the column's label and category and a problem_key;
every open problem whose target was a category id (freshness, blank_column, periodic) is carried over to
its column's key, so nothing closes as 已消除 and reopens under a new number

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 10:00:00.000000
"""

from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COLUMN_CHECKS = ("freshness", "blank_column", "periodic")
ACTIVE = ("open", "reopened", "fixed")
_NAMED = re.compile(r"「([^」]+)」")


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _problem_key(site_id: int, check: str, target: str) -> str:
    """As storage.findings.problem_key (kept here so the migration never changes with the code)."""
    return _sha1(f"{site_id}\x1f{check}\x1f{target}")


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("label", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("category", sa.String(length=40), nullable=False, server_default=""))
        batch.add_column(sa.Column("problem_key", sa.String(length=40), nullable=False, server_default=""))
    with op.batch_alter_table("problems") as batch:
        batch.add_column(sa.Column("label", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("problem_key", sa.String(length=40), nullable=False, server_default=""))
    connection = op.get_bind()
    _carry_over(connection)
    _fill_keys(connection)
    op.create_index("ix_problems_key", "problems", ["site_id", "problem_key"], unique=True)
    op.create_index("ix_findings_problem_key", "findings", ["site_id", "problem_key"])


def _carry_over(connection: sa.Connection) -> None:
    """Each active column problem targeting a category moves to the key of the site's column of that
    category in its newest read sweep: the one its message names (「乡镇动态」), else the first list."""
    problems = connection.execute(
        sa.text(
            'select id, site_id, "check", target, message from problems '
            "where state in ('open', 'reopened', 'fixed') and \"check\" in ('freshness', 'blank_column', 'periodic')"
        )
    ).all()
    for problem in problems:
        if "://" in problem.target:
            continue
        column = _column_of(connection, problem.site_id, problem.target, problem.message or "")
        if column is None:
            continue
        key, name = column
        taken = connection.execute(
            sa.text('select 1 from problems where site_id = :s and "check" = :c and target = :t'),
            {"s": problem.site_id, "c": problem.check, "t": key},
        ).first()
        if taken:
            continue
        connection.execute(
            sa.text("update problems set target = :t, target_hash = :h, label = :l where id = :id"),
            {"t": key, "h": _sha1(key), "l": name, "id": problem.id},
        )
        connection.execute(
            sa.text(
                'update alerts set target_hash = :new where site_id = :s and "check" = :c and target_hash = :old'
            ),
            {"new": _sha1(key), "s": problem.site_id, "c": problem.check, "old": _sha1(problem.target)},
        )


def _column_of(
    connection: sa.Connection, site_id: int, category: str, message: str
) -> tuple[str, str] | None:
    sweep = connection.execute(
        sa.text("select max(sweep_id) from sweep_columns where site_id = :s"), {"s": site_id}
    ).scalar()
    if sweep is None:
        return None
    rows = connection.execute(
        sa.text(
            "select column_key, name, role from sweep_columns "
            "where sweep_id = :w and site_id = :s and category = :c order by id"
        ),
        {"w": sweep, "s": site_id, "c": category},
    ).all()
    named = set(_NAMED.findall(message))
    chosen = next((r for r in rows if r.name in named), None)
    chosen = chosen or next((r for r in rows if r.role == "list"), None) or (rows[0] if rows else None)
    return (chosen.column_key, chosen.name) if chosen is not None else None


def _fill_keys(connection: sa.Connection) -> None:
    for table in ("problems", "findings"):
        rows = connection.execute(sa.text(f'select id, site_id, "check", target from {table}')).all()
        for row in rows:
            connection.execute(
                sa.text(f"update {table} set problem_key = :k where id = :id"),
                {"k": _problem_key(row.site_id, row.check, row.target), "id": row.id},
            )


def downgrade() -> None:
    op.drop_index("ix_findings_problem_key", table_name="findings")
    op.drop_index("ix_problems_key", table_name="problems")
    with op.batch_alter_table("problems") as batch:
        batch.drop_column("problem_key")
        batch.drop_column("label")
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("problem_key")
        batch.drop_column("category")
        batch.drop_column("label")
