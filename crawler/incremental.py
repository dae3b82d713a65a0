"""Incremental sweeps: what the earlier sweep of each site saw, so a re-sweep asks only what may have changed.

A page the earlier sweep fetched is requested with its validators (If-None-Match, If-Modified-Since).
A 304 answer means it is unchanged: its row is copied from the earlier sweep, and the pages the earlier
sweep reached from it are reached again from that record instead of from a body.

An unchanged list vouches for what it lists: its entries and its next pages (the pagination tail) are
carried over without a request, with the documents the earlier sweep reached through them. What keeps
the sweep honest: a failure is never carried (it is requested again, so a fixed link shows as fixed);
the entries of a column index are sub-columns, which change on their own, so they are asked; and so
is a column, column index or homepage linked from a carried page.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from crawler.downloader import slot_key
from crawler.limits import CrawlLimits, SiteTarget
from storage.incremental import BaseRow, base_columns, base_facts, base_rows

COLUMN_KINDS = frozenset({"homepage", "column_index", "column_list"})


@dataclass(slots=True)
class SiteBase:
    """One site's earlier sweep: its pages by URL and what each page led to, in the order it was stored."""

    pages: dict[str, BaseRow] = field(default_factory=dict)
    reached: dict[str, list[BaseRow]] = field(default_factory=lambda: defaultdict(list))
    columns: dict[int, list[str]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class BaseSweeps:
    """The earlier sweeps a sweep builds on, by site name (empty for a full sweep)."""

    sites: dict[str, SiteBase] = field(default_factory=dict)

    @classmethod
    def load(cls, engine: Engine, bases: Mapping[str, int], site_ids: Mapping[str, int]) -> BaseSweeps:
        sites = {}
        for name, sweep_id in bases.items():
            site_id = site_ids[name]
            base = SiteBase(
                columns=base_columns(engine, sweep_id, site_id), facts=base_facts(engine, sweep_id, site_id)
            )
            for row in base_rows(engine, sweep_id, site_id):
                base.pages[row.url] = row
                if row.referrer is not None:
                    base.reached[row.referrer].append(row)
            sites[name] = base
        return cls(sites)

    def page(self, site: str, url: str) -> BaseRow | None:
        """The earlier sweep's row of `url`, when it fetched it (a failure is asked again as new)."""
        base = self.sites.get(site)
        row = base.pages.get(url) if base else None
        return row if row is not None and row.outcome == "ok" else None

    def reached_from(self, site: str, url: str) -> list[BaseRow]:
        return self.sites[site].reached.get(url, [])

    def columns(self, site: str, page_id: int) -> list[str]:
        return self.sites[site].columns.get(page_id, [])

    def facts(self, site: str) -> dict[str, Any]:
        return self.sites[site].facts

    def start_delays(
        self, sites: Sequence[SiteTarget], limits: CrawlLimits, start: float
    ) -> dict[str, float]:
        """Per download slot of a site the earlier sweep measured: the delay AutoThrottle settled on for
        its answers then (median latency / target concurrency, within [download_delay, start]), so a
        re-sweep does not ramp down again from the cautious first-contact delay `start`."""
        delays = {}
        for site in sites:
            base = self.sites.get(site.name)
            latencies = [row.elapsed_ms for row in base.pages.values() if row.elapsed_ms] if base else []
            if latencies:
                settled = statistics.median(latencies) / 1000 / limits.concurrency_per_site
                delays[slot_key(site.base_url)] = min(max(settled, limits.download_delay), start)
        return delays


def carried(row: BaseRow, parent: BaseRow, *, parent_carried: bool) -> bool:
    """Whether a page the earlier sweep reached from the unchanged page `parent` is carried over unrequested.

    By the entry, not by the page's own kind: a document page with a list of related documents reads as
    a list, while a list shows its documents as entries and its sub-columns only on a column index.
    """
    if row.outcome != "ok":
        return False
    if row.reached_as == "next":  # the pagination tail of an unchanged list
        return True
    if row.reached_as == "entry":
        return parent.kind != "column_index" and row.kind not in ("homepage", "column_index")
    return parent_carried and row.kind not in COLUMN_KINDS


def validators(row: BaseRow) -> dict[str, str]:
    """The conditional-request headers of a page the earlier sweep fetched."""
    headers = {}
    if row.etag:
        headers["If-None-Match"] = row.etag
    if row.last_modified:
        headers["If-Modified-Since"] = row.last_modified
    return headers
