"""A sweep's SiteView with re-fetched pages applied: their new outcomes, list items, fields and links.

The re-check reads a few pages again and judges them on the view of the latest sweep, so everything it
did not fetch stays as the sweep saw it. A column's fresh list items come first and its other items
(older pages of the list) are kept; a page that failed again is tried once more, as in a sweep, and a
broken link counts only when both attempts failed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from crawler.extract.encoding import decode
from crawler.extract.extraction import PageExtraction, extract_page, navigation_entries
from crawler.extract.page import FoundLink, read_html
from crawler.probe import Fetched
from storage.views import (
    ColumnView,
    DocumentView,
    HomepageView,
    InterpretationView,
    ItemView,
    LinkView,
    PageView,
    SiteView,
    Visibility,
)

_HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")


@dataclass(frozen=True, slots=True)
class FreshPage:
    """One page fetched again, read with the crawler's extractors (at the URL the sweep knew it by)."""

    url: str
    fetched: Fetched
    extraction: PageExtraction | None = None
    links: tuple[FoundLink, ...] = ()
    second_outcome: str | None = None  # a failed page is requested once more

    @property
    def ok(self) -> bool:
        return self.fetched.outcome.value == "ok"

    @property
    def outcome(self) -> str:
        return self.fetched.outcome.value

    def items(self) -> tuple[ItemView, ...]:
        found = self.extraction.list_items if self.extraction else ()
        return tuple(ItemView(i.title, i.url, i.date, i.pinned) for i in found)

    @property
    def visibility(self) -> Visibility:
        if self.ok:
            unrendered = self.extraction is not None and self.extraction.needs_render
            return Visibility.UNRENDERED if unrendered else Visibility.SEEN
        return Visibility.BLOCKED if self.outcome == "blocked" else Visibility.FAILED

    @property
    def reason(self) -> str:
        status = f" {self.fetched.status}" if self.fetched.status else ""
        return "" if self.ok else f"{self.outcome}{status}"


def read_fresh(url: str, fetched: Fetched, now: datetime, second: Fetched | None = None) -> FreshPage:
    """Decode and extract a fetched page; links resolve against `url`, the address the sweep used."""
    if not fetched.body or not fetched.content_type.lower().startswith(_HTML_TYPES):
        return FreshPage(url, fetched, second_outcome=second.outcome.value if second else None)
    text, _ = decode(fetched.body, fetched.charset)
    return FreshPage(url, fetched, extract_page(text, url, fetched_at=now), read_html(text, url).links)


def navigation_of(page: FreshPage) -> list[tuple[str, str, str]]:
    """(taxonomy id, name, URL) of the column links a fresh homepage or column index shows."""
    if not page.ok or not page.fetched.body:
        return []
    text, _ = decode(page.fetched.body, page.fetched.charset)
    return [(e.taxonomy_id, e.name, e.url) for e in navigation_entries(text, page.url) if e.taxonomy_id]


def apply_fresh(
    view: SiteView,
    fresh: Mapping[str, FreshPage],
    kinds: Mapping[str, str],
    chains: Mapping[str, Sequence[str]] = {},  # noqa: B006 - read only
    new_columns: Sequence[ColumnView] = (),
) -> SiteView:
    """The view with the fresh pages applied. `chains`: column URL → its re-fetched list pages."""
    columns = tuple(_column(c, fresh, chains) for c in (*view.columns, *new_columns))
    return dataclasses.replace(
        view,
        homepage=_homepage(view.homepage, fresh),
        columns=columns,
        documents=_documents(view.documents, fresh, kinds, columns),
        interpretations=tuple(_interpretation(i, fresh) for i in view.interpretations),
        links=_links(view.links, fresh),
        pages=_pages(view.pages, fresh),
    )


def _homepage(home: HomepageView | None, fresh: Mapping[str, FreshPage]) -> HomepageView | None:
    page = fresh.get(home.url) if home else None
    if home is None or page is None:
        return home
    return HomepageView(url=home.url, visibility=page.visibility, items=page.items(), reason=page.reason)


