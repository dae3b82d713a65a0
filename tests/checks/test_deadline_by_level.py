"""deadline dates the 政府信息公开工作年度报告 by the site's level (条例第四十九条): 部门 by 1月31日, 县级以上地方
人民政府 (省/市/县区) and an unknown level by 3月31日; a rulebook that fixes its own date wins."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date
from pathlib import Path

import pytest
from checkviews import run_one, view_from_dict

from checks.model import Finding
from checks.params import ParamsError
from checks.registry import load_checks

ROOT = Path(__file__).resolve().parents[2]
REPORT = "政府信息公开工作年度报告"


def site(level: str, name: str = "示例县人民政府") -> dict:
    """A site whose 年度报告 column holds the 2024 report (on time for every level) and not the 2025 one."""
    return {
        "site": name,
        "level": level,
        "columns": [
            {
                "id": "ndbg",
                "name": "政府信息公开工作年度报告",
                "items": [{"title": f"示例县2024年{REPORT}", "date": date(2025, 1, 20)}],
            }
        ],
    }


def judge(view: dict, as_of: date, **params: object) -> Finding:
    level = view.pop("level")
    built = dataclasses.replace(view_from_dict(view), level=level)
    findings = run_one("deadline", built, as_of, {"column": "ndbg", **params})
    assert len(findings) == 1, findings
    return findings[0]


@pytest.mark.parametrize("as_of", [date(2026, 2, 1), date(2026, 2, 15), date(2026, 3, 31)])
def test_a_county_government_is_not_failed_before_31_march(as_of: date) -> None:
    finding = judge(site("县区"), as_of)
    assert finding.status.value == "pass", finding.message
    assert finding.limit == "2025-03-31"  # the 2025 report is not due yet: 2024's is judged, on time


def test_a_county_government_is_warned_while_its_report_is_due_soon() -> None:
    finding = judge(site("县区"), date(2026, 2, 15), warn_days=60)
    assert (finding.status.value, finding.limit) == ("warn", "2026-03-31")
    assert "县级以上地方人民政府应于3月31日前公布" in finding.message


def test_a_county_government_fails_on_1_april() -> None:
    finding = judge(site("县区"), date(2026, 4, 1))
    assert (finding.status.value, finding.limit) == ("fail", "2026-03-31")
    assert "2025年度" in finding.message
    assert "县级以上地方人民政府应于3月31日前公布" in finding.message
    assert "ndbg" not in finding.message


@pytest.mark.parametrize("level", ["省", "市"])
def test_every_local_government_has_until_31_march(level: str) -> None:
    assert judge(site(level, "示例市人民政府"), date(2026, 3, 1)).status.value == "pass"


def test_a_department_fails_on_1_february() -> None:
    finding = judge(site("部门", "示例县教育局"), date(2026, 2, 1))
    assert (finding.status.value, finding.limit) == ("fail", "2026-01-31")
    assert "县级以上人民政府部门应于1月31日前公布" in finding.message


def test_a_department_is_on_time_on_31_january() -> None:
    assert judge(site("部门", "示例县教育局"), date(2026, 1, 31)).status.value == "pass"


def test_a_department_report_published_in_february_is_late() -> None:
    view = site("部门", "示例县教育局")
    view["columns"][0]["items"] = [{"title": f"2025年{REPORT}", "date": date(2026, 2, 5)}]
    finding = judge(view, date(2026, 3, 2))
    assert (finding.status.value, finding.measured, finding.limit) == ("fail", "2026-02-05", "2026-01-31")


def test_an_unknown_level_gets_the_later_date() -> None:
    finding = judge(site("", "济南政府网"), date(2026, 2, 15))
    assert (finding.status.value, finding.limit) == ("pass", "2025-03-31")
    assert "未能确定本网站的行政级别" in finding.message


def test_an_unknown_level_fails_after_31_march() -> None:
    finding = judge(site("", "济南政府网"), date(2026, 4, 1))
    assert (finding.status.value, finding.limit) == ("fail", "2026-03-31")


def test_a_date_the_rulebook_fixes_wins_over_the_level() -> None:
    finding = judge(site("县区"), date(2026, 2, 15), due_month=1, due_day=31)
    assert (finding.status.value, finding.limit) == ("fail", "2026-01-31")
    assert "第四十九条" not in finding.message  # the rulebook's date, not the law's reason


@pytest.mark.parametrize("params", [{"due_month": 3}, {"due_day": 31}, {"due_month": 2, "due_day": 29}])
def test_a_half_or_impossible_date_is_refused_when_the_plan_loads(params: dict) -> None:
    with pytest.raises(ParamsError, match="due_month"):
        load_checks()["deadline"].parse_params({"column": "ndbg", **params})


def _deadline_leaves() -> list[tuple[str, dict]]:
    found = []
    for path in sorted((ROOT / "checks" / "rulebooks").glob("*.toml")):
        for leaf in tomllib.loads(path.read_text(encoding="utf-8")).get("indicator", []):
            found += [
                (f"{path.stem}:{leaf['id']}", c["params"])
                for c in leaf.get("checks", [])
                if c["check"] == "deadline"
            ]
    plan = tomllib.loads((ROOT / "checks" / "default_plan.toml").read_text(encoding="utf-8"))
    found += [("default_plan", c["params"]) for c in plan.get("check", []) if c["check"] == "deadline"]
    return found


def test_only_the_annual_report_is_dated_by_level() -> None:
    """The level rule is 条例第四十九条's, for the 年度报告: any other item's deadline names its date."""
    leaves = _deadline_leaves()
    assert leaves
    undated = [where for where, p in leaves if "due_month" not in p and p.get("name", REPORT) != REPORT]
    assert undated == []
