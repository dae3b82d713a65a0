"""capture_evidence: after the checks, a screenshot of each page a failing finding is about, with the HTML
the crawler fetched, stored with the finding (bounded per site and in bytes).

A stale or blank column is shown by its list page, a homepage not updated by the homepage, a broken link
by the page that carries it (with the link text), a document by its own page. The live page is loaded
again; when it fails now, the stored HTML is rendered instead (scripts off), so evidence exists even for a
site that went down after the sweep.
"""

from __future__ import annotations

import codecs
import gzip
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reports.browser import CHROMIUM, chromium
from storage.dbviews import replace_evidence
from storage.models import Finding, Page, Site, SiteColumn, Sweep
from storage.writer import url_hash

# Findings shown first when a site has more pages to show than the limit allows.
CHECK_ORDER = ("homepage_freshness", "freshness", "blank_column", "broken_links", "deadline", "presence")
HOMEPAGE_TARGETS = ("homepage", "homepage_links")
MAX_LINKS_PER_FINDING = 20
MAX_PER_SITE = 10


@dataclass(frozen=True, slots=True)
class EvidenceLimits:
    """Bounds of one capture: pages per site, bytes per screenshot and per stored HTML, time per page."""

    max_per_site: int = MAX_PER_SITE
    max_bytes: int = 400_000
    max_height: int = 2400
    max_snapshot_bytes: int = 2_000_000
    timeout_ms: int = 15_000
    width: int = 1280
    height: int = 900


@dataclass(frozen=True, slots=True)
class Attachment:
    """One finding shown by one page; for a broken link, the link on that page."""

    check: str
    target_hash: str
    url: str
    role: str = "page"
    link_text: str = ""
    link_url: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class StoredPage:
    id: int
    url: str
    snapshot: str
    encoding: str


@dataclass(frozen=True, slots=True)
class SiteIndex:
    """Where a site's targets are: its fetched pages by URL, its homepage, its columns' pages."""

    base_url: str
    pages: Mapping[str, StoredPage]
    columns: Mapping[str, str]  # taxonomy id → list page URL


@dataclass(slots=True)
class SiteEvidence:
    """What one site's capture produced."""

    site: str
    pages: int = 0
    live: int = 0
    from_snapshot: int = 0
    failed: int = 0


def capture_evidence(
    engine: Engine,
    sweep_id: int,
    *,
    max_per_site: int = MAX_PER_SITE,
    limits: EvidenceLimits | None = None,
    executable: str = CHROMIUM,
) -> list[SiteEvidence]:
    """Screenshot the pages of every failing finding of a sweep and store them, replacing an earlier
    capture; returns per site how many pages were shown live, from the snapshot, or not at all.
    `limits`, when given, bounds everything (its max_per_site included)."""
    limits = limits or EvidenceLimits(max_per_site=max_per_site)
    with Session(engine) as session:
        sweep = session.get(Sweep, sweep_id)
        if sweep is None:
            raise LookupError(f"sweep {sweep_id} does not exist in this database")
        plan = dict(sweep.plan or {})
        names = [s["name"] for s in plan.get("sites", [])]
        sites = session.scalars(select(Site).where(Site.name.in_(names)).order_by(Site.name)).all()
    snapshot_dir = Path(plan["snapshot_dir"]) if plan.get("snapshot_dir") else None
    user_agent = plan.get("limits", {}).get("user_agent")
    results = []
    with chromium(executable) as browser:
        live, static = _contexts(browser, limits, user_agent)
        for site in sites:
            index = _index(engine, sweep_id, site)
            attachments = plan_attachments(_failing(engine, sweep_id, site.id), index, limits.max_per_site)
            report = SiteEvidence(site.name)
            rows = [
                _capture(live, static, url, index.pages.get(url), snapshot_dir, limits, report)
                for url in dict.fromkeys(a.url for a in attachments)
            ]
            replace_evidence(engine, sweep_id, site.id, rows, (_link_row(a) for a in attachments))
            results.append(report)
    return results


