"""Test helpers for operations: sweeps with given findings, written through the storage writers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from storage.findings import replace_findings
from storage.writer import finish_sweep, open_sweep, register_sites

SITE = "青山市人民政府"


def add_site(engine: Engine, name: str = SITE, url: str = "http://127.0.0.1:9/", level: str = "市") -> int:
    return register_sites(engine, [{"name": name, "base_url": url, "level": level}])[name]


def sweep_with(
    engine: Engine, site_id: int, findings: list[dict], *, site: str = SITE, finished: bool = True
) -> int:
    """A sweep of one site whose check run stored these findings ({check, target, status, message})."""
    sweep_id = open_sweep(engine, {"sites": [{"name": site}], "limits": {}, "snapshot_dir": "/tmp"})
    finish_sweep(engine, sweep_id, {}, complete=finished)
    replace_findings(engine, sweep_id, site_id, findings, date(2026, 11, 20))
    return sweep_id


def finding(check: str, target: str, status: str, message: str = "") -> dict:
    return {
        "check": check,
        "target": target,
        "status": status,
        "message": message or f"{check} {target} {status}",
    }
