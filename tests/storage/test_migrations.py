"""Upgrading a database that already holds sweeps keeps every stored row (nothing stored is lost)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from storage import normalize_url, open_db
from storage.db import alembic_config


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
