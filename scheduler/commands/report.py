"""`govwatch report site|ranking|trend|all|evidence`: reports from stored data (no crawl), and the
screenshots of failing findings' pages (evidence) taken after the checks."""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime
from pathlib import Path

from crawler.outcome import FetchOutcome
from reports.evidence import MAX_PER_SITE, capture_evidence
from reports.files import (
    NOTICE_FORMATS,
    RANKING_FORMATS,
    Written,
    write_all_reports,
    write_notice,
    write_ranking,
    write_trend,
)
from scheduler.commands.findings import parse_date, resolve_sweep
from scheduler.config_ops import CHINA
from scheduler.context import CommandContext, UsageError
from scheduler.display import out
from storage import open_db

DEFAULT_OUT = Path("var/reports")
REASON_LABELS = {outcome.value: outcome.label_zh for outcome in FetchOutcome}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report", help="生成报告：整改通知（HTML/PDF）、排名（XLSX/CSV）、趋势；截取问题页面证据"
    )
    kinds = parser.add_subparsers(dest="kind", required=True, parser_class=type(parser))
    site = kinds.add_parser("site", help="某站点的整改通知（HTML 和 PDF）", parents=[_common()])
    site.add_argument("site", metavar="SITE")
    site.add_argument("--sweep", type=int, metavar="ID", help="default: the site's newest checked sweep")
    site.add_argument("--format", type=_formats(NOTICE_FORMATS), default=NOTICE_FORMATS, help="html,pdf")
    site.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="notice date (default: today)")
    site.set_defaults(run=run_site)
    ranking = kinds.add_parser("ranking", help="按指标体系的站点排名（XLSX 和 CSV）", parents=[_common()])
    ranking.add_argument("--rulebook", required=True, metavar="ID")
    ranking.add_argument("--sweep", type=int, metavar="ID", help="default: the latest scored with it")
    ranking.add_argument("--format", type=_formats(RANKING_FORMATS), default=RANKING_FORMATS, help="xlsx,csv")
    ranking.set_defaults(run=run_ranking)
    trend = kinds.add_parser("trend", help="某站点历次监测的得分和问题数趋势图", parents=[_common()])
    trend.add_argument("site", metavar="SITE")
    trend.add_argument("--rulebook", metavar="ID", help="default: the one that scored the site last")
    trend.set_defaults(run=run_trend)
    every = kinds.add_parser(
        "all", help="一个批次的全部报告（各站点整改通知和趋势、各指标体系排名）", parents=[_common()]
    )
    every.add_argument("--sweep", type=int, metavar="ID", help="default: the latest")
    every.add_argument("--no-pdf", action="store_true", help="HTML only (no Chromium)")
    every.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="notice date (default: today)")
    every.set_defaults(run=run_all)
    evidence = kinds.add_parser(
        "evidence", help="截取不合格项所在页面的截图，与页面快照一起存入数据库", parents=[_common(out=False)]
    )
    evidence.add_argument("--sweep", type=int, metavar="ID", help="default: the latest")
    evidence.add_argument(
        "--max-per-site", type=int, default=MAX_PER_SITE, metavar="N", help="pages per site"
    )
    evidence.set_defaults(run=run_evidence)


def _common(out: bool = True) -> argparse.ArgumentParser:
    """--config/--db after the report kind too; SUPPRESS keeps an absent one from hiding one given before."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="config file")
    parent.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL")
    if out:
        parent.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="where files go")
    return parent


def _formats(allowed: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def parse(text: str) -> tuple[str, ...]:
        values = tuple(v.strip() for v in text.split(",") if v.strip())
        if not values or set(values) - set(allowed):
            raise argparse.ArgumentTypeError(f"choose from {','.join(allowed)}")
        return values

    return parse


def today_in_china() -> date:
    return datetime.now(CHINA).date()


def _print(written: list[Written]) -> None:
    for w in written:
        out.print(f"{w.what}（{w.subject}）：{w.path.resolve()}")


def run_site(args: argparse.Namespace, ctx: CommandContext) -> int:
    engine = open_db(ctx.db_url)
    try:
        written = write_notice(
            engine,
            args.site,
            args.out,
            today=args.date or today_in_china(),
            sweep_id=args.sweep,
            formats=args.format,
            reason_labels=REASON_LABELS,
        )
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    _print(written)
    return 0


def run_ranking(args: argparse.Namespace, ctx: CommandContext) -> int:
    try:
        written = write_ranking(
            open_db(ctx.db_url), args.rulebook, args.out, sweep_id=args.sweep, formats=args.format
        )
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    _print(written)
    return 0


def run_trend(args: argparse.Namespace, ctx: CommandContext) -> int:
    try:
        written = write_trend(open_db(ctx.db_url), args.site, args.out, args.rulebook)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    _print([written])
    return 0


def run_all(args: argparse.Namespace, ctx: CommandContext) -> int:
    engine = open_db(ctx.db_url)
    sweep_id = resolve_sweep(engine, args.sweep)
    written = write_all_reports(
        engine,
        sweep_id,
        args.out,
        today=args.date or today_in_china(),
        pdf=not args.no_pdf,
        reason_labels=REASON_LABELS,
    )
    _print(written)
    return 0


def run_evidence(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.max_per_site < 1:
        raise UsageError("--max-per-site: at least 1")
    engine = open_db(ctx.db_url)
    sweep_id = resolve_sweep(engine, args.sweep)
    started = time.perf_counter()
    try:
        results = capture_evidence(engine, sweep_id, max_per_site=args.max_per_site)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    for r in results:
        out.print(
            f"{r.site}：{r.pages} 个页面，实时截图 {r.live}，由快照生成 {r.from_snapshot}，失败 {r.failed}"
        )
    out.print(f"批次 {sweep_id} 的问题证据已存入数据库（用时 {time.perf_counter() - started:.1f} 秒）。")
    return 0
