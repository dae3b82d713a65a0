"""Benchmark: an incremental re-sweep of an unchanged portal against the first sweep of it.

    .venv/bin/python benchmarks/bench_resweep.py --sites 20 --pages 500 [--rounds 3]
    .venv/bin/python benchmarks/bench_resweep.py --sites 1 --pages 10000

Serves N generated portals of M pages on 127.0.0.1 and opens sweeps of them as `govwatch sweep` does
(scheduler.sweep.start_sweep: a re-sweep builds on each site's last finished sweep). Times the crawl
process of the first sweep, then of `--rounds` re-sweeps, and counts the HTTP requests each sent
(Scrapy's downloader/request_count, from the crawl's "done" line). Prints requests and seconds of both
and their ratios (re-sweeps: medians), and ends with one JSON line. Target: both ratios ≤ 0.15.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench_sweep import timed
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler import CrawlLimits, SiteTarget
from scheduler.sweep import start_sweep
from storage import open_db
from storage.models import Page
from testportal import bench_spec
from testportal.server import RunningPortal, running_portal

TARGET = 0.15


@dataclass(frozen=True)
class SweepRun:
    requests: int
    seconds: float
    pages: int
    reused: int
    peak_rss_mb: float


def run_sweep(portal: RunningPortal, limits: CrawlLimits, db_url: str, workdir: Path, label: str) -> SweepRun:
    sites = [SiteTarget(name=n, base_url=u, allow_private=True) for n, u in portal.urls.items()]
    sweep_id = start_sweep(db_url, sites, limits, workdir / "snapshots")
    log = workdir / f"{label}.jsonl"
    command = [sys.executable, "-m", "crawler.run", "--db", db_url, "--sweep", str(sweep_id)]
    seconds, _, peak = timed(command, log)
    done = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
    if not done.get("complete"):
        raise SystemExit(f"{label}: the crawl did not complete; output in {log}")
    engine = open_db(db_url, migrate=False)
    with Session(engine) as session:
        pages = session.scalar(select(func.count()).where(Page.sweep_id == sweep_id)) or 0
        reused = session.scalar(select(func.count()).where(Page.sweep_id == sweep_id, Page.reuse != "")) or 0
    engine.dispose()
    return SweepRun(done["requests"], seconds, pages, reused, peak)


def _print(label: str, run: SweepRun) -> None:
    print(
        f"{label:10} {run.pages:6d} pages stored ({run.reused} reused)  {run.requests:6d} requests  "
        f"{run.seconds:6.1f} s  peak {run.peak_rss_mb:6.1f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500, help="pages per site")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="re-sweeps; medians are reported")
    args = parser.parse_args()
    limits = CrawlLimits(max_pages_per_site=max(5000, 2 * args.pages), max_depth=50)
    spec = bench_spec(sites=args.sites, pages=args.pages, seed=args.seed)
    with running_portal(spec) as portal, tempfile.TemporaryDirectory(prefix="govwatch-resweep-") as tmp:
        workdir = Path(tmp)
        db_url = f"sqlite:///{workdir / 'govwatch.db'}"
        first = run_sweep(portal, limits, db_url, workdir, "first")
        _print("first", first)
        again = [
            run_sweep(portal, limits, db_url, workdir, f"re-sweep-{n}") for n in range(1, args.rounds + 1)
        ]
        for number, run in enumerate(again, 1):
            _print(f"re-sweep {number}", run)
    result = {
        "sites": args.sites,
        "pages_per_site": args.pages,
        "rounds": args.rounds,
        "first_pages": first.pages,
        "first_requests": first.requests,
        "first_seconds": round(first.seconds, 2),
        "resweep_pages": again[0].pages,
        "resweep_reused": again[0].reused,
        "resweep_requests": int(statistics.median(r.requests for r in again)),
        "resweep_seconds": round(statistics.median(r.seconds for r in again), 2),
        "resweep_rounds_seconds": [round(r.seconds, 2) for r in again],
        "resweep_peak_mb": round(max(r.peak_rss_mb for r in again), 1),
    }
    result["requests_ratio"] = round(result["resweep_requests"] / first.requests, 3)
    result["time_ratio"] = round(result["resweep_seconds"] / first.seconds, 3)
    print(
        f"re-sweep of an unchanged portal (median of {args.rounds}): {result['resweep_requests']} requests "
        f"= {result['requests_ratio']:.1%} of the first sweep's {first.requests}; "
        f"{result['resweep_seconds']} s = {result['time_ratio']:.1%} of {result['first_seconds']} s "
        f"(target ≤ {TARGET:.0%} for both); stored {result['resweep_pages']} pages as the first sweep "
        f"stored {first.pages}"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
