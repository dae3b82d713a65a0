"""Benchmark: govwatch's crawl process against a plain Scrapy spider fetching the same pages, same limits.

    .venv/bin/python benchmarks/bench_sweep.py --sites 20 --pages 500 [--rounds 3]
    .venv/bin/python benchmarks/bench_sweep.py --sites 1 --pages 10000

Serves N generated portals of M pages on 127.0.0.1. An untimed govwatch crawl first warms the portal's
page cache and yields the pages to fetch; then each round times `python -m crawler.run` (crawl only: no
checks, no scoring) and the baseline spider (benchmarks/baseline_spider.py), each a fresh process, the
order alternating between rounds. Samples the RSS of each whole process tree. Prints pages per second,
peak memory and the ratio (medians over rounds), and ends with one JSON line of the figures.
Targets: ratio ≥ 0.85, peak ≤ 1 GB at 10,000 pages. benchmarks/README.md says what is measured and why.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import select
from sqlalchemy.orm import Session

# Before scheduler.sweep: storage.queries imported first runs into storage's import cycle
# (models → operations → queries); importing the models first avoids it.
import storage.models  # noqa: F401
from crawler import CrawlLimits, SiteTarget
from crawler.settings import build_scrapy_settings
from scheduler.sweep import start_sweep
from storage import open_db
from storage.models import Page
from testportal import bench_spec
from testportal.app import make_apps
from testportal.manifest import explore
from testportal.server import RunningPortal, running_portal

REPO = Path(__file__).resolve().parents[1]
RATIO_TARGET = 0.85
PEAK_TARGET_MB = 1024
# govwatch's Scrapy settings that the baseline takes over unchanged: politeness (concurrency per site
# and in all, AutoThrottle, delay), timeouts, size cap, retries, redirects, robots.txt, crawl order and
# the reactor. DOWNLOADER enforces CONCURRENT_REQUESTS_PER_DOMAIN (crawler/downloader.py), so both crawls
# hold the same number of connections per site. Left out: govwatch's own middlewares, pipeline,
# extensions and dupefilter, the work whose cost the ratio measures.
SHARED_SETTINGS = (
    "BOT_NAME",
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_MAX_DELAY",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "RETRY_TIMES",
    "DOWNLOAD_TIMEOUT",
    "DNS_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_WARNSIZE",
    "REDIRECT_MAX_TIMES",
    "TWISTED_REACTOR",
    "DEPTH_LIMIT",
    "DEPTH_PRIORITY",
    "SCHEDULER_MEMORY_QUEUE",
    "SCHEDULER_DISK_QUEUE",
    "DOWNLOADER",
    "LOG_LEVEL",
    "LOGSTATS_INTERVAL",
    "STATS_DUMP",
    "MEMUSAGE_ENABLED",
    "REMOTE_CONTROL_ENABLED",
)


@dataclass
class Run:
    name: str
    pages: int  # requests answered (any outcome)
    ok: int
    seconds: float
    cpu_seconds: float  # user + system time of the process tree
    peak_rss_mb: float
    load: float  # 1-minute load average when the run started

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.pages


@dataclass
class Fetched:
    """What a govwatch crawl requested, in storage order: the baseline's plan."""

    seeds: list[str] = field(default_factory=list)
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    urls: list[str] = field(default_factory=list)
    rendered: int = 0


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for proc in (process, *process.children(recursive=True)):
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed(command: list[str], log: Path) -> tuple[float, float, float]:
    """Run a command from the repository root, stdout to `log`; return (seconds, CPU seconds, peak tree
    RSS in MB). CPU time counts what the machine's other load does not: the crawl's own work."""
    peak = 0
    stop = threading.Event()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=out)
        watched = psutil.Process(process.pid)

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                try:
                    peak = max(peak, tree_rss(watched))
                except psutil.Error:
                    pass
                stop.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            process.wait()
            seconds = time.perf_counter() - start
        finally:
            stop.set()
            sampler.join()
            if process.poll() is None:  # interrupted: leave no crawl behind
                _kill_tree(watched)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}… exited {process.returncode}; output in {log}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu, peak / 2**20


