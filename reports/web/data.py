"""What the dashboard pages show, read from storage: the overview of sites, one site (indicator tree,
problems by state, coverage of its last sweep), one problem or finding, and the sweeps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from reports.catalog import rulebook
from reports.data import ProblemItem, finding_items
from reports.labels import STATE_ZH, china_day
from reports.trends import score_series
from storage.models import Finding, Page, Score, Site, SiteScore, Sweep
from storage.operations import ACTIVE_STATES, Problem, ProblemEvent
from storage.queries import SiteCoverage, coverage_from_pages

MAX_FAILED_PAGES = 50


@dataclass(frozen=True, slots=True)
class OverviewRow:
    site_id: int
    name: str
    level: str
    unit: str
    last_sweep: int | None
    last_day: date | None
    total: float | None
    max_points: float | None
    verdict: str
    vetoed_by: tuple[str, ...]
    provisional: bool
    open_problems: int  # followed problems not closed yet
    fails: int  # failing findings of its last judged sweep
    series: list[float | None]


@dataclass(frozen=True, slots=True)
class TreeRow:
    id: str
    name: str
    depth: int
    leaf: bool
    mode: str
    part: str
    points: float | None
    max_points: float | None
    status: str
    why: str


@dataclass(frozen=True, slots=True)
class SitePage:
    site: Site
    sweep_id: int | None
    sweep_day: date | None
    rulebooks: list[str]
    rulebook: str | None
    score: SiteScore | None
    tree: list[TreeRow]
    problems: dict[str, list[dict[str, Any]]]  # state label → rows (link, title, found, days open)
    coverage: SiteCoverage | None
    failed_pages: list[dict[str, Any]] = field(default_factory=list)


def scored_rulebooks(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(SiteScore.rulebook).distinct().order_by(SiteScore.rulebook)))


def last_judged(session: Session, site_ids: Collection[int]) -> dict[int, int]:
    """Site id → the newest finished sweep that has findings for it."""
    rows = session.execute(
        select(Finding.site_id, func.max(Finding.sweep_id))
        .join(Sweep, Sweep.id == Finding.sweep_id)
        .where(Sweep.state == "finished", Finding.site_id.in_(list(site_ids)))
        .group_by(Finding.site_id)
    ).all()
    return dict(rows)


def overview(engine: Engine, visible: Collection[int] | None, rulebook_id: str | None) -> list[OverviewRow]:
    """Every visible site (None: all) with its latest score under the rulebook and its open problems."""
    with Session(engine) as session:
        query = select(Site).order_by(Site.name)
        if visible is not None:
            query = query.where(Site.id.in_(list(visible)))
        sites = session.scalars(query).all()
        ids = [s.id for s in sites]
        last = last_judged(session, ids)
        days = {
            s.id: china_day(s.started_at)
            for s in session.scalars(select(Sweep).where(Sweep.id.in_(list(last.values()))))
        }
        latest = {
            row.site_id: row
            for row in session.scalars(
                select(SiteScore)
                .where(SiteScore.rulebook == (rulebook_id or ""), SiteScore.site_id.in_(ids))
                .order_by(SiteScore.sweep_id)
            )
        }
        open_counts = dict(
            session.execute(
                select(Problem.site_id, func.count())
                .where(Problem.site_id.in_(ids), Problem.state.in_(ACTIVE_STATES))
                .group_by(Problem.site_id)
            ).all()
        )
        fails: Counter[int] = Counter()
        for site_id, sweep_id in last.items():
            fails[site_id] = (
                session.scalar(
                    select(func.count()).where(
                        Finding.site_id == site_id, Finding.sweep_id == sweep_id, Finding.status == "fail"
                    )
                )
                or 0
            )
    series = score_series(engine, rulebook_id, ids) if rulebook_id else {}
    return [
        _overview_row(
            s,
            last.get(s.id),
            days,
            latest.get(s.id),
            open_counts.get(s.id, 0),
            fails[s.id],
            series.get(s.id, []),
        )
        for s in sites
    ]


def _overview_row(
    site: Site,
    sweep_id: int | None,
    days: dict[int, date],
    score: SiteScore | None,
    open_count: int,
    fails: int,
    series: list[float | None],
) -> OverviewRow:
    return OverviewRow(
        site_id=site.id,
        name=site.name,
        level=site.level,
        unit=site.unit,
        last_sweep=sweep_id,
        last_day=days.get(sweep_id) if sweep_id else None,
        total=score.total if score else None,
        max_points=score.max_points if score else None,
        verdict=score.verdict if score else "",
        vetoed_by=tuple(score.vetoed_by or ()) if score else (),
        provisional=bool(score and score.provisional),
        open_problems=open_count,
        fails=fails,
        series=series,
    )


def site_page(engine: Engine, site_id: int, rulebook_id: str | None, today: date) -> SitePage | None:
    with Session(engine) as session:
        site = session.get(Site, site_id)
        if site is None:
            return None
        sweep_id = last_judged(session, [site_id]).get(site_id)
        books = list(
            session.scalars(
                select(SiteScore.rulebook)
                .where(SiteScore.site_id == site_id)
                .distinct()
                .order_by(SiteScore.rulebook)
            )
        )
        chosen = rulebook_id if rulebook_id in books else (books[0] if books else None)
        score = session.scalar(
            select(SiteScore)
            .where(SiteScore.site_id == site_id, SiteScore.rulebook == (chosen or ""))
            .order_by(SiteScore.sweep_id.desc())
            .limit(1)
        )
        tree = _tree(session, score) if score else []
        sweep = session.get(Sweep, sweep_id) if sweep_id else None
        problems = _problems_by_state(session, site_id, sweep, today)
        coverage = (
            next((c for c in coverage_from_pages(session, sweep_id) if c.site == site.name), None)
            if sweep_id
            else None
        )
        failed = _failed_pages(session, sweep_id, site_id) if sweep_id else []
    return SitePage(
        site,
        sweep_id,
        china_day(sweep.started_at) if sweep else None,
        books,
        chosen,
        score,
        tree,
        problems,
        coverage,
        failed,
    )


def _tree(session: Session, total: SiteScore) -> list[TreeRow]:
    """The rulebook's indicators in file order: leaves as scored (points lost and why), branches subtotalled."""
    leaves = {
        s.indicator: s
        for s in session.scalars(
            select(Score).where(
                Score.sweep_id == total.sweep_id,
                Score.rulebook == total.rulebook,
                Score.site_id == total.site_id,
            )
        )
    }
    book = rulebook(total.rulebook)
    if book is None:
        return [_leaf_row(s.indicator, s.name, s) for s in leaves.values()]
    rows = []
    for node in book.nodes.values():
        leaf = leaves.get(node.id)
        if leaf is not None:
            rows.append(_leaf_row(node.id, node.indicator.name, leaf))
        elif not node.is_leaf:
            subtotal = total.nodes.get(node.id)
            depth = node.id.count(".")
            rows.append(TreeRow(node.id, node.indicator.name, depth, False, "", node.part, subtotal,
                                node.max_points, "", ""))  # fmt: skip
    return rows


