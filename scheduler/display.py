"""Terminal output of sweeps: a live progress line and the closing summary, in Chinese."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from crawler.outcome import FetchOutcome
from reports.labels import STATUS_ZH
from storage.queries import SiteCoverage

if TYPE_CHECKING:
    from scheduler.checking import SiteVerdict

console = Console(stderr=True, highlight=False)
# Piped output (CI logs, files) gets wide tables instead of rich's 80-column default.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)


def reason_label(reason: str) -> str:
    try:
        return FetchOutcome(reason).label_zh
    except ValueError:
        return reason


def failed_text(failed: dict[str, int]) -> str:
    return "，".join(f"{reason_label(k)} {v}" for k, v in sorted(failed.items())) or "无"


NOT_FOLLOWED_ZH = {"page cap": "达到每站页面上限", "depth": "超出抓取深度", "trap": "疑似无限网址（陷阱）"}


def unseen_text(not_followed: dict[str, int]) -> str:
    """Why part of a site was not crawled: 「未抓取：达到每站页面上限 12 个链接」, or '' when all was."""
    parts = [f"{NOT_FOLLOWED_ZH.get(k, k)} {v} 个链接" for k, v in sorted(not_followed.items()) if v]
    return f"部分未抓取：{'，'.join(parts)}" if parts else ""


class ProgressPrinter:
    """Shows pages done per site and the rate; redraws in a terminal, prints every 10 s otherwise."""

    def __init__(self, interval: float = 10.0) -> None:
        self._interactive = sys.stderr.isatty()
        self._interval = 0.0 if self._interactive else interval
        self._last = 0.0

    def __call__(self, event: dict[str, Any]) -> None:
        if event.get("event") != "progress" or time.monotonic() - self._last < self._interval:
            return
        self._last = time.monotonic()
        sites = event.get("sites", {})
        done = sum(s.get("done", 0) for s in sites.values())
        failed = sum(s.get("failed", 0) for s in sites.values())
        elapsed = max(float(event.get("elapsed", 0)), 1e-6)
        per_site = "  ".join(f"{name} {s.get('done', 0)}" for name, s in sorted(sites.items()))
        line = f"已抓取 {done} 页（失败 {failed}），{done / elapsed:.0f} 页/秒，{elapsed:.0f} 秒 | {per_site}"
        if self._interactive:
            console.print(line[: console.width - 1], end="\r")
        else:
            console.print(line)


def print_summary(sweep_id: int, complete: bool, sites: Sequence[SiteCoverage]) -> None:
    partial = "（部分未抓取）" if any(site.partial for site in sites) else ""
    table = Table(title=f"抓取批次 {sweep_id}：{'已完成' + partial if complete else '未完成'}")
    for header in ("站点", "尝试", "成功", "失败（按原因）", "未抓取", "用时（秒）"):
        table.add_column(header)
    for site in sites:
        seconds = "-" if site.seconds is None else f"{site.seconds:.1f}"
        table.add_row(
            site.site,
            str(site.pages_tried),
            str(site.pages_fetched),
            failed_text(site.failed_by_reason),
            unseen_text(site.not_followed) or "无",
            seconds,
        )
    out.print(table)


def print_verdicts(sweep_id: int, verdicts: Sequence[SiteVerdict]) -> None:
    table = Table(title=f"批次 {sweep_id} 检查结果")
    for header in ("站点", *STATUS_ZH.values()):
        table.add_column(header)
    for verdict in verdicts:
        table.add_row(verdict.site, *(str(verdict.counts.get(s, 0)) for s in STATUS_ZH))
    out.print(table)
    if any(v.provisional for v in verdicts):
        out.print("注：部分结果涉及尚未发布节假日安排的年份，按周末和法定节假日推算，属临时结果。")
