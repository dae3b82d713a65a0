"""Each scoring rule kind on hand-made findings; unknown never loses points; vetoes, caps and dedupe."""

from __future__ import annotations

import pytest
from rbhelpers import book, finding, found

from checks.scoring import SCORING_RULES, ScoreStatus, score, site_totals

COLUMN_LEAF = """
[[indicator]]
id = "1"
name = "栏目"
points = 4
mode = "auto"
source_text = "设置栏目并及时更新"
checks = [{ check = "presence", params = { column = "zcwj" } }, { check = "freshness", params = { column = "zcwj" } }]
rule = { kind = "all_or_nothing"%s }
"""


def one(rulebook, findings, site: str = "site-a"):
    [row] = [r for r in score(rulebook, {site: findings}) if r.site == site]
    return row


def both(rulebook, first, second) -> dict:
    return {**found(rulebook, "1", *first, ref=0), **found(rulebook, "1", *second, ref=1)}


def test_the_rule_kinds_are_exactly_the_closed_set() -> None:
    assert set(SCORING_RULES) == {"all_or_nothing", "per_item", "bands", "deduct", "veto", "bonus"}


def test_all_or_nothing_gives_full_points_when_everything_passes_and_none_on_a_failure() -> None:
    rb = book(COLUMN_LEAF % "")
    ok = one(rb, both(rb, [finding("presence", "pass", "zcwj")], [finding("freshness", "warn", "zcwj")]))
    assert (ok.status, ok.points, ok.withheld) == (ScoreStatus.SCORED, 4, 0)
    warned = one(rb, both(rb, [finding("presence", "warn", "zcwj")], [finding("freshness", "warn", "zcwj")]))
    assert (warned.status, warned.points) == (ScoreStatus.SCORED, 4)  # an early warning is not a failure
    bad = one(rb, both(rb, [finding("presence", "pass", "zcwj")], [finding("freshness", "fail", "zcwj")]))
    assert (bad.status, bad.points) == (ScoreStatus.SCORED, 0)
    assert [(f.check, f.target, f.status) for f in bad.findings] == [("freshness", "zcwj", "fail")]


def test_an_unverifiable_finding_withholds_the_points_instead_of_losing_them() -> None:
    rb = book(COLUMN_LEAF % "")
    row = one(
        rb, both(rb, [finding("presence", "pass", "zcwj")], [finding("freshness", "unverifiable", "zcwj")])
    )
    assert (row.status, row.points, row.withheld) == (ScoreStatus.UNVERIFIABLE, 0, 4)
    [total] = site_totals(rb, [row])
    assert total.withheld == 4 and total.score == 0 and total.auto_points == 0


def test_a_failure_decides_even_when_another_check_is_unverifiable() -> None:
    rb = book(COLUMN_LEAF % "")
    row = one(
        rb, both(rb, [finding("presence", "fail", "zcwj")], [finding("freshness", "unverifiable", "zcwj")])
    )
    assert (row.status, row.points, row.withheld) == (ScoreStatus.SCORED, 0, 0)


def test_a_check_that_was_not_run_is_unverifiable_not_a_failure() -> None:
    rb = book(COLUMN_LEAF % "")
    row = one(rb, found(rb, "1", finding("presence", "pass", "zcwj"), ref=0))
    assert (row.status, row.withheld) == (ScoreStatus.UNVERIFIABLE, 4)


@pytest.mark.parametrize(
    ("policy", "status", "points", "withheld"),
    [
        ("", ScoreStatus.NOT_APPLICABLE, 4, 0),
        (', on_not_applicable = "zero"', ScoreStatus.SCORED, 0, 0),
        (', on_not_applicable = "unverifiable"', ScoreStatus.UNVERIFIABLE, 0, 4),
    ],
)
def test_only_not_applicable_findings_follow_the_leafs_policy(policy, status, points, withheld) -> None:
    rb = book(COLUMN_LEAF % policy)
    na = [finding("presence", "not_applicable", "zcwj")]
    row = one(rb, both(rb, na, [finding("freshness", "not_applicable", "zcwj")]))
    assert (row.status, row.points, row.withheld) == (status, points, withheld)


