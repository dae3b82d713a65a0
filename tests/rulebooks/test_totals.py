"""Vetoes, caps, the 75 × 4/3 rule, the verdict, manual scores merged into totals, totals per 责任单位."""

from __future__ import annotations

import pytest
from rbhelpers import HEAD, book, finding, found, ran_clean

from checks.scoring import ManualScoreError, ScoreStatus, score, site_totals, unit_totals

NATIONAL_LIKE = """
[[indicator]]
id = "V"
name = "单项否决"
part = "veto"

[[indicator]]
id = "V.1"
name = "首页不更新"
mode = "auto"
source_text = "监测2周，首页栏目无信息更新的"
checks = [{ check = "homepage_freshness", params = {} }]
rule = { kind = "veto" }

[[indicator]]
id = "V.2"
name = "互动回应差"
mode = "manual"
source_text = "超过3个月未回应"

[[indicator]]
id = "K"
name = "扣分指标"
points = 100
part = "score"
rescale_exempt = true

[[indicator]]
id = "K.1"
name = "发布解读"
points = 75
units = ["区政府办公室"]

[[indicator]]
id = "K.1.1"
name = "栏目"
points = 60
mode = "auto"
source_text = "栏目"
checks = [{ check = "presence", params = { column = "zcwj" } }]
rule = { kind = "all_or_nothing" }

[[indicator]]
id = "K.1.2"
name = "机构职能"
points = 15
mode = "manual"
source_text = "机构职能"
units = ["区编办"]

[[indicator]]
id = "K.2"
name = "办事服务"
points = 25
exempt_if = "no_services"

[[indicator]]
id = "K.2.1"
name = "办事指南"
points = 25
mode = "manual"
source_text = "办事指南"

[[indicator]]
id = "J"
name = "加分指标"
points = 30
part = "bonus"

[[indicator]]
id = "J.1"
name = "数据发布"
points = 30
mode = "manual"
source_text = "数据发布"
"""
VERDICT = HEAD + "total = 100\nverdict = { fail_below = 60, bonus_above = 80 }\n"


@pytest.fixture
def rb():
    return book(NATIONAL_LIKE, VERDICT)


def run(rb, findings=None, manual=None, flags=None, site="site-a"):
    rows = score(
        rb,
        {site: findings if findings is not None else ran_clean(rb)},
        manual={site: manual or {}},
        site_flags=flags,
    )
    [total] = site_totals(rb, rows)
    return {r.indicator: r for r in rows}, total


def test_a_veto_fails_the_site_and_leaves_nothing_else_scored(rb) -> None:
    findings = {**ran_clean(rb), **found(rb, "V.1", finding("homepage_freshness", "fail", "homepage"))}
    rows, total = run(rb, findings, manual={"K.1.2": (15, "")})
    assert rows["V.1"].status is ScoreStatus.VETOED
    assert {rows[i].status for i in ("K.1.1", "K.1.2", "K.2.1", "J.1")} == {ScoreStatus.NOT_SCORED}
    assert all(rows[i].points == 0 for i in ("K.1.1", "K.1.2"))
    assert (total.verdict, total.total, total.score, total.vetoed_by) == ("不合格", None, None, ("V.1",))


def test_a_manual_veto_entry_of_1_applies_and_0_does_not(rb) -> None:
    _, applied = run(rb, manual={"V.2": (1, "留言超过3个月未回应")})
    assert applied.vetoed_by == ("V.2",)
    rows, cleared = run(rb, manual={"V.2": (0, "")})
    assert not cleared.vetoed_by and rows["V.2"].status is ScoreStatus.SCORED


def test_a_veto_set_to_flag_keeps_the_other_scores(rb) -> None:
    flag = book(NATIONAL_LIKE, HEAD + 'verdict = { fail_below = 60, veto = "flag" }\n')
    findings = {**ran_clean(flag), **found(flag, "V.1", finding("homepage_freshness", "fail", "homepage"))}
    rows, total = run(flag, findings, manual={"V.2": (0, "")})
    assert rows["K.1.1"].status is ScoreStatus.SCORED and rows["K.1.1"].points == 60
    assert total.verdict == "不合格" and total.score == 60


def test_an_undecided_veto_makes_the_verdict_provisional(rb) -> None:
    findings = {
        **ran_clean(rb),
        **found(rb, "V.1", finding("homepage_freshness", "unverifiable", "homepage")),
    }
    everything = {"V.2": (0, ""), "K.1.2": (15, ""), "K.2.1": (25, ""), "J.1": (10, "")}
    rows, total = run(rb, findings, manual=everything)
    assert rows["V.1"].status is ScoreStatus.UNVERIFIABLE
    assert total.verdict == "合格" and total.provisional


def test_manual_scores_are_merged_into_totals_but_kept_apart(rb) -> None:
    rows, total = run(rb, manual={"V.2": (0, ""), "K.1.2": (10, "电话测试：未接通"), "K.2.1": (20, "")})
    assert rows["K.1.2"].mode == "manual" and rows["K.1.2"].note == "电话测试：未接通"
    assert (total.auto_points, total.manual_points, total.score) == (60, 30, 90)
    assert total.awaiting_manual == 0 and total.bonus_counted and total.verdict == "合格"


