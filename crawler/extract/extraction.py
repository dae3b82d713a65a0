"""extract_page(html, url, …) -> PageExtraction: everything read from one page, parsed once.

This is what `govwatch extract FILE --url URL --json` prints (PageExtraction.to_json) and what the crawler
stores for every fetched page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from crawler.extract._dom import Dom, compact, parse
from crawler.extract.columns import Column, NavEntry, breadcrumb, column_of, load_taxonomy, navigation
from crawler.extract.document import doc_fields
from crawler.extract.kind import KindSignals, page_kind, titled_document
from crawler.extract.listing import ListItem, MainList, list_items, loads_by_script, main_list
from crawler.extract.pagination import Pagination, pagination
from crawler.extract.pubdate import PubDate, find_pub_date, find_written_date, title_anchor, title_candidates

LIST_KINDS = frozenset({"homepage", "column_list", "column_index", "search"})
DOCUMENT_KINDS = frozenset({"article", "other"})
_SHOWN = frozenset({"doc_field", "labelled", "header", "written"})  # cascade layers that read the page's text


@dataclass(frozen=True, slots=True)
class PageExtraction:
    """What one page says: its kind, title, dates, document fields, column, list entries and pages."""

    kind: str
    title: str
    publish_date: date | None = None
    publish_date_source: str | None = None  # the cascade layer that gave publish_date (see pubdate.py)
    implausible_date: date | None = None  # a candidate rejected as before 1995 or after the fetch
    written_date: date | None = None
    doc_fields: dict[str, str] = field(default_factory=dict)
    column: Column = Column()
    # a column page's own list only (main_list); a homepage's every list
    list_items: tuple[ListItem, ...] = ()
    list_empty: bool = False  # a column page that shows no list of its own (暂无信息, or only side blocks)
    block_signatures: tuple[str, ...] = ()  # every list block of a column page, to find recurring side blocks
    pagination: Pagination = Pagination()
    needs_render: bool = False

    @property
    def publish_date_implausible(self) -> bool:
        """True when a date the page gives was not trusted (future or pre-1995)."""
        return self.implausible_date is not None

    def to_json(self) -> dict[str, Any]:
        """The `govwatch extract --json` object: exactly the keys issue 4 names."""
        return {
            "kind": self.kind,
            "title": self.title,
            "publish_date": _iso(self.publish_date),
            "written_date": _iso(self.written_date),
            "doc_fields": dict(self.doc_fields),
            "column": {"id": self.column.id, "name": self.column.name},
            "list_items": [{"title": i.title, "url": i.url, "date": _iso(i.date)} for i in self.list_items],
            "pagination": list(self.pagination.urls),
            "needs_render": self.needs_render,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _title(dom: Dom, anchor: int | None) -> str:
    meta = dom.meta("ArticleTitle")
    if meta:
        return meta
    if anchor is not None:
        text = dom.chunks[anchor].text
        candidates = title_candidates(dom)
        return next((c for c in candidates if compact(text) in c), text)
    return dom.html_title


def _single_page(column: Column) -> bool:
    entry = load_taxonomy().get(column.id or "")
    return bool(entry and entry.page)


def extract_page(
    html: str,
    url: str,
    *,
    fetched_at: datetime,
    link_anchor: str | None = None,
    link_date: date | None = None,
) -> PageExtraction:
    """Read one decoded page. `link_anchor`/`link_date`: text and date of the list entry that linked here."""
    return extract_dom(parse(html, url), fetched_at=fetched_at, link_anchor=link_anchor, link_date=link_date)


def extract_dom(
    dom: Dom,
    *,
    fetched_at: datetime,
    link_anchor: str | None = None,
    link_date: date | None = None,
    pages: Pagination | None = None,
    side_blocks: frozenset[str] = frozenset(),
) -> PageExtraction:
    """extract_page over a page already parsed; `pages` is its pagination when the caller read it already;
    `side_blocks`: signatures of list blocks that recur on the site's list pages (never a main list)."""
    anchor = title_anchor(dom)
    fields = doc_fields(dom)
    titled = titled_document(dom)  # a document by its meta: its lists are neither shown nor counted
    items = [] if titled else list_items(dom, fetched_at=fetched_at)
    pages = pages if pages is not None else pagination(dom)
    written = find_written_date(dom, fields, anchor=anchor)
    pub = find_pub_date(
        dom, fields, anchor=anchor, fetched_at=fetched_at, link_date=link_date, allow_fallback=False
    )
    scripted = not titled and loads_by_script(dom)
    dated = sum(1 for item in items if item.date)
    column = column_of(dom, link_anchor=link_anchor)
    kind = page_kind(
        dom,
        KindSignals(
            dated_items=dated,
            has_pagination=bool(pages.urls),
            loads_by_script=scripted,
            shows_date=pub.source in _SHOWN or written is not None,
            has_date=pub.value is not None,
            has_doc_fields=len(fields) >= 2,
            single_page_column=_single_page(column),
        ),
    )
    if kind == "article" and pub.value is None:
        pub = find_pub_date(dom, fields, anchor=anchor, fetched_at=fetched_at, link_date=link_date)
    title = _title(dom, anchor) if kind in DOCUMENT_KINDS else dom.html_title
    is_document = kind in DOCUMENT_KINDS
    is_list = kind in LIST_KINDS
    main = _main_list(dom, kind, column, fetched_at, side_blocks)
    if kind == "column_list":
        items = list(main.items)
    return PageExtraction(
        kind=kind,
        title=title,
        publish_date=pub.value if is_document else None,
        publish_date_source=pub.source if is_document else None,
        implausible_date=pub.implausible if is_document else None,
        written_date=written if is_document else None,
        doc_fields=fields if is_document else {},
        column=column_of(dom, title=title, link_anchor=link_anchor) if is_document else column,
        list_items=tuple(items) if is_list else (),
        list_empty=main.empty,
        block_signatures=main.signatures,
        pagination=pages if is_list else Pagination(),
        needs_render=kind in ("column_list", "column_index") and not dated and scripted,
    )


def _main_list(
    dom: Dom, kind: str, column: Column, fetched_at: datetime, side_blocks: frozenset[str]
) -> MainList:
    """A column page's own list, found by the names its column goes by (heading, breadcrumb, meta)."""
    if kind != "column_list":
        return MainList()
    crumbs = breadcrumb(dom)
    names = (column.name or "", crumbs[-1] if crumbs else "", dom.meta("ColumnName"))
    return main_list(dom, fetched_at=fetched_at, column_names=names, side=side_blocks)


def navigation_entries(html: str, url: str) -> list[NavEntry]:
    """Column links of a homepage or column index (name, absolute URL, taxonomy id) for the column tree."""
    return navigation(parse(html, url))


__all__ = ["PageExtraction", "PubDate", "extract_dom", "extract_page", "navigation_entries"]
