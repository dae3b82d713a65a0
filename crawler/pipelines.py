"""StoragePipeline: fetched pages into the database in batches, off the crawl's process.

Batches go, in order, to the writer process (crawler/writer_process.py), which stores each one
(crawler/storing.py: its snapshots first, then its pages with their links, list items and column-tree
entries in one transaction, then the re-checks it carries) and acknowledges it. One thread hands the
batches over and waits for the acknowledgements, so the reactor never waits on the database, a re-check
always finds its page row, and a crash loses at most the batches not yet acknowledged.
Settings read: GOVWATCH_WRITE_BATCH_SIZE, GOVWATCH_WRITE_INTERVAL.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, task, threads
from twisted.python.threadpool import ThreadPool

from crawler.items import FetchedPage, RecheckRecord, ReusedPage, ReusedPages

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.context import SweepContext
    from crawler.writer_process import WriterProcess

logger = logging.getLogger(__name__)
_MAX_BACKLOG = 4  # batches queued for the writer before the crawl waits for it


class StoragePipeline:
    def __init__(self, crawler: Crawler):
        self._crawler = crawler
        self._batch_size = crawler.settings.getint("GOVWATCH_WRITE_BATCH_SIZE", 200)
        self._interval = crawler.settings.getfloat("GOVWATCH_WRITE_INTERVAL", 1.0)
        self._pending: list[FetchedPage | ReusedPage | RecheckRecord] = []
        self._stored: set[str] = set()
        self._inflight: list[defer.Deferred[None]] = []
        self._waiting: list[defer.Deferred[None]] = []  # items held until the writer catches up
        self._pool = ThreadPool(minthreads=1, maxthreads=1, name="govwatch-writer")
        self._ticker = task.LoopingCall(self._flush)
        self._context: SweepContext | None = None
        self._writer: WriterProcess | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self._context = self._crawler.spider.context  # type: ignore[union-attr]
        self._writer = self._context.writer  # started by crawler/crawl.py, before Scrapy
        self._pool.start()
        # Should the reactor stop without closing the spider, the writer still finishes its queue and
        # lets the process exit (its threads are not daemons).
        _reactor().addSystemEventTrigger("during", "shutdown", self._stop_pool)
        self._ticker.start(self._interval, now=False)

    async def process_item(self, item: Any) -> Any:
        """Queue the item; while the writer is more than _MAX_BACKLOG batches behind, wait for it, so
        Scrapy's own backpressure (a busy scraper takes no new responses) holds the crawl back."""
        self._queue(item)
        while len(self._inflight) > _MAX_BACKLOG:
            await maybe_deferred_to_future(self._room())
        return item

    def _queue(self, item: Any) -> None:
        if isinstance(item, RecheckRecord):
            self._pending.append(item)
        elif isinstance(item, FetchedPage):
            self._add(item.record.url, item)
        elif isinstance(item, ReusedPages):
            for page in item.pages:
                self._add(page.url, page)
        if len(self._pending) >= self._batch_size:
            self._flush()

    def _add(self, url: str, page: FetchedPage | ReusedPage) -> None:
        if url in self._stored:  # never let one duplicate abort a whole batch
            logger.warning("page %s recorded twice; keeping the first", url)
            return
        self._stored.add(url)
        self._pending.append(page)

    def _room(self) -> defer.Deferred[None]:
        """Fires when the writer has caught up to half the backlog."""
        waiter: defer.Deferred[None] = defer.Deferred()
        self._waiting.append(waiter)
        return waiter

    async def close_spider(self) -> None:
        if self._ticker.running:
            self._ticker.stop()
        self._flush()
        try:
            await maybe_deferred_to_future(defer.DeferredList(list(self._inflight)))
        finally:
            self._stop_pool()

    def _stop_pool(self) -> None:
        """Stop the writer once, after the batches handed to it: on close, or at reactor shutdown should
        the spider not close (a second ThreadPool.stop() raises Twisted's AlreadyQuit)."""
        if not self._pool.joined:
            self._pool.stop()
        if self._writer is not None:
            self._writer.close()

    def _flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        context, writer = self._context, self._writer
        assert context is not None and writer is not None
        done = threads.deferToThreadPool(_reactor(), self._pool, writer.write, batch)
        done.addErrback(self._failed, context, len(batch))
        self._inflight.append(done)
        done.addBoth(self._retire, done)

    def _retire(self, result: Any, done: defer.Deferred[None]) -> Any:
        self._inflight.remove(done)
        if len(self._inflight) <= _MAX_BACKLOG // 2:
            waiting, self._waiting = self._waiting, []
            for waiter in waiting:
                waiter.callback(None)
        return result

    @staticmethod
    def _failed(failure: Any, context: SweepContext, size: int) -> None:
        context.write_failed = True
        logger.error("storing a batch of %d pages failed: %s", size, failure.getErrorMessage())


def _reactor() -> Any:
    from twisted.internet import reactor

    return reactor
