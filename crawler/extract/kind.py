"""Page kind — homepage, column_list, article, column_index, search, other — from layered signals.

Rules, surest first (the first that holds decides):
  1. search        — a search URL or a 搜索结果 title;
  2. article       — the national ArticleTitle meta (only article pages carry it; it outranks the URL
                     because some CMSs state the site root as the page's URL);
  3. homepage      — the site root;
  4. column_list   — dated entries and pagination;
  5. article       — a date or document fields shown by the title with at most a couple of dated entries
                     around (a related box), or any date beside a body of prose;
  6. homepage      — the portal's own name as title over many dated entries;
  7. column_index  — several 更多 blocks over many dated entries;
  8. column_list   — any dated entries or pagination; a list shell a script fills, or one saying 暂无信息;
  9. other.
A page that would be an article but belongs to a one-page column (公开指南, per taxonomy.toml) is "other".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.extract._dom import Dom, compact, lineage

KINDS = ("homepage", "column_list", "article", "column_index", "search", "other")
PROSE_MIN = 150
PROSE_CHUNK = 15
LIST_MIN_FOR_HOMEPAGE = 5
MORE_BLOCKS_FOR_INDEX = 3
ARTICLE_MAX_ITEMS = 10
FEW_ITEMS = 2  # a "related" box or a sidebar; a list shows more
_SEARCH_URL = re.compile(
    r"search|sousuo|jsearch|/so/|[?&](?:q|query|keywords?|searchword|sword)=", re.IGNORECASE
)
_SEARCH_TITLE = re.compile(r"搜索结果|检索结果|站内搜索|全文检索")
_ROOT_PATH = re.compile(r"^/?(?:(?:index|default|main|home|portal)\.\w+)?$", re.IGNORECASE)
_SENTENCE = re.compile(r"[，。；！？]")
_EMPTY_LIST = re.compile(
    r"暂无(?:相关)?(?:信息|数据|内容|记录|文章)|没有(?:相关|找到)?(?:信息|数据|记录|内容)"
)
_MORE = re.compile(r"^(?:更多|more|更多\s*>+|>+\s*更多|查看更多|更多信息)\s*>*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class KindSignals:
    """What the other extractors found, as the kind decision needs it."""

    dated_items: int
    has_pagination: bool
    shows_date: bool  # a publication or written date the page shows near its title or in its fields
    has_date: bool  # any publication date at all (also from meta, URL or the linking entry)
    has_doc_fields: bool
    loads_by_script: bool
    single_page_column: bool = False  # the page's column is one page (公开指南), per taxonomy.toml


def prose_chars(dom: Dom) -> int:
    """Characters of running text outside links: sentences (with ，。；) as articles have and lists lack."""
    total = 0
    for chunk in dom.chunks:
        text = chunk.text
        if len(text) < PROSE_CHUNK or not _SENTENCE.search(text):
            continue
        if not any(e.tag == "a" for e in lineage(chunk.element, 3)):
            total += len(text)
    return total


def _more_links(dom: Dom) -> int:
    return sum(
        1 for a in dom.root.iter("a") if _MORE.match(compact(dom.text_of(a)) or compact(a.get("title")))
    )


def _searched(dom: Dom) -> bool:
    parts = urlsplit(dom.url)
    return bool(_SEARCH_URL.search(parts.path + "?" + parts.query) or _SEARCH_TITLE.search(dom.html_title))


def _titled(dom: Dom) -> bool:
    article_title = compact(dom.meta("ArticleTitle"))
    return bool(article_title) and article_title not in (
        compact(dom.meta("SiteName")),
        compact(dom.meta("ColumnName")),
    )


def titled_document(dom: Dom) -> bool:
    """Rule 2 decides the page (rule 1 does not): a document whatever its lists hold, so the caller need
    not read them (list extraction is the costliest signal, and most articles carry the meta)."""
    return not _searched(dom) and _titled(dom)


def page_kind(dom: Dom, signals: KindSignals) -> str:
    """One of KINDS; see the module docstring for the order of the rules."""
    if _searched(dom):
        return "search"
    document = "other" if signals.single_page_column else "article"
    if _titled(dom):
        return document
    parts = urlsplit(dom.url)
    site = compact(dom.meta("SiteName"))
    if _ROOT_PATH.match(parts.path) and not parts.query:
        return "homepage"
    if signals.has_pagination and signals.dated_items:
        return "column_list"
    prose = prose_chars(dom)
    shown = signals.shows_date or signals.has_doc_fields
    if (shown and signals.dated_items <= FEW_ITEMS) or (
        (shown or signals.has_date) and prose >= PROSE_MIN and signals.dated_items < ARTICLE_MAX_ITEMS
    ):
        return document
    many_lists = signals.dated_items >= LIST_MIN_FOR_HOMEPAGE
    if many_lists and site and compact(dom.html_title) == site:
        return "homepage"
    if many_lists and _more_links(dom) >= MORE_BLOCKS_FOR_INDEX:
        return "column_index"
    if signals.dated_items or signals.has_pagination:
        return "column_list"
    if prose < PROSE_MIN and (signals.loads_by_script or _EMPTY_LIST.search(dom.text)):
        return "column_list"  # a list shell whose entries a script loads, or a list saying it is empty
    return "other"
