"""The 整改 workflow end to end: a planted defect is found by a sweep, marked fixed, re-checked (still there:
reopened; fixed in the portal: verified), found again by the next sweep (reopened), and gone unmarked
(resolved). The site keeps its address through a relay while the portal behind it is swapped."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler import CrawlLimits, SiteTarget
from scheduler.checking import CHINA, check_sweep
from scheduler.cli import main
from scheduler.sweep import crawl_sweep, start_sweep
from scheduler.workflow import sync_problems
from storage import open_db
from storage.operations import list_problems
from testportal import Defects, PortalSpec, SiteSpec
from testportal.server import running_portal
from tests.operations.servers import Relay, port_of

SITE = "青山市人民政府"
LIMITS = CrawlLimits(max_pages_per_site=120, download_timeout=5, retries=0, autothrottle=False)


def _spec(defects: Defects) -> PortalSpec:
    today = datetime.now(CHINA).date()
    return PortalSpec(seed=7, as_of=today, sites=(SiteSpec(name="qs", pages=80, defects=defects),))


@pytest.fixture(scope="module")
def portals():
    with (
        running_portal(_spec(Defects(stale_column="tzgg"))) as broken,
        running_portal(_spec(Defects())) as fixed,
    ):
        relay = Relay(port_of(broken.urls["qs"]))
        yield relay, port_of(broken.urls["qs"]), port_of(fixed.urls["qs"])
        relay.close()


def _sweep(db_url: str, relay: Relay, tmp: Path) -> int:
    site = SiteTarget(name=SITE, base_url=relay.url, allow_private=True)
    sweep_id = start_sweep(db_url, [site], LIMITS, tmp / "snapshots")
    assert crawl_sweep(db_url, sweep_id, resume=False).complete
    engine = open_db(db_url)
    check_sweep(engine, sweep_id)
    sync_problems(engine, sweep_id)
    engine.dispose()
    return sweep_id


def _cli(capsys, *args: str) -> dict | list:
    capsys.readouterr()
    assert main([*args]) == 0
    return json.loads(capsys.readouterr().out)


def _stale(problems: list[dict]) -> dict:
    # A column finding targets the column's own list (issue 13): 通知公告 at /xwzx/tzgg/ behind the relay.
    return next(p for p in problems if p["check"] == "freshness" and p["target"].endswith("/xwzx/tzgg/"))


def test_a_fix_is_verified_by_recheck_and_a_reappearing_defect_reopens(portals, sqlite_url, tmp_path, capsys):
    relay, broken, fixed = portals
    db = ("--db", sqlite_url)
    first = _sweep(sqlite_url, relay, tmp_path)
    problem = _stale(_cli(capsys, "problems", "--site", SITE, "--format", "json", *db))
    assert problem["state"] == "open" and problem["first_sweep"] == first and problem["status"] == "fail"
    assert "「通知公告」" in problem["message"] and "tzgg" not in problem["message"]

    assert (
        main(
            ["problems", "mark", str(problem["id"]), "fixed", "--note", "已补发通知公告", "--by", "李明", *db]
        )
        == 0
    )
    still = _cli(capsys, "recheck", SITE, "--problem", str(problem["id"]), "--format", "json", *db)
    (row,) = still["results"]
    assert (row["before"], row["after"], row["status"]) == ("fixed", "reopened", "fail")
    assert 1 <= len(still["pages"]) <= 10  # only what the problem rests on, not a sweep

    relay.upstream = fixed
    main(["problems", "mark", str(problem["id"]), "fixed", "--note", "已补发通知公告", "--by", "李明", *db])
    done = _cli(capsys, "recheck", SITE, "--problem", str(problem["id"]), "--format", "json", *db)
    (row,) = done["results"]
    assert (row["before"], row["after"], row["status"]) == ("fixed", "verified", "pass")

    relay.upstream = broken
    again = _sweep(sqlite_url, relay, tmp_path)
    problem = _stale(list_problems(open_db(sqlite_url), sites=[SITE]))
    assert problem["state"] == "reopened" and problem["last_sweep"] == again
    assert problem["first_sweep"] == first  # the same problem, followed by its stable key

    relay.upstream = fixed
    _sweep(sqlite_url, relay, tmp_path)
    problem = _stale(list_problems(open_db(sqlite_url), sites=[SITE]))
    assert problem["state"] == "resolved"
    steps = [(h["from"], h["to"]) for h in problem["history"]]
    assert steps == [
        ("", "open"), ("open", "fixed"), ("fixed", "reopened"), ("reopened", "fixed"),
        ("fixed", "verified"), ("verified", "reopened"), ("reopened", "resolved"),
    ]  # fmt: skip
    assert problem["history"][1]["by"] == "李明" and problem["history"][1]["note"] == "已补发通知公告"
    assert problem["history"][4]["recheck"] and problem["history"][5]["sweep"] == again
