"""An interrupted sweep keeps what it stored and `--resume` finishes it without refetching or duplicating."""

from __future__ import annotations

import json
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_helpers import (
    REPO,
    crawl,
    crawler_command,
    hits_of,
    portal_sites,
    start_sweep,
    stored,
    wait_for_pages,
)

from crawler import CrawlLimits
from testportal import PortalSpec, SiteSpec
from testportal.server import RunningPortal, running_portal
from testportal.spec import DEMO_AS_OF

pytestmark = pytest.mark.slow
# Two clean sites, paced (two connections and 20 ms between requests per site) so that a crawl of
# several hundred pages lasts a few seconds and can be interrupted half-way.
LIMITS = CrawlLimits(concurrency_per_site=2, download_delay=0.02, retries=0, download_timeout=10)
SPEC = PortalSpec(
    seed=3,
    as_of=DEMO_AS_OF,
    sites=(
        SiteSpec(name="alpha", style="static", pages=220),
        SiteSpec(name="beta", style="legacy_gbk", pages=120),
    ),
)


@pytest.fixture(scope="module")
def portal() -> Iterator[RunningPortal]:
    with running_portal(SPEC) as running:
        yield running


def outcomes(db_url: str, sweep_id: int) -> set[tuple[object, ...]]:
    """Each page's outcome and what was read from it: a resumed sweep reads pages as a whole one does
    (its list entries pass their titles and dates to the pages they link, --resume included)."""
    return {
        (page.url, page.outcome, page.kind, page.publish_date, page.column_id, page.column_name)
        for page in stored(db_url, sweep_id).pages.values()
    }


def interrupt(
    db_url: str, sweep_id: int, sig: signal.Signals, after_pages: int
) -> subprocess.CompletedProcess[str]:
    """Start the crawler, send it `sig` once `after_pages` pages are stored, and wait for it to end."""
    with tempfile.TemporaryFile("w+") as stderr:  # a file: a full pipe would stall the crawler
        process = subprocess.Popen(
            crawler_command(db_url, sweep_id), cwd=REPO, stdout=subprocess.PIPE, stderr=stderr, text=True
        )
        try:
            wait_for_pages(db_url, sweep_id, after_pages)
        finally:
            process.send_signal(sig)
        stdout, _ = process.communicate(timeout=60)
        stderr.seek(0)
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr.read())


def test_sigkill_then_resume_ends_like_an_uninterrupted_sweep(db_url: str, portal, tmp_path: Path) -> None:
    sites = portal_sites(portal.urls)
    sweep_id = start_sweep(db_url, sites, LIMITS, tmp_path / "snapshots")
    portal.hits(reset=True)
    killed = interrupt(db_url, sweep_id, signal.SIGKILL, after_pages=60)
    assert killed.returncode == -signal.SIGKILL
    before = stored(db_url, sweep_id)
    assert before.sweep.state == "unfinished" and len(before.pages) >= 60
    total = sum(len(s["pages"]) for s in portal.manifest["sites"].values())
    assert len(before.pages) < total, "the crawl finished before it was killed; nothing was tested"

    portal.hits(reset=True)
    resumed = crawl(db_url, sweep_id, resume=True)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    refetched = [url for site in portal.urls for url in hits_of(portal, site) if url in before.pages]
    assert not refetched, f"stored pages fetched again: {refetched[:5]}"

    after = stored(db_url, sweep_id)
    assert after.duplicate_urls == 0
    assert after.sweep.state == "finished" and after.sweep.resumed_count == 1
    assert all(after.pages[url].id == page.id for url, page in before.pages.items())  # stored rows intact
    assert resumed.done["sites"]["alpha"]["pages_tried"] == len(
        [p for p in after.pages if p.startswith(portal.urls["alpha"])]
    )

    clean_id = start_sweep(db_url, sites, LIMITS, tmp_path / "snapshots")
    assert crawl(db_url, clean_id).returncode == 0
    assert outcomes(db_url, sweep_id) == outcomes(db_url, clean_id)


def test_sigterm_stores_what_was_fetched_and_leaves_the_sweep_unfinished(
    portal, sqlite_url: str, tmp_path: Path
) -> None:
    sweep_id = start_sweep(sqlite_url, portal_sites(portal.urls), LIMITS, tmp_path / "snapshots")
    stopped = interrupt(sqlite_url, sweep_id, signal.SIGTERM, after_pages=20)
    assert stopped.returncode == 3, stopped.stderr[-2000:]
    total = sum(len(s["pages"]) for s in portal.manifest["sites"].values())
    done = json.loads(stopped.stdout.splitlines()[-1])
    assert done["event"] == "done" and done["complete"] is False
    data = stored(sqlite_url, sweep_id)
    assert data.sweep.state == "unfinished" and data.sweep.pid is None
    assert len(data.pages) < total, "the crawl finished before the signal; nothing was tested"
    assert sum(site["pages_tried"] for site in done["sites"].values()) == len(
        data.pages
    )  # every record flushed
    assert {name: row.pages_tried for name, row in data.coverage.items()} == {
        name: site["pages_tried"] for name, site in done["sites"].items()
    }
    finished = crawl(sqlite_url, sweep_id, resume=True)
    assert finished.returncode == 0 and stored(sqlite_url, sweep_id).sweep.state == "finished"
