"""From a Scrapy response to the records the pipeline stores: decode once, read once, shape the rows.

Fetched keeps what the response said (status, type, encoding, body), so a page that must be rendered
can be stored from its static fetch should the browser fail. page_record() turns a reading into the page
row with its extraction, list entries, links and column-tree entries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urldefrag

from scrapy.http import Response

from crawler.extract import EXTRACTOR_VERSION
from crawler.extract.encoding import decode
from crawler.extract.mainlist import SIDE_RECURRENCE
from crawler.extract.reading import PageReading, read_document, read_json_answer
from crawler.frontier import requestable
from crawler.items import ColumnEntry, Extracted, LinkRecord, ListEntry, PageRecord, Reached
from crawler.outcome import FetchOutcome
from crawler.snapshots import snapshot_ref

_TEXT_TYPES = (
    "text/html",
    "application/xhtml",
    "text/xml",
    "application/xml",
    "text/plain",
    "application/json",
)


@dataclass(frozen=True, slots=True)
class Fetched:
    """What one response brought: enough to store the page without the response object."""

    final_url: str
    status: int
    content_type: str
    encoding: str  # "" when the body is not text
    body: bytes
    text: str | None  # the decoded body, None when it is not text
    elapsed_ms: int | None
    fetched_at: datetime
    etag: str = ""
    last_modified: str = ""

    @property
    def is_json(self) -> bool:
        text = self.text or ""
        return "json" in self.content_type.lower() or (
            not self.content_type and text.lstrip()[:1] in ("{", "[")
        )


def fetched_of(response: Response, fetched_at: datetime) -> Fetched:
    body = response.body
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").strip()
    text, encoding = None, ""
    if _is_text(content_type, body):
        text, encoding = decode(body, _charset(content_type))
    latency = response.meta.get("download_latency")
    return Fetched(
        final_url=response.url,
        status=response.status,
        content_type=content_type[:200],
        encoding=encoding,
        body=body,
        text=text,
        elapsed_ms=int(latency * 1000) if latency is not None else None,
        fetched_at=fetched_at,
        etag=_header(response, b"ETag")[:200],
        last_modified=_header(response, b"Last-Modified")[:64],
    )


def _header(response: Response, name: bytes) -> str:
    return (response.headers.get(name) or b"").decode("latin-1").strip()


def read(
    fetched: Fetched, text: str | None, meta: dict[str, Any], side_blocks: frozenset[str] = frozenset()
) -> PageReading | None:
    """The page's reading (text: the static body, or the browser's DOM when rendered), None for binary;
    `side_blocks`: the site's recurring list blocks (SideBlocks)."""
    if text is None:
        return None
    if fetched.is_json:
        return read_json_answer(text, fetched.final_url)
    reached = reached_of(meta)
    return read_document(
        text,
        fetched.final_url,
        fetched_at=fetched.fetched_at,
        link_anchor=reached.anchor or None,
        link_date=reached.listed,
        link_date_inferred=reached.listed_inferred,
        side_blocks=side_blocks,
    )


def page_record(
    meta: dict[str, Any],
    fetched: Fetched,
    reading: PageReading | None,
    *,
    rendered: bool = False,
    columns: tuple[ColumnEntry, ...] = (),
) -> PageRecord:
    """The stored row of a fetched page: the response's facts, the reading's extraction and its lists."""
    facts = reading.facts if reading else None
    return PageRecord(
        site=meta["site"],
        url=meta["page_url"],
        final_url=fetched.final_url,
        depth=meta.get("depth", 0),
        outcome=FetchOutcome.OK.value,
        fetched_at=fetched.fetched_at,
        status=fetched.status,
        referrer=meta.get("referrer"),
        reached=reached_of(meta),
        elapsed_ms=fetched.elapsed_ms,
        content_type=fetched.content_type,
        encoding=fetched.encoding,
        size=len(fetched.body),
        title=(reading.extraction.title or facts.title) if reading and facts else "",
        raw_title=facts.title if facts else "",
        meta=facts.meta if facts else {},
        breadcrumb=facts.breadcrumb if facts else "",
        text_hash=facts.text_hash if facts else "",
        snapshot=snapshot_ref(fetched.body) if fetched.encoding else "",
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        links=tuple(LinkRecord(link.url, link.anchor, link.kind) for link in facts.links) if facts else (),
        extracted=extracted_of(reading, rendered) if reading else Extracted(),
        list_items=list_entries(reading) if reading else (),
        columns=columns,
    )