def test_a_manual_entry_overrides_an_auto_leaf(rb) -> None:
    rows, total = run(rb, manual={"K.1.1": (30, "核减：栏目实际存在但内容陈旧")})
    assert rows["K.1.1"].mode == "manual" and rows["K.1.1"].points == 30
    assert "覆盖自动评分" in rows["K.1.1"].note and total.auto_points == 0


def test_manual_leaves_without_an_entry_await_and_keep_the_verdict_open(rb) -> None:
    rows, total = run(rb, manual={"V.2": (0, "")})
    assert rows["K.1.2"].status is ScoreStatus.AWAITING_MANUAL
    assert (total.score, total.awaiting_manual, total.verdict) == (60, 40, "合格")
    assert total.provisional  # 60 now, up to 100 once entered: the bonus threshold may be crossed


@pytest.mark.parametrize(
    ("manual", "message"),
    [
        ({"K.1.2": (16, "")}, "outside 0-15"),
        ({"K.1.2": (-1, "")}, "outside 0-15"),
        ({"K.9": (1, "")}, "no such indicator"),
        ({"K.1": (1, "")}, "not a leaf"),
    ],
)
def test_a_bad_manual_entry_is_refused_naming_site_and_indicator(rb, manual, message) -> None:
    with pytest.raises(ManualScoreError, match=message) as info:
        score(rb, {}, manual={"site-a": manual})
    assert "site-a" in str(info.value)


def test_a_department_without_services_is_scored_out_of_75_times_4_over_3(rb) -> None:
    rows, total = run(rb, manual={"V.2": (0, ""), "K.1.2": (0, "")}, flags={"site-a": {"no_services"}})
    assert rows["K.2.1"].status is ScoreStatus.EXEMPT
    assert total.scale == pytest.approx(4 / 3)
    assert total.score == pytest.approx(80) and total.max_points == 100  # 60 of 75, times 4/3
    assert not total.bonus_counted  # 80 is not above 80


def test_the_bonus_counts_only_above_80_and_caps_at_the_part(rb) -> None:
    base = {"V.2": (0, ""), "K.1.2": (15, ""), "J.1": (30, "")}
    _, at_80 = run(rb, manual={**base, "K.1.2": (0, ""), "K.2.1": (20, "")})
    assert (at_80.score, at_80.bonus, at_80.total) == (80, 0, 80)
    _, above = run(rb, manual={**base, "K.2.1": (25, "")})
    assert (above.score, above.bonus, above.total) == (100, 30, 130)


def test_below_60_is_not_passed(rb) -> None:
    findings = {**ran_clean(rb), **found(rb, "K.1.1", finding("presence", "fail", "zcwj"))}
    _, total = run(rb, findings, manual={"V.2": (0, ""), "K.1.2": (15, ""), "K.2.1": (25, "")})
    assert (total.score, total.verdict, total.provisional) == (40, "不合格", False)


CAPPED = """
[[indicator]]
id = "A"
name = "基础分"
points = 10
part = "score"

[[indicator]]
id = "A.1"
name = "基础"
points = 10
mode = "manual"
source_text = "x"

[[indicator]]
id = "D"
name = "减分"
points = 5
part = "deduction"

[[indicator]]
id = "D.1"
name = "通报"
mode = "manual"
source_text = "1次扣1分"

[[indicator]]
id = "D.2"
name = "差错"
points = 5
mode = "manual"
source_text = "单次扣3分，2次以上扣5分"
"""


def test_deductions_are_negative_and_capped_per_part() -> None:
    rb = book(CAPPED)
    rows = score(rb, {}, manual={"site-a": {"A.1": (10, ""), "D.1": (4, "通报4次"), "D.2": (3, "")}})
    assert {r.indicator: r.points for r in rows}["D.1"] == -4
    [total] = site_totals(rb, rows)
    assert (total.deductions, total.total) == (-5, 5)
    with pytest.raises(ManualScoreError):
        score(rb, {}, manual={"site-a": {"D.2": (6, "")}})


def test_totals_per_responsible_unit_follow_inherited_units(rb) -> None:
    rows = score(rb, {"site-a": ran_clean(rb)}, manual={"site-a": {"K.1.2": (5, "")}})
    units = {u.unit: u for u in unit_totals(rows)}
    assert (
        units["区政府办公室"].indicators,
        units["区政府办公室"].points,
        units["区政府办公室"].max_points,
    ) == (1, 60, 60)
    assert (units["区编办"].points, units["区编办"].max_points) == (5, 15)


def test_scores_serialise_with_site_indicator_points_mode_status_and_findings(rb) -> None:
    findings = {**ran_clean(rb), **found(rb, "K.1.1", finding("presence", "fail", "zcwj"))}
    rows = {r.indicator: r for r in score(rb, {"site-a": findings})}
    data = rows["K.1.1"].as_dict()
    assert data["indicator"] == {"id": "K.1.1", "name": "栏目"}
    assert (data["site"], data["points"], data["max_points"], data["mode"], data["status"]) == (
        "site-a",
        0,
        60,
        "auto",
        "scored",
    )
    assert data["findings"] == [
        {"ref": rb.nodes["K.1.1"].refs[0], "check": "presence", "target": "zcwj", "status": "fail"}
    ]
