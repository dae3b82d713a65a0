"""A rulebook's checks run over one site's view through the real runner, then score: findings to verdict."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from checks.context import CheckContext
from checks.rulebook import find_rulebooks, get_rulebook
from checks.scoring import ScoreStatus, collect_findings, score, site_totals
from checks.workdays import WorkdayCalendar
from storage.views import ColumnView, HomepageView, ItemView, SiteView, Visibility

AS_OF = date(2026, 11, 20)
BASE = "https://www.example.gov.cn"


def column(cid: str, name: str, *dates: date) -> ColumnView:
    items = tuple(
        ItemView(title=f"{name}{i}", url=f"{BASE}/{cid}/{i}.html", date=d) for i, d in enumerate(dates)
    )
    return ColumnView(id=cid, name=name, url=f"{BASE}/{cid}/", items=items)


def healthy_site(homepage_date: date = date(2026, 11, 18)) -> SiteView:
    return SiteView(
        site="示例区人民政府",
        base_url=f"{BASE}/",
        homepage=HomepageView(
            url=f"{BASE}/", items=(ItemView(title="要闻", url=f"{BASE}/gzdt/0.html", date=homepage_date),)
        ),
        columns=(
            column("gzdt", "工作动态", date(2026, 11, 15)),
            column("tzgg", "通知公告", date(2026, 10, 1)),
            column("zcwj", "政策文件", date(2026, 9, 1)),
            column("zcjd", "政策解读", date(2026, 9, 2)),
            column("hdjl", "互动交流", date(2026, 11, 1)),
            column("rsxx", "人事信息"),  # blank
        ),
    )


def run(rulebook_id: str, view: SiteView):
    rulebook = get_rulebook(rulebook_id)
    ctx = CheckContext(as_of=AS_OF, calendar=WorkdayCalendar.default(), site=view.site)
    findings = collect_findings(view, rulebook, ctx, strict=True)
    rows = score(rulebook, {view.site: findings})
    return rulebook, {r.indicator: r for r in rows}, site_totals(rulebook, rows)[0]


def test_national_2019_scores_a_healthy_site_from_its_view() -> None:
    _, rows, total = run("national-2019", healthy_site())
    auto = {i: r.points for i, r in rows.items() if r.mode == "auto" and r.part == "score"}
    assert auto == {
        "K.1.4": 6,
        "K.1.5": 5,
        "K.1.6": 4,
        "K.1.7": 7,
        "K.1.8": 1,
        "K.1.9": 1,
        "K.3.3": 8,
        "K.3.4.1": 3,
        "K.4.3": 5,
        "K.4.4": 0,
    }
    # the blank column, −1, named by its own list (issue 13)
    assert [f.target for f in rows["K.1.7"].findings] == ["https://www.example.gov.cn/rsxx/"]
    assert [f.status for f in rows["K.4.4"].findings] == ["fail"]  # no 我为政府网站找错 entry
    assert {rows[v].status for v in ("V.2", "V.3.1", "V.3.2", "V.3.3")} == {ScoreStatus.SCORED}
    assert (total.auto_points, total.vetoed_by, total.awaiting_manual) == (40, (), 57)


def test_national_2019_vetoes_a_homepage_not_updated_for_two_weeks() -> None:
    _, rows, total = run("national-2019", healthy_site(homepage_date=date(2026, 10, 1)))
    assert rows["V.2"].status is ScoreStatus.VETOED
    assert rows["K.1.4"].status is ScoreStatus.NOT_SCORED
    assert (total.verdict, total.total) == ("不合格", None)


def test_an_unseen_column_is_withheld_not_lost() -> None:
    view = healthy_site()
    hidden = tuple(
        dataclasses.replace(c, visibility=Visibility.BLOCKED, items=()) if c.id == "zcwj" else c
        for c in view.columns
    )
    _, rows, total = run("national-2019", dataclasses.replace(view, columns=hidden))
    assert (rows["K.1.5"].status, rows["K.1.5"].points, rows["K.1.5"].withheld) == (
        ScoreStatus.UNVERIFIABLE,
        0,
        5,
    )
    assert total.withheld >= 5


@pytest.mark.parametrize("rulebook_id", sorted(find_rulebooks()))
def test_every_shipped_rulebook_runs_and_scores_a_site(rulebook_id: str) -> None:
    rulebook, rows, total = run(rulebook_id, healthy_site())
    assert set(rows) == {n.id for n in rulebook.leaves()}
    assert not [i for i, r in rows.items() if r.mode == "auto" and "检查未运行" in r.note]
    assert total.total is not None and total.auto_points >= 0
