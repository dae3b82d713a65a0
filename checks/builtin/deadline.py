"""deadline: the item for last year appears by a fixed date of this year (年度报告 by the site's level).

**Rule:** 《政府信息公开条例》第四十九条: the 上一年度 政府信息公开工作年度报告 by 1月31日 for 县级以上人民政府部门
(level 部门), by 3月31日 for 县级以上地方人民政府 (省, 市, 县区) and for an unknown level (no government is failed
while still on time). A rulebook that fixes its own date wins: 国办函〔2018〕12号 政府网站工作年度报表 by 1月31日;
seeds: 上年度行政执法数据 by 1月31日. The year an item is about is read from its title (2025年度, 上年度), else
it is the year before its publication.
**Params:** column, keywords, name (what to call the item in messages), due_month and due_day (both 0, the
default: by the site's level; both set: that date for every site), warn_days.
**Unverifiable when:** the column was not seen, or nothing was found on a list whose pagination was cut
short above the deadline's year.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from checks.columns import column_label, seen_column, zh_date
from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.params import ParamsError
from checks.periods import covered_periods, read_title
from checks.registry import check
from storage.views import ColumnView, ItemView, SiteView

# 《政府信息公开条例》第四十九条, by the site's level: who must publish, and by which day of the next year.
DEPARTMENT = ("县级以上人民政府部门", 1, 31)
GOVERNMENT = ("县级以上地方人民政府", 3, 31)
LEVELS = {"部门": DEPARTMENT, "省": GOVERNMENT, "市": GOVERNMENT, "县区": GOVERNMENT}
LAW = "《政府信息公开条例》第四十九条"


@dataclass(frozen=True)
class Params:
    column: str  # e.g. "xxgknb"
    keywords: tuple[str, ...] = ("年度报告",)  # an item counts when its title holds one of these
    name: str = "政府信息公开工作年度报告"
    due_month: int = 0  # 0 with due_day 0: by the site's level (部门 1月31日, else 3月31日)
    due_day: int = 0
    warn_days: int = 0  # before this year's deadline, warn this many days ahead while still missing

    def __post_init__(self) -> None:  # a fixed date must be a day of every year (2001: no 29 February)
        m, d = self.due_month, self.due_day
        if (m or d) and not (1 <= m <= 12 and 1 <= d <= monthrange(2001, m)[1]):
            raise ParamsError(f"deadline.due_month, due_day: {m}月{d}日: set both to a date, or neither")


@dataclass(frozen=True)
class Due:
    """The deadline's day of the year after the item's year, and why it is that day (for messages)."""

    month: int
    day: int
    why: str  # 「（…应于3月31日前公布）」, or '' for a date the rulebook fixed

    def of(self, year: int) -> date:  # the deadline for the item about `year`
        return date(year + 1, self.month, self.day)


def due_of(view: SiteView, p: Params) -> Due:
    """The rulebook's own date when it fixes one; else the site's level decides, an unknown level the later
    date (so that no government is failed while still on time)."""
    if p.due_month:
        return Due(p.due_month, p.due_day, "")
    who, month, day = LEVELS.get(view.level, GOVERNMENT)
    unknown = "" if view.level in LEVELS else "未能确定本网站的行政级别，按较晚的时限计；"
    return Due(month, day, f"（{unknown}{LAW}：{who}应于{month}月{day}日前公布）")


def _about_year(item: ItemView) -> int | None:
    periods = covered_periods(read_title(item.title), "year", item.date)
    return max(q.year for q in periods) if periods else None


def _found(column: ColumnView, p: Params, year: int) -> ItemView | None:
    matches = [i for i in column.items if any(k in i.title for k in p.keywords) and _about_year(i) == year]
    dated = [i for i in matches if i.date is not None]
    return min(dated, key=lambda i: i.date) if dated else (matches[0] if matches else None)  # type: ignore[arg-type, return-value]


@check(id="deadline", title="按时限发布", params=Params)
def deadline(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    column = seen_column(view, ctx, p.column)
    if isinstance(column, Finding):
        yield column
        return
    rule = due_of(view, p)
    passed = ctx.as_of > rule.of(ctx.as_of.year - 1)  # the deadline day itself is not late
    year = ctx.as_of.year - (1 if passed else 2)  # the latest year whose deadline has passed
    due = rule.of(year)
    name, what = column_label(column, p.column), f"{p.name}（{year}年度）"
    item = _found(column, p, year)
    if item is None:
        oldest = column.oldest_date()
        if not column.complete and (oldest is None or oldest > date(year + 1, 1, 1)):
            yield ctx.unverifiable(
                p.column,
                reason="incomplete",
                message=f"{name}列表未完整采集，未能确认{what}是否发布，不计为问题。",
            )
            return
        yield ctx.fail(
            p.column,
            measured=None,
            limit=due.isoformat(),
            evidence=[Evidence(url=column.url)],
            message=f"{name}未发现{what}，应于{zh_date(due)}前发布{rule.why}。请尽快发布。",
        )
        return
    if item.date is not None and item.date > due:
        yield ctx.fail(
            p.column,
            measured=item.date.isoformat(),
            limit=due.isoformat(),
            evidence=[Evidence.of(item)],
            message=f"{what}「{item.title}」于{zh_date(item.date)}发布，晚于{zh_date(due)}的时限{rule.why}。"
            "请今后按时发布。",
        )
        return
    upcoming = _upcoming(column, p, rule, ctx, year + 1)
    if upcoming is not None:
        yield upcoming
        return
    when = f"于{zh_date(item.date)}发布" if item.date else "已发布（未标注发布日期）"
    yield ctx.pass_(
        p.column,
        measured=item.date.isoformat() if item.date else None,
        limit=due.isoformat(),
        evidence=[Evidence.of(item)],
        message=f"{what}{when}，符合{zh_date(due)}前发布的要求{rule.why}。",
    )


def _upcoming(column: ColumnView, p: Params, rule: Due, ctx: CheckContext, year: int) -> Finding | None:
    """An early warning when the next deadline is near and its item is still missing."""
    due = rule.of(year)
    if not p.warn_days or (due - ctx.as_of).days > p.warn_days or _found(column, p, year) is not None:
        return None
    return ctx.warn(
        p.column,
        measured=None,
        limit=due.isoformat(),
        evidence=[Evidence(url=column.url)],
        message=f"{p.name}（{year}年度）尚未发布，应于{zh_date(due)}前发布{rule.why}，"
        f"距时限还有{(due - ctx.as_of).days}天。请抓紧发布。",
    )
