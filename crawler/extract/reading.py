"""read_document / read_json_answer: everything the crawler keeps of one fetched page, from one parse.

The page facts (title, meta, breadcrumb, links, text hash), the extraction (kind, dates, document fields,
column, list items, pagination) and the column tree of a homepage or column index all read the same
lxml tree, so a page is parsed once however many extractors run over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from crawler.extract._dom import parse
from crawler.extract.columns import TreeEntry, column_tree, navigation
from crawler.extract.dates import first_date
from crawler.extract.extraction import PageExtraction, extract_dom
from crawler.extract.listing import ListItem
from crawler.extract.page import PageFacts, read_dom, read_json
from crawler.extract.pagination import pagination
from crawler.extract.search import SearchForm, search_form
from crawler.extract.xhr import json_entries, script_lists

TREE_KINDS = frozenset({"homepage", "column_index"})  # pages whose navigation shows the column tree


@dataclass(frozen=True, slots=True)
class PageReading:
    """One page as read: its facts, its extraction, and the columns its navigation names."""

    facts: PageFacts
    extraction: PageExtraction
    tree: tuple[TreeEntry, ...] = ()
    xhr_calls: tuple[str, ...] = ()  # the list calls its scripts make, followed as pagination
    stated_empty: bool = False  # its list scripts say their lists hold no record
    search_form: SearchForm | None = None  # its site search form (kept for the homepage: a site fact)

    @property
    def needs_render(self) -> bool:
        """A list a script fills, of which the static HTML shows nothing and no XHR call can be followed:
        only a browser can read it."""
        return self.extraction.needs_render and not self.xhr_calls and not self.stated_empty


def read_document(
    text: str,
    url: str,
    *,
    fetched_at: datetime,
    link_anchor: str | None = None,
    link_date: date | None = None,
    link_date_inferred: bool = False,
    side_blocks: frozenset[str] = frozenset(),
) -> PageReading:
    """Read decoded HTML (or XML) once. `link_anchor`/`link_date`: the text and date of the link or list
    entry that led here (`link_date_inferred`: its year was guessed); `side_blocks`: signatures of blocks that recur on the site's list pages."""
    dom = parse(text, url)
    pages = pagination(dom)
    lists = script_lists(dom.scripts, url)
    extraction = extract_dom(
        dom,
        fetched_at=fetched_at,
        link_anchor=link_anchor,
        link_date=link_date,
        link_date_inferred=link_date_inferred,
        pages=pages,
        side_blocks=side_blocks,
    )
    tree = column_tree(navigation(dom)) if extraction.kind in TREE_KINDS else []
    return PageReading(
        facts=read_dom(dom, pages, lists),
        extraction=extraction,
        tree=tuple(tree),
        xhr_calls=lists.calls,
        stated_empty=lists.stated_empty,
        search_form=search_form(dom),
    )


def read_json_answer(text: str, url: str) -> PageReading:
    """A JSON list answer (what a list page's script fetches): its items as list entries and links."""
    items = tuple(
        ListItem(entry.title, entry.url, first_date(entry.when) if entry.when else None, entry.pinned)
        for entry in json_entries(text, url)
        if "\x00" not in entry.url
    )
    kind = "column_list" if items else "other"
    return PageReading(read_json(text, url), PageExtraction(kind=kind, title="", list_items=items))


__all__ = ["PageReading", "read_document", "read_json_answer"]
