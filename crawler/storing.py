"""Storing one batch of a sweep: snapshots first, then page rows with their links, list entries and
column-tree entries in one transaction, then the rows it repeats from an earlier sweep (incremental
sweeps), then the re-checks the batch carries.

Runs in the writer process (crawler/writer_process.py), which opens the database itself from a
StoreTarget; the tests call write_batch directly.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from crawler.items import FetchedPage, PageRecord, Reached, RecheckRecord, ReusedPage
from crawler.snapshots import SnapshotStore
from storage.incremental import copy_pages
from storage.writer import record_rechecks, write_pages

if TYPE_CHECKING:
    from crawler.context import SweepContext

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoreTarget:
    """Where a sweep's batches go; picklable, so the writer process can open the database itself."""

    db_url: str
    sweep_id: int
    site_ids: dict[str, int]
    snapshot_dir: Path

    @classmethod
    def of(cls, context: SweepContext) -> StoreTarget:
        return cls(
            db_url=context.engine.url.render_as_string(hide_password=False),
            sweep_id=context.sweep_id,
            site_ids=dict(context.site_ids),
            snapshot_dir=context.plan.snapshot_dir,
        )


def page_row(record: PageRecord) -> dict[str, Any]:
    """The record as storage.writer.write_pages takes it."""
    return {
        "site": record.site,
        "url": record.url,
        "final_url": record.final_url,
        "depth": record.depth,
        "referrer": record.referrer,
        **_reached(record.reached),
        "status": record.status,
        "outcome": record.outcome,
        "error": record.error,
        "fetched_at": record.fetched_at,
        "elapsed_ms": record.elapsed_ms,
        "content_type": record.content_type,
        "encoding": record.encoding,
        "size": record.size,
        "title": record.title,
        "meta": record.meta,
        "breadcrumb": record.breadcrumb,
        "text_hash": record.text_hash,
        "snapshot": record.snapshot,
        "etag": record.etag,
        "last_modified": record.last_modified,
        **asdict(record.extracted),
        "links": [asdict(link) for link in record.links],
        "list_items": [asdict(entry) for entry in record.list_items],
        "columns": [asdict(column) for column in record.columns],
    }


def copy_row(page: ReusedPage) -> dict[str, Any]:
    """A reused page as storage.incremental.copy_pages takes it."""
    return {
        "reused_page_id": page.reused_page_id,
        "reuse": page.reuse,
        "depth": page.depth,
        "referrer": page.referrer,
        **_reached(page.reached),
        "fetched_at": page.fetched_at,
        "elapsed_ms": page.elapsed_ms,
    }


def _reached(reached: Reached) -> dict[str, Any]:
    return {"reached_as": reached.as_, "link_anchor": reached.anchor, "link_date": reached.listed}


def write_batch(
    engine: Engine,
    target: StoreTarget,
    items: list[FetchedPage | ReusedPage | RecheckRecord],
    snapshots: SnapshotStore | None = None,
) -> None:
    """Snapshots first, so no stored row points at a missing file; re-checks last, so the rows they
    update exist.

    Should the batch's transaction fail, its pages are written one by one, so one bad row (a value the
    database refuses) costs that page alone, which --resume then fetches again.
    """
    batch = [item for item in items if isinstance(item, FetchedPage)]
    reused = [copy_row(item) for item in items if isinstance(item, ReusedPage)]
    rechecks = [(r.url, r.outcome, r.status) for r in items if isinstance(r, RecheckRecord)]
    try:
        if batch:
            _write_pages(engine, target, batch, snapshots or SnapshotStore(target.snapshot_dir))
        copy_pages(engine, target.sweep_id, reused)
    finally:  # pages the database refused do not cost the batch its re-checks
        if rechecks:
            record_rechecks(engine, target.sweep_id, rechecks)


def _write_pages(
    engine: Engine, target: StoreTarget, batch: list[FetchedPage], snapshots: SnapshotStore
) -> None:
    for page in batch:
        if page.body and page.record.snapshot:
            snapshots.write(page.record.snapshot, page.body)
    try:
        _insert(engine, target, batch)
    except SQLAlchemyError:
        refused = 0
        for page in batch:
            try:
                _insert(engine, target, [page])
            except SQLAlchemyError as exc:
                refused += 1
                logger.error("page %s not stored: %s", page.record.url, str(exc).splitlines()[0])
        if refused:
            raise RuntimeError(f"{refused} of {len(batch)} pages could not be stored") from None


def _insert(engine: Engine, target: StoreTarget, pages: list[FetchedPage]) -> None:
    write_pages(engine, target.sweep_id, target.site_ids, [page_row(p.record) for p in pages])
