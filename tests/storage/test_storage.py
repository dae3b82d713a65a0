"""Storage contract, run on SQLite and on PostgreSQL: migrations, batched writes, sweep states."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from storage import DatabaseError, open_db
from storage.models import Base, Link, Page, Sweep
from storage.queries import list_pages, list_sweeps
from storage.writer import PageBatchWriter, claim_sweep, finish_sweep, open_sweep, register_sites

SITES = [
    {
        "name": "示例市",
        "base_url": "http://a.example/",
        "level": "市",
        "unit": "办公室",
        "hosts": ["a.example"],
    }
]


def page(url: str, outcome: str = "ok", **extra) -> dict:
    return {
        "site": "示例市",
        "url": url,
        "final_url": url,
        "depth": 1,
        "outcome": outcome,
        "fetched_at": datetime(2026, 11, 20, 8, tzinfo=UTC),
        "title": "通知公告",
        "meta": {"ColumnName": "通知公告"},
        "links": [{"to_url": url + "a", "anchor": "关于", "kind": "a"}],
        **extra,
    }


def test_migrations_create_every_model_table(db_url: str) -> None:
    engine = open_db(db_url)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    open_db(db_url)  # a second open is a no-op upgrade


def test_batched_pages_and_links_round_trip(db_url: str) -> None:
    engine = open_db(db_url)
    ids = register_sites(engine, SITES)
    sweep_id = open_sweep(engine, {"sites": SITES})
    writer = PageBatchWriter(engine, sweep_id, ids, batch_size=3)
    for i in range(7):
        writer.add(page(f"http://a.example/{i}.html"))
    with Session(engine) as session:  # two full batches are written, one page still buffered
        assert session.scalar(select(func.count()).select_from(Page)) == 6
    writer.add(page("http://a.example/x.html", outcome="timeout", error="超时", status=None))
    writer.flush()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Page)) == 8
        assert session.scalar(select(func.count()).select_from(Link)) == 8
    stored = list_pages(engine, sweep_id)
    assert [p["url"] for p in stored][:2] == ["http://a.example/0.html", "http://a.example/1.html"]
    assert stored[0]["title"] == "通知公告"


def test_same_url_twice_in_a_sweep_is_refused(db_url: str) -> None:
    engine = open_db(db_url)
    ids = register_sites(engine, SITES)
    sweep_id = open_sweep(engine, {})
    writer = PageBatchWriter(engine, sweep_id, ids)
    writer.add(page("http://a.example/1.html"))
    writer.flush()
    writer.add(page("http://a.example/1.html"))
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        writer.flush()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Page)) == 1


def test_sweep_is_unfinished_until_closed_and_counts_come_from_pages(db_url: str) -> None:
    engine = open_db(db_url)
    ids = register_sites(engine, SITES)
    sweep_id = open_sweep(engine, {})
    claim_sweep(engine, sweep_id, resuming=False)
    assert list_sweeps(engine)[0].state == "running"  # this process holds it
    writer = PageBatchWriter(engine, sweep_id, ids)
    writer.add(page("http://a.example/1.html"))
    writer.add(page("http://a.example/2.html", outcome="http_error", status=404))
    writer.flush()
    with Session(engine) as session:
        session.get(Sweep, sweep_id).pid = 2**22 + 12345  # a pid that is not alive
        session.commit()
    summary = list_sweeps(engine)[0]
    assert summary.state == "unfinished"
    assert summary.sites[0].pages_fetched == 1 and summary.sites[0].failed_by_reason == {"http_error": 1}
    finish_sweep(
        engine,
        sweep_id,
        {
            ids["示例市"]: {
                "pages_tried": 2,
                "pages_fetched": 1,
                "failed_by_reason": {"http_error": 1},
                "seconds": 1.5,
            }
        },
        complete=True,
    )
    summary = list_sweeps(engine)[0]
    assert summary.state == "finished" and summary.finished_at is not None
    assert summary.sites[0].seconds == 1.5
    assert os.getpid()  # the claim above used this process's pid


def test_unopenable_database_is_a_one_line_error(tmp_path) -> None:
    with pytest.raises(DatabaseError, match="database_url"):
        open_db("postgresql://nobody@127.0.0.1:1/none")


def test_list_items_columns_and_rechecks_land_with_their_page(db_url: str) -> None:
    from datetime import date

    from storage.models import ListItem, SiteColumn
    from storage.writer import record_rechecks, write_pages

    engine = open_db(db_url)
    ids = register_sites(engine, SITES)
    sweep_id = open_sweep(engine, {})
    listing = page("http://a.example/tzgg/", kind="column_list", column_id="tzgg")
    listing["list_items"] = [
        {
            "position": 0,
            "title": "置顶：办事指南",
            "url": "http://a.example/1.html",
            "date": date(2025, 1, 2),
            "pinned": True,
        },
        {
            "position": 1,
            "title": "关于开展检查的通知",
            "url": "http://a.example/2.html",
            "date": date(2026, 11, 3),
        },
    ]
    listing["columns"] = [{"column_id": "tzgg", "name": "通知公告", "url": "http://a.example/tzgg/"}]
    write_pages(engine, sweep_id, ids, [listing, page("http://a.example/404.html", "http_error", status=404)])
    record_rechecks(engine, sweep_id, [("http://a.example/404.html", "http_error", 404)])
    with Session(engine) as session:
        items = session.scalars(select(ListItem).order_by(ListItem.position)).all()
        assert [i.pinned for i in items] == [True, False] and items[1].date == date(2026, 11, 3)
        assert session.scalar(select(SiteColumn.name)) == "通知公告"
        broken = session.scalar(select(Page).where(Page.url == "http://a.example/404.html"))
        assert (broken.recheck_outcome, broken.recheck_status) == ("http_error", 404)
