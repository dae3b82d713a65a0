"""Findings of a sweep: stored per (sweep, site, check, target), replaced when a sweep is re-checked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from storage.models import Finding, Site
from storage.writer import url_hash


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
            }
            for f, site in session.execute(query.order_by(Site.name, Finding.check, Finding.target)).all()
        ]
