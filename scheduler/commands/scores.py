"""`govwatch score` (score a stored sweep against a rulebook, no crawl), `govwatch scores` (list them) and
`govwatch manual set|list|template|import` (the scores only a person can give, kept apart from the rest).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.table import Table
from sqlalchemy import Engine

from checks.rulebook import Rulebook, RulebookError, get_rulebook
from checks.scoring import ManualScoreError
from reports.cells import csv_dict
from reports.labels import MODE_ZH, SCORE_STATUS_ZH, points
from scheduler.commands.findings import parse_date, resolve_sweep
from scheduler.context import CommandContext, UsageError
from scheduler.display import out
from scheduler.manual_sheet import SheetError, read_sheet, sheet_problems, write_template
from scheduler.scoring import ScoringResult, manual_problem, rescore_sites, rulebook_flags, score_sweep
from storage import open_db
from storage.queries import get_sweep
from storage.scores import (
    ManualInput,
    current_manual,
    latest_scored_sweep,
    list_scores,
    list_site_scores,
    set_manual,
    site_ids,
    unit_summary,
)

ROW_CSV = tuple(
    "site indicator name part mode status points max_points withheld review note findings".split()
)
TOTAL_CSV = tuple(
    "site unit auto_points manual_points withheld awaiting_manual max_points score deductions bonus total "
    "verdict vetoed_by provisional".split()
)
NO_UNIT = "（未指定）"


def _after_action() -> argparse.ArgumentParser:
    """--config/--db after `manual ACTION` too; SUPPRESS keeps an absent one from hiding one given before."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="config file")
    parent.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL")
    return parent


def register(sub: argparse._SubParsersAction) -> None:
    score = sub.add_parser("score", help="按指标体系为已存储的抓取批次评分（不重新抓取）")
    _rulebook_args(score)
    score.add_argument("--sweep", type=int, metavar="ID", help="sweep id (default: the latest)")
    score.add_argument(
        "--as-of", type=parse_date, metavar="YYYY-MM-DD", help="judge as of this day (default: sweep day)"
    )
    score.add_argument(
        "--site", action="append", default=None, metavar="NAME", help="only this site (repeatable)"
    )
    score.add_argument(
        "--flag", action="append", default=[], metavar="SITE=FLAG", help="e.g. 某局=no_services"
    )
    score.set_defaults(run=run_score)
    scores = sub.add_parser("scores", help="列出评分结果（按指标、按站点和责任单位汇总）")
    scores.add_argument("--rulebook", required=True, metavar="ID")
    scores.add_argument("--sweep", type=int, metavar="ID", help="sweep id (default: the latest scored)")
    scores.add_argument("--site", action="append", default=[], metavar="NAME")
    scores.add_argument("--format", choices=("table", "json", "csv"), default="table")
    scores.add_argument("--totals", action="store_true", help="json/csv: totals per site and 责任单位")
    scores.set_defaults(run=run_scores)
    manual = sub.add_parser("manual", help="录入、导出、导入人工评分")
    actions = manual.add_subparsers(dest="action", required=True, parser_class=type(manual))
    common = [_after_action()]
    put = actions.add_parser("set", help="录入一项人工评分", parents=common)
    put.add_argument("site")
    put.add_argument("indicator")
    put.add_argument("points", type=float)
    put.add_argument("--note", required=True, help="评分依据")
    put.add_argument("--by", default="", metavar="NAME", help="评分人")
    _rulebook_args(put)
    put.set_defaults(run=run_manual_set)
    listing = actions.add_parser("list", help="列出现行的人工评分", parents=common)
    _rulebook_args(listing)
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(run=run_manual_list)
    template = actions.add_parser("template", help="导出人工评分模板（XLSX）", parents=common)
    _rulebook_args(template)
    template.add_argument(
        "--sweep", type=int, metavar="ID", help="the sites of this sweep (default: the latest)"
    )
    template.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    template.set_defaults(run=run_manual_template)
    load = actions.add_parser("import", help="导入填写好的人工评分模板（全部校验通过才导入）", parents=common)
    load.add_argument("file", type=Path)
    load.add_argument("--rulebook", metavar="ID", help="default: the one the template names")
    load.add_argument("--by", default="", metavar="NAME", help="评分人, where the row names none")
    load.add_argument("--dir", type=Path, action="append", default=[], metavar="DIR")
    load.set_defaults(run=run_manual_import)


def _rulebook_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rulebook", required=True, metavar="ID")
    parser.add_argument("--dir", type=Path, action="append", default=[], metavar="DIR", help="more rulebooks")


def _rulebook(rulebook_id: str, dirs: list[Path]) -> Rulebook:
    try:
        return get_rulebook(rulebook_id, dirs)
    except RulebookError as exc:
        raise UsageError(f"--rulebook: {exc}") from None


