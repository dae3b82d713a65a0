"""Serve a test-portal spec on 127.0.0.1 and sweep it as `govwatch demo` does: the benchmarks' shared step.

sweep_portal(spec, workdir, tag) starts the portal in a subprocess, crawls every site of the spec into a
fresh SQLite file (workdir/<tag>.db, snapshots in workdir/snap-<tag>), stops the portal and returns the
manifest (the generator's ground truth), the database URL, the sweep id and each site's stored id. Nothing
is judged here: checks read the stored sweep afterwards (crawl once, judge many).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from crawler import CrawlLimits, SiteTarget  # noqa: E402
from scheduler.commands.demo import DEMO_LIMITS, demo_target  # noqa: E402
from scheduler.sweep import crawl_sweep, start_sweep  # noqa: E402
from storage import open_db  # noqa: E402
from storage.models import Site  # noqa: E402
from testportal import PortalSpec, SiteSpec  # noqa: E402
from testportal.server import running_portal  # noqa: E402

TargetOf = Callable[[SiteSpec, str], SiteTarget]


@dataclass(frozen=True)
class SweptPortal:
    """One swept portal: its spec and manifest, where the sweep is stored, and each site's ids."""

    spec: PortalSpec
    manifest: dict[str, Any]
    db_url: str
    sweep_id: int
    complete: bool
    targets: dict[str, SiteTarget]  # spec site name -> the target swept
    site_ids: dict[str, int]  # spec site name -> sites.id in the database

    @property
    def styles(self) -> dict[str, str]:
        return {site.name: site.style for site in self.spec.sites}

    def engine(self) -> Engine:
        return open_db(self.db_url, migrate=False)


def sweep_portal(
    spec: PortalSpec,
    workdir: Path,
    tag: str,
    *,
    target_of: TargetOf = demo_target,
    limits: CrawlLimits = DEMO_LIMITS,
) -> SweptPortal:
    """Serve spec, sweep every site of it into workdir/<tag>.db and return where it all is."""
    db_url = f"sqlite:///{workdir / f'{tag}.db'}"
    with running_portal(spec) as portal:
        targets = {site.name: target_of(site, portal.urls[site.name]) for site in spec.sites}
        sweep_id = start_sweep(db_url, list(targets.values()), limits, workdir / f"snap-{tag}")
        result = crawl_sweep(db_url, sweep_id, resume=False)
        manifest = portal.manifest
    engine = open_db(db_url, migrate=False)
    with Session(engine) as session:
        ids = dict(session.execute(select(Site.name, Site.id)).all())
    engine.dispose()
    return SweptPortal(
        spec=spec,
        manifest=manifest,
        db_url=db_url,
        sweep_id=sweep_id,
        complete=result.complete,
        targets=targets,
        site_ids={name: ids[target.name] for name, target in targets.items()},
    )
