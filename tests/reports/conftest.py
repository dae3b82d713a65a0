"""Fixtures of the reports tests: the demo-like database (built once), the report files written by the
CLI, the dashboard served by `govwatch web` in a subprocess, and one headless Chromium."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from portaldata import BUREAU, DISTRICT, PASSWORDS, REPORT_DAY, ReportData, build, govwatch

from reports.browser import chromium


@pytest.fixture(scope="session")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    return build(tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="session")
def report_dir(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    done = govwatch(
        "report",
        "all",
        "--sweep",
        str(data.sweeps[-1]),
        "--date",
        REPORT_DAY,
        "--out",
        str(out),
        "--db",
        data.db_url,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def users(data: ReportData) -> dict[str, str]:
    for name, role, sites in (
        ("ping", "evaluator", []),
        ("wang", "manager", [DISTRICT]),
        ("li", "manager", [BUREAU]),
    ):
        flags = [arg for site in sites for arg in ("--site", site)]
        done = govwatch(
            "web",
            "user",
            "add",
            name,
            "--role",
            role,
            *flags,
            "--password-stdin",
            "--db",
            data.db_url,
            stdin=PASSWORDS[name] + "\n",
        )
        assert done.returncode == 0, done.stderr
    return PASSWORDS


@pytest.fixture(scope="session")
def dashboard(data: ReportData, users: dict[str, str]) -> Iterator[str]:
    """`govwatch web --port 0` on 127.0.0.1; yields its URL, stops it afterwards."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scheduler.cli",
            "web",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--db",
            data.db_url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        line = process.stdout.readline()
        assert "仪表盘已启动：" in line, (line, process.stderr.read() if process.poll() is not None else "")
        yield line.split("：", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(report_dir: Path) -> Iterator[Browser]:
    """One Chromium per test module (started after the CLI printed its PDFs with its own). Not per session:
    a sync Playwright left running would refuse every later sync_playwright() in this thread."""
    with chromium() as running:
        yield running
