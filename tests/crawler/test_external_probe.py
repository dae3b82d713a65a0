"""crawler/external.py: off-site links probed, not crawled (HEAD, then GET, one re-check), each URL once per
sweep, one request at a time per host, behind the crawl's private-address guard. Every request goes to a
127.0.0.1 server the test starts; other host names reach it only through a stub resolver (no real DNS)."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from crawl_helpers import RouteServer, crawl, page, portal_sites, start_sweep
from sqlalchemy import select
from sqlalchemy.orm import Session

from checks import CheckContext, Finding, Status, WorkdayCalendar, load_checks
from crawler import CrawlLimits
from crawler.external import Prober
from crawler.outcome import FetchOutcome
from storage import open_db
from storage.models import ExternalLink, Site
from storage.siteview import build_site_view
from storage.views import SiteView

CHALLENGE = b"<html><script>document.cookie='a=b';location.reload();</script></html>"


class Offsite(ThreadingHTTPServer):
    """An off-site host on 127.0.0.1: path → (status for HEAD, status for GET, body); counts (method, path)."""

    daemon_threads = True

    def __init__(self, routes: dict[str, tuple[int, int, bytes]]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes, self.hits = routes, Counter()
        self.active = self.most_active = 0
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self) -> Offsite:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: Offsite

    def _answer(self, method: str) -> None:
        with self.server.lock:
            self.server.hits[(method, self.path)] += 1
            self.server.active += 1
            self.server.most_active = max(self.server.most_active, self.server.active)
        time.sleep(0.02)  # a window in which a second request to this host, were it sent, would overlap
        with self.server.lock:  # left before answering: the client may send its next request once answered
            self.server.active -= 1
        head, get, body = self.server.routes.get(self.path.split("?")[0], (404, 404, b"not found"))
        self.send_response(head if method == "HEAD" else get)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method == "GET":
            self.wfile.write(body)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer("HEAD")

    def do_GET(self) -> None:  # noqa: N802
        self._answer("GET")

    def log_message(self, *args: object) -> None:
        pass


def stub(names: dict[str, str]):
    """A resolver that knows only `names`; anything else does not resolve (as a dead 政务服务网 domain)."""

    def resolve(host: str) -> list[str]:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [names[host]]

    return resolve


def prober(**kw) -> Prober:
    return Prober(
        delay=0,
        timeout=5,
        resolve=stub({"zwfw.example.gov.cn": "127.0.0.1"}),
        allow_private=lambda h: True,
        **kw,
    )


@pytest.fixture
def offsite():
    routes = {
        "/ok": (200, 200, b"ok"),
        "/nohead": (405, 200, "<html><body>正文</body></html>".encode()),
        "/gone": (404, 404, b"gone"),
        "/waf": (412, 412, b""),
        "/challenge": (405, 200, CHALLENGE),
    }
    with Offsite(routes) as server:
        yield server


def test_head_then_get_only_when_head_fails(offsite: Offsite) -> None:
    base = f"http://zwfw.example.gov.cn:{offsite.port}"
    results = prober().probe_all([f"{base}/ok", f"{base}/nohead"])
    assert (results[f"{base}/ok"].outcome, results[f"{base}/ok"].method) == (FetchOutcome.OK, "HEAD")
    assert (results[f"{base}/nohead"].outcome, results[f"{base}/nohead"].method) == (FetchOutcome.OK, "GET")
    assert offsite.hits == Counter({("HEAD", "/ok"): 1, ("HEAD", "/nohead"): 1, ("GET", "/nohead"): 1})


def test_a_4xx_is_broken_and_rechecked_once_a_412_or_challenge_is_blocked(offsite: Offsite) -> None:
    base = f"http://zwfw.example.gov.cn:{offsite.port}"
    results = prober().probe_all([f"{base}/gone", f"{base}/waf", f"{base}/challenge", f"{base}/gone"])
    gone = results[f"{base}/gone"]
    assert (gone.outcome, gone.status, gone.recheck_outcome) == (
        FetchOutcome.HTTP_ERROR,
        404,
        FetchOutcome.HTTP_ERROR,
    )
    assert (
        offsite.hits[("HEAD", "/gone")] == 1 and offsite.hits[("GET", "/gone")] == 2
    )  # GET, then the re-check
    assert (
        results[f"{base}/waf"].outcome is FetchOutcome.BLOCKED
        and results[f"{base}/waf"].recheck_outcome is None
    )
    assert results[f"{base}/challenge"].outcome is FetchOutcome.BLOCKED


def test_dns_failure_and_refused_connection_are_failures_without_a_get(offsite: Offsite) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    p = Prober(
        delay=0, timeout=5, resolve=stub({"down.example.gov.cn": "127.0.0.1"}), allow_private=lambda h: True
    )
    results = p.probe_all(["http://nx.example.gov.cn/", f"http://down.example.gov.cn:{port}/"])
    dns, refused = results["http://nx.example.gov.cn/"], results[f"http://down.example.gov.cn:{port}/"]
    assert (dns.outcome, dns.method, dns.recheck_outcome) == (FetchOutcome.DNS, "HEAD", FetchOutcome.DNS)
    assert (refused.outcome, refused.recheck_outcome) == (
        FetchOutcome.CONNECTION_REFUSED,
        FetchOutcome.CONNECTION_REFUSED,
    )


def test_the_private_address_guard_decides_before_any_connection() -> None:
    guarded = Prober(resolve=stub({"intranet.example.gov.cn": "10.1.2.3", "lo.example": "127.0.0.1"}))
    result = guarded.request("http://intranet.example.gov.cn/", "HEAD")
    assert result.outcome is FetchOutcome.PRIVATE_ADDRESS and "10.1.2.3" in result.error
    assert guarded.request("http://lo.example:9/", "HEAD").outcome is FetchOutcome.PRIVATE_ADDRESS
    assert guarded.requests == 0  # refused before a request was sent
    allowed = Prober(
        resolve=stub({"lo.example": "127.0.0.1"}), allow_private=lambda host: host == "lo.example"
    )
    assert allowed._address("lo.example") == "127.0.0.1"


def test_one_request_at_a_time_per_host(offsite: Offsite) -> None:
    base = f"http://zwfw.example.gov.cn:{offsite.port}"
    prober().probe_all([f"{base}/ok?{i}" for i in range(8)])
    assert offsite.most_active == 1 and sum(offsite.hits.values()) == 8


def test_a_sweep_probes_an_offsite_link_once_though_two_sites_link_it(
    sqlite_url: str, tmp_path: Path, offsite: Offsite
) -> None:
    """Off-site by host name: the sites are on 127.0.0.1, the linked 政务服务网 on `localhost`."""
    dead, alive = f"http://localhost:{offsite.port}/gone", f"http://localhost:{offsite.port}/ok"
    home = page(dead, alive, "list.html")
    with RouteServer({"/": home, "/list.html": page(dead)}) as one, RouteServer({"/": page(dead)}) as two:
        limits = CrawlLimits(external_delay=0, external_allow_private=True, autothrottle=False, retries=0)
        sweep = start_sweep(
            sqlite_url, portal_sites({"甲": one.url, "乙": two.url}), limits, tmp_path / "snap"
        )
        result = crawl(sqlite_url, sweep)
    assert result.returncode == 0, result.stderr
    assert result.done["external"]["urls"] == 2
    assert offsite.hits == Counter({("HEAD", "/gone"): 1, ("GET", "/gone"): 2, ("HEAD", "/ok"): 1})
    engine = open_db(sqlite_url, migrate=False)
    with Session(engine) as session:
        rows = {r.url: r for r in session.scalars(select(ExternalLink).where(ExternalLink.sweep_id == sweep))}
        sites = dict(session.execute(select(Site.name, Site.id)).all())
    assert set(rows) == {dead, alive} and rows[dead].recheck_outcome == "http_error"
    for name in ("甲", "乙"):
        view = build_site_view(engine, sweep, sites[name])
        findings = _run("external_links", view, name)
        assert [(f.target, f.status) for f in findings] == [(dead, Status.FAIL), ("external", Status.FAIL)]
        # the homepage links it; list.html is an ordinary page, whose off-site links are not probed
        assert [e.url for e in findings[0].evidence] == [one.url if name == "甲" else two.url]
        assert not any(f.target == dead for f in _run("broken_links", view, name))  # not the site's own
    engine.dispose()


def _run(check_id: str, view: SiteView, name: str) -> list[Finding]:
    spec = load_checks()[check_id]
    ctx = CheckContext(as_of=date(2026, 3, 2), calendar=WorkdayCalendar.default(), site=name).for_check(
        check_id
    )
    return list(spec.fn(view, spec.params(), ctx))
