"""freshness: the newest item of a column is no older than a limit, with an early warning before it.

**Rule:** 国办秘函〔2019〕19号 单项否决 栏目不更新: 动态、要闻类 2 weeks, 通知公告、政策文件类 6 months;
人事、规划计划类 1 year (开普云 基本信息). The newest date is the newest of the items, not the first row
(pinned items come first); an item without a date counts as not updated; future dates prove nothing.
Every list column of the category is judged on its own (a site may have several 动态 columns): one
finding per column, its target the column's list URL, its label the site's own name for it; the newest
item is evidence. A list read only in part is still judged on what was read (its first page holds the
newest rows).
**Params:** column, max_age_days, warn_days.
**Unverifiable when:** the column page or its list could not be seen (blocked, failed, unrendered).
Not applicable when the column is absent (presence reports it) or blank (blank_column reports it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.columns import (
    age_status,
    category_columns,
    column_label,
    column_target,
    shown_date,
    unseen_column,
)
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
    columns = category_columns(view, ctx, p.column)
    if isinstance(columns, Finding):
        yield columns
        return
    for column in columns:
        about = ctx.about(column)
        if column.seen:
            yield _judge(column, p, about)
        else:
            yield unseen_column(about, column_target(column), column)


def _judge(column: ColumnView, p: Params, ctx: CheckContext) -> Finding:
    name, target = column_label(column, p.column), column_target(column)
    if not column.items and not column.complete:
        return unseen_column(ctx, target, column)
    if not column.items:
        return ctx.not_applicable(
            target, reason="blank", message=f"{name}为空白栏目，由空白栏目检查另行报告。"
        )
    newest = column.newest(not_after=ctx.as_of)
    if newest is None or newest.date is None:
        return ctx.fail(
            target,
            measured=None,
            limit=p.max_age_days,
            evidence=[
                Evidence(url=column.url, title=column.name),
                *(Evidence.of(i) for i in column.items[:3]),
            ],
            message=f"{name}的{len(column.items)}条信息均无有效发布日期，视为未更新。"
            f"请在列表和正文中标明发布日期，并按{p.max_age_days}天的要求更新。",
        )
    age = (ctx.as_of - newest.date).days
    status = age_status(age, p.max_age_days, p.warn_days)
    said = f"{name}最近更新于{shown_date(newest)}，已{age}天未更新"
    if status is Status.FAIL:
        message = f"{said}，超过{p.max_age_days}天的要求。请及时发布或更新该栏目内容。"
    elif status is Status.WARN:
        message = f"{said}，再过{p.max_age_days - age + 1}天将超过{p.max_age_days}天的要求。请尽快更新。"
    else:
        message = f"{name}最近更新于{shown_date(newest)}（{age}天前），符合{p.max_age_days}天内更新的要求。"
    return ctx.finding(
        status,
        target,
        measured=age,
        limit=p.max_age_days,
        evidence=[Evidence(url=column.url, title=column.name), Evidence.of(newest)],
        message=message,
    )
