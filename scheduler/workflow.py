"""The 整改 workflow: failing findings become problems followed by their stable key, and every judgement
(a sweep, a re-check) or a site manager's mark moves them through open → fixed → verified / reopened.

sync_problems(engine, sweep_id) runs after each check run. Only a judgement counts: a finding that is
`unverifiable` (or a target the sweep did not report) leaves a problem as it was (DESIGN rule 2), and a
sweep that started before the problem's state was last decided (a sweep, a re-check, a mark) never
changes it, so re-checking old sweeps is safe and syncing twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.findings import problem_key
from storage.models import Finding, Sweep
from storage.operations import ACTIVE_STATES, Problem, ProblemEvent, utc
from storage.writer import url_hash

PROBLEM_STATUS = "fail"  # a warn is an early warning (notified), not yet a problem to rectify
JUDGED_STATUSES = frozenset({"pass", "warn", "not_applicable"})  # "no longer found"
_NOTE_MAX = 1000


class WorkflowError(ValueError):
    """A state change that the workflow does not allow; the message says why."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """A new judgement of one (check, target) of a site: a stored finding or a re-check's result."""

    check: str
    target: str
    status: str
    message: str = ""
    evidence: list[Any] = field(default_factory=list)
    measured: Any = None
    limit: Any = None
    label: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.check, url_hash(self.target))

    def problem_key(self, site_id: int) -> str:
        return problem_key(site_id, self.check, self.target)

    @classmethod
    def of(cls, finding: Finding | Mapping[str, Any]) -> Verdict:
        if isinstance(finding, Finding):
            return cls(
                finding.check, finding.target, finding.status, finding.message,
                list(finding.evidence or []), finding.measured, finding.limit_value, finding.label,
            )  # fmt: skip
        return cls(
            finding["check"], finding["target"], finding["status"], finding.get("message", ""),
            list(finding.get("evidence", [])), finding.get("measured"), finding.get("limit"),
            finding.get("label", ""),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Judge:
    """Who judged, when, and the row it came from (a sweep or a re-check)."""

    actor: str
    at: datetime
    sweep_id: int | None = None
    recheck_id: int | None = None


@dataclass(slots=True)
class Changes:
    """Problem ids by the state they moved to."""

    moved: dict[str, list[int]] = field(default_factory=dict)

    def add(self, state: str, problem_id: int) -> None:
        self.moved.setdefault(state, []).append(problem_id)

    def of(self, state: str) -> list[int]:
        return self.moved.get(state, [])


def sync_problems(engine: Engine, sweep_id: int) -> Changes:
    """Follow a finished sweep's findings into problems (idempotent: syncing twice changes nothing)."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        sweep = session.get(Sweep, sweep_id)
        if sweep is None or sweep.state != "finished":
            return Changes()
        judge = Judge(actor=f"批次 {sweep_id}", at=utc(sweep.started_at), sweep_id=sweep_id)
        by_site: dict[int, list[Verdict]] = {}
        for finding in session.scalars(select(Finding).where(Finding.sweep_id == sweep_id)):
            by_site.setdefault(finding.site_id, []).append(Verdict.of(finding))
        changes = Changes()
        for site_id, verdicts in by_site.items():
            newer = _keys_judged_after(session, site_id, judge.at)
            apply_verdicts(session, site_id, verdicts, judge, changes, skip_new=newer)
        return changes


def _keys_judged_after(session: Session, site_id: int, at: datetime) -> set[tuple[str, str]]:
    """Keys that a later finished sweep already judged: an older sweep must not open them anew."""
    rows = session.execute(
        select(Finding.check, Finding.target_hash)
        .join(Sweep, Sweep.id == Finding.sweep_id)
        .where(Finding.site_id == site_id, Sweep.state == "finished", Sweep.started_at > at)
    ).all()
    return {(check, target_hash) for check, target_hash in rows}


def apply_verdicts(
    session: Session,
    site_id: int,
    verdicts: Iterable[Verdict],
    judge: Judge,
    changes: Changes,
    skip_new: AbstractSet[tuple[str, str]] = frozenset(),
) -> None:
    """Move one site's problems by new verdicts, inside the caller's transaction."""
    problems = {p.problem_key: p for p in session.scalars(select(Problem).where(Problem.site_id == site_id))}
    for verdict in verdicts:
        problem = problems.get(verdict.problem_key(site_id))
        if problem is None:
            if verdict.status == PROBLEM_STATUS and verdict.key not in skip_new:
                problem = _open(session, site_id, verdict, judge)
                problems[problem.problem_key] = problem
                changes.add("open", problem.id)
            continue
        if utc(problem.judged_at) > judge.at or verdict.status not in JUDGED_STATUSES | {PROBLEM_STATUS}:
            continue
        moved = (
            _found_again(problem, verdict, judge)
            if verdict.status == PROBLEM_STATUS
            else _gone(problem, judge)
        )
        _record(problem, verdict, judge)
        if moved:
            session.add(_event(problem, moved[0], moved[1], judge))
            changes.add(problem.state, problem.id)


def _open(session: Session, site_id: int, verdict: Verdict, judge: Judge) -> Problem:
    problem = Problem(
        site_id=site_id,
        check=verdict.check,
        target=verdict.target,
        target_hash=url_hash(verdict.target),
        problem_key=verdict.problem_key(site_id),
        label=verdict.label,
        state="open",
        first_seen_at=judge.at,
        first_sweep_id=judge.sweep_id,
    )
    _record(problem, verdict, judge)
    session.add(problem)
    session.flush()
    session.add(_event(problem, "", f"{judge.actor}发现：{verdict.message}", judge))
    return problem


def _found_again(problem: Problem, verdict: Verdict, judge: Judge) -> tuple[str, str] | None:
    """(previous state, note) when being found again moves the problem; None when it stays open."""
    previous = problem.state
    if previous in ("open", "reopened"):
        return None
    problem.state, problem.closed_at = "reopened", None
    if previous == "fixed":
        return previous, f"已标记整改，但{judge.actor}仍发现该问题：{verdict.message}"
    return previous, f"{judge.actor}再次发现该问题：{verdict.message}"


def _gone(problem: Problem, judge: Judge) -> tuple[str, str] | None:
    previous = problem.state
    if previous not in ACTIVE_STATES:
        return None
    problem.closed_at = judge.at
    if previous == "fixed":
        problem.state = "verified"
        return previous, f"{judge.actor}未再发现该问题，整改已核实。"
    problem.state = "resolved"
    return previous, f"{judge.actor}未再发现该问题（未经标记整改），自动关闭。"


def _record(problem: Problem, verdict: Verdict, judge: Judge) -> None:
    """Keep the newest judgement on the problem; a failing one is also its last sighting."""
    problem.judged_at = judge.at
    problem.status = verdict.status
    if verdict.status == PROBLEM_STATUS:
        problem.last_seen_at = judge.at
        problem.last_sweep_id = judge.sweep_id or problem.last_sweep_id
        problem.message = verdict.message
        problem.evidence = list(verdict.evidence)
        problem.measured, problem.limit_value = verdict.measured, verdict.limit


def _event(problem: Problem, from_state: str, note: str, judge: Judge) -> ProblemEvent:
    return ProblemEvent(
        problem_id=problem.id,
        at=judge.at,
        from_state=from_state,
        to_state=problem.state,
        actor=judge.actor,
        note=note[:_NOTE_MAX],
        sweep_id=judge.sweep_id,
        recheck_id=judge.recheck_id,
    )


def mark_fixed(engine: Engine, problem_id: int, note: str, by: str, now: datetime | None = None) -> Problem:
    """A site manager says the problem is fixed; a re-check or the next sweep verifies it."""
    if not note.strip():
        raise WorkflowError("--note: say what was fixed")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        problem = session.get(Problem, problem_id)
        if problem is None:
            raise WorkflowError(f"problem {problem_id} does not exist in this database")
        if problem.state not in ("open", "reopened"):
            raise WorkflowError(
                f"problem {problem_id} is {problem.state}; only open or reopened ones can be marked fixed"
            )
        judge = Judge(actor=by, at=utc(now or datetime.now(UTC)))
        # A sweep that started before the fix was made cannot tell whether it holds: only later ones judge.
        previous, problem.state, problem.judged_at = problem.state, "fixed", judge.at
        session.add(_event(problem, previous, note.strip(), judge))
        return problem


def changes_of(engine: Engine, sweep_id: int) -> Changes:
    """The moves a sweep made, read from the history (true whoever ran sync_problems, however often)."""
    changes = Changes()
    with Session(engine) as session:
        for problem_id, to_state in session.execute(
            select(ProblemEvent.problem_id, ProblemEvent.to_state)
            .where(ProblemEvent.sweep_id == sweep_id)
            .order_by(ProblemEvent.id)
        ):
            changes.add(to_state, problem_id)
    return changes
