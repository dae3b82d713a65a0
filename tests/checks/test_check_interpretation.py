"""Interpretations: pairing with documents, the working-day lag, the 解读比例 and 双向关联."""

from __future__ import annotations

from datetime import date

import pytest
from checkviews import run_one, view_from_dict

from checks.matching import document_keys, interpretation_keys, pair_interpretations
from checks.model import Status

BASE = "https://www.example.gov.cn"
DOC_TITLE = "关于印发《示例市促进就业若干措施》的通知"


def _doc(n: int, published: date | None, title: str = DOC_TITLE, **extra) -> dict:
    """A 规范性文件 the site's own organisation issued (the hand-built view's site is 示例市人民政府)."""
    return {
        "url": f"{BASE}/zcwj/{n}.html",
        "title": title,
        "publish_date": published,
        "kind": "规范性文件",
        "fields": {"发布机构": "示例市人民政府办公室"},
        **extra,
    }


def _interp(n: int, published: date | None, title: str, **extra) -> dict:
    return {"url": f"{BASE}/zcjd/{n}.html", "title": title, "publish_date": published, **extra}


@pytest.mark.parametrize(
    "title",
    [
        "《示例市促进就业若干措施》政策解读",
        "一图读懂：示例市促进就业若干措施",
        "图解：关于印发示例市促进就业若干措施的通知",
        "【解读】示例市促进就业若干措施",
        "关于《示例市促进就业若干措施》的解读",
    ],
)
def test_interpretation_titles_match_their_document(title: str) -> None:
    view = view_from_dict(
        {
            "documents": [_doc(1, None), _doc(2, None, "关于做好防汛工作的通知")],
            "interpretations": [_interp(1, None, title)],
        }
    )
    [pair] = pair_interpretations(view.documents, view.interpretations)
    assert pair.document.url.endswith("/zcwj/1.html") and pair.by == "title"


def test_a_link_wins_over_titles_and_ambiguous_titles_stay_unmatched() -> None:
    view = view_from_dict(
        {
            "documents": [_doc(1, None), _doc(2, None, "示例市促进就业若干措施（示政发〔2026〕3号）")],
            "interpretations": [
                _interp(1, None, "《示例市促进就业若干措施》解读", links=[f"{BASE}/zcwj/2.html"]),
                _interp(2, None, "《示例市促进就业若干措施》解读"),
            ],
        }
    )
    pairs = pair_interpretations(view.documents, view.interpretations)
    assert [(p.document.url[-6:], p.by) for p in pairs] == [("2.html", "link")]
    assert "示例市促进就业若干措施" in document_keys(view.documents[1])
    assert interpretation_keys("一图读懂") == set()  # a bare prefix names no document


def test_an_interpretation_on_the_third_working_day_after_a_friday_passes_and_the_fourth_fails() -> None:
    friday = date(2026, 3, 6)
    view = view_from_dict(
        {
            "documents": [_doc(1, friday), _doc(2, friday, "关于印发《示例市数据条例》的通知")],
            "interpretations": [
                _interp(1, date(2026, 3, 11), "《示例市促进就业若干措施》政策解读"),
                _interp(2, date(2026, 3, 12), "《示例市数据条例》解读"),
            ],
        }
    )
    found = run_one("interpretation_lag", view, date(2026, 4, 1))
    assert [(f.target[-11:], f.status.value, f.measured) for f in found] == [
        ("zcwj/1.html", "pass", 3),
        ("zcwj/2.html", "fail", 4),
        ("ratio", "pass", 1.0),
    ]
    assert "相隔4个工作日，超过3个工作日的要求（应于2026年03月11日前发布）" in found[1].message
    assert not any(f.provisional for f in found)


def test_the_moved_saturday_counts_in_the_window() -> None:
    # Thursday 2026-02-12: +1 Fri 13, +2 Sat 14 (调休 working day), +3 Tue 24 after the Spring Festival
    view = view_from_dict(
        {
            "documents": [_doc(1, date(2026, 2, 12))],
            "interpretations": [_interp(1, date(2026, 2, 24), "《示例市促进就业若干措施》解读")],
        }
    )
    assert run_one("interpretation_lag", view, date(2026, 3, 2))[0].measured == 3
    late = view_from_dict(
        {
            "documents": [_doc(1, date(2026, 2, 12))],
            "interpretations": [_interp(1, date(2026, 2, 25), "《示例市促进就业若干措施》解读")],
        }
    )
    assert run_one("interpretation_lag", late, date(2026, 3, 2))[0].status is Status.FAIL


