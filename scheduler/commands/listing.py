"""`govwatch sweeps` and `govwatch pages`: what the database holds, as a table or JSON."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from rich.table import Table

from scheduler.context import CommandContext, UsageError
from scheduler.display import failed_text, out, unseen_text
from storage import open_db
from storage.queries import latest_sweep_id, list_pages, list_sweeps

STATE_ZH = {"finished": "已完成", "running": "进行中", "unfinished": "未完成"}


def register(sub: argparse._SubParsersAction) -> None:
    sweeps = sub.add_parser("sweeps", help="列出抓取批次")
    sweeps.add_argument("--format", choices=("table", "json"), default="table")
    sweeps.set_defaults(run=run_sweeps)
    pages = sub.add_parser("pages", help="列出某一批次抓取的页面")
    pages.add_argument("--sweep", type=int, metavar="ID", help="sweep id (default: the latest)")
    pages.add_argument("--format", choices=("table", "json"), default="table")
    pages.add_argument("--limit", type=int, default=None, help="at most this many pages")
    pages.set_defaults(run=run_pages)


def run_sweeps(args: argparse.Namespace, ctx: CommandContext) -> int:
    sweeps = list_sweeps(open_db(ctx.db_url))
    if args.format == "json":
        print(json.dumps([asdict(s) for s in sweeps], ensure_ascii=False, default=str, indent=1))
        return 0
    table = Table(title="抓取批次")
    for header in ("批次", "开始", "结束", "状态", "站点：成功 / 失败（按原因）"):
        table.add_column(header)
    for s in sweeps:
        per_site = "\n".join(
            f"{c.site}：{c.pages_fetched} / {failed_text(c.failed_by_reason)}"
            + (f"（{unseen_text(c.not_followed)}）" if c.partial else "")
            for c in s.sites
        )
        partial = s.state == "finished" and any(c.partial for c in s.sites)
        table.add_row(
            str(s.id),
            f"{s.started_at:%Y-%m-%d %H:%M:%S}",
            f"{s.finished_at:%Y-%m-%d %H:%M:%S}" if s.finished_at else "-",
            STATE_ZH[s.state] + ("（部分未抓取）" if partial else ""),
            per_site or "-",
        )
    out.print(table)
    return 0


def run_pages(args: argparse.Namespace, ctx: CommandContext) -> int:
    engine = open_db(ctx.db_url)
    sweep_id = args.sweep if args.sweep is not None else latest_sweep_id(engine)
    if sweep_id is None:
        raise UsageError("the database holds no sweep yet; run govwatch sweep first")
    pages = list_pages(engine, sweep_id, args.limit)
    if not pages and args.sweep is not None and sweep_id not in {s.id for s in list_sweeps(engine, 10_000)}:
        raise UsageError(f"--sweep: sweep {sweep_id} does not exist in this database")
    if args.format == "json":
        print(json.dumps(pages, ensure_ascii=False, indent=1))
        return 0
    table = Table(title=f"批次 {sweep_id} 的页面（{len(pages)}）")
    for header in ("站点", "网址", "状态码", "结果", "标题 / 原因"):
        table.add_column(header, overflow="fold")
    for p in pages:
        table.add_row(p["site"], p["url"], str(p["status"] or "-"), p["outcome"], p["title"] or p["error"])
    out.print(table)
    return 0
