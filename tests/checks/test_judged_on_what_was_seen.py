"""Issue 13: every column judged on its own, and only on what was seen (hand-built SiteViews)."""

from __future__ import annotations

import dataclasses
from datetime import date

from checkviews import BASE, run_one

from storage.views import ColumnView, HomepageView, ItemView, SiteView, Visibility

AS_OF = date(2026, 11, 20)
FRESH = ItemView("一条信息", f"{BASE}/a/1.html", date(2026, 11, 1))


def _col(
    key: str, name: str, category: str = "", items: tuple[ItemView, ...] = (), **kw: object
) -> ColumnView:
    url = f"{BASE}/{key}/"
    return ColumnView(id=category, name=name, url=url, key=url, category=category or None, items=items, **kw)


def _site(*columns: ColumnView, home: Visibility = Visibility.SEEN, **kw: object) -> SiteView:
    return SiteView(
        site="示例县人民政府",
        base_url=f"{BASE}/",
        homepage=HomepageView(url=f"{BASE}/", visibility=home),
        columns=columns,
        **kw,
    )


def test_a_blank_column_without_a_category_is_judged_and_named() -> None:
    view = _site(
        _col("tzgg", "通知公告", "tzgg", (FRESH,)), _col("fpgz", "扶贫工作"), _col("ggzy", "公共资源配置")
    )
    found = {f.target: f for f in run_one("blank_column", view, AS_OF)}
    assert {t.removeprefix(BASE): f.status.value for t, f in found.items()} == {
        "/tzgg/": "pass",
        "/fpgz/": "fail",
        "/ggzy/": "fail",
    }
    blank = found[f"{BASE}/fpgz/"]
    assert (
        blank.label == "扶贫工作"
        and blank.category == ""
        and blank.message.startswith("「扶贫工作」为空白栏目")
    )
    [total] = run_one("blank_columns_total", view, AS_OF, {"fail_at": 2})
    assert (total.status.value, total.measured) == ("fail", 2)  # columns are counted, not categories


def test_a_list_read_in_part_with_nothing_read_is_not_blank_but_unverifiable() -> None:
    partial = _col(
        "gkml", "部门文件", "zcwj", complete=False, reason="列表称共97条，读到0条", stated_total=97
    )
    [finding] = run_one("blank_column", _site(partial), AS_OF)
    assert (finding.status.value, finding.reason) == ("unverifiable", "incomplete")
    assert "列表称共97条" in finding.message
    [fresh] = run_one("freshness", _site(partial), AS_OF, {"column": "zcwj"})
    assert fresh.status.value == "unverifiable"


def test_a_partial_list_still_proves_what_its_first_page_shows() -> None:
    old = ItemView("旧文件", f"{BASE}/a/2.html", date(2026, 5, 4))
    partial = _col("gzdt", "工作动态", "gzdt", (old,), complete=False, reason="分页未跟进")
    [finding] = run_one("freshness", _site(partial), AS_OF, {"column": "gzdt", "max_age_days": 14})
    assert (finding.status.value, finding.measured) == ("fail", 200)


def test_an_unreachable_site_never_passes_a_site_wide_count() -> None:
    unseen = _col("tzgg", "通知公告", "tzgg", visibility=Visibility.FAILED, reason="dns")
    view = _site(unseen, home=Visibility.FAILED)
    for check in ("blank_columns_total", "stale_columns_total"):
        [finding] = run_one(check, view, AS_OF)
        assert finding.status.value == "unverifiable", (check, finding.message)
    [link_count, *_] = run_one("broken_links", view, AS_OF)
    assert link_count.status.value == "unverifiable"


def test_a_site_cut_short_fails_only_when_what_was_seen_reaches_the_limit() -> None:
    blanks = [_col(f"k{i}", f"空栏目{i}") for i in range(5)]
    view = _site(*blanks, not_followed={"page cap": 40})
    [finding] = run_one("blank_columns_total", view, AS_OF)
    assert finding.status.value == "fail" and "至少5个" in finding.message
    [under] = run_one("blank_columns_total", dataclasses.replace(view, columns=tuple(blanks[:2])), AS_OF)
    assert (under.status.value, under.reason) == ("unverifiable", "cut_short")


def test_a_message_names_a_year_less_date_as_the_page_showed_it() -> None:
    guessed = ItemView("一条动态", f"{BASE}/a/3.html", date(2026, 10, 18), year_inferred=True)
    [finding] = run_one(
        "freshness", _site(_col("gzdt", "工作动态", "gzdt", (guessed,))), AS_OF, {"column": "gzdt"}
    )
    assert "最近更新于10月18日" in finding.message and "2026年10月18日" not in finding.message
