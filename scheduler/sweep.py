"""run_sweep: open a sweep row, crawl it in a fresh `python -m crawler.run` process, follow its progress.

The crawl runs in a subprocess because Twisted's reactor cannot be restarted in one process, and so a
crash or SIGKILL of the crawl is contained: the sweep stays "unfinished" and `--resume ID` continues it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from crawler import CrawlLimits, SiteTarget, make_plan
from crawler.extract import EXTRACTOR_VERSION
from storage import open_db
from storage.incremental import base_sweeps
from storage.queries import SiteCoverage, coverage_from_pages, get_sweep
from storage.writer import open_sweep, register_sites

ProgressCallback = Callable[[dict[str, Any]], None]


class SweepError(RuntimeError):
    """A sweep that cannot be started or resumed; the message says why."""


@dataclass(frozen=True, slots=True)
class SweepResult:
    sweep_id: int
    complete: bool
    sites: tuple[SiteCoverage, ...]


def start_sweep(db_url: str, sites: Sequence[SiteTarget], limits: CrawlLimits, snapshot_dir: Path) -> int:
    """Register the sites and open a new sweep holding its plan; returns the sweep id."""
    if not sites:
        raise SweepError("no sites to sweep: give URLs, or [[site]] entries in the config")
    engine = open_db(db_url)
    register_sites(engine, [s.model_dump() | {"hosts": sorted(s.hosts)} for s in sites])
    bases = (
        base_sweeps(engine, [site.name for site in sites], EXTRACTOR_VERSION) if limits.incremental else {}
    )
    sweep_id = open_sweep(engine, make_plan(sites, limits, snapshot_dir.resolve(), bases))
    engine.dispose()
    return sweep_id


def crawl_sweep(
    db_url: str, sweep_id: int, *, resume: bool, on_progress: ProgressCallback | None = None
) -> SweepResult:
    """Run the crawler process for a sweep to its end and return its coverage."""
    command = [sys.executable, "-m", "crawler.run", "--db", db_url, "--sweep", str(sweep_id)]
    if resume:
        command.append("--resume")
    done: dict[str, Any] = {}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, encoding="utf-8") as process:
        assert process.stdout is not None
        for line in process.stdout:
            event = _parse_event(line)
            if event.get("event") == "done":
                done = event
            elif event and on_progress:
                on_progress(event)
        process.wait()
    engine = open_db(db_url)
    with Session(engine) as session:
        coverage = coverage_from_pages(session, sweep_id)
    engine.dispose()
    return SweepResult(sweep_id, bool(done.get("complete")) and process.returncode == 0, coverage)


def resume_sweep(db_url: str, sweep_id: int, on_progress: ProgressCallback | None = None) -> SweepResult:
    engine = open_db(db_url)
    sweep = get_sweep(engine, sweep_id)
    engine.dispose()
    if sweep is None:
        raise SweepError(f"--resume: sweep {sweep_id} does not exist in this database")
    if sweep.state == "finished":
        raise SweepError(f"--resume: sweep {sweep_id} already finished; nothing to resume")
    return crawl_sweep(db_url, sweep_id, resume=True, on_progress=on_progress)


def _parse_event(line: str) -> dict[str, Any]:
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        return {}
    return event if isinstance(event, dict) else {}