PER_ITEM = """
[[indicator]]
id = "1"
name = "八项信息"
points = 3
mode = "auto"
source_text = "每项信息分值为1分"
checks = [
  { check = "presence", params = { column = "zcwj" } },
  { check = "presence", params = { column = "ghjh" } },
  { check = "presence", params = { column = "tjxx" } },
  { check = "presence", params = { column = "yjs" } },
]
rule = { kind = "per_item", per = 1%s }
"""


def test_per_item_gives_points_for_each_item_met_up_to_the_cap_and_withholds_unknown_items() -> None:
    rb = book(PER_ITEM % "")
    refs = rb.nodes["1"].refs
    statuses = ["pass", "fail", "unverifiable", "pass"]
    findings = {
        ref: [finding("presence", s, f"c{i}")] for i, (ref, s) in enumerate(zip(refs, statuses, strict=True))
    }
    row = one(rb, findings)
    assert (row.points, row.withheld, row.status) == (2, 1, ScoreStatus.UNVERIFIABLE)
    everything = {ref: [finding("presence", "pass", f"c{i}")] for i, ref in enumerate(refs)}
    assert one(rb, everything).points == 3  # four items met, capped at the leaf's 3


def test_per_item_can_count_findings() -> None:
    rb = book(PER_ITEM % ', items = "findings", cap = 2')
    rows = found(
        rb,
        "1",
        finding("presence", "pass", "a"),
        finding("presence", "fail", "b"),
        finding("presence", "pass", "c"),
    )
    rows.update({ref: [] for ref in rb.nodes["1"].refs[1:]})
    assert one(rb, rows).points == 2


BANDS = """
[[indicator]]
id = "1"
name = "三大攻坚战信息"
points = 5
mode = "auto"
source_text = "检索结果第一页出现10次及以上,得5分;出现6-10次,得3-4分;出现3-5次,得1-2分;2次以下不得分。"
checks = [{ check = "keyword_hits", params = { keywords = ["脱贫攻坚"] } }]
rule = { kind = "bands", bands = [
  { min = 10, points = 5 }, { min = 6, max = 9, points = [3, 4] }, { min = 3, max = 5, points = [1, 2] }, { max = 2, points = 0 },
]%s }
"""


@pytest.mark.parametrize(
    ("hits", "policy", "points", "review"),
    [
        (12, "", 5, False),
        (10, "", 5, False),
        (7, "", 3, True),
        (7, ', range_policy = "high"', 4, False),
        (4, ', range_policy = "high_and_review"', 2, True),
        (2, "", 0, False),
        (0, "", 0, False),
    ],
)
def test_bands_score_the_measured_value_and_resolve_point_ranges_by_policy(
    hits, policy, points, review
) -> None:
    rb = book(BANDS % policy)
    row = one(rb, found(rb, "1", finding("keyword_hits", "pass" if hits else "fail", "keywords", hits)))
    assert (row.points, row.review, row.status) == (points, review, ScoreStatus.SCORED)


def test_bands_withhold_the_points_when_the_count_is_unknown() -> None:
    rb = book(BANDS % "")
    row = one(rb, found(rb, "1", finding("keyword_hits", "unverifiable", "keywords")))
    assert (row.points, row.withheld, row.status) == (0, 5, ScoreStatus.UNVERIFIABLE)


DEDUCT = """
[[indicator]]
id = "1"
name = "可用性"
points = 5
mode = "auto"
source_text = "首页链接每个扣1分，其他页面每个扣0.1分"
checks = [{ check = "broken_links", params = {} }]
rule = { kind = "deduct", per = 1, per_target = { page_links = 0.1 }, count = "measured" }
"""


