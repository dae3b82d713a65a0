"""The writer side of StoragePipeline: snapshots beside the rows, one bad row costs one page only, list
entries, column-tree rows and re-checks land with their page, and --resume passes list entries on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from crawl_helpers import portal_sites, start_sweep, stored
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler import CrawlLimits
from crawler.context import Plan, SweepContext
from crawler.items import (
    ColumnEntry,
    Extracted,
    FetchedPage,
    LinkRecord,
    ListEntry,
    PageRecord,
    RecheckRecord,
)
from crawler.records import page_url
from crawler.snapshots import read_snapshot, snapshot_ref
from crawler.storing import StoreTarget, write_batch
from storage import open_db
from storage.models import ListItem, SiteColumn
from storage.queries import get_sweep


def fetched(url: str, body: bytes = b"<html>page</html>", **read: object) -> FetchedPage:
    record = PageRecord(
        site="a",
        url=url,
        final_url=url,
        depth=0,
        outcome="ok",
        fetched_at=datetime.now(UTC),
        status=200,
        encoding="utf-8",
        size=len(body),
        snapshot=snapshot_ref(body),
        links=(LinkRecord("http://127.0.0.1:9/next.html", "下一页"),),
        **read,  # type: ignore[arg-type]
    )
    return FetchedPage(record, body)


def _context(db_url: str, tmp_path: Path) -> SweepContext:
    sweep_id = start_sweep(
        db_url, portal_sites({"a": "http://127.0.0.1:9/"}), CrawlLimits(), tmp_path / "snap"
    )
    engine = open_db(db_url)
    return SweepContext.load(engine, sweep_id, Plan.from_json(get_sweep(engine, sweep_id).plan))


LISTED = ListEntry(0, "关于印发《办法》的通知", "http://127.0.0.1:9/next.html", date(2026, 5, 6), pinned=True)


def test_a_refused_row_costs_only_its_page(db_url: str, tmp_path: Path) -> None:
    sweep_id = start_sweep(
        db_url, portal_sites({"a": "http://127.0.0.1:9/"}), CrawlLimits(), tmp_path / "snap"
    )
    engine = open_db(db_url)
    context = SweepContext.load(engine, sweep_id, Plan.from_json(get_sweep(engine, sweep_id).plan))
    write_batch(context.engine, StoreTarget.of(context), [fetched("http://127.0.0.1:9/")])
    batch = [
        fetched("http://127.0.0.1:9/x.html", b"x"),
        fetched("http://127.0.0.1:9/"),
        fetched("http://127.0.0.1:9/y.html"),
    ]
    with pytest.raises(RuntimeError, match="1 of 3 pages"):
        write_batch(
            context.engine, StoreTarget.of(context), batch
        )  # the second page is a duplicate: the database refuses it
    engine.dispose()
    data = stored(db_url, sweep_id)
    assert sorted(data.pages) == [
        "http://127.0.0.1:9/",
        "http://127.0.0.1:9/x.html",
        "http://127.0.0.1:9/y.html",
    ]
    assert len(data.links) == 3  # each stored page with its link, the refused one added none
    assert read_snapshot(tmp_path / "snap", data.pages["http://127.0.0.1:9/x.html"].snapshot) == b"x"


def test_extraction_list_entries_tree_rows_and_rechecks_land_with_their_page(
    sqlite_url: str, tmp_path: Path
) -> None:
    context = _context(sqlite_url, tmp_path)
    home = fetched(
        "http://127.0.0.1:9/",
        extracted=Extracted(extractor_version=1, kind="homepage", column_id="xxgk", needs_render=False),
        list_items=(LISTED,),
        columns=(ColumnEntry("tzgg", "通知公告", "http://127.0.0.1:9/tzgg/", ""),),
    )
    failed = PageRecord(
        "a",
        "http://127.0.0.1:9/gone.html",
        "http://127.0.0.1:9/gone.html",
        1,
        "http_error",
        datetime.now(UTC),
        status=404,
    )
    write_batch(
        context.engine,
        StoreTarget.of(context),
        [home, FetchedPage(failed), RecheckRecord("a", failed.url, "http_error", 404)],
    )
    data = stored(sqlite_url, context.sweep_id)
    page = data.pages["http://127.0.0.1:9/"]
    assert (page.kind, page.extractor_version, page.column_id) == ("homepage", 1, "xxgk")
    assert (data.pages[failed.url].recheck_outcome, data.pages[failed.url].recheck_status) == (
        "http_error",
        404,
    )
    with Session(context.engine) as session:
        item = session.scalars(select(ListItem)).one()
        column = session.scalars(select(SiteColumn)).one()
    assert (item.page_id, item.title, item.date, item.pinned) == (page.id, LISTED.title, LISTED.date, True)
    assert (column.source_page_id, column.column_id, column.url) == (
        page.id,
        "tzgg",
        "http://127.0.0.1:9/tzgg/",
    )
    context.engine.dispose()


def test_resume_passes_list_entries_to_the_pages_they_link(sqlite_url: str, tmp_path: Path) -> None:
    """An interrupted sweep left the homepage (with a list entry) stored: --resume requests the entry's page
    with the entry's title and date, as the uninterrupted crawl did; a plain link gets its own text and no
    date, as the spider gives it (PortalSpider._store)."""
    context = _context(sqlite_url, tmp_path)
    home = fetched("http://127.0.0.1:9/", list_items=(LISTED,))
    home = FetchedPage(
        replace(
            home.record,
            links=(LinkRecord(LISTED.url, "短标题"), LinkRecord("http://127.0.0.1:9/b.html", "乙")),
        ),
        home.body,
    )
    write_batch(context.engine, StoreTarget.of(context), [home])
    resumed = SweepContext.load(context.engine, context.sweep_id, context.plan)
    seeds = {seed.url: (seed.reached.anchor, seed.reached.listed) for seed in resumed.seeds}
    assert seeds == {LISTED.url: (LISTED.title, LISTED.date), "http://127.0.0.1:9/b.html": ("乙", None)}
    context.engine.dispose()


def test_entries_and_tree_rows_name_pages_as_the_crawl_stores_them() -> None:
    """Percent-encoded, without fragment or NUL: the URL a list entry or tree row holds is its page's."""
    assert (
        page_url("http://a.gov.cn/政务公开/index.html#top")
        == "http://a.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/index.html"
    )
    assert page_url("http://a.gov.cn/x\x00.html") == "http://a.gov.cn/x.html"
