"""The benchmark's baseline: plain Scrapy fetching the pages a govwatch crawl fetched; stores nothing.

    python benchmarks/baseline_spider.py OPTIONS.json

OPTIONS.json (written by bench_sweep.py) holds the Scrapy settings that carry govwatch's limits, the seed
URLs and, per URL, the URLs govwatch requested from that page. Each HTML response is parsed by a
LinkExtractor, as a plain crawl parses its pages; the requests the spider then makes are exactly
govwatch's, so both crawls fetch the same pages in the same discovery shape. Prints one JSON line:
responses, ok, failures and links extracted.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure


class BaselineSpider(scrapy.Spider):
    name = "baseline"

    def __init__(self, seeds: list[str], children: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seeds = seeds
        self.children = children
        self.links = LinkExtractor(deny_extensions=[])
        self.counts = {"responses": 0, "ok": 0, "failures": 0, "links": 0}

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.seeds:
            yield self._request(url)

    def _request(self, url: str) -> scrapy.Request:
        """One downloader slot per host:port, as govwatch: every local portal is its own site."""
        netloc = url.split("/", 3)[2].rsplit("@", 1)[-1].lower()
        meta = {"download_slot": netloc, "key": url}
        return scrapy.Request(url, callback=self.parse, errback=self.failed, meta=meta)

    def parse(self, response: Response, **_: Any) -> Iterator[scrapy.Request]:
        self.counts["responses"] += 1
        self.counts["ok"] += response.status == 200
        if isinstance(response, HtmlResponse):  # XHR answers (JSON, XML) are no HTML to extract from
            self.counts["links"] += len(self.links.extract_links(response))
        for url in self.children.get(response.meta["key"], ()):
            yield self._request(url)

    def failed(self, failure: Failure) -> None:
        self.counts["failures"] += 1


def main() -> None:
    options = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    process = CrawlerProcess(options["settings"])
    crawler = process.create_crawler(BaselineSpider)
    process.crawl(crawler, seeds=options["seeds"], children=options["children"])
    process.start()
    print(json.dumps(crawler.spider.counts))


if __name__ == "__main__":
    main()
