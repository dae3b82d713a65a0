"""The writer side of StoragePipeline: snapshots beside the rows, and one bad row costs one page only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from crawl_helpers import portal_sites, start_sweep, stored

from crawler import CrawlLimits
from crawler.context import Plan, SweepContext
from crawler.items import LinkRecord, PageRecord
from crawler.pipelines import FetchedPage, write_batch
from crawler.snapshots import read_snapshot, snapshot_ref
from storage import open_db
from storage.queries import get_sweep


def fetched(url: str, body: bytes = b"<html>page</html>") -> FetchedPage:
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
    )
    return FetchedPage(record, body)


def test_a_refused_row_costs_only_its_page(db_url: str, tmp_path: Path) -> None:
    sweep_id = start_sweep(
        db_url, portal_sites({"a": "http://127.0.0.1:9/"}), CrawlLimits(), tmp_path / "snap"
    )
    engine = open_db(db_url)
    context = SweepContext.load(engine, sweep_id, Plan.from_json(get_sweep(engine, sweep_id).plan))
    write_batch(context, [fetched("http://127.0.0.1:9/")])
    batch = [
        fetched("http://127.0.0.1:9/x.html", b"x"),
        fetched("http://127.0.0.1:9/"),
        fetched("http://127.0.0.1:9/y.html"),
    ]
    with pytest.raises(RuntimeError, match="1 of 3 pages"):
        write_batch(context, batch)  # the second page is a duplicate: the database refuses it
    engine.dispose()
    data = stored(db_url, sweep_id)
    assert sorted(data.pages) == [
        "http://127.0.0.1:9/",
        "http://127.0.0.1:9/x.html",
        "http://127.0.0.1:9/y.html",
    ]
    assert len(data.links) == 3  # each stored page with its link, the refused one added none
    assert read_snapshot(tmp_path / "snap", data.pages["http://127.0.0.1:9/x.html"].snapshot) == b"x"
