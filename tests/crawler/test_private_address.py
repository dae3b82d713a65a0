"""Loopback, private and link-local addresses are refused before any connection, unless the site allows them."""

from __future__ import annotations

from pathlib import Path

from crawl_helpers import Reply, RouteServer, crawl, page, start_sweep, stored

from crawler import CrawlLimits, SiteTarget

METADATA = "http://169.254.169.254/latest/meta-data/"
INTRANET = "http://10.255.255.1/admin"
REDIRECTS = {"/go-metadata": METADATA, "/go-intranet": INTRANET}
ROUTES = {
    "/": page("/go-metadata", "/go-intranet", METADATA, INTRANET, title="首页"),
    **{path: Reply(302, b"", {"Location": target}) for path, target in REDIRECTS.items()},
}


def test_private_addresses_are_refused_unless_allowed(sqlite_url: str, tmp_path: Path) -> None:
    with RouteServer(ROUTES) as allowed, RouteServer(ROUTES) as refused:
        refused_port = refused.server_address[1]
        sites = [
            SiteTarget(name="allowed", base_url=allowed.url, allow_private=True),
            SiteTarget(name="loopback", base_url=refused.url),
            SiteTarget(name="by-name", base_url=f"http://localhost:{refused_port}/start.html"),
        ]
        limits = CrawlLimits(download_timeout=5, retries=0)
        sweep_id = start_sweep(sqlite_url, sites, limits, tmp_path / "snapshots")
        result = crawl(sqlite_url, sweep_id)
        assert result.returncode == 0, result.stderr[-2000:]
        assert refused.hits == {}, "the refused site must receive no request at all, robots.txt included"
    pages = stored(sqlite_url, sweep_id).pages

    assert pages[allowed.url].outcome == "ok"
    for path, target in REDIRECTS.items():
        redirect = pages[allowed.url + path.lstrip("/")]
        assert (redirect.outcome, redirect.status) == ("private_address", 302), redirect.error
        assert target.split("/")[2] in redirect.error
    assert METADATA not in pages and INTRANET not in pages  # off-site links: stored as links, never requested

    assert pages[refused.url].outcome == "private_address"
    by_name = pages[f"http://localhost:{refused_port}/start.html"]
    assert by_name.outcome == "private_address" and "127.0.0.1" in by_name.error  # checked after resolving
