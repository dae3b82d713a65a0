"""The daemon as a process: scheduled sweeps and probes of the test portal, notifications, a restart
without duplicate jobs, and SIGTERM in the middle of a sweep leaving it resumable (and resumed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from storage.models import Sweep
from storage.operations import Probe, utc
from testportal import Defects, PortalSpec, SiteSpec
from testportal.server import running_portal
from tests.operations.servers import webhook_receiver

ROOT = Path(__file__).resolve().parents[2]
SITE = "甲县人民政府"
CONFIG = """
[storage]
database_url = "sqlite:///{db}"
snapshot_dir = "{dir}/snapshots"

[crawl]
max_pages_per_site = 40
download_delay = 0.25
download_timeout = 5
retries = 0
autothrottle = false

[[site]]
name = "{site}"
base_url = "{url}"
level = "县区"
allow_private = true

[[schedule]]
name = "县区每隔几秒"
every = "4s"
levels = ["县区"]

[[schedule]]
name = "每分钟"
cron = "* * * * *"
sites = ["{site}"]

[probes]
every = "1s"
timeout = 5
window_days = 1
min_per_day = 20

[[contact]]
name = "值班"
webhook = "{hook}/hook"
"""


def _wait(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Daemon:
    def __init__(self, config: Path, log: Path):
        self.config, self.log = config, log
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> str:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scheduler.cli", "daemon", "--config", str(self.config)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log.open("a"), text=True, encoding="utf-8",
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert "守护进程已启动" in line, self.log.read_text()
        return line

    def errors(self) -> list[str]:
        """Error lines of the daemon's own loggers (the crawler processes share its stderr)."""
        return [line for line in self.log.read_text().splitlines() if " ERROR " in line and "apscheduler" in line
                or "govwatch.daemon ERROR" in line]  # fmt: skip

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        self.process.stdout.close()  # type: ignore[union-attr]
        return code


def _sweeps(engine) -> list[Sweep]:
    with Session(engine) as session:
        return list(session.scalars(select(Sweep).order_by(Sweep.id)))


def _running(engine) -> Sweep | None:
    return next((s for s in _sweeps(engine) if s.state == "unfinished" and s.pid and _alive(s.pid)), None)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _jobs(config: Path) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "scheduler.cli", "jobs", "--format", "json", "--config", str(config)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.mark.timeout(240)
def test_daemon_sweeps_probes_restarts_and_stops_cleanly(tmp_path):
    spec = PortalSpec(
        seed=5,
        as_of=date(2026, 11, 20),
        sites=(SiteSpec(name="jia", pages=60, defects=Defects(stale_column="tzgg")),),
    )
    db = tmp_path / "govwatch.db"
    with running_portal(spec) as portal, webhook_receiver() as (hook, received):
        config = tmp_path / "config.toml"
        config.write_text(
            CONFIG.format(db=db, dir=tmp_path, site=SITE, url=portal.urls["jia"], hook=hook), encoding="utf-8"
        )
        engine = create_engine(f"sqlite:///{db}")
        daemon = Daemon(config, tmp_path / "daemon.log")
        assert "新增4" in daemon.start()

        finished = _wait(
            lambda: [s for s in _sweeps(engine) if s.state == "finished"], 90, "a finished sweep"
        )
        _wait(lambda: received.posts, 30, "a notification")
        assert SITE in received.posts[0]["body"]["subject"]
        running = _wait(lambda: _running(engine), 60, "a sweep in progress")
        assert daemon.stop() == 0
        assert "已停止" in daemon.log.read_text() and not daemon.errors()

        interrupted = next(s for s in _sweeps(engine) if s.id == running.id)
        assert interrupted.state == "unfinished" and not (interrupted.pid and _alive(interrupted.pid))
        with engine.connect() as conn:
            stored = conn.execute(
                text("select count(*) from pages where sweep_id = :s"), {"s": running.id}
            ).scalar()
            probes = conn.execute(select(func.count()).select_from(Probe.__table__)).scalar()
        assert stored > 0 and probes >= 3

        assert "保留4" in daemon.start()  # the same four jobs, none added or duplicated
        with engine.connect() as conn:
            assert conn.execute(text("select count(*) from apscheduler_jobs")).scalar() == 4
        resumed = _wait(
            lambda: next((s for s in _sweeps(engine) if s.id == running.id and s.state == "finished"), None),
            90, "the interrupted sweep to be resumed",
        )  # fmt: skip
        assert resumed.resumed_count == 1
        jobs = _jobs(config)
        assert sorted(j["id"] for j in jobs) == sorted(
            ["sweep:县区每隔几秒", "sweep:每分钟", f"probe:{SITE}", "notify:deliver"]
        )
        assert all(j["next_run"] for j in jobs)
        assert daemon.stop() == 0 and not daemon.errors()
        engine.dispose()

    sweeps = [s for s in _sweeps(create_engine(f"sqlite:///{db}")) if s.finished_at]
    spans = sorted((utc(s.started_at), utc(s.finished_at)) for s in sweeps)
    assert len(spans) >= 2 and finished
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False)), (
        "two sweeps of the same site overlapped"
    )
