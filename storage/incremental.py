"""Reads and writes of incremental sweeps: which earlier sweep a site's re-sweep builds on, what that
sweep stored, and copying its rows into the new sweep.

A copied row keeps the earlier row's content (extraction, snapshot, links, list entries, column-tree
entries) and says so: `reuse` ("not_modified" or "carried") and `reused_page_id`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import DateTime, Engine, Integer, bindparam, func, insert, literal, select
from sqlalchemy.orm import Session

from storage.models import Link, ListItem, Page, Site, SiteColumn, Sweep, SweepSite

_STREAM_ROWS = 5000
# Columns a copy sets itself; every other column of pages is the earlier row's.
_OWN_COLUMNS = frozenset(
    {"id", "sweep_id", "depth", "referrer", "reached_as", "link_anchor", "link_date", "reuse"}
    | {"reused_page_id", "fetched_at", "elapsed_ms", "recheck_outcome", "recheck_status"}
)


@dataclass(frozen=True, slots=True)
class BaseRow:
    """A page the earlier sweep stored: what a re-sweep needs to ask for it again or carry it over."""

    id: int
    url: str
    referrer: str | None
    outcome: str
    kind: str
    etag: str
    last_modified: str
    reached_as: str
    link_anchor: str
    link_date: date | None
    elapsed_ms: int | None


def base_sweeps(engine: Engine, site_names: Sequence[str], extractor_version: int) -> dict[str, int]:
    """Per site, the newest finished sweep that fetched pages of it: what a re-sweep of it builds on.
    (From the per-site coverage rows, not the pages: a lookup, whatever the size of the history.)
    A sweep whose pages other extractor code read is no base: its copied readings would be stale (a list
    read with its side blocks), so such a site is swept in full once."""
    query = (
        select(Site.name, func.max(Sweep.id))
        .join(SweepSite, SweepSite.site_id == Site.id)
        .join(Sweep, Sweep.id == SweepSite.sweep_id)
        .where(Site.name.in_(site_names), Sweep.state == "finished", SweepSite.pages_fetched > 0)
        .group_by(Site.name)
    )
    with Session(engine) as session:
        found = {name: sweep_id for name, sweep_id in session.execute(query)}
        return {
            name: sweep_id
            for name, sweep_id in found.items()
            if _read_by(session, sweep_id, extractor_version)
        }


def _read_by(session: Session, sweep_id: int, extractor_version: int) -> bool:
    """The sweep's pages were read by this extractor version (one page read tells: a sweep runs one code)."""
    version = session.scalar(
        select(Page.extractor_version).where(Page.sweep_id == sweep_id, Page.extractor_version > 0).limit(1)
    )
    return version == extractor_version


def base_rows(engine: Engine, sweep_id: int, site_id: int) -> Iterable[BaseRow]:
    """The site's pages in the earlier sweep, in the order they were stored."""
    query = (
        select(
            Page.id,
            Page.url,
            Page.referrer,
            Page.outcome,
            Page.kind,
            Page.etag,
            Page.last_modified,
            Page.reached_as,
            Page.link_anchor,
            Page.link_date,
            Page.elapsed_ms,
        )
        .where(Page.sweep_id == sweep_id, Page.site_id == site_id)
        .order_by(Page.id)
    )
    with Session(engine) as session:
        for row in session.execute(query.execution_options(yield_per=_STREAM_ROWS)):
            yield BaseRow(*row)


def base_columns(engine: Engine, sweep_id: int, site_id: int) -> dict[int, list[str]]:
    """Column URLs of the earlier sweep's column-tree entries, by the page that gave them."""
    query = select(SiteColumn.source_page_id, SiteColumn.url).where(
        SiteColumn.sweep_id == sweep_id, SiteColumn.site_id == site_id
    )
    found: dict[int, list[str]] = {}
    with Session(engine) as session:
        for page_id, url in session.execute(query):
            found.setdefault(page_id, []).append(url)
    return found


