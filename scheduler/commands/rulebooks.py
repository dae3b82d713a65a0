"""`govwatch rulebooks list|show ID|validate FILE`: the indicator systems govwatch scores against.

Rulebooks are found in checks/rulebooks/ and in any directory given with --dir. A rulebook that does not
validate is refused with exit code 2 and one line naming the node and the problem.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from checks.rulebook import (
    Node,
    Rulebook,
    RulebookError,
    find_rulebooks,
    get_rulebook,
    load_rulebook,
    validate_file,
)
from reports.labels import PART_ZH
from scheduler.context import CommandContext, UsageError

PERIOD_ZH = {
    "week": "每周",
    "five_days": "每五日",
    "month": "每月",
    "two_months": "每两月",
    "quarter": "每季度",
    "half_year": "每半年",
    "year": "每年",
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rulebooks", help="列出、查看、校验评分规则（指标体系）")
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    listing = actions.add_parser("list", help="列出可用的指标体系")
    listing.set_defaults(run=run_list)
    show = actions.add_parser("show", help="显示一个指标体系的指标树、分值、评分方式和自动评分占比")
    show.add_argument("id", help="rulebook id, e.g. national-2019")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(run=run_show)
    for action in (listing, show):
        action.add_argument(
            "--dir",
            type=Path,
            action="append",
            default=[],
            metavar="DIR",
            help="another directory of rulebook files (repeatable)",
        )
    validate = actions.add_parser("validate", help="校验一个指标体系文件")
    validate.add_argument("file", type=Path)
    validate.set_defaults(run=run_validate)


def _pts(value: float) -> str:
    return f"{round(value, 2):g}"


def _load(rulebook_id: str, dirs: list[Path]) -> Rulebook:
    try:
        return get_rulebook(rulebook_id, dirs)
    except RulebookError as exc:
        raise UsageError(str(exc)) from None


def _share_line(rulebook: Rulebook) -> str:
    share = rulebook.share()
    unit = rulebook.meta.points_unit
    return (
        f"自动评分：{share.auto_leaves}个指标 {_pts(share.auto_points)}{unit}；人工评分：{share.manual_leaves}个指标 "
        f"{_pts(share.manual_points)}{unit}；自动评分占比 {share.auto_share:.1%}"
    )


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    for rulebook_id, path in find_rulebooks(args.dir).items():
        try:
            rulebook = load_rulebook(path)
        except RulebookError as exc:
            print(f"{rulebook_id}\t无效：{exc}")
            continue
        print(
            f"{rulebook_id}\t{rulebook.meta.name}（{rulebook.meta.region}，{rulebook.meta.year}年）\t{_share_line(rulebook)}"
        )
    return 0


def _node_line(rulebook: Rulebook, node: Node) -> str:
    ind = node.indicator
    depth = ind.id.count(".")
    points = f" {_pts(node.max_points)}{rulebook.meta.points_unit}" if node.max_points is not None else ""
    label = f" [{PART_ZH[ind.part]}]" if ind.part and ind.part != "score" else ""
    text = f"{'  ' * depth}{ind.id} {ind.name}{points}{label}"
    if ind.mode == "auto" and ind.rule is not None:
        checks = "、".join(dict.fromkeys(ref.check for ref in ind.checks))
        text += f" · 自动（{ind.rule.kind}：{checks}）"
    elif ind.mode == "manual":
        text += " · 人工"
    if ind.period:
        text += f" · {PERIOD_ZH[ind.period]}"
    if ind.certainty not in ("seed", "V"):
        text += f" ·「{ind.certainty}」"
    return text


def run_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    rulebook = _load(args.id, args.dir)
    meta = rulebook.meta
    if args.format == "json":
        share = rulebook.share()
        data = {
            "rulebook": meta.model_dump(mode="json"),
            "share": {
                "auto_leaves": share.auto_leaves,
                "manual_leaves": share.manual_leaves,
                "auto_points": share.auto_points,
                "manual_points": share.manual_points,
                "auto_share": round(share.auto_share, 4),
            },
            "indicators": [
                dict(n.indicator.model_dump(mode="json", exclude_defaults=True), max_points=n.max_points)
                for n in rulebook.nodes.values()
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"{meta.id}  {meta.name}（{meta.region}，{meta.year}年）  来源：{meta.source}")
    print(_share_line(rulebook))
    for part in ("veto", "deduction", "bonus"):
        other = rulebook.share(part)
        if other.auto_leaves or other.manual_leaves:
            print(f"{PART_ZH[part]}：自动 {other.auto_leaves}个指标，人工 {other.manual_leaves}个指标")
    for node in rulebook.nodes.values():
        print(_node_line(rulebook, node))
    return 0


def run_validate(args: argparse.Namespace, ctx: CommandContext) -> int:
    errors = validate_file(args.file)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise UsageError(f"{args.file}: {errors[0]}{more}")
    rulebook = load_rulebook(args.file)
    print(
        f"{args.file}：有效（{rulebook.id}，{len(rulebook.nodes)}个指标，{len(rulebook.leaves())}个末级指标）。{_share_line(rulebook)}"
    )
    return 0
