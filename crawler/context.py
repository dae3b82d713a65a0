"""SweepContext: what one crawl process knows about its sweep, shared by the spider, pipeline and extension."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from crawler.frontier import Frontier, Seed
from crawler.incremental import BaseSweeps
from crawler.items import Reached
from crawler.limits import CrawlLimits, SiteTarget
from crawler.outcome import FetchOutcome
from storage import resume
from storage.models import ListItem, Page

if TYPE_CHECKING:
    from crawler.writer_process import WriterProcess

# Failures that may be passing (a busy server, a network hiccup): requested once more at the end of a sweep.
RECHECKED = frozenset(
    {
        FetchOutcome.HTTP_ERROR,
        FetchOutcome.TIMEOUT,
        FetchOutcome.CONNECTION_RESET,
        FetchOutcome.CONNECTION_REFUSED,
        FetchOutcome.DNS,
    }
)


@dataclass(frozen=True, slots=True)
class Plan:
    """The sweep row's plan, typed: targets, limits and where snapshots go."""

    sites: tuple[SiteTarget, ...]
    limits: CrawlLimits
    snapshot_dir: Path
    bases: dict[str, int] = field(default_factory=dict)  # site → the earlier sweep it builds on

    @classmethod
    def from_json(cls, plan: Mapping[str, Any]) -> Plan:
        return cls(
            sites=tuple(SiteTarget.model_validate(site) for site in plan["sites"]),
            limits=CrawlLimits.model_validate(plan["limits"]),
            snapshot_dir=Path(plan["snapshot_dir"]),
            bases=dict(plan.get("base_sweeps", {})),
        )


@dataclass(slots=True)
class Prior:
    """What earlier runs of a resumed sweep left: outcome counts and seconds per site."""

    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class SweepContext:
    engine: Engine
    sweep_id: int
    plan: Plan
    site_ids: dict[str, int]
    frontier: Frontier
    seeds: list[Seed]
    prior: Prior
    bases: BaseSweeps = field(default_factory=BaseSweeps)
    failed: dict[str, list[str]] = field(default_factory=dict)  # site → URLs to re-check, in fetch order
    complete: bool = False  # set by SweepCoverage when the crawl ran to its end and everything was written
    write_failed: bool = False
    elapsed: float = 0.0  # seconds this process crawled, set by SweepCoverage
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)  # site → facts measured while crawling
    writer: WriterProcess | None = None  # the process that stores the crawl's batches

    @classmethod
    def load(cls, engine: Engine, sweep_id: int, plan: Plan) -> SweepContext:
        """Context for a fresh sweep, or for the rest of one whose pages are partly stored."""
        frontier = Frontier.for_sites(plan.sites, plan.limits)
        prior = Prior(seconds=resume.stored_seconds(engine, sweep_id))
        failed: dict[str, list[str]] = {}
        for page in resume.stored_pages(engine, sweep_id):
            frontier.restore(page.site, page.url)
            counts = prior.outcomes.setdefault(page.site, {})
            counts[page.outcome] = counts.get(page.outcome, 0) + 1
            if page.outcome in RECHECKED:
                failed.setdefault(page.site, []).append(page.url)
        links = (
            (link.site, link.from_url, link.from_depth, link.to_url, _reached_by(link))
            for link in resume.stored_links(engine, sweep_id)
        )
        site_ids = resume.site_ids(engine, [site.name for site in plan.sites])
        return cls(
            engine=engine,
            sweep_id=sweep_id,
            plan=plan,
            site_ids=site_ids,
            frontier=frontier,
            seeds=frontier.replay(links, stored_listings(engine, sweep_id) if prior.outcomes else {}),
            prior=prior,
            bases=BaseSweeps.load(engine, plan.bases, site_ids),
            failed=failed,
        )

    def note_fact(self, site: str, name: str, value: Any) -> None:
        """Remember a site-level fact (the homepage's search form …), stored with the coverage."""
        self.facts.setdefault(site, {})[name] = value

    def note_failure(self, site: str, url: str, outcome: str) -> None:
        """Remember a failed URL for the re-check at the end of the sweep."""
        if outcome in RECHECKED:
            self.failed.setdefault(site, []).append(url)


def stored_listings(engine: Engine, sweep_id: int) -> dict[tuple[str, str], tuple[str, date | None, bool]]:
    """(title, date, year inferred) of the stored list entries, by (listing page URL, entry URL without fragment): what
    --resume passes to the pages those entries link, as the uninterrupted crawl did."""
    query = (
        select(Page.url, ListItem.url, ListItem.title, ListItem.date, ListItem.year_inferred)
        .join(Page, Page.id == ListItem.page_id)
        .where(ListItem.sweep_id == sweep_id)
        .order_by(ListItem.id)
    )
    found: dict[tuple[str, str], tuple[str, date | None, bool]] = {}
    with Session(engine) as session:
        for page_url, url, title, when, inferred in session.execute(query.execution_options(yield_per=5000)):
            found.setdefault((page_url, urldefrag(url)[0]), (title, when, bool(inferred)))
    return found


def _reached_by(link: resume.StoredLink) -> Reached:
    """How the spider reached a link's target when it first followed it (portal.py PortalSpider._store): the
    next page of a list keeps its list's anchor, any other link its own text."""
    if link.kind == "pagination":
        return Reached("next", link.from_anchor)
    return Reached("link", link.anchor)
