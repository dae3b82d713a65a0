"""Dates as people write them on Chinese government pages, and dates in URLs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crawler.extract.dates import (
    find_dates,
    first_date,
    is_date_only,
    normalize,
    partial_date,
    plausible,
    url_date,
    with_year,
)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-05",
        "2026/3/5",
        "2026.03.05",
        "2026年3月5日",
        "2026 年 3 月 5 日",
        "２０２６年３月５日",
        "２０２６－０３－０５",
        "二〇二六年三月五日",
        "发布时间：2026-03-05 08:16",
        "2026年03月05日 08时01分",
    ],
)
def test_full_dates_in_every_written_form(text: str) -> None:
    assert first_date(text) == date(2026, 3, 5)


def test_chinese_numeral_date_with_tens() -> None:
    assert first_date("二〇二五年十二月二十五日") == date(2025, 12, 25)
    assert normalize("二〇二六年十月一日") == "2026年10月1日"


@pytest.mark.parametrize(
    "text", ["000014348/2020-35428", "2020-13-01", "1-10月", "浙金罚决字〔2024〕52号", "20240511", "2024-07"]
)
def test_things_that_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_spans_point_at_each_date() -> None:
    text = "报名时间：2024年3月7日-4月26日 培训时间：2024年3月8日"
    hits = find_dates(text)
    assert [h.value for h in hits] == [date(2024, 3, 7), date(2024, 3, 8)]
    assert text[hits[1].start : hits[1].end] == "2024年3月8日"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[03-05]", (3, 5)),
        ("03-05", (3, 5)),
        ("3/5", (3, 5)),
        ("3月5日", (3, 5)),
        ("(10-11)", (10, 11)),
        ("【09-30】", (9, 30)),
        ("13-01", None),
        ("发布于 2024-03-05", None),
        ("10月9日至10日", None),
    ],
)
def test_year_less_dates_only_when_the_text_is_just_that(text: str, expected: tuple[int, int] | None) -> None:
    assert partial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("( 2024-05-11)", True),
        ("2024年12月07日 08时01分", True),
        ("2024年3月5日 星期二", True),
        ("发布日期：2024-06-13", True),
        ("10-11", True),
        ("2024-07-02 08:16来源：石家庄新闻网", False),
        ("03-05 置顶", False),
        ("（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）", False),
    ],
)
def test_date_only_texts(text: str, expected: bool) -> None:
    assert is_date_only(text) is expected


def test_year_comes_from_the_entry_url_first() -> None:
    assert with_year(10, 11, year_hint=2023, reference=date(2025, 11, 25)) == date(2023, 10, 11)


def test_year_is_the_one_nearest_the_reference_and_never_after_the_upper_bound() -> None:
    fetched = date(2025, 11, 25)
    assert with_year(10, 9, year_hint=None, reference=fetched, upper=fetched) == date(2025, 10, 9)
    assert with_year(12, 30, year_hint=None, reference=fetched, upper=fetched) == date(2024, 12, 30)
    assert with_year(1, 3, year_hint=None, reference=date(2023, 12, 30), upper=fetched) == date(2024, 1, 3)


@pytest.mark.parametrize(
    ("url", "day", "month"),
    [
        (
            "http://whlyj.beijing.gov.cn/zwgk/xwzx/hycz/201901/t20190110_1735605.html",
            date(2019, 1, 10),
            (2019, 1),
        ),
        ("http://ct.zj.gov.cn/art/2020/12/29/art_1229678763_4982889.html", date(2020, 12, 29), (2020, 12)),
        (
            "http://www.sc.gov.cn/10462/10464/10465/10595/2020/9/15/e651244f5f89400a95c651e2f53de7fe.shtml",
            date(2020, 9, 15),
            (2020, 9),
        ),
        (
            "http://wsjkw.sh.gov.cn/jcws2/20240511/b5c2db3d781e4c7fbcfb6bed2fe2d982.html",
            date(2024, 5, 11),
            (2024, 5),
        ),
        (
            "https://www.yichun.gov.cn/ycsrmzf/footer/2022-01/27/d8724f590464436195dc04696afea576/",
            date(2022, 1, 27),
            (2022, 1),
        ),
        (
            "https://www.yichun.gov.cn/ycsrmzf/tjgb/202305/36796cdc82d04268913f2884cf2fe579.shtml",
            None,
            (2023, 5),
        ),
        ("https://www.by.gov.cn/ywdt/zwyw/content/post_9901188.html", None, None),
        ("http://www.xa.gov.cn/xw/zwzx/qxrd/1833316118612205569.html", None, None),
    ],
)
def test_url_dates(url: str, day: date | None, month: tuple[int, int] | None) -> None:
    assert url_date(url) == (day, month)


def test_plausibility_window() -> None:
    fetched = datetime(2025, 11, 25, 12, 0)
    assert plausible(date(1995, 1, 1), fetched)
    assert plausible(date(2025, 11, 25), fetched)
    assert not plausible(date(2025, 11, 26), fetched)
    assert not plausible(date(1994, 12, 31), fetched)
