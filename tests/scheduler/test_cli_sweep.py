"""The CLI as a user meets it: `govwatch demo`, `govwatch sweep URL`, `sweeps` and `pages` over real HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from testportal import Defects, PortalSpec, SiteSpec
from testportal.server import running_portal
from testportal.spec import DEMO_AS_OF


def govwatch(*args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scheduler.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )


def test_demo_sweeps_checks_scores_and_says_where_results_are(tmp_path: Path) -> None:
    result = govwatch("demo", "--dir", str(tmp_path / "demo"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "抓取批次 1：已完成" in out and "青山市人民政府" in out and "超时" in out and "被防护拦截" in out
    assert "批次 1 检查结果" in out and "national-2019" in out and "wuwei-2020" in out
    db = f"sqlite:///{(tmp_path / 'demo' / 'govwatch.db').resolve()}"
    assert db in out
    sweeps = json.loads(govwatch("sweeps", "--format", "json", "--db", db, cwd=tmp_path).stdout)
    assert sweeps[0]["state"] == "finished" and len(sweeps[0]["sites"]) == 4
    failed = {s["site"]: s["failed_by_reason"] for s in sweeps[0]["sites"]}
    assert failed["青山市人民政府"].get("timeout") == 1 and failed["临江市人民政府"].get("blocked")


def test_sweep_urls_from_the_command_line(tmp_path: Path) -> None:
    spec = PortalSpec(seed=3, as_of=DEMO_AS_OF, sites=(SiteSpec(name="one", pages=40, defects=Defects()),))
    with running_portal(spec) as portal:
        url = portal.urls["one"]
        refused = govwatch("sweep", url, "--db", f"sqlite:///{tmp_path / 'a.db'}", cwd=tmp_path)
        allowed = govwatch(
            "sweep", url, "--allow-private", "--db", f"sqlite:///{tmp_path / 'b.db'}", cwd=tmp_path
        )
        expected = {u for u, p in portal.manifest["sites"]["one"]["pages"].items() if p["outcome"] == "ok"}
    assert refused.returncode == 0 and "内网地址已拒绝 1" in refused.stdout, refused.stdout
    assert allowed.returncode == 0, allowed.stderr[-2000:]
    pages = json.loads(
        govwatch("pages", "--format", "json", "--db", f"sqlite:///{tmp_path / 'b.db'}", cwd=tmp_path).stdout
    )
    stored_ok = {p["url"] for p in pages if p["outcome"] == "ok"}
    assert expected <= stored_ok
    assert all(p["site"] == url.split("//")[1].rstrip("/") for p in pages)
