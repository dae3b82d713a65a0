"""What a digest says: the lines of one site's notification, chosen once per crossing, rendered in Chinese.

An early-warning or veto level is announced when a finding key crosses it (the level last announced is
kept in the alerts table), so a site that stays at a level is not told again every day; new and reopened
problems come from the workflow's history. One key appears once per digest, at its gravest kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.registry import REGISTRY, load_checks
from scheduler.probe_jobs import CHECK as AVAILABILITY
from scheduler.probe_jobs import TITLE as AVAILABILITY_TITLE
from scheduler.workflow import JUDGED_STATUSES, Verdict
from storage.operations import Alert, Problem, ProblemEvent

KINDS = ("veto", "reopened", "problem", "warn")  # gravest first
LABELS = {"veto": "单项否决", "reopened": "再次出现的问题", "problem": "新发现的问题", "warn": "预警"}
_RANK = {"": 0, "warn": 1, "veto": 2}
_ORDINALS = "一二三四"


def check_title(check: str) -> str:
    if check == AVAILABILITY:
        return AVAILABILITY_TITLE
    load_checks()
    return REGISTRY.get(check).title if check in REGISTRY else check


def item(kind: str, check: str, target: str, message: str, evidence: Sequence[Any] = ()) -> dict[str, Any]:
    url = next((e.get("url") for e in evidence if isinstance(e, dict) and e.get("url")), "")
    return {
        "kind": kind,
        "check": check,
        "title": check_title(check),
        "target": target,
        "message": message,
        "url": url,
    }


def crossings(
    session: Session, site_id: int, verdicts: Iterable[Verdict], veto_checks: Sequence[str], at: datetime
) -> list[dict[str, Any]]:
    """Items for keys that rose to warn or veto; every judged key's level is remembered."""
    alerts = {
        (a.check, a.target_hash): a for a in session.scalars(select(Alert).where(Alert.site_id == site_id))
    }
    items = []
    for verdict in verdicts:
        level = _level(verdict, veto_checks)
        if level is None:
            continue
        alert = alerts.get(verdict.key)
        previous = alert.level if alert else ""
        if _RANK[level] > _RANK[previous]:
            items.append(item(level, verdict.check, verdict.target, verdict.message, verdict.evidence))
        if alert is None:
            alert = Alert(
                site_id=site_id, check=verdict.check, target_hash=verdict.key[1], level=level, since=at
            )
            session.add(alert)
            alerts[verdict.key] = alert
        elif level != previous:
            alert.level, alert.since = level, at
    return items


def _level(verdict: Verdict, veto_checks: Sequence[str]) -> str | None:
    """veto, warn or "" (below both); None when the key was not judged (unverifiable)."""
    if verdict.status == "fail":
        return "veto" if verdict.check in veto_checks else ""
    if verdict.status == "warn":
        return "warn"
    return "" if verdict.status in JUDGED_STATUSES else None


def problem_items(session: Session, sweep_id: int, site_id: int) -> list[dict[str, Any]]:
    """New and reopened problems of a site in a sweep."""
    rows = session.execute(
        select(Problem, ProblemEvent.from_state)
        .join(ProblemEvent, ProblemEvent.problem_id == Problem.id)
        .where(
            Problem.site_id == site_id,
            ProblemEvent.sweep_id == sweep_id,
            ProblemEvent.to_state.in_(("open", "reopened")),
        )
        .order_by(Problem.id)
    ).all()
    return [
        item("problem" if not before else "reopened", p.check, p.target, p.message, p.evidence)
        for p, before in rows
    ]


def merge(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per (check, target), the gravest kind kept, in order of kind."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in items:
        key = (entry["check"], entry["target"])
        if key not in best or KINDS.index(entry["kind"]) < KINDS.index(best[key]["kind"]):
            best[key] = entry
    return sorted(best.values(), key=lambda e: KINDS.index(e["kind"]))


def render(site: str, url: str, runs: Sequence[str], items: Sequence[dict[str, Any]]) -> tuple[str, str]:
    """(subject, plain text) of a digest."""
    counts = Counter(entry["kind"] for entry in items)
    kinds = [k for k in KINDS if counts[k]]
    subject = f"【政务公开监测】{site}：" + "、".join(f"{LABELS[k]}{counts[k]}项" for k in kinds)
    lines = [f"{site}（{url}）{'、'.join(runs)}的监测提醒：", ""]
    for ordinal, kind in zip(_ORDINALS, kinds, strict=False):
        lines.append(f"{ordinal}、{LABELS[kind]}（{counts[kind]}项）")
        for number, entry in enumerate((e for e in items if e["kind"] == kind), 1):
            lines.append(f"{number}. 【{entry['title']}】{entry['message']}")
            if entry["url"]:
                lines.append(f"   网址：{entry['url']}")
        lines.append("")
    lines.append(
        f"查看问题：govwatch problems --site {site}；整改后可运行 govwatch recheck {site} 立即复核。"
    )
    return subject, "\n".join(lines)
