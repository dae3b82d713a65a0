"""Plain report data built from storage only (no crawl, no clock): a site's 整改通知 — each problem with its
rule and source, limit, measured value, URLs, date found, days open, screenshots and what would fix it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reports.catalog import IndicatorRef, check_info, indicators_by_finding, rulebook_name, split_message
from reports.labels import china_day
from storage.dbviews import EvidencePage, FindingEvidence
from storage.models import Finding, Score, Site, SiteScore, Sweep
from storage.operations import Problem, latest_finished_sweep
from storage.queries import SiteCoverage, coverage_from_pages


@dataclass(frozen=True, slots=True)
class Shot:
    """One page shown as evidence of a finding: its screenshot, or why there is none."""

    id: int
    url: str
    role: str  # page | parent (the page carrying a broken link)
    link_text: str
    link_url: str
    source: str  # live | snapshot | ""
    mime: str
    image: bytes | None
    error: str
    has_image: bool
    has_snapshot: bool


@dataclass(frozen=True, slots=True)
class ProblemItem:
    """One finding of a site as a site manager reads it."""

    finding_id: int
    problem_id: int | None
    check: str
    check_title: str
    basis: tuple[str, ...]
    target: str
    status: str
    said: str  # what is wrong
    fix: str  # what would fix it
    message: str
    limit: Any
    measured: Any
    evidence: tuple[dict[str, Any], ...]
    indicators: tuple[IndicatorRef, ...]
    found: date
    days_open: int
    state: str  # the 整改 state when the problem is followed, else ""
    shots: tuple[Shot, ...]


@dataclass(frozen=True, slots=True)
class SiteTotal:
    rulebook: str
    rulebook_name: str
    total: float | None
    score: float | None
    max_points: float
    auto_points: float
    manual_points: float
    withheld: float
    awaiting_manual: float
    verdict: str
    vetoed_by: tuple[str, ...]
    provisional: bool


@dataclass(frozen=True, slots=True)
class SiteReport:
    """The 整改通知 of one site for one sweep."""

    site: str
    site_id: int
    unit: str
    level: str
    base_url: str
    sweep_id: int
    sweep_day: date
    today: date
    problems: tuple[ProblemItem, ...]  # failing findings
    warnings: tuple[ProblemItem, ...]  # early warnings (预警)
    unverifiable: int  # findings we could not judge: never counted against the site
    totals: tuple[SiteTotal, ...]
    coverage: SiteCoverage | None


def build_site_report(
    engine: Engine, site: str, *, today: date, sweep_id: int | None = None, images: bool = True
) -> SiteReport:
    """Read one site's findings, scores, problems and evidence of a sweep (default: its newest judged)."""
    with Session(engine) as session:
        row = session.scalar(select(Site).where(Site.name == site))
        if row is None:
            raise LookupError(f"unknown site {site!r} (not in this database)")
    sweep_id = sweep_id if sweep_id is not None else _latest(engine, row.id, site)
    with Session(engine) as session:
        sweep = session.get(Sweep, sweep_id)
        if sweep is None:
            raise LookupError(f"sweep {sweep_id} does not exist in this database")
        findings = session.scalars(
            select(Finding)
            .where(Finding.sweep_id == sweep_id, Finding.site_id == row.id)
            .order_by(Finding.id)
        ).all()
        items = finding_items(session, row.id, sweep, findings, today, images=images)
        coverage = next((c for c in coverage_from_pages(session, sweep_id) if c.site == site), None)
        totals = _totals(session, sweep_id, row.id)
    return SiteReport(
        site=row.name,
        site_id=row.id,
        unit=row.unit,
        level=row.level,
        base_url=row.base_url,
        sweep_id=sweep_id,
        sweep_day=china_day(sweep.started_at),
        today=today,
        problems=tuple(i for i in items if i.status == "fail"),
        warnings=tuple(i for i in items if i.status == "warn"),
        unverifiable=sum(f.status == "unverifiable" for f in findings),
        totals=totals,
        coverage=coverage,
    )


def _latest(engine: Engine, site_id: int, site: str) -> int:
    sweep = latest_finished_sweep(engine, site_id)
    if sweep is None:
        raise LookupError(f"no checked sweep of {site!r} yet; run govwatch sweep or govwatch check")
    return sweep.id