def test_deduct_takes_points_per_occurrence_and_stops_at_the_cap() -> None:
    rb = book(DEDUCT)
    row = one(
        rb,
        found(
            rb,
            "1",
            finding("broken_links", "fail", "homepage_links", 3),
            finding("broken_links", "fail", "page_links", 12),
        ),
    )
    assert row.points == pytest.approx(0.8) and row.status is ScoreStatus.SCORED
    capped = one(rb, found(rb, "1", finding("broken_links", "fail", "homepage_links", 9)))
    assert capped.points == 0 and "封顶5分" in capped.note


def test_deduct_withholds_what_unverifiable_findings_could_cost() -> None:
    rb = book(DEDUCT)
    row = one(
        rb,
        found(
            rb,
            "1",
            finding("broken_links", "fail", "page_links", 10),
            finding("broken_links", "unverifiable", "homepage_links"),
        ),
    )
    assert (row.points, row.withheld, row.status) == (3, 1, ScoreStatus.UNVERIFIABLE)


DEDUP = """
[[indicator]]
id = "1"
name = "动态要闻"
points = 6
mode = "auto"
source_text = "动态要闻"
checks = [{ check = "freshness", params = { column = "gzdt", max_age_days = 14 } }]
rule = { kind = "all_or_nothing", dedupe = "栏目" }

[[indicator]]
id = "2"
name = "其它栏目"
points = 8
mode = "auto"
source_text = "因空白、应更新未更新等原因已按其他指标扣分的，不在本指标项下重复扣分。"
checks = [{ check = "blank_column", params = {} }]
rule = { kind = "deduct", per = 1, dedupe = "栏目" }
"""


def test_a_column_already_deducted_is_not_deducted_again_in_the_same_group() -> None:
    rb = book(DEDUP)
    findings = {
        **found(rb, "1", finding("freshness", "fail", "gzdt")),
        **found(rb, "2", finding("blank_column", "fail", "gzdt"), finding("blank_column", "fail", "tzgg")),
    }
    rows = {r.indicator: r for r in score(rb, {"site-a": findings})}
    assert rows["1"].points == 0
    assert rows["2"].points == 7 and "不重复扣分" in rows["2"].note
    assert [f.target for f in rows["2"].findings] == ["tzgg"]


def test_without_dedupe_the_same_column_is_deducted_twice() -> None:
    rb = book(DEDUP.replace(', dedupe = "栏目"', ""))
    findings = {
        **found(rb, "1", finding("freshness", "fail", "gzdt")),
        **found(rb, "2", finding("blank_column", "fail", "gzdt"), finding("blank_column", "fail", "tzgg")),
    }
    rows = {r.indicator: r for r in score(rb, {"site-a": findings})}
    assert rows["2"].points == 6


BONUS = """
[[indicator]]
id = "S"
name = "基础分"
points = 10
part = "score"

[[indicator]]
id = "S.1"
name = "栏目"
points = 10
mode = "manual"
source_text = "x"

[[indicator]]
id = "B"
name = "加分"
points = 3
part = "bonus"

[[indicator]]
id = "B.1"
name = "专题"
points = 5
mode = "auto"
source_text = "每个专题加2分"
checks = [{ check = "presence", params = { column = "ztzl" } }]
rule = { kind = "bonus", per = 2 }
"""


def test_bonus_adds_per_passing_finding_up_to_the_leaf_and_the_part_cap() -> None:
    rb = book(BONUS)
    findings = found(rb, "B.1", *(finding("presence", "pass", f"z{i}") for i in range(3)))
    rows = score(rb, {"site-a": findings}, manual={"site-a": {"S.1": (10, "")}})
    assert {r.indicator: r.points for r in rows}["B.1"] == 5
    [total] = site_totals(rb, rows)
    assert (total.score, total.bonus, total.total) == (10, 3, 13)
