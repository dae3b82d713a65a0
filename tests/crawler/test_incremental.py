"""Incremental re-sweeps: an unchanged site costs a few conditional requests and stores what a full sweep
stores; a changed column is fetched again and the re-sweep reads the site as a full sweep of it does."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from crawl_helpers import REPO, crawl, crawler_command, stored, wait_for_pages
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler import CrawlLimits, SiteTarget
from scheduler.cli import main
from scheduler.sweep import start_sweep
from storage import open_db
from storage.models import Link, ListItem, Page, Sweep
from testportal import Defects, PortalSpec, SiteSpec
from testportal.server import running_portal
from tests.operations.servers import Relay, port_of

pytestmark = pytest.mark.slow
LIMITS = CrawlLimits(download_timeout=10, retries=0)
SITE = "青山市人民政府"


def _spec(defects: Defects) -> PortalSpec:
    return PortalSpec(
        seed=11, as_of=date(2026, 11, 20), sites=(SiteSpec(name="qs", pages=300, defects=defects),)
    )


@pytest.fixture(scope="module")
def portals() -> Iterator[tuple[Relay, int, int]]:
    """The site's address stays; behind it, a portal whose 通知公告 column is stale, or the same portal
    with that column up to date."""
    with (
        running_portal(_spec(Defects(stale_column="tzgg"))) as stale,
        running_portal(_spec(Defects())) as fresh,
    ):
        relay = Relay(port_of(stale.urls["qs"]))
        yield relay, port_of(stale.urls["qs"]), port_of(fresh.urls["qs"])
        relay.close()


def _sweep(db_url: str, relay: Relay, tmp: Path, limits: CrawlLimits = LIMITS) -> tuple[int, int]:
    """(sweep id, HTTP requests its crawl sent)."""
    site = SiteTarget(name=SITE, base_url=relay.url, allow_private=True)
    sweep_id = start_sweep(db_url, [site], limits, tmp / "snapshots")
    done = crawl(db_url, sweep_id)
    assert done.returncode == 0, done.stderr[-2000:]
    return sweep_id, done.done["requests"]


def _content(db_url: str, sweep_id: int) -> dict[str, tuple]:
    """Per URL: how it ended and what was read from it, with its links and list entries."""
    engine = open_db(db_url, migrate=False)
    with Session(engine) as session:
        links = dict(
            session.execute(
                select(Page.url, func.count(Link.id))
                .join(Link, Link.from_page_id == Page.id)
                .where(Page.sweep_id == sweep_id)
                .group_by(Page.url)
            ).all()
        )
        entries: dict[str, list[tuple]] = {}
        for url, *entry in session.execute(
            select(Page.url, ListItem.position, ListItem.title, ListItem.url, ListItem.date)
            .join(ListItem, ListItem.page_id == Page.id)
            .where(Page.sweep_id == sweep_id)
        ):
            entries.setdefault(url, []).append(tuple(entry))
        pages = session.scalars(select(Page).where(Page.sweep_id == sweep_id)).all()
    engine.dispose()
    return {
        p.url: (
            p.outcome,
            p.status,
            p.kind,
            p.title,
            p.publish_date,
            p.column_id,
            tuple(sorted(p.doc_fields.items())),
            p.snapshot,
            links.get(p.url, 0),
            sorted(entries.get(p.url, [])),
        )
        for p in pages
    }


def test_an_unchanged_site_is_re_swept_with_few_requests_and_stores_the_same(portals, db_url, tmp_path):
    relay, stale, _ = portals
    relay.upstream = stale
    first, first_requests = _sweep(db_url, relay, tmp_path)
    second, second_requests = _sweep(db_url, relay, tmp_path)

    assert second_requests <= 0.15 * first_requests, (second_requests, first_requests)
    assert _content(db_url, second) == _content(db_url, first)
    pages = stored(db_url, second).pages
    reuse = {url: page.reuse for url, page in pages.items()}
    assert reuse[relay.url] == "not_modified"  # the homepage answered 304
    assert set(reuse.values()) == {"not_modified", "carried"}
    carried = [page for page in pages.values() if page.reuse == "carried"]
    assert {page.reached_as for page in carried} <= {"entry", "next", "link"}
    assert any(page.reached_as == "next" for page in carried)  # pagination tails were skipped
    earlier = stored(db_url, first).pages
    assert all(page.reused_page_id == earlier[page.url].id for page in pages.values())
    assert all(page.fetched_at == earlier[page.url].fetched_at for page in carried)  # nobody looked again


def test_a_changed_column_is_fetched_again_and_read_as_a_full_sweep_reads_it(portals, sqlite_url, tmp_path):
    relay, stale, fresh = portals
    relay.upstream = stale
    _sweep(sqlite_url, relay, tmp_path)
    relay.upstream = fresh  # 通知公告 has new notices now
    incremental, _ = _sweep(sqlite_url, relay, tmp_path)
    full, _ = _sweep(sqlite_url, relay, tmp_path, LIMITS.model_copy(update={"incremental": False}))

    assert _content(sqlite_url, incremental) == _content(sqlite_url, full)
    pages = stored(sqlite_url, incremental).pages
    tzgg = [page for url, page in pages.items() if "/tzgg/" in url and page.kind == "column_list"]
    assert tzgg and all(page.reuse == "" for page in tzgg if page.reached_as != "next")


def test_a_full_sweep_builds_on_nothing(portals, sqlite_url, tmp_path):
    relay, stale, _ = portals
    relay.upstream = stale
    first, first_requests = _sweep(sqlite_url, relay, tmp_path)
    full, full_requests = _sweep(
        sqlite_url, relay, tmp_path, LIMITS.model_copy(update={"incremental": False})
    )
    assert full_requests == first_requests
    assert {page.reuse for page in stored(sqlite_url, full).pages.values()} == {""}


def test_govwatch_sweep_full_opts_out_and_a_plain_re_sweep_builds_on_the_last(portals, sqlite_url, tmp_path):
    relay, stale, _ = portals
    relay.upstream = stale
    args = [relay.url, "--allow-private", "--db", sqlite_url, "--config", str(tmp_path / "none.toml")]
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    assert main(["sweep", *args]) == 0
    assert main(["sweep", *args, "--full"]) == 0
    assert main(["sweep", *args]) == 0
    engine = open_db(sqlite_url, migrate=False)
    with Session(engine) as session:
        plans = [sweep.plan["base_sweeps"] for sweep in session.scalars(select(Sweep).order_by(Sweep.id))]
    engine.dispose()
    site = relay.url.split("/")[2]
    assert plans == [{}, {}, {site: 2}]


def test_an_interrupted_re_sweep_resumes_to_what_it_would_have_stored(portals, sqlite_url, tmp_path):
    relay, stale, _ = portals
    relay.upstream = stale
    first, _ = _sweep(sqlite_url, relay, tmp_path)
    paced = LIMITS.model_copy(
        update={"concurrency_per_site": 1, "download_delay": 0.2, "autothrottle": False}
    )
    site = SiteTarget(name=SITE, base_url=relay.url, allow_private=True)
    second = start_sweep(sqlite_url, [site], paced, tmp_path / "snapshots")
    process = subprocess.Popen(crawler_command(sqlite_url, second), cwd=REPO, stdout=subprocess.DEVNULL)
    wait_for_pages(sqlite_url, second, at_least=1)
    process.send_signal(signal.SIGKILL)
    process.wait()
    expected = {(url, page.outcome) for url, page in stored(sqlite_url, first).pages.items()}
    assert 0 < len(stored(sqlite_url, second).pages) < len(expected)

    assert crawl(sqlite_url, second, resume=True).returncode == 0
    resumed = stored(sqlite_url, second)
    assert {(url, page.outcome) for url, page in resumed.pages.items()} == expected
    assert resumed.duplicate_urls == 0
    assert {page.reuse for page in resumed.pages.values()} == {"not_modified", "carried"}
