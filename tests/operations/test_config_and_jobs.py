"""[[schedule]], [probes], [notify], [[contact]] in config.toml, and the job store kept in line with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.config import ConfigError, parse_config
from scheduler.config_ops import ops_of, secret_value
from scheduler.daemon import make_scheduler, planned_jobs, stored_jobs, sync_jobs, validate
from storage import open_db

SITES = [
    {"name": "青山区", "base_url": "https://www.qingshan.gov.cn/", "level": "县区"},
    {"name": "市统计局", "base_url": "https://tjj.example.gov.cn/", "level": "部门"},
]
OPS = {
    "schedule": [
        {"name": "区县每日", "cron": "0 2 * * *", "levels": ["县区"]},
        {"name": "部门每周", "cron": "30 3 * * 1", "sites": ["市统计局"], "misfire_grace": "12h"},
    ],
    "probes": {"every": "60m", "columns": ["xxgk", "zcjd"]},
    "notify": {
        "quiet_hours": "22:00-07:30",
        "smtp": {
            "host": "smtp.example.cn",
            "port": 465,
            "security": "ssl",
            "sender": "gw@example.cn",
            "user": "gw",
            "password": {"env": "GW_TEST_SMTP_PASSWORD"},
        },
    },  # fmt: skip
    "contact": [
        {"name": "青山区政务公开办", "sites": ["青山区"], "email": "gk@qingshan.gov.cn"},
        {
            "name": "值班群",
            "webhook": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K",
            "format": "wecom",
        },
    ],
}


def _config(**changes):
    return parse_config({"site": SITES, **OPS, **changes}, base_dir=Path("/tmp"))


def test_the_operations_sections_parse(monkeypatch):
    monkeypatch.setenv("GW_TEST_SMTP_PASSWORD", "s3cret")
    ops = ops_of(_config())
    assert [s.name for s in ops.schedule] == ["区县每日", "部门每周"]
    assert ops.schedule[1].misfire_grace == 12 * 3600 and ops.probes.every == 3600
    assert [s.name for s in ops.schedule[0].select(_config().site)] == ["青山区"]
    assert secret_value(ops.notify.smtp.password) == "s3cret"
    site = _config().site[0]
    assert [c.name for c in ops.contacts_of(site)] == ["青山区政务公开办", "值班群"]
    validate(_config(), ops)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"schedule": [{"name": "x", "sites": ["青山区"]}]},
            "schedule[0]: give exactly one of cron or every",
        ),
        ({"schedule": [{"name": "x", "cron": "0 25 * * *"}]}, "schedule[0].cron"),
        ({"schedule": [{"name": "x", "every": "soon"}]}, "schedule[0].every: not a duration"),
        ({"probes": {"every": "2h"}}, "probes: every: 7200 s gives fewer than min_per_day = 20"),
        ({"notify": {"quiet_hours": "22-7"}}, "notify.quiet_hours: not a window like 22:00-07:00"),
        ({"contact": [{"name": "无人"}]}, "contact[0]: give email or webhook"),
        ({"contact": [{"name": "x", "webhook": "ftp://x"}]}, "contact[0].webhook: not an http(s) URL"),
    ],
)
def test_mistakes_are_refused_naming_the_key(changes, message):
    with pytest.raises(ConfigError) as error:
        _config(**changes)
    assert message in str(error.value)


def test_the_daemon_refuses_unknown_sites_and_mail_without_smtp():
    config = _config(schedule=[{"name": "x", "every": "1h", "sites": ["不存在的站"]}])
    with pytest.raises(ConfigError, match=r"schedule\[0\]\.sites: 不存在的站"):
        validate(config, ops_of(config))
    config = _config(notify={})
    with pytest.raises(ConfigError, match="notify.smtp"):
        validate(config, ops_of(config))


def test_stored_jobs_follow_the_config_without_duplicates(sqlite_url):
    engine = open_db(sqlite_url)
    config = _config()
    scheduler = make_scheduler(engine)
    scheduler.start(paused=True)
    first = sync_jobs(scheduler, planned_jobs(config, ops_of(config)))
    assert sorted(first["added"]) == sorted(
        ["sweep:区县每日", "sweep:部门每周", "probe:青山区", "probe:市统计局", "notify:deliver"]
    )
    missed = datetime.now(UTC) - timedelta(hours=3)  # as if the daemon had been down at 02:00
    scheduler.modify_job("sweep:区县每日", next_run_time=missed)
    assert sync_jobs(scheduler, planned_jobs(config, ops_of(config)))["kept"] == first["added"]
    assert scheduler.get_job("sweep:区县每日").next_run_time == missed  # so the missed run still runs, once

    changed = _config(schedule=[{"name": "区县每日", "cron": "0 3 * * *", "levels": ["县区"]}])
    done = sync_jobs(scheduler, planned_jobs(changed, ops_of(changed)))
    assert done["replaced"] == ["sweep:区县每日"] and done["removed"] == ["sweep:部门每周"]
    scheduler.shutdown()
    jobs = {job.id: job for job in stored_jobs(engine)}
    assert len(jobs) == 4 and "hour='3'" in str(jobs["sweep:区县每日"].trigger)
    assert jobs["sweep:区县每日"].next_run_time.hour == 3  # Beijing time
    engine.dispose()
