"""build_scrapy_settings(limits): the only place govwatch writes Scrapy settings.

Every value that departs from Scrapy's default says why. Per-site politeness comes from one downloader
slot per host:port (set on each request by the spider), so many portals run side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crawler.limits import CrawlLimits, RobotsPolicy
from crawler.render import CHROMIUM, CHROMIUM_ARGS, browser_available

# Seconds before the first retry; doubled for each further one (RetryMiddleware has no backoff of its own).
RETRY_BACKOFF_BASE = 0.5
RETRY_BACKOFF_MAX = 30.0
# Pages per database transaction, and the longest a fetched page waits before it is written.
WRITE_BATCH_SIZE = 200
WRITE_INTERVAL = 1.0


def build_scrapy_settings(
    limits: CrawlLimits, *, log_level: str = "WARNING", start_delays: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """Scrapy settings for one sweep under `limits`. `start_delays`: per download slot, the delay to start
    at instead of AUTOTHROTTLE_START_DELAY (sites an earlier sweep measured, crawler/incremental.py)."""
    settings = _scrapy_settings(limits, log_level) | (_render_settings(limits) if browser_available() else {})
    if start_delays:
        settings["DOWNLOAD_SLOTS"] = {slot: {"delay": delay} for slot, delay in start_delays.items()}
    return settings


def start_delay(limits: CrawlLimits) -> float:
    """AutoThrottle's delay for a site it knows nothing about yet."""
    return max(limits.download_delay, 0.5)


def _render_settings(limits: CrawlLimits) -> dict[str, Any]:
    """scrapy-playwright for the requests that carry meta playwright=True (crawler/render.py); the others
    go through its parent, Scrapy's own HTTP/1.1 handler, unchanged."""
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True},
        # Started with the first page to render, not with the crawl (default: at engine start).
        "PLAYWRIGHT_BROWSER_PROVIDER": "crawler.render.LazyBrowserProvider",
        "PLAYWRIGHT_ABORT_REQUEST": "crawler.render.skip_resource",  # no images, fonts or styles
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": limits.concurrency_per_site,  # default CONCURRENT_REQUESTS
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": limits.download_timeout * 1000,  # ms; default 30 s
    }


def _scrapy_settings(limits: CrawlLimits, log_level: str) -> dict[str, Any]:
    return {
        "BOT_NAME": "govwatch",  # default "scrapybot"
        "USER_AGENT": limits.user_agent,  # honest, names govwatch (CrawlLimits validates it)
        "ROBOTSTXT_OBEY": limits.robots is RobotsPolicy.OBEY,  # default False
        # Politeness: per-site concurrency is the per-slot concurrency (slot = host:port).
        "CONCURRENT_REQUESTS": limits.concurrency_total,  # default 16
        "CONCURRENT_REQUESTS_PER_DOMAIN": limits.concurrency_per_site,  # default 8
        "DOWNLOAD_DELAY": limits.download_delay,  # default 0; also AutoThrottle's floor
        "AUTOTHROTTLE_ENABLED": limits.autothrottle,  # default False
        # Default 5 s: the first requests to every site would wait 5 s, and a fast site needs ~10 s to
        # recover. Half a second is still gentle for a first contact.
        "AUTOTHROTTLE_START_DELAY": start_delay(limits),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,  # default 60; a site slower than that times out anyway
        # Default 1.0 would serialise every site to one request at a time even when it answers in
        # milliseconds; aim at the configured per-site concurrency instead.
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(limits.concurrency_per_site),
        "RETRY_TIMES": limits.retries,  # default 2
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",  # default ERROR; the failure is stored as data, not an error
        "GOVWATCH_RETRY_BACKOFF_BASE": RETRY_BACKOFF_BASE,  # ours: read by BackoffRetryMiddleware
        "GOVWATCH_RETRY_BACKOFF_MAX": RETRY_BACKOFF_MAX,
        "DOWNLOAD_TIMEOUT": limits.download_timeout,  # default 180
        # Scrapy's default; named because scrapy-playwright (crawler/render.py) needs this reactor.
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DNS_TIMEOUT": min(limits.download_timeout, 60.0),  # default 60
        # Default 1 GiB. Also caps the decompressed size (HttpCompressionMiddleware): gzip bombs stop here.
        "DOWNLOAD_MAXSIZE": limits.max_response_bytes,
        "DOWNLOAD_WARNSIZE": 0,  # default 32 MiB; over-size is recorded as "too_large", not warned about
        "REDIRECT_MAX_TIMES": 10,  # default 20; a loop is detected at its first repeat anyway
        # A TRS parent channel moves on to its first child by <meta http-equiv="Refresh">: read as a link
        # of kind "refresh" (crawler/extract/page.py), so the child is fetched once, as itself, and the
        # channel stays a page of its own (default: followed as a redirect under the channel's URL).
        "METAREFRESH_ENABLED": False,
        # Depth and breadth-first order: the spider applies limits.max_depth itself before scheduling
        # (so --resume replays the same rule); DEPTH_LIMIT is the safety net. FIFO queues with
        # DEPTH_PRIORITY=1 crawl breadth-first, which keeps crawl order close enough to deterministic.
        "DEPTH_LIMIT": limits.max_depth,  # default 0 (unlimited)
        "DEPTH_PRIORITY": 1,  # default 0
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",  # default LIFO (depth-first)
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",  # default LIFO
        # The spider keeps its own seen-set (rebuilt from the database on --resume) and marks requests
        # dont_filter, so Scrapy's fingerprint filter would only cost time.
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        # Scrapy's downloader, with the per-slot concurrency limit enforced (see crawler/downloader.py).
        "DOWNLOADER": "crawler.downloader.SlotLimitedDownloader",
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.PrivateAddressMiddleware": 40,  # before robots.txt is fetched
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.middlewares.BackoffRetryMiddleware": 550,
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "crawler.middlewares.LoopAwareMetaRefreshMiddleware": 580,
            "crawler.middlewares.BlockedPageMiddleware": 585,  # sees decompressed bodies, before retry
            "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
            "crawler.middlewares.LoopAwareRedirectMiddleware": 600,
        },
        "ITEM_PIPELINES": {"crawler.pipelines.StoragePipeline": 300},
        # Default 100: Scrapy starts that many asyncio workers for the output of every response, while a
        # page yields one record and a few requests to a synchronous pipeline. Measured: ~10% of crawl CPU.
        "CONCURRENT_ITEMS": 4,
        "EXTENSIONS": {
            "crawler.extensions.SweepCoverage": 500,
            "scrapy.extensions.telnet.TelnetConsole": None,  # no listening port in a crawl job
            # Scrapy's, except that a 304 may lower a site's delay like a 200 (crawler/throttle.py).
            "scrapy.extensions.throttle.AutoThrottle": None,
            "crawler.throttle.RevalidationAwareAutoThrottle": 0,
        },
        "REMOTE_CONTROL_ENABLED": False,  # default True opens an HTTP port; a crawl job needs none
        "GOVWATCH_WRITE_BATCH_SIZE": WRITE_BATCH_SIZE,  # ours: read by StoragePipeline
        "GOVWATCH_WRITE_INTERVAL": WRITE_INTERVAL,
        "LOG_LEVEL": log_level,  # default DEBUG; stdout carries JSON progress, logs go to stderr
        "LOGSTATS_INTERVAL": 0,  # default 60; SweepCoverage reports progress every second
        "STATS_DUMP": False,  # default True
        "MEMUSAGE_ENABLED": False,  # default True; nothing reads it, and it polls every minute
    }