def _contexts(
    browser: Browser, limits: EvidenceLimits, user_agent: str | None
) -> tuple[BrowserContext, BrowserContext]:
    options: dict[str, Any] = {
        "viewport": {"width": limits.width, "height": limits.height},
        "locale": "zh-CN",
        "ignore_https_errors": True,
    }
    if user_agent:
        options["user_agent"] = user_agent
    # Stored HTML is rendered with scripts off: it is shown, not run.
    contexts = browser.new_context(**options), browser.new_context(**options, java_script_enabled=False)
    for context in contexts:
        context.route(lambda url: not _web(url), lambda route: route.abort())
    return contexts


def _failing(engine: Engine, sweep_id: int, site_id: int) -> list[Finding]:
    with Session(engine) as session:
        return list(
            session.scalars(
                select(Finding)
                .where(Finding.sweep_id == sweep_id, Finding.site_id == site_id, Finding.status == "fail")
                .order_by(Finding.id)
            )
        )


def _index(engine: Engine, sweep_id: int, site: Site) -> SiteIndex:
    with Session(engine) as session:
        pages = session.execute(
            select(Page.id, Page.url, Page.final_url, Page.snapshot, Page.encoding).where(
                Page.sweep_id == sweep_id, Page.site_id == site.id, Page.outcome == "ok"
            )
        ).all()
        columns = session.execute(
            select(SiteColumn.column_id, SiteColumn.url)
            .where(SiteColumn.sweep_id == sweep_id, SiteColumn.site_id == site.id)
            .order_by(SiteColumn.id)
        ).all()
    by_url: dict[str, StoredPage] = {}
    for row in pages:
        stored = StoredPage(row.id, row.url, row.snapshot, row.encoding)
        by_url.setdefault(row.url, stored)
        by_url.setdefault(row.final_url, stored)
    first: dict[str, str] = {}
    for column_id, url in columns:
        first.setdefault(column_id, url)
    return SiteIndex(base_url=site.base_url, pages=by_url, columns=first)


def plan_attachments(findings: Iterable[Finding], index: SiteIndex, max_pages: int) -> list[Attachment]:
    """Which page shows which failing finding, most telling findings first, at most `max_pages` pages."""
    order = {check: i for i, check in enumerate(CHECK_ORDER)}
    ranked = sorted(findings, key=lambda f: (order.get(f.check, len(order)), f.check, f.target))
    chosen: list[Attachment] = []
    pages: set[str] = set()
    for finding in ranked:
        for attachment in attachments_of(finding, index):
            if not _web(attachment.url) or (attachment.url not in pages and len(pages) >= max_pages):
                continue
            pages.add(attachment.url)
            chosen.append(attachment)
    return chosen


def _web(url: str) -> bool:
    """Only web pages are loaded: a crawled link to file: or another scheme never reaches the browser."""
    return url.lower().startswith(("http://", "https://"))


def attachments_of(finding: Finding, index: SiteIndex) -> list[Attachment]:
    """The pages that show one finding (none for a site-wide count such as 空白栏目数量)."""
    key = {"check": finding.check, "target_hash": url_hash(finding.target)}
    evidence: Sequence[Mapping[str, Any]] = finding.evidence or []
    if finding.check == "broken_links":
        return [
            Attachment(
                **key,
                url=e["url"],
                role="parent",
                link_text=e.get("title") or "",
                link_url=(e.get("note") or "").split("（")[0],
                note=e.get("note") or "",
            )
            for e in evidence[:MAX_LINKS_PER_FINDING]
            if e.get("url")
        ]
    url = _target_url(finding.target, evidence, index)
    return [Attachment(**key, url=url)] if url else []


def _target_url(target: str, evidence: Sequence[Mapping[str, Any]], index: SiteIndex) -> str | None:
    if target.startswith(("http://", "https://")):
        return target.split()[0]  # a pair such as "文件 <-> 解读" is shown by its first page
    if target in HOMEPAGE_TARGETS:
        return index.base_url
    if target in index.columns:
        return index.columns[target]
    return next((e["url"] for e in evidence if e.get("url") in index.pages), None)


