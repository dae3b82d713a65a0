"""A site's score and problems over its sweeps, from stored findings and scores (for charts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from reports.catalog import rulebook_name
from reports.labels import china_day
from storage.models import Finding, Site, SiteScore, Sweep


@dataclass(frozen=True, slots=True)
class TrendPoint:
    sweep_id: int
    day: date
    total: float | None  # None: not scored under the rulebook, or vetoed
    vetoed: bool
    problems: int  # failing findings of that sweep
    warnings: int


@dataclass(frozen=True, slots=True)
class Trend:
    site: str
    rulebook: str
    rulebook_name: str
    points: tuple[TrendPoint, ...]
    max_points: float | None = None  # the rulebook's full score, the top of the score axis


def build_trend(engine: Engine, site: str, rulebook: str | None = None) -> Trend:
    """Every finished sweep that judged the site, oldest first; scores under `rulebook` (default: the one
    that scored the site last)."""
    with Session(engine) as session:
        site_id = session.scalar(select(Site.id).where(Site.name == site))
        if site_id is None:
            raise LookupError(f"unknown site {site!r} (not in this database)")
        rulebook = rulebook or session.scalar(
            select(SiteScore.rulebook).where(SiteScore.site_id == site_id).order_by(SiteScore.sweep_id.desc())
        )
        counts: dict[int, dict[str, int]] = {}
        for sweep_id, status, count in session.execute(
            select(Finding.sweep_id, Finding.status, func.count())
            .where(Finding.site_id == site_id)
            .group_by(Finding.sweep_id, Finding.status)
        ):
            counts.setdefault(sweep_id, {})[status] = count
        sweeps = session.scalars(
            select(Sweep).where(Sweep.id.in_(list(counts)), Sweep.state == "finished").order_by(Sweep.id)
        ).all()
        scores = {
            s.sweep_id: s
            for s in session.scalars(
                select(SiteScore).where(SiteScore.site_id == site_id, SiteScore.rulebook == (rulebook or ""))
            )
        }
    points = tuple(
        TrendPoint(
            sweep_id=s.id,
            day=china_day(s.started_at),
            total=scores[s.id].total if s.id in scores else None,
            vetoed=bool(scores[s.id].vetoed_by) if s.id in scores else False,
            problems=counts[s.id].get("fail", 0),
            warnings=counts[s.id].get("warn", 0),
        )
        for s in sweeps
    )
    top = max((s.max_points for s in scores.values()), default=None)
    return Trend(site, rulebook or "", rulebook_name(rulebook) if rulebook else "", points, top)


def score_series(engine: Engine, rulebook: str, site_ids: Sequence[int]) -> dict[int, list[float | None]]:
    """Site id → its totals under a rulebook over the sweeps that scored it, oldest first (sparklines)."""
    with Session(engine) as session:
        rows = session.execute(
            select(SiteScore.site_id, SiteScore.total)
            .where(SiteScore.rulebook == rulebook, SiteScore.site_id.in_(list(site_ids)))
            .order_by(SiteScore.sweep_id)
        ).all()
    series: dict[int, list[float | None]] = {site_id: [] for site_id in site_ids}
    for site_id, total in rows:
        series[site_id].append(total)
    return series
