"""score_sweep: score a stored sweep against a rulebook (no crawl) and store the scores, replacing earlier ones.

Each site's view is built from the database, the rulebook's checks run over it as `govwatch check` runs
its plan, the manual scores in force are merged (kept apart as mode "manual"), and one row per leaf
plus one total per site is stored (storage/scores.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from checks import CheckContext, WorkdayCalendar
from checks.rulebook import Rulebook, get_rulebook
from checks.scoring import (
    Findings,
    IndicatorScore,
    ManualEntry,
    ManualScoreError,
    ScoreStatus,
    SiteTotal,
    collect_findings,
    score,
    site_totals,
    unit_totals,
)
from scheduler.checking import kind_of_column, previous_view, sweep_as_of
from storage.models import Site, Sweep
from storage.scores import current_manual, latest_scored_sweep, replace_scores, scoring_settings
from storage.siteview import build_site_view

UNSCORED = (ScoreStatus.AWAITING_MANUAL, ScoreStatus.NOT_SCORED, ScoreStatus.EXEMPT)


@dataclass(frozen=True, slots=True)
class SiteResult:
    site: str
    total: SiteTotal
    rows: tuple[IndicatorScore, ...]


@dataclass(frozen=True)
class ScoringResult:
    sweep_id: int
    rulebook: str
    as_of: date
    sites: tuple[SiteResult, ...]
    seconds: float


def manual_problem(rulebook: Rulebook, site: str, indicator: str, points: float) -> str | None:
    """Why a manual entry cannot be used (unknown or branch indicator, points out of range), or None."""
    node = rulebook.nodes.get(indicator)
    if node is not None and node.is_leaf and node.part == "veto" and points not in (0, 1):
        return f"manual score for site {site!r}, indicator {indicator!r}: a veto item takes 1 (applies) or 0"
    try:
        score(rulebook, {}, {site: {indicator: (points, "")}})
    except ManualScoreError as exc:
        return str(exc)
    return None


def rulebook_flags(rulebook: Rulebook) -> set[str]:
    """The site flags a rulebook knows (its exempt_if values)."""
    return {n.indicator.exempt_if for n in rulebook.nodes.values() if n.indicator.exempt_if}


def _file_hash(rulebook: Rulebook) -> str:
    return hashlib.sha1(Path(rulebook.path).read_bytes()).hexdigest() if rulebook.path else ""


def _sweep_sites(
    session: Session, sweep: Sweep, only: Sequence[str] | None, flagged: Iterable[str]
) -> list[Site]:
    names = [s["name"] for s in sweep.plan.get("sites", [])]
    unknown = sorted((set(only or ()) | set(flagged)) - set(names))
    if unknown:
        raise LookupError(f"site {unknown[0]!r} is not in sweep {sweep.id}")
    wanted = [n for n in names if only is None or n in only]
    return list(session.scalars(select(Site).where(Site.name.in_(wanted)).order_by(Site.name)))


def _finding_dicts(row: IndicatorScore, found: Findings) -> list[dict[str, Any]]:
    """The findings that decided a row, with message, measured value and evidence (DESIGN rule 3)."""
    index = {(ref, f.check, f.target): f for ref, fs in found.items() for f in fs}
    decided = []
    for ref in row.findings:
        finding = index.get((ref.ref, ref.check, ref.target))
        full = {k: v for k, v in finding.as_dict().items() if k != "site"} if finding else {}
        decided.append({**dataclasses.asdict(ref), **full})
    return decided


def _score_row(row: IndicatorScore, site_id: int, found: Findings) -> dict[str, Any]:
    return {
        "site_id": site_id,
        "indicator": row.indicator,
        "name": row.name,
        "part": row.part,
        "points": None if row.status in UNSCORED else row.points,
        "max_points": row.max_points,
        "withheld": row.withheld,
        "mode": row.mode,
        "status": row.status.value,
        "detail": {"note": row.note, "review": row.review, "units": list(row.units)},
        "findings": _finding_dicts(row, found),
    }


def _total_row(
    total: SiteTotal, site_id: int, rows: Iterable[IndicatorScore], extra: Mapping[str, Any]
) -> dict[str, Any]:
    units = [{k: v for k, v in dataclasses.asdict(u).items() if k != "site"} for u in unit_totals(rows)]
    values = {k: v for k, v in dataclasses.asdict(total).items() if k != "site"}
    return values | {"site_id": site_id, "vetoed_by": list(total.vetoed_by), "unit_totals": units, **extra}


def _manual_entries(
    engine: Engine, rulebook: Rulebook, sites: Sequence[str]
) -> dict[str, dict[str, ManualEntry]]:
    entries: dict[str, dict[str, ManualEntry]] = {}
    for m in current_manual(engine, rulebook.id, sites) if sites else ():
        entries.setdefault(m.site, {})[m.indicator] = (m.points, m.note)
    return entries


def _collect(
    engine: Engine,
    sweep_id: int,
    book: Rulebook,
    as_of: date | None,
    only: Sequence[str] | None,
    flagged: Iterable[str],
    calendar: WorkdayCalendar,
) -> tuple[date, list[Site], dict[str, Findings]]:
    """The day judged, the sites scored, and each site's findings under the rulebook's checks."""
    kinds = kind_of_column()
    found: dict[str, Findings] = {}
    with Session(engine) as session:
        sweep = session.get(Sweep, sweep_id)
        if sweep is None:
            raise LookupError(f"sweep {sweep_id} does not exist in this database")
        day = as_of or sweep_as_of(sweep)
        targets = _sweep_sites(session, sweep, only, flagged)
        for site in targets:
            view = build_site_view(engine, sweep_id, site.id, kinds)
            previous = previous_view(engine, session, sweep_id, site.id)
            ctx = CheckContext(as_of=day, calendar=calendar, site=site.name, previous=previous)
            found[site.name] = collect_findings(view, book, ctx)
    return day, targets, found


def score_sweep(
    engine: Engine,
    sweep_id: int,
    rulebook: str | Rulebook,
    as_of: date | None = None,
    *,
    sites: Sequence[str] | None = None,
    flags: Mapping[str, Collection[str]] | None = None,
    calendar: WorkdayCalendar | None = None,
    extra_dirs: Iterable[Path] = (),
) -> ScoringResult:
    """Score every site of a stored sweep (or only `sites`) and store the result, replacing the earlier
    scoring of those sites under this rulebook. Raises LookupError (sweep, site), RulebookError and
    ManualScoreError (a stored manual score the rulebook no longer accepts)."""
    started = time.perf_counter()
    book = rulebook if isinstance(rulebook, Rulebook) else get_rulebook(rulebook, extra_dirs)
    given = flags or {}
    day, targets, found = _collect(
        engine, sweep_id, book, as_of, sites, given, calendar or WorkdayCalendar.default()
    )
    ids = {s.name: s.id for s in targets}
    site_flags = {name: sorted(given.get(name, ())) for name in ids}
    rows = score(book, found, _manual_entries(engine, book, list(ids)), site_flags)
    by_site: dict[str, list[IndicatorScore]] = {name: [] for name in ids}
    for row in rows:
        by_site[row.site].append(row)
    totals = {t.site: t for t in site_totals(book, rows)}
    extra = {"as_of": day, "rulebook_hash": _file_hash(book)}
    replace_scores(
        engine,
        sweep_id,
        book.id,
        [_score_row(r, ids[r.site], found[r.site]) for r in rows],
        [_total_row(t, ids[n], by_site[n], extra | {"flags": site_flags[n]}) for n, t in totals.items()],
        only_sites=None if sites is None else list(ids.values()),
    )
    results = tuple(SiteResult(n, totals[n], tuple(by_site[n])) for n in ids if n in totals)
    return ScoringResult(sweep_id, book.id, day, results, time.perf_counter() - started)


def rescore_sites(engine: Engine, rulebook: Rulebook, sites: Sequence[str]) -> ScoringResult | None:
    """After manual entries change, score these sites again in the latest sweep scored with this rulebook,
    as that scoring did (same as_of and flags). None when the rulebook has scored no sweep yet."""
    sweep_id = latest_scored_sweep(engine, rulebook.id)
    settings = scoring_settings(engine, sweep_id, rulebook.id) if sweep_id is not None else None
    if sweep_id is None or settings is None:
        return None
    day, flags = settings
    with Session(engine) as session:
        sweep = session.get(Sweep, sweep_id)
        in_sweep = {s["name"] for s in sweep.plan.get("sites", [])} if sweep else set()
    wanted = sorted(set(sites) & in_sweep)
    if not wanted:
        return None
    return score_sweep(engine, sweep_id, rulebook, day, sites=wanted, flags=flags)
