"""`govwatch demo`: serve the generated test portal on 127.0.0.1, sweep it into a SQLite file, summarise."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from crawler import CrawlLimits, SiteTarget
from reports import capture_evidence, write_all_reports
from scheduler.checking import check_sweep
from scheduler.commands.report import REASON_LABELS
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
# The national inspection rules and one seed system, to show both kinds of scoring.
DEMO_RULEBOOKS = ("national-2019", "wuwei-2020")
DEMO_EVIDENCE = 5  # screenshots per site: enough to show, quick to take
# Each generated site plays one kind of portal that evaluators score (省/市/县区/部门).
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
        if result.complete:  # judged while the portal still answers, so evidence pages are shot live
            judge(open_db(db_url), result.sweep_id, spec.as_of)
    out.print(f"结果数据库：{db_url}")
    out.print(f"页面快照：{(args.dir / 'snapshots').resolve()}")
    if result.complete:
        reports = args.dir / "reports"
        written = write_all_reports(
            open_db(db_url), result.sweep_id, reports, today=spec.as_of, reason_labels=REASON_LABELS
        )
        out.print(f"报告（整改通知、排名、趋势，{len(written)} 个文件）：{reports.resolve()}")
    out.print(f"查看问题：govwatch findings --status fail,warn --db {db_url}")
    out.print(f"查看得分：govwatch scores --rulebook national-2019 --db {db_url}")
    out.print(f"添加仪表盘用户：govwatch web user add 评估员 --role evaluator --password-stdin --db {db_url}")
    out.print(f"打开仪表盘：govwatch web --db {db_url}（然后在浏览器访问 http://127.0.0.1:8000/）")
    return 0 if result.complete else 3


def judge(engine: Engine, sweep_id: int, as_of: date) -> None:
    """Checks, scores and evidence of the demo sweep, as of the portal's own date.

    The portal's content is dated relative to its as_of, so judging on that day shows exactly the
    defects it planted, whatever day the demo runs.
    """
    print_verdicts(sweep_id, check_sweep(engine, sweep_id, as_of=as_of))
    for rulebook_id in DEMO_RULEBOOKS:
        score_sweep(engine, sweep_id, rulebook_id, as_of=as_of)
        print_totals(list_site_scores(engine, sweep_id, rulebook_id), rulebook_id)
    capture_evidence(engine, sweep_id, max_per_site=DEMO_EVIDENCE)


def demo_target(site: SiteSpec, url: str) -> SiteTarget:
    level, unit = DEMO_LEVELS.get(site.style, ("其他", ""))
    return SiteTarget(name=site.title or site.name, base_url=url, allow_private=True, level=level, unit=unit)


def _db_given(args: argparse.Namespace) -> bool:
    return getattr(args, "db", None) is not None