def _column(
    column: ColumnView, fresh: Mapping[str, FreshPage], chains: Mapping[str, Sequence[str]]
) -> ColumnView:
    page = fresh.get(column.url)
    if page is None:
        return column
    if page.visibility is not Visibility.SEEN:
        return dataclasses.replace(column, visibility=page.visibility, reason=page.reason, items=())
    merged: dict[str, ItemView] = {}
    for url in (column.url, *chains.get(column.url, ())):
        list_page = fresh.get(url)
        for entry in list_page.items() if list_page and list_page.ok else ():
            merged.setdefault(entry.url or entry.title, entry)
    for entry in column.items if column.seen else ():
        merged.setdefault(entry.url or entry.title, entry)
    return dataclasses.replace(column, visibility=Visibility.SEEN, reason="", items=tuple(merged.values()))


def _documents(
    documents: Sequence[DocumentView],
    fresh: Mapping[str, FreshPage],
    kinds: Mapping[str, str],
    columns: Sequence[ColumnView],
) -> tuple[DocumentView, ...]:
    listed_in = {item.url: c.id for c in columns for item in c.items if item.url}
    by_url = {d.url: d for d in documents}
    for url, page in fresh.items():
        extraction = page.extraction
        if url in by_url and not page.ok:
            continue  # a document page that failed now keeps what the sweep read
        if not page.ok or extraction is None or (url not in by_url and extraction.kind != "article"):
            continue
        column = listed_in.get(url) or extraction.column.id or (by_url[url].column if url in by_url else None)
        by_url[url] = DocumentView(
            url=url,
            title=extraction.title,
            publish_date=extraction.publish_date,
            written_date=extraction.written_date,
            fields=dict(extraction.doc_fields),
            kind=kinds.get(column or "", "") or (by_url[url].kind if url in by_url else ""),
            column=column,
            links=tuple(link.url for link in page.links),
        )
    return tuple(sorted(by_url.values(), key=lambda d: d.url))


def _interpretation(old: InterpretationView, fresh: Mapping[str, FreshPage]) -> InterpretationView:
    page = fresh.get(old.url)
    if page is None or not page.ok or page.extraction is None:
        return old
    return InterpretationView(
        url=old.url,
        title=page.extraction.title or old.title,
        publish_date=page.extraction.publish_date or old.publish_date,
        links=tuple(link.url for link in page.links),
        page_seen=True,
    )


def _links(links: Sequence[LinkView], fresh: Mapping[str, FreshPage]) -> tuple[LinkView, ...]:
    """Links of re-fetched pages replaced by their fresh links; targets fetched again take their outcome."""
    kept = [link for link in links if not (link.from_url in fresh and fresh[link.from_url].ok)]
    old_targets = {link.to_url: link for link in links}
    for url, page in fresh.items():
        if page.ok:
            kept += [
                LinkView(
                    url, link.url, link.anchor, kind=link.kind, offsite=_offsite(link.url, url, old_targets)
                )
                for link in page.links
            ]
    result = []
    for link in kept:
        target = fresh.get(link.to_url)
        before = old_targets.get(link.to_url)
        if target is not None:
            link = dataclasses.replace(
                link,
                outcome=target.outcome,
                status=target.fetched.status,
                recheck_outcome=target.second_outcome,
            )
        elif before is not None and link.outcome is None:
            link = dataclasses.replace(
                link, outcome=before.outcome, status=before.status, recheck_outcome=before.recheck_outcome
            )
        result.append(link)
    return tuple(result)


def _offsite(url: str, from_url: str, known: Mapping[str, LinkView]) -> bool:
    """Whether a fresh link leaves the site: as the sweep decided for a known target, else by its host."""
    before = known.get(url)
    return before.offsite if before is not None else urlsplit(url).netloc != urlsplit(from_url).netloc


def _pages(pages: Sequence[PageView], fresh: Mapping[str, FreshPage]) -> tuple[PageView, ...]:
    by_url = {p.url: p for p in pages}
    for url, page in fresh.items():
        extraction = page.extraction
        by_url[url] = PageView(
            url=url,
            outcome=page.outcome,
            status=page.fetched.status,
            title=extraction.title if extraction else "",
            publish_date=extraction.publish_date if extraction else None,
            reason=page.fetched.error,
        )
    return tuple(by_url.values())
