"""Rendering is the exception: no browser for sweeps without a JavaScript-only list, and a list whose
rendering fails stays "unrendered" (its checks unverifiable), never "empty"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from crawl_helpers import REPO, Reply, RouteServer, crawler_command, page, portal_sites, start_sweep, stored

from crawler import CrawlLimits
from crawler.render import CHROMIUM
from storage.views import Visibility

pytestmark = pytest.mark.slow
LIMITS = CrawlLimits(retries=0, download_timeout=10)
LAUNCHED = "Launching browser"  # scrapy-playwright's log line when Chromium starts
SCRIPT_LIST = """<html><head><title>规划计划_白云市人民政府</title>
<meta name="ColumnName" content="规划计划"></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/ghjh/">规划计划</a></div>
<div id="list"></div>
<script>fetch(["", "api", "feed", "x1"].join("/")).then(function (r) { return r.json(); })
.then(function (d) { document.getElementById("list").innerHTML = d.map(function (r) {
  return '<li><a href="' + r.url + '">' + r.title + '</a><span>' + r.date + '</span></li>'; }).join(""); });</script>
</body></html>"""


HOMEPAGE = """<html><head><title>白云市人民政府</title></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/ghjh/">规划计划</a></li></ul></div>
</body></html>"""


def _crawl_at_info(db_url: str, sweep_id: int) -> subprocess.CompletedProcess[str]:
    command = [*crawler_command(db_url, sweep_id), "--log-level", "INFO"]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


def test_a_sweep_without_a_script_only_list_starts_no_browser(sqlite_url: str, tmp_path: Path) -> None:
    routes = {"/": page("/a.html", "/b.html", title="首页"), "/a.html": page(), "/b.html": page()}
    with RouteServer(routes) as server:
        sweep_id = start_sweep(
            sqlite_url, portal_sites({"plain": server.url}), LIMITS, tmp_path / "snapshots"
        )
        result = _crawl_at_info(sqlite_url, sweep_id)
    assert result.returncode == 0, result.stderr[-2000:]
    assert LAUNCHED not in result.stderr
    assert not any(p.needs_render or p.rendered for p in stored(sqlite_url, sweep_id).pages.values())


def test_a_list_whose_rendering_fails_is_stored_unrendered(sqlite_url: str, tmp_path: Path) -> None:
    """The list page answers once; the browser's request for it gets a 500, so the static page is stored
    with needs_render=True, rendered=False, and the view calls its column unrendered."""
    answers: list[int] = []

    def script_list() -> Reply:
        answers.append(1)
        if len(answers) == 1:
            return Reply(body=SCRIPT_LIST.encode())
        return Reply(500, b"<html><title>500</title></html>")

    routes = {"/": Reply(body=HOMEPAGE.encode()), "/ghjh/": script_list}
    with RouteServer(routes) as server:
        sweep_id = start_sweep(
            sqlite_url, portal_sites({"baiyun": server.url}), LIMITS, tmp_path / "snapshots"
        )
        result = _crawl_at_info(sqlite_url, sweep_id)
        hits = server.hits["/ghjh/"]
    assert result.returncode == 0, result.stderr[-2000:]
    data = stored(sqlite_url, sweep_id)
    listing = data.pages[server.url + "ghjh/"]
    assert (listing.outcome, listing.kind, listing.needs_render, listing.rendered) == (
        "ok",
        "column_list",
        True,
        False,
    )
    if Path(CHROMIUM).exists():
        assert hits == 2 and LAUNCHED in result.stderr  # rendered on demand, then failed
    else:
        assert hits == 1
    # stored from the render request's meta: how the page was reached survives the detour
    assert (listing.reached_as, listing.link_anchor) == ("link", "规划计划")
    column = data.site_view("baiyun").column("ghjh")
    assert column is not None and column.url == listing.url
    assert column.visibility is Visibility.UNRENDERED
