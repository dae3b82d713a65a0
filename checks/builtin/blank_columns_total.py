"""blank_columns_total: the number of blank columns of a site stays under the veto limit.

**Rule:** 国办秘函〔2019〕19号 单项否决 栏目不更新 (3): 空白栏目 超过（含）5个; the early warning
(more than 2) follows the commercial monitors. Columns are counted, not categories: every information
column of the site, with or without a category, as blank_column judges them.
**Params:** fail_at, warn_above, columns (categories counted; empty: every information column), skip
(categories never counted).
**Unverifiable when:** the blank columns found are under the limit but the columns we could not see
(blocked, failed, unrendered, read only in part) could bring the count to it, or the site was seen only in
part (homepage not reached, crawl stopped at the page cap): then only a count that already reaches the
limit fails ("至少N个"), and nothing passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.columns import blank_unknown, information_columns, is_blank, site_count_finding
from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import SiteView


@dataclass(frozen=True)
class Params:
    fail_at: int = 5
    warn_above: int = 2
    columns: tuple[str, ...] = ()  # e.g. the information columns only: 办事/互动 entries hold no list
    skip: tuple[str, ...] = ()


@check(id="blank_columns_total", title="空白栏目数量", params=Params)
def blank_columns_total(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    judged = information_columns(view, p.columns, p.skip)
    blank = [c for c in judged if is_blank(view, c)]
    unknown = [c for c in judged if blank_unknown(view, c)]
    yield site_count_finding(
        view,
        ctx,
        what="空白栏目",
        found=[(c, f"「{c.name}」") for c in blank],
        unknown=len(unknown),
        fail_at=p.fail_at,
        warn_above=p.warn_above,
        evidence=[Evidence(url=c.url, title=c.name) for c in blank],
        fix="补充内容或撤并空白栏目",
    )
