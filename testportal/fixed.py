"""Columns whose items follow rules, not chance: 财政收支 monthly, 年度报告, 预决算, 权责清单, 公开制度."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from testportal import vocab
from testportal.rand import h

if TYPE_CHECKING:
    from testportal.content import SiteContent

Entry = tuple[str, date, dict[str, Any]]
QZQD_ELEMENTS = ("职权名称", "职权编码", "职权类型", "设定依据", "行使主体", "流程图", "监督方式")


def fixed_items(site: SiteContent, years: int) -> tuple[dict[str, list[Entry]], list[tuple[str, Entry]]]:
    """Entries per column published by as_of, and the entries a defect withheld (for the manifest)."""
    this_year = site.as_of.year
    span = range(this_year - years + 1, this_year + 1)
    entries = {
        "czsz": [e for y in span for e in _fiscal(site, y)],
        "ndbg": [_annual(site, y) for y in range(this_year - years - 2, this_year)],
        "yjs": [e for y in span for e in _budget(site, y)],
        "zfyjs": [e for y in span for e in _gov_budget(site, y)],
        "qzqd": _qzqd(site),
        "gkzd": [
            (f"{site.title}{t}", date(this_year - 1 - i % 3, 3 + 2 * i, 10 + i), {"type": "rule"})
            for i, t in enumerate(vocab.RULE_TITLES)
        ],
    }
    withheld = [("czsz", e) for e in entries["czsz"] if site.spec.defects.missing_month in e[2]["months"]]
    published = {
        key: [e for e in found if e[1] <= site.as_of and ("czsz", e) not in withheld]
        for key, found in entries.items()
    }
    return published, [w for w in withheld if w[1][1] <= site.as_of]


def _fiscal(site: SiteContent, year: int) -> list[Entry]:
    """One cumulative report per month; January and February are reported together as 1-2月."""
    result = []
    for month in range(2, 13):
        due = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        published = due + timedelta(days=11 + h(*site.key, "czsz", year, month) % 8)
        covers = [f"{year}-01", f"{year}-02"] if month == 2 else [f"{year}-{month:02d}"]
        title = f"{year}年1-{month}月全{site.suffix}财政收支情况"
        result.append((title, published, {"type": "fiscal", "year": year, "months": covers}))
    return result


def _annual(site: SiteContent, year: int) -> Entry:
    late = site.spec.defects.late_annual_report and year == site.as_of.year - 1
    # Late at every level: after 3月31日, the 县级以上人民政府's date (a 部门's is 1月31日, 条例第四十九条).
    published = date(year + 1, 4, 20) if late else date(year + 1, 1, 8 + h(*site.key, "ndbg", year) % 20)
    return (
        f"{site.title}{year}年政府信息公开工作年度报告",
        published,
        {"type": "annual_report", "year": year, "deadline": f"{year + 1}-03-31", "late": late},
    )


def _budget(site: SiteContent, year: int) -> list[Entry]:
    budget_day = date(year, 2, 5 + h(*site.key, "ys", year) % 18)
    final_day = date(year, 8, 3 + h(*site.key, "js", year) % 25)
    return [
        (f"{site.title}{year}年部门预算", budget_day, {"type": "budget", "year": year}),
        (f"{site.title}{year}年“三公”经费预算情况说明", budget_day, {"type": "sangong_budget", "year": year}),
        (f"{site.title}{year - 1}年部门决算", final_day, {"type": "final_accounts", "year": year - 1}),
        (
            f"{site.title}{year - 1}年“三公”经费决算情况说明",
            final_day,
            {"type": "sangong_final", "year": year - 1},
        ),
    ]


def _gov_budget(site: SiteContent, year: int) -> list[Entry]:
    """政府预决算: the government's budget after the people's congress meets, last year's final accounts later."""
    budget_day = date(year, 1, 20) + timedelta(days=h(*site.key, "zfys", year) % 25)
    final_day = date(year, 9, 1 + h(*site.key, "zfjs", year) % 28)
    place = site.place
    return [
        (
            f"关于{place}{year - 1}年预算执行情况和{year}年预算草案的报告",
            budget_day,
            {"type": "gov_budget_report", "year": year},
        ),
        (f"{place}{year}年政府预算公开表", budget_day, {"type": "gov_budget", "year": year}),
        (f"{place}{year - 1}年政府决算公开表", final_day, {"type": "gov_final_accounts", "year": year - 1}),
    ]


def _qzqd(site: SiteContent) -> list[Entry]:
    year = site.as_of.year
    extra = {"type": "qzqd", "elements": list(QZQD_ELEMENTS)}
    adjusted = site.as_of - timedelta(days=30 + h(*site.key, "qzqd") % 60)
    return [
        (
            f"{site.title}权责清单（{y}年版）",
            date(y, 5, 10 + h(*site.key, "qz", y) % 20),
            {**extra, "year": y},
        )
        for y in (year - 2, year - 1)
    ] + [(f"关于{site.place}权责清单动态调整情况的公告", adjusted, {**extra, "year": adjusted.year})]
