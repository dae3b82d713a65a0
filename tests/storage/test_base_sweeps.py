"""A re-sweep builds only on a sweep the same extractor code read (its copied readings would be stale)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from storage import open_db
from storage.incremental import base_sweeps
from storage.models import Page, Site, Sweep, SweepSite


def test_a_sweep_read_by_older_extractor_code_is_no_base(tmp_path: Path) -> None:
    engine = open_db(f"sqlite:///{tmp_path / 'g.db'}")
    now = datetime(2026, 11, 20, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        site = Site(name="青山", base_url="http://127.0.0.1:1/", hosts=["127.0.0.1"], created_at=now)
        sweep = Sweep(started_at=now, finished_at=now, state="finished", plan={})
        session.add_all([site, sweep])
        session.flush()
        session.add(SweepSite(sweep_id=sweep.id, site_id=site.id, pages_tried=1, pages_fetched=1))
        session.add(
            Page(
                sweep_id=sweep.id,
                site_id=site.id,
                url=site.base_url,
                url_hash="x",
                final_url=site.base_url,
                outcome="ok",
                fetched_at=now,
                extractor_version=1,
            )
        )
        sweep_id = sweep.id
    assert base_sweeps(engine, ["青山"], 1) == {"青山": sweep_id}
    assert base_sweeps(engine, ["青山"], 2) == {}
    engine.dispose()
