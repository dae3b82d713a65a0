"""Periods read from titles, the periodic coverage check and the deadline check."""

from __future__ import annotations

from datetime import date

import pytest
from checkviews import run_one, view_from_dict

from checks.model import Status
from checks.periods import Period, covered_periods, period_of, read_title


def _months(title: str, published: date | None = date(2026, 4, 15), rule: str = "all") -> list[str]:
    return sorted(
        (p.label_zh for p in covered_periods(read_title(title), "month", published, rule)),
        key=lambda s: (len(s), s),
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2026年3月份全市财政收支情况", ["2026年3月"]),
        ("2026年1-2月财政收支情况", ["2026年1月", "2026年2月"]),
        ("2026年1月至2月财政收支", ["2026年1月", "2026年2月"]),
        ("２０２６年１—２月财政收支", ["2026年1月", "2026年2月"]),
        ("前两个月财政收支", ["2026年1月", "2026年2月"]),
        ("一季度全市财政收支情况", ["2026年1月", "2026年2月", "2026年3月"]),
        ("十二月份财政收支", ["2025年12月"]),  # published in April 2026: about last December
        ("3月5日农产品价格", []),  # a day, not a period
        ("2025年政府信息公开工作年度报告", []),  # a yearly item covers no month
    ],
)
def test_titles_name_months(title: str, expected: list[str]) -> None:
    assert _months(title) == expected


def test_cumulative_ranges_cover_only_their_last_month_under_rule_last_except_jan_feb() -> None:
    assert _months("2026年1-3月财政收支", rule="last") == ["2026年3月"]
    assert _months("2026年1-2月财政收支", rule="last") == ["2026年1月", "2026年2月"]


def test_titles_name_quarters_halves_and_years() -> None:
    q = covered_periods(read_title("2026年上半年社会救助情况"), "quarter", None)
    assert sorted(p.index for p in q) == [1, 2]
    assert covered_periods(read_title("前三季度"), "half_year", date(2026, 10, 20)) == {
        Period("half_year", 2026, 1)
    }
    assert covered_periods(read_title("政府信息公开工作年度报告"), "year", date(2026, 1, 20)) == {
        Period("year", 2025, 1)
    }
    assert covered_periods(read_title("上年度行政执法数据"), "year", date(2026, 1, 5)) == {
        Period("year", 2025, 1)
    }
    assert covered_periods(read_title("2026年3月"), "year", None) == set()


def test_period_arithmetic_and_labels() -> None:
    assert period_of(date(2026, 3, 31), "five_days").label_zh == "2026年3月26日至31日"
    assert period_of(date(2026, 2, 28), "five_days").end == date(2026, 2, 28)
    assert period_of(date(2026, 1, 1), "week") == Period("week", 2026, 1)
    assert period_of(date(2025, 12, 29), "week").label_zh == "2026年第1周"
    assert Period("quarter", 2026, 4).next() == Period("quarter", 2027, 1)
    assert Period("half_year", 2026, 2).label_zh == "2026年下半年"


def _fiscal(*titles_and_dates: tuple[str, date], **extra) -> dict:
    items = [
        {"title": t, "url": f"https://www.example.gov.cn/czsz/{i}.html", "date": d}
        for i, (t, d) in enumerate(titles_and_dates)
    ]
    return {"columns": [{"id": "czsz", "name": "财政收支", "items": items, **extra}]}


def test_periodic_lists_the_missing_months_and_a_combined_report_covers_both() -> None:
    view = view_from_dict(
        _fiscal(
            ("2026年3月财政收支", date(2026, 4, 16)),
            ("2026年1-2月财政收支", date(2026, 3, 18)),
            ("2025年11月财政收支", date(2025, 12, 15)),
            ("2025年10月财政收支", date(2025, 11, 14)),
        )
    )
    [f] = run_one("periodic", view, date(2026, 4, 30), {"column": "czsz", "lag_days": 20, "lookback": 6})
    assert f.status is Status.FAIL and f.measured == 1
    assert "缺少1期：2025年12月" in f.message and "允许期满后20天内发布" in f.message
    assert [e.note for e in f.evidence] == ["缺少：2025年12月"]


def test_periodic_allows_the_publication_lag_before_a_period_is_due() -> None:
    view = view_from_dict(_fiscal(("2026年2月财政收支", date(2026, 3, 18))))
    params = {"column": "czsz", "lag_days": 20, "lookback": 1}
    assert run_one("periodic", view, date(2026, 4, 20), params)[0].status is Status.PASS  # March due 04-20
    [late] = run_one("periodic", view, date(2026, 4, 21), params)
    assert late.status is Status.FAIL and "2026年3月" in late.message


def test_periodic_warns_before_the_next_period_falls_due() -> None:
    view = view_from_dict(_fiscal(("2026年2月财政收支", date(2026, 3, 18))))
    params = {"column": "czsz", "lag_days": 20, "lookback": 1, "warn_days": 5}
    [f] = run_one("periodic", view, date(2026, 4, 16), params)
    assert f.status is Status.WARN and "2026年3月的信息尚未发布" in f.message


