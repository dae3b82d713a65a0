"""date_plausibility: publication dates are not in the future and do not change between sweeps.

**Rule:** 国办秘函〔2019〕19号 单项否决 安全、泄密事故等严重问题: 弄虚作假 (e.g. 伪造发稿日期).
A date after the sweep (a publication date, or a date a page shows that the reader did not trust as one),
or a URL whose publication date differs from the previous sweep's, is flagged for review; a list date
whose year we inferred (03-05) is our guess and never flagged; a changed date warns by default, since a correction is legitimate and only a person can tell.
**Params:** future_grace_days, changed_status.
**Unverifiable when:** no dated item, document or page was seen. Without a previous sweep (ctx.previous)
only future dates are judged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from checks.columns import zh_date
from checks.context import CheckContext
from checks.model import Evidence, Finding, Status
from checks.registry import check
from storage.views import SiteView

Dated = dict[tuple[str, str], tuple[date, str]]  # (source, url) -> (date, title)


@dataclass(frozen=True)
class Params:
    future_grace_days: int = 0
    changed_status: Literal["fail", "warn"] = "warn"


def _dated(view: SiteView) -> Dated:
    found: Dated = {}
    lists = [*(c.items for c in view.columns), view.homepage.items if view.homepage else ()]
    # a year we inferred (03-05 on a homepage) is our guess, never the site's claim
    for item in (i for items in lists for i in items if i.date and i.url and not i.year_inferred):
        found[("list", item.url)] = (item.date, item.title)
    for doc in view.documents:
        for label, when in (("发布日期", doc.publish_date), ("成文日期", doc.written_date)):
            if when:
                found[(label, doc.url)] = (when, doc.title)
    for page in (*view.pages, *view.interpretations):
        if page.publish_date:
            found[("page", page.url)] = (page.publish_date, page.title)
    for page in view.pages:  # a date shown later than the fetch is kept apart, not taken as the date
        if page.implausible_date:
            found[("shown", page.url)] = (page.implausible_date, page.title)
    return found


@check(id="date_plausibility", title="发布日期合理性", params=Params)
def date_plausibility(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    now = _dated(view)
    if not now:
        yield ctx.unverifiable(
            "site", reason="no_date", message="本次未采集到带日期的信息，无法核验日期合理性，不计为问题。"
        )
        return
    problems: dict[str, list[tuple[Status, str, date, str]]] = defaultdict(list)
    latest = ctx.as_of + timedelta(days=p.future_grace_days)
    for (_, url), (when, title) in now.items():
        if when > latest:
            problems[url].append(
                (Status.FAIL, f"日期{zh_date(when)}晚于检测日{zh_date(ctx.as_of)}", when, title)
            )
    before = _dated(ctx.previous) if ctx.previous else {}
    for key, (when, title) in now.items():
        old = before.get(key)
        if old and old[0] != when:
            problems[key[1]].append(
                (Status(p.changed_status), f"日期由{zh_date(old[0])}变为{zh_date(when)}", when, title)
            )
    for url, found in sorted(problems.items()):
        status = Status.FAIL if any(s is Status.FAIL for s, *_ in found) else Status.WARN
        title = found[0][3]
        said = "；".join(dict.fromkeys(text for _, text, _, _ in found))
        yield ctx.finding(
            status,
            url,
            measured=found[0][2].isoformat(),
            limit=ctx.as_of.isoformat(),
            evidence=[Evidence(url=url, title=title, date=found[0][2], note=said)],
            message=f"「{title}」{said}，发布日期不合理，可能存在伪造发稿日期问题。请核实并更正。",
        )
    if not problems:
        compared = "，并与上次检测比对无变化" if ctx.previous else "（无上次检测数据，未比对日期变化）"
        yield ctx.pass_("site", measured=0, limit=0, message=f"{len(now)}个日期均不晚于检测日{compared}。")
