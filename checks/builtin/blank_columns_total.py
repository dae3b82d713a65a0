"""blank_columns_total: the number of blank columns of a site stays under the veto limit.

**Rule:** 国办秘函〔2019〕19号 单项否决 栏目不更新 (3): 空白栏目 超过（含）5个; the early warning
(more than 2) follows the commercial monitors.
**Params:** fail_at, warn_above, columns (taxonomy ids counted; empty: every column).
**Unverifiable when:** the blank columns found are under the limit but the columns we could not see
(blocked, failed, unrendered) could bring the count to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.columns import count_status, is_blank
from checks.context import CheckContext
from checks.model import Evidence, Finding, Status
from checks.registry import check
from storage.views import SiteView, Visibility


@dataclass(frozen=True)
class Params:
    fail_at: int = 5
    warn_above: int = 2
    columns: tuple[str, ...] = ()  # e.g. the information columns only: 办事/互动 entries hold no list


@check(id="blank_columns_total", title="空白栏目数量", params=Params)
def blank_columns_total(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    judged = [c for c in view.columns if not p.columns or c.id in p.columns]
    blank = [c for c in judged if is_blank(view, c)]
    unseen = [c for c in judged if not c.seen and c.visibility is not Visibility.ABSENT]
    status = count_status(len(blank), len(unseen), p.fail_at, p.warn_above)
    names = "、".join(f"「{c.name}」" for c in blank) or "无"
    evidence = [Evidence(url=c.url, title=c.name) for c in blank]
    if status is Status.UNVERIFIABLE:
        yield ctx.unverifiable(
            "site",
            reason="unseen_columns",
            evidence=evidence,
            message=(
                f"已发现空白栏目{len(blank)}个（{names}），另有{len(unseen)}个栏目无法访问，"
                f"无法确定是否达到{p.fail_at}个的限值，不计为问题。"
            ),
        )
        return
    advice = {
        Status.FAIL: f"达到{p.fail_at}个的单项否决限值。请尽快补充内容或撤并空白栏目。",
        Status.WARN: f"超过{p.warn_above}个的预警线（{p.fail_at}个即单项否决）。请及时补充内容或撤并。",
        Status.PASS: f"低于{p.fail_at}个的限值。",
    }[status]
    yield ctx.finding(
        status,
        "site",
        measured=len(blank),
        limit=p.fail_at,
        evidence=evidence,
        message=f"全站空白栏目{len(blank)}个（{names}），{advice}",
    )
