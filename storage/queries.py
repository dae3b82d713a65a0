"""Read helpers for the CLI and reports: sweeps with their coverage, pages of a sweep."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storage.models import Page, Site, Sweep, SweepSite
from storage.sweepstate import sweep_state


@dataclass(frozen=True, slots=True)
class SiteCoverage:
    site: str
    pages_tried: int
    pages_fetched: int
    failed_by_reason: dict[str, int]
    seconds: float | None = None
    not_followed: dict[str, int] = field(default_factory=dict)  # links left: page cap, depth, trap

    @property
    def partial(self) -> bool:
        """The crawl left pages of this site unseen (the page cap, the depth limit or a trap guard)."""
        return any(self.not_followed.values())


@dataclass(frozen=True, slots=True)
class SweepSummary:
    id: int
    started_at: datetime
    finished_at: datetime | None
    state: str  # finished | running | unfinished
    resumed_count: int
    sites: tuple[SiteCoverage, ...] = field(default=())


def coverage_from_pages(session: Session, sweep_id: int) -> tuple[SiteCoverage, ...]:
    """Coverage counted from stored pages: true even for a sweep whose crawler died before its summary."""
    rows = session.execute(
        select(Site.name, Page.outcome, func.count())
        .join(Site, Site.id == Page.site_id)
        .where(Page.sweep_id == sweep_id)
        .group_by(Site.name, Page.outcome)
        .order_by(Site.name)
    ).all()
    per_site: dict[str, dict[str, int]] = {}
    for name, outcome, count in rows:
        per_site.setdefault(name, {})[outcome] = count
    rows_of_sites = session.execute(
        select(Site.name, SweepSite.seconds, SweepSite.not_followed)
        .join(Site, Site.id == SweepSite.site_id)
        .where(SweepSite.sweep_id == sweep_id)
    ).all()
    timing = {name: seconds for name, seconds, _ in rows_of_sites}
    left = {name: dict(not_followed or {}) for name, _, not_followed in rows_of_sites}
    return tuple(
        SiteCoverage(
            site=name,
            pages_tried=sum(outcomes.values()),
            pages_fetched=outcomes.get("ok", 0),
            failed_by_reason={k: v for k, v in sorted(outcomes.items()) if k != "ok"},
            seconds=timing.get(name),
            not_followed=left.get(name, {}),
        )
        for name, outcomes in per_site.items()
    )


def list_sweeps(engine: Engine, limit: int = 50) -> list[SweepSummary]:
    with Session(engine) as session:
        sweeps = session.scalars(select(Sweep).order_by(Sweep.id.desc()).limit(limit)).all()
        return [
            SweepSummary(
                id=s.id,
                started_at=s.started_at,
                finished_at=s.finished_at,
                state=sweep_state(s),
                resumed_count=s.resumed_count,
                sites=coverage_from_pages(session, s.id),
            )
            for s in sweeps
        ]


def get_sweep(engine: Engine, sweep_id: int) -> Sweep | None:
    with Session(engine) as session:
        return session.get(Sweep, sweep_id)


def latest_sweep_id(engine: Engine) -> int | None:
    with Session(engine) as session:
        return session.scalar(select(func.max(Sweep.id)))


def list_pages(engine: Engine, sweep_id: int, limit: int | None = None) -> list[dict]:
    """Pages stored by a sweep, in fetch order, as plain dicts."""
    query = (
        select(Page, Site.name)
        .join(Site, Site.id == Page.site_id)
        .where(Page.sweep_id == sweep_id)
        .order_by(Page.id)
        .limit(limit)
    )
    with Session(engine) as session:
        return [
            {
                "site": site,
                "url": page.url,
                "final_url": page.final_url,
                "depth": page.depth,
                "status": page.status,
                "outcome": page.outcome,
                "error": page.error,
                "fetched_at": page.fetched_at.isoformat(),
                "content_type": page.content_type,
                "encoding": page.encoding,
                "title": page.title,
                "snapshot": page.snapshot,
            }
            for page, site in session.execute(query).all()
        ]