def _leaf_row(indicator: str, name: str, score: Score) -> TreeRow:
    return TreeRow(indicator, name, indicator.count("."), True, score.mode, score.part, score.points,
                   score.max_points, score.status, _why(score))  # fmt: skip


def _why(score: Score) -> str:
    """Why points were lost or withheld: the failing findings' messages, else the scoring note."""
    messages = [
        f.get("message", "") for f in score.findings or [] if f.get("status") in ("fail", "unverifiable")
    ]
    return "；".join(m for m in messages if m) or str((score.detail or {}).get("note", ""))


def _problems_by_state(
    session: Session, site_id: int, sweep: Sweep | None, today: date
) -> dict[str, list[dict[str, Any]]]:
    """Followed problems grouped by 整改 state; without any, the last sweep's failing findings."""
    problems = session.scalars(
        select(Problem).where(Problem.site_id == site_id).order_by(Problem.first_seen_at, Problem.id)
    ).all()
    groups: dict[str, list[dict[str, Any]]] = {}
    for state in STATE_ZH:
        for p in (p for p in problems if p.state == state):
            found = china_day(p.first_seen_at)
            end = china_day(p.closed_at) if p.closed_at else today
            groups.setdefault(STATE_ZH[state], []).append(
                {
                    "href": f"/problems/{p.id}",
                    "check": p.check,
                    "message": p.message,
                    "found": found,
                    "days_open": max(0, (end - found).days),
                    "state": state,
                }
            )
    if problems or sweep is None:
        return groups
    findings = session.scalars(
        select(Finding)
        .where(Finding.sweep_id == sweep.id, Finding.site_id == site_id, Finding.status == "fail")
        .order_by(Finding.id)
    ).all()
    for item in finding_items(session, site_id, sweep, findings, today, images=False):
        groups.setdefault("本次监测发现（尚未跟踪）", []).append(
            {
                "href": f"/findings/{item.finding_id}",
                "check": item.check,
                "message": item.message,
                "found": item.found,
                "days_open": item.days_open,
                "state": "",
            }
        )
    return groups


def _failed_pages(session: Session, sweep_id: int, site_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Page.url, Page.outcome, Page.status, Page.error)
        .where(Page.sweep_id == sweep_id, Page.site_id == site_id, Page.outcome != "ok")
        .order_by(Page.id)
        .limit(MAX_FAILED_PAGES)
    ).all()
    return [dict(row._mapping) for row in rows]


def problem_item(
    engine: Engine, problem_id: int, today: date
) -> tuple[Problem, ProblemItem | None, list[ProblemEvent]] | None:
    """A followed problem, its last failing finding as a report item (evidence, rule, fix), its history."""
    with Session(engine) as session:
        problem = session.get(Problem, problem_id)
        if problem is None:
            return None
        events = list(
            session.scalars(
                select(ProblemEvent)
                .where(ProblemEvent.problem_id == problem_id)
                .order_by(ProblemEvent.at, ProblemEvent.id)
            )
        )
        item = None
        sweep = session.get(Sweep, problem.last_sweep_id) if problem.last_sweep_id else None
        if sweep is not None:
            finding = session.scalar(
                select(Finding).where(
                    Finding.sweep_id == sweep.id,
                    Finding.site_id == problem.site_id,
                    Finding.check == problem.check,
                    Finding.target_hash == problem.target_hash,
                )
            )
            items = (
                finding_items(session, problem.site_id, sweep, [finding], today, images=False)
                if finding
                else []
            )
            item = items[0] if items else None
    return problem, item, events


def problem_site(engine: Engine, problem_id: int) -> int | None:
    with Session(engine) as session:
        return session.scalar(select(Problem.site_id).where(Problem.id == problem_id))


def finding_item(engine: Engine, finding_id: int, today: date) -> tuple[int, ProblemItem] | None:
    """(site id, the finding as a report item) of a failing or warning finding."""
    with Session(engine) as session:
        finding = session.get(Finding, finding_id)
        sweep = session.get(Sweep, finding.sweep_id) if finding else None
        if finding is None or sweep is None:
            return None
        items = finding_items(session, finding.site_id, sweep, [finding], today, images=False)
    return (finding.site_id, items[0]) if items else None
