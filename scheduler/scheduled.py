"""What the daemon's jobs do: a scheduled sweep (crawl in its own process, then checks, problems and
notifications) and a probe round — never two sweeps of one site at once, and an interrupted sweep resumed.

Runtime is the daemon's shared state: config, database, the stop flag, the sites being swept and the
sweeps in flight, whose crawler processes get SIGINT on stop so they flush and stay resumable.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from crawler.limits import SiteTarget
from scheduler.checking import check_sweep
from scheduler.config import Config
from scheduler.config_ops import OpsConfig, ScheduleConfig
from scheduler.notify import deliver_due, notify_findings, notify_sweep
from scheduler.probe_jobs import availability_finding, probe_site, register_site
from scheduler.sweep import crawl_sweep, start_sweep
from scheduler.workflow import changes_of, sync_problems
from storage.operations import pid_of, resumable_sweep, sweeps_holding

logger = logging.getLogger("govwatch.daemon")
OTHER_SWEEP_POLL = 2.0  # seconds between looks at sweeps that another process runs


@dataclass(slots=True)
class SiteLocks:
    """Sites being swept by this daemon; a sweep waits until none of its sites is taken."""

    _held: set[str] = field(default_factory=set)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    @contextmanager
    def holding(self, names: set[str], stopping: threading.Event) -> Iterator[bool]:
        with self._changed:
            while self._held & names and not stopping.is_set():
                self._changed.wait(1.0)
            if stopping.is_set():
                yield False
                return
            self._held |= names
        try:
            yield True
        finally:
            with self._changed:
                self._held -= names
                self._changed.notify_all()


@dataclass(slots=True)
class InFlight:
    """Sweeps whose crawler runs now, so a stop can ask each crawler to flush and end."""

    _ids: set[int] = field(default_factory=set)
    _crawling: set[int] = field(default_factory=set)  # crawlers that reported progress: Scrapy is up
    _signalled: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def tracking(self, sweep_id: int) -> Iterator[None]:
        with self._lock:
            self._ids.add(sweep_id)
        try:
            yield
        finally:
            with self._lock:
                self._ids.discard(sweep_id)
                self._crawling.discard(sweep_id)

    def crawling(self, sweep_id: int) -> None:
        with self._lock:
            self._crawling.add(sweep_id)

    def active(self) -> bool:
        with self._lock:
            return bool(self._ids)

    def interrupt(self, engine: Engine) -> None:
        """SIGINT each crawler once (Scrapy's graceful stop: the pipeline flushes, the sweep stays unfinished).
        A crawler is signalled once it reports progress, so the signal never lands before Scrapy's handler."""
        with self._lock:
            ids = list(self._crawling)
        for sweep_id in ids:
            pid = pid_of(engine, sweep_id)
            if pid and pid not in self._signalled:
                self._signalled.add(pid)
                try:
                    os.kill(pid, signal.SIGINT)
                    logger.info("已通知批次 %s 的抓取进程 %s 停止（可用 --resume 继续）", sweep_id, pid)
                except ProcessLookupError:
                    pass


@dataclass(slots=True)
class Runtime:
    config: Config
    ops: OpsConfig
    db_url: str
    engine: Engine
    stopping: threading.Event = field(default_factory=threading.Event)
    locks: SiteLocks = field(default_factory=SiteLocks)
    in_flight: InFlight = field(default_factory=InFlight)

    def site(self, name: str) -> SiteTarget | None:
        return next((s for s in self.config.site if s.name == name), None)


def run_schedule(rt: Runtime, schedule: ScheduleConfig) -> int | None:
    """Sweep the schedule's sites (resuming its interrupted sweep if there is one); the sweep id, or None
    when it did not run to its end."""
    sites = schedule.select(rt.config.site)
    if not sites:
        logger.warning("计划 %s 没有匹配的站点，跳过", schedule.name)
        return None
    names = {s.name for s in sites}
    with rt.locks.holding(names, rt.stopping) as held:
        if not held or not _wait_for_other_processes(rt, names):
            return None
        since = datetime.now(UTC) - timedelta(seconds=schedule.resume_within)
        sweep_id = resumable_sweep(rt.engine, names, since)
        resume = sweep_id is not None
        if sweep_id is None:
            sweep_id = start_sweep(rt.db_url, sites, rt.config.crawl, rt.config.storage.snapshot_dir)
        with rt.in_flight.tracking(sweep_id):
            if rt.stopping.is_set():
                return None
            logger.info(
                "计划 %s：%s批次 %s（%d 个站点）",
                schedule.name,
                "继续" if resume else "开始",
                sweep_id,
                len(sites),
            )
            result = crawl_sweep(
                rt.db_url, sweep_id, resume=resume, on_progress=lambda _: rt.in_flight.crawling(sweep_id)
            )
        if not result.complete:
            logger.warning("批次 %s 未完成，下次运行时继续", sweep_id)
            return None
        judge_sweep(rt, sweep_id)
        return sweep_id


def _wait_for_other_processes(rt: Runtime, names: set[str]) -> bool:
    """Wait while a crawler of another process sweeps any of these sites; False if stopping meanwhile."""
    while not rt.stopping.is_set():
        running = [sweep_id for sweep_id, _, state in sweeps_holding(rt.engine, names) if state == "running"]
        if not running:
            return True
        logger.info("站点正被批次 %s 抓取，等待其结束", running)
        rt.stopping.wait(OTHER_SWEEP_POLL)
    return False


def judge_sweep(rt: Runtime, sweep_id: int) -> None:
    """Checks, problems and notifications of a finished sweep."""
    verdicts = check_sweep(rt.engine, sweep_id)
    sync_problems(rt.engine, sweep_id)
    changes = changes_of(rt.engine, sweep_id)
    queued = notify_sweep(rt.engine, rt.ops, rt.config.site, sweep_id)
    logger.info(
        "批次 %s 已检查：%d 个站点，新问题 %d，重新出现 %d，已核实 %d，自动关闭 %d，待发通知 %d",
        sweep_id, len(verdicts), len(changes.of("open")), len(changes.of("reopened")),
        len(changes.of("verified")), len(changes.of("resolved")), queued,
    )  # fmt: skip
    deliver_due(rt.engine, rt.ops)


def run_probes(rt: Runtime, site: SiteTarget) -> None:
    """One probe round of a site, then its availability verdict and any crossing it brings."""
    site_id = register_site(rt.engine, site)
    results = probe_site(rt.engine, site_id, site, rt.ops.probes, rt.stopping)
    if not results or rt.stopping.is_set():
        return
    finding = availability_finding(
        rt.engine, site_id, site.name, site.base_url, rt.ops.probes, datetime.now(UTC)
    )
    if notify_findings(rt.engine, rt.ops, site, site_id, [finding], "可用性监测"):
        deliver_due(rt.engine, rt.ops)
