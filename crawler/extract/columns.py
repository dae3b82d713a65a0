"""Which column (栏目) a page belongs to, mapped onto the taxonomy in taxonomy.toml; navigation entries.

Signals, strongest first: the `ColumnName` meta tag, the breadcrumb (当前位置：首页 > 政府信息公开 > 财政预决算),
the anchor text of the link that led here, and the URL's pinyin initials (…/czyjs/…). The site's own name
comes from the first signal that has one; the taxonomy id from the first signal whose name (or slug) maps.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from crawler.extract._dom import Dom, compact, lineage, squash, text_content
from crawler.extract.dates import find_dates

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.toml")
MAX_NAME = 20
MAX_TREE_NAME = 10  # longer link texts that merely hold a column's name are titles, not columns
MAX_DEPTH = 12
CRUMB_MAX_CHARS = 300
_CRUMB_LABEL = re.compile(r"[\u4e00-\u9fff]{0,6}位置\s*[:：]?")
_CRUMB_CLASS = re.compile(r"crumb|position|location|dqwz|weizhi|lujing|mbx|curr?pos|\bpath\b", re.IGNORECASE)
_CRUMB_SEPARATOR = re.compile(r"^(?:>>?|->|＞|»|›|→|/)$")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|->|-&gt;|>|＞|»|›|→|/|\\|＼|\|)\s*")
_CRUMB_SKIP = frozenset(
    {"首页", "网站首页", "正文", "详情", "信息详情", "当前页", "内容", "文章", "本站首页"}
)
_MORE = re.compile(r"^(?:更多|more|查看更多)", re.IGNORECASE)  # a block's 更多>> link names no column
_NAV_CLASS = re.compile(r"\bnav|menu|daohang|\bdh\b|\blm|column|channel|lanmu", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TaxonomyColumn:
    """One column of the taxonomy: id, standard name, parent id ('' at the top), synonyms, URL slugs, and
    whether it is a single page."""

    id: str
    name: str
    parent: str
    synonyms: tuple[str, ...]
    slugs: tuple[str, ...]
    page: bool = False  # a one-page column (公开指南), not a list


@dataclass(frozen=True, slots=True)
class Column:
    """A page's column: taxonomy id (None if unmapped), the site's own name, and the deciding signal."""

    id: str | None = None
    name: str | None = None
    signal: str | None = None


@dataclass(frozen=True, slots=True)
class NavEntry:
    """A navigation link of a homepage or column index: for building the site's column tree."""

    name: str
    url: str
    taxonomy_id: str | None


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """A column of the site's tree: its category (taxonomy id, '' for none), the site's own name, its URL,
    the taxonomy's parent of its category."""

    column_id: str
    name: str
    url: str
    parent_id: str


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY_PATH) -> dict[str, TaxonomyColumn]:
    """The taxonomy by id."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return {
        c["id"]: TaxonomyColumn(
            c["id"],
            c["name"],
            c.get("parent", ""),
            tuple(c.get("synonyms", ())),
            tuple(c.get("slugs", ())),
            bool(c.get("page", False)),
        )
        for c in data["column"]
    }


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, str], list[tuple[str, str]], dict[str, str]]:
    exact: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for column in load_taxonomy().values():
        for synonym in (column.name, *column.synonyms):
            exact.setdefault(compact(synonym), column.id)
        for slug in column.slugs:
            slugs.setdefault(slug.lower(), column.id)
    by_length = sorted(exact.items(), key=lambda pair: -len(pair[0]))
    return exact, by_length, slugs


def classify(name: str | None) -> str | None:
    """Taxonomy id of a column name: exact synonym, else the longest synonym the name contains."""
    text = compact(name)
    if not text or len(text) > MAX_NAME:
        return None
    exact, by_length, _ = _indexes()
    if text in exact:
        return exact[text]
    return next((cid for synonym, cid in by_length if len(synonym) >= 2 and synonym in text), None)


def classify_url(url: str) -> str | None:
    """Taxonomy id from the URL path's pinyin segments, deepest first (…/zwgk/czyjs/index.html → yjs)."""
    _, _, slugs = _indexes()
    segments = [s.lower() for s in urlsplit(url).path.split("/") if s]
    for segment in reversed(segments):
        stem = re.sub(r"(_\d+)?\.\w+$|_\d+$", "", segment)
        if stem in slugs:
            return slugs[stem]
    return None


def _crumb_container(dom: Dom) -> etree._Element | None:
    """The breadcrumb's block: after a 当前位置 label, else by class name, else links joined by '>'."""
    for chunk in dom.chunks:
        if len(chunk.text) <= 40 and "位置" in chunk.text and _CRUMB_LABEL.search(chunk.text):
            el, linked = chunk.element, None
            for _ in range(4):
                if el is None or len(squash(text_content(el))) > CRUMB_MAX_CHARS:
                    break
                links = len(el.xpath(".//a"))
                if links >= 2:
                    return el
                linked = linked if linked is not None or not links else el
                el = el.getparent()
            if linked is not None:
                return linked
    for el in dom.root.iter():
        marks = f"{el.get('class') or ''} {el.get('id') or ''}" if isinstance(el.tag, str) else ""
        if _CRUMB_CLASS.search(marks) and len(el.xpath(".//a")) >= 2:
            return el
    for chunk in dom.chunks:
        if _CRUMB_SEPARATOR.match(chunk.text) and len(chunk.element.xpath(".//a")) >= 2:
            return chunk.element
    return None


def _in_crumb_item(el: etree._Element, container: etree._Element) -> bool:
    """Inside a link or list item of the breadcrumb block."""
    for e in lineage(el, MAX_DEPTH):
        if e is container:
            return False
        if e.tag in ("a", "li"):
            return True
    return False


