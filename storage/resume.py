"""Read helpers for resuming a sweep: site ids, pages already stored, their links in breadth-first order.

`govwatch sweep --resume ID` rebuilds the crawl frontier from these, so nothing stored is fetched again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.models import Link, Page, Site, SweepSite

_STREAM_ROWS = 5000


@dataclass(frozen=True, slots=True)
class StoredPage:
    site: str
    url: str
    depth: int
    outcome: str


@dataclass(frozen=True, slots=True)
class StoredLink:
    """A link of a stored page, with what the crawl needs to follow it again."""

    site: str
    from_url: str
    from_depth: int
    to_url: str
    anchor: str = ""
    kind: str = "a"
    from_anchor: str = ""  # the text of the link that led to the page carrying this one


def site_ids(engine: Engine, names: Iterable[str]) -> dict[str, int]:
    """name → id for the named sites (registered beforehand by storage.writer.register_sites)."""
    wanted = list(names)
    with Session(engine) as session:
        rows = session.execute(select(Site.name, Site.id).where(Site.name.in_(wanted))).all()
    found = {name: site_id for name, site_id in rows}
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise LookupError(f"sites not registered: {', '.join(missing)}")
    return found


def stored_pages(engine: Engine, sweep_id: int) -> list[StoredPage]:
    """Every page stored for the sweep, in the order it was written."""
    query = (
        select(Site.name, Page.url, Page.depth, Page.outcome)
        .join(Site, Site.id == Page.site_id)
        .where(Page.sweep_id == sweep_id)
        .order_by(Page.id)
    )
    with Session(engine) as session:
        return [StoredPage(*row) for row in session.execute(query.execution_options(yield_per=_STREAM_ROWS))]


def stored_links(engine: Engine, sweep_id: int) -> Iterator[StoredLink]:
    """Links of the sweep's stored pages, breadth-first: by page depth, then page and link order."""
    query = (
        select(Site.name, Page.url, Page.depth, Link.to_url, Link.anchor, Link.kind, Page.link_anchor)
        .join(Page, Page.id == Link.from_page_id)
        .join(Site, Site.id == Page.site_id)
        .where(Link.sweep_id == sweep_id)
        .order_by(Page.depth, Page.id, Link.id)
    )
    with Session(engine) as session:
        for row in session.execute(query.execution_options(yield_per=_STREAM_ROWS)):
            yield StoredLink(*row)


def stored_seconds(engine: Engine, sweep_id: int) -> dict[str, float]:
    """Crawl seconds per site recorded by earlier runs of the sweep (written when a run shut down cleanly)."""
    query = (
        select(Site.name, SweepSite.seconds)
        .join(Site, Site.id == SweepSite.site_id)
        .where(SweepSite.sweep_id == sweep_id)
    )
    with Session(engine) as session:
        return {name: float(seconds or 0.0) for name, seconds in session.execute(query)}
