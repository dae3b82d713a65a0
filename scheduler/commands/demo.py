"""`govwatch demo`: serve the generated test portal on 127.0.0.1, sweep it into a SQLite file, summarise."""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler import CrawlLimits, SiteTarget
from scheduler.checking import check_sweep
from scheduler.commands.scores import print_totals
from scheduler.context import CommandContext
from scheduler.display import ProgressPrinter, console, out, print_summary, print_verdicts
from scheduler.scoring import score_sweep
from scheduler.sweep import crawl_sweep, start_sweep
from storage import open_db
from storage.scores import list_site_scores
from testportal import SiteSpec, demo_spec
from testportal.server import running_portal

DEMO_DIR = Path("var/demo")
# The demo portal plants a page that answers after 8 s; a 5 s timeout records it as a timeout quickly.
DEMO_LIMITS = CrawlLimits(download_timeout=5.0, retries=1)
# Each generated site plays one kind of portal that evaluators score (省/市/县区/部门).
# The national inspection rules and one seed system, to show both kinds of scoring.
DEMO_RULEBOOKS = ("national-2019", "wuwei-2020")
DEMO_LEVELS = {
    "static": ("市", "市政府办公室"),
    "ajax": ("县区", "区政府办公室"),
    "legacy_gbk": ("部门", "市统计局"),
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="在本机启动演示门户网站并完整抓取一次")
    parser.add_argument("--dir", type=Path, default=DEMO_DIR, help="where the demo database and snapshots go")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    db_url = ctx.db_url if _db_given(args) else f"sqlite:///{(args.dir / 'govwatch.db').resolve()}"
    spec = demo_spec()
    with running_portal(spec) as portal:
        sites = [demo_target(site, portal.urls[site.name]) for site in spec.sites]
        console.print(
            f"演示门户已启动：{len(sites)} 个站点，" + "，".join(f"{s.name} {s.base_url}" for s in sites)
        )
        sweep_id = start_sweep(db_url, sites, DEMO_LIMITS, args.dir / "snapshots")
        result = crawl_sweep(db_url, sweep_id, resume=False, on_progress=ProgressPrinter())
    print_summary(result.sweep_id, result.complete, result.sites)
    if result.complete:
        engine = open_db(db_url)
        print_verdicts(result.sweep_id, check_sweep(engine, result.sweep_id))
        for rulebook_id in DEMO_RULEBOOKS:
            score_sweep(engine, result.sweep_id, rulebook_id)
            print_totals(list_site_scores(engine, result.sweep_id, rulebook_id), rulebook_id)
    out.print(f"结果数据库：{db_url}")
    out.print(f"页面快照：{(args.dir / 'snapshots').resolve()}")
    out.print(f"查看问题：govwatch findings --status fail,warn --db {db_url}")
    out.print(f"查看得分：govwatch scores --rulebook national-2019 --db {db_url}")
    return 0 if result.complete else 3


def demo_target(site: SiteSpec, url: str) -> SiteTarget:
    level, unit = DEMO_LEVELS.get(site.style, ("其他", ""))
    return SiteTarget(name=site.title or site.name, base_url=url, allow_private=True, level=level, unit=unit)


def _db_given(args: argparse.Namespace) -> bool:
    return getattr(args, "db", None) is not None
