"""Availability probes: request a site's homepage and key column pages, store every probe, and judge the
national veto "unreachable in ≥ 5 % of a week's probes" (early warning at 3 %) from the stored probes.

judge_availability is check-like: a pure function of the probe counts that returns a checks.Finding
(check "availability", target "homepage"), so rulebooks and the problem workflow treat it like any check.
Probes that say nothing about the site (blocked by a WAF, refused by our own guard) are not counted.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import Engine

from checks.model import Evidence, Finding, Status
from crawler.limits import SiteTarget
from crawler.outcome import FetchOutcome
from crawler.probe import ProbeResult, probe
from scheduler.config_ops import ProbesConfig
from storage.operations import ProbeWindow, column_urls, probe_window, record_probes
from storage.writer import register_sites

CHECK = "availability"
TARGET = "homepage"
TITLE = "首页可访问性"
NOT_COUNTED = frozenset(
    {FetchOutcome.BLOCKED.value, FetchOutcome.PRIVATE_ADDRESS.value, FetchOutcome.ROBOTS.value}
)


def register_site(engine: Engine, site: SiteTarget) -> int:
    """The site's id, registering it from the config as a sweep would."""
    return register_sites(engine, [site.model_dump() | {"hosts": sorted(site.hosts)}])[site.name]


def probe_targets(engine: Engine, site_id: int, site: SiteTarget, cfg: ProbesConfig) -> list[tuple[str, str]]:
    """(kind, URL): the homepage, then the key columns the site's newest finished sweep found."""
    columns = column_urls(engine, site_id, cfg.columns)
    return [(TARGET, site.base_url)] + [(c, columns[c]) for c in cfg.columns if c in columns]


def probe_site(
    engine: Engine, site_id: int, site: SiteTarget, cfg: ProbesConfig, stop: threading.Event | None = None
) -> list[tuple[str, ProbeResult]]:
    """One round of probes of a site, each stored as it ends; a set `stop` ends the round early."""
    results = []
    for kind, url in probe_targets(engine, site_id, site, cfg):
        if stop is not None and stop.is_set():
            break
        result = probe(url, cfg.timeout, allow_private=site.allow_private)
        record_probes(engine, site_id, [_row(kind, result)])
        results.append((kind, result))
    return results


def _row(kind: str, result: ProbeResult) -> dict[str, object]:
    return {
        "kind": kind,
        "url": result.url,
        "at": result.at,
        "outcome": result.outcome.value,
        "status": result.status,
        "latency_ms": result.latency_ms,
        "error": result.error,
    }


def availability_finding(
    engine: Engine, site_id: int, name: str, homepage: str, cfg: ProbesConfig, until: datetime
) -> Finding:
    """The availability verdict of a site over the probe window that ends at `until` (a probe round's
    end, or a sweep's start when the finding joins the sweep's findings)."""
    window = probe_window(engine, site_id, until - timedelta(days=cfg.window_days), until, kind=TARGET)
    return judge_availability(window, cfg, name, homepage)


def judge_availability(window: ProbeWindow, cfg: ProbesConfig, site: str, url: str) -> Finding:
    """fail at ≥ fail_at % unreachable over a full window, warn from warn_at % (or on a partial window
    already over the veto line), pass below it; unverifiable while the window holds too few probes."""
    counted = {o: n for o, n in window.outcomes.items() if o not in NOT_COUNTED}
    total = sum(counted.values())
    if not total:
        text = f"近{cfg.window_days}天没有可计入的首页可用性监测记录，无法核验，不计为问题。"
        return _finding(Status.UNVERIFIABLE, site, url, None, cfg, text, "no_probes")
    failed = {o: n for o, n in counted.items() if o != FetchOutcome.OK.value}
    share = round(100 * sum(failed.values()) / total, 2)
    status, verdict = _verdict(share, total >= cfg.min_probes, cfg)
    said = f"近{cfg.window_days}天共监测首页{total}次，{sum(failed.values())}次无法打开（{share:g}%{_reasons(failed)}）"
    reason = "insufficient_probes" if status is Status.UNVERIFIABLE else ""
    return _finding(status, site, url, share, cfg, f"{said}，{verdict}", reason)


def _verdict(share: float, full: bool, cfg: ProbesConfig) -> tuple[Status, str]:
    if share >= cfg.fail_at and full:
        return (
            Status.FAIL,
            f"达到{cfg.fail_at:g}%的单项否决限值。请检查服务器、网络和防护设置，保障网站稳定访问。",
        )
    if share >= cfg.fail_at:
        return (
            Status.WARN,
            f"已达{cfg.fail_at:g}%的否决线；监测尚不足{cfg.min_probes}次，暂作预警。请尽快排查。",
        )
    if share >= cfg.warn_at:
        return Status.WARN, f"超过{cfg.warn_at:g}%的预警线（{cfg.fail_at:g}%即单项否决）。请尽快排查。"
    if full:
        return Status.PASS, f"低于{cfg.warn_at:g}%的预警线。"
    return (
        Status.UNVERIFIABLE,
        f"监测次数少于规则要求的{cfg.min_probes}次（每天至少{cfg.min_per_day}次），暂无法判定，不计为问题。",
    )


def _reasons(failed: Mapping[str, int]) -> str:
    if not failed:
        return ""
    return "；" + "，".join(f"{FetchOutcome(o).label_zh}{n}次" for o, n in sorted(failed.items()))


def _finding(
    status: Status,
    site: str,
    url: str,
    share: float | None,
    cfg: ProbesConfig,
    message: str,
    reason: str = "",
) -> Finding:
    return Finding(
        check=CHECK,
        site=site,
        target=TARGET,
        status=status,
        measured=share,
        limit=cfg.fail_at,
        evidence=(Evidence(url=url, note=message),),
        message=message,
        reason=reason,
    )
