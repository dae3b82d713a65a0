"""Typed config of operations: [[schedule]] sweeps, [probes], [notify] and [[contact]] (issue 7).

Config composes these (schedule, probes, notify, contact); ops_of(config) hands them to the daemon,
the probes and the notifier as one OpsConfig. Durations are written "90s", "15m", "6h" or "1d".
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from crawler.limits import SiteTarget

CHINA_TZ = "Asia/Shanghai"
CHINA = ZoneInfo(CHINA_TZ)
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
DEFAULT_VETO_CHECKS = ("availability", "homepage_freshness", "stale_columns_total", "blank_columns_total")


def _seconds(value: Any) -> Any:
    """A duration ("90s", "15m", "6h", "1d" or a number of seconds) in seconds."""
    if isinstance(value, str):
        match = _DURATION.match(value)
        if not match:
            raise ValueError(f"not a duration like 90s, 15m, 6h or 1d: {value!r}")
        return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    return value


Duration = Annotated[float, BeforeValidator(_seconds), Field(gt=0)]


class EnvSecret(BaseModel):
    """A secret kept out of the file: `password = { env = "GOVWATCH_SMTP_PASSWORD" }`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    env: str = Field(min_length=1)


Secret = str | EnvSecret


def secret_value(secret: Secret) -> str:
    """The secret's text; an unset environment variable is an empty secret."""
    return os.environ.get(secret.env, "") if isinstance(secret, EnvSecret) else secret


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteSelection(_Frozen):
    """Which configured sites something covers: named ones, ones of a level (省/市/县区/部门), or all."""

    sites: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    def covers(self, site: SiteTarget) -> bool:
        if not self.sites and not self.levels:
            return True
        return site.name in self.sites or site.level in self.levels

    def select(self, sites: Sequence[SiteTarget]) -> tuple[SiteTarget, ...]:
        return tuple(site for site in sites if self.covers(site))


class ScheduleConfig(SiteSelection):
    """One [[schedule]]: a sweep of some sites on a cron expression (Beijing time) or every so often."""

    name: str = Field(min_length=1, pattern=r"^[^:\s]+$")
    cron: str | None = None  # "0 2 * * *": minute hour day month weekday
    every: Duration | None = None
    misfire_grace: Duration = 6 * 3600  # a run missed by less than this (daemon down) still runs, once
    resume_within: Duration = 86400  # an interrupted sweep younger than this is resumed, not restarted

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str | None) -> str | None:
        if value is not None:
            CronTrigger.from_crontab(value, timezone=CHINA_TZ)
        return value

    @model_validator(mode="after")
    def _one_trigger(self) -> ScheduleConfig:
        if (self.cron is None) == (self.every is None):
            raise ValueError("give exactly one of cron or every")
        return self


class ProbesConfig(SiteSelection):
    """[probes]: availability probes of each site's homepage and key column pages, and their verdict."""

    enabled: bool = True
    every: Duration = 3600  # 24 probes a day, spread over the day
    timeout: float = Field(default=15.0, gt=0, le=120)
    columns: tuple[str, ...] = ("xxgk", "zcjd", "yjs", "qzqd")  # taxonomy ids of the key column pages
    window_days: int = Field(default=7, ge=1, le=60)
    min_per_day: int = Field(default=20, ge=1)  # the national rule: ≥ 20 probes a day
    fail_at: float = Field(default=5.0, gt=0, le=100)  # % of a window's probes unreachable: veto
    warn_at: float = Field(default=3.0, gt=0, le=100)  # early warning

    @model_validator(mode="after")
    def _cadence(self) -> ProbesConfig:
        if self.every > 86400 / self.min_per_day:
            limit = 86400 / self.min_per_day / 60
            raise ValueError(
                f"every: {self.every:g} s gives fewer than min_per_day = {self.min_per_day} probes a day "
                f"(use at most {limit:g} minutes, or lower min_per_day knowingly)"
            )
        if self.warn_at > self.fail_at:
            raise ValueError("warn_at: must not be above fail_at")
        return self

    @property
    def min_probes(self) -> int:
        return self.min_per_day * self.window_days