def finding_items(
    session: Session,
    site_id: int,
    sweep: Sweep,
    findings: Sequence[Finding],
    today: date,
    *,
    images: bool = True,
) -> list[ProblemItem]:
    """The failing and warning findings of one site in one sweep, as report items."""
    judged = [f for f in findings if f.status in ("fail", "warn")]
    indicators = indicators_by_finding(
        (
            s.rulebook,
            s.indicator,
            s.name,
            {"part": s.part, "points": s.points, "max_points": s.max_points},
            list(s.findings or []),
        )
        for s in session.scalars(select(Score).where(Score.sweep_id == sweep.id, Score.site_id == site_id))
    )
    problems = {
        (p.check, p.target_hash): p
        for p in session.scalars(select(Problem).where(Problem.site_id == site_id))
    }
    shots = evidence_shots(session, sweep.id, site_id, images=images)
    return [_item(f, problems.get((f.check, f.target_hash)), indicators, shots, sweep, today) for f in judged]


def _item(
    finding: Finding,
    problem: Problem | None,
    indicators: dict[tuple[str, str], list[IndicatorRef]],
    shots: dict[tuple[str, str], list[Shot]],
    sweep: Sweep,
    today: date,
) -> ProblemItem:
    info = check_info(finding.check)
    said, fix = split_message(finding.message)
    if problem is not None:
        found = china_day(problem.first_seen_at)
        end = china_day(problem.closed_at) if problem.closed_at else today
    else:
        found, end = china_day(sweep.started_at), today
    return ProblemItem(
        finding_id=finding.id,
        problem_id=problem.id if problem else None,
        check=finding.check,
        check_title=info.title,
        basis=info.basis,
        target=finding.target,
        status=finding.status,
        said=said,
        fix=fix,
        message=finding.message,
        limit=finding.limit_value,
        measured=finding.measured,
        evidence=tuple(finding.evidence or ()),
        indicators=tuple(indicators.get((finding.check, finding.target), ())),
        found=found,
        days_open=max(0, (end - found).days),
        state=problem.state if problem else "",
        shots=tuple(shots.get((finding.check, finding.target_hash), ())),
    )


def evidence_shots(
    session: Session, sweep_id: int, site_id: int, *, images: bool = True
) -> dict[tuple[str, str], list[Shot]]:
    """(check, target_hash) → the pages captured as its evidence in that sweep."""
    columns = [
        EvidencePage.id,
        EvidencePage.url,
        EvidencePage.source,
        EvidencePage.mime,
        EvidencePage.error,
        EvidencePage.image.is_not(None).label("has_image"),
        EvidencePage.snapshot_gz.is_not(None).label("has_snapshot"),
    ]
    if images:
        columns.append(EvidencePage.image)
    rows = session.execute(
        select(FindingEvidence, *columns)
        .join(EvidencePage, EvidencePage.id == FindingEvidence.evidence_page_id)
        .where(FindingEvidence.sweep_id == sweep_id, FindingEvidence.site_id == site_id)
        .order_by(FindingEvidence.id)
    ).all()
    found: dict[tuple[str, str], list[Shot]] = {}
    for row in rows:
        link = row[0]
        found.setdefault((link.check, link.target_hash), []).append(
            Shot(
                id=row.id,
                url=row.url,
                role=link.role,
                link_text=link.link_text,
                link_url=link.link_url,
                source=row.source,
                mime=row.mime,
                image=row.image if images else None,
                error=row.error,
                has_image=bool(row.has_image),
                has_snapshot=bool(row.has_snapshot),
            )
        )
    return found


def _totals(session: Session, sweep_id: int, site_id: int) -> tuple[SiteTotal, ...]:
    rows = session.scalars(
        select(SiteScore)
        .where(SiteScore.sweep_id == sweep_id, SiteScore.site_id == site_id)
        .order_by(SiteScore.rulebook)
    ).all()
    return tuple(
        SiteTotal(
            rulebook=t.rulebook,
            rulebook_name=rulebook_name(t.rulebook),
            total=t.total,
            score=t.score,
            max_points=t.max_points,
            auto_points=t.auto_points,
            manual_points=t.manual_points,
            withheld=t.withheld,
            awaiting_manual=t.awaiting_manual,
            verdict=t.verdict,
            vetoed_by=tuple(t.vetoed_by or ()),
            provisional=t.provisional,
        )
        for t in rows
    )
