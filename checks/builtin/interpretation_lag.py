"""interpretation_lag: every policy document has its 政策解读 within N working days, and the 解读比例.

**Rule:** 解读材料应于文件公开后3个工作日内发布 (local rules such as 郑州; national source not yet read, see
NATIONAL-RULES §2); 国办秘函〔2019〕19号 扣分指标 解读比例. Working days follow the calendar with 调休: a
document of a Friday is due by the next Wednesday. Interpretations are paired with documents by link,
then by title (checks/matching.py). Documents with no interpretation are listed.
**Params:** max_working_days, document_kinds, since, min_ratio, warn_working_days, interpretation_column.
Only the site's own policy documents owe one (checks/owed.py): reposted laws, other bodies' documents and
papers that are not policy are not applicable, each with its reason; a document whose issuer cannot be
told is left out and counted in the ratio finding.
**Unverifiable when:** the 政策解读 column could not be seen; a document or its interpretation has no
date; a document is unmatched while some interpretation pages were not fetched; a document is unmatched,
the 解读 list was read only in part, and the document is not newer than the oldest 解读 read (its 解读 may
be on the part not read). What the part read proves is still judged: a document newer than that, unmatched,
fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from checks.columns import unseen_column, zh_date
from checks.context import UNSEEN_NOTE, CheckContext
from checks.holidays import UnknownYearError
from checks.interpretations import (
    Seen,
    documents_of_kinds,
    earliest_interpretations,
    owed_documents,
    partial_list,
    ratio_finding,
)
from checks.model import Evidence, Finding, Status
from checks.registry import check
from checks.workdays import WorkdayDate
from storage.views import DocumentView, InterpretationView, SiteView, Visibility

RATIO = "ratio"
ADVICE = "请补充解读材料，并与文件双向关联。"
Interp = InterpretationView | None


@dataclass(frozen=True)
class Params:
    max_working_days: int = 3
    document_kinds: tuple[str, ...] = ("规范性文件", "政策文件")  # empty: every document
    since: date | None = None  # documents published before this are not judged
    min_ratio: float = 0.0  # 解读比例 below this fails (0: reported only)
    warn_working_days: int = 0  # warn when an uninterpreted document has this many working days left
    interpretation_column: str = "zcjd"


@check(id="interpretation_lag", title="政策解读及时性与解读比例", params=Params)
def interpretation_lag(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    columns = [c for c in view.columns_of(p.interpretation_column) if c.visibility is not Visibility.ABSENT]
    if columns and not any(c.seen for c in columns):
        yield unseen_column(ctx, RATIO, columns[0])
        return
    owed = owed_documents(view, documents_of_kinds(view, p.document_kinds, p.since))
    yield from owed.not_applicable(ctx)
    if not owed.docs:
        yield owed.no_documents(RATIO, ctx)
        return
    earliest = earliest_interpretations(owed.pairs(view.interpretations))
    seen = Seen(any(not i.page_seen for i in view.interpretations), partial_list(columns))
    judged = [_judge_dated(doc, earliest.get(doc.url), seen, p, ctx) for doc in owed.docs]
    yield from judged
    yield ratio_finding(RATIO, owed.docs, earliest, judged, p.min_ratio, ctx, unknown=owed.unknown)


def _judge_dated(doc: DocumentView, interp: Interp, seen: Seen, p: Params, ctx: CheckContext) -> Finding:
    try:
        return _judge(doc, interp, seen, p, ctx)
    except UnknownYearError:  # e.g. an archive document from before the calendar's first year
        return ctx.unverifiable(
            doc.url,
            reason="no_calendar",
            message=f"《{doc.title}》的日期超出工作日历覆盖的年份，{UNSEEN_NOTE}",
        )


def _judge(doc: DocumentView, interp: Interp, seen: Seen, p: Params, ctx: CheckContext) -> Finding:
    if doc.publish_date is None or (interp is not None and interp.publish_date is None):
        return ctx.unverifiable(
            doc.url,
            reason="no_date",
            evidence=[Evidence.of(doc)],
            message=f"《{doc.title}》或其解读缺少发布日期，无法计算解读时限，不计为问题。",
        )
    due = ctx.calendar.add_working_days(doc.publish_date, p.max_working_days)
    said = f"《{doc.title}》于{zh_date(doc.publish_date)}发布"
    if interp is None:
        return _uninterpreted(doc, due, seen, said, p, ctx)
    assert interp.publish_date is not None
    lag = ctx.calendar.working_days_between(doc.publish_date, interp.publish_date)
    years = sorted(set(lag.provisional_years) | set(due.provisional_years))
    gap = f"其解读「{interp.title}」于{zh_date(interp.publish_date)}发布，相隔{max(lag.days, 0)}个工作日"
    late = lag.days > p.max_working_days
    verdict = (
        f"超过{p.max_working_days}个工作日的要求（应于{zh_date(due.date)}前发布）。请做到解读与文件同步发布，最迟不超过规定时限。"
        if late
        else f"符合{p.max_working_days}个工作日内的要求。"
    )
    return ctx.finding(
        Status.FAIL if late else Status.PASS,
        doc.url,
        measured=max(lag.days, 0),
        limit=p.max_working_days,
        evidence=[Evidence.of(doc), Evidence.of(interp)],
        provisional_years=years,
        message=f"{said}，{gap}，{verdict}",
    )


def _uninterpreted(
    doc: DocumentView, due_by: WorkdayDate, seen: Seen, said: str, p: Params, ctx: CheckContext
) -> Finding:
    due, evidence = due_by.date, [Evidence.of(doc)]
    pending = ctx.as_of <= due
    left = ctx.calendar.working_days_between(ctx.as_of, due).days
    if pending and not (p.warn_working_days and left <= p.warn_working_days):
        return ctx.not_applicable(
            doc.url, reason="pending", message=f"{said}，解读时限（{zh_date(due)}）未到。"
        )
    if not pending and seen.partial is not None and seen.partial.hides(doc):
        return seen.partial.unverifiable(doc, said, ctx)
    if not pending and seen.pages_missing:
        return ctx.unverifiable(
            doc.url,
            reason="not_fetched",
            evidence=evidence,
            message=f"{said}，未匹配到解读，但部分解读页面未能采集，无法确认，不计为问题。",
        )
    return ctx.finding(
        Status.WARN if pending else Status.FAIL,
        doc.url,
        limit=p.max_working_days,
        evidence=evidence,
        provisional_years=due_by.provisional_years,
        message=f"{said}，尚未发现解读，应于{zh_date(due)}前发布，还剩{left}个工作日。"
        if pending
        else f"{said}，至今未发现对应的政策解读（应于{zh_date(due)}前发布）。{ADVICE}",
    )
