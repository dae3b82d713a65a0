"""Records the spider yields and the storage pipeline writes (plain frozen dataclasses).

Without __slots__ on purpose: they are pickled to the writer process, and a frozen slotted dataclass
pickles through a Python-level __getstate__, twice the cost of the C path an instance __dict__ takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class LinkRecord:
    """One link found on a page: an <a href>, a frame, or a URL the spider derived (pagination)."""

    to_url: str
    anchor: str = ""
    kind: str = "a"  # a | frame | pagination | script | refresh


@dataclass(frozen=True)
class ListEntry:
    """One entry of a list page, in display order: title, absolute URL, date as the list shows it, 置顶."""

    position: int
    title: str
    url: str
    date: date | None = None
    pinned: bool = False
    year_inferred: bool = False  # a year-less date given the year nearest the page's time


@dataclass(frozen=True)
class ColumnEntry:
    """A column of the site's tree, as the page it was read from names it (see extract.columns.column_tree):
    its category (taxonomy id, '' for none), the site's name for it, its URL, the parent's category."""

    column_id: str
    name: str
    url: str
    parent_column_id: str = ""


@dataclass(frozen=True)
class Extracted:
    """What the extractors read from a fetched page (crawler/extract), as the pages table keeps it."""

    extractor_version: int = 0  # 0: nothing was extracted (a failure, or a body that is not text)
    kind: str = ""
    publish_date: date | None = None
    publish_date_source: str = ""
    implausible_date: date | None = None
    written_date: date | None = None
    doc_fields: dict[str, str] = field(default_factory=dict)
    column_id: str = ""
    column_name: str = ""
    column_signal: str = ""
    needs_render: bool = False  # only a browser can read its list
    rendered: bool = False  # and it was read through one
    stated_total: int | None = None  # records its list says it holds (共 N 条, totalRecord)
    stated_pages: int | None = None  # pages its pager says the list has
    list_empty: bool = False  # a column page that shows no list of its own (暂无信息, or only side blocks)


@dataclass(frozen=True)
class Reached:
    """How the crawl reached a page from its referrer: as a list "entry", the "next" page of a list, or a
    "link" ("" for a start page); with the entry's title and date, or the link's text."""

    as_: str = ""
    anchor: str = ""
    listed: date | None = None
    listed_inferred: bool = False  # the entry's date showed no year (03-05): it never beats a full date


@dataclass(frozen=True)
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
    reached: Reached = Reached()
    elapsed_ms: int | None = None
    content_type: str = ""
    encoding: str = ""
    size: int = 0
    title: str = ""  # the article's title, or a list page's name, without the site's name
    raw_title: str = ""  # the <title> as served
    meta: dict[str, str] = field(default_factory=dict)  # national-spec meta tags (PubDate…)
    breadcrumb: str = ""
    text_hash: str = ""
    snapshot: str = ""  # path relative to the snapshot directory
    etag: str = ""  # the response's validators, for the next sweep's conditional request
    last_modified: str = ""
    links: tuple[LinkRecord, ...] = ()
    extracted: Extracted = Extracted()
    list_items: tuple[ListEntry, ...] = ()
    columns: tuple[ColumnEntry, ...] = ()


@dataclass(frozen=True)
class RecheckRecord:
    """The second request, at the end of the sweep, of a URL that failed: how it ended this time."""

    site: str
    url: str  # the page's URL as stored
    outcome: str
    status: int | None = None


@dataclass(frozen=True)
class FetchedPage:
    """What the spider yields: the page's record and the body its snapshot is written from (b"" for none)."""

    record: PageRecord
    body: bytes = b""


@dataclass(frozen=True)
class ReusedPage:
    """A page of an incremental sweep whose row repeats the earlier sweep's row `reused_page_id`: the
    server answered 304 ("not_modified", fetched_at is now), or an unchanged list showed it and it was
    not requested ("carried", fetched_at None: the earlier fetch time stays)."""

    site: str
    url: str
    depth: int
    referrer: str | None
    reached: Reached
    reuse: str
    reused_page_id: int
    fetched_at: datetime | None = None
    elapsed_ms: int | None = None


@dataclass(frozen=True)
class ReusedPages:
    """The pages one 304 answer reuses: the page itself and what is carried over under it. One item, not
    one per page: Scrapy's per-item cost was most of a re-sweep's time."""

    site: str
    pages: tuple[ReusedPage, ...]