def _kill_tree(process: psutil.Process) -> None:
    try:
        for proc in (*process.children(recursive=True), process):
            proc.kill()
    except psutil.Error:
        pass


def run_govwatch(portal: RunningPortal, limits: CrawlLimits, workdir: Path) -> tuple[Run, Fetched]:
    """Open a sweep in a fresh database (not timed), then time its crawl process alone."""
    workdir.mkdir()
    db_url = f"sqlite:///{workdir / 'govwatch.db'}"
    sites = [SiteTarget(name=n, base_url=u, allow_private=True) for n, u in portal.urls.items()]
    sweep_id = start_sweep(db_url, sites, limits, workdir / "snapshots")
    load = os.getloadavg()[0]
    command = [sys.executable, "-m", "crawler.run", "--db", db_url, "--sweep", str(sweep_id)]
    seconds, cpu, peak = timed(command, workdir / "crawl.jsonl")
    fetched, ok = _requested(db_url, sweep_id)
    shutil.rmtree(workdir)
    return Run("govwatch", len(fetched.urls), ok, seconds, cpu, peak, load), fetched


def _requested(db_url: str, sweep_id: int) -> tuple[Fetched, int]:
    engine = open_db(db_url)
    query = (
        select(Page.url, Page.referrer, Page.outcome, Page.rendered)
        .where(Page.sweep_id == sweep_id)
        .order_by(Page.id)
    )
    fetched, ok = Fetched(), 0
    with Session(engine) as session:
        rows = session.execute(query).all()
    engine.dispose()
    known = {row.url for row in rows}
    for row in rows:
        if row.referrer in known:
            fetched.children[row.referrer].append(row.url)
        else:
            fetched.seeds.append(row.url)
        fetched.urls.append(row.url)
        ok += row.outcome == "ok"
        fetched.rendered += bool(row.rendered)
    return fetched, ok


def run_baseline(fetched: Fetched, limits: CrawlLimits, workdir: Path) -> Run:
    workdir.mkdir()
    settings = {k: v for k, v in build_scrapy_settings(limits).items() if k in SHARED_SETTINGS}
    options = {
        "settings": settings | {"TELNETCONSOLE_ENABLED": False},
        "seeds": fetched.seeds,
        "children": fetched.children,
    }
    (workdir / "options.json").write_text(json.dumps(options), encoding="utf-8")
    load = os.getloadavg()[0]
    command = [sys.executable, str(REPO / "benchmarks" / "baseline_spider.py"), str(workdir / "options.json")]
    seconds, cpu, peak = timed(command, workdir / "out.json")
    counts = json.loads((workdir / "out.json").read_text(encoding="utf-8").strip().splitlines()[-1])
    shutil.rmtree(workdir)
    pages = counts["responses"] + counts["failures"]
    return Run("scrapy-baseline", pages, counts["ok"], seconds, cpu, peak, load)


def coverage(portal: RunningPortal, fetched: Fetched) -> tuple[int, int, list[str]]:
    """(pages the portal serves, how many of them govwatch requested, a few it missed)."""
    requested = set(fetched.urls)
    served: set[str] = set()
    for name, app in make_apps(portal.spec, portal.urls).items():
        root = portal.urls[name].rstrip("/")
        served |= {root + path for path in explore(app)[0]}
    missed = sorted(served - requested)
    return len(served), len(served) - len(missed), missed[:5]


def one_round(
    number: int, portal: RunningPortal, limits: CrawlLimits, fetched: Fetched, workdir: Path
) -> tuple[Run, Run]:
    """Govwatch then baseline in odd rounds, baseline then govwatch in even ones."""
    runs: dict[str, Run] = {}
    order = ("govwatch", "baseline") if number % 2 else ("baseline", "govwatch")
    for name in order:
        if name == "govwatch":
            runs[name] = run_govwatch(portal, limits, workdir / f"govwatch-{number}")[0]
        else:
            runs[name] = run_baseline(fetched, limits, workdir / f"baseline-{number}")
        _print_run(runs[name], f"round {number}")
    if {runs["govwatch"].pages, runs["baseline"].pages} != {len(fetched.urls)}:
        print(
            f"  warning: the warm-up requested {len(fetched.urls)} URLs; this round's crawls did not match it"
        )
    return runs["govwatch"], runs["baseline"]


