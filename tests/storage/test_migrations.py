"""Upgrading a database that already holds sweeps keeps every stored row (nothing stored is lost)."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import create_engine, text

from scheduler.workflow import sync_problems
from storage import normalize_url, open_db
from storage.db import alembic_config
from storage.findings import problem_key, replace_findings
from storage.operations import list_problems
from storage.writer import url_hash


def test_upgrade_from_first_schema_keeps_pages(db_url: str) -> None:
    engine = create_engine(normalize_url(db_url))
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into sites (name, base_url, level, unit, hosts, created_at) "
                "values ('甲', 'http://a/', '市', '', '[]', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "insert into sweeps (started_at, state, plan, resumed_count) "
                "values ('2026-01-01', 'finished', '{}', 0)"
            )
        )
        conn.execute(
            text(
                "insert into pages (sweep_id, site_id, url, url_hash, final_url, depth, outcome, error, fetched_at,"
                " content_type, encoding, size, title, meta, breadcrumb, text_hash, snapshot) values (1, 1, 'http://a/',"
                " 'h', 'http://a/', 0, 'ok', '', '2026-01-01', '', '', 0, '首页', '{}', '', '', '')"
            )
        )
    engine.dispose()
    upgraded = open_db(db_url)
    with upgraded.connect() as conn:
        row = conn.execute(text("select title, kind, extractor_version, rendered from pages")).one()
    assert row.title == "首页" and row.kind == "" and row.extractor_version == 0 and not row.rendered


def test_open_column_problems_move_to_their_columns_key_and_stay_open(db_url: str) -> None:
    """Issue 13: a problem that targeted a category (gzdt) now targets the column its message names, with
    its number, state and history kept; the next sweep finding it again leaves it open, not reopened."""
    engine = create_engine(normalize_url(db_url))
    command.upgrade(alembic_config(engine), "0011")
    zwyw, xzdt = "http://a/xwzx/zwyw/", "http://a/xwzx/xzdt/"
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into sites (name, base_url, level, unit, hosts, created_at, display_name) "
                "values ('甲', 'http://a/', '市', '', '[]', '2026-01-01', '')"
            )
        )
        conn.execute(
            text(
                "insert into sweeps (started_at, state, plan, resumed_count) "
                "values ('2026-01-01', 'finished', '{}', 0)"
            )
        )
        for key, name in ((zwyw, "政务要闻"), (xzdt, "乡镇动态")):
            conn.execute(
                text(
                    "insert into sweep_columns (sweep_id, site_id, column_key, url, name, category, role,"
                    " visibility, items_read, undated_read, pages_read, empty, complete, unseen_reason)"
                    " values (1, 1, :k, :k, :n, 'gzdt', 'list', 'seen', 3, 0, 1, false, true, '')"
                ),
                {"k": key, "n": name},
            )
        conn.execute(
            text(
                'insert into problems (site_id, "check", target, target_hash, state, first_seen_at,'
                " last_seen_at, first_sweep_id, last_sweep_id, judged_at, status, message, evidence)"
                " values (1, 'freshness', 'gzdt', :h, 'open', '2026-01-01', '2026-01-01', 1, 1,"
                " '2026-01-01', 'fail', '「乡镇动态」最近更新于2025年10月01日，已92天未更新', '[]')"
            ),
            {"h": url_hash("gzdt")},
        )
    engine.dispose()
    upgraded = open_db(db_url)
    with upgraded.connect() as conn:
        row = conn.execute(
            text("select id, target, target_hash, label, state, problem_key from problems")
        ).one()
    assert (row.id, row.target, row.label, row.state) == (1, xzdt, "乡镇动态", "open")
    assert row.target_hash == url_hash(xzdt) and row.problem_key == problem_key(1, "freshness", xzdt)

    with upgraded.begin() as conn:
        conn.execute(
            text(
                "insert into sweeps (started_at, state, plan, resumed_count) "
                "values ('2026-02-01', 'finished', '{}', 0)"
            )
        )
    replace_findings(
        upgraded,
        2,
        1,
        [
            {
                "check": "freshness",
                "target": xzdt,
                "status": "fail",
                "message": "「乡镇动态」仍未更新",
                "label": "乡镇动态",
            }
        ],
        date(2026, 2, 1),
    )
    changes = sync_problems(upgraded, 2)
    problems = list_problems(upgraded)
    assert [(p["id"], p["state"], p["target"]) for p in problems] == [(1, "open", xzdt)]
    assert changes.of("open") == [] and changes.of("reopened") == []
