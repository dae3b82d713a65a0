"""PortalSpider: sweeps many portals in one process; every request ends in a PageRecord, success or failure.

Each site starts from its base_url; every link of a fetched page goes through the Frontier (hosts,
depth, seen-set, traps, page cap) before it is requested, carrying the text and date of the list entry
that linked it. A list only a browser can read is requested once more through Chromium (crawler/render.py)
and stored from what the browser showed. Failures reach the errback and are stored as pages with their
FetchOutcome, so coverage counts them (DESIGN rule 2: failure is data); when the crawl has nothing left,
the passing kinds of failure are requested once more and the second answer is stored beside the first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.context import SweepContext
from crawler.downloader import slot_key
from crawler.extract.reading import PageReading
from crawler.extract.xhr import post_form
from crawler.failures import classify
from crawler.frontier import Frontier
from crawler.incremental import carried, validators
from crawler.items import FetchedPage, PageRecord, Reached, RecheckRecord, ReusedPage, ReusedPages
from crawler.outcome import FetchOutcome
from crawler.records import Fetched, SideBlocks, fetched_of, page_record, reached_of, read, tree_columns
from crawler.render import Renderer, browser_available

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from storage.incremental import BaseRow

MAX_RECHECKS_PER_SITE = 200


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, context: SweepContext, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.context = context
        self.frontier: Frontier = context.frontier
        self.renderer = Renderer(enabled=browser_available())
        self.tree_columns: dict[str, set[str]] = defaultdict(set)  # per site: column URLs given a tree row
        self.side_blocks = SideBlocks()
        self.rechecked = False
        self.homepages = {site.name: site.base_url for site in context.plan.sites}
        self.bases = context.bases

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.recheck_failures, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for seed in self.context.seeds:
            yield self._request(seed.site, seed.url, seed.referrer, seed.depth, seed.reached).replace(
                priority=-seed.depth
            )

    def _request(
        self, site: str, url: str, referrer: str | None, depth: int, reached: Reached
    ) -> scrapy.Request:
        """A page request; Scrapy's DepthMiddleware sets the same depth and the breadth-first priority.
        A page the earlier sweep fetched is asked for with its validators (incremental sweeps)."""
        meta = {
            "site": site,
            "page_url": url,
            "referrer": referrer,
            "depth": depth,
            "download_slot": slot_key(url),
            "reached": reached,
        }
        headers = None
        if (earlier := self.bases.page(site, url)) is not None:
            meta |= {"earlier": earlier, "handle_httpstatus_list": [304]}
            headers = validators(earlier)
        return page_request(
            url, callback=self.parse, errback=self.failed, meta=meta, headers=headers, dont_filter=True
        )

    def parse(self, response: Response, **_: Any) -> Iterator[Any]:
        if response.status == 304 and "earlier" in response.meta:
            yield from self._unchanged(response)
            return
        fetched = fetched_of(response, datetime.now(UTC))
        reading = self._read(fetched, fetched.text, response.meta)
        if self.renderer.wants(response.meta["site"], reading) and self.crawler.engine is not None:
            # Scheduled directly, not yielded: it is this page again, not a link one level deeper (which
            # DepthMiddleware would make it, and drop at the depth limit).
            self.crawler.engine.crawl(
                self.renderer.request(
                    response.meta, (fetched, reading), self.parse_rendered, self.render_failed, self.settings
                )
            )
            return
        yield from self._store(response.meta, fetched, reading)

    def parse_rendered(self, response: Response, **_: Any) -> Iterator[Any]:
        """The browser's DOM of a page whose static HTML showed none of its list: read again, stored."""
        fetched, _ = response.meta["static"]
        reading = self._read(fetched, response.text, response.meta)
        yield from self._store(response.meta, fetched, reading, rendered=True)

    def render_failed(self, failure: Failure) -> Iterator[Any]:
        """No browser reading: the static page is stored, still needing a render (its list is "unrendered")."""
        meta = failure.request.meta  # type: ignore[attr-defined]
        fetched, reading = meta["static"]
        self.logger.info("rendering %s failed: %s", meta["page_url"], failure.getErrorMessage())
        yield from self._store(meta, fetched, reading)

    def _read(self, fetched: Fetched, text: str | None, meta: dict[str, Any]) -> PageReading | None:
        """Read a page knowing its site's recurring side blocks, and count its own blocks."""
        site = meta["site"]
        reading = read(fetched, text, meta, self.side_blocks.of(site))
        self.side_blocks.note(site, reading)
        return reading

    def _store(
        self, meta: dict[str, Any], fetched: Fetched, reading: PageReading | None, *, rendered: bool = False
    ) -> Iterator[Any]:
        site, depth = meta["site"], meta.get("depth", 0)
        columns = tree_columns(reading, self.tree_columns[site]) if reading else ()
        record = page_record(meta, fetched, reading, rendered=rendered, columns=columns)
        yield FetchedPage(record, fetched.body if fetched.encoding else b"")
        if reading is None:
            return
        if meta["page_url"] == self.homepages.get(site):
            form = reading.search_form
            self.context.note_fact(site, "search_form", form.as_dict() if form else None)
            self.context.note_fact(site, "site_name", reading.extraction.site_name)
            self.context.note_fact(site, "sponsor", reading.extraction.sponsor.host)  # footer 主办单位
            self.context.note_fact(site, "operator", reading.extraction.sponsor.operator)  # 承办单位
        listed = {urldefrag(item.url)[0]: item for item in reading.extraction.list_items}
        pages = {link.url for link in reading.facts.links if link.kind == "pagination"}
        for link in reading.facts.links:
            url = self.frontier.follow(site, link.url, depth + 1, meta["page_url"])
            if url is None:
                continue
            item = listed.get(link.url)
            if item is not None:
                reached = Reached("entry", item.title, item.date, item.year_inferred)
            elif link.url in pages:
                # the next page of a list is still the column its first page was linked as
                reached = Reached("next", reached_of(meta).anchor)
            else:
                reached = Reached("link", link.anchor)
            yield self._request(site, url, meta["page_url"], depth + 1, reached)

    def _unchanged(self, response: Response) -> Iterator[Any]:
        """A page that answered 304: its earlier row is repeated, and what the earlier sweep reached from it
        is reached again: carried over unrequested where an unchanged list vouches for it
        (crawler/incremental.py), requested otherwise. Those requests are scheduled directly: a page
        reached through carried pages lies deeper than DepthMiddleware would make it."""
        meta, site = response.meta, response.meta["site"]
        latency, reused = _elapsed_ms(meta), []
        pending = [
            (meta["page_url"], meta["depth"], meta["referrer"], reached_of(meta), meta["earlier"], False)
        ]
        while pending:
            url, depth, referrer, reached, earlier, carry = pending.pop()
            reused.append(
                ReusedPage(
                    site,
                    url,
                    depth,
                    referrer,
                    reached,
                    reuse="carried" if carry else "not_modified",
                    reused_page_id=earlier.id,
                    fetched_at=None if carry else datetime.now(UTC),
                    elapsed_ms=None if carry else latency,
                )
            )
            self._reuse_facts(site, url, earlier)
            for row in self.bases.reached_from(site, url):
                child = self.frontier.follow(site, row.url, depth + 1, url)
                if child is None:
                    continue
                how = Reached(row.reached_as, row.link_anchor, row.link_date)
                if child == row.url and carried(row, earlier, parent_carried=carry):
                    pending.append((child, depth + 1, url, how, row, True))
                elif self.crawler.engine is not None:
                    request = self._request(site, child, url, depth + 1, how)
                    self.crawler.engine.crawl(request.replace(priority=-(depth + 1)))
        yield ReusedPages(site, tuple(reused))

    def _reuse_facts(self, site: str, url: str, earlier: BaseRow) -> None:
        """What the crawl learns from a page's body, taken from the earlier sweep for a reused page."""
        self.tree_columns[site].update(self.bases.columns(site, earlier.id))
        if url == self.homepages.get(site):
            for name in ("search_form", "site_name", "sponsor", "operator"):
                self.context.note_fact(site, name, self.bases.facts(site).get(name))

    def failed(self, failure: Failure) -> Iterator[FetchedPage]:
        request = failure.request  # type: ignore[attr-defined]
        meta = request.meta
        outcome, status, error = classify(failure)
        record = PageRecord(
            site=meta["site"],
            url=meta["page_url"],
            final_url=request.url,
            depth=meta.get("depth", 0),
            outcome=outcome.value,
            fetched_at=datetime.now(UTC),
            status=status,
            error=error,
            referrer=meta.get("referrer"),
            reached=reached_of(meta),
            elapsed_ms=_elapsed_ms(meta),
        )
        self.context.note_failure(record.site, record.url, record.outcome)
        yield FetchedPage(record, b"")

    def recheck_failures(self) -> None:
        """spider_idle: once, request every passing kind of failure again (at most MAX_RECHECKS_PER_SITE
        per site, without retries); the crawl closes when they have answered."""
        if self.rechecked or self.crawler.engine is None:
            return
        self.rechecked = True
        requests = [
            page_request(
                url,
                callback=self.rechecked_ok,
                errback=self.recheck_failed,
                meta={"site": site, "page_url": url, "download_slot": slot_key(url), "dont_retry": True},
                dont_filter=True,
            )
            for site, urls in self.context.failed.items()
            for url in list(dict.fromkeys(urls))[:MAX_RECHECKS_PER_SITE]
        ]
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def rechecked_ok(self, response: Response, **_: Any) -> Iterator[RecheckRecord]:
        meta = response.meta
        yield RecheckRecord(meta["site"], meta["page_url"], FetchOutcome.OK.value, response.status)

    def recheck_failed(self, failure: Failure) -> Iterator[RecheckRecord]:
        meta = failure.request.meta  # type: ignore[attr-defined]
        outcome, status, _ = classify(failure)
        yield RecheckRecord(meta["site"], meta["page_url"], outcome.value, status)


def page_request(url: str, **kwargs: Any) -> scrapy.Request:
    """The request for a page URL: a GET, or for a Hanweb jpage record-range call the POST jpage.js sends
    (the range in the query, the list's ajaxParam fields as the form: real jcms answers a bare GET with an
    empty datastore). The stored URL stays the call URL with every field, so --resume can rebuild it."""
    form = post_form(url)
    if form is None:
        return scrapy.Request(url, **kwargs)
    target, fields = form
    return scrapy.FormRequest(target, formdata=fields, **kwargs)


def _elapsed_ms(meta: dict[str, Any]) -> int | None:
    latency = meta.get("download_latency")
    return int(latency * 1000) if latency is not None else None


__all__ = ["PortalSpider"]