def _print_run(run: Run, label: str) -> None:
    print(
        f"{label:9} {run.name:16} {run.pages:6d} pages ({run.ok} ok)  {run.seconds:6.1f} s  "
        f"{run.pages_per_second:6.1f} pages/s  CPU {run.cpu_ms_per_page:5.2f} ms/page  "
        f"peak {run.peak_rss_mb:6.1f} MB  load {run.load:.2f}",
        flush=True,
    )


def figures(
    args: argparse.Namespace, govwatch: list[Run], baseline: list[Run], served: int
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "sites": args.sites,
        "pages_per_site": args.pages,
        "rounds": args.rounds,
        "portal_pages": served,
    }
    for name, runs in (("baseline", baseline), ("govwatch", govwatch)):
        result |= {
            f"{name}_pages": runs[0].pages,
            f"{name}_pages_per_s": round(statistics.median(r.pages_per_second for r in runs), 1),
            f"{name}_rounds_pages_per_s": [round(r.pages_per_second, 1) for r in runs],
            f"{name}_cpu_ms_per_page": round(statistics.median(r.cpu_ms_per_page for r in runs), 2),
            f"{name}_peak_mb": round(max(r.peak_rss_mb for r in runs), 1),
            f"{name}_load_1min": [round(r.load, 2) for r in runs],
        }
    result["ratio"] = round(result["govwatch_pages_per_s"] / result["baseline_pages_per_s"], 3)
    # The same comparison in CPU time per page, which the machine's other load hardly moves.
    result["cpu_ratio"] = round(result["baseline_cpu_ms_per_page"] / result["govwatch_cpu_ms_per_page"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500, help="pages per site")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; medians are reported")
    args = parser.parse_args()
    # Bounds that never cut a bench portal short: the coverage line below shows every page was reached.
    limits = CrawlLimits(max_pages_per_site=max(5000, 2 * args.pages), max_depth=50)
    spec = bench_spec(sites=args.sites, pages=args.pages, seed=args.seed)
    with running_portal(spec) as portal, tempfile.TemporaryDirectory(prefix="govwatch-bench-") as tmp:
        warmup, fetched = run_govwatch(portal, limits, Path(tmp) / "warmup")
        _print_run(warmup, "warm-up")
        served, reached, missed = coverage(portal, fetched)
        print(
            f"coverage: govwatch requested {warmup.pages} URLs, {reached} of the {served} pages the portal "
            f"serves{f'; missed e.g. {missed}' if missed else ''}; {fetched.rendered} rendered by Chromium; "
            f"the baseline requests the same {warmup.pages} URLs from {len(fetched.seeds)} seeds",
            flush=True,
        )
        rounds = [one_round(n, portal, limits, fetched, Path(tmp)) for n in range(1, args.rounds + 1)]
    result = figures(args, [g for g, _ in rounds], [b for _, b in rounds], served)
    print(
        f"median of {args.rounds}: govwatch {result['govwatch_pages_per_s']} pages/s, "
        f"baseline {result['baseline_pages_per_s']} pages/s; "
        f"ratio {result['ratio']:.3f} (target ≥ {RATIO_TARGET}); CPU per page govwatch "
        f"{result['govwatch_cpu_ms_per_page']} ms, baseline {result['baseline_cpu_ms_per_page']} ms "
        f"(ratio {result['cpu_ratio']:.3f}); peak govwatch "
        f"{result['govwatch_peak_mb']} MB, baseline {result['baseline_peak_mb']} MB "
        f"(target ≤ {PEAK_TARGET_MB} MB at 10,000 pages)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
