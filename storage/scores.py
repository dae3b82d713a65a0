"""Scores of a sweep under a rulebook (per leaf and per site) and the manual scores evaluators enter.

Scoring a sweep again with the same rulebook replaces its rows; a manual entry supersedes the current
one for its (rulebook, site, indicator) and the old one stays as history (superseded_at).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

from storage.models import ManualScore, Score, Site, SiteScore

SCORE_FIELDS = ("indicator", "name", "part", "points", "max_points", "withheld", "mode", "status")


@dataclass(frozen=True, slots=True)
class ManualInput:
    """One evaluator's entry: a site (by name), a leaf indicator, points and why."""

    site: str
    indicator: str
    points: float
    note: str = ""
    entered_by: str = ""


def site_ids(engine: Engine, names: Iterable[str]) -> dict[str, int]:
    """Site name → id for the names the database knows."""
    wanted = list(dict.fromkeys(names))
    with Session(engine) as session:
        return {
            name: id_
            for name, id_ in session.execute(select(Site.name, Site.id).where(Site.name.in_(wanted)))
        }


def replace_scores(
    engine: Engine,
    sweep_id: int,
    rulebook: str,
    rows: Sequence[Mapping[str, Any]],
    totals: Sequence[Mapping[str, Any]],
    *,
    only_sites: Sequence[int] | None = None,
) -> None:
    """Store a scoring of a sweep (leaf rows and site totals, each with `site_id`) in one transaction,
    replacing the earlier scoring of it: of every site, or of `only_sites` when given."""
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        for model in (Score, SiteScore):
            query = delete(model).where(model.sweep_id == sweep_id, model.rulebook == rulebook)
            if only_sites is not None:
                query = query.where(model.site_id.in_(only_sites))
            session.execute(query)
        for model, values in ((Score, rows), (SiteScore, totals)):
            if values:
                session.execute(
                    insert(model),
                    [{**v, "sweep_id": sweep_id, "rulebook": rulebook, "scored_at": now} for v in values],
                )


def latest_scored_sweep(engine: Engine, rulebook: str) -> int | None:
    with Session(engine) as session:
        return session.scalar(select(func.max(SiteScore.sweep_id)).where(SiteScore.rulebook == rulebook))


def scoring_settings(
    engine: Engine, sweep_id: int, rulebook: str
) -> tuple[date, dict[str, list[str]]] | None:
    """The as_of and the site flags an earlier scoring used, so a site can be scored again alike."""
    query = (
        select(SiteScore.as_of, Site.name, SiteScore.flags)
        .join(Site, Site.id == SiteScore.site_id)
        .where(SiteScore.sweep_id == sweep_id, SiteScore.rulebook == rulebook)
    )
    with Session(engine) as session:
        found = session.execute(query).all()
    if not found:
        return None
    return found[0].as_of, {row.name: list(row.flags) for row in found if row.flags}


def list_scores(
    engine: Engine, sweep_id: int, rulebook: str, sites: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Leaf scores as plain dicts (the JSON shape of `govwatch scores`), by site then rulebook order."""
    query = (
        select(Score, Site.name)
        .join(Site, Site.id == Score.site_id)
        .where(Score.sweep_id == sweep_id, Score.rulebook == rulebook)
    )
    if sites:
        query = query.where(Site.name.in_(sites))
    with Session(engine) as session:
        found = session.execute(query.order_by(Site.name, Score.id)).all()
    return [
        {
            "sweep": sweep_id,
            "rulebook": rulebook,
            "site": site,
            "indicator": {"id": s.indicator, "name": s.name},
            **{k: getattr(s, k) for k in SCORE_FIELDS[2:]},
            "review": bool(s.detail.get("review")),
            "note": s.detail.get("note", ""),
            "units": list(s.detail.get("units", ())),
            "findings": s.findings,
        }
        for s, site in found
    ]


TOTAL_FIELDS = (
    "auto_points",
    "manual_points",
    "withheld",
    "awaiting_manual",
    "max_points",
    "scale",
    "score",
    "deductions",
    "bonus",
    "bonus_counted",
    "total",
    "verdict",
    "vetoed_by",
    "provisional",
    "flags",
    "nodes",
    "unit_totals",
)


def list_site_scores(
    engine: Engine, sweep_id: int, rulebook: str, sites: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Site totals as plain dicts, with the site's own 责任单位 (`unit`), by site name."""
    query = (
        select(SiteScore, Site.name, Site.unit)
        .join(Site, Site.id == SiteScore.site_id)
        .where(SiteScore.sweep_id == sweep_id, SiteScore.rulebook == rulebook)
    )
    if sites:
        query = query.where(Site.name.in_(sites))
    with Session(engine) as session:
        found = session.execute(query.order_by(Site.name)).all()
    return [
        {
            "sweep": sweep_id,
            "rulebook": rulebook,
            "rulebook_hash": t.rulebook_hash,
            "as_of": t.as_of.isoformat(),
            "site": site,
            "unit": unit,
            **{k: getattr(t, k) for k in TOTAL_FIELDS},
        }
        for t, site, unit in found
    ]


def unit_summary(totals: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Site totals (list_site_scores) summed per 责任单位 of the sites (each site's own `unit`)."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for t in totals:
        groups[t["unit"]].append(t)
    summary = []
    for unit, rows in sorted(groups.items()):
        scored = [t["total"] for t in rows if t["total"] is not None]
        summary.append(
            {
                "unit": unit,
                "sites": [t["site"] for t in rows],
                **{
                    k: round(sum(t[k] for t in rows), 4) for k in ("auto_points", "manual_points", "withheld")
                },
                "total": round(sum(scored), 4),
                "mean_total": round(sum(scored) / len(scored), 2) if scored else None,
                "vetoed": sum(bool(t["vetoed_by"]) for t in rows),
                "failed": sum(t["verdict"] == "不合格" for t in rows),
            }
        )
    return summary


def set_manual(engine: Engine, rulebook: str, entries: Sequence[ManualInput]) -> int:
    """Store entries in one transaction (all or none), each superseding the current one of its key."""
    ids = site_ids(engine, (e.site for e in entries))
    missing = sorted({e.site for e in entries} - set(ids))
    if missing:
        raise LookupError(f"unknown site {missing[0]!r}")
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        for e in entries:
            key = (
                ManualScore.rulebook == rulebook,
                ManualScore.site_id == ids[e.site],
                ManualScore.indicator == e.indicator,
                ManualScore.superseded_at.is_(None),
            )
            session.execute(update(ManualScore).where(*key).values(superseded_at=now))
            session.add(
                ManualScore(
                    rulebook=rulebook,
                    site_id=ids[e.site],
                    indicator=e.indicator,
                    points=float(e.points),
                    note=e.note,
                    entered_by=e.entered_by,
                    entered_at=now,
                )
            )
            session.flush()
    return len(entries)


def current_manual(engine: Engine, rulebook: str, sites: Sequence[str] = ()) -> list[ManualInput]:
    """The entries in force (not superseded), by site name then indicator."""
    query = (
        select(ManualScore, Site.name)
        .join(Site, Site.id == ManualScore.site_id)
        .where(ManualScore.rulebook == rulebook, ManualScore.superseded_at.is_(None))
    )
    if sites:
        query = query.where(Site.name.in_(sites))
    with Session(engine) as session:
        found = session.execute(query.order_by(Site.name, ManualScore.indicator)).all()
    return [ManualInput(site, m.indicator, m.points, m.note, m.entered_by) for m, site in found]