def _flags(given: list[str], rulebook: Rulebook) -> dict[str, set[str]]:
    known = rulebook_flags(rulebook)
    flags: dict[str, set[str]] = defaultdict(set)
    for text in given:
        site, sep, flag = text.rpartition("=")
        if not sep or not site or flag not in known:
            uses = ", ".join(sorted(known)) or "none"
            raise UsageError(
                f"--flag {text!r}: expected SITE=FLAG with a flag of {rulebook.id} (it uses: {uses})"
            )
        flags[site].add(flag)
    return dict(flags)


def run_score(args: argparse.Namespace, ctx: CommandContext) -> int:
    rulebook = _rulebook(args.rulebook, args.dir)
    engine = open_db(ctx.db_url)
    sweep_id = resolve_sweep(engine, args.sweep)
    try:
        result = score_sweep(
            engine, sweep_id, rulebook, args.as_of, sites=args.site, flags=_flags(args.flag, rulebook)
        )
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from None
    except ManualScoreError as exc:
        raise UsageError(f"{exc}; correct it with govwatch manual set") from None
    print_totals(list_site_scores(engine, sweep_id, rulebook.id, args.site or ()), _title(result, rulebook))
    out.print(f"评分用时 {result.seconds:.2f} 秒（{len(result.sites)} 个站点，不重新抓取）。")
    return 0


def _title(result: ScoringResult, rulebook: Rulebook) -> str:
    return f"批次 {result.sweep_id} · {rulebook.meta.name}（{rulebook.id}）· 评价日 {result.as_of}"


def _scored_sweep(engine: Engine, rulebook: str, requested: int | None) -> int:
    sweep_id = requested if requested is not None else latest_scored_sweep(engine, rulebook)
    if sweep_id is None:
        raise UsageError(f"no scores for rulebook {rulebook!r} yet; run govwatch score --rulebook {rulebook}")
    return sweep_id


def run_scores(args: argparse.Namespace, ctx: CommandContext) -> int:
    engine = open_db(ctx.db_url)
    sweep_id = _scored_sweep(engine, args.rulebook, args.sweep)
    totals = list_site_scores(engine, sweep_id, args.rulebook, args.site)
    if args.format == "table":
        print_totals(totals, f"批次 {sweep_id} · {args.rulebook}")
        if args.site:
            _print_rows(list_scores(engine, sweep_id, args.rulebook, args.site))
    elif args.totals:
        _emit(
            args.format,
            {"sweep": sweep_id, "rulebook": args.rulebook, "sites": totals, "units": unit_summary(totals)},
            totals,
            TOTAL_CSV,
        )
    else:
        rows = list_scores(engine, sweep_id, args.rulebook, args.site)
        _emit(args.format, rows, rows, ROW_CSV)
    return 0


def _emit(fmt: str, data: Any, rows: list[dict[str, Any]], fields: tuple[str, ...]) -> None:
    if fmt == "json":
        print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        flat = {k: "、".join(v) if k == "vetoed_by" else v for k, v in row.items() if k in fields}
        if "findings" in fields:
            flat["findings"] = "; ".join(f"{f['check']}:{f['target']}:{f['status']}" for f in row["findings"])
            flat |= {"indicator": row["indicator"]["id"], "name": row["indicator"]["name"]}
        writer.writerow(csv_dict(flat))


def _verdict(t: dict[str, Any]) -> str:
    text = t["verdict"] or "-"
    if t["vetoed_by"]:
        text += f"（单项否决：{'、'.join(t['vetoed_by'])}）"
    return text + ("（临时）" if t["provisional"] else "")


def print_totals(totals: list[dict[str, Any]], title: str) -> None:
    table = Table(title=f"评分结果 · {title}")
    for header in (
        "站点",
        "责任单位",
        "自动",
        "人工",
        "待核验",
        "待人工",
        "得分/满分",
        "扣分",
        "加分",
        "总分",
        "结论",
    ):
        table.add_column(header, overflow="fold")
    for t in totals:
        table.add_row(
            t["site"],
            t["unit"] or NO_UNIT,
            points(t["auto_points"]),
            points(t["manual_points"]),
            points(t["withheld"]),
            points(t["awaiting_manual"]),
            f"{points(t['score'])}/{points(t['max_points'])}",
            points(t["deductions"]),
            points(t["bonus"]),
            points(t["total"]),
            _verdict(t),
        )
    out.print(table)
    units = Table(title="按责任单位汇总")
    for header in ("责任单位", "站点数", "自动", "人工", "待核验", "总分合计", "平均总分", "不合格"):
        units.add_column(header)
    for u in unit_summary(totals):
        units.add_row(
            u["unit"] or NO_UNIT,
            str(len(u["sites"])),
            *(points(u[k]) for k in ("auto_points", "manual_points", "withheld", "total", "mean_total")),
            str(u["failed"]),
        )
    out.print(units)
    out.print("注：自动与人工得分分列；“待核验”为因无法访问或无法确认而暂缓计入的分值，不计为失分。")


