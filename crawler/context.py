"""SweepContext: what one crawl process knows about its sweep, shared by the spider, pipeline and extension."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from crawler.frontier import Frontier, Seed
from crawler.limits import CrawlLimits, SiteTarget
from storage import resume


@dataclass(frozen=True, slots=True)
class Plan:
    """The sweep row's plan, typed: targets, limits and where snapshots go."""

    sites: tuple[SiteTarget, ...]
    limits: CrawlLimits
    snapshot_dir: Path

    @classmethod
    def from_json(cls, plan: Mapping[str, Any]) -> Plan:
        return cls(
            sites=tuple(SiteTarget.model_validate(site) for site in plan["sites"]),
            limits=CrawlLimits.model_validate(plan["limits"]),
            snapshot_dir=Path(plan["snapshot_dir"]),
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
    complete: bool = False  # set by SweepCoverage when the crawl ran to its end and everything was written
    write_failed: bool = False
    elapsed: float = 0.0  # seconds this process crawled, set by SweepCoverage
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, engine: Engine, sweep_id: int, plan: Plan) -> SweepContext:
        """Context for a fresh sweep, or for the rest of one whose pages are partly stored."""
        frontier = Frontier.for_sites(plan.sites, plan.limits)
        prior = Prior(seconds=resume.stored_seconds(engine, sweep_id))
        for page in resume.stored_pages(engine, sweep_id):
            frontier.restore(page.site, page.url)
            counts = prior.outcomes.setdefault(page.site, {})
            counts[page.outcome] = counts.get(page.outcome, 0) + 1
        links = (
            (link.site, link.from_url, link.from_depth, link.to_url)
            for link in resume.stored_links(engine, sweep_id)
        )
        return cls(
            engine=engine,
            sweep_id=sweep_id,
            plan=plan,
            site_ids=resume.site_ids(engine, [site.name for site in plan.sites]),
            frontier=frontier,
            seeds=frontier.replay(links),
            prior=prior,
        )
