"""The benchmark's baseline: a plain Scrapy spider that follows every same-site link and stores nothing.

It runs with the same concurrency, per-site slots, depth limit and timeouts as a govwatch sweep, so the
ratio between the two measures what govwatch adds (extraction, snapshots, storage), not politeness.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor


class BaselineSpider(scrapy.Spider):
    name = "baseline"

    def __init__(self, urls: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.start_urls = urls
        self.allowed_netlocs = {urlsplit(u).netloc for u in urls}
        self.links = LinkExtractor(deny_extensions=[])
        self.pages = 0

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, meta={"download_slot": urlsplit(url).netloc})

    def parse(self, response):
        self.pages += 1
        if not isinstance(response, scrapy.http.TextResponse):
            return
        for link in self.links.extract_links(response):
            netloc = urlsplit(link.url).netloc
            if netloc in self.allowed_netlocs:
                yield response.follow(link.url, meta={"download_slot": netloc})


def main() -> None:
    options = json.loads(sys.argv[1])
    process = CrawlerProcess(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": False,
            "CONCURRENT_REQUESTS": options["concurrency_total"],
            "CONCURRENT_REQUESTS_PER_DOMAIN": options["concurrency_per_site"],
            "DEPTH_LIMIT": options["max_depth"],
            "DOWNLOAD_TIMEOUT": options["download_timeout"],
            "AUTOTHROTTLE_ENABLED": options["autothrottle"],
            "AUTOTHROTTLE_START_DELAY": 0.0,
            "AUTOTHROTTLE_TARGET_CONCURRENCY": options["concurrency_per_site"],
            "TELNETCONSOLE_ENABLED": False,
        }
    )
    crawler = process.create_crawler(BaselineSpider)
    process.crawl(crawler, urls=options["urls"])
    process.start()
    print(json.dumps({"pages": crawler.spider.pages}))


if __name__ == "__main__":
    main()
