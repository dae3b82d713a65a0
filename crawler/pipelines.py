"""StoragePipeline: fetched pages into the database in batches, snapshots beside them, off the reactor thread.

A batch (its snapshots first, then its pages with their links, list items and column-tree entries in one
transaction, then the re-checks it carries) is written by one dedicated writer thread, in order, so the
crawl never waits on the database, a re-check always finds its page row, and a crash loses at most the
batch not yet committed. Settings read: GOVWATCH_WRITE_BATCH_SIZE, GOVWATCH_WRITE_INTERVAL.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import defer, task, threads
from twisted.python.threadpool import ThreadPool

from crawler.items import PageRecord, RecheckRecord
from crawler.snapshots import write_snapshot
from storage.writer import record_rechecks, write_pages

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.context import SweepContext

logger = logging.getLogger(__name__)
_MAX_BACKLOG = 4  # batches queued for the writer before the crawl waits for it


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """What the spider yields: the page's record and the body its snapshot is written from (b"" for none)."""

    record: PageRecord
    body: bytes = b""


def page_row(record: PageRecord) -> dict[str, Any]:
    """The record as storage.writer.write_pages takes it."""
    return {
        "site": record.site,
        "url": record.url,
        "final_url": record.final_url,
        "depth": record.depth,
        "referrer": record.referrer,
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


class StoragePipeline:
    def __init__(self, crawler: Crawler):
        self._crawler = crawler
        self._batch_size = crawler.settings.getint("GOVWATCH_WRITE_BATCH_SIZE", 200)
        self._interval = crawler.settings.getfloat("GOVWATCH_WRITE_INTERVAL", 1.0)
        self._pending: list[FetchedPage | RecheckRecord] = []
        self._stored: set[str] = set()
        self._inflight: list[defer.Deferred[None]] = []
        self._pool = ThreadPool(minthreads=1, maxthreads=1, name="govwatch-writer")
        self._ticker = task.LoopingCall(self._flush)
        self._context: SweepContext | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self._context = self._crawler.spider.context  # type: ignore[union-attr]
        self._pool.start()
        # Should the reactor stop without closing the spider, the writer still finishes its queue and
        # lets the process exit (its threads are not daemons).
        _reactor().addSystemEventTrigger("during", "shutdown", self._stop_pool)
        self._ticker.start(self._interval, now=False)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, RecheckRecord):
            self._pending.append(item)
            return item
        if not isinstance(item, FetchedPage):
            return item
        if item.record.url in self._stored:  # never let one duplicate abort a whole batch
            logger.warning("page %s recorded twice; keeping the first", item.record.url)
            return item
        self._stored.add(item.record.url)
        self._pending.append(item)
        if len(self._pending) >= self._batch_size:
            self._flush()
        return item

    async def close_spider(self) -> None:
        if self._ticker.running:
            self._ticker.stop()
        self._flush()
        try:
            await maybe_deferred_to_future(defer.DeferredList(list(self._inflight)))
        finally:
            self._stop_pool()

    def _stop_pool(self) -> None:
        """Stop the writer once: on close, or at reactor shutdown should the spider not close (a second
        ThreadPool.stop() raises Twisted's AlreadyQuit)."""
        if not self._pool.joined:
            self._pool.stop()

    def _flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        context = self._context
        assert context is not None
        done = threads.deferToThreadPool(_reactor(), self._pool, write_batch, context, batch)
        done.addErrback(self._failed, context, len(batch))
        self._inflight.append(done)
        done.addBoth(self._retire, done)
        if len(self._inflight) > _MAX_BACKLOG and self._crawler.engine:
            self._crawler.engine.pause()  # the database is behind: stop fetching until it catches up

    def _retire(self, result: Any, done: defer.Deferred[None]) -> Any:
        self._inflight.remove(done)
        engine = self._crawler.engine
        if engine and engine.paused and len(self._inflight) <= _MAX_BACKLOG // 2:
            engine.unpause()
        return result

    @staticmethod
    def _failed(failure: Any, context: SweepContext, size: int) -> None:
        context.write_failed = True
        logger.error("storing a batch of %d pages failed: %s", size, failure.getErrorMessage())


def write_batch(context: SweepContext, items: list[FetchedPage | RecheckRecord]) -> None:
    """Runs on the writer thread: snapshots first, so no stored row points at a missing file; re-checks
    last, so the rows they update exist.

    Should the batch's transaction fail, its pages are written one by one, so one bad row (a value the
    database refuses) costs that page alone, which --resume then fetches again.
    """
    batch = [item for item in items if isinstance(item, FetchedPage)]
    rechecks = [(r.url, r.outcome, r.status) for r in items if isinstance(r, RecheckRecord)]
    try:
        if batch:
            _write_pages(context, batch)
    finally:  # pages the database refused do not cost the batch its re-checks
        if rechecks:
            record_rechecks(context.engine, context.sweep_id, rechecks)


def _write_pages(context: SweepContext, batch: list[FetchedPage]) -> None:
    root = Path(context.plan.snapshot_dir)
    for page in batch:
        if page.body and page.record.snapshot:
            write_snapshot(root, page.record.snapshot, page.body)
    try:
        _insert(context, batch)
    except SQLAlchemyError:
        refused = 0
        for page in batch:
            try:
                _insert(context, [page])
            except SQLAlchemyError as exc:
                refused += 1
                logger.error("page %s not stored: %s", page.record.url, str(exc).splitlines()[0])
        if refused:
            raise RuntimeError(f"{refused} of {len(batch)} pages could not be stored") from None


def _insert(context: SweepContext, pages: list[FetchedPage]) -> None:
    write_pages(context.engine, context.sweep_id, context.site_ids, [page_row(p.record) for p in pages])


def _reactor() -> Any:
    from twisted.internet import reactor

    return reactor
