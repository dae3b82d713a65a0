"""Tables of operations (issue 7): availability probes, problems and their history, alerts, notifications,
re-checks — and the small read/write helpers the scheduler uses on them.

A problem is a failing finding followed across sweeps by its stable key (site, check, target); its state
moves open → fixed → verified, or → reopened, or is closed as resolved; every move is a ProblemEvent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base, Finding, Site, SiteColumn, Sweep
from storage.sweepstate import sweep_state

_BIG_ID = BigInteger().with_variant(Integer, "sqlite")
ACTIVE_STATES = ("open", "reopened", "fixed")
CLOSED_STATES = ("verified", "resolved")
STATES = ACTIVE_STATES + CLOSED_STATES


class Probe(Base):
    """One availability request of a site's homepage or key column page: when, how it ended, how long."""

    __tablename__ = "probes"
    __table_args__ = (Index("ix_probes_site_at", "site_id", "at"),)

    id: Mapped[int] = mapped_column(_BIG_ID, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))  # "homepage" or the column's taxonomy id
    url: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(32))  # crawler.FetchOutcome values
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    latency_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text, default="")


class Problem(Base):
    """A failing finding followed across sweeps by (site, check, target), from found to fixed."""

    __tablename__ = "problems"
    __table_args__ = (
        UniqueConstraint("site_id", "check", "target_hash"),
        Index("ix_problems_state", "state"),
        Index("ix_problems_key", "site_id", "problem_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    check: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(Text)
    target_hash: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))  # open, fixed, verified, reopened, resolved
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_sweep_id: Mapped[int | None] = mapped_column(ForeignKey("sweeps.id", ondelete="SET NULL"))
    last_sweep_id: Mapped[int | None] = mapped_column(ForeignKey("sweeps.id", ondelete="SET NULL"))
    # When its state was last decided (a sweep's start, a re-check, a mark): sweeps that started earlier,
    # synced late, never change it.
    judged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))  # the newest judgement's finding status
    message: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    measured: Mapped[object] = mapped_column(JSON, nullable=True)
    limit_value: Mapped[object] = mapped_column(JSON, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    label: Mapped[str] = mapped_column(Text, default="")  # the target as the site names it
    problem_key: Mapped[str] = mapped_column(String(40), default="")  # storage.findings.problem_key


class ProblemEvent(Base):
    """One change of a problem's state: who (a person, a sweep, a re-check), when, why."""

    __tablename__ = "problem_events"
    __table_args__ = (Index("ix_problem_events_problem", "problem_id"),)

    id: Mapped[int] = mapped_column(_BIG_ID, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    from_state: Mapped[str] = mapped_column(String(20), default="")  # "" when the problem opened
    to_state: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    sweep_id: Mapped[int | None] = mapped_column(ForeignKey("sweeps.id", ondelete="SET NULL"), nullable=True)
    recheck_id: Mapped[int | None] = mapped_column(
        ForeignKey("rechecks.id", ondelete="SET NULL"), nullable=True
    )


class Recheck(Base):
    """A re-check of some problems of one site: the pages fetched again and each problem's new verdict."""

    __tablename__ = "rechecks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    sweep_id: Mapped[int | None] = mapped_column(ForeignKey("sweeps.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    pages: Mapped[list] = mapped_column(JSON, default=list)  # [{url, outcome, status}]
    results: Mapped[list] = mapped_column(JSON, default=list)  # [{problem, check, target, status, message}]


class Alert(Base):
    """The level (warn or veto) last announced for one finding key, so contacts hear of a crossing once."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("site_id", "check", "target_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    check: Mapped[str] = mapped_column(String(64))
    target_hash: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))  # "", warn, veto
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Notification(Base):
    """One digest for one site to one destination (an e-mail list or a webhook), pending until sent."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_state_due", "state", "due_at"),)

    id: Mapped[int] = mapped_column(_BIG_ID, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))  # email | webhook
    address: Mapped[str] = mapped_column(Text)  # comma-separated e-mail addresses, or the webhook URL
    format: Mapped[str] = mapped_column(String(20), default="")  # webhook body: json, wecom, dingtalk, feishu
    run: Mapped[str] = mapped_column(String(100))  # what produced it: "批次 12", "可用性监测"
    items: Mapped[list] = mapped_column(JSON, default=list)  # the digest's lines, rendered when sent
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # after quiet hours
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sent | failed | merged
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


OPERATIONS_TABLES = [Probe, Problem, ProblemEvent, Recheck, Alert, Notification]


@dataclass(frozen=True, slots=True)
class ProbeWindow:
    """Probes of one kind of page of one site in a time window, counted by outcome."""

    outcomes: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())


def record_probes(engine: Any, site_id: int, rows: Iterable[Mapping[str, Any]]) -> int:
    """Store probes (kind, url, at, outcome, status, latency_ms, error) of one site."""
    values = [dict(row) | {"site_id": site_id} for row in rows]
    if values:
        with Session(engine) as session, session.begin():
            session.execute(insert(Probe), values)
    return len(values)


def probe_window(
    engine: Any, site_id: int, since: datetime, until: datetime, kind: str = "homepage"
) -> ProbeWindow:
    """Outcome counts of a site's probes of one kind with since <= at < until."""
    query = (
        select(Probe.outcome, func.count())
        .where(Probe.site_id == site_id, Probe.kind == kind, Probe.at >= utc(since), Probe.at < utc(until))
        .group_by(Probe.outcome)
    )
    with Session(engine) as session:
        return ProbeWindow(outcomes={outcome: count for outcome, count in session.execute(query)})


