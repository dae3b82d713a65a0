"""Pacing of re-sweeps: a 304 lowers a site's delay as a 200 does, a site known from an earlier sweep
starts at the delay it settled on then, and robots.txt waits in its own site's queue."""

from __future__ import annotations

from datetime import date

from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler import CrawlLimits, SiteTarget
from crawler.downloader import SlotLimitedDownloader, slot_key
from crawler.incremental import BaseSweeps, SiteBase
from crawler.throttle import RevalidationAwareAutoThrottle
from storage.incremental import BaseRow


def _throttle() -> RevalidationAwareAutoThrottle:
    crawler = get_crawler(
        settings_dict={"AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_TARGET_CONCURRENCY": 4.0}
    )
    throttle = RevalidationAwareAutoThrottle(crawler)
    throttle.mindelay, throttle.maxdelay = 0.0, 30.0
    return throttle


def test_a_304_lowers_the_delay_like_a_200_and_an_error_does_not() -> None:
    throttle = _throttle()
    for status, expected in ((304, 0.2525), (200, 0.2525), (404, 0.5)):
        slot = Slot(concurrency=4, delay=0.5, jitter=0)
        throttle._adjust_delay(slot, 0.02, Response("http://127.0.0.1:8001/", status=status))
        assert round(slot.delay, 4) == expected, status


def test_robots_txt_waits_in_its_sites_queue_not_in_one_per_address() -> None:
    downloader = SlotLimitedDownloader(get_crawler())
    robots = Request("http://127.0.0.1:8001/robots.txt")
    page = Request(
        "http://127.0.0.1:8001/a.html", meta={"download_slot": slot_key("http://127.0.0.1:8001/a.html")}
    )
    other = Request("http://127.0.0.1:8002/robots.txt")
    assert downloader.get_slot_key(robots) == downloader.get_slot_key(page) == "127.0.0.1:8001"
    assert downloader.get_slot_key(other) == "127.0.0.1:8002"
    assert slot_key("https://WWW.Example.gov.cn/x") == "www.example.gov.cn"


def _row(page_id: int, elapsed_ms: int | None) -> BaseRow:
    return BaseRow(
        page_id,
        f"http://a/{page_id}",
        None,
        "ok",
        "article",
        "",
        "",
        "entry",
        "",
        date(2026, 1, 1),
        elapsed_ms,
    )


def test_a_known_site_starts_at_the_delay_its_answers_called_for() -> None:
    limits = CrawlLimits(concurrency_per_site=4)
    fast, slow, new = (
        SiteTarget(name=n, base_url=f"http://127.0.0.1:{p}/") for n, p in (("f", 1), ("s", 2), ("n", 3))
    )
    bases = BaseSweeps(
        {
            "f": SiteBase(pages={str(i): _row(i, ms) for i, ms in enumerate((8, 12, 10, None))}),
            "s": SiteBase(pages={str(i): _row(i, 9000) for i in range(3)}),
        }
    )
    delays = bases.start_delays([fast, slow, new], limits, start=0.5)
    assert delays == {"127.0.0.1:1": 0.0025, "127.0.0.1:2": 0.5}  # median 10 ms / 4; capped; unknown: none
    floor = CrawlLimits(concurrency_per_site=4, download_delay=0.1)
    assert bases.start_delays([fast], floor, start=0.5) == {"127.0.0.1:1": 0.1}
