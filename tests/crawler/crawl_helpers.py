"""Crawl helpers: open a sweep as the CLI does, run `python -m crawler.run` in a subprocess, read what it stored."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler import CrawlLimits, SiteTarget, make_plan
from storage import open_db
from storage.models import Link, Page, Site, Sweep, SweepSite
from storage.siteview import build_site_view
from storage.views import SiteView
from storage.writer import open_sweep, register_sites
from testportal.server import RunningPortal

REPO = Path(__file__).resolve().parents[2]
# Short enough that the demo's slow page (8 s) times out, long enough for a loaded 2-core machine.
DEMO_LIMITS = CrawlLimits(download_timeout=2.5, retries=1)


@dataclass
class Crawl:
    returncode: int
    events: list[dict[str, Any]]
    stderr: str

    @property
    def done(self) -> dict[str, Any]:
        return next(e for e in reversed(self.events) if e.get("event") == "done")


@dataclass
class Stored:
    """What one sweep left in the database."""

    sweep: Sweep
    pages: dict[str, Page]
    links: list[tuple[str, str, str, str]] = field(default_factory=list)  # from url, to url, anchor, kind
    coverage: dict[str, SweepSite] = field(default_factory=dict)
    duplicate_urls: int = 0
    db_url: str = ""

    def site_view(self, site: str) -> SiteView:
        """The site as the checks see it (storage.siteview), built from this sweep."""
        engine = open_db(self.db_url, migrate=False)
        try:
            return build_site_view(engine, self.sweep.id, self.coverage[site].site_id)
        finally:
            engine.dispose()


def start_sweep(db_url: str, sites: list[SiteTarget], limits: CrawlLimits, snapshot_dir: Path) -> int:
    """Register the sites and open the sweep row, exactly as the CLI does before it starts the crawler."""
    engine = open_db(db_url)
    register_sites(engine, [s.model_dump() | {"hosts": sorted(s.hosts)} for s in sites])
    sweep_id = open_sweep(engine, make_plan(sites, limits, snapshot_dir))
    engine.dispose()
    return sweep_id


def portal_sites(urls: Mapping[str, str], **options: Any) -> list[SiteTarget]:
    return [SiteTarget(name=name, base_url=url, allow_private=True, **options) for name, url in urls.items()]


def crawler_command(db_url: str, sweep_id: int, resume: bool = False) -> list[str]:
    return [sys.executable, "-m", "crawler.run", "--db", db_url, "--sweep", str(sweep_id)] + (
        ["--resume"] * resume
    )


def crawl(db_url: str, sweep_id: int, *, resume: bool = False, timeout: float = 180) -> Crawl:
    result = subprocess.run(
        crawler_command(db_url, sweep_id, resume), cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    events = [json.loads(line) for line in result.stdout.splitlines()]  # stdout must be JSON lines only
    return Crawl(result.returncode, events, result.stderr)


def stored(db_url: str, sweep_id: int) -> Stored:
    engine = open_db(db_url, migrate=False)
    with Session(engine) as session:
        sweep = session.get(Sweep, sweep_id)
        rows = session.scalars(select(Page).where(Page.sweep_id == sweep_id).order_by(Page.id)).all()
        links = session.execute(
            select(Page.url, Link.to_url, Link.anchor, Link.kind)
            .join(Page, Page.id == Link.from_page_id)
            .where(Link.sweep_id == sweep_id)
        ).all()
        coverage = {
            name: row
            for name, row in session.execute(
                select(Site.name, SweepSite)
                .join(Site, Site.id == SweepSite.site_id)
                .where(SweepSite.sweep_id == sweep_id)
            )
        }
    engine.dispose()
    pages = {page.url: page for page in rows}
    return Stored(sweep, pages, [tuple(row) for row in links], coverage, len(rows) - len(pages), db_url)


def hits_of(portal: RunningPortal, site: str) -> dict[str, int]:
    """Request counts of one site by absolute URL."""
    base = portal.urls[site].rstrip("/")
    return {base + path: count for path, count in portal.hits().get(site, {}).items()}


def wait_for_pages(db_url: str, sweep_id: int, at_least: int, timeout: float = 60) -> int:
    engine = open_db(db_url, migrate=False)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with Session(engine) as session:
                count = len(session.scalars(select(Page.id).where(Page.sweep_id == sweep_id)).all())
            if count >= at_least:
                return count
            time.sleep(0.05)
    finally:
        engine.dispose()
    raise TimeoutError(f"fewer than {at_least} pages stored within {timeout} s")


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"<html><head><title>page</title></head><body></body></html>"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0


class RouteServer(ThreadingHTTPServer):
    """A tiny site on 127.0.0.1: path → Reply (or a callable returning one); records every request."""

    daemon_threads = True

    def __init__(self, routes: Mapping[str, Reply | Callable[[], Reply]]):
        super().__init__(("127.0.0.1", 0), _RouteHandler)
        self.routes = dict(routes)
        self.hits: Counter[str] = Counter()
        self.agents: set[str] = set()
        self.times: dict[str, list[float]] = {}
        self.active = self.most_active = 0
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def __enter__(self) -> RouteServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def answer(self, path: str, agent: str) -> Reply:
        with self._lock:
            self.hits[path] += 1
            self.agents.add(agent)
            self.times.setdefault(path, []).append(time.monotonic())
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        route = self.routes.get(path, Reply(404, b"<html><title>404</title></html>"))
        reply = route() if callable(route) else route
        time.sleep(reply.delay)
        with self._lock:
            self.active -= 1
        return reply


class _RouteHandler(BaseHTTPRequestHandler):
    server: RouteServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        reply = self.server.answer(self.path, self.headers.get("User-Agent", ""))
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, *args: object) -> None:
        pass


def page(*links: str, title: str = "page") -> Reply:
    anchors = "".join(f'<a href="{link}">{link}</a>' for link in links)
    return Reply(body=f"<html><head><title>{title}</title></head><body>{anchors}</body></html>".encode())
