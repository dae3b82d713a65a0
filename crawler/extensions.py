"""SweepCoverage: per-site pages tried, fetched and failed by reason, as JSON progress lines and in the database.

Prints `{"event":"progress",…}` on stdout about once a second while the crawl runs, and on close writes
the coverage with storage.writer.finish_sweep (with the site facts: the homepage's search form and whether
the host has an AAAA record), marking the sweep finished only when the crawl ran to
its end ("finished") and every page was written. Counts include pages stored by earlier runs (--resume).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import signals
from twisted.internet import task

from crawler.hostfacts import ipv6_support
from crawler.items import FetchedPage, ReusedPages
from crawler.outcome import FetchOutcome
from storage.writer import finish_sweep

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.context import SweepContext

PROGRESS_INTERVAL = 1.0
logger = logging.getLogger(__name__)


@dataclass(slots=True)
class SiteTally:
    outcomes: Counter[str] = field(default_factory=Counter)
    first: float | None = None
    last: float | None = None
    earlier_seconds: float = 0.0

    def add(self, outcome: str, now: float, pages: int = 1) -> None:
        self.outcomes[outcome] += pages
        self.first = now if self.first is None else self.first
        self.last = now

    @property
    def seconds(self) -> float:
        ran = (self.last - self.first) if self.first is not None and self.last is not None else 0.0
        return round(self.earlier_seconds + ran, 3)

    def coverage(self) -> dict[str, Any]:
        failed = {k: v for k, v in sorted(self.outcomes.items()) if k != FetchOutcome.OK.value}
        return {
            "pages_tried": sum(self.outcomes.values()),
            "pages_fetched": self.outcomes[FetchOutcome.OK.value],
            "failed_by_reason": failed,
            "seconds": self.seconds,
        }


class SweepCoverage:
    def __init__(self, crawler: Crawler):
        self._crawler = crawler
        self._started = time.monotonic()
        self._tallies: dict[str, SiteTally] = {}
        self._ticker = task.LoopingCall(self._progress)
        crawler.signals.connect(self._opened, signal=signals.spider_opened)
        crawler.signals.connect(self._scraped, signal=signals.item_scraped)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def _context(self) -> SweepContext:
        return self._crawler.spider.context  # type: ignore[union-attr]

    def _opened(self) -> None:
        context = self._context
        for site in context.plan.sites:
            tally = SiteTally(Counter(context.prior.outcomes.get(site.name, {})))
            tally.earlier_seconds = context.prior.seconds.get(site.name, 0.0)
            self._tallies[site.name] = tally
        self._started = time.monotonic()
        self._ticker.start(PROGRESS_INTERVAL, now=False)

    def _scraped(self, item: Any) -> None:
        if isinstance(item, FetchedPage):
            self._tallies[item.record.site].add(item.record.outcome, time.monotonic())
        elif isinstance(item, ReusedPages):
            self._tallies[item.site].add(FetchOutcome.OK.value, time.monotonic(), len(item.pages))

    def _progress(self) -> None:
        sites = {
            name: {"done": sum(t.outcomes.values()), "failed": sum(t.outcomes.values()) - t.outcomes["ok"]}
            for name, t in self._tallies.items()
        }
        emit({"event": "progress", "elapsed": round(time.monotonic() - self._started, 1), "sites": sites})

    def _closed(self, reason: str) -> None:
        if self._ticker.running:
            self._ticker.stop()
        context = self._context
        context.elapsed = round(time.monotonic() - self._started, 3)
        if context.frontier.skipped:
            logger.info("links not followed, by reason: %s", dict(context.frontier.skipped.most_common(20)))
        context.coverage = {name: tally.coverage() for name, tally in self._tallies.items()}
        ipv6 = ipv6_support({site.name: site.base_url for site in context.plan.sites})
        for name, cov in context.coverage.items():
            cov["facts"] = {**context.facts.get(name, {}), "ipv6": ipv6.get(name)}
            cov["not_followed"] = dict(context.frontier.not_followed.get(name, {}))
        context.complete = reason == "finished" and not context.write_failed
        finish_sweep(
            context.engine,
            context.sweep_id,
            {context.site_ids[name]: cov for name, cov in context.coverage.items()},
            complete=context.complete,
        )


def emit(event: dict[str, Any]) -> None:
    """One JSON line on stdout (the crawl process's only stdout output)."""
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()