def reached_of(meta: dict[str, Any]) -> Reached:
    """How the request's meta says the page was reached (crawler/spiders/portal.py sets it; a start page
    and a re-check carry none)."""
    reached = meta.get("reached") or Reached()
    return Reached(reached.as_, _text(reached.anchor), reached.listed, reached.listed_inferred)


def extracted_of(reading: PageReading, rendered: bool) -> Extracted:
    found = reading.extraction
    return Extracted(
        extractor_version=EXTRACTOR_VERSION,
        kind=found.kind,
        publish_date=found.publish_date,
        publish_date_source=found.publish_date_source or "",
        implausible_date=found.implausible_date,
        written_date=found.written_date,
        doc_fields={_text(label): _text(value) for label, value in found.doc_fields.items()},
        column_id=found.column.id or "",
        column_name=_text(found.column.name or ""),
        column_signal=found.column.signal or "",
        needs_render=rendered or reading.needs_render,
        rendered=rendered,
        stated_total=getattr(found.pagination, "total_records", None),
        stated_pages=found.pagination.total_pages,
        list_empty=found.list_empty,
    )


def list_entries(reading: PageReading) -> tuple[ListEntry, ...]:
    """The page's list entries, each URL as the page it links is stored (so entry and page match)."""
    return tuple(
        ListEntry(position, _text(item.title), page_url(item.url), item.date, item.pinned, item.year_inferred)
        for position, item in enumerate(reading.extraction.list_items)
    )


def tree_columns(reading: PageReading, known: set[str]) -> tuple[ColumnEntry, ...]:
    """Column-tree entries of a page for column URLs not yet stored for its site (`known` grows): the first
    page that names a column (the homepage, then the column indexes) gives its row. Columns are the
    site's, one per list URL: several may share a category, and one may have none."""
    found = []
    for entry in reading.tree:
        url = page_url(entry.url)
        if url not in known:
            known.add(url)
            found.append(ColumnEntry(entry.column_id, _text(entry.name), url, entry.parent_id))
    return tuple(found)


def page_url(url: str) -> str:
    """A link's target as the crawl requests and stores it: without fragment, percent-encoded."""
    return requestable(urldefrag(_text(url))[0])


def _text(value: str) -> str:
    """Without NUL characters, which PostgreSQL refuses in text (one would cost the whole batch a retry)."""
    return value.replace("\x00", "")


def _is_text(content_type: str, body: bytes) -> bool:
    if content_type:
        return content_type.lower().startswith(_TEXT_TYPES)
    return body[:512].lstrip()[:1] == b"<"


def _charset(content_type: str) -> str | None:
    _, _, rest = content_type.lower().partition("charset=")
    return rest.split(";", 1)[0].strip(" \"'") or None


class SideBlocks:
    """Per site, the list blocks that recur on many column pages: the same rows beside every list are
    another column's newest rows (热点信息, 最新动态), never a column's own list. Recurrence marks a block,
    never a row: a document may rightly be listed in several columns."""

    def __init__(self, threshold: int = SIDE_RECURRENCE):
        self.threshold = threshold
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.known: dict[str, frozenset[str]] = defaultdict(frozenset)

    def of(self, site: str) -> frozenset[str]:
        return self.known[site]

    def note(self, site: str, reading: PageReading | None) -> None:
        """Count the blocks of a column page; a block seen on `threshold` pages becomes a side block."""
        if reading is None or reading.extraction.kind != "column_list":
            return
        counts = self.counts[site]
        counts.update(set(reading.extraction.block_signatures))
        recurring = [s for s in reading.extraction.block_signatures if counts[s] >= self.threshold]
        if recurring and not self.known[site].issuperset(recurring):
            self.known[site] = self.known[site] | frozenset(recurring)
