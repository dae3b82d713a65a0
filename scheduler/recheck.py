"""recheck_site: re-fetch only the pages behind a site's open problems, judge their checks again on the
latest sweep's view with those pages applied, and move the problems (verified, resolved, reopened).

Pages are fetched one by one with crawler.probe.fetch and read by the crawler's own extractors — a
handful of requests needs no Scrapy process and no sweep row, so the sweeps table keeps only sweeps.
A sweep's findings are its record and stay as they are; the problems carry the re-check's verdict,
and the rechecks table keeps the pages fetched and each verdict. When the site's base URL changed
since the sweep (a move to https, a new host), the pages are fetched at the new address.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from checks import CheckContext, PlannedCheck, WorkdayCalendar, run_checks
from checks.plan import load_plan
from crawler.limits import CrawlLimits
from crawler.probe import Fetched, fetch
from scheduler.checking import CHINA, kind_of_column
from scheduler.recheck_view import FreshPage, apply_fresh, navigation_of, read_fresh
from scheduler.workflow import Changes, Judge, Verdict, apply_verdicts, sync_problems
from storage.models import Finding, Site, Sweep
from storage.operations import ACTIVE_STATES, Problem, Recheck, latest_finished_sweep, utc
from storage.siteview import build_site_view
from storage.views import ColumnView, SiteView, Visibility

MAX_PAGES = 200
LIST_PAGES = 5  # pages of a column's list fetched again (the newest items); older ones come from the sweep
READS_COLUMNS = {"interpretation_lag": ("zcjd", "zcwj", "gfxwj"), "linkage": ("zcjd", "zcwj", "gfxwj")}
_NOT_BROKEN = frozenset({None, "ok", "blocked", "robots", "private_address"})


class RecheckError(LookupError):
    """Nothing to re-check: no such site, no finished sweep of it, or no matching open problem."""


@dataclass(frozen=True, slots=True)
class RecheckResult:
    recheck_id: int
    sweep_id: int
    pages: list[dict[str, Any]]
    results: list[dict[str, Any]]  # problem, check, target, before, after, status, message


@dataclass(frozen=True, slots=True)
class _Address:
    """The site's base URL then (in the sweep) and now (in the sites table)."""

    then: str
    now: str

    def current(self, url: str) -> str:
        return (
            self.now + url[len(self.then) :] if self.then != self.now and url.startswith(self.then) else url
        )


def recheck_site(
    engine: Engine,
    site_name: str,
    *,
    problem_ids: Sequence[int] = (),
    finding_ids: Sequence[int] = (),
    actor: str = "",
    plan: Sequence[PlannedCheck] | None = None,
    calendar: WorkdayCalendar | None = None,
) -> RecheckResult:
    """Re-check the chosen (default: all open) problems of a site and record the outcome."""
    site, sweep = _site_and_sweep(engine, site_name)
    sync_problems(engine, sweep.id)
    problems = _chosen(engine, site.id, problem_ids, finding_ids)
    plan = [p for p in (plan if plan is not None else load_plan()) if p.check in {q.check for q in problems}]
    view = build_site_view(engine, sweep.id, site.id, kind_of_column())
    planned = _planned_target(sweep, site)
    started = datetime.now(UTC)
    fetcher = _Fetcher(
        _Address(planned.get("base_url", site.base_url), site.base_url),
        started,
        bool(planned.get("allow_private")),
        CrawlLimits.model_validate(sweep.plan.get("limits") or {}),
    )
    patched = _refetch(view, problems, plan, fetcher)
    findings = run_checks(
        patched,
        plan,
        CheckContext(as_of=started.astimezone(CHINA).date(), calendar=calendar or WorkdayCalendar.default(),
                     site=site.name, previous=view),
    )  # fmt: skip
    return _record(engine, site.id, sweep.id, problems, findings, fetcher, started, actor or "复核")


def _site_and_sweep(engine: Engine, name: str) -> tuple[Site, Sweep]:
    with Session(engine) as session:
        site = session.scalar(select(Site).where(Site.name == name))
    if site is None:
        raise RecheckError(f"site {name!r} is not in this database; sweep it first")
    sweep = latest_finished_sweep(engine, site.id)
    if sweep is None:
        raise RecheckError(f"site {name!r} has no finished, checked sweep yet")
    return site, sweep


def _chosen(
    engine: Engine, site_id: int, problem_ids: Sequence[int], finding_ids: Sequence[int]
) -> list[Problem]:
    with Session(engine) as session:
        query = select(Problem).where(Problem.site_id == site_id, Problem.state.in_(ACTIVE_STATES))
        if problem_ids or finding_ids:
            keys = session.execute(
                select(Finding.check, Finding.target_hash).where(
                    Finding.id.in_(list(finding_ids)), Finding.site_id == site_id
                )
            ).all()
            wanted = {tuple(k) for k in keys}
            found = [
                p for p in session.scalars(query) if p.id in problem_ids or (p.check, p.target_hash) in wanted
            ]
        else:
            found = list(session.scalars(query.order_by(Problem.id)))
    if not found:
        raise RecheckError("no open problem matches (see govwatch problems --site NAME)")
    return found


def _planned_target(sweep: Sweep, site: Site) -> dict[str, Any]:
    """The site as the sweep's plan holds it (its base URL then, allow_private)."""
    return next((s for s in sweep.plan.get("sites", []) if s.get("name") == site.name), {})


