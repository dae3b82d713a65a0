"""stale_columns_total: the number of columns not updated within their limits stays under the veto limit.

**Rule:** 国办秘函〔2019〕19号 单项否决 栏目不更新: (1) 动态、要闻类 not updated in 2 weeks plus 通知公告、
政策文件类 not updated in 6 months, counted together, 超过（含）5个; (2) 应更新未更新 columns 超过（含）10个.
Each variant is one set of params. The early warning (more than 6 before 10) follows the commercial monitors.
Columns are counted, not categories: each column of a category (政务要闻 and 乡镇动态 are two), and every
other column under other_max_age_days. A column is stale when its newest dated item is older than its
limit (no dated item: stale); blank columns are counted by blank_columns_total, not here.
**Params:** limits (taxonomy id -> max age in days), other_max_age_days (limit for every other column;
0 counts only the columns in limits), fail_at, warn_above.
**Unverifiable when:** the stale columns found are under the limit but the columns we could not see
could bring the count to it, or the site was seen only in part (homepage not reached, crawl stopped at
the page cap): then only a count that already reaches the limit fails ("至少N个"), and nothing passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from checks.columns import blank_unknown, information_columns, shown_date, site_count_finding
from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import ColumnView, SiteView

DEFAULT_LIMITS = {"dtyw": 14, "gzdt": 14, "tzgg": 180, "zcwj": 180}


@dataclass(frozen=True)
class Params:
    limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    other_max_age_days: int = 0
    fail_at: int = 10
    warn_above: int = 6


def _limit(column: ColumnView, p: Params) -> int:
    return p.limits.get(column.id, p.other_max_age_days)


@check(id="stale_columns_total", title="不更新栏目数量", params=Params)
def stale_columns_total(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    judged = [c for c in information_columns(view) if _limit(c, p) > 0]
    stale: list[tuple[ColumnView, str]] = []
    for column in (c for c in judged if c.seen and c.items):
        newest = column.newest(not_after=ctx.as_of)
        if newest is None or newest.date is None:
            stale.append((column, f"「{column.name}」无有效发布日期"))
        elif (ctx.as_of - newest.date).days > _limit(column, p):
            stale.append(
                (column, f"「{column.name}」最近更新于{shown_date(newest)}（限{_limit(column, p)}天）")
            )
    unknown = [c for c in judged if not c.items and blank_unknown(view, c)]
    yield site_count_finding(
        view,
        ctx,
        what="未按期更新栏目",
        found=stale,
        unknown=len(unknown),
        fail_at=p.fail_at,
        warn_above=p.warn_above,
        evidence=[Evidence(url=c.url, title=c.name, note=text) for c, text in stale],
        fix="更新上述栏目",
    )
