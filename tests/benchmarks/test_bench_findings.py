"""The findings benchmark's scoring bites: findings are matched to planted defects whatever the target
format, and recall and precision count what they should (no sweep: hand-made manifest and findings)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks._findings_score import (  # noqa: E402
    ColumnIndex,
    Tally,
    annual_report_defect,
    norm_url,
    score_site,
    site_truth,
)

BASE = "http://127.0.0.1:8000"


def column(key: str, name: str, category: str, **extra):
    entry = {
        "key": key,
        "name": name,
        "category": category,
        "parent": "xwzx",
        "role": "list",
        "list_url": f"{BASE}/xwzx/{key}/index.html",
        "list_pages": [f"{BASE}/xwzx/{key}/index.html"],
        "items": 3,
        "newest_date": "2026-11-19",
        "blank": False,
        "stale": False,
        "visibility": "seen",
        "item_urls": [f"{BASE}/xwzx/{key}/t{i}.html" for i in range(3)],
    }
    return entry | extra


def manifest_site():
    doc, other = f"{BASE}/zcwj/t1.html", f"{BASE}/zcwj/t2.html"
    return {
        "column_list": [
            column("zwyw", "政务要闻", "gzdt"),
            column("xzdt", "乡镇动态", "gzdt", stale=True, newest_date="2025-10-01"),
            column("tjxx", "统计信息", "tjxx", visibility="blocked"),
        ],
        "articles": {
            doc: {"title": "关于印发《办法》的通知", "owes_interpretation": True, "interpretation": None},
            other: {"title": "关于印发《规定》的通知", "owes_interpretation": True, "interpretation": None},
        },
        "pages": {f"{BASE}/xwzx/tjxx/index.html": {"outcome": "blocked"}},
        "defects": [
            {"kind": "stale_column", "column": "xzdt", "url": f"{BASE}/xwzx/xzdt/index.html"},
            {"kind": "blocked_column", "column": "tjxx", "url": f"{BASE}/xwzx/tjxx/index.html"},
            {"kind": "missing_interpretation", "document": doc, "interpretation": None},
            {"kind": "broken_link", "url": f"{BASE}/wzdt/index.html", "linked_from": f"{BASE}/"},
        ],
        "columns": {},
    }


def finding(check, target, status="fail", evidence=(), message="", **extra):
    return {
        "check": check,
        "target": target,
        "status": status,
        "evidence": list(evidence),
        "message": message,
    }


def truth():
    return site_truth(manifest_site(), "s", "static", "市", date(2026, 11, 20), plan=[])


def test_urls_compare_without_default_document():
    assert norm_url(f"{BASE}/xwzx/gzdt/index.html") == norm_url(f"{BASE}/xwzx/gzdt/") == f"{BASE}/xwzx/gzdt/"
    assert norm_url(f"{BASE}/list.asp?classid=2#top") == f"{BASE}/list.asp?classid=2"


def test_a_column_finding_is_matched_by_url_evidence_or_category():
    index = ColumnIndex(manifest_site()["column_list"])
    by_url = finding("freshness", f"{BASE}/xwzx/xzdt/")
    by_item = finding("freshness", "gzdt", evidence=[{"url": f"{BASE}/xwzx/xzdt/t0.html"}])
    by_name = finding("freshness", "gzdt", message="「乡镇动态」最近更新于2025年10月01日")
    vague = finding("freshness", "gzdt", message="动态栏目")
    for f, how in ((by_url, "url"), (by_item, "evidence-item"), (by_name, "category+name")):
        columns, way = index.resolve(f)
        assert ([c["key"] for c in columns], way) == (["xzdt"], how)
    assert index.resolve(vague)[1] == "category-ambiguous"
    assert index.resolve(finding("freshness", "nothing"))[1] == "unmatched"


def test_hits_misses_and_false_alarms_are_counted():
    doc = f"{BASE}/zcwj/t1.html"
    findings = [
        finding("freshness", "gzdt", message="「乡镇动态」已415天未更新"),  # planted, old target format
        finding("freshness", f"{BASE}/xwzx/zwyw/", message="「政务要闻」…"),  # a clean column accused
        finding(  # broken links by scope: one planted URL, one clean
            "broken_links",
            "homepage_links",
            evidence=[
                {"url": f"{BASE}/", "note": f"{BASE}/wzdt/index.html（HTTP 404）"},
                {"url": f"{BASE}/", "note": f"{BASE}/ok.html（HTTP 500）"},
            ],
        ),
        finding("interpretation_lag", doc, status="not_applicable"),  # planted, missed
        finding("interpretation_lag", f"{BASE}/zcwj/t2.html"),  # clean document accused
        finding("blank_column", f"{BASE}/xwzx/tjxx/", status="unverifiable"),  # blocked, rightly unverifiable
    ]
    score = score_site(truth(), findings, outcomes={})
    t = score.tallies
    assert (t["stale_column"].tp, t["stale_column"].fn, t["stale_column"].fp) == (1, 0, 1)
    assert (t["broken_link"].tp, t["broken_link"].fp) == (1, 1)
    assert (t["interpretation"].tp, t["interpretation"].fn, t["interpretation"].fp) == (0, 1, 1)
    assert (t["blocked_column"].tp, t["blocked_column"].fn) == (1, 0)
    assert {a["kind"] for a in score.false_alarms} == {"stale_column", "broken_link", "interpretation"}
    assert all(a["clean"] for a in score.false_alarms)
    assert [m[0] for m in score.misses] == ["interpretation"]
    assert "interpretation_lag not_applicable" in score.misses[0][2]
    assert score.unseen_fails == []


def test_a_fail_on_a_blocked_column_is_an_alarm_on_something_unseen():
    findings = [finding("freshness", f"{BASE}/xwzx/tjxx/index.html", message="「统计信息」已400天未更新")]
    score = score_site(truth(), findings, outcomes={f"{BASE}/xwzx/tjxx/index.html": "blocked"})
    assert score.tallies["blocked_column"].fp == 1 and score.tallies["blocked_column"].fn == 1
    assert len(score.unseen_fails) == 1 and "blocked" in score.unseen_fails[0]


def test_recall_and_precision_arithmetic():
    t = Tally(tp=3, fn=1, fp=1)
    assert t.recall == 0.75 and t.precision == 0.75
    assert Tally().recall is None and Tally().precision is None
    t.add(Tally(tp=1, fn=0, fp=3))
    assert (t.tp, t.fn, t.fp) == (4, 1, 4) and t.precision == 0.5


def test_the_annual_report_deadline_follows_the_level():
    items = [
        {"title": "青山市人民政府2024年政府信息公开工作年度报告", "date": "2025-01-20"},
        {"title": "青山市人民政府2025年政府信息公开工作年度报告", "date": "2026-02-20"},
    ]
    between = date(2026, 3, 2)  # after 1月31日, before 3月31日
    assert annual_report_defect(items, "部门", between) == "2025年度报告 published 2026-02-20, due 2026-01-31"
    assert annual_report_defect(items, "市", between) is None  # 2025's is due 3月31日; 2024's was on time
    assert annual_report_defect(items, "", date(2026, 11, 20)) is None  # unknown level: the later date
    assert (
        annual_report_defect(items[:1], "县区", date(2026, 4, 1)) == "2025年度报告 missing (due 2026-03-31)"
    )
