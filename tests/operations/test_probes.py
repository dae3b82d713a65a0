"""Availability probes against the test portal: outcomes, stored probes, and the veto share computed from them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from checks.model import Status
from crawler.limits import SiteTarget
from crawler.outcome import FetchOutcome
from crawler.probe import probe
from scheduler.config_ops import ProbesConfig
from scheduler.probe_jobs import availability_finding, judge_availability, probe_site, register_site
from storage import open_db
from storage.models import SiteColumn
from storage.operations import ProbeWindow, record_probes
from storage.writer import finish_sweep, open_sweep
from testportal import Defects, PortalSpec, SiteSpec
from testportal.server import running_portal

RATES = {"quarter": (1, 4), "five": (1, 20), "three": (1, 30)}
CFG = ProbesConfig(every=60, timeout=5, window_days=1, min_per_day=20, columns=("xxgk",))


@pytest.fixture(scope="module")
def portal():
    spec = PortalSpec(
        seed=11,
        as_of=date(2026, 11, 20),
        sites=tuple(
            SiteSpec(name=n, pages=15, defects=Defects(homepage_fail_rate=r)) for n, r in RATES.items()
        )
        + (SiteSpec(name="hostile", pages=15, hostile=("slow_page", "challenge_412"), slow_seconds=3.0),),
    )
    with running_portal(spec) as running:
        yield running


@pytest.fixture
def engine(sqlite_url):
    engine = open_db(sqlite_url)
    yield engine
    engine.dispose()


def _target(portal, name: str) -> SiteTarget:
    return SiteTarget(name=name, base_url=portal.urls[name], allow_private=True)


@pytest.mark.parametrize(
    ("name", "rounds", "share", "status"),
    [("quarter", 20, 25.0, Status.FAIL), ("five", 40, 5.0, Status.FAIL), ("three", 30, 3.33, Status.WARN)],
)
def test_unreachable_share_comes_from_the_stored_probes(portal, engine, name, rounds, share, status):
    site = _target(portal, name)
    site_id = register_site(engine, site)
    outcomes = [
        kind_result[1].outcome
        for _ in range(rounds)
        for kind_result in probe_site(engine, site_id, site, CFG)
    ]
    k, n = RATES[name]
    assert outcomes.count(FetchOutcome.HTTP_ERROR) == rounds // n * k
    finding = availability_finding(
        engine, site_id, site.name, site.base_url, CFG, datetime.now(UTC) + timedelta(seconds=1)
    )
    assert (finding.status, finding.measured, finding.limit) == (status, share, 5.0)
    assert f"共监测首页{rounds}次" in finding.message and "HTTP错误" in finding.message


def test_a_short_window_warns_but_never_vetoes(portal, engine):
    site = _target(portal, "quarter")
    site_id = register_site(engine, site)
    for _ in range(8):
        probe_site(engine, site_id, site, CFG)
    finding = availability_finding(
        engine, site_id, site.name, site.base_url, CFG, datetime.now(UTC) + timedelta(seconds=1)
    )
    assert finding.status is Status.WARN and "尚不足20次" in finding.message


def test_probes_outside_the_window_do_not_count(engine):
    site = SiteTarget(name="old", base_url="http://127.0.0.1:9/", allow_private=True)
    site_id = register_site(engine, site)
    now = datetime.now(UTC)
    row = {"kind": "homepage", "url": site.base_url, "status": None, "latency_ms": 1, "error": ""}
    record_probes(engine, site_id, [row | {"at": now - timedelta(days=2), "outcome": "timeout"}] * 30)
    record_probes(engine, site_id, [row | {"at": now - timedelta(hours=1), "outcome": "ok"}] * 25)
    finding = availability_finding(engine, site_id, site.name, site.base_url, CFG, now)
    assert (finding.status, finding.measured) == (Status.PASS, 0.0)


def test_key_column_pages_found_by_the_last_sweep_are_probed_too(portal, engine):
    site = _target(portal, "three")
    site_id = register_site(engine, site)
    sweep_id = open_sweep(engine, {"sites": [{"name": site.name}], "limits": {}, "snapshot_dir": "/tmp"})
    column_url = site.base_url + "zwgk/"
    with Session(engine) as session, session.begin():
        session.add(
            SiteColumn(
                sweep_id=sweep_id, site_id=site_id, column_id="xxgk", name="政府信息公开", url=column_url
            )
        )
    assert [kind for kind, _ in probe_site(engine, site_id, site, CFG)] == ["homepage"]  # sweep not finished
    finish_sweep(engine, sweep_id, {}, complete=True)
    results = probe_site(engine, site_id, site, CFG)
    assert [(kind, result.url) for kind, result in results] == [
        ("homepage", site.base_url),
        ("xxgk", column_url),
    ]


def test_probe_outcomes_of_hostile_pages(portal):
    base = portal.urls["hostile"]
    slow = probe(base + "ztzl/slow_page/index.html", timeout=1.0, allow_private=True)
    assert slow.outcome is FetchOutcome.TIMEOUT and 1000 <= slow.latency_ms < 2500
    assert (
        probe(base + "ztzl/challenge_412/index.html", 5, allow_private=True).outcome is FetchOutcome.BLOCKED
    )
    assert probe(base, 5).outcome is FetchOutcome.PRIVATE_ADDRESS  # loopback needs allow_private
    assert probe("http://127.0.0.1:9/", 5, allow_private=True).outcome is FetchOutcome.CONNECTION_REFUSED


def test_blocked_probes_say_nothing_about_the_site():
    cfg = ProbesConfig(every=60, window_days=1, min_per_day=20)
    blocked = judge_availability(ProbeWindow({"ok": 20, "blocked": 15}), cfg, "甲", "http://a/")
    assert (blocked.status, blocked.measured) == (Status.PASS, 0.0)
    nothing = judge_availability(ProbeWindow({"blocked": 3}), cfg, "甲", "http://a/")
    assert nothing.status is Status.UNVERIFIABLE and nothing.reason == "no_probes"
    few = judge_availability(ProbeWindow({"ok": 10}), cfg, "甲", "http://a/")
    assert few.status is Status.UNVERIFIABLE and few.reason == "insufficient_probes"
