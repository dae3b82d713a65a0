"""Batched writes of a sweep: sites, the sweep row, pages with their links, coverage.

A batch is one transaction: pages and their links land together or not at all, so a crash loses at
most the last unflushed batch and never leaves a page without its links (resume relies on that).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session

from storage.models import Link, ListItem, Page, Site, SiteColumn, Sweep, SweepSite


def url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()


def register_sites(engine: Engine, sites: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Insert or update sites by name; returns name → id."""
    ids: dict[str, int] = {}
    with Session(engine) as session, session.begin():
        for spec in sites:
            site = session.scalar(select(Site).where(Site.name == spec["name"]))
            if site is None:
                site = Site(name=spec["name"], created_at=datetime.now(UTC))
                session.add(site)
            site.base_url = spec["base_url"]
            site.level = spec.get("level", "其他")
            site.unit = spec.get("unit", "")
            site.hosts = sorted(spec.get("hosts", ()))
            session.flush()
            ids[site.name] = site.id
    return ids


def open_sweep(engine: Engine, plan: Mapping[str, Any]) -> int:
    """Create a sweep row holding its plan (targets and limits); it stays "unfinished" until closed."""
    with Session(engine) as session, session.begin():
        sweep = Sweep(started_at=datetime.now(UTC), state="unfinished", plan=dict(plan))
        session.add(sweep)
        session.flush()
        return sweep.id


def claim_sweep(engine: Engine, sweep_id: int, *, resuming: bool) -> None:
    """Record the crawler's pid on the sweep so readers can tell running from crashed."""
    values: dict[str, Any] = {"pid": os.getpid(), "state": "unfinished"}
    with Session(engine) as session, session.begin():
        sweep = session.get(Sweep, sweep_id)
        if sweep is None:
            raise LookupError(f"sweep {sweep_id} does not exist")
        if resuming:
            values["resumed_count"] = sweep.resumed_count + 1
        session.execute(update(Sweep).where(Sweep.id == sweep_id).values(**values))


def finish_sweep(
    engine: Engine, sweep_id: int, coverage: Mapping[int, Mapping[str, Any]], *, complete: bool
) -> None:
    """Write per-site coverage; mark the sweep finished only when the crawl ran to its end.

    A coverage mapping may carry `facts` (site-level facts measured at crawl time); they are merged into
    the facts earlier runs of the sweep stored, so a resumed run keeps what only the first one measured.
    """
    with Session(engine) as session, session.begin():
        for site_id, cov in coverage.items():
            row = session.scalar(
                select(SweepSite).where(SweepSite.sweep_id == sweep_id, SweepSite.site_id == site_id)
            )
            if row is None:
                row = SweepSite(sweep_id=sweep_id, site_id=site_id)
                session.add(row)
            row.pages_tried = cov["pages_tried"]
            row.pages_fetched = cov["pages_fetched"]
            row.failed_by_reason = dict(cov["failed_by_reason"])
            row.seconds = float(cov["seconds"])
            row.facts = {**(row.facts or {}), **cov.get("facts", {})}
            row.not_followed = dict(cov.get("not_followed", {}))
        values: dict[str, Any] = {"pid": None}
        if complete:
            values |= {"state": "finished", "finished_at": datetime.now(UTC)}
        session.execute(update(Sweep).where(Sweep.id == sweep_id).values(**values))


class PageBatchWriter:
    """Buffers page rows (each with its links) and writes them in batches of `batch_size`."""

    def __init__(self, engine: Engine, sweep_id: int, site_ids: Mapping[str, int], batch_size: int = 200):
        self._engine = engine
        self._sweep_id = sweep_id
        self._site_ids = dict(site_ids)
        self._batch_size = batch_size
        self._pending: list[dict[str, Any]] = []

    def add(self, page: Mapping[str, Any]) -> None:
        """Queue one page (the fields of storage.models.Page, `site` by name, `links` as dicts)."""
        self._pending.append(dict(page))
        if len(self._pending) >= self._batch_size:
            self.flush()

    def take_batch(self) -> list[dict[str, Any]]:
        """Hand over the pending rows (for writing off the crawl thread) and start a new batch."""
        batch, self._pending = self._pending, []
        return batch

    def flush(self) -> None:
        write_pages(self._engine, self._sweep_id, self._site_ids, self.take_batch())


def write_pages(
    engine: Engine, sweep_id: int, site_ids: Mapping[str, int], batch: list[dict[str, Any]]
) -> None:
    """Insert a batch of pages with their links, list items and column-tree entries in one transaction.

    Each page dict holds the Page columns plus `site` (name) and optional `links`, `list_items` and
    `columns` lists (dicts of Link, ListItem and SiteColumn fields without ids).
    """
    if not batch:
        return
    rows, children = [], []
    for page in batch:
        page = dict(page)
        owned = {key: page.pop(key, ()) for key in ("links", "list_items", "columns")}
        site_id = site_ids[page.pop("site")]
        rows.append(page | {"sweep_id": sweep_id, "site_id": site_id, "url_hash": url_hash(page["url"])})
        children.append((site_id, owned))
    # Core inserts on the tables: the ORM's bulk path costs twice the CPU for the same statements.
    with engine.begin() as connection:
        returning = insert(Page.__table__).returning(Page.__table__.c.id, sort_by_parameter_order=True)
        ids = connection.execute(returning, _uniform(Page, rows)).scalars().all()
        links, items, columns = [], [], []
        for page_id, (site_id, owned) in zip(ids, children, strict=True):
            links += [{"sweep_id": sweep_id, "from_page_id": page_id, **link} for link in owned["links"]]
            items += [{"sweep_id": sweep_id, "page_id": page_id, **item} for item in owned["list_items"]]
            columns += [
                {"sweep_id": sweep_id, "site_id": site_id, "source_page_id": page_id, **column}
                for column in owned["columns"]
            ]
        for model, values in ((Link, links), (ListItem, items), (SiteColumn, columns)):
            if values:
                connection.execute(insert(model.__table__), _uniform(model, values))


def _uniform(model: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with one set of keys, as a Core executemany needs: a key some rows leave out takes its column's
    default in those rows (the crawler's rows are uniform already; callers of write_pages may not be)."""
    keys = set().union(*rows)
    if all(len(row) == len(keys) for row in rows):
        return rows
    columns = model.__table__.c
    return [row | {key: _default(columns[key]) for key in keys - row.keys()} for row in rows]


def _default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def record_rechecks(engine: Engine, sweep_id: int, rechecks: Iterable[tuple[str, str, int | None]]) -> None:
    """Store the second request's (url, outcome, status) for URLs that failed earlier in the sweep."""
    with Session(engine) as session, session.begin():
        for url, outcome, status in rechecks:
            session.execute(
                update(Page)
                .where(Page.sweep_id == sweep_id, Page.url_hash == url_hash(url))
                .values(recheck_outcome=outcome, recheck_status=status)
            )


def name_site(engine: Engine, site_id: int, display_name: str, level: str) -> None:
    """Keep the name a site gives itself (its key, `sites.name`, never changes) and its level."""
    with engine.begin() as connection:
        connection.execute(
            update(Site).where(Site.id == site_id).values(display_name=display_name, level=level)
        )
