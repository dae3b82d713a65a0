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
from crawler.extract.document import doc_fields, doc_number_line
from crawler.extract.kind import KindSignals, explicitly_empty, page_kind, titled_document
from crawler.extract.listing import ListItem, MainList, list_items, loads_by_script, main_list
from crawler.extract.pagination import Pagination, pagination
from crawler.extract.pubdate import (
    PubDate,
    Written,
    find_pub_date,
    find_written,
    find_written_date,
    title_anchor,
)
from crawler.extract.sponsor import Sponsor, sponsor_of
from crawler.extract.titles import clean_title, document_title, is_name, site_name_of

LIST_KINDS = frozenset({"homepage", "column_list", "column_index", "search"})
DOCUMENT_KINDS = frozenset({"article", "other"})
_SHOWN = frozenset({"doc_field", "labelled", "header", "written"})  # cascade layers that read the page's text
TITLE_COLUMN_MAX = 12  # a breadcrumb item longer than this is the page's own title, not a column name


@dataclass(frozen=True, slots=True)
class PageExtraction:
    """What one page says: its kind, title, dates, document fields, column, list entries and pages."""

    kind: str
    title: (
        str  # clean: a document's title, a list's column name, a homepage's site name (raw: PageFacts.title)
    )
    publish_date: date | None = None
    publish_date_source: str | None = None  # the cascade layer that gave publish_date (see pubdate.py)
    implausible_date: date | None = None  # a candidate rejected as before 1995 or after the fetch
    implausible_source: str | None = None  # the layer that showed implausible_date (header, link, meta…)
    written_date: date | None = None
    written_date_source: str | None = None  # doc_field, adoption or signature (see pubdate.find_written)
    doc_fields: dict[str, str] = field(default_factory=dict)
    # where a field was read when not from the attribute block: 文号 "title_line", 成文日期 "signature"
    field_sources: dict[str, str] = field(default_factory=dict)
    site_name: str = ""  # a homepage's site display name (SiteName meta or its <title>): 青山市人民政府
    sponsor: Sponsor = Sponsor()  # a homepage's footer 主办单位/承办单位 (crawler/extract/sponsor.py)
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


def _column_names(dom: Dom) -> list[str]:
    """Names the page's columns go by (ColumnName meta, breadcrumb items): what a <title> may carry."""
    names = [dom.meta("ColumnName"), *breadcrumb(dom)]
    article = compact(dom.meta("ArticleTitle"))
    return [n for n in names if n and len(compact(n)) <= TITLE_COLUMN_MAX and compact(n) != article]


def _title(dom: Dom, kind: str, anchor: int | None, column: Column, site: str) -> str:
    """The clean title (titles.py): a document's own title; a homepage's site name; a list's <title> without
    the site's name, i.e. its column's name (the column's name when the <title> is only the site's)."""
    names = _column_names(dom)
    site_meta = dom.meta("SiteName") or site
    if kind in DOCUMENT_KINDS:
        return document_title(
            meta_title=dom.meta("ArticleTitle"),
            heading=dom.chunks[anchor].text if anchor is not None else "",
            raw_title=dom.html_title,
            site_name=site_meta,
            column_names=names,
        )
    if kind == "homepage" and site:
        return site
    cleaned = clean_title(dom.html_title, site_name=site_meta, column_names=names)
    if column.name and is_name(cleaned, site_name=site_meta):
        return column.name
    return cleaned


def _document_fields(
    dom: Dom, fields: dict[str, str], anchor: int | None
) -> tuple[Written, dict[str, str], dict[str, str]]:
    """成文日期 (attribute block, adoption line or signature) and the fields with what the text gives when
    no attribute block does (文号 under the title, 成文日期 under the signature), with their sources."""
    written = find_written(dom, fields, anchor=anchor)
    fields, sources = dict(fields), {}
    if "文号" not in fields and (number := doc_number_line(dom, anchor)):
        fields["文号"], sources["文号"] = number, "title_line"
    if "成文日期" not in fields and written.source == "signature":
        fields["成文日期"], sources["成文日期"] = written.text, "signature"
    return written, fields, sources


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
    link_date_inferred: bool = False,
) -> PageExtraction:
    """Read one decoded page. `link_anchor`/`link_date`: text and date of the list entry that linked here;
    `link_date_inferred`: that date's year was inferred (ListItem.year_inferred)."""
    return extract_dom(
        parse(html, url),
        fetched_at=fetched_at,
        link_anchor=link_anchor,
        link_date=link_date,
        link_date_inferred=link_date_inferred,
    )


def extract_dom(
    dom: Dom,
    *,
    fetched_at: datetime,
    link_anchor: str | None = None,
    link_date: date | None = None,
    link_date_inferred: bool = False,
    pages: Pagination | None = None,
    side_blocks: frozenset[str] = frozenset(),
) -> PageExtraction:
    """extract_page over a page already parsed; `pages` is its pagination when the caller read it already;
    `side_blocks`: signatures of list blocks that recur on the site's list pages (never a main list);
    `link_date_inferred`: the linking entry's date had no year (03-05): it never beats a full date."""
    anchor = title_anchor(dom)
    fields = doc_fields(dom)
    titled = titled_document(dom)  # a document by its meta: its lists are neither shown nor counted
    items = [] if titled else list_items(dom, fetched_at=fetched_at)
    pages = pages if pages is not None else pagination(dom)
    written = find_written_date(dom, fields, anchor=anchor)
    linked = {"link_date": link_date, "link_date_inferred": link_date_inferred}
    pub = find_pub_date(dom, fields, anchor=anchor, fetched_at=fetched_at, allow_fallback=False, **linked)
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
        pub = find_pub_date(dom, fields, anchor=anchor, fetched_at=fetched_at, **linked)
    site = site_name_of(dom) if kind == "homepage" else ""
    title = _title(dom, kind, anchor, column, site)
    is_document = kind in DOCUMENT_KINDS
    full, shown_fields, sources = (
        _document_fields(dom, fields, anchor) if is_document else (Written(), {}, {})
    )
    is_list = kind in LIST_KINDS
    main = _main_list(dom, kind, column, fetched_at, side_blocks)
    if (
        kind == "column_list"
        and _single_page(column)
        and not (pages.urls or scripted or explicitly_empty(dom))
    ):
        # a 公开指南 is one page: its dated rows are side blocks, whether or not they are known yet as such
        kind, is_list, main = "other", False, MainList()
    if kind == "column_list":
        items = list(main.items)
    return PageExtraction(
        kind=kind,
        title=title,
        publish_date=pub.value if is_document else None,
        publish_date_source=pub.source if is_document else None,
        implausible_date=pub.implausible if is_document else None,
        implausible_source=pub.implausible_source if is_document else None,
        written_date=full.value,
        written_date_source=full.source,
        doc_fields=shown_fields,
        field_sources=sources,
        site_name=site,
        sponsor=sponsor_of(dom.text) if kind == "homepage" else Sponsor(),
        column=column_of(dom, title=title, link_anchor=link_anchor) if is_document else column,
        list_items=tuple(items) if is_list else (),
        list_empty=main.empty,
        block_signatures=main.signatures,
        pagination=pages if is_list else Pagination(),
        needs_render=kind in ("column_list", "column_index")
        and not items  # a column page's own rows: a sidebar's dated rows do not show its list
        and scripted
        and not explicitly_empty(dom),
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
