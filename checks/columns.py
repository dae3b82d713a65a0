"""Helpers the column checks share: Chinese dates, column labels, the columns a check judges (every column
of a category, each on its own, its key as the finding's target), the unseen-column verdict, age grading
and the site-wide count verdict that never passes a site we saw only part of."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from checks.context import REASONS_ZH, UNSEEN_NOTE, CheckContext
from checks.model import Evidence, Finding, Status
from storage.views import ColumnView, ItemView, SiteView, Visibility

ABSENT_NOTE = "栏目缺失由栏目设置检查另行报告。"


def zh_date(day: date) -> str:
    return f"{day:%Y年%m月%d日}"


def shown_date(item: ItemView) -> str:
    """An item's date as its page shows it: a year-less list date (03-05) is named without the year we
    gave it, so a message names only what was seen."""
    if item.date is None:
        return ""
    return f"{item.date:%m月%d日}" if item.year_inferred else zh_date(item.date)


def column_label(column: ColumnView | None, taxonomy_id: str, view: SiteView | None = None) -> str:
    """「the site's name」 for a column; for one we never saw, its category's Chinese name (never the id)."""
    if column and column.name:
        return f"「{column.name}」"
    name = view.category_name(taxonomy_id) if view is not None else ""
    return f"「{name}」栏目" if name else "该栏目"


def column_target(column: ColumnView) -> str:
    """A column finding's target: the column's key (its list URL without default document), so a site
    with two 政策文件 lists gets two findings, each pointing at its own list."""
    return column.key or column.url or column.id


def category_columns(view: SiteView, ctx: CheckContext, category: str) -> list[ColumnView] | Finding:
    """The columns of a category a column check judges, each on its own: every list column (seen or not:
    an unseen one may be a list), else its first column (a channel or a page); or the not-applicable
    verdict when the site has none (presence reports that)."""
    present = [c for c in view.columns_of(category) if c.visibility is not Visibility.ABSENT]
    if not present:
        column = view.column(category)
        return ctx.not_applicable(
            category,
            reason="absent",
            message=f"未找到{column_label(column, category, view)}，本项不适用；{ABSENT_NOTE}",
        )
    lists = [c for c in present if c.role == "list" or not c.seen]
    return lists or present[:1]


def seen_column(view: SiteView, ctx: CheckContext, taxonomy_id: str) -> ColumnView | Finding:
    """The column when it was seen; otherwise the verdict: absent (presence reports that, so not
    applicable here) or not seen (unverifiable, never fail)."""
    column = view.column(taxonomy_id)
    if column is None or column.visibility is Visibility.ABSENT:
        return ctx.not_applicable(
            taxonomy_id,
            reason="absent",
            message=f"未找到{column_label(column, taxonomy_id, view)}，本项不适用；{ABSENT_NOTE}",
        )
    if column.seen:
        return column
    return unseen_column(ctx, taxonomy_id, column)


def unseen_column(ctx: CheckContext, target: str, column: ColumnView) -> Finding:
    """The verdict on a column we could not see, or saw only in part and read nothing from: unverifiable."""
    detail = f"（{column.reason}）" if column.reason else ""
    evidence = [Evidence(url=column.url, title=column.name, note=column.reason or None)] if column.url else []
    seen = "列表未完整采集，未读到任何信息" if column.seen else column.visibility.label_zh
    return ctx.unverifiable(
        target,
        reason="incomplete" if column.seen else column.visibility.value,
        evidence=evidence,
        message=f"{column_label(column, target)}{seen}{detail}，{UNSEEN_NOTE}",
    )


def age_status(age: int, max_age_days: int, warn_days: int) -> Status:
    """fail when older than the limit; warn from `warn_days` before it (age >= limit - warn_days)."""
    if age > max_age_days:
        return Status.FAIL
    if warn_days > 0 and age >= max_age_days - warn_days:
        return Status.WARN
    return Status.PASS


def is_blank(view: SiteView, column: ColumnView) -> bool:
    """A seen list column read whole, with no item and no sub-column: 空白栏目. A list read only in part
    (its stated total larger than what was read, its pages not followed) is not known to be blank."""
    return column.seen and column.complete and not column.items and not bool(view.children(column))


def blank_unknown(view: SiteView, column: ColumnView) -> bool:
    """Whether we cannot tell if the column is blank: not seen, or seen empty-handed but only in part."""
    if not column.seen:
        return True
    return not column.complete and not column.items and not bool(view.children(column))


def information_columns(
    view: SiteView, categories: Iterable[str] = (), skip: Iterable[str] = ()
) -> list[ColumnView]:
    """The columns whose content the blank and staleness rules judge: every list column of the site (or of
    the given categories), with or without a category (扶贫工作 counts), and every column we could not see
    (it may be one); channels of sub-columns and single pages are not lists."""
    wanted, skipped = set(categories), set(skip)
    return [
        c
        for c in view.columns
        if c.visibility is not Visibility.ABSENT
        and (c.role == "list" or not c.seen)
        and (not wanted or c.id in wanted)
        and c.id not in skipped
    ]


def count_status(count: int, unknown: int, fail_at: int, warn_above: int) -> Status:
    """A site-level count against its thresholds: fail at `fail_at` (inclusive, as 超过（含）), warn above
    `warn_above`; unverifiable when the unseen columns alone could reach the limit."""
    if count >= fail_at:
        return Status.FAIL
    if count + unknown >= fail_at:
        return Status.UNVERIFIABLE
    return Status.WARN if count > warn_above else Status.PASS


def site_seen_in_part(view: SiteView) -> str:
    """Why a site-wide count cannot pass ('' when it can): the homepage was not reached, or the crawl
    stopped at its page cap. Such a count fails only when what was seen already reaches the limit."""
    if view.homepage is not None and not view.homepage.seen:
        return "homepage_unseen"
    return "cut_short" if view.cut_short else ""


def site_count_finding(
    view: SiteView,
    ctx: CheckContext,
    *,
    what: str,
    found: Sequence[tuple[ColumnView, str]],
    unknown: int,
    fail_at: int,
    warn_above: int,
    evidence: Sequence[Evidence],
    fix: str,
) -> Finding:
    """The verdict on a site-wide count of columns (空白栏目, 未按期更新栏目) against its veto limit.

    On a site seen only in part the count is a floor: it fails when it already reaches the limit (said as
    至少N个) and is otherwise unverifiable, never passed."""
    count, listed = len(found), "；".join(text for _, text in found) or "无"
    partly = site_seen_in_part(view)
    status = count_status(count, unknown, fail_at, warn_above)
    if partly and status is not Status.FAIL:
        status = Status.UNVERIFIABLE
    if status is Status.UNVERIFIABLE:
        why = REASONS_ZH[partly] if partly else f"另有{unknown}个栏目无法访问或未完整采集"
        return ctx.unverifiable(
            "site",
            reason=partly or "unseen_columns",
            evidence=evidence,
            message=f"已发现{what}{count}个（{listed}），{why}，无法确定是否达到{fail_at}个的限值，不计为问题。",
        )
    floor = "至少" if partly else ""
    advice = {
        Status.FAIL: f"达到{fail_at}个的单项否决限值。请尽快{fix}。",
        Status.WARN: f"超过{warn_above}个的预警线（{fail_at}个即单项否决）。请及时{fix}。",
        Status.PASS: f"低于{fail_at}个的限值。",
    }[status]
    note = f"（{REASONS_ZH[partly]}，实际数量可能更多）" if partly else ""
    return ctx.finding(
        status,
        "site",
        measured=count,
        limit=fail_at,
        evidence=evidence,
        message=f"全站{what}{floor}{count}个{note}：{listed}。{advice}",
    )