def base_facts(engine: Engine, sweep_id: int, site_id: int) -> dict[str, Any]:
    """Site facts the earlier sweep measured (the homepage's search form …)."""
    with Session(engine) as session:
        facts = session.scalar(
            select(SweepSite.facts).where(SweepSite.sweep_id == sweep_id, SweepSite.site_id == site_id)
        )
    return dict(facts or {})


def copy_pages(engine: Engine, sweep_id: int, copies: Sequence[Mapping[str, Any]]) -> None:
    """Repeat earlier rows in sweep `sweep_id`, with their links, list entries and column-tree entries, in
    one transaction.

    Each copy gives `reused_page_id` (the earlier row), `reuse`, `depth`, `referrer`, `reached_as`,
    `link_anchor`, `link_date`, and `fetched_at`/`elapsed_ms` (None: the earlier row's, for a page that
    was not requested again).
    """
    if not copies:
        return
    with engine.begin() as connection:
        # The copies get ids above this one: that range finds them without an index on reused_page_id.
        before = connection.scalar(select(func.coalesce(func.max(Page.id), 0)))
        connection.execute(_copy_statement(sweep_id), [dict(copy) for copy in copies])
        for statement in _children_statements(sweep_id, before):
            connection.execute(statement)


def _copy_statement(sweep_id: int) -> Any:
    earlier = Page.__table__.alias("earlier")
    kept = [column.name for column in Page.__table__.c if column.name not in _OWN_COLUMNS]
    own = {
        "sweep_id": literal(sweep_id, Integer),
        "depth": bindparam("depth"),
        "referrer": bindparam("referrer"),
        "reached_as": bindparam("reached_as"),
        "link_anchor": bindparam("link_anchor"),
        "link_date": bindparam("link_date"),
        "reuse": bindparam("reuse"),
        "reused_page_id": earlier.c.id,
        "fetched_at": func.coalesce(
            bindparam("fetched_at", type_=DateTime(timezone=True)), earlier.c.fetched_at
        ),
        "elapsed_ms": func.coalesce(bindparam("elapsed_ms", type_=Integer), earlier.c.elapsed_ms),
    }
    columns = [*kept, *own]
    source = select(*(earlier.c[name] for name in kept), *own.values()).where(
        earlier.c.id == bindparam("reused_page_id")
    )
    return insert(Page.__table__).from_select(columns, source)


def _children_statements(sweep_id: int, before: int) -> list[Any]:
    """INSERT … SELECT of the copied rows' links, list entries and column-tree entries (set-based)."""
    new = Page.__table__.alias("new")
    earlier = Page.__table__.alias("earlier")
    pairs = (
        select(
            new.c.id.label("new_id"),
            earlier.c.id.label("earlier_id"),
            earlier.c.sweep_id.label("earlier_sweep"),
        )
        .join(earlier, earlier.c.id == new.c.reused_page_id)
        .where(new.c.id > before, new.c.sweep_id == sweep_id, new.c.reused_page_id.is_not(None))
        .subquery("pairs")
    )
    return [
        _child_copy(Link.__table__, "from_page_id", ["to_url", "anchor", "kind"], pairs, sweep_id),
        _child_copy(
            ListItem.__table__,
            "page_id",
            ["position", "title", "url", "date", "pinned", "year_inferred"],
            pairs,
            sweep_id,
        ),
        _child_copy(
            SiteColumn.__table__,
            "source_page_id",
            ["site_id", "column_id", "name", "url", "parent_column_id"],
            pairs,
            sweep_id,
        ),
    ]


def _child_copy(table: Any, owner: str, kept: list[str], pairs: Any, sweep_id: int) -> Any:
    """Copy `table`'s rows owned (through column `owner`) by the earlier rows onto their copies."""
    source = (
        select(literal(sweep_id, Integer), pairs.c.new_id, *(table.c[name] for name in kept))
        .join(pairs, (table.c[owner] == pairs.c.earlier_id) & (table.c.sweep_id == pairs.c.earlier_sweep))
        .order_by(pairs.c.new_id, table.c.id)
    )
    return insert(table).from_select(["sweep_id", owner, *kept], source)