class SmtpConfig(_Frozen):
    host: str = Field(min_length=1)
    port: int = Field(default=25, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "none"
    user: str = ""
    password: Secret = ""
    sender: str = Field(min_length=3)
    timeout: float = Field(default=30.0, gt=0)


class NotifyConfig(_Frozen):
    """[notify]: how and when contacts are told; quiet hours hold messages until they end."""

    enabled: bool = True
    quiet_hours: str = ""  # "22:00-07:00" Beijing time; empty: none
    veto_checks: tuple[str, ...] = DEFAULT_VETO_CHECKS  # a fail of these is a veto (单项否决)
    smtp: SmtpConfig | None = None
    timeout: float = Field(default=15.0, gt=0)  # webhook POST timeout
    retries: int = Field(default=3, ge=1, le=20)  # attempts before a message is given up

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        if value:
            quiet_window(value)
        return value

    def quiet(self) -> tuple[time, time] | None:
        return quiet_window(self.quiet_hours) if self.quiet_hours else None


def quiet_window(text: str) -> tuple[time, time]:
    """The window of "22:00-07:00" as (22:00, 07:00); it may run past midnight."""
    parts = [p.strip() for p in text.split("-")]
    matches = [_CLOCK.match(p) for p in parts]
    if len(parts) != 2 or not all(matches) or parts[0] == parts[1]:
        raise ValueError(f"not a window like 22:00-07:00: {text!r}")
    start, end = (time(int(m.group(1)), int(m.group(2))) for m in matches if m)
    return start, end


class ContactConfig(SiteSelection):
    """One [[contact]]: who hears about which sites, by e-mail and/or a webhook (a chat-bot URL)."""

    name: str = Field(min_length=1)
    email: tuple[str, ...] = ()
    webhook: str = ""
    format: Literal["json", "wecom", "dingtalk", "feishu"] = "json"
    secret: Secret = ""  # 钉钉/飞书 signing secret ("加签")

    @field_validator("email", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("webhook")
    @classmethod
    def _http(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL")
        return value

    @model_validator(mode="after")
    def _reachable(self) -> ContactConfig:
        if not self.email and not self.webhook:
            raise ValueError("give email or webhook (or both)")
        return self


class OpsConfig(_Frozen):
    """The operations part of config.toml."""

    schedule: tuple[ScheduleConfig, ...] = ()
    probes: ProbesConfig = ProbesConfig()
    notify: NotifyConfig = NotifyConfig()
    contact: tuple[ContactConfig, ...] = ()

    @model_validator(mode="after")
    def _unique_schedules(self) -> OpsConfig:
        names = [s.name for s in self.schedule]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate:
            raise ValueError(f"schedule: duplicate name {duplicate!r}")
        return self

    def schedule_named(self, name: str) -> ScheduleConfig | None:
        return next((s for s in self.schedule if s.name == name), None)

    def contacts_of(self, site: SiteTarget) -> tuple[ContactConfig, ...]:
        return tuple(c for c in self.contact if c.covers(site))


def unknown_sites(ops: OpsConfig, sites: Sequence[SiteTarget]) -> list[str]:
    """Key paths naming sites that are not configured, e.g. "schedule[1].sites: 青山区"."""
    known = {s.name for s in sites}
    groups = [(f"schedule[{i}]", s) for i, s in enumerate(ops.schedule)]
    groups += [("probes", ops.probes)] + [(f"contact[{i}]", c) for i, c in enumerate(ops.contact)]
    return [f"{where}.sites: {name}" for where, group in groups for name in group.sites if name not in known]


def ops_of(config: Any) -> OpsConfig:
    """The operations sections of a loaded Config."""
    return OpsConfig(
        schedule=config.schedule, probes=config.probes, notify=config.notify, contact=config.contact
    )