def _capture(
    live: BrowserContext,
    static: BrowserContext,
    url: str,
    stored: StoredPage | None,
    snapshot_dir: Path | None,
    limits: EvidenceLimits,
    report: SiteEvidence,
) -> dict[str, Any]:
    snapshot = _snapshot(stored, snapshot_dir, limits)
    row: dict[str, Any] = {
        "url": url,
        "url_hash": url_hash(url),
        "page_id": stored.id if stored else None,
        "taken_at": datetime.now(UTC),
        "snapshot_gz": snapshot,
        "encoding": stored.encoding if stored else "",
    }
    report.pages += 1
    shot = _live_shot(live, url, limits)
    if shot is None and snapshot is not None:
        shot = _snapshot_shot(static, url, snapshot, row["encoding"], limits)
    if shot is None or isinstance(shot, str):
        report.failed += 1
        return row | {"source": "", "error": shot or "页面无法打开，且没有保存的页面快照"}
    source, image, mime, width, height = shot
    report.live += source == "live"
    report.from_snapshot += source == "snapshot"
    return row | {"source": source, "image": image, "mime": mime, "width": width, "height": height}


def _snapshot(stored: StoredPage | None, snapshot_dir: Path | None, limits: EvidenceLimits) -> bytes | None:
    if stored is None or not stored.snapshot or snapshot_dir is None:
        return None
    try:
        data = (snapshot_dir / stored.snapshot).read_bytes()
    except OSError:
        return None
    return data if len(data) <= limits.max_snapshot_bytes else None


Shot = tuple[str, bytes, str, int, int]


def _live_shot(context: BrowserContext, url: str, limits: EvidenceLimits) -> Shot | str | None:
    page = context.new_page()
    try:
        response = page.goto(url, wait_until="load", timeout=limits.timeout_ms)
        if response is None or not response.ok:
            return None
        return _bounded_image(page, "live", limits)
    except PlaywrightError:
        return None
    finally:
        page.close()


def _snapshot_shot(
    context: BrowserContext, url: str, snapshot: bytes, encoding: str, limits: EvidenceLimits
) -> Shot | str | None:
    html = decode_snapshot(snapshot, encoding)
    page = context.new_page()
    try:
        try:
            page.set_content(
                f'<base href="{_attr(url)}">' + html, wait_until="load", timeout=limits.timeout_ms
            )
        except PlaywrightError:
            pass  # a resource that never loads: show what rendered
        return _bounded_image(page, "snapshot", limits)
    except PlaywrightError as exc:
        return f"截图失败：{str(exc).splitlines()[0][:200]}"
    finally:
        page.close()


def decode_snapshot(snapshot_gz: bytes, encoding: str) -> str:
    """The stored body as text, in the encoding the crawler found (UTF-8 when it is unknown here)."""
    try:
        codecs.lookup(encoding or "utf-8")
    except LookupError:
        encoding = "utf-8"
    return gzip.decompress(snapshot_gz).decode(encoding or "utf-8", errors="replace")


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _bounded_image(page: Any, source: str, limits: EvidenceLimits) -> Shot | str:
    """A JPEG of the top of the page, no taller than max_height and no larger than max_bytes."""
    full = int(page.evaluate("() => document.documentElement.scrollHeight") or limits.height)
    for height, quality in (
        (min(full, limits.max_height), 75),
        (min(full, limits.max_height), 50),
        (min(full, limits.height), 40),
    ):
        clip = {"x": 0, "y": 0, "width": limits.width, "height": max(height, 1)}
        image = page.screenshot(type="jpeg", quality=quality, clip=clip, full_page=True)
        if len(image) <= limits.max_bytes:
            return source, image, "image/jpeg", limits.width, max(height, 1)
    return f"截图超过{limits.max_bytes // 1000}KB的上限"


def _link_row(attachment: Attachment) -> dict[str, Any]:
    return {
        "url": attachment.url,
        "check": attachment.check,
        "target_hash": attachment.target_hash,
        "role": attachment.role,
        "link_text": attachment.link_text,
        "link_url": attachment.link_url,
        "note": attachment.note,
    }
