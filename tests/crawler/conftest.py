"""Fixtures of the crawler tests: the demo portal served over HTTP, and one sweep of it into SQLite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from crawl_helpers import DEMO_LIMITS, Crawl, Stored, crawl, portal_sites, start_sweep, stored

from testportal import demo_spec
from testportal.server import RunningPortal, running_portal


@pytest.fixture(scope="session")
def demo_portal() -> Iterator[RunningPortal]:
    with running_portal(demo_spec()) as portal:
        yield portal


@pytest.fixture(scope="session")
def demo_sweep(demo_portal: RunningPortal, tmp_path_factory: pytest.TempPathFactory) -> tuple[Crawl, Stored]:
    """One sweep of the demo portal into SQLite, read by the focused tests of every module (they only read)."""
    root = tmp_path_factory.mktemp("demo")
    db_url = f"sqlite:///{root / 'govwatch.db'}"
    sweep_id = start_sweep(db_url, portal_sites(demo_portal.urls), DEMO_LIMITS, root / "snapshots")
    return crawl(db_url, sweep_id), stored(db_url, sweep_id)