def test_documents_without_interpretation_are_listed_and_the_ratio_reported() -> None:
    view = view_from_dict(
        {
            "documents": [
                _doc(1, date(2026, 3, 2)),
                _doc(2, date(2026, 3, 2), "关于印发《示例市数据条例》的通知"),
                _doc(3, date(2026, 3, 27), "关于印发《示例市新规定》的通知"),
                _doc(4, date(2026, 3, 2), "权责清单", kind="权责清单"),
            ],
            "interpretations": [_interp(1, date(2026, 3, 3), "一图读懂示例市促进就业若干措施")],
        }
    )
    found = {
        f.target[-11:]: f for f in run_one("interpretation_lag", view, date(2026, 3, 30), {"min_ratio": 0.8})
    }
    assert (
        found["zcwj/2.html"].status is Status.FAIL
        and "至今未发现对应的政策解读" in found["zcwj/2.html"].message
    )
    assert found["zcwj/3.html"].status is Status.NOT_APPLICABLE  # its window is still open
    assert "zcwj/4.html" not in found  # not a kind that needs interpretation
    ratio = found["ratio"]
    assert (
        ratio.status is Status.FAIL
        and ratio.measured == 0.5
        and "《关于印发《示例市数据条例》的通知》" in ratio.message
    )


def test_an_open_window_warns_when_asked() -> None:
    view = view_from_dict({"documents": [_doc(1, date(2026, 3, 6))]})
    [doc, _] = run_one("interpretation_lag", view, date(2026, 3, 10), {"warn_working_days": 1})
    assert doc.status is Status.WARN and "还剩1个工作日" in doc.message


def test_a_window_into_a_provisional_year_is_flagged_and_said() -> None:
    view = view_from_dict(
        {
            "documents": [_doc(1, date(2026, 12, 31))],
            "interpretations": [_interp(1, date(2027, 1, 7), "《示例市促进就业若干措施》解读")],
        }
    )
    [doc, _] = run_one("interpretation_lag", view, date(2027, 2, 1))
    assert doc.status is Status.FAIL and doc.measured == 4 and doc.provisional
    assert "2027年国务院办公厅节假日安排尚未发布" in doc.message


def test_unknowns_are_unverifiable_never_fail() -> None:
    blocked = view_from_dict(
        {
            "columns": [{"id": "zcjd", "name": "政策解读", "visibility": "blocked"}],
            "documents": [_doc(1, date(2026, 3, 2))],
        }
    )
    assert [f.status for f in run_one("interpretation_lag", blocked, date(2026, 4, 1))] == [
        Status.UNVERIFIABLE
    ]
    undated = view_from_dict({"documents": [_doc(1, None)]})
    assert run_one("interpretation_lag", undated, date(2026, 4, 1))[0].reason == "no_date"
    unseen = view_from_dict(
        {
            "documents": [_doc(1, date(2026, 3, 2))],
            "interpretations": [_interp(9, date(2026, 3, 3), "某解读", page_seen=False)],
        }
    )
    assert run_one("interpretation_lag", unseen, date(2026, 4, 1))[0].status is Status.UNVERIFIABLE


def test_linkage_needs_links_both_ways() -> None:
    doc, interp = f"{BASE}/zcwj/1.html", f"{BASE}/zcjd/1.html"
    title = "《示例市促进就业若干措施》解读"

    def run(doc_links: list[str], interp_links: list[str], **interp_extra) -> object:
        view = view_from_dict(
            {
                "documents": [_doc(1, date(2026, 3, 2), links=doc_links)],
                "interpretations": [_interp(1, date(2026, 3, 3), title, links=interp_links, **interp_extra)],
            }
        )
        return run_one("linkage", view, date(2026, 4, 1))[0]

    assert run([interp], [doc]).status is Status.PASS
    one_way = run([interp], [])
    assert (
        one_way.status is Status.FAIL
        and "解读页面未链接回文件原文" in one_way.message
        and one_way.measured == 1
    )
    assert "文件页面未链接到解读" in run([], [doc]).message
    assert run([], [], page_seen=False).status is Status.UNVERIFIABLE
    assert run_one("linkage", view_from_dict({}), date(2026, 4, 1))[0].status is Status.NOT_APPLICABLE


def test_an_archive_document_older_than_the_calendar_is_unverifiable_not_a_crash() -> None:
    view = view_from_dict(
        {
            "documents": [
                _doc(1, date(2003, 5, 6)),
                _doc(2, date(2026, 3, 2), "关于印发《示例市数据条例》的通知"),
            ]
        }
    )
    old, new, ratio = run_one("interpretation_lag", view, date(2026, 4, 1))
    assert (old.status, old.reason) == (Status.UNVERIFIABLE, "no_calendar") and "超出工作日历" in old.message
    assert new.status is Status.FAIL and ratio.measured == 0.0
