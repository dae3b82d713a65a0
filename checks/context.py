"""CheckContext: what a check may know besides the view (time, calendar, site, the previous sweep).

Its helpers build findings with the check id and site filled in, so a check cannot forget them, and add
the provisional-calendar note to the message whenever a result rests on a year with no official schedule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from checks.model import Evidence, Finding, Measure, Status
from checks.workdays import WorkdayCalendar
from storage.views import ColumnView, SiteView

UNSEEN_NOTE = "本次无法核验，不计为问题。"
REASONS_ZH = {
    "blocked": "页面被防护拦截",
    "failed": "页面访问失败",
    "unrendered": "列表需脚本渲染而未能读取",
    "absent": "未找到该栏目",
    "incomplete": "栏目列表未完整采集",
    "no_date": "缺少发布日期",
    "not_fetched": "相关页面未采集",
    "check_error": "检查程序出错",
    "unseen_columns": "部分栏目无法访问",
    "homepage_unseen": "首页无法访问",
    "unconfirmed": "失效链接未经复核",
    "cut_short": "抓取达到每站页面上限，部分页面未抓取",
}


def provisional_note(years: Iterable[int]) -> str:
    listed = "、".join(f"{y}年" for y in sorted(set(years)))
    return (
        f"（注：{listed}国务院办公厅节假日安排尚未发布，工作日暂按周末和法定节假日推算，"
        "属临时结果，待正式安排发布后复核。）"
    )


@dataclass(frozen=True, slots=True)
class CheckContext:
    """The sweep's time (`as_of`), the working-day calendar, the site, and its previous SiteView."""

    as_of: date
    calendar: WorkdayCalendar
    site: str
    previous: SiteView | None = None
    check: str = ""  # filled in by the runner for each check
    label: str = ""  # the column a finding is about, as the site names it (set by about())
    category: str = ""  # that column's taxonomy id

    def for_check(self, check_id: str) -> CheckContext:
        return dataclasses.replace(self, check=check_id)

    def about(self, column: ColumnView) -> CheckContext:
        """A context whose findings carry the column's own name and category (its target stays the
        caller's: the column's key)."""
        return dataclasses.replace(self, label=column.name, category=column.id)

    def finding(
        self,
        status: Status,
        target: str,
        *,
        message: str,
        measured: Measure = None,
        limit: Measure = None,
        evidence: Iterable[Evidence] = (),
        provisional_years: Iterable[int] = (),
        reason: str = "",
    ) -> Finding:
        years = tuple(provisional_years)
        return Finding(
            check=self.check,
            site=self.site,
            target=target,
            status=status,
            measured=measured,
            limit=limit,
            evidence=tuple(evidence),
            message=message + (provisional_note(years) if years else ""),
            provisional=bool(years),
            reason=reason,
            label=self.label,
            category=self.category,
        )

    def fail(
        self,
        target: str,
        *,
        message: str,
        measured: Measure = None,
        limit: Measure = None,
        evidence: Iterable[Evidence] = (),
        provisional_years: Iterable[int] = (),
    ) -> Finding:
        return self.finding(
            Status.FAIL,
            target,
            message=message,
            measured=measured,
            limit=limit,
            evidence=evidence,
            provisional_years=provisional_years,
        )

    def warn(
        self,
        target: str,
        *,
        message: str,
        measured: Measure = None,
        limit: Measure = None,
        evidence: Iterable[Evidence] = (),
        provisional_years: Iterable[int] = (),
    ) -> Finding:
        return self.finding(
            Status.WARN,
            target,
            message=message,
            measured=measured,
            limit=limit,
            evidence=evidence,
            provisional_years=provisional_years,
        )

    def pass_(
        self,
        target: str,
        *,
        message: str,
        measured: Measure = None,
        limit: Measure = None,
        evidence: Iterable[Evidence] = (),
        provisional_years: Iterable[int] = (),
    ) -> Finding:
        return self.finding(
            Status.PASS,
            target,
            message=message,
            measured=measured,
            limit=limit,
            evidence=evidence,
            provisional_years=provisional_years,
        )

    def unverifiable(
        self, target: str, *, reason: str, message: str = "", evidence: Iterable[Evidence] = ()
    ) -> Finding:
        """We could not see what the rule needs: never counted against the site."""
        text = message or f"{REASONS_ZH.get(reason, reason)}，本项{UNSEEN_NOTE}"
        return self.finding(Status.UNVERIFIABLE, target, message=text, evidence=evidence, reason=reason)

    def not_applicable(self, target: str, *, reason: str, message: str) -> Finding:
        return self.finding(Status.NOT_APPLICABLE, target, message=message, reason=reason)
