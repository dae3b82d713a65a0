"""`govwatch problems` (list the problems followed across sweeps) and `govwatch problems mark ID fixed`."""

from __future__ import annotations

import argparse
import getpass
import json
from datetime import datetime
from pathlib import Path

from rich.table import Table

from reports.labels import STATE_ZH
from scheduler.config_ops import CHINA
from scheduler.context import CommandContext, UsageError
from scheduler.display import out
from scheduler.workflow import WorkflowError, mark_fixed
from storage import open_db
from storage.operations import ACTIVE_STATES, STATES, list_problems


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("problems", help="列出整改问题（跨批次跟踪），或标记已整改")
    parser.add_argument("--site", action="append", default=[], metavar="NAME")
    parser.add_argument(
        "--state", type=_states, default=ACTIVE_STATES, help="open,fixed,reopened,verified,resolved or all "
        "(default: the unclosed ones: open,reopened,fixed)",
    )  # fmt: skip
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(run=run_list)
    actions = parser.add_subparsers(dest="action", parser_class=type(parser))
    mark = actions.add_parser("mark", help="标记问题已整改（由复核或下次抓取核实）")
    mark.add_argument("id", type=int, metavar="ID")
    mark.add_argument("state", choices=("fixed",))
    mark.add_argument("--note", required=True, help="what was done (kept in the history)")
    mark.add_argument("--by", default=None, help="who marks it (default: the login name)")
    # --config/--db after `mark` too; SUPPRESS keeps an absent one from hiding one given before `mark`
    mark.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="config file")
    mark.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL")
    mark.set_defaults(run=run_mark)


def _states(text: str) -> tuple[str, ...]:
    if text == "all":
        return STATES
    values = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in values if s not in STATES]
    if unknown or not values:
        raise argparse.ArgumentTypeError(
            f"unknown state {', '.join(unknown)} (use {', '.join(STATES)} or all)"
        )
    return values


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    rows = list_problems(open_db(ctx.db_url), sites=args.site, states=args.state)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    table = Table(title=f"整改问题（{len(rows)}）")
    for header in ("编号", "站点", "检查", "对象", "状态", "首次发现", "最近发现", "天数", "说明"):
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(
            str(row["id"]), row["site"], row["check"], row["target"], STATE_ZH[row["state"]],
            _day(row["first_seen"]), _day(row["last_seen"]), str(row["days_open"]),
            row["message"] if row["state"] in ACTIVE_STATES else row["history"][-1]["note"],
        )  # fmt: skip
    out.print(table)
    return 0


def _day(moment: str) -> str:
    """An ISO time as its day in Beijing."""
    return datetime.fromisoformat(moment).astimezone(CHINA).date().isoformat()


def run_mark(args: argparse.Namespace, ctx: CommandContext) -> int:
    by = args.by or getpass.getuser()
    engine = open_db(ctx.db_url)
    try:
        mark_fixed(engine, args.id, args.note, by)
    except WorkflowError as exc:
        raise UsageError(str(exc)) from None
    (problem,) = list_problems(engine, ids=[args.id], states=())
    out.print(
        f"问题 {args.id}（{problem['site']} {problem['check']} {problem['target']}）已标记为已整改，待复核或下次抓取核实。"
    )
    out.print(f"立即复核：govwatch recheck {problem['site']} --problem {args.id}")
    return 0
