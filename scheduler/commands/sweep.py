"""`govwatch sweep`: sweep the configured sites, sites given as URLs, or resume an unfinished sweep."""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

from crawler import SiteTarget
from reports import capture_evidence
from scheduler.checking import check_sweep
from scheduler.context import CommandContext, UsageError
from scheduler.display import ProgressPrinter, console, print_summary, print_verdicts
from scheduler.sweep import crawl_sweep, resume_sweep, start_sweep
from storage import open_db


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sweep", help="抓取站点（配置中的站点，或命令行给出的网址）")
    parser.add_argument("urls", nargs="*", metavar="URL", help="sweep these portals with the default limits")
    parser.add_argument(
        "--site", action="append", default=[], metavar="NAME", help="only this configured site"
    )
    parser.add_argument("--resume", type=int, metavar="ID", help="continue an unfinished sweep")
    parser.add_argument(
        "--allow-private", action="store_true", help="allow loopback/private addresses (URLs only)"
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="fetch every page again (default: build on each site's last finished sweep, crawl.incremental)",
    )
    parser.set_defaults(run=run)


def sites_from_urls(urls: list[str], allow_private: bool) -> tuple[SiteTarget, ...]:
    sites = []
    for url in urls:
        if "://" not in url:
            url = f"http://{url}"
        try:
            target = SiteTarget(name=urlsplit(url).netloc, base_url=url, allow_private=allow_private)
        except ValueError:
            raise UsageError(f"URL {url!r}: not an http(s) URL") from None
        sites.append(target)
    return tuple(sites)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    progress = ProgressPrinter()
    if args.resume is not None:
        if args.urls or args.site:
            raise UsageError("--resume ID takes no URL or --site: the sweep already knows its sites")
        result = resume_sweep(ctx.db_url, args.resume, on_progress=progress)
    else:
        if args.urls and args.site:
            raise UsageError("give either URLs or --site NAME, not both")
        sites = (
            sites_from_urls(args.urls, args.allow_private) if args.urls else ctx.config.sites_named(args.site)
        )
        limits = ctx.config.crawl.model_copy(update={"incremental": False}) if args.full else ctx.config.crawl
        sweep_id = start_sweep(ctx.db_url, sites, limits, ctx.config.storage.snapshot_dir)
        console.print(f"抓取批次 {sweep_id} 开始：{len(sites)} 个站点，数据库 {ctx.db_url}")
        result = crawl_sweep(ctx.db_url, sweep_id, resume=False, on_progress=progress)
    print_summary(result.sweep_id, result.complete, result.sites)
    if not result.complete:
        console.print(f"抓取未完成，可用 govwatch sweep --resume {result.sweep_id} 继续。")
        return 3
    engine = open_db(ctx.db_url)
    print_verdicts(result.sweep_id, check_sweep(engine, result.sweep_id))
    shots = capture_evidence(engine, result.sweep_id)
    console.print(f"问题证据：{sum(s.pages for s in shots)} 个页面已截图存档。")
    return 0
