"""Benchmark: govwatch sweep versus a plain Scrapy crawl of the same generated portals, in one run.

    .venv/bin/python benchmarks/bench_sweep.py --sites 20 --pages 500
    .venv/bin/python benchmarks/bench_sweep.py --sites 1 --pages 10000

Serves N portals of M pages on 127.0.0.1, then runs the baseline spider and `govwatch sweep` (each as a
fresh process), sampling the RSS of each whole process tree. Prints pages per second, peak memory and
the ratio, and ends with one JSON line of the figures. Targets: ratio ≥ 0.85, peak ≤ 1 GB at 10,000 pages.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler import CrawlLimits
from storage import open_db
from storage.models import Page
from testportal import bench_spec
from testportal.server import running_portal

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    name: str
    pages: int
    seconds: float
    peak_rss_mb: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for proc in (process, *process.children(recursive=True)):
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Run a command; return (seconds, peak RSS of its process tree in MB, stdout)."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)
    watched = psutil.Process(process.pid)
    stop = threading.Event()

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
    stdout, _ = process.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if process.returncode not in (0, 3):
        raise SystemExit(f"{command[:4]} exited {process.returncode}")
    return seconds, peak / 2**20, stdout


def run_baseline(urls: list[str], limits: CrawlLimits, workdir: Path) -> Run:
    options = limits.model_dump(mode="json") | {"urls": urls}
    seconds, peak, stdout = timed(
        [sys.executable, str(REPO / "benchmarks" / "baseline_spider.py"), json.dumps(options)], workdir
    )
    return Run("scrapy-baseline", json.loads(stdout.strip().splitlines()[-1])["pages"], seconds, peak)


def run_govwatch(urls: dict[str, str], limits: CrawlLimits, workdir: Path) -> Run:
    db = workdir / "bench.db"
    lines = [
        "[storage]",
        f'database_url = "sqlite:///{db}"',
        f'snapshot_dir = "{workdir / "snapshots"}"',
        "[crawl]",
    ]
    lines += [
        f"{key} = {json.dumps(value, ensure_ascii=False)}"
        for key, value in limits.model_dump(mode="json").items()
    ]
    for name, url in urls.items():
        lines += ["[[site]]", f'name = "{name}"', f'base_url = "{url}"', "allow_private = true"]
    config = workdir / "bench.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seconds, peak, _ = timed([sys.executable, "-m", "scheduler.cli", "sweep", "--config", str(config)], REPO)
    with Session(open_db(f"sqlite:///{db}")) as session:
        pages = session.scalar(select(func.count()).select_from(Page).where(Page.outcome == "ok"))
    return Run("govwatch", int(pages or 0), seconds, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    limits = CrawlLimits(max_pages_per_site=max(5000, 2 * args.pages), max_depth=50)
    spec = bench_spec(sites=args.sites, pages=args.pages, seed=args.seed)
    with running_portal(spec) as portal, tempfile.TemporaryDirectory() as tmp:
        urls = dict(portal.urls)
        baseline = run_baseline(list(urls.values()), limits, Path(tmp))
        govwatch = run_govwatch(urls, limits, Path(tmp))
    ratio = govwatch.pages_per_second / baseline.pages_per_second
    for run in (baseline, govwatch):
        print(
            f"{run.name:16} {run.pages:7d} pages  {run.seconds:7.1f} s  "
            f"{run.pages_per_second:7.1f} pages/s  peak {run.peak_rss_mb:7.1f} MB"
        )
    print(f"ratio govwatch/baseline: {ratio:.3f} (target ≥ 0.85); peak memory target ≤ 1024 MB")
    print(
        json.dumps(
            {
                "sites": args.sites,
                "pages_per_site": args.pages,
                "baseline_pages": baseline.pages,
                "baseline_pages_per_s": round(baseline.pages_per_second, 1),
                "baseline_peak_mb": round(baseline.peak_rss_mb, 1),
                "govwatch_pages": govwatch.pages,
                "govwatch_pages_per_s": round(govwatch.pages_per_second, 1),
                "govwatch_peak_mb": round(govwatch.peak_rss_mb, 1),
                "ratio": round(ratio, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
