"""A sweep that left pages unseen says so (issue 12 rule 5): `govwatch sweep` and `govwatch sweeps` show
已完成（部分未抓取） with the reason, sweep_sites keeps the links left, and a column whose later pages were
never fetched is partial in sweep_columns, with why."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from test_cli_sweep import govwatch

from storage import open_db
from storage.models import SweepColumn, SweepSite
from testportal import Defects, PortalSpec, SiteSpec
from testportal.server import running_portal
from testportal.spec import DEMO_AS_OF


def test_a_page_capped_sweep_says_what_it_did_not_see(tmp_path: Path) -> None:
    spec = PortalSpec(seed=5, as_of=DEMO_AS_OF, sites=(SiteSpec(name="one", pages=200, defects=Defects()),))
    db = f"sqlite:///{tmp_path / 'g.db'}"
    with running_portal(spec) as portal:
        url = portal.urls["one"]
        (tmp_path / "capped.toml").write_text(
            f'[storage]\ndatabase_url = "{db}"\nsnapshot_dir = "snaps"\n'
            "[crawl]\nmax_pages_per_site = 40\n"
            f'[[site]]\nname = "一号站"\nbase_url = "{url}"\nallow_private = true\n',
            encoding="utf-8",
        )
        swept = govwatch("sweep", "--config", str(tmp_path / "capped.toml"), cwd=tmp_path)
    assert swept.returncode == 0, swept.stderr[-2000:]
    assert "已完成（部分未抓取）" in swept.stdout and "达到每站页面上限" in swept.stdout
    listed = govwatch("sweeps", "--db", db, cwd=tmp_path)
    assert "部分未抓取" in listed.stdout
    sweeps = json.loads(govwatch("sweeps", "--format", "json", "--db", db, cwd=tmp_path).stdout)
    assert sweeps[0]["sites"][0]["not_followed"]["page cap"] > 0
    engine = open_db(db, migrate=False)
    with Session(engine) as session:
        left = session.scalar(select(SweepSite.not_followed))
        columns = session.scalars(select(SweepColumn)).all()
    engine.dispose()
    assert left["page cap"] > 0
    partial = [c for c in columns if c.role == "list" and not c.complete]
    assert partial and all(c.unseen_reason for c in partial)
    assert any("页面上限" in c.unseen_reason or "未抓取" in c.unseen_reason for c in partial)
