"""The 整改 workflow on stored findings: open, found again, fixed, verified, reopened, resolved, history."""

from __future__ import annotations

import pytest

from scheduler.workflow import WorkflowError, changes_of, mark_fixed, sync_problems
from storage import open_db
from storage.operations import list_problems
from tests.operations.helpers import add_site, finding, sweep_with

STALE = finding("freshness", "tzgg", "fail", "通知公告最近更新于2025年1月1日，已323天未更新")
FRESH = finding("freshness", "tzgg", "pass")


@pytest.fixture
def engine(db_url):
    engine = open_db(db_url)
    yield engine
    engine.dispose()


def _only(engine) -> dict:
    (problem,) = list_problems(engine)
    return problem


def test_a_finding_found_again_is_the_same_problem(engine):
    site = add_site(engine)
    first = sweep_with(engine, site, [STALE, finding("presence", "qzqd", "pass")])
    sync_problems(engine, first)
    second = sweep_with(engine, site, [STALE])
    changes = sync_problems(engine, second)
    problem = _only(engine)
    assert problem["state"] == "open" and changes.moved == {}
    assert (problem["first_sweep"], problem["last_sweep"]) == (first, second)
    assert problem["first_seen"] < problem["last_seen"]
    assert [e["to"] for e in problem["history"]] == ["open"]
    assert (
        changes_of(engine, first).moved == {"open": [problem["id"]]}
        and changes_of(engine, second).moved == {}
    )


def test_fixed_then_gone_is_verified_and_found_again_is_reopened(engine):
    site = add_site(engine)
    sync_problems(engine, sweep_with(engine, site, [STALE]))
    problem_id = _only(engine)["id"]
    mark_fixed(engine, problem_id, "已发布新的通知公告", "李科长")
    assert _only(engine)["state"] == "fixed"
    sync_problems(engine, sweep_with(engine, site, [FRESH]))
    assert _only(engine)["state"] == "verified" and _only(engine)["closed_at"]
    again = sweep_with(engine, site, [STALE])
    changes = sync_problems(engine, again)
    problem = _only(engine)
    assert problem["state"] == "reopened" and changes.of("reopened") == [problem_id]
    assert problem["closed_at"] is None
    history = problem["history"]
    assert [(e["from"], e["to"]) for e in history] == [
        ("", "open"),
        ("open", "fixed"),
        ("fixed", "verified"),
        ("verified", "reopened"),
    ]
    assert history[1]["by"] == "李科长" and history[1]["note"] == "已发布新的通知公告"
    assert history[3]["sweep"] == again and "再次发现" in history[3]["note"]
    assert changes_of(engine, again).moved == {"reopened": [problem_id]}


def test_marked_fixed_but_still_found_is_reopened(engine):
    site = add_site(engine)
    sync_problems(engine, sweep_with(engine, site, [STALE]))
    mark_fixed(engine, _only(engine)["id"], "已更新", "王")
    sync_problems(engine, sweep_with(engine, site, [STALE]))
    problem = _only(engine)
    assert problem["state"] == "reopened" and "仍发现" in problem["history"][-1]["note"]


def test_gone_without_a_mark_is_resolved_only_when_judged(engine):
    site = add_site(engine)
    sync_problems(engine, sweep_with(engine, site, [STALE]))
    unseen = finding("freshness", "tzgg", "unverifiable", "通知公告被防护拦截")
    sync_problems(engine, sweep_with(engine, site, [unseen]))
    assert _only(engine)["state"] == "open"
    sync_problems(engine, sweep_with(engine, site, []))  # the check did not report the target at all
    assert _only(engine)["state"] == "open"
    sync_problems(engine, sweep_with(engine, site, [FRESH]))
    problem = _only(engine)
    assert problem["state"] == "resolved" and "自动关闭" in problem["history"][-1]["note"]


def test_sync_is_idempotent_and_older_sweeps_never_overwrite(engine):
    site = add_site(engine)
    old = sweep_with(engine, site, [STALE, finding("presence", "qzqd", "fail")])
    new = sweep_with(engine, site, [FRESH, finding("presence", "qzqd", "pass")])
    sync_problems(engine, new)
    sync_problems(engine, old)  # a re-check of the older sweep, synced late
    assert list_problems(engine) == []
    sync_problems(engine, old)
    assert list_problems(engine) == []
    third = sweep_with(engine, site, [STALE])
    sync_problems(engine, third)
    sync_problems(engine, third)
    assert len(_only(engine)["history"]) == 1
    sync_problems(engine, new)
    assert _only(engine)["state"] == "open"


def test_unfinished_sweeps_and_warnings_open_nothing(engine):
    site = add_site(engine)
    sync_problems(engine, sweep_with(engine, site, [STALE], finished=False))
    sync_problems(engine, sweep_with(engine, site, [finding("freshness", "gzdt", "warn")]))
    assert list_problems(engine) == []


def test_only_open_problems_can_be_marked_and_a_note_is_required(engine):
    site = add_site(engine)
    sync_problems(engine, sweep_with(engine, site, [STALE]))
    problem_id = _only(engine)["id"]
    with pytest.raises(WorkflowError, match="note"):
        mark_fixed(engine, problem_id, "  ", "王")
    mark_fixed(engine, problem_id, "已更新", "王")
    with pytest.raises(WorkflowError, match="fixed"):
        mark_fixed(engine, problem_id, "再次", "王")
    with pytest.raises(WorkflowError, match="does not exist"):
        mark_fixed(engine, 999, "x", "王")


def test_a_sweep_older_than_the_mark_does_not_reopen_it(engine):
    site = add_site(engine)
    sweep_id = sweep_with(engine, site, [STALE])
    sync_problems(engine, sweep_id)
    mark_fixed(engine, _only(engine)["id"], "已更新", "王")
    sync_problems(engine, sweep_id)  # e.g. the check run again, or a re-check syncing the latest sweep first
    assert _only(engine)["state"] == "fixed"
