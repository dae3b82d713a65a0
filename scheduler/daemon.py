"""`govwatch daemon`: APScheduler 3 runs the [[schedule]] sweeps, the availability probes and the delivery
of notifications until SIGTERM, with its jobs in the database beside the findings.

Jobs have stable ids (sweep:NAME, probe:SITE, notify:deliver). At start the stored jobs are brought in
line with config.toml: new ones added, changed ones replaced, gone ones removed, and unchanged ones
kept with their stored next run time, so a run missed while the daemon was down still runs — once
(coalesce). Job functions are module-level and take a name only, so they pickle into the job store;
they reach the running daemon's state through _runtime().
"""

from __future__ import annotations

import logging
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from scheduler.config import Config, ConfigError
from scheduler.config_ops import CHINA_TZ, OpsConfig, ScheduleConfig, ops_of, unknown_sites
from scheduler.notify import deliver_due
from scheduler.scheduled import Runtime, run_probes, run_schedule
from storage import open_db
from storage.operations import resumable_sweep

JOB_TABLE = "apscheduler_jobs"
SWEEP_WORKERS = 4  # sweeps at once (each crawls its sites in its own process)
WORKERS = 8  # probes and deliveries at once
DELIVER_EVERY = 60.0  # seconds between looks for digests due after quiet hours or a failed attempt
STOP_GRACE = 120.0  # seconds a crawler gets to flush after SIGINT before the daemon stops without it
logger = logging.getLogger("govwatch.daemon")
_RUNTIME: Runtime | None = None


def _runtime() -> Runtime:
    if _RUNTIME is None:
        raise RuntimeError("no govwatch daemon is running in this process")
    return _RUNTIME


def run_scheduled_sweep(name: str) -> None:
    rt = _runtime()
    schedule = rt.ops.schedule_named(name)
    if schedule is not None and not rt.stopping.is_set():
        run_schedule(rt, schedule)


def run_probe_round(site_name: str) -> None:
    rt = _runtime()
    site = rt.site(site_name)
    if site is not None and not rt.stopping.is_set():
        run_probes(rt, site)


def run_delivery() -> None:
    rt = _runtime()
    if not rt.stopping.is_set():
        deliver_due(rt.engine, rt.ops)


@dataclass(frozen=True, slots=True)
class JobSpec:
    id: str
    name: str
    func: Callable[..., None]
    args: tuple[str, ...]
    trigger: BaseTrigger
    misfire_grace: int
    executor: str = "default"

    def same_as(self, job: Job) -> bool:
        return (
            job.func_ref == f"{__name__}:{self.func.__name__}"
            and tuple(job.args) == self.args
            and job.name == self.name
            and str(job.trigger) == str(self.trigger)
            and job.misfire_grace_time == self.misfire_grace
        )


def _schedule_trigger(schedule: ScheduleConfig) -> BaseTrigger:
    if schedule.cron is not None:
        return CronTrigger.from_crontab(schedule.cron, timezone=CHINA_TZ)
    return IntervalTrigger(seconds=schedule.every, timezone=CHINA_TZ)


def planned_jobs(config: Config, ops: OpsConfig) -> list[JobSpec]:
    """The jobs config.toml asks for, with their stable ids."""
    jobs = [
        JobSpec(f"sweep:{s.name}", f"抓取 {s.name}", run_scheduled_sweep, (s.name,), _schedule_trigger(s),
                int(s.misfire_grace), "sweeps")
        for s in ops.schedule
    ]  # fmt: skip
    if ops.probes.enabled:
        every = ops.probes.every
        jitter = int(min(every / 10, 300))
        jobs += [
            JobSpec(f"probe:{site.name}", f"可用性监测 {site.name}", run_probe_round, (site.name,),
                    IntervalTrigger(seconds=every, jitter=jitter or None, timezone=CHINA_TZ), int(max(every, 60)))
            for site in ops.probes.select(config.site)
        ]  # fmt: skip
    if ops.contact:
        jobs.append(
            JobSpec(
                "notify:deliver",
                "发送到期通知",
                run_delivery,
                (),
                IntervalTrigger(seconds=DELIVER_EVERY, timezone=CHINA_TZ),
                300,
            )
        )
    return jobs


