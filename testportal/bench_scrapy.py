"""Throughput check: a plain Scrapy spider crawls a bench portal; prints pages per second.

Run: python -m testportal.bench_scrapy [--pages 2000] [--concurrency 32]
The server must never be what makes a crawl slow; this measures the whole loop on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor

from testportal.server import running_portal
from testportal.spec import bench_spec


class BenchSpider(scrapy.Spider):
    """Follows every same-site <a href> (or, with follow=False, fetches a given URL list); counts responses."""

    name = "bench"

    def __init__(self, start: list[str], follow: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = start
        self.follow = follow
        self.netloc = urlsplit(start[0]).netloc
        self.extractor = LinkExtractor()
        self.pages = 0

    def parse(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        self.pages += 1
        if self.follow and isinstance(response, scrapy.http.HtmlResponse):
            for link in self.extractor.extract_links(response):
                if urlsplit(link.url).netloc == self.netloc:
                    yield response.follow(link.url, callback=self.parse)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--fetch-only",
        action="store_true",
        help="request the manifest's URLs without parsing: the download path alone",
    )
    args = parser.parse_args()
    with running_portal(bench_spec(sites=1, pages=args.pages)) as portal:
        site = portal.manifest["sites"]["site000"]
        start = (
            [u for u, p in site["pages"].items() if p["outcome"] == "ok"]
            if args.fetch_only
            else [site["homepage"]]
        )
        process = CrawlerProcess(
            settings={
                "CONCURRENT_REQUESTS": args.concurrency,
                "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
                "LOG_LEVEL": "WARNING",
                "ROBOTSTXT_OBEY": False,
                "TELNETCONSOLE_ENABLED": False,
                "DOWNLOAD_TIMEOUT": 30,
                "RETRY_ENABLED": False,
            }
        )
        crawler = process.create_crawler(BenchSpider)
        began = time.perf_counter()
        process.crawl(crawler, start=start, follow=not args.fetch_only)
        process.start()
        elapsed = time.perf_counter() - began
        pages = crawler.spider.pages
        server_cpu = _cpu_seconds(portal.process.pid)
        reachable = sum(1 for p in site["pages"].values() if p["discovery"] == "a")
    print(
        json.dumps(
            {
                "pages": pages,
                "plain_link_pages_in_manifest": reachable,
                "seconds": round(elapsed, 2),
                "pages_per_second": round(pages / elapsed, 1),
                "concurrency": args.concurrency,
                "fetch_only": args.fetch_only,
                "server_cpu_seconds": server_cpu,
            }
        )
    )


def _cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a process, from /proc (Linux only)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)


if __name__ == "__main__":
    main()
