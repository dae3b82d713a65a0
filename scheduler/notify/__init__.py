"""Early warnings and notifications: one digest per site per run to the site's contacts, by e-mail and
webhook, held through quiet hours and retried when a channel fails.

notify_sweep (after a sweep's checks and sync_problems) and notify_findings (after a probe round) queue
digests as notification rows; deliver_due sends the rows that are due, merging those of one site and
destination that waited through the night into one message.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from checks.model import Finding as CheckFinding
from crawler.limits import SiteTarget
from scheduler.config_ops import CHINA, OpsConfig, secret_value
from scheduler.notify.channels import DeliveryError, post_webhook, send_email, webhook_body
from scheduler.notify.digest import crossings, merge, problem_items, render
from scheduler.workflow import Verdict
from storage.models import Finding, Site, Sweep
from storage.operations import Notification, utc

RETRY_AFTER = timedelta(minutes=5)
_DELIVERING = threading.Lock()  # one delivery at a time in a process, so no row is sent twice


def release_time(now: datetime, ops: OpsConfig) -> datetime:
    """`now`, or the end of the quiet hours (Beijing time) that `now` falls in."""
    window = ops.notify.quiet()
    if window is None:
        return now
    start, end = window
    local = now.astimezone(CHINA)
    clock = local.timetz().replace(tzinfo=None)
    quiet = start <= clock < end if start < end else (clock >= start or clock < end)
    if not quiet:
        return now
    day = local.date() + timedelta(days=1 if start > end and clock >= start else 0)
    return datetime.combine(day, end, tzinfo=CHINA).astimezone(UTC)


def notify_sweep(
    engine: Engine, ops: OpsConfig, sites: Sequence[SiteTarget], sweep_id: int, now: datetime | None = None
) -> int:
    """Queue each site's digest of a finished sweep: crossings of warn/veto levels, new and reopened
    problems. Returns the number of notification rows queued."""
    now = now or datetime.now(UTC)
    targets = {s.name: s for s in sites}
    queued = 0
    with Session(engine) as session, session.begin():
        sweep = session.get(Sweep, sweep_id)
        if sweep is None or sweep.state != "finished":
            return 0
        by_site: dict[int, list[Verdict]] = {}
        for finding in session.scalars(select(Finding).where(Finding.sweep_id == sweep_id)):
            by_site.setdefault(finding.site_id, []).append(Verdict.of(finding))
        for site_id, verdicts in by_site.items():
            items = crossings(session, site_id, verdicts, ops.notify.veto_checks, utc(sweep.started_at))
            items += problem_items(session, sweep_id, site_id)
            queued += _enqueue(
                session, site_id, targets.get(_name(session, site_id)), ops, items, f"批次 {sweep_id}", now
            )
    return queued


def notify_findings(
    engine: Engine,
    ops: OpsConfig,
    site: SiteTarget,
    site_id: int,
    findings: Iterable[CheckFinding],
    run: str,
    now: datetime | None = None,
) -> int:
    """Queue a digest of findings judged outside a sweep (availability after a probe round)."""
    now = now or datetime.now(UTC)
    verdicts = [Verdict.of(f.as_dict()) for f in findings]
    with Session(engine) as session, session.begin():
        items = crossings(session, site_id, verdicts, ops.notify.veto_checks, now)
        return _enqueue(session, site_id, site, ops, items, run, now)


def _name(session: Session, site_id: int) -> str:
    site = session.get(Site, site_id)
    return site.name if site else ""


def _enqueue(
    session: Session,
    site_id: int,
    site: SiteTarget | None,
    ops: OpsConfig,
    items: list[dict[str, Any]],
    run: str,
    now: datetime,
) -> int:
    if not items or site is None or not ops.notify.enabled:
        return 0
    due = release_time(now, ops)
    destinations = sorted(_destinations(ops, site))
    for channel, address, fmt in destinations:
        session.add(
            Notification(
                site_id=site_id, channel=channel, address=address, format=fmt, run=run, items=merge(items),
                created_at=now, due_at=due, state="pending", attempts=0, error="",
            )
        )  # fmt: skip
    return len(destinations)


def _destinations(ops: OpsConfig, site: SiteTarget) -> set[tuple[str, str, str]]:
    found = set()
    for contact in ops.contacts_of(site):
        if contact.email and ops.notify.smtp is not None:
            found.add(("email", ",".join(contact.email), ""))
        if contact.webhook:
            found.add(("webhook", contact.webhook, contact.format))
    return found


def deliver_due(engine: Engine, ops: OpsConfig, now: datetime | None = None) -> int:
    """Send every pending digest that is due; returns how many messages went out."""
    now = now or datetime.now(UTC)
    with _DELIVERING:
        with Session(engine) as session:
            rows = session.scalars(
                select(Notification)
                .where(Notification.state == "pending", Notification.due_at <= now)
                .order_by(Notification.id)
            ).all()
            groups: dict[tuple[int, str, str, str], list[Notification]] = {}
            for row in rows:
                groups.setdefault((row.site_id, row.channel, row.address, row.format), []).append(row)
            sites = {
                s.id: s for s in session.scalars(select(Site).where(Site.id.in_([k[0] for k in groups])))
            }
        return sum(_deliver(engine, ops, sites[key[0]], group, now) for key, group in groups.items())


def _deliver(engine: Engine, ops: OpsConfig, site: Site, group: list[Notification], now: datetime) -> int:
    """Send one merged digest; record success, or the error and when to try again."""
    items = merge(entry for row in group for entry in row.items)
    runs = list(dict.fromkeys(row.run for row in group))
    error = _send(ops, group[0], site, runs, items)
    with Session(engine) as session, session.begin():
        for row in session.scalars(select(Notification).where(Notification.id.in_([r.id for r in group]))):
            row.attempts += 1
            row.error = error
            if not error:
                row.state, row.sent_at = "sent", now
            elif row.attempts >= ops.notify.retries:
                row.state = "failed"
            else:
                row.due_at = now + RETRY_AFTER * row.attempts
    return 0 if error else 1


def _send(ops: OpsConfig, row: Notification, site: Site, runs: list[str], items: list[dict[str, Any]]) -> str:
    """Deliver one digest; the error text, or "" when it went out."""
    subject, text = render(site.name, site.base_url, runs, items)
    try:
        if row.channel == "email":
            if ops.notify.smtp is None:
                raise DeliveryError("no [notify.smtp] configured")
            send_email(ops.notify.smtp, row.address.split(","), subject, text)
        else:
            body = webhook_body(row.format, subject, text, {"site": site.name, "runs": runs, "items": items})
            post_webhook(row.address, row.format, body, _secret(ops, row.address), ops.notify.timeout)
    except DeliveryError as exc:
        return str(exc)
    return ""


def _secret(ops: OpsConfig, url: str) -> str:
    return next((secret_value(c.secret) for c in ops.contact if c.webhook == url and c.secret), "")


__all__ = ["DeliveryError", "deliver_due", "notify_findings", "notify_sweep", "release_time"]