def breadcrumb(dom: Dom) -> list[str]:
    """The breadcrumb's column names, outermost first, without 首页/正文 and the 当前位置 label.

    A part is a link or list item, or text after a separator (the unlinked current column); the first
    other text ends the breadcrumb (print and font-size tools often share its block). Read once per page:
    a document's column is looked up twice (before and after its title is known)."""
    if "breadcrumb" not in dom.memo:
        dom.memo["breadcrumb"] = tuple(_breadcrumb(dom))
    return list(dom.memo["breadcrumb"])


def _breadcrumb(dom: Dom) -> list[str]:
    container = _crumb_container(dom)
    if container is None:
        return []
    members = set(container.iter())
    parts: list[str] = []
    after_separator = True
    for chunk in (c for c in dom.chunks if c.element in members):
        text = _CRUMB_LABEL.sub("", chunk.text) if "位置" in chunk.text else chunk.text
        pieces = [squash(x) for x in _CRUMB_SPLIT.split(text)]
        if (
            parts
            and len(pieces) == 1
            and not after_separator
            and not _in_crumb_item(chunk.element, container)
        ):
            break
        parts += [p for p in pieces if p and p not in _CRUMB_SKIP]
        after_separator = not pieces[-1]  # the text ended with a separator
    return [p for p in parts if len(p) <= MAX_NAME and not find_dates(p) and not p.isdigit()]


def _meta_name(dom: Dom, title: str) -> str | None:
    name = compact(dom.meta("ColumnName"))
    site = compact(dom.meta("SiteName"))
    if site and name.startswith(site) and len(name) > len(site):
        name = name[len(site) :]
    if not name or len(name) > MAX_NAME or name == compact(title) or not re.search(r"[\u4e00-\u9fff]", name):
        return None
    return name


def column_of(dom: Dom, *, title: str = "", link_anchor: str | None = None) -> Column:
    """The page's column from the four signals, strongest first."""
    crumbs = breadcrumb(dom)
    if crumbs and compact(crumbs[-1]) == compact(title):
        crumbs = crumbs[:-1]
    named = [
        ("meta", _meta_name(dom, title)),
        ("breadcrumb", crumbs[-1] if crumbs else None),
        ("anchor", squash(link_anchor) or None),
    ]
    name = next(((signal, value) for signal, value in named if value), (None, None))
    candidates = [
        ("meta", named[0][1]),
        *(("breadcrumb", c) for c in reversed(crumbs)),
        ("anchor", named[2][1]),
    ]
    for signal, value in candidates:
        column_id = classify(value)
        if column_id:
            return Column(column_id, name[1] or value, signal)
    column_id = classify_url(dom.url)
    if column_id:
        return Column(column_id, name[1], "url")
    return Column(None, name[1], name[0])


def _in_nav(el: etree._Element) -> bool:
    return any(
        e.tag == "nav" or _NAV_CLASS.search(f"{e.get('class') or ''} {e.get('id') or ''}")
        for e in lineage(el.getparent(), 6)
    )


def navigation(dom: Dom) -> list[NavEntry]:
    """Links of a homepage/column index that name columns: mapped onto the taxonomy, or in a nav/menu block."""
    entries: dict[str, NavEntry] = {}
    for a in dom.root.iter("a"):
        href = (a.get("href") or "").strip()
        name = dom.text_of(a) or squash(a.get("title"))
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")) or not 2 <= len(name) <= 16:
            continue
        if find_dates(name) or name in _CRUMB_SKIP or _MORE.match(name):
            continue
        url = dom.absolute(href)
        if not url:
            continue
        in_nav = _in_nav(a)
        column_id = classify(name) or (classify_url(url) if in_nav else None)
        if (column_id or in_nav) and url not in entries:
            entries[url] = NavEntry(name, url, column_id)
    return list(entries.values())


def _tree_rank(entry: NavEntry) -> int | None:
    """0: named by one of the column's synonyms; 1: a short name that holds one of three characters or
    more, or ends with one (财政预决算公开, 部门动态栏); 2: known by its URL in a navigation block; None: a
    name that merely holds a synonym (an article title, 市退役军人事务局 holding 人事)."""
    exact, by_length, _ = _indexes()
    name = compact(entry.name)
    if exact.get(name) == entry.taxonomy_id:
        return 0
    if classify(entry.name) != entry.taxonomy_id:
        return 2
    synonym = next(synonym for synonym, cid in by_length if len(synonym) >= 2 and synonym in name)
    held = len(synonym) >= 3 or name.endswith(synonym)
    return 1 if held and len(name) <= MAX_TREE_NAME else None


def column_tree(entries: list[NavEntry]) -> list[TreeEntry]:
    """Every column among a page's navigation entries, one per URL, in page order: the site's own columns,
    several of which may share a category (政务要闻, 工作动态, 乡镇动态) and some of which have none (扶贫工作).
    A link whose name merely holds a category's synonym (an article title) is not a column (_tree_rank).
    Each carries its category ('' for none) and the taxonomy's parent of that category."""
    taxonomy = load_taxonomy()
    chosen: dict[str, TreeEntry] = {}
    for entry in entries:
        column_id = entry.taxonomy_id or ""
        if entry.url in chosen or (column_id and _tree_rank(entry) is None):
            continue
        parent = taxonomy[column_id].parent if column_id else ""
        chosen[entry.url] = TreeEntry(column_id, entry.name, entry.url, parent)
    return list(chosen.values())


def children_of(column_id: str) -> list[str]:
    """Ids of the taxonomy's direct children of a column ('' for the top level)."""
    return [c.id for c in load_taxonomy().values() if c.parent == column_id]
