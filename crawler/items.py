"""Records the spider yields and the storage pipeline writes (plain frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One link found on a page: an <a href>, a frame, or a URL the spider derived (pagination)."""

    to_url: str
    anchor: str = ""
    kind: str = "a"  # a | frame | pagination | script


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What one request of a sweep ended in, with what was read from the page when it was fetched."""

    site: str  # SiteTarget.name
    url: str  # as requested
    final_url: str
    depth: int
    outcome: str  # FetchOutcome value
    fetched_at: datetime
    status: int | None = None
    error: str = ""  # reason text for failures
    referrer: str | None = None
    elapsed_ms: int | None = None
    content_type: str = ""
    encoding: str = ""
    size: int = 0
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # national-spec meta tags (SiteName, ColumnName, PubDate…)
    breadcrumb: str = ""
    text_hash: str = ""
    snapshot: str = ""  # path relative to the snapshot directory
    links: tuple[LinkRecord, ...] = ()
