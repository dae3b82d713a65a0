"""`govwatch jobs`: the daemon's stored jobs and when each runs next (Beijing time)."""

from __future__ import annotations

import argparse
import json

from rich.table import Table

from scheduler.config_ops import CHINA
from scheduler.context import CommandContext
from scheduler.display import out
from storage import open_db


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("jobs", help="列出守护进程的定时任务及下次运行时间")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from scheduler.daemon import stored_jobs

    rows = [
        {
            "id": job.id,
            "name": job.name,
            "trigger": str(job.trigger),
            "next_run": job.next_run_time.astimezone(CHINA).isoformat() if job.next_run_time else None,
        }
        for job in stored_jobs(open_db(ctx.db_url))
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    table = Table(title=f"定时任务（{len(rows)}）")
    for header in ("任务", "说明", "触发条件", "下次运行（北京时间）"):
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"], row["name"], row["trigger"], (row["next_run"] or "已暂停")[:19].replace("T", " ")
        )
    out.print(table)
    return 0
