"""PortalSpider: sweeps many portals in one process; every request ends in a PageRecord, success or failure.

Each site starts from its base_url; every link of a fetched page goes through the Frontier (hosts,
depth, seen-set, traps, page cap) before it is requested. Failures reach the errback and are stored
as pages with their FetchOutcome, so coverage counts them (DESIGN rule 2: failure is data).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.context import SweepContext
from crawler.extract.encoding import decode
from crawler.extract.page import PageFacts, read_html, read_json
from crawler.failures import classify
from crawler.frontier import Frontier
from crawler.items import LinkRecord, PageRecord
from crawler.outcome import FetchOutcome
from crawler.pipelines import FetchedPage
from crawler.snapshots import snapshot_ref

_TEXT_TYPES = (
    "text/html",
    "application/xhtml",
    "text/xml",
    "application/xml",
    "text/plain",
    "application/json",
)


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, context: SweepContext, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.context = context
        self.frontier: Frontier = context.frontier

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for seed in self.context.seeds:
            yield self._request(seed.site, seed.url, seed.referrer, priority=-seed.depth, depth=seed.depth)

    def _request(self, site: str, url: str, referrer: str | None, **extra: Any) -> scrapy.Request:
        meta = {"site": site, "page_url": url, "referrer": referrer, "download_slot": _slot(url)}
        if "depth" in extra:
            meta["depth"] = extra.pop("depth")
        return scrapy.Request(
            url, callback=self.parse, errback=self.failed, meta=meta, dont_filter=True, **extra
        )

    def parse(self, response: Response, **_: Any) -> Iterator[Any]:
        meta = response.meta
        site, depth = meta["site"], meta.get("depth", 0)
        body = response.body
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").strip()
        facts, encoding = PageFacts(), ""
        if _is_text(content_type, body):
            text, encoding = decode(body, _charset(content_type))
            facts = (read_json if _is_json(content_type, text) else read_html)(text, response.url)
        record = PageRecord(
            site=site,
            url=meta["page_url"],
            final_url=response.url,
            depth=depth,
            outcome=FetchOutcome.OK.value,
            fetched_at=datetime.now(UTC),
            status=response.status,
            referrer=meta.get("referrer"),
            elapsed_ms=_elapsed_ms(meta),
            content_type=content_type[:200],
            encoding=encoding,
            size=len(body),
            title=facts.title,
            meta=facts.meta,
            breadcrumb=facts.breadcrumb,
            text_hash=facts.text_hash,
            snapshot=snapshot_ref(body) if encoding else "",
            links=tuple(LinkRecord(link.url, link.anchor, link.kind) for link in facts.links),
        )
        yield FetchedPage(record, body if encoding else b"")
        for link in facts.links:
            url = self.frontier.follow(site, link.url, depth + 1, meta["page_url"])
            if url is not None:
                yield self._request(site, url, meta["page_url"])

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
            elapsed_ms=_elapsed_ms(meta),
        )
        yield FetchedPage(record, b"")


def _slot(url: str) -> str:
    """Downloader slot per host:port, so local portals on different ports are different "sites"."""
    netloc = url.split("/", 3)[2] if url.count("/") >= 2 else url
    return netloc.rsplit("@", 1)[-1].lower()


def _is_text(content_type: str, body: bytes) -> bool:
    if content_type:
        return content_type.lower().startswith(_TEXT_TYPES)
    return body[:512].lstrip()[:1] == b"<"


def _is_json(content_type: str, text: str) -> bool:
    return "json" in content_type.lower() or (not content_type and text.lstrip()[:1] in ("{", "["))


def _charset(content_type: str) -> str | None:
    _, _, rest = content_type.lower().partition("charset=")
    return rest.split(";", 1)[0].strip(" \"'") or None


def _elapsed_ms(meta: dict[str, Any]) -> int | None:
    latency = meta.get("download_latency")
    return int(latency * 1000) if latency is not None else None


__all__ = ["PortalSpider"]
