"""periodic: a column has an item for every period (week, five days, month, quarter, half year, year).

**Rule:** 按期发布 in the seeds (农产品价格 weekly, 粮食收购进度 every five days, 财政收支 monthly, 社会救助
quarterly, 统计公报 yearly); a period is due `lag_days` after it ends. Periods are read from titles (1-3月,
一季度, 上半年, 2026年3月份; a combined 1-2月 report covers both months), else from the publication date.
**Params:** column, period, lag_days, lookback, since, keywords, ranges_cover, date_means, warn_days,
january_with_february (财政收支 reports January and February together as 1-2月: January falls due with
February, not before).
Every list column of the category is judged on its own; the finding's target is the column's list URL.
**Unverifiable when:** the column was not seen; periods older than the oldest item of a list whose
pagination was cut short are not counted as missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from checks.columns import category_columns, column_label, column_target, unseen_column, zh_date
from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.periods import MONTH_BASED, Period, covered_periods, period_of, read_title
from checks.registry import check
from storage.views import ColumnView, ItemView, SiteView

_PER = {
    "week": "每周",
    "five_days": "每五日",
    "month": "每月",
    "quarter": "每季度",
    "half_year": "每半年",
    "year": "每年",
}


@dataclass(frozen=True)
class Params:
    column: str
    period: Literal["week", "five_days", "month", "quarter", "half_year", "year"] = "month"
    lag_days: int = 0  # a period is due this many days after it ends
    lookback: int = 12  # how many of the latest due periods are checked
    since: date | None = None  # no period starting before this date is checked
    keywords: tuple[str, ...] = ()  # only items whose titles contain one of these count
    ranges_cover: Literal["all", "last"] = "all"  # "last": a cumulative 1-N月 covers month N only
    # the period of an item whose title names none: the one before its date, or the one holding it
    date_means: Literal["auto", "previous", "current"] = "auto"
    warn_days: int = 0  # warn when the next period falls due within this many days, still uncovered
    # 财政收支: January is reported together with February (1-2月), so it falls due with February
    january_with_february: bool = False


def _item_periods(item: ItemView, p: Params) -> set[Period]:
    if p.period in MONTH_BASED:
        from_title = covered_periods(read_title(item.title), p.period, item.date, p.ranges_cover)
        if from_title:
            return from_title
    if item.date is None:
        return set()
    current = period_of(item.date, p.period)
    means = p.date_means if p.date_means != "auto" else ("previous" if p.period in MONTH_BASED else "current")
    return {current.previous() if means == "previous" else current}


def _due_periods(p: Params, as_of: date) -> list[Period]:
    """The latest `lookback` periods whose last allowed day is before `as_of`, oldest first."""
    period = period_of(as_of - timedelta(days=p.lag_days), p.period)
    while _last_day(period, p) >= as_of:
        period = period.previous()
    due: list[Period] = []
    while len(due) < p.lookback and (p.since is None or period.start >= p.since):
        due.append(period)
        period = period.previous()
    return due[::-1]


@check(id="periodic", title="定期发布信息覆盖", params=Params)
def periodic(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    columns = category_columns(view, ctx, p.column)
    if isinstance(columns, Finding):
        yield columns
        return
    for column in columns:
        about = ctx.about(column)
        yield _judge(column, p, about) if column.seen else unseen_column(about, column_target(column), column)


def _judge(column: ColumnView, p: Params, ctx: CheckContext) -> Finding:
    items = [i for i in column.items if not p.keywords or any(k in i.title for k in p.keywords)]
    covered = set().union(*(_item_periods(i, p) for i in items)) if items else set()
    due = _due_periods(p, ctx.as_of)
    name, target = column_label(column, p.column), column_target(column)
    if not due:
        return ctx.not_applicable(target, reason="pending", message=f"{name}尚无到期的期次。")
    uncovered = [q for q in due if q not in covered]
    missing = [q for q in uncovered if _knowable(q, column)]
    unknown = [q for q in uncovered if not _knowable(q, column)]
    rule = f"{_PER[p.period]}应至少发布1期" + (f"，允许期满后{p.lag_days}天内发布" if p.lag_days else "")
    if missing:
        labels = "、".join(q.label_zh for q in missing)
        return ctx.fail(
            target,
            measured=len(missing),
            limit=0,
            evidence=[
                Evidence(url=column.url, title=column.name, note=f"缺少：{q.label_zh}") for q in missing
            ],
            message=f"{name}缺少{len(missing)}期：{labels}（{rule}）。请补发缺失期次的信息。",
        )
    if unknown:
        return ctx.unverifiable(
            target,
            reason="incomplete",
            message=(
                f"{name}有{len(unknown)}期（{'、'.join(q.label_zh for q in unknown)}）早于已采集的最早信息，"
                "因栏目列表未完整采集无法核验，不计为问题。"
            ),
        )
    upcoming = due[-1].next()
    deadline = _last_day(upcoming, p)
    if p.warn_days and upcoming not in covered and (deadline - ctx.as_of).days <= p.warn_days:
        return ctx.warn(
            target,
            measured=0,
            limit=1,
            evidence=[Evidence(url=column.url, title=column.name)],
            message=f"{name}{upcoming.label_zh}的信息尚未发布，应于{zh_date(deadline)}前发布（{rule}）。",
        )
    return ctx.pass_(target, measured=0, limit=0, message=f"{name}最近{len(due)}期均已发布（{rule}）。")


def _last_day(period: Period, p: Params) -> date:
    """The last day a period's item may appear: `lag_days` after its end (after February's, for a January
    reported with February)."""
    end = period.end
    if p.january_with_february and p.period == "month" and period.start.month == 1:
        end = period.next().end
    return end + timedelta(days=p.lag_days)


def _knowable(period: Period, column: ColumnView) -> bool:
    """A period older than everything seen on a list cut short may have its item on an unseen page."""
    oldest = column.oldest_date()
    return column.complete or (oldest is not None and period.end >= oldest)
