"""A sweep of the demo portal over real HTTP into a real database, checked against the portal's manifest."""

from __future__ import annotations

import gzip
import hashlib
from collections import Counter
from pathlib import Path

import pytest
from crawl_helpers import DEMO_LIMITS, Crawl, Stored, crawl, portal_sites, start_sweep, stored

from crawler.outcome import FetchOutcome
from crawler.render import CHROMIUM

pytestmark = pytest.mark.slow
MAX_EXTRA_PER_SITE = 15  # bounded trap pages (calendar months, trap depths) and Hanweb ?pageNum= aliases


def test_sweep_stores_every_manifest_url_with_its_outcome(db_url: str, demo_portal, tmp_path: Path) -> None:
    sweep_id = start_sweep(db_url, portal_sites(demo_portal.urls), DEMO_LIMITS, tmp_path / "snapshots")
    result = crawl(db_url, sweep_id)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.done["complete"] is True
    data = stored(db_url, sweep_id)
    assert data.sweep.state == "finished" and data.sweep.pid is None
    assert data.duplicate_urls == 0
    for name, site in demo_portal.manifest["sites"].items():
        expected = {url: page for url, page in site["pages"].items() if url not in _browser_only(site)}
        wrong = {
            url: (want["outcome"], data.pages[url].outcome if url in data.pages else "not stored")
            for url, want in expected.items()
            if url not in data.pages or data.pages[url].outcome != want["outcome"]
        }
        assert not wrong, f"{name}: {wrong}"
        statuses = {
            url: (want["status"], data.pages[url].status)
            for url, want in expected.items()
            if want["outcome"] == "http_error" and data.pages[url].status != want["status"]
        }
        assert not statuses, f"{name}: {statuses}"
        extra = [
            url
            for url, page in data.pages.items()
            if page.url.startswith(site["base_url"]) and url not in expected
        ]
        assert len(extra) <= MAX_EXTRA_PER_SITE, f"{name}: {extra}"


def _browser_only(site: dict) -> set[str]:
    """Pages only a rendered list links, when no browser is installed to render it."""
    if Path(CHROMIUM).exists():
        return set()
    return {i["url"] for c in site["columns"].values() if c["list_mode"] == "script_only" for i in c["items"]}


def test_coverage_and_progress_are_reported(demo_sweep: tuple[Crawl, Stored]) -> None:
    result, data = demo_sweep
    assert result.returncode == 0
    assert any(event["event"] == "progress" for event in result.events)
    for name, row in data.coverage.items():
        pages = [p for p in data.pages.values() if p.site_id == row.site_id]
        outcomes = Counter(p.outcome for p in pages)
        assert row.pages_tried == len(pages) == result.done["sites"][name]["pages_tried"]
        assert row.pages_fetched == outcomes["ok"]
        assert row.failed_by_reason == {k: v for k, v in outcomes.items() if k != "ok"}
        assert row.seconds > 0


def test_gbk_and_mislabelled_pages_decode_to_the_right_text(
    demo_portal, demo_sweep: tuple[Crawl, Stored]
) -> None:
    """The legacy site is GBK; one page says charset=utf-8 in its header and gb2312 in its meta."""
    _, data = demo_sweep
    legacy = demo_portal.manifest["sites"]["yunchuan"]
    articles = {url: a for url, a in legacy["articles"].items() if a["reachable"]}
    assert articles
    for url, article in articles.items():
        page = data.pages[url]
        assert page.encoding == "gb18030"
        assert page.title.startswith(article["title"]), (page.title, article["title"])
    mislabelled = next(
        h for h in demo_portal.manifest["sites"]["yunchuan"]["hostile"] if h["name"] == "wrong_charset"
    )
    assert data.pages[mislabelled["url"]].title == mislabelled["title"]
    assert not any("\ufffd" in p.title for p in data.pages.values())


