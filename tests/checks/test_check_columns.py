"""Column checks on hand-built SiteViews: presence, freshness, homepage, blank columns, site totals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from checkviews import BASE, run_one, view_from_dict

from checks.model import Status

AS_OF = date(2026, 3, 2)


def _col(cid: str, *ages: int | None, **extra) -> dict:
    items = [
        {
            "title": f"信息{i}",
            "url": f"https://www.example.gov.cn/{cid}/{i}.html",
            "date": None if age is None else AS_OF - timedelta(days=age),
        }
        for i, age in enumerate(ages)
    ]
    return {"id": cid, "name": extra.pop("name", cid), "items": items, **extra}


def _statuses(findings) -> list[str]:
    return [f.status.value for f in findings]


# freshness


def test_freshness_fails_past_the_limit_with_the_message_a_manager_needs() -> None:
    view = view_from_dict({"columns": [_col("tzgg", 263, 300, name="通知公告")]})
    [f] = run_one("freshness", view, AS_OF, {"column": "tzgg", "max_age_days": 180})
    assert (f.status, f.measured, f.limit) == (Status.FAIL, 263, 180)
    assert f.message == (
        "「通知公告」最近更新于2025年06月12日，已263天未更新，超过180天的要求。请及时发布或更新该栏目内容。"
    )
    assert f.target == "https://www.example.gov.cn/tzgg/" and f.label == "通知公告" and f.category == "tzgg"
    assert f.evidence[0].url == f.target  # the column's list, then its newest item
    assert f.evidence[1].url.endswith("/tzgg/0.html") and f.evidence[1].date == date(2025, 6, 12)


@pytest.mark.parametrize(
    ("age", "status"), [(180, "warn"), (181, "fail"), (166, "warn"), (165, "pass"), (0, "pass")]
)
def test_freshness_limit_is_inclusive_and_warns_warn_days_before_it(age: int, status: str) -> None:
    view = view_from_dict({"columns": [_col("tzgg", age)]})
    [f] = run_one("freshness", view, AS_OF, {"column": "tzgg", "max_age_days": 180, "warn_days": 14})
    assert f.status.value == status and f.measured == age


def test_freshness_takes_the_newest_item_not_the_pinned_first_row() -> None:
    col = _col("gzdt", 400, 3)
    col["items"][0]["pinned"] = True
    [f] = run_one(
        "freshness", view_from_dict({"columns": [col]}), AS_OF, {"column": "gzdt", "max_age_days": 14}
    )
    assert f.status is Status.PASS and f.measured == 3


def test_freshness_ignores_undated_and_future_items() -> None:
    view = view_from_dict({"columns": [_col("gzdt", None, -5, 20)]})
    [f] = run_one("freshness", view, AS_OF, {"column": "gzdt", "max_age_days": 14})
    assert f.status is Status.FAIL and f.measured == 20


def test_freshness_counts_a_column_of_undated_items_as_not_updated() -> None:
    view = view_from_dict({"columns": [_col("gzdt", None, None, name="工作动态")]})
    [f] = run_one("freshness", view, AS_OF, {"column": "gzdt", "max_age_days": 14})
    assert f.status is Status.FAIL and f.measured is None and "均无有效发布日期" in f.message


@pytest.mark.parametrize("visibility", ["blocked", "failed", "unrendered"])
def test_freshness_of_an_unseen_column_is_unverifiable_never_fail(visibility: str) -> None:
    view = view_from_dict(
        {"columns": [_col("tzgg", visibility=visibility, reason="HTTP 412", name="通知公告")]}
    )
    [f] = run_one("freshness", view, AS_OF, {"column": "tzgg"})
    assert f.status is Status.UNVERIFIABLE and f.reason == visibility and "不计为问题" in f.message


def test_freshness_of_an_absent_or_blank_column_is_left_to_presence_and_blank_column() -> None:
    view = view_from_dict({"columns": [_col("tzgg"), _col("zcwj", visibility="absent")]})
    assert _statuses(run_one("freshness", view, AS_OF, {"column": "tzgg"})) == ["not_applicable"]
    assert _statuses(run_one("freshness", view, AS_OF, {"column": "zcwj"})) == ["not_applicable"]
    assert _statuses(run_one("freshness", view, AS_OF, {"column": "rsxx"})) == ["not_applicable"]


# homepage_freshness


@pytest.mark.parametrize(("age", "status"), [(9, "pass"), (10, "warn"), (14, "warn"), (15, "fail")])
def test_homepage_fails_after_14_days_and_warns_from_10(age: int, status: str) -> None:
    view = view_from_dict(
        {
            "homepage": {
                "items": [
                    {
                        "title": "要闻",
                        "url": "https://www.example.gov.cn/1.html",
                        "date": AS_OF - timedelta(days=age),
                    }
                ]
            }
        }
    )
    [f] = run_one("homepage_freshness", view, AS_OF)
    assert f.status.value == status and f.measured == age and f.limit == 14


def test_homepage_items_without_dates_count_as_not_updated() -> None:
    view = view_from_dict(
        {"homepage": {"items": [{"title": "无日期", "url": "https://www.example.gov.cn/1.html"}]}}
    )
    [f] = run_one("homepage_freshness", view, AS_OF)
    assert f.status is Status.FAIL and "无日期的信息按未更新计" in f.message


def test_a_navigation_only_homepage_is_judged_by_its_second_level_pages() -> None:
    view = view_from_dict({"homepage": {}, "columns": [_col("gzdt", 30), _col("tzgg", 2)]})
    [f] = run_one("homepage_freshness", view, AS_OF)
    assert f.status is Status.PASS and f.measured == 2 and "二级页面" in f.message
    blocked = view_from_dict(
        {"homepage": {}, "columns": [_col("gzdt", 30), _col("tzgg", visibility="blocked")]}
    )
    assert _statuses(run_one("homepage_freshness", blocked, AS_OF)) == ["unverifiable"]


def test_a_blocked_or_missing_homepage_is_unverifiable() -> None:
    blocked = view_from_dict({"homepage": {"visibility": "blocked"}})
    assert _statuses(run_one("homepage_freshness", blocked, AS_OF)) == ["unverifiable"]
    assert _statuses(run_one("homepage_freshness", view_from_dict({}), AS_OF)) == ["unverifiable"]


# blank_column and the site totals


def test_blank_column_fails_empty_columns_only() -> None:
    view = view_from_dict(
        {
            "columns": [
                _col("xxgk"),
                _col("zcwj", parent="xxgk"),
                _col("tzgg", 3),
                _col("zt", name="专题专栏"),
                _col("gzdt", visibility="unrendered"),
                _col("rsxx", visibility="absent"),
            ]
        }
    )
    found = {f.target.removeprefix(BASE).strip("/"): f for f in run_one("blank_column", view, AS_OF)}
    assert {t: f.status.value for t, f in found.items()} == {
        "xxgk": "pass",
        "zcwj": "fail",
        "tzgg": "pass",
        "zt": "fail",
        "gzdt": "unverifiable",
    }
    assert found["zt"].message.startswith("「专题专栏」为空白栏目")
    # An absent column is not judged here: presence reports it.
    assert _statuses(run_one("blank_column", view, AS_OF, {"columns": ["tzgg", "rsxx"]})) == ["pass"]


@pytest.mark.parametrize(
    ("blank", "unseen", "status"),
    [(2, 0, "pass"), (3, 0, "warn"), (4, 0, "warn"), (5, 0, "fail"), (3, 2, "unverifiable"), (3, 1, "warn")],
)
def test_blank_columns_total_warns_above_2_and_fails_at_5(blank: int, unseen: int, status: str) -> None:
    columns = [_col(f"b{i}") for i in range(blank)] + [
        _col(f"u{i}", visibility="blocked") for i in range(unseen)
    ]
    [f] = run_one("blank_columns_total", view_from_dict({"columns": columns + [_col("ok", 1)]}), AS_OF)
    assert f.status.value == status and f.target == "site"
    if status != "unverifiable":
        assert f.measured == blank


@pytest.mark.parametrize(("stale", "status"), [(6, "pass"), (7, "warn"), (9, "warn"), (10, "fail")])
def test_stale_columns_total_warns_above_6_and_fails_at_10(stale: int, status: str) -> None:
    columns = [_col(f"c{i}", 400) for i in range(stale)] + [_col("fresh", 1)]
    [f] = run_one(
        "stale_columns_total", view_from_dict({"columns": columns}), AS_OF, {"other_max_age_days": 365}
    )
    assert f.status.value == status and f.measured == stale


def test_stale_columns_total_uses_the_limit_of_each_column_class() -> None:
    view = view_from_dict(
        {
            "columns": [
                _col("dtyw", 15),
                _col("gzdt", 14),
                _col("tzgg", 181),
                _col("zcwj", None),
                _col("other", 999),
                _col("blank"),
            ]
        }
    )
    [f] = run_one("stale_columns_total", view, AS_OF, {"fail_at": 3, "warn_above": 1})
    assert f.status is Status.FAIL and f.measured == 3
    assert [e.url.rsplit("/", 2)[-2] for e in f.evidence] == ["dtyw", "tzgg", "zcwj"]


# presence


def test_presence_passes_a_column_where_it_belongs_under_the_required_name() -> None:
    view = view_from_dict(
        {
            "homepage": {},
            "columns": [
                _col("xxgk", name="政府信息公开"),
                _col("xxgkzn", 3, parent="xxgk", name="政府信息公开指南"),
            ],
            "links": [
                {"from_url": "https://www.example.gov.cn/", "to_url": "https://www.example.gov.cn/xxgk/"}
            ],
        }
    )
    assert _statuses(
        run_one(
            "presence", view, AS_OF, {"column": "xxgk", "on_homepage": True, "required_name": "政府信息公开"}
        )
    ) == ["pass"]
    assert _statuses(run_one("presence", view, AS_OF, {"column": "xxgkzn", "within": "xxgk"})) == ["pass"]


def test_presence_fails_a_missing_column_or_a_wrong_name_or_place() -> None:
    view = view_from_dict({"homepage": {}, "columns": [_col("xxgk", name="政务公开"), _col("xxgkzn", 1)]})
    [missing] = run_one("presence", view, AS_OF, {"column": "zcjd", "name": "政策解读"})
    assert missing.status is Status.FAIL and missing.message.startswith("网站未设置「政策解读」栏目")
    [named] = run_one(
        "presence", view, AS_OF, {"column": "xxgk", "required_name": "政府信息公开", "on_homepage": True}
    )
    assert named.status is Status.FAIL
    assert "应统一为「政府信息公开」" in named.message and "首页未设置入口" in named.message
    [placed] = run_one("presence", view, AS_OF, {"column": "xxgkzn", "within": "xxgk", "name": "公开指南"})
    assert placed.status is Status.FAIL and "未设置在「政务公开」下" in placed.message


def test_presence_cannot_tell_absence_when_the_page_it_belongs_on_was_not_seen() -> None:
    view = view_from_dict(
        {"homepage": {"visibility": "blocked"}, "columns": [_col("xxgk", visibility="failed")]}
    )
    assert _statuses(run_one("presence", view, AS_OF, {"column": "zcjd"})) == ["unverifiable"]
    assert _statuses(run_one("presence", view, AS_OF, {"column": "xxgkzn", "within": "xxgk"})) == [
        "unverifiable"
    ]
    seen_home = view_from_dict({"homepage": {}, "columns": [_col("xxgk", visibility="failed")]})
    assert _statuses(run_one("presence", seen_home, AS_OF, {"column": "xxgkzn", "within": "xxgk"})) == [
        "unverifiable"
    ]