class _Pool(ThreadPoolExecutor):
    """A pool that starts nothing once shut down: APScheduler 3's loop thread can be mid-round while
    shutdown() closes the executors, and would log an error for the job it then submits."""

    def __init__(self, workers: int):
        super().__init__(workers)
        self._closed = False

    def shutdown(self, wait: bool = True) -> None:
        with self._lock:
            self._closed = True
        super().shutdown(wait)

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        if not self._closed:
            super()._do_submit_job(job, run_times)


def make_scheduler(engine: Engine) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE)},
        executors={"default": _Pool(WORKERS), "sweeps": _Pool(SWEEP_WORKERS)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=CHINA_TZ,
    )


def sync_jobs(scheduler: BackgroundScheduler, specs: list[JobSpec]) -> dict[str, list[str]]:
    """Make the stored jobs exactly `specs`; unchanged jobs keep their next run time."""
    stored = {job.id: job for job in scheduler.get_jobs()}
    wanted = {spec.id: spec for spec in specs}
    done: dict[str, list[str]] = {"added": [], "replaced": [], "kept": [], "removed": []}
    for job_id in stored.keys() - wanted.keys():
        scheduler.remove_job(job_id)
        done["removed"].append(job_id)
    for spec in specs:
        if spec.id in stored and spec.same_as(stored[spec.id]):
            done["kept"].append(spec.id)
            continue
        done["replaced" if spec.id in stored else "added"].append(spec.id)
        scheduler.add_job(
            spec.func, spec.trigger, args=spec.args, id=spec.id, name=spec.name, replace_existing=True,
            misfire_grace_time=spec.misfire_grace, executor=spec.executor,
        )  # fmt: skip
    return done


def stored_jobs(engine: Engine) -> list[Job]:
    """The jobs in the database's job store, soonest first (read without running a scheduler)."""
    store = SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE)
    store.start(BackgroundScheduler(timezone=CHINA_TZ), "default")
    return store.get_all_jobs()


def validate(config: Config, ops: OpsConfig) -> None:
    """Refuse a config the daemon cannot run as written."""
    unknown = unknown_sites(ops, config.site)
    if unknown:
        raise ConfigError(f"{unknown[0]}: no [[site]] of that name")
    if any(c.email for c in ops.contact) and ops.notify.smtp is None:
        raise ConfigError("notify.smtp: contacts have e-mail addresses but no SMTP server is configured")


def serve(config: Config, db_url: str) -> int:
    """Run until SIGTERM or SIGINT; a running sweep is stopped resumable. Returns the exit code."""
    global _RUNTIME
    ops = ops_of(config)
    validate(config, ops)
    engine = open_db(db_url)
    rt = _RUNTIME = Runtime(config=config, ops=ops, db_url=db_url, engine=engine)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: rt.stopping.set())
    scheduler = make_scheduler(engine)
    scheduler.start(paused=True)
    try:
        done = sync_jobs(scheduler, planned_jobs(config, ops))
        _resume_interrupted(rt, scheduler)
        scheduler.resume()
        _announce(scheduler, done)
        while not rt.stopping.wait(1.0):
            pass
        print("govwatch 守护进程正在停止……", file=sys.stderr, flush=True)
        _stop_sweeps(rt)
    finally:
        rt.stopping.set()
        scheduler.shutdown(wait=True)
        engine.dispose()
        _RUNTIME = None
    print("govwatch 守护进程已停止。", file=sys.stderr, flush=True)
    return 0


def _resume_interrupted(rt: Runtime, scheduler: BackgroundScheduler) -> None:
    """A schedule whose sweep was interrupted runs now, and resumes it."""
    now = datetime.now(UTC)
    for schedule in rt.ops.schedule:
        names = {s.name for s in schedule.select(rt.config.site)}
        since = now - timedelta(seconds=schedule.resume_within)
        if names and resumable_sweep(rt.engine, names, since) is not None:
            scheduler.modify_job(f"sweep:{schedule.name}", next_run_time=now)


def _stop_sweeps(rt: Runtime) -> None:
    deadline = time.monotonic() + STOP_GRACE
    while rt.in_flight.active() and time.monotonic() < deadline:
        rt.in_flight.interrupt(rt.engine)
        time.sleep(0.3)


def _announce(scheduler: BackgroundScheduler, done: dict[str, Any]) -> None:
    counts = "，".join(f"{label}{len(done[key])}" for key, label in
                      (("added", "新增"), ("replaced", "更新"), ("kept", "保留"), ("removed", "删除")))  # fmt: skip
    print(f"govwatch 守护进程已启动：{len(scheduler.get_jobs())} 个任务（{counts}）。", flush=True)
