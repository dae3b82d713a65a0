"""`govwatch check` (judge a stored sweep again, no crawl) and `govwatch findings` (list what was found)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date

from rich.table import Table

from reports.cells import csv_dict
from reports.labels import STATUS_ZH
from scheduler.checking import check_sweep
from scheduler.context import CommandContext, UsageError
from scheduler.display import out, print_verdicts
from storage import open_db
from storage.findings import list_findings
from storage.queries import latest_sweep_id

STATUSES = ("pass", "fail", "warn", "unverifiable", "not_applicable")
CSV_FIELDS = (
    "site", "check", "target", "label", "status", "measured", "limit", "message", "evidence", "provisional",
)  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="对已存储的抓取批次重新运行检查（不重新抓取）")
    check.add_argument("--sweep", type=int, metavar="ID", help="sweep id (default: the latest)")
    check.add_argument(
        "--as-of", type=parse_date, metavar="YYYY-MM-DD", help="judge as of this day (default: sweep day)"
    )
    check.set_defaults(run=run_check)
    findings = sub.add_parser("findings", help="列出检查发现的问题")
    findings.add_argument("--sweep", type=int, metavar="ID", help="sweep id (default: the latest)")
    findings.add_argument("--site", action="append", default=[], metavar="NAME")
    findings.add_argument("--status", type=_statuses, default=(), help="e.g. fail,warn")
    findings.add_argument("--format", choices=("table", "json", "csv"), default="table")
    findings.set_defaults(run=run_findings)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _statuses(text: str) -> tuple[str, ...]:
    values = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in values if s not in STATUSES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown status {', '.join(unknown)} (use {', '.join(STATUSES)})")
    return values


def resolve_sweep(engine, requested: int | None) -> int:  # type: ignore[no-untyped-def]
    sweep_id = requested if requested is not None else latest_sweep_id(engine)
    if sweep_id is None:
        raise UsageError("the database holds no sweep yet; run govwatch sweep first")
    return sweep_id


def run_check(args: argparse.Namespace, ctx: CommandContext) -> int:
    engine = open_db(ctx.db_url)
    sweep_id = resolve_sweep(engine, args.sweep)
    try:
        verdicts = check_sweep(engine, sweep_id, as_of=args.as_of)
    except LookupError as exc:
        raise UsageError(f"--sweep: {exc}") from None
    print_verdicts(sweep_id, verdicts)
    return 0


def run_findings(args: argparse.Namespace, ctx: CommandContext) -> int:
    engine = open_db(ctx.db_url)
    rows = list_findings(engine, resolve_sweep(engine, args.sweep), sites=args.site, statuses=args.status)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                csv_dict(row | {"evidence": " ".join(e.get("url") or "" for e in row["evidence"])})
            )
    else:
        table = Table(title=f"检查发现（{len(rows)}）")
        for header in ("站点", "检查", "对象", "结论", "说明"):
            table.add_column(header, overflow="fold")
        for row in rows:
            shown = f"{row['label']} {row['target']}" if row.get("label") else row["target"]
            table.add_row(row["site"], row["check"], shown, STATUS_ZH[row["status"]], row["message"])
        out.print(table)
    return 0