def test_challenge_412_is_recorded_as_blocked(demo_portal, demo_sweep: tuple[Crawl, Stored]) -> None:
    _, data = demo_sweep
    site = demo_portal.manifest["sites"]["linjiang"]
    challenge = next(h for h in site["hostile"] if h["name"] == "challenge_412")
    page = data.pages[challenge["url"]]
    assert (page.outcome, page.status) == ("blocked", 412)
    assert "412" in page.error
    blocked_column = next(d for d in site["defects"] if d["kind"] == "blocked_column")
    assert data.pages[blocked_column["url"]].outcome == "blocked"


@pytest.mark.parametrize(
    ("hostile", "outcome", "status", "error"),
    [
        ("slow_page", "timeout", None, "took longer than"),
        ("connection_reset", "connection_reset", None, ""),
        ("server_error", "http_error", 500, "HTTP 500"),
        ("gzip_bomb", "too_large", None, "DOWNLOAD_MAXSIZE"),
        ("redirect_loop", "redirect_loop", 302, "redirect loop"),
    ],
)
def test_hostile_resources_are_recorded_with_their_reason(
    demo_portal, demo_sweep: tuple[Crawl, Stored], hostile: str, outcome: str, status: int | None, error: str
) -> None:
    result, data = demo_sweep
    entry = next(
        h for site in demo_portal.manifest["sites"].values() for h in site["hostile"] if h["name"] == hostile
    )
    page = data.pages[entry["url"]]
    assert (page.outcome, page.status) == (outcome, status), page.error
    assert error in page.error and page.error
    assert result.done["complete"] is True  # the sweep goes on


def test_traps_stop_at_their_bounds(demo_portal, demo_sweep: tuple[Crawl, Stored]) -> None:
    _, data = demo_sweep
    trap_base = demo_portal.urls["trap"].rstrip("/")
    qingshan = demo_portal.urls["qingshan"].rstrip("/")
    calendar = [u for u in data.pages if u.startswith(qingshan + "/calendar/")]
    assert 1 <= len(calendar) <= DEMO_LIMITS.max_query_variants_per_path // 3
    deep = [u for u in data.pages if u.startswith(trap_base + "/ztbd/")]
    assert 1 <= len(deep) <= 3
    assert len([u for u in data.pages if "/hdjl/wsxf.jsp" in u]) == 1  # a new jsessionid on every page
    assert len([u for u in data.pages if "/hdjl/msg.jsp" in u]) == 1  # a new ?sid= on every page
    for trap in demo_portal.manifest["sites"]["trap"]["traps"]:
        assert data.pages[trap["entry"]].outcome == FetchOutcome.OK


def test_snapshots_are_gzip_and_content_addressed(demo_sweep: tuple[Crawl, Stored], tmp_path_factory) -> None:
    _, data = demo_sweep
    root = Path(data.sweep.plan["snapshot_dir"])
    fetched = [p for p in data.pages.values() if p.outcome == "ok" and p.encoding]
    assert fetched and all(p.snapshot for p in fetched)
    for page in fetched[:50]:
        body = gzip.decompress((root / page.snapshot).read_bytes())
        assert hashlib.sha256(body).hexdigest() == Path(page.snapshot).name.split(".")[0]
        assert len(body) == page.size
    assert not any(p.snapshot for p in data.pages.values() if p.outcome != "ok")


def test_pages_keep_meta_breadcrumb_and_links(demo_portal, demo_sweep: tuple[Crawl, Stored]) -> None:
    _, data = demo_sweep
    site = demo_portal.manifest["sites"]["qingshan"]
    article_url, article = next(
        (u, a) for u, a in site["articles"].items() if a["reachable"] and a["meta_pubdate"]
    )
    page = data.pages[article_url]
    assert page.meta["SiteName"] == site["title"] and page.meta["PubDate"] == article["meta_pubdate"]
    assert page.breadcrumb.startswith("首页 > ")
    assert len(page.text_hash) == 64
    home_links = [(to, anchor) for source, to, anchor, kind in data.links if source == site["homepage"]]
    assert site["offsite_links"] and set(site["offsite_links"]) <= {to for to, _ in home_links}
    own = data.coverage["qingshan"].site_id
    assert all(data.pages[to].site_id != own for to in site["offsite_links"] if to in data.pages)  # not ours
    assert any(anchor for _, anchor in home_links)
