"""A broken rulebook is refused at load, every error naming its node (indicator[i] (id).key.path: reason)."""

from __future__ import annotations

import pytest
from rbhelpers import HEAD, book

from checks.rulebook import RulebookError, load_rulebook, validate_file

LEAF = """
[[indicator]]
id = "1"
name = "一级"
points = 10

[[indicator]]
id = "1.1"
name = "二级"
points = 5
mode = "auto"
source_text = "原文"
checks = [{ check = "presence", params = { column = "zcwj" } }]
rule = { kind = "all_or_nothing" }
"""


def errors(text: str, head: str = HEAD) -> list[str]:
    with pytest.raises(RulebookError) as info:
        book(text, head)
    return info.value.errors


def test_a_valid_small_rulebook_loads_with_its_plan_and_share() -> None:
    rb = book(LEAF)
    assert [n.id for n in rb.leaves()] == ["1.1"]
    assert [(p.check, p.params.column) for p in rb.plan()] == [("presence", "zcwj")]
    assert (rb.share().auto_leaves, rb.share().auto_points, rb.share().auto_share) == (1, 5, 1.0)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'check = "presence"',
            'check = "no_such_check"',
            "indicator[1] (1.1).checks[0].check: no check with id 'no_such_check'",
        ),
        ('column = "zcwj"', 'colum = "zcwj"', "indicator[1] (1.1).checks[0].params.colum: unknown parameter"),
        (
            'params = { column = "zcwj" }',
            "params = {}",
            "indicator[1] (1.1).checks[0].params.column: required parameter is missing",
        ),
        (
            "points = 5",
            "points = 11",
            "indicator[0] (1).points: its children's points add up to 11, more than its 10",
        ),
        (
            'rule = { kind = "all_or_nothing" }',
            'rule = { kind = "veto" }',
            "indicator[1] (1.1).rule.kind: 'veto' cannot score a leaf of the score part",
        ),
        (
            'rule = { kind = "all_or_nothing" }',
            'rule = { kind = "all_or_nothing", per = 1 }',
            "indicator[1] (1.1).rule.per: unknown key",
        ),
        (
            'rule = { kind = "all_or_nothing" }',
            'rule = { kind = "deduct", per = 1, cap = 6 }',
            "indicator[1] (1.1).rule.cap: 6 is more than the leaf's 5 points",
        ),
        (
            'rule = { kind = "all_or_nothing" }',
            "",
            "indicator[1] (1.1).rule: an auto leaf needs a scoring rule",
        ),
        ('mode = "auto"', 'mode = "manual"', "indicator[1] (1.1).checks: a manual leaf has no checks"),
        ('mode = "auto"', "", "indicator[1] (1.1).mode: a leaf must say"),
        (
            'source_text = "原文"',
            "",
            "indicator[1] (1.1).source_text: a leaf keeps the seed's wording verbatim",
        ),
        ('id = "1.1"', 'id = "2.1"', "indicator[1] (2.1).id: its parent 2 is not defined"),
        ('id = "1.1"', 'id = "1"', "indicator[1] (1).id: duplicate id (also indicator[0])"),
        ('id = "1.1"', 'id = "1..1"', "indicator[1] (1..1).id: String should match pattern"),
        ("points = 5", 'points = "五"', "indicator[1] (1.1).points: Input should be a valid number"),
        (
            'name = "二级"',
            'name = "二级"\npart = "bonus"',
            "indicator[1] (1.1).part: only a top-level indicator opens a part",
        ),
    ],
)
def test_each_problem_is_refused_naming_the_node(old: str, new: str, message: str) -> None:
    assert old in LEAF
    found = errors(LEAF.replace(old, new, 1))
    assert any(e.startswith(message) for e in found), found


def test_band_errors_name_the_band() -> None:
    bands = LEAF.replace(
        'rule = { kind = "all_or_nothing" }',
        'rule = { kind = "bands", bands = [{ min = 10, points = 5 }, { min = 6, max = 10, points = [3, 4] }, { min = 3, max = 5, points = [2, 1] }, { max = 2, points = 6 }] }',
    )
    found = errors(bands)
    assert (
        "indicator[1] (1.1).rule.bands[1]: overlaps bands[0] (decide the shared values in the file and say why in note)"
        in found
    )
    assert "indicator[1] (1.1).rule.bands[2].points: the range 2-1 is reversed" in found
    assert "indicator[1] (1.1).rule.bands[3].points: 6 is more than the leaf's 5 points" in found
    wrong_type = LEAF.replace(
        'rule = { kind = "all_or_nothing" }', 'rule = { kind = "bands", bands = [{ min = "x", points = 1 }] }'
    )
    assert errors(wrong_type)[0].startswith(
        "indicator[1] (1.1).rule.bands[0].min: Input should be a valid number"
    )


def test_the_stated_total_must_equal_the_leaves() -> None:
    found = errors(LEAF, HEAD + "total = 100\n")
    assert "rulebook.total: auto and manual leaves add up to 5, not the stated 100" in found


def test_a_veto_part_takes_only_veto_rules_and_no_points() -> None:
    veto = """
[[indicator]]
id = "V"
name = "单项否决"
part = "veto"

[[indicator]]
id = "V.1"
name = "首页不更新"
points = 2
mode = "auto"
source_text = "监测2周"
checks = [{ check = "homepage_freshness", params = {} }]
rule = { kind = "all_or_nothing" }
"""
    found = errors(veto)
    assert "indicator[1] (V.1).points: a veto item has no points" in found
    assert any(
        e.startswith("indicator[1] (V.1).rule.kind: 'all_or_nothing' cannot score a leaf of the veto part")
        for e in found
    )


def test_a_periodic_check_must_agree_with_the_leafs_period() -> None:
    periodic = LEAF.replace(
        'check = "presence", params = { column = "zcwj" }',
        'check = "periodic", params = { column = "czsz", period = "month" }',
    )
    found = errors(periodic.replace('mode = "auto"', 'mode = "auto"\nperiod = "quarter"'))
    assert found == [
        "indicator[1] (1.1).checks[0].params.period: 'month' differs from the leaf's period 'quarter'"
    ]


def test_the_same_params_spelt_differently_share_one_planned_check() -> None:
    rb = book(
        LEAF.replace(
            'params = { column = "zcwj" }', 'params = { column = "zcwj", max_age_days = 180 }'
        ).replace("presence", "freshness")
        + LEAF.replace('id = "1"', 'id = "2"')
        .replace('id = "1.1"', 'id = "2.1"')
        .replace("presence", "freshness")
    )
    assert rb.nodes["1.1"].refs == rb.nodes["2.1"].refs and len(rb.plan()) == 1


def test_files_that_are_not_toml_or_misnamed_are_refused(tmp_path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[rulebook\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="not valid TOML"):
        load_rulebook(broken)
    misnamed = tmp_path / "other-name.toml"
    misnamed.write_text(HEAD + LEAF, encoding="utf-8")
    assert validate_file(misnamed) == [
        "rulebook.id: 'test-book' differs from the file name 'other-name.toml' (rulebooks are found by file name)"
    ]
    good = tmp_path / "test-book.toml"
    good.write_text(HEAD + LEAF, encoding="utf-8")
    assert validate_file(good) == []
