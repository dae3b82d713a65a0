"""`govwatch extract FILE --url URL --json`: what the extractors read from one saved page."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from crawler.extract.encoding import decode
from crawler.extract.extraction import extract_page
from scheduler.context import CommandContext, UsageError
from scheduler.display import out


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("extract", help="对一个保存的网页运行抽取器（类型、日期、文号、栏目、列表条目）")
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--url", required=True, help="the page's URL (resolves links, reads URL dates)")
    parser.add_argument("--charset", help="the Content-Type charset the server sent, if known")
    parser.add_argument(
        "--json", action="store_true", help="print JSON (the default is a short text summary)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    try:
        body = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(f"FILE {args.file}: {exc.strerror or exc}") from None
    text, _encoding = decode(body, args.charset)
    result = extract_page(text, args.url, fetched_at=datetime.now(UTC)).to_json()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    out.print(f"类型：{result['kind']}  标题：{result['title']}")
    out.print(f"发布日期：{result['publish_date'] or '-'}  成文日期：{result['written_date'] or '-'}")
    out.print(f"栏目：{result['column']['name'] or '-'}（{result['column']['id'] or '未识别'}）")
    for label, value in result["doc_fields"].items():
        out.print(f"{label}：{value}")
    out.print(
        f"列表条目 {len(result['list_items'])} 条，翻页 {len(result['pagination'])} 个，需渲染：{result['needs_render']}"
    )
    return 0
