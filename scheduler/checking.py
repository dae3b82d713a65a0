"""check_sweep: judge a stored sweep (no crawl) — build each site's view, run the plan, store findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from checks import CheckContext, PlannedCheck, WorkdayCalendar, run_checks
from checks.plan import load_plan
from checks.runner import strictest
from crawler.extract.columns import load_taxonomy
from crawler.extract.titles import level_of
from scheduler.workflow import sync_problems
from storage.columns import store_columns
from storage.findings import replace_findings
from storage.models import Site, Sweep
from storage.siteview import build_site_view
from storage.views import SiteView
from storage.writer import name_site

CHINA = ZoneInfo("Asia/Shanghai")
UNKNOWN_LEVELS = frozenset({"", "其他"})


@dataclass(frozen=True, slots=True)
class SiteVerdict:
    site: str
    counts: Counter[str] = field(default_factory=Counter)  # status → findings
    provisional: bool = False


def sweep_as_of(sweep: Sweep) -> date:
    """The day a sweep judges: its start, in China's time zone (a sweep at 01:00 Beijing is that day)."""
    return sweep.started_at.astimezone(CHINA).date()


def kind_of_column() -> dict[str, str]:
    """Taxonomy id → document kind, e.g. gfxwj → 规范性文件 (documents take their column's name as kind)."""
    return {column_id: column.name for column_id, column in load_taxonomy().items()}


def previous_view(engine: Engine, session: Session, sweep_id: int, site_id: int) -> SiteView | None:
    previous = session.scalar(
        select(Sweep.id).where(Sweep.id < sweep_id, Sweep.state == "finished").order_by(Sweep.id.desc())
    )
    return build_site_view(engine, previous, site_id, kind_of_column()) if previous else None


def identify_site(engine: Engine, site: Site, name: str) -> None:
    """A site's display name from its homepage (SiteName, title), and its level from that name where the
    config gave none (省/市/县区/部门: the 年度报告 deadline and rankings depend on it)."""
    if not name:
        return
    level = site.level if site.level not in UNKNOWN_LEVELS else (level_of(name) or site.level)
    if (name, level) != (site.display_name, site.level):
        name_site(engine, site.id, name, level)


def check_sweep(
    engine: Engine,
    sweep_id: int,
    *,
    as_of: date | None = None,
    plan: Sequence[PlannedCheck] | None = None,
    calendar: WorkdayCalendar | None = None,
) -> list[SiteVerdict]:
    """Run the plan over every site of a stored sweep and store the findings, replacing earlier ones."""
    plan = list(plan) if plan is not None else load_plan()
    calendar = calendar or WorkdayCalendar.default()
    kinds = kind_of_column()
    verdicts = []
    with Session(engine) as session:
        sweep = session.get(Sweep, sweep_id)
        if sweep is None:
            raise LookupError(f"sweep {sweep_id} does not exist in this database")
        day = as_of or sweep_as_of(sweep)
        names = [s["name"] for s in sweep.plan.get("sites", [])]
        sites = session.scalars(select(Site).where(Site.name.in_(names)).order_by(Site.name)).all()
        for site in sites:
            view = build_site_view(engine, sweep_id, site.id, kinds)
            store_columns(engine, sweep_id, site.id, view.columns)
            identify_site(engine, site, str(view.facts.get("site_name") or ""))
            ctx = CheckContext(
                as_of=day,
                calendar=calendar,
                site=site.name,
                previous=previous_view(engine, session, sweep_id, site.id),
            )
            findings = strictest(run_checks(view, plan, ctx))
            replace_findings(engine, sweep_id, site.id, (f.as_dict() for f in findings), day)
            verdicts.append(
                SiteVerdict(
                    site.name, Counter(f.status.value for f in findings), any(f.provisional for f in findings)
                )
            )
    sync_problems(engine, sweep_id)
    return verdicts
