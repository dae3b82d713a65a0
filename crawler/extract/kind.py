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
  7. column_index  — several 更多 blocks, each over dated entries (a channel, however few rows a child);
  8. column_list   — any dated entries or pagination; a list shell a script fills;
  9. column_list   — a page that says its list is empty (暂无信息, 没有记录, 共0条) and shows no date or
                     document field by a title: a column with an empty list is still a column (空白栏目
                     is a finding about it), even when a long footer or side text gives it prose;
 10. other.
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
_EMPTY_PAGER = re.compile(
    r"共\s*0\s*(?:条|页|篇|项|个|记录)|总数\s*[:：]?\s*0(?!\d)|记录数\s*[:：]?\s*0(?!\d)"
)
EMPTY_MESSAGE_MAX = 30  # the 暂无信息 line of an empty list is short; a sentence saying 没有… is not one
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
    # a channel of few rows a child (a small site's 新闻中心: four boxes of one row, each with its 更多)
    if signals.dated_items >= MORE_BLOCKS_FOR_INDEX and _more_links(dom) >= MORE_BLOCKS_FOR_INDEX:
        return "column_index"
    if signals.dated_items or signals.has_pagination:
        return "column_list"
    if prose < PROSE_MIN and signals.loads_by_script:
        return "column_list"  # a list shell whose entries a script loads
    if not shown and explicitly_empty(dom):
        return "column_list"  # a column whose list is empty, saying so
    return "other"


def explicitly_empty(dom: Dom) -> bool:
    """True when the page says a list of it holds nothing: a short 暂无信息/暂无数据/没有记录 line, or a
    pager counting 共0条, outside links and hidden blocks. A cheap substring test spares most pages the
    walk; the answer is memoised (the kind and the list reader both ask)."""
    known = dom.memo.get("explicitly_empty")
    if known is None:
        known = dom.memo["explicitly_empty"] = _says_empty(dom)
    return known


def _says_empty(dom: Dom) -> bool:
    text = dom.text
    if "暂无" not in text and "没有" not in text and "0" not in text:
        return False
    for chunk in dom.chunks:
        line = chunk.text
        if len(line) > EMPTY_MESSAGE_MAX:
            continue
        if ("暂无" in line or "没有" in line) and _EMPTY_LIST.search(line):
            pass
        elif not ("0" in line and _EMPTY_PAGER.search(line)):
            continue
        if not any(e.tag == "a" for e in lineage(chunk.element, 3)):
            return True
    return False
