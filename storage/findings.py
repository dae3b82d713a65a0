"""Findings of a sweep: stored per (sweep, site, check, target), replaced when a sweep is re-checked.

A finding's `problem_key` names the problem it is about across sweeps: the site, the check and the
target. The target carries what the parameters select (a column's list URL, a document, a broken URL);
the limits a plan or rulebook sets are not part of it, so one check run with two limits on one target is
one problem, judged by its strictest verdict (see scheduler.checking.strictest).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from storage.models import Finding, Site
from storage.writer import url_hash


def problem_key(site_id: int, check: str, target: str) -> str:
    """The stable key of a problem: SHA-1 of site, check and target (migration 0012 fills old rows)."""
    return url_hash(f"{site_id}\x1f{check}\x1f{target}")


def replace_findings(
    engine: Engine, sweep_id: int, site_id: int, findings: Iterable[Mapping[str, Any]], as_of: date
) -> int:
    """Store one site's findings for a sweep, replacing what an earlier check run of it stored."""
    rows = [
        {
            "sweep_id": sweep_id,
            "site_id": site_id,
            "check": f["check"],
            "target": f["target"],
            "target_hash": url_hash(f["target"]),
            "status": f["status"],
            "measured": f.get("measured"),
            "limit_value": f.get("limit"),
            "evidence": list(f.get("evidence", ())),
            "message": f.get("message", ""),
            "provisional": bool(f.get("provisional")),
            "reason": f.get("reason", ""),
            "as_of": as_of,
            "label": f.get("label", ""),
            "category": f.get("category", ""),
            "problem_key": problem_key(site_id, f["check"], f["target"]),
        }
        for f in findings
    ]
    with Session(engine) as session, session.begin():
        session.execute(delete(Finding).where(Finding.sweep_id == sweep_id, Finding.site_id == site_id))
        if rows:
            session.execute(insert(Finding), rows)
    return len(rows)


def list_findings(
    engine: Engine, sweep_id: int, *, sites: Sequence[str] = (), statuses: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Findings of a sweep as plain dicts (the JSON shape of `govwatch findings`)."""
    query = (
        select(Finding, Site.name).join(Site, Site.id == Finding.site_id).where(Finding.sweep_id == sweep_id)
    )
    if sites:
        query = query.where(Site.name.in_(sites))
    if statuses:
        query = query.where(Finding.status.in_(statuses))
    with Session(engine) as session:
        return [
            {
                "id": f.id,
                "sweep": f.sweep_id,
                "site": site,
                "check": f.check,
                "target": f.target,
                "status": f.status,
                "measured": f.measured,
                "limit": f.limit_value,
                "evidence": f.evidence,
                "message": f.message,
                "provisional": f.provisional,
                "reason": f.reason,
                "as_of": f.as_of.isoformat(),
                "label": f.label,
                "category": f.category,
            }
            for f, site in session.execute(query.order_by(Site.name, Finding.check, Finding.target)).all()
        ]
