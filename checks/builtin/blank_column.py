"""blank_column: a column that exists holds at least one item (no 空白栏目).

**Rule:** 国办秘函〔2019〕19号 单项否决 栏目不更新 (3): 空白栏目; 国办发〔2017〕47号: columns a site
cannot keep up are to be merged or removed. A column that only holds sub-columns is not blank.
**Params:** columns (taxonomy ids to judge; empty: every column of the site).
**Unverifiable when:** the column page or its list could not be seen (blocked, failed, unrendered).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.columns import column_label, is_blank, seen_column
from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import SiteView, Visibility


@dataclass(frozen=True)
class Params:
    columns: tuple[str, ...] = ()


@check(id="blank_column", title="空白栏目", params=Params)
def blank_column(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    ids = p.columns or tuple(
        dict.fromkeys(c.id for c in view.columns if c.visibility is not Visibility.ABSENT)
    )
    for taxonomy_id in ids:
        column = seen_column(view, ctx, taxonomy_id)
        if isinstance(column, Finding):
            yield column
            continue
        name = column_label(column, taxonomy_id)
        if is_blank(view, column):
            yield ctx.fail(
                taxonomy_id,
                measured=0,
                limit=1,
                evidence=[Evidence(url=column.url, title=column.name)],
                message=f"{name}为空白栏目，未发布任何信息。请补充栏目内容，"
                "或对无力持续更新的栏目进行优化调整（合并或撤销）。",
            )
        else:
            has = f"有{len(column.items)}条信息" if column.items else "下设子栏目"
            yield ctx.pass_(
                taxonomy_id, measured=len(column.items), limit=1, message=f"{name}{has}，不是空白栏目。"
            )
