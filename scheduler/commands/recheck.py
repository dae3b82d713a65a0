"""`govwatch recheck SITE`: fetch again only the pages behind a site's open problems and judge them now."""

from __future__ import annotations

import argparse
import getpass
import json

from rich.table import Table

from reports.labels import STATE_ZH, STATUS_ZH
from scheduler.context import CommandContext, UsageError
from scheduler.display import console, out
from scheduler.recheck import RecheckError, recheck_site
from storage import open_db


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("recheck", help="整改后立即复核：只重新抓取未关闭问题涉及的页面并重新检查")
    parser.add_argument("site", metavar="SITE", help="the site's name")
    parser.add_argument("--finding", type=int, action="append", default=[], metavar="ID", help="a finding id")
    parser.add_argument("--problem", type=int, action="append", default=[], metavar="ID", help="a problem id")
    parser.add_argument("--by", default=None, help="who asks for the re-check (default: the login name)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    console.print(f"正在复核 {args.site} ……")
    try:
        result = recheck_site(
            open_db(ctx.db_url), args.site, problem_ids=args.problem, finding_ids=args.finding,
            actor=args.by or getpass.getuser(),
        )  # fmt: skip
    except RecheckError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print(json.dumps({"recheck": result.recheck_id, "sweep": result.sweep_id, "pages": result.pages,
                          "results": result.results}, ensure_ascii=False, indent=1))  # fmt: skip
        return 0
    table = Table(
        title=f"复核 {result.recheck_id}：重新抓取 {len(result.pages)} 个页面（基于批次 {result.sweep_id}）"
    )
    for header in ("问题", "检查", "对象", "复核结论", "状态", "说明"):
        table.add_column(header, overflow="fold")
    for row in result.results:
        moved = STATE_ZH[row["before"]] + (
            "" if row["before"] == row["after"] else f" → {STATE_ZH[row['after']]}"
        )
        table.add_row(str(row["problem"]), row["check"], row["target"], STATUS_ZH.get(row["status"], "未报告"),
                      moved, row["message"])  # fmt: skip
    out.print(table)
    return 0
