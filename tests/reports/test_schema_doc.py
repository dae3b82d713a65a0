"""storage/SCHEMA.md is the dashboards' interface: every model column is documented there, and the stable
views it documents exist with those columns and answer right on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

import storage
from scheduler.workflow import sync_problems
from storage import open_db
from storage.dbviews import VIEWS
from storage.findings import replace_findings
from storage.models import Base, Sweep
from storage.operations import record_probes
from storage.scores import replace_scores
from storage.writer import finish_sweep, open_sweep, register_sites, write_pages

SCHEMA = Path(storage.__file__).with_name("SCHEMA.md")


def documented() -> dict[str, str]:
    """Section name (a table or a view) → its text."""
    sections = re.split(r"^### `([a-z_]+)`\s*$", SCHEMA.read_text(encoding="utf-8"), flags=re.M)
    return {name: body.split("\n## ")[0] for name, body in zip(sections[1::2], sections[2::2], strict=True)}


def all_tables() -> dict[str, list[str]]:
    for module in pkgutil.iter_modules(storage.__path__):  # tables may live in any storage module
        importlib.import_module(f"storage.{module.name}")
    return {t.name: [c.name for c in t.columns] for t in Base.metadata.sorted_tables}


def test_every_model_table_and_column_is_documented() -> None:
    docs = documented()
    missing = [
        f"{table}.{column}"
        for table, columns in all_tables().items()
        for column in columns
        if table not in docs or not re.search(rf"^\| `{column}` \|", docs[table], flags=re.M)
    ]
    assert not missing, f"storage/SCHEMA.md does not document: {', '.join(missing)}"


def test_documented_views_exist_with_their_columns(tmp_path: Path) -> None:
    engine = open_db(f"sqlite:///{tmp_path / 'v.db'}")
    docs = documented()
    with engine.connect() as conn:
        for view in VIEWS:
            columns = list(conn.execute(text(f"SELECT * FROM {view} LIMIT 0")).keys())
            listed = re.findall(r"`([a-z_]+)`", docs[view].split("Columns:")[1].split("\n\n")[0])
            assert listed == columns, view


def _seed(db_url: str) -> dict[str, int]:
    engine = open_db(db_url)
    ids = register_sites(
        engine,
        [
            {"name": "甲", "base_url": "http://a/", "level": "市", "unit": "办公室"},
            {"name": "乙", "base_url": "http://b/", "level": "部门"},
        ],
    )
    sweeps = []
    for day, fails in ((date(2026, 11, 6), 2), (date(2026, 11, 20), 1)):
        sweep_id = open_sweep(engine, {"sites": [{"name": "甲"}, {"name": "乙"}]})
        started = datetime(day.year, day.month, day.day, 1, tzinfo=UTC)
        with Session(engine) as session, session.begin():
            session.get(Sweep, sweep_id).started_at = started
        pages = [
            {
                "site": "甲",
                "url": f"http://a/{i}",
                "final_url": f"http://a/{i}",
                "outcome": "ok" if i else "timeout",
                "fetched_at": started,
            }
            for i in range(3)
        ]
        write_pages(engine, sweep_id, ids, pages)
        finish_sweep(engine, sweep_id, {}, complete=True)
        findings = [
            {
                "check": "freshness",
                "target": f"c{i}",
                "status": "fail" if i < fails else "pass",
                "message": "旧",
            }
            for i in range(2)
        ]
        replace_findings(engine, sweep_id, ids["甲"], findings, day)
        sync_problems(engine, sweep_id)
        total = {
            "as_of": day,
            "max_points": 100.0,
            "total": 80.0 + fails,
            "score": 80.0 + fails,
            "verdict": "合格",
            "vetoed_by": [],
            "nodes": {},
            "unit_totals": [],
            "flags": [],
        }
        replace_scores(engine, sweep_id, "national-2019", [], [total | {"site_id": ids["甲"]}])
        sweeps.append(sweep_id)
    probes = [
        {
            "kind": "homepage",
            "url": "http://a/",
            "at": at,
            "outcome": outcome,
            "status": None,
            "latency_ms": 100,
        }
        for at, outcome in (
            (datetime(2026, 11, 20, 15, 0, tzinfo=UTC), "ok"),  # 23:00 in Beijing
            (datetime(2026, 11, 20, 17, 0, tzinfo=UTC), "timeout"),  # 01:00 next day
            (datetime(2026, 11, 20, 18, 0, tzinfo=UTC), "ok"),
        )
    ]
    record_probes(engine, ids["甲"], probes)
    engine.dispose()
    return {"甲": ids["甲"], "second": sweeps[1]}


def test_views_answer_the_common_questions(db_url: str) -> None:
    seeded = _seed(db_url)
    engine = open_db(db_url)
    with engine.connect() as conn:
        latest = conn.execute(text("SELECT site, sweep_id, total, vetoed FROM v_latest_site_scores")).all()
        assert [tuple(r) for r in latest] == [("甲", seeded["second"], 81.0, 0)]
        open_rows = conn.execute(
            text('SELECT site, "check", target, state, days_open FROM v_open_problems')
        ).all()
        assert [(r.site, r.target, r.state) for r in open_rows] == [
            ("甲", "c0", "open")
        ]  # c1 resolved in sweep 2
        assert open_rows[0].days_open >= 19
        days = conn.execute(
            text("SELECT day, probes, ok, availability FROM v_probe_availability_daily ORDER BY day")
        ).all()
        assert [(str(d.day), d.probes, d.ok, float(d.availability)) for d in days] == [
            ("2026-11-20", 1, 1, 1.0),
            ("2026-11-21", 2, 1, 0.5),
        ]
        coverage = conn.execute(
            text(
                "SELECT sweep_id, site, pages_tried, pages_fetched, pages_failed "
                "FROM v_sweep_coverage ORDER BY sweep_id"
            )
        ).all()
        assert [tuple(r)[1:] for r in coverage] == [("甲", 3, 2, 1), ("甲", 3, 2, 1)]
    engine.dispose()
