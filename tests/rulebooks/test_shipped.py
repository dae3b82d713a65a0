"""The six shipped rulebooks validate, keep their seed's wording verbatim, and hold what their seeds say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.rulebook import find_rulebooks, get_rulebook, load_rulebook, validate_file

SHIPPED = ["beilun-2019", "district-2021", "national-2019", "panjin-2017", "taian-2017", "wuwei-2020"]
SEEDS = (
    Path(__file__).resolve().parents[1] / "data" / "seeds"
)  # copies of ../shared/seeds, the user's documents
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rulebooks.md"


def test_the_six_rulebooks_are_shipped() -> None:
    assert sorted(find_rulebooks()) == SHIPPED


@pytest.mark.parametrize("rulebook_id", SHIPPED)
def test_every_shipped_rulebook_validates(rulebook_id: str) -> None:
    path = find_rulebooks()[rulebook_id]
    assert validate_file(path) == []
    rulebook = load_rulebook(path)
    assert rulebook.leaves() and all(n.indicator.source_text for n in rulebook.leaves())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"</?p>", "", text))


@pytest.mark.parametrize("rulebook_id", [r for r in SHIPPED if r != "national-2019"])
def test_source_text_is_verbatim_from_the_seed(rulebook_id: str) -> None:
    rulebook = get_rulebook(rulebook_id)
    seed = SEEDS / Path(rulebook.meta.source).name
    text = _squash(seed.read_text(encoding="utf-8"))
    for node in rulebook.nodes.values():
        for part in filter(None, map(_squash, node.indicator.source_text.split("……"))):
            assert part in text, f"{node.where}.source_text is not in {seed.name}: {part[:40]}"


def test_national_2019_has_the_veto_items_the_four_groups_and_the_bonus_part() -> None:
    rb = get_rulebook("national-2019")
    assert {n.id for n in rb.leaves() if n.part == "veto"} == {
        "V.1",
        "V.2",
        "V.3.1",
        "V.3.2",
        "V.3.3",
        "V.4",
        "V.5",
        "V.6",
    }
    groups = {rb.nodes[g].indicator.name: rb.nodes[g].max_points for g in ("K.1", "K.2", "K.3", "K.4")}
    assert groups == {"发布解读": 31, "办事服务": 25, "互动交流": 23, "功能设计": 21}
    assert (rb.nodes["K"].max_points, rb.nodes["J"].max_points, rb.nodes["J"].part) == (100, 30, "bonus")
    assert rb.meta.verdict is not None and (rb.meta.verdict.fail_below, rb.meta.verdict.bonus_above) == (
        60,
        80,
    )
    assert rb.nodes["K.2"].indicator.exempt_if == "no_services" and rb.nodes["K"].indicator.rescale_exempt
    params = [rb.refs[k].params for k in rb.nodes["V.3.1"].refs]
    assert [(p.fail_at, dict(p.limits)) for p in params] == [(5, {"gzdt": 14, "tzgg": 180, "zcwj": 180})]
    unverified = [n for n in rb.leaves() if n.part == "score" and n.indicator.certainty in ("assumed", "R")]
    assert len(unverified) > 15 and all(n.indicator.certainty != "seed" for n in rb.nodes.values())


def test_wuwei_2020_keeps_every_leafs_points_and_indicator_10s_bands() -> None:
    rb = get_rulebook("wuwei-2020")
    assert sum(n.max_points for n in rb.leaves()) == 100
    tops = {n.indicator.name: n.max_points for n in rb.top()}
    assert tops == {"主动公开": 58.5, "依申请公开": 11.5, "政务新媒体与信息平台建设": 20, "监督保障": 10}
    ten = rb.nodes["1.4.10"].indicator
    assert ten.rule.kind == "bands" and ten.rule.range_policy == "low_and_review"
    assert [(b.min, b.max, b.points) for b in ten.rule.bands] == [
        (10, None, 5),
        (6, 9, (3, 4)),
        (3, 5, (1, 2)),
        (None, 2, 0),
    ]
    assert "重叠" in ten.note and rb.nodes["2.2.17"].max_points == 0


def test_taian_2017_keeps_each_periodic_task_with_its_period() -> None:
    rb = get_rulebook("taian-2017")
    periods = {n.indicator.period: n for n in rb.leaves() if n.indicator.period}
    assert "农产品" in periods["week"].indicator.source_text and periods["week"].indicator.mode == "auto"
    assert "每五日" in periods["five_days"].indicator.source_text
    monthly = [n for n in rb.leaves() if n.indicator.period == "month"]
    assert any("财政收支" in n.indicator.source_text and n.indicator.mode == "auto" for n in monthly)
    quarterly = [n for n in rb.leaves() if n.indicator.period == "quarter"]
    assert any("社会救助" in n.indicator.source_text for n in quarterly)
    assert all(n.indicator.lead_units for n in rb.leaves()) and rb.meta.points_unit == "项"


def test_district_2021_has_five_levels_and_a_unit_on_every_item() -> None:
    rb = get_rulebook("district-2021")
    assert max(n.id.count(".") for n in rb.leaves()) == 4 and len(rb.leaves()) == 162
    assert all(n.units for n in rb.leaves())


def test_beilun_2019_lists_the_48_units_base_100_deductions_and_bonuses() -> None:
    rb = get_rulebook("beilun-2019")
    assert sum(len(g.names) for g in rb.meta.evaluated_units) == 48
    assert rb.nodes["A"].max_points == 100
    assert {n.part for n in rb.top()} == {"score", "deduction", "bonus"}


@pytest.mark.parametrize("rulebook_id", SHIPPED)
def test_docs_give_each_rulebooks_automatic_and_manual_share(rulebook_id: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = re.search(rf"^### `{re.escape(rulebook_id)}`(.*?)(?=^### |\Z)", text, re.M | re.S)
    assert section, f"docs/rulebooks.md has no section ### `{rulebook_id}`"
    share = get_rulebook(rulebook_id).share()
    expected = f"{share.auto_leaves} auto / {share.manual_leaves} manual leaves, {share.auto_share:.1%} of the points automatic"
    assert expected in section.group(1)
