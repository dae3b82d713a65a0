"""Which block of a column page is the column's own list (主列表), and which are side blocks.

A list page shows one main list plus side blocks of other columns' newest rows (热点信息, 最新动态, 推荐,
相关, 排行), navigation and footers. Only the main list's rows are the column's items. The clues, surest
first, as real CMSs lay their pages out:
  1. the block beside the pager (createPageHTML, jpage, 「共 N 条记录 页次」, 下一页/尾页 links): the pager's
     nearest enclosing element that holds a list holds only that one; a Hanweb record set is the list the
     jpage pager pages;
  2. the block whose links share the column's URL pattern (`art_<colid>_`, the column's directory);
  3. the block under the column's heading or the breadcrumb's last name;
  4. the largest dated list.
Side marks rule a block out whatever its clues (a sidebar sits beside the pager of an empty column): an
`aside` or a side/hot/rank/related container, a heading of 热点/最新/推荐/相关/排行, and recurrence (the same
rows on many list pages of a site, told by the caller). `.left`/`.right` only weigh a little: many portals
put the main content in `div.right` beside a left column tree.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from crawler.extract._dom import Dom, compact, squash

PAGER_CLUE = 8
RECORDSET_CLUE = 8
PATTERN_CLUE = 4
HEADING_CLUE = 3
SIDE_MARK = -6
WEAK_SIDE_MARK = -1
SIDE_LIMIT = -5  # side marks at or below this make a side block, never the main list
SIDE_BLOCK = -100
UNDATED_MIN_SCORE = PATTERN_CLUE  # a list without any date must show a pager or the column's URL pattern
SIDE_RECURRENCE = 3  # list pages of one site on which the same block makes it a side block
_HEADING_CHARS = 24
_SIDE_CLASS = re.compile(
    r"side|hot|rank|paihang|tuijian|recommend|related|xgxx|xgwz|rdxx|rdzx|zxxx|zxdt|remen|dianji",
    re.IGNORECASE,
)
_WEAK_SIDE_CLASS = re.compile(r"(?:^|[\s_-])(?:left|right|fl|fr|l|r)(?:$|[\s_-]|\d)", re.IGNORECASE)
_SIDE_HEADING = re.compile(r"热点|热门|最新|推荐|相关|排行|点击|阅读榜|精彩|图片新闻|专题")
_PAGER_TEXT = re.compile(r"下一页|尾页|末页|上一页|共\s*\d+\s*(?:条|页)|页次|第\s*\d+\s*/\s*\d+\s*页")
_PAGER_SCRIPT = re.compile(r"createPage|jpage|pagination|laypage|pageSize|countPage", re.IGNORECASE)
_PAGER_CLASS = re.compile(r"page|fenye|fy\b|pager|pagination", re.IGNORECASE)
_COLUMN_ID = re.compile(r"/col/col(\d+)/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    """A list of rows on the page: its container, its entries' URLs, and whether the rows carry dates."""

    container: etree._Element
    urls: tuple[str, ...]
    dated: int
    recordset: bool = False  # parsed from a Hanweb <datastore> record set

    @property
    def signature(self) -> str:
        """The same rows in any order: what recurs when a side block repeats on every list page."""
        digest = hashlib.sha1("\n".join(sorted(set(self.urls))).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()[:16]


def choose(
    blocks: Sequence[Block], dom: Dom, *, column_names: Iterable[str] = (), side: frozenset[str] = frozenset()
) -> Block | None:
    """The page's main list among its blocks, or None when every block is a side block (an empty column's
    page still shows its sidebar)."""
    if not blocks:
        return None
    scores = _scores(blocks, dom, column_names, side)
    eligible = [
        (score, block.dated, len(block.urls), -index, block)
        for index, (block, score) in enumerate(zip(blocks, scores, strict=True))
        if score > SIDE_LIMIT and (block.dated or score >= UNDATED_MIN_SCORE)
    ]
    return max(eligible, key=lambda entry: entry[:4])[4] if eligible else None


def _scores(
    blocks: Sequence[Block], dom: Dom, column_names: Iterable[str], side: frozenset[str]
) -> list[int]:
    containers = [block.container for block in blocks]
    scores = [0] * len(blocks)
    for index in _owners(_pager_markers(dom), containers):
        scores[index] += PAGER_CLUE
    names = {compact(name) for name in column_names if name}
    for index in _owners(_heading_markers(dom, names), containers):
        scores[index] += HEADING_CLUE
    pattern = _column_pattern(dom.url)
    for index, block in enumerate(blocks):
        if block.recordset:
            scores[index] += RECORDSET_CLUE
        if pattern and block.urls and sum(map(pattern, block.urls)) * 2 > len(block.urls):
            scores[index] += PATTERN_CLUE
        marks = _side_marks(block.container, names)
        if marks <= SIDE_LIMIT or (len(block.urls) > 1 and block.signature in side):
            scores[index] = SIDE_BLOCK  # a side block whatever else it sits beside
        else:
            scores[index] += marks
    return scores


def _owners(markers: Iterable[etree._Element], containers: Sequence[etree._Element]) -> set[int]:
    """Blocks that a marker (the pager, the heading) belongs to: walking up from the marker, the first
    element that holds any block holds exactly that one."""
    # Keyed by the elements themselves: holding them keeps lxml's proxies alive, so the walk up from a
    # marker meets the same objects (an id() of a dropped proxy may be reused by another element).
    under: dict[etree._Element, set[int]] = {}
    for i, container in enumerate(containers):
        node = container
        while node is not None:
            under.setdefault(node, set()).add(i)
            node = node.getparent()
    owners: set[int] = set()
    for marker in markers:
        node = marker
        while node is not None:
            held = under.get(node)
            if held:
                if len(held) == 1:
                    owners |= held
                break
            node = node.getparent()
    return owners


def _pager_markers(dom: Dom) -> list[etree._Element]:
    """Elements that are the list's pager: its 下一页/共N条 text, its pager script, its pager class."""
    found = [chunk.element for chunk in dom.chunks if len(chunk.text) < 80 and _PAGER_TEXT.search(chunk.text)]
    found += [s for s in dom.root.iter("script") if s.text and _PAGER_SCRIPT.search(s.text)]
    found += [
        el
        for el in dom.root.iter("div", "span", "td", "p", "ul", "nav")
        if _PAGER_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}") and len(el) < 40
    ]
    return found


