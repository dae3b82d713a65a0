"""freshness: the newest item of a column is no older than a limit, with an early warning before it.

**Rule:** 国办秘函〔2019〕19号 单项否决 栏目不更新: 动态、要闻类 2 weeks, 通知公告、政策文件类 6 months;
人事、规划计划类 1 year (开普云 基本信息). The newest date is the newest of the items, not the first row
(pinned items come first); an item without a date counts as not updated; future dates prove nothing.
Every list column of the category is judged (a site may have several 动态 columns); the finding is the
worst one's, naming that column and pointing at its list.
**Params:** column, max_age_days, warn_days.
**Unverifiable when:** the column page or its list could not be seen (blocked, failed, unrendered).
Not applicable when the column is absent (presence reports it) or blank (blank_column reports it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.columns import age_status, column_label, seen_column, zh_date
from checks.context import CheckContext
from checks.model import Evidence, Finding, Status
from checks.registry import check
from storage.views import ColumnView, SiteView


@dataclass(frozen=True)
class Params:
    column: str  # taxonomy id, e.g. "tzgg"
    max_age_days: int = 180
    warn_days: int = 0  # warn from this many days before the limit (0: no early warning)


@check(id="freshness", title="栏目更新及时性", params=Params)
def freshness(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    first = seen_column(view, ctx, p.column)
    if isinstance(first, Finding):
        yield first
        return
    judged = [_judge(column, p, ctx) for column in _lists_of(view, p.column, first)]
    yield max(judged, key=lambda finding: _SEVERITY[finding.status])


_SEVERITY = {Status.NOT_APPLICABLE: 0, Status.PASS: 1, Status.UNVERIFIABLE: 2, Status.WARN: 3, Status.FAIL: 4}


def _lists_of(view: SiteView, category: str, first: ColumnView) -> list[ColumnView]:
    """Every seen list column of the category (政务要闻, 工作动态, 乡镇动态 are each judged), or the first
    column alone when the category has no list of its own. The category's finding is its worst column's,
    named by the site's own name, so a stale 乡镇动态 is not hidden by a fresh 工作动态."""
    lists = [c for c in view.columns_of(category) if c.role == "list" and c.seen]
    return lists or [first]


def _judge(column: ColumnView, p: Params, ctx: CheckContext) -> Finding:
    name = column_label(column, p.column)
    if not column.items:
        return ctx.not_applicable(
            p.column, reason="blank", message=f"{name}为空白栏目，由空白栏目检查另行报告。"
        )
    newest = column.newest(not_after=ctx.as_of)
    if newest is None or newest.date is None:
        return ctx.fail(
            p.column,
            measured=None,
            limit=p.max_age_days,
            evidence=[Evidence.of(i) for i in column.items[:3]],
            message=f"{name}的{len(column.items)}条信息均无有效发布日期，视为未更新。"
            f"请在列表和正文中标明发布日期，并按{p.max_age_days}天的要求更新。",
        )
    age = (ctx.as_of - newest.date).days
    status = age_status(age, p.max_age_days, p.warn_days)
    said = f"{name}最近更新于{zh_date(newest.date)}，已{age}天未更新"
    if status is Status.FAIL:
        message = f"{said}，超过{p.max_age_days}天的要求。请及时发布或更新该栏目内容。"
    elif status is Status.WARN:
        message = f"{said}，再过{p.max_age_days - age + 1}天将超过{p.max_age_days}天的要求。请尽快更新。"
    else:
        message = f"{name}最近更新于{zh_date(newest.date)}（{age}天前），符合{p.max_age_days}天内更新的要求。"
    return ctx.finding(
        status, p.column, measured=age, limit=p.max_age_days, evidence=[Evidence.of(newest)], message=message
    )
