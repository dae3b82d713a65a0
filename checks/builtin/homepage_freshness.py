"""homepage_freshness: the homepage shows an item published within the last two weeks.

**Rule:** 国办秘函〔2019〕19号 单项否决 首页不更新: 监测2周，首页栏目无信息更新的; an item with no visible
publish date counts as not updated; when the homepage is only a navigation entry, the second-level
pages (every column) are checked instead. Early warning at 10 days (commercial monitors).
**Params:** max_age_days, warn_days, fallback_to_columns.
**Unverifiable when:** the homepage could not be seen (blocked, failed, unrendered), or it has no items
and the columns to fall back on could not be seen either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.columns import age_status, shown_date
from checks.context import CheckContext
from checks.model import Evidence, Finding, Status
from checks.registry import check
from storage.views import ItemView, SiteView, newest_item

TARGET = "homepage"


@dataclass(frozen=True)
class Params:
    max_age_days: int = 14
    warn_days: int = 4  # warn from age 10: this many days before the limit
    fallback_to_columns: bool = True  # a navigation-only homepage is judged by its second-level pages


@check(id="homepage_freshness", title="首页更新及时性", params=Params)
def homepage_freshness(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    home = view.homepage
    if home is None or not home.seen:
        reason = home.visibility.label_zh if home else "未采集"
        yield ctx.unverifiable(
            TARGET, reason="homepage_unseen", message=f"首页{reason}，本次无法核验首页更新情况，不计为问题。"
        )
        return
    items: tuple[ItemView, ...] = home.items
    where = "首页"
    if not items and p.fallback_to_columns:
        if any(not c.seen for c in view.columns):
            yield ctx.unverifiable(
                TARGET,
                reason="unseen_columns",
                message="首页仅为导航入口，且部分二级栏目无法访问，本次无法核验，不计为问题。",
            )
            return
        items = tuple(i for c in view.columns for i in c.items)
        where = "首页为导航入口，其二级页面"
    newest = newest_item(items, not_after=ctx.as_of)
    if newest is None or newest.date is None:
        yield ctx.fail(
            TARGET,
            measured=None,
            limit=p.max_age_days,
            evidence=[Evidence(url=home.url)],
            message=f"{where}未发现标注发布日期的信息，视为未更新（无日期的信息按未更新计）。"
            "请在首页信息旁标明发布日期，并保持每两周内有更新。",
        )
        return
    age = (ctx.as_of - newest.date).days
    status = age_status(age, p.max_age_days, p.warn_days)
    said = f"{where}最新信息发布于{shown_date(newest)}"
    message = {
        Status.FAIL: f"{said}，已{age}天未更新，超过{p.max_age_days}天的要求（首页不更新属单项否决）。"
        "请及时更新首页信息。",
        Status.WARN: f"{said}，已{age}天未更新，再过{p.max_age_days - age + 1}天将超过"
        f"{p.max_age_days}天的要求。请尽快更新首页信息。",
        Status.PASS: f"{said}（{age}天前），符合{p.max_age_days}天内更新的要求。",
    }[status]
    yield ctx.finding(
        status, TARGET, measured=age, limit=p.max_age_days, evidence=[Evidence.of(newest)], message=message
    )
