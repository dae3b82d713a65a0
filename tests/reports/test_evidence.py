"""Evidence of failing findings: a bounded screenshot of the page each is about, and the HTML as fetched."""

from __future__ import annotations

import gzip

from portaldata import BROKEN_ANCHOR, BUREAU, DISTRICT, XSS_TITLE, ReportData, govwatch
from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.evidence import EvidenceLimits, SiteIndex, plan_attachments
from storage import open_db
from storage.dbviews import EvidencePage, FindingEvidence
from storage.models import Finding
from storage.writer import url_hash


def _evidence(data: ReportData, sweep_id: int) -> list[tuple[FindingEvidence, EvidencePage]]:
    engine = open_db(data.db_url)
    with Session(engine) as session:
        rows = session.execute(
            select(FindingEvidence, EvidencePage)
            .join(EvidencePage, EvidencePage.id == FindingEvidence.evidence_page_id)
            .where(FindingEvidence.sweep_id == sweep_id)
        ).all()
    return [(link, page) for link, page in rows]


def _by_check(data: ReportData, site: str, check: str) -> list[tuple[FindingEvidence, EvidencePage]]:
    site_id = data.site_ids[site]
    return [
        (link, page)
        for link, page in _evidence(data, data.sweeps[-1])
        if link.site_id == site_id and link.check == check
    ]


def test_stale_column_is_shown_by_its_list_page_live(data: ReportData) -> None:
    ((link, page),) = _by_check(data, DISTRICT, "freshness")
    column = f"{data.portal_base}/a/tzgg/"  # a column finding targets the column's own list (issue 13)
    assert page.url == column and link.target_hash == url_hash(column)
    assert page.source == "live" and page.mime == "image/jpeg" and page.image[:3] == b"\xff\xd8\xff"
    limits = EvidenceLimits()
    assert len(page.image) <= limits.max_bytes and 0 < page.height <= limits.max_height
    assert XSS_TITLE.encode() in gzip.decompress(page.snapshot_gz).replace(b"&lt;", b"<").replace(
        b"&gt;", b">"
    )


def test_broken_link_evidence_names_the_parent_page_and_the_link_text(data: ReportData) -> None:
    # the broken URL's own finding and the homepage count show the same link on the same parent page
    pairs = _by_check(data, DISTRICT, "broken_links")
    broken = f"{data.portal_base}/a/ldzc/"
    assert {link.target_hash for link, _ in pairs} == {url_hash(broken), url_hash("homepage_links")}
    for link, page in pairs:
        assert link.role == "parent" and page.url == f"{data.portal_base}/a/"
        assert link.link_text == BROKEN_ANCHOR and link.link_url == broken
        assert page.image and page.source == "live"


def test_page_that_fails_now_is_shown_from_its_snapshot(data: ReportData) -> None:
    ((link, page),) = _by_check(data, BUREAU, "freshness")
    assert page.source == "snapshot" and page.image and page.page_id is not None
    assert "关于统计执法检查的通知" in gzip.decompress(page.snapshot_gz).decode()
    assert not page.error


def test_pages_per_site_are_bounded(data: ReportData) -> None:
    engine = open_db(data.db_url)
    with Session(engine) as session:
        failing = session.scalars(
            select(Finding).where(
                Finding.sweep_id == data.sweeps[-1],
                Finding.site_id == data.site_ids[DISTRICT],
                Finding.status == "fail",
            )
        ).all()
    index = SiteIndex(
        base_url=f"{data.portal_base}/a/",
        pages={},
        columns={"tzgg": f"{data.portal_base}/a/tzgg/", "rsxx": f"{data.portal_base}/a/rsxx/"},
    )
    assert len({a.url for a in plan_attachments(failing, index, 3)}) == 3
    only = plan_attachments(failing, index, 1)
    assert {a.url for a in only} == {f"{data.portal_base}/a/tzgg/"}  # a stale column comes before a link
    assert {a.check for a in only} == {"freshness"}


def test_cli_captures_a_sweep_whose_site_is_down_from_snapshots(data: ReportData) -> None:
    """The portal is gone after the build: `govwatch report evidence` still shows every page, from snapshots."""
    done = govwatch(
        "report", "evidence", "--sweep", str(data.sweeps[0]), "--max-per-site", "2", "--db", data.db_url
    )
    assert done.returncode == 0, done.stderr
    assert "由快照生成" in done.stdout
    pages = {page.id: page for _, page in _evidence(data, data.sweeps[0])}
    assert pages and all(p.source == "snapshot" and p.image for p in pages.values())
    per_site: dict[int, int] = {}
    for page in pages.values():
        per_site[page.site_id] = per_site.get(page.site_id, 0) + 1
    assert max(per_site.values()) <= 2


def test_only_web_pages_are_loaded() -> None:
    """A crawled target such as file:///etc/passwd never reaches the browser."""
    index = SiteIndex(base_url="http://127.0.0.1:9/", pages={}, columns={})
    links = [
        {"url": "file:///etc/passwd", "title": "本地"},
        {"url": "http://127.0.0.1:9/a.html", "title": "网页"},
    ]
    broken = Finding(check="broken_links", target="page_links", status="fail", evidence=links)
    assert [a.url for a in plan_attachments([broken], index, 5)] == ["http://127.0.0.1:9/a.html"]
