"""Politeness and failure reasons on a small live site: robots.txt, User-Agent, per-site concurrency,
retries with backoff, too-large bodies, HTTP errors and refused connections."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from crawl_helpers import Reply, RouteServer, crawl, page, start_sweep, stored

from crawler import CrawlLimits, SiteTarget

SLOW = [f"/slow-{n}.html" for n in range(6)]
LIMITS = CrawlLimits(concurrency_per_site=2, autothrottle=False, retries=2, max_response_bytes=4096)


def flaky(failures: int) -> Callable[[], Reply]:
    """503 for the first `failures` requests, then the page."""
    calls = iter(range(failures + 1_000))
    return lambda: Reply(503, b"busy") if next(calls) < failures else page(title="恢复")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_polite_crawl_records_every_failure_with_its_reason(sqlite_url: str, tmp_path: Path) -> None:
    routes = {
        "/": page(
            "/private/secret.html",
            "/flaky.html",
            "/big.html",
            "/missing.html",
            "/waf.html",
            *SLOW,
            title="首页",
        ),
        "/robots.txt": Reply(
            body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
        ),
        "/flaky.html": flaky(2),
        "/big.html": Reply(body=b"<html><body>" + "很长的页面".encode() * 2000 + b"</body></html>"),
        "/waf.html": Reply(body=b"<html><script>document.cookie='t=1';location.reload();</script></html>"),
        **{path: Reply(body=page(title=path).body, delay=0.3) for path in SLOW},
    }
    down = f"http://127.0.0.1:{closed_port()}/"
    with RouteServer(routes) as site:
        sites = [
            SiteTarget(name="site", base_url=site.url, allow_private=True),
            SiteTarget(name="down", base_url=down, allow_private=True),
        ]
        sweep_id = start_sweep(sqlite_url, sites, LIMITS, tmp_path / "snapshots")
        result = crawl(sqlite_url, sweep_id)
    assert result.returncode == 0, result.stderr[-2000:]
    pages = stored(sqlite_url, sweep_id).pages

    def outcome(path: str) -> tuple[str, int | None]:
        return pages[site.url + path.lstrip("/")].outcome, pages[site.url + path.lstrip("/")].status

    assert outcome("/private/secret.html") == ("robots", None)
    assert site.hits["/private/secret.html"] == 0
    assert all("govwatch" in agent for agent in site.agents)

    assert outcome("/flaky.html") == ("ok", 200) and site.hits["/flaky.html"] == 3
    first, second, third = site.times["/flaky.html"]
    assert second - first >= 0.45 and third - second >= 0.9  # backoff: 0.5 s, then 1 s

    assert outcome("/big.html")[0] == "too_large"
    assert outcome("/missing.html") == ("http_error", 404)
    assert outcome("/waf.html") == ("blocked", 200)  # a JavaScript challenge in place of the page
    assert pages[down].outcome == "connection_refused"

    assert all(outcome(path) == ("ok", 200) for path in SLOW)
    assert site.most_active == LIMITS.concurrency_per_site  # parallel, and never more than allowed


def test_page_cap_and_depth_bound_each_site(sqlite_url: str, tmp_path: Path) -> None:
    wide = {"/": page(*[f"/p{n}.html" for n in range(20)]), **{f"/p{n}.html": page() for n in range(20)}}
    deep = {"/": page("/d1.html"), **{f"/d{n}.html": page(f"/d{n + 1}.html") for n in range(1, 20)}}
    with RouteServer(wide) as wide_site, RouteServer(deep) as deep_site:
        sites = [
            SiteTarget(name="wide", base_url=wide_site.url, allow_private=True),
            SiteTarget(name="deep", base_url=deep_site.url, allow_private=True),
        ]
        limits = CrawlLimits(max_pages_per_site=6, max_depth=3, robots="ignore")
        sweep_id = start_sweep(sqlite_url, sites, limits, tmp_path / "snapshots")
        result = crawl(sqlite_url, sweep_id)
    assert result.returncode == 0 and result.done["complete"] is True
    pages = stored(sqlite_url, sweep_id).pages
    assert len([u for u in pages if u.startswith(wide_site.url)]) == 6
    assert sum(wide_site.hits.values()) == 6
    assert sorted(p.depth for u, p in pages.items() if u.startswith(deep_site.url)) == [0, 1, 2, 3]