def _print_rows(rows: list[dict[str, Any]]) -> None:
    table = Table(title=f"指标得分（{len(rows)}）")
    for header in ("站点", "指标", "名称", "方式", "得分/满分", "状态", "说明"):
        table.add_column(header, overflow="fold")
    for r in rows:
        withheld = f"（待核验 {points(r['withheld'])}）" if r["withheld"] else ""
        table.add_row(
            r["site"],
            r["indicator"]["id"],
            r["indicator"]["name"],
            MODE_ZH[r["mode"]],
            f"{points(r['points'])}/{points(r['max_points'])}{withheld}",
            SCORE_STATUS_ZH.get(r["status"], r["status"]),
            r["note"] or "；".join(f["message"] for f in r["findings"] if f.get("message")),
        )
    out.print(table)


def _rescore(engine: Engine, rulebook: Rulebook, sites: list[str]) -> None:
    try:
        result = rescore_sites(engine, rulebook, sites)
    except ManualScoreError as exc:
        raise UsageError(str(exc)) from None
    if result is None:
        out.print(
            f"尚无包含这些站点的 {rulebook.id} 评分；运行 govwatch score --rulebook {rulebook.id} 后计入总分。"
        )
        return
    for site in result.sites:
        t = site.total
        out.print(
            f"已重新计算批次 {result.sweep_id} 中「{site.site}」的得分：总分 {points(t.total)}"
            f"（自动 {points(t.auto_points)}，人工 {points(t.manual_points)}，待核验 {points(t.withheld)}）。"
        )


def run_manual_set(args: argparse.Namespace, ctx: CommandContext) -> int:
    rulebook = _rulebook(args.rulebook, args.dir)
    engine = open_db(ctx.db_url)
    if not site_ids(engine, [args.site]):
        raise UsageError(f"unknown site {args.site!r} (not in this database)")
    problem = manual_problem(rulebook, args.site, args.indicator, args.points)
    if problem:
        raise UsageError(problem)
    set_manual(engine, rulebook.id, [ManualInput(args.site, args.indicator, args.points, args.note, args.by)])
    out.print(
        f"已录入：{args.site} · {args.indicator} {rulebook.nodes[args.indicator].indicator.name} = {points(args.points)}"
    )
    _rescore(engine, rulebook, [args.site])
    return 0


def run_manual_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    rulebook = _rulebook(args.rulebook, args.dir)
    entries = current_manual(open_db(ctx.db_url), rulebook.id)
    if args.format == "json":
        print(json.dumps([vars_of(e) for e in entries], ensure_ascii=False, indent=1))
        return 0
    table = Table(title=f"人工评分 · {rulebook.id}（{len(entries)}）")
    for header in ("站点", "指标", "名称", "得分", "说明", "评分人"):
        table.add_column(header, overflow="fold")
    for e in entries:
        node = rulebook.nodes.get(e.indicator)
        table.add_row(
            e.site, e.indicator, node.indicator.name if node else "?", points(e.points), e.note, e.entered_by
        )
    out.print(table)
    return 0


def vars_of(entry: ManualInput) -> dict[str, Any]:
    return {k: getattr(entry, k) for k in ("site", "indicator", "points", "note", "entered_by")}


def run_manual_template(args: argparse.Namespace, ctx: CommandContext) -> int:
    rulebook = _rulebook(args.rulebook, args.dir)
    engine = open_db(ctx.db_url)
    sweep_id = resolve_sweep(engine, args.sweep)
    sweep = get_sweep(engine, sweep_id)
    if sweep is None:
        raise UsageError(f"--sweep: sweep {sweep_id} does not exist in this database")
    sites = [(s["name"], s.get("unit", "")) for s in sweep.plan.get("sites", [])]
    current = {(e.site, e.indicator): e.points for e in current_manual(engine, rulebook.id)}
    rows = write_template(args.out, rulebook, sites, current, sweep_id)
    out.print(f"已导出人工评分模板：{args.out}（{len(sites)} 个站点，{rows} 行待填）")
    return 0


def run_manual_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    try:
        sheet = read_sheet(args.file)
    except SheetError as exc:
        raise UsageError(f"{args.file}: {exc}; nothing was imported") from None
    rulebook_id = args.rulebook or sheet.rulebook
    if not rulebook_id:
        raise UsageError(f"{args.file}: the workbook names no rulebook; pass --rulebook ID")
    if args.rulebook and sheet.rulebook and args.rulebook != sheet.rulebook:
        raise UsageError(f"{args.file}: the template is for {sheet.rulebook!r}, not {args.rulebook!r}")
    rulebook = _rulebook(rulebook_id, args.dir)
    engine = open_db(ctx.db_url)
    known = site_ids(engine, (r.site for r in sheet.rows))
    errors = sheet_problems(sheet, rulebook, known)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise UsageError(f"{args.file}: {errors[0]}{more}; nothing was imported")
    entries = [
        ManualInput(r.site, r.indicator, r.points, r.note, r.entered_by or args.by) for r in sheet.rows
    ]
    set_manual(engine, rulebook.id, entries)
    out.print(f"已导入 {len(entries)} 项人工评分（{rulebook.id}，{args.file}）。")
    _rescore(engine, rulebook, sorted({e.site for e in entries}))
    return 0