def test_periodic_by_week_uses_publication_dates_and_keywords_filter_items() -> None:
    items = [
        ("农产品价格周报", date(2026, 3, 3)),
        ("农产品价格周报", date(2026, 3, 17)),
        ("其他通知", date(2026, 3, 10)),
    ]
    view = view_from_dict(_fiscal(*items))
    [f] = run_one(
        "periodic",
        view,
        date(2026, 3, 23),
        {"column": "czsz", "period": "week", "lookback": 3, "keywords": ["农产品价格"]},
    )
    assert f.status is Status.FAIL and "2026年第11周" in f.message and f.measured == 1


def test_periodic_does_not_count_periods_older_than_a_cut_short_list_as_missing() -> None:
    view = view_from_dict(_fiscal(("2026年3月财政收支", date(2026, 4, 16)), complete=False))
    [f] = run_one("periodic", view, date(2026, 4, 30), {"column": "czsz", "lookback": 3})
    assert f.status is Status.UNVERIFIABLE and f.reason == "incomplete"


def test_periodic_of_an_unseen_column_is_unverifiable() -> None:
    view = view_from_dict({"columns": [{"id": "czsz", "visibility": "blocked"}]})
    assert run_one("periodic", view, date(2026, 4, 30), {"column": "czsz"})[0].status is Status.UNVERIFIABLE


BY_31_JANUARY = {"due_month": 1, "due_day": 31}  # the departments' date (by level: test_deadline_by_level)


def _reports(*titles_and_dates: tuple[str, date], **extra) -> object:
    items = [
        {"title": t, "url": f"https://www.example.gov.cn/ndbg/{i}.html", "date": d}
        for i, (t, d) in enumerate(titles_and_dates)
    ]
    return view_from_dict(
        {"columns": [{"id": "xxgknb", "name": "政府信息公开年报", "items": items, **extra}]}
    )


@pytest.mark.parametrize(("published", "status"), [(date(2026, 1, 31), "pass"), (date(2026, 2, 1), "fail")])
def test_deadline_annual_report_by_31_january(published: date, status: str) -> None:
    view = _reports(
        ("2025年政府信息公开工作年度报告", published), ("2024年政府信息公开工作年度报告", date(2025, 1, 20))
    )
    [f] = run_one("deadline", view, date(2026, 3, 1), {"column": "xxgknb", **BY_31_JANUARY})
    assert f.status.value == status and f.limit == "2026-01-31"


def test_deadline_missing_report_fails_and_the_deadline_day_itself_is_not_yet_late() -> None:
    view = _reports(("2024年政府信息公开工作年度报告", date(2025, 1, 20)))
    [f] = run_one("deadline", view, date(2026, 2, 1), {"column": "xxgknb", **BY_31_JANUARY})
    assert f.status is Status.FAIL and "未发现政府信息公开工作年度报告（2025年度）" in f.message
    [on_day] = run_one("deadline", view, date(2026, 1, 31), {"column": "xxgknb", **BY_31_JANUARY})
    assert on_day.status is Status.PASS and "2024年度" in on_day.message


def test_deadline_warns_ahead_and_reads_the_year_from_the_publication_date() -> None:
    view = _reports(("政府信息公开工作年度报告", date(2025, 1, 20)))  # no year in the title: about 2024
    [f] = run_one("deadline", view, date(2026, 1, 25), {"column": "xxgknb", "warn_days": 10, **BY_31_JANUARY})
    assert f.status is Status.WARN and "2025年度" in f.message


def test_deadline_unverifiable_when_the_list_was_cut_short_or_unseen() -> None:
    view = _reports(("2026年工作要点", date(2026, 2, 10)), complete=False)
    assert run_one("deadline", view, date(2026, 3, 1), {"column": "xxgknb"})[0].status is Status.UNVERIFIABLE
    blocked = view_from_dict({"columns": [{"id": "xxgknb", "visibility": "blocked"}]})
    assert (
        run_one("deadline", blocked, date(2026, 3, 1), {"column": "xxgknb"})[0].status is Status.UNVERIFIABLE
    )


def test_periodic_with_no_period_due_yet_is_not_applicable() -> None:
    view = view_from_dict(_fiscal(("2026年2月财政收支", date(2026, 3, 18))))
    [f] = run_one(
        "periodic", view, date(2026, 4, 20), {"column": "czsz", "lag_days": 20, "since": date(2026, 3, 1)}
    )
    assert f.status is Status.NOT_APPLICABLE and f.reason == "pending"


def test_january_reported_with_february_is_not_missing_before_februarys_due_day() -> None:
    """财政收支 reports 1-2月 together: on 3月2日 (lag 20) January is not yet owed; on 3月21日 both are."""
    december = {"title": "2025年1-12月全市财政收支情况", "date": date(2026, 1, 15)}
    view = view_from_dict({"columns": [{"id": "czsz", "name": "财政收支", "items": [december]}]})
    params = {"column": "czsz", "lag_days": 20, "lookback": 1, "ranges_cover": "last"}
    together = {**params, "january_with_february": True}
    [early] = run_one("periodic", view, date(2026, 3, 2), together)
    assert early.status.value == "pass"
    [alone] = run_one("periodic", view, date(2026, 3, 2), params)
    assert alone.status.value == "fail" and "2026年1月" in alone.message
    [late] = run_one("periodic", view, date(2026, 3, 21), {**together, "lookback": 2})
    assert late.status.value == "fail" and "2026年1月" in late.message and "2026年2月" in late.message