class _Fetcher:
    """Fetches each URL once (a failure twice), at the site's current address, keeping every result."""

    def __init__(self, address: _Address, now: datetime, allow_private: bool, limits: CrawlLimits):
        self.address, self.now, self.allow_private, self.limits = address, now, allow_private, limits
        self.pages: dict[str, FreshPage] = {}

    def get(self, urls: Iterable[str]) -> list[FreshPage]:
        got = []
        for url in dict.fromkeys(u for u in urls if u):
            if url not in self.pages and len(self.pages) < MAX_PAGES:
                first = self._fetch(url)
                second = self._fetch(url) if first.outcome.value not in _NOT_BROKEN else None
                self.pages[url] = read_fresh(url, first, self.now, second)
            if url in self.pages:
                got.append(self.pages[url])
        return got

    def _fetch(self, url: str) -> Fetched:
        return fetch(
            self.address.current(url),
            timeout=self.limits.download_timeout,
            max_bytes=self.limits.max_response_bytes,
            allow_private=self.allow_private,
            user_agent=self.limits.user_agent,
        )


def _refetch(
    view: SiteView, problems: Sequence[Problem], plan: Sequence[PlannedCheck], fetcher: _Fetcher
) -> SiteView:
    """Fetch what the problems rest on (homepage, evidence, their columns and lists, failed link targets)
    and return the view with it applied."""
    column_ids = _columns_needed(view, problems, plan)
    home = view.homepage.url if view.homepage else view.base_url
    urls = [home] + [e.get("url") for p in problems for e in p.evidence or [] if isinstance(e, dict)]
    urls += [p.target for p in problems if p.target.startswith(("http://", "https://"))]
    new_columns = _new_columns(view, fetcher, column_ids, home)
    columns = [c for c in (*view.columns, *new_columns) if c.id in column_ids and c.url]
    fetcher.get(urls + [c.url for c in columns])
    chains = {c.url: _list_pages(fetcher, c.url) for c in columns}
    for page in list(fetcher.pages.values()):  # a link that was broken is tried again from its page
        fetcher.get(link.url for link in page.links if (v := view.page(link.url)) is not None and not v.ok)
    return apply_fresh(view, fetcher.pages, kind_of_column(), chains, new_columns)


def _columns_needed(view: SiteView, problems: Sequence[Problem], plan: Sequence[PlannedCheck]) -> set[str]:
    needed: set[str] = set()
    for problem in problems:
        if problem.target == "site":
            needed |= {c.id for c in view.columns}
        needed |= {problem.target} | set(READS_COLUMNS.get(problem.check, ()))
        for planned in plan:
            column = getattr(planned.params, "column", None)
            if planned.check == problem.check and column == problem.target:
                needed |= {getattr(planned.params, "within", "") or column}
    return needed - {""}


def _new_columns(view: SiteView, fetcher: _Fetcher, ids: set[str], home: str) -> list[ColumnView]:
    """Columns the sweep did not find that fresh navigation now shows: the homepage's, then that of the
    needed columns that hold others (a 政府信息公开 platform holds its 指南, 制度, 年报)."""
    known = {c.id: c for c in view.columns if c.visibility is not Visibility.ABSENT}
    found: dict[str, ColumnView] = {}
    holders = [(home, None)] + [(c.url, c.id) for c in known.values() if c.id in ids and c.url]
    seen: set[str] = set()
    while holders:
        url, parent = holders.pop(0)
        if url in seen:
            continue
        seen.add(url)
        for page in fetcher.get([url]):
            for column_id, name, link in navigation_of(page):
                if column_id not in ids or column_id in known or column_id == parent:
                    continue
                if column_id not in found or (parent and not found[column_id].parent):  # the holder wins
                    found[column_id] = ColumnView(id=column_id, name=name, url=link, parent=parent)
                    holders.append((link, column_id))
    return list(found.values())


def _list_pages(fetcher: _Fetcher, url: str) -> list[str]:
    page = fetcher.pages.get(url)
    pages = list(page.extraction.pagination.urls[: LIST_PAGES - 1]) if page and page.extraction else []
    fetcher.get(pages)
    return pages


def _record(
    engine: Engine,
    site_id: int,
    sweep_id: int,
    problems: Sequence[Problem],
    findings: Sequence[Any],
    fetcher: _Fetcher,
    started: datetime,
    actor: str,
) -> RecheckResult:
    by_key = {Verdict.of(f.as_dict()).key: Verdict.of(f.as_dict()) for f in findings}
    pages = [{"url": p.url, "outcome": p.outcome, "status": p.fetched.status} for p in fetcher.pages.values()]
    with Session(engine, expire_on_commit=False) as session, session.begin():
        recheck = Recheck(site_id=site_id, sweep_id=sweep_id, started_at=started, actor=actor, pages=pages)
        session.add(recheck)
        session.flush()
        before = {p.id: p.state for p in problems}
        verdicts = [by_key[(p.check, p.target_hash)] for p in problems if (p.check, p.target_hash) in by_key]
        judge = Judge(actor=f"复核 {recheck.id}（{actor}）", at=utc(datetime.now(UTC)), recheck_id=recheck.id)
        apply_verdicts(session, site_id, verdicts, judge, Changes())
        results = []
        for problem in problems:
            now = session.get(Problem, problem.id)
            verdict = by_key.get((problem.check, problem.target_hash))
            results.append({
                "problem": problem.id, "check": problem.check, "target": problem.target,
                "before": before[problem.id], "after": now.state if now else before[problem.id],
                "status": verdict.status if verdict else "not_reported",
                "message": verdict.message if verdict else "复核时该检查未报告此对象，状态不变。",
            })  # fmt: skip
        recheck.results, recheck.finished_at = results, datetime.now(UTC)
    return RecheckResult(recheck.id, sweep_id, pages, results)
