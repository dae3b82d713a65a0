"""Helpers the column checks share: Chinese dates, column labels, the unseen-column verdict, age grading."""

from __future__ import annotations

from datetime import date

from checks.context import UNSEEN_NOTE, CheckContext
from checks.model import Evidence, Finding, Status
from storage.views import ColumnView, SiteView, Visibility

ABSENT_NOTE = "栏目缺失由栏目设置检查另行报告。"


def zh_date(day: date) -> str:
    return f"{day:%Y年%m月%d日}"


def column_label(column: ColumnView | None, taxonomy_id: str) -> str:
    return f"「{column.name}」" if column and column.name else f"「{taxonomy_id}」栏目"


def seen_column(view: SiteView, ctx: CheckContext, taxonomy_id: str) -> ColumnView | Finding:
    """The column when it was seen; otherwise the verdict: absent (presence reports that, so not
    applicable here) or not seen (unverifiable, never fail)."""
    column = view.column(taxonomy_id)
    if column is None or column.visibility is Visibility.ABSENT:
        return ctx.not_applicable(
            taxonomy_id,
            reason="absent",
            message=f"未找到{column_label(column, taxonomy_id)}，本项不适用；{ABSENT_NOTE}",
        )
    if column.seen:
        return column
    return unseen_column(ctx, taxonomy_id, column)


def unseen_column(ctx: CheckContext, target: str, column: ColumnView) -> Finding:
    detail = f"（{column.reason}）" if column.reason else ""
    evidence = [Evidence(url=column.url, note=column.reason or None)] if column.url else []
    return ctx.unverifiable(
        target,
        reason=column.visibility.value,
        evidence=evidence,
        message=f"{column_label(column, target)}{column.visibility.label_zh}{detail}，{UNSEEN_NOTE}",
    )


def age_status(age: int, max_age_days: int, warn_days: int) -> Status:
    """fail when older than the limit; warn from `warn_days` before it (age >= limit - warn_days)."""
    if age > max_age_days:
        return Status.FAIL
    if warn_days > 0 and age >= max_age_days - warn_days:
        return Status.WARN
    return Status.PASS


def is_blank(view: SiteView, column: ColumnView) -> bool:
    """A seen column with no item and no sub-column: 空白栏目."""
    return column.seen and not column.items and not view.children(column.id)


def count_status(count: int, unknown: int, fail_at: int, warn_above: int) -> Status:
    """A site-level count against its thresholds: fail at `fail_at` (inclusive, as 超过（含）), warn above
    `warn_above`; unverifiable when the unseen columns alone could reach the limit."""
    if count >= fail_at:
        return Status.FAIL
    if count + unknown >= fail_at:
        return Status.UNVERIFIABLE
    return Status.WARN if count > warn_above else Status.PASS