def utc(moment: datetime) -> datetime:
    """A timezone-aware UTC datetime; SQLite hands back naive ones, which are UTC as written here."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def site_by_name(engine: Any, name: str) -> Site | None:
    with Session(engine) as session:
        return session.scalar(select(Site).where(Site.name == name))


def latest_finished_sweep(engine: Any, site_id: int) -> Sweep | None:
    """The newest finished sweep that judged this site (it has findings for it)."""
    with Session(engine) as session:
        judged = select(Finding.sweep_id).where(Finding.site_id == site_id).distinct()
        return session.scalar(
            select(Sweep).where(Sweep.state == "finished", Sweep.id.in_(judged)).order_by(Sweep.id.desc())
        )


def column_urls(engine: Any, site_id: int, column_ids: Sequence[str]) -> dict[str, str]:
    """Taxonomy id → URL of these columns as the site's newest finished sweep saw them."""
    with Session(engine) as session:
        sweep_id = session.scalar(
            select(SiteColumn.sweep_id)
            .join(Sweep, Sweep.id == SiteColumn.sweep_id)
            .where(SiteColumn.site_id == site_id, Sweep.state == "finished")
            .order_by(SiteColumn.sweep_id.desc())
            .limit(1)
        )
        if sweep_id is None:
            return {}
        rows = session.execute(
            select(SiteColumn.column_id, SiteColumn.url)
            .where(
                SiteColumn.sweep_id == sweep_id,
                SiteColumn.site_id == site_id,
                SiteColumn.column_id.in_(list(column_ids)),
            )
            .order_by(SiteColumn.id)
        ).all()
    found: dict[str, str] = {}
    for column_id, url in rows:
        found.setdefault(column_id, url)
    return found


def sweeps_holding(engine: Any, names: Iterable[str]) -> list[tuple[int, int | None, str]]:
    """(sweep id, crawler pid, state) of unfinished sweeps that include any of these sites."""
    wanted = set(names)
    with Session(engine) as session:
        sweeps = session.scalars(select(Sweep).where(Sweep.state != "finished").order_by(Sweep.id)).all()
        return [
            (s.id, s.pid, sweep_state(s))
            for s in sweeps
            if wanted & {site["name"] for site in s.plan.get("sites", [])}
        ]


def resumable_sweep(engine: Any, names: Iterable[str], started_after: datetime) -> int | None:
    """An interrupted (not running) sweep of exactly these sites, started after `started_after` and not
    followed by a finished sweep of them: resuming it beats starting again."""
    wanted = set(names)
    with Session(engine) as session:
        sweeps = session.scalars(
            select(Sweep).where(Sweep.started_at >= utc(started_after)).order_by(Sweep.id.desc())
        ).all()
        for sweep in sweeps:
            if {site["name"] for site in sweep.plan.get("sites", [])} != wanted:
                continue
            return sweep.id if sweep_state(sweep) == "unfinished" else None
    return None


def pid_of(engine: Any, sweep_id: int) -> int | None:
    with Session(engine) as session:
        sweep = session.get(Sweep, sweep_id)
        return sweep.pid if sweep is not None else None


def list_problems(
    engine: Any, *, sites: Sequence[str] = (), states: Sequence[str] = (), ids: Sequence[int] = ()
) -> list[dict[str, Any]]:
    """Problems as plain dicts (the JSON shape of `govwatch problems`), oldest first, with their history."""
    query = select(Problem, Site.name).join(Site, Site.id == Problem.site_id)
    if sites:
        query = query.where(Site.name.in_(list(sites)))
    if states:
        query = query.where(Problem.state.in_(list(states)))
    if ids:
        query = query.where(Problem.id.in_(list(ids)))
    with Session(engine) as session:
        rows = session.execute(query.order_by(Site.name, Problem.first_seen_at, Problem.id)).all()
        events: dict[int, list[ProblemEvent]] = {}
        for event in session.scalars(
            select(ProblemEvent)
            .where(ProblemEvent.problem_id.in_([p.id for p, _ in rows]))
            .order_by(ProblemEvent.at, ProblemEvent.id)
        ):
            events.setdefault(event.problem_id, []).append(event)
    now = datetime.now(UTC)
    return [_problem_dict(problem, site, events.get(problem.id, []), now) for problem, site in rows]


def _problem_dict(problem: Problem, site: str, events: list[ProblemEvent], now: datetime) -> dict[str, Any]:
    first = utc(problem.first_seen_at)
    end = utc(problem.closed_at) if problem.closed_at else now
    return {
        "id": problem.id,
        "site": site,
        "check": problem.check,
        "target": problem.target,
        "state": problem.state,
        "status": problem.status,
        "first_seen": first.isoformat(),
        "last_seen": utc(problem.last_seen_at).isoformat(),
        "days_open": max(0, (end - first).days),
        "closed_at": end.isoformat() if problem.closed_at else None,
        "first_sweep": problem.first_sweep_id,
        "last_sweep": problem.last_sweep_id,
        "message": problem.message,
        "evidence": problem.evidence,
        "measured": problem.measured,
        "limit": problem.limit_value,
        "history": [
            {
                "at": utc(e.at).isoformat(),
                "from": e.from_state,
                "to": e.to_state,
                "by": e.actor,
                "note": e.note,
                "sweep": e.sweep_id,
                "recheck": e.recheck_id,
            }
            for e in events
        ],
    }
