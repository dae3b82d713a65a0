"""blank_column: every information column of a site holds at least one item (no 空白栏目).

**Rule:** 国办秘函〔2019〕19号 单项否决 栏目不更新 (3): 空白栏目; 国办发〔2017〕47号: columns a site
cannot keep up are to be merged or removed. Every list column is judged on its own, with or without a
category (扶贫工作, 公共资源配置 count): one finding per column, its target the column's list URL. A column
that only holds sub-columns is not blank; a list that says 暂无信息 is.
**Params:** columns (categories to judge; empty: every information column of the site), skip (categories
never judged: 互动交流 and 办事服务 entries hold no list of their own).
**Unverifiable when:** the column page or its list could not be seen (blocked, failed, unrendered), or its
list was read only in part and nothing was read (a stated total, pages not followed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.columns import (
    blank_unknown,
    column_label,
    column_target,
    information_columns,
    is_blank,
    unseen_column,
)
from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import ColumnView, SiteView


@dataclass(frozen=True)
class Params:
    columns: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()


@check(id="blank_column", title="空白栏目", params=Params)
def blank_column(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    for column in information_columns(view, p.columns, p.skip):
        yield _judge(view, column, ctx.about(column))


def _judge(view: SiteView, column: ColumnView, ctx: CheckContext) -> Finding:
    name, target = column_label(column, column.id), column_target(column)
    if blank_unknown(view, column):
        return unseen_column(ctx, target, column)
    if is_blank(view, column):
        said = "显示“暂无信息”" if column.empty else "未发布任何信息"
        return ctx.fail(
            target,
            measured=0,
            limit=1,
            evidence=[Evidence(url=column.url, title=column.name)],
            message=f"{name}为空白栏目，{said}。请补充栏目内容，"
            "或对无力持续更新的栏目进行优化调整（合并或撤销）。",
        )
    has = f"有{len(column.items)}条信息" if column.items else "下设子栏目"
    return ctx.pass_(target, measured=len(column.items), limit=1, message=f"{name}{has}，不是空白栏目。")
