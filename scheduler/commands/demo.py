"""`govwatch demo`: serve the generated test portal on 127.0.0.1, sweep it into a SQLite file, summarise."""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler import CrawlLimits, SiteTarget
from scheduler.checking import check_sweep
from scheduler.context import CommandContext
from scheduler.display import ProgressPrinter, console, out, print_summary, print_verdicts
from scheduler.sweep import crawl_sweep, start_sweep
from storage import open_db
from testportal import demo_spec
from testportal.server import running_portal

DEMO_DIR = Path("var/demo")
# The demo portal plants a page that answers after 8 s; a 5 s timeout records it as a timeout quickly.
DEMO_LIMITS = CrawlLimits(download_timeout=5.0, retries=1)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="在本机启动演示门户网站并完整抓取一次")
    parser.add_argument("--dir", type=Path, default=DEMO_DIR, help="where the demo database and snapshots go")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    db_url = ctx.db_url if _db_given(args) else f"sqlite:///{(args.dir / 'govwatch.db').resolve()}"
    spec = demo_spec()
    with running_portal(spec) as portal:
        sites = [
            SiteTarget(name=name, base_url=url, allow_private=True, level=site.level, unit=site.unit)
            for site in spec.sites
            for name, url in [(site.name, portal.urls[site.name])]
        ]
        console.print(
            f"演示门户已启动：{len(sites)} 个站点，" + "，".join(f"{s.name} {s.base_url}" for s in sites)
        )
        sweep_id = start_sweep(db_url, sites, DEMO_LIMITS, args.dir / "snapshots")
        result = crawl_sweep(db_url, sweep_id, resume=False, on_progress=ProgressPrinter())
    print_summary(result.sweep_id, result.complete, result.sites)
    if result.complete:
        print_verdicts(result.sweep_id, check_sweep(open_db(db_url), result.sweep_id))
    out.print(f"结果数据库：{db_url}")
    out.print(f"页面快照：{(args.dir / 'snapshots').resolve()}")
    out.print(f"查看：govwatch sweeps --db {db_url}    govwatch findings --status fail,warn --db {db_url}")
    return 0 if result.complete else 3


def _db_given(args: argparse.Namespace) -> bool:
    return getattr(args, "db", None) is not None