def _heading_markers(dom: Dom, names: set[str]) -> list[etree._Element]:
    """Short text elements that state the column's own name (its heading, the breadcrumb's last part)."""
    if not names:
        return []
    return [
        chunk.element
        for chunk in dom.chunks
        if len(chunk.text) <= _HEADING_CHARS and compact(chunk.text) in names and chunk.element.tag != "a"
    ]


def _column_pattern(url: str) -> Callable[[str], bool] | None:
    """A predicate on entry URLs: they belong to this column (Hanweb art_<colid>_, or its directory)."""
    parts = urlsplit(url)
    column = _COLUMN_ID.search(parts.path)
    if column:
        marker = f"art_{column.group(1)}_"
        return lambda entry: marker in entry
    directory = parts.path.rsplit("/", 1)[0] + "/"
    if directory.count("/") < 2:  # the site root: every page is under it
        return None
    prefix = f"{parts.scheme}://{parts.netloc}{directory}"
    return lambda entry: entry.startswith(prefix) and entry.rstrip("/") != prefix.rstrip("/")


def _side_marks(container: etree._Element, names: set[str]) -> int:
    """Side marks of a block: its containers' tags and classes, and the heading just above it."""
    marks = 0
    node: etree._Element | None = container
    for _ in range(5):
        if node is None or node.tag in ("body", "html"):
            break
        label = f"{node.get('class') or ''} {node.get('id') or ''}"
        if side_marked(node):
            return SIDE_MARK
        if _WEAK_SIDE_CLASS.search(label):
            marks = WEAK_SIDE_MARK
        heading = _heading_before(node)
        if heading:
            if compact(heading) in names:
                return marks
            if _SIDE_HEADING.search(heading):
                return SIDE_MARK
        node = node.getparent()
    return marks


def side_marked(node: etree._Element) -> bool:
    """An `aside` or a side/hot/rank/related box: a box of its own, never one part of a longer list."""
    return node.tag == "aside" or bool(
        _SIDE_CLASS.search(f"{node.get('class') or ''} {node.get('id') or ''}")
    )


def _heading_before(node: etree._Element) -> str:
    """The short text just before a node among its siblings (a block's title bar), or ''."""
    previous = node.getprevious()
    for _ in range(2):
        if previous is None:
            return ""
        if isinstance(previous.tag, str) and previous.tag not in ("script", "style"):
            text = squash("".join(previous.itertext()))
            if text:
                return text if len(text) <= _HEADING_CHARS else ""
        previous = previous.getprevious()
    return ""


__all__ = ["Block", "SIDE_RECURRENCE", "choose", "side_marked"]
