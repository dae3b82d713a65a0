"""List entries of a column page (title, URL, date, pinned) whatever the markup, and script-loaded lists.

An entry is a link with a title whose nearest row (li, tr, dd, p, div…) holding exactly one such link also
holds a date: in a date-only cell (`<span>2026-03-05</span>`, `[03-05]`) or after a label in that row.
The same reading runs over Hanweb's XML record sets (`<script type="text/xml"><datastore><recordset>
<record><![CDATA[<li>…</li>]]>`). Year-less dates take their year from the entry's URL (/202310/), else the
year nearest the page's own time (its 页面生成时间 stamp, its newest full date, or the fetch). Undated rows
are kept when they sit in the same list as dated ones; header clocks (今天是…) and 更多/首页 links are not entries.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import lxml.html
from lxml import etree

from crawler.extract._dom import Dom, lineage, squash
from crawler.extract.dates import find_dates, first_date, is_date_only, partial_date, url_date, with_year
from crawler.extract.mainlist import Block, choose, side_marked

MIN_TITLE = 4  # shorter link texts (下载, [解读], PDF) are not entries, nor do they make a row hold several
MAX_CLIMB = 4
_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p"})
_UNDATED_MIN_ROWS = 3
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)
_PINNED = re.compile(r"置顶|zhiding|is-?top\b|settop|\btop\.(?:gif|png|jpe?g)", re.IGNORECASE)
_NAV_WORDS = re.compile(
    r"^(?:更多|more|查看更多|(?:网站|返回)?首页|上一?页|下一?页|尾页|末页|返回|打印|关闭)\W*$", re.IGNORECASE
)
_CLOCK = re.compile(r"今天是|今日是|今天|当前时间|现在是|现在时间")
_TITLE_NOISE = re.compile(r"^(?:[·•●\-\s]|\[?置顶\]?)+|(?:\.{3}|…)+$")
_LOADERS = re.compile(
    r"\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|\baxios\b|XMLHttpRequest|dataproxy|new\s+Vue\b|createApp\s*\("
    r"|\bjpage\b|\.load\s*\(\s*['\"]|layui\.(?:table|laypage)|\bv-for=|\bng-repeat=",
)
_LIBRARY = re.compile(r"\.js(?:$|[?#])", re.IGNORECASE)
_TEMPLATED = etree.XPath("boolean(//*[@v-for or @ng-repeat])")


@dataclass(frozen=True, slots=True)
class ListItem:
    """One entry of a list: its title, absolute URL, date (None when the row shows none), pin, and whether
    the date's year was guessed (such a date never beats a full one: issue 12 rule 8)."""

    title: str
    url: str
    date: date | None
    pinned: bool = False
    year_inferred: bool = False  # a year-less date (03-05) given the year nearest the page's time


def _usable_href(href: str | None) -> bool:
    if not href:
        return False
    href = href.strip().lower()
    return bool(href) and not href.startswith(("javascript:", "#", "mailto:", "tel:"))


def _weight(title: str) -> int:
    """Letters, digits and Han characters of a link text: [解读] weighs 2."""
    return sum(1 for c in title if c.isalnum())


def _anchor_title(anchor: etree._Element, dom: Dom) -> str:
    text = dom.text_of(anchor)
    for hit in find_dates(text)[:1]:
        text = squash(text[: hit.start] + text[hit.end :])
    attr = squash(anchor.get("title"))
    if attr and (len(attr) > len(text) or text.endswith(("...", "…"))):
        text = attr
    return _TITLE_NOISE.sub("", text).strip()


def _texts_outside(row: etree._Element, anchor: etree._Element) -> list[str]:
    """Text pieces of row that are not inside anchor, element by element."""
    pieces: list[str] = []
    inside = set(anchor.iter())
    for el in row.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        outside = el not in inside
        if outside and el.text:
            pieces.append(el.text)
        if el is not row and el.tail and (outside or el is anchor):  # the tails whose parent is outside
            pieces.append(el.tail)
    return [squash(p) for p in pieces if p and p.strip() and not _CLOCK.search(p)]


def _pinned(markup: str) -> bool:
    """_PINNED over a row's markup. Every match holds 置顶, "zh" or "top" (any case), which a substring
    test finds far faster than the case-insensitive alternation scans a long row."""
    lowered = markup.lower()
    return ("top" in lowered or "zh" in lowered or "置顶" in lowered) and bool(_PINNED.search(markup))


Raw = date | tuple[int, int] | None  # a full date, a year-less (month, day), or nothing


def _row_date(pieces: list[str]) -> Raw:
    for piece in pieces:
        if is_date_only(piece):
            return _cell_date(piece)
    hits = find_dates(" ".join(pieces))
    return hits[0].value if hits else None


@lru_cache(maxsize=4096)
def _cell_date(piece: str) -> Raw:
    """The date of a date-only cell. Cached: list rows repeat the same few dates page after page."""
    hits = find_dates(piece)
    return hits[0].value if hits else partial_date(piece)


@dataclass(frozen=True, slots=True)
class _Links:
    """The usable links of a scope, their titles, and those heavy enough to be entries (computed once)."""

    titles: dict[etree._Element, str]  # in document order
    heavy: frozenset[etree._Element]
    position: dict[etree._Element, int]

    urls: dict[etree._Element, str]

    @classmethod
    def of(cls, scope: etree._Element, dom: Dom) -> _Links:
        """The scope's links; the page root's are read once (the dated and the undated lists share them)."""
        if scope is dom.root and "links" in dom.memo:
            return dom.memo["links"]
        urls = {
            a: dom.absolute(a.get("href", ""))
            for a in scope.iter("a")
            if a not in dom.hidden and _usable_href(a.get("href"))
        }
        titles = {a: _anchor_title(a, dom) for a, url in urls.items() if url}
        links = cls(
            titles,
            frozenset(a for a, t in titles.items() if _weight(t) >= MIN_TITLE),
            {a: i for i, a in enumerate(titles)},
            urls,
        )
        if scope is dom.root:
            dom.memo["links"] = links
        return links

    def count(self, el: etree._Element, anchor: etree._Element | None = None) -> int:
        """Distinct targets of the title-like links under el, the anchor climbed from included (a short
        下载/[解读] link beside a title is not another entry)."""
        return len({a.get("href") for a in el.iter("a") if a is anchor or a in self.heavy})

    def entries(self) -> list[etree._Element]:
        return [a for a, title in self.titles.items() if a in self.heavy and not _NAV_WORDS.match(title)]


@dataclass(frozen=True, slots=True)
class _Found:
    anchor: etree._Element
    row: etree._Element | None
    title: str
    url: str
    raw: Raw
    pinned: bool
    position: int  # of the link in the page, to keep page order


def _entry(anchor: etree._Element, links: _Links, dom: Dom) -> _Found:
    url = links.urls[anchor]
    title = links.titles[anchor]
    row = anchor.getparent()
    for _ in range(MAX_CLIMB):
        if row is None or row.tag in ("body", "html") or links.count(row, anchor) > 1:
            break
        raw = _row_date(_texts_outside(row, anchor))
        if raw:
            pinned = _pinned(etree.tostring(row, encoding="unicode"))
            return _Found(anchor, row, title, url, raw, pinned, links.position[anchor])
        row = row.getparent()
    inside = dom.text_of(anchor)
    hits = find_dates(inside)
    return _Found(
        anchor, None, title, url, hits[-1].value if hits else None, "置顶" in inside, links.position[anchor]
    )


def _resolve(found: list[_Found], dom: Dom, fetched: date) -> list[ListItem]:
    """Give year-less dates their year: the entry URL's, else nearest the page's own time reference."""
    stamp = first_date(dom.generation_stamp())
    full = [f.raw for f in found if isinstance(f.raw, date) and f.raw <= fetched]
    reference, upper = (stamp, stamp) if stamp else ((max(full), fetched) if full else (fetched, fetched))
    items = []
    for f in found:
        value, inferred = f.raw, False
        if isinstance(value, tuple):
            month, day = value
            hint = url_date(f.url)[1]
            year_hint = hint[0] if hint and hint[1] == month else None
            value = with_year(month, day, year_hint=year_hint, reference=reference, upper=upper)
            inferred = year_hint is None
        items.append(ListItem(f.title, f.url, value, f.pinned, inferred))
    return items


def _undated_siblings(
    rows: list[etree._Element], links: _Links, known: set[str]
) -> list[tuple[int, ListItem]]:
    """Rows without a date in a list whose other rows have one (the column's undated entries)."""
    found: list[tuple[int, ListItem]] = []
    for parent in {row.getparent() for row in rows if row.getparent() is not None}:
        tags = {row.tag for row in rows if row.getparent() is parent}
        for sibling in parent:
            if sibling.tag not in tags or links.count(sibling) > 1:
                continue
            anchor = next((a for a in sibling.iter("a") if a in links.heavy), None)
            if anchor is None or _NAV_WORDS.match(links.titles[anchor]):
                continue
            url = links.urls[anchor]
            if url not in known:
                known.add(url)
                found.append((links.position[anchor], ListItem(links.titles[anchor], url, None)))
    return found


@dataclass(slots=True)
class _Rows:
    """One block's rows in page order (position, item) and its container."""

    container: etree._Element
    rows: list[etree._Element]
    entries: list[tuple[int, ListItem]]
    recordset: bool = False

    def block(self) -> Block:
        return Block(
            self.container,
            tuple(item.url for _, item in self.entries),
            sum(1 for _, item in self.entries if item.date),
            self.recordset,
        )


def _dated_found(links: _Links, dom: Dom) -> dict[str, _Found]:
    """The scope's dated entries by URL (a 置顶 copy of an entry marks the entry pinned)."""
    by_url: dict[str, _Found] = {}
    for anchor in links.entries():
        found = _entry(anchor, links, dom)
        if found.raw is None:
            continue
        previous = by_url.get(found.url)
        if previous is None:
            by_url[found.url] = found
        elif found.pinned and not previous.pinned:
            by_url[found.url] = dataclasses.replace(previous, pinned=True)
    return by_url


def _blocks_of(scope: etree._Element, dom: Dom, fetched: date, *, recordset: bool = False) -> list[_Rows]:
    """The scope's dated lists, each with the undated rows beside its dated ones, in page order."""
    links = _Links.of(scope, dom)
    by_url = _dated_found(links, dom)
    groups: dict[int, _Rows] = {}
    for found, item in zip(by_url.values(), _resolve(list(by_url.values()), dom, fetched), strict=True):
        row = found.row if found.row is not None else found.anchor.getparent()
        container = row.getparent() if row is not None and row.getparent() is not None else scope
        rows = groups.setdefault(id(container), _Rows(container, [], [], recordset))
        rows.rows.append(row if row is not None else container)
        rows.entries.append((found.position, item))
    known = set(by_url)
    for rows in groups.values():
        rows.entries += _undated_siblings(rows.rows, links, known)
    joined = _joined_runs(_joined_runs(list(groups.values()), dom, wrapped=False), dom, wrapped=True)
    for rows in joined:
        rows.entries.sort(key=lambda pair: pair[0])
    return sorted(joined, key=lambda rows: rows.entries[0][0])


def _joined_runs(groups: list[_Rows], dom: Dom, *, wrapped: bool) -> list[_Rows]:
    """One list drawn as a run of sibling groups (five `<ul>` of five rows, each bare or in a wrapper
    `<div>` with nothing else to say: TRS templates do this) is one block. Groups join when their units
    (the container, or its wrapper) are siblings of one tag and class and no unit is a side box (class
    side/hot/…, `aside`): 热点信息 and 最新动态 boxes stacked in a sidebar are two side blocks, not a list."""
    runs: dict[tuple[int, str, str], list[_Rows]] = {}
    for rows in groups:
        unit = rows.container.getparent() if wrapped else rows.container
        parent = unit.getparent() if unit is not None else None
        if (
            parent is None
            or side_marked(unit)
            or (wrapped and dom.text_of(unit) != dom.text_of(rows.container))
        ):
            runs[(id(rows), "", "")] = [rows]
            continue
        runs.setdefault((id(parent), str(unit.tag), unit.get("class") or ""), []).append(rows)
    return [run[0] if len(run) == 1 else _join(run, wrapped) for run in runs.values()]


def _join(run: list[_Rows], wrapped: bool) -> _Rows:
    unit = run[0].container.getparent() if wrapped else run[0].container
    rows = [row for part in run for row in part.rows]
    entries = [entry for part in run for entry in part.entries]
    return _Rows(unit.getparent(), rows, entries, run[0].recordset)


def _undated_blocks(dom: Dom, known: set[str]) -> list[_Rows]:
    """Lists none of whose rows shows a date: li/tr/dd/p rows of one link each, at least three in the
    markup; any number in a Hanweb record set (the records are the list, whatever they show)."""
    found = _undated_rows(dom.root, dom, known, recordset=False)
    for fragment in _record_sets(dom):
        found += _undated_rows(fragment, dom, known, recordset=True)
    return found


def _undated_rows(scope: etree._Element, dom: Dom, known: set[str], *, recordset: bool) -> list[_Rows]:
    links = _Links.of(scope, dom)
    groups: dict[int, _Rows] = {}
    for anchor in links.entries():
        url = links.urls[anchor]
        if url in known:
            continue
        row = next((el for el in lineage(anchor.getparent(), 3) if el.tag in _ROW_TAGS), None)
        if row is None or row.getparent() is None or links.count(row, anchor) > 1:
            continue
        container = row.getparent()
        rows = groups.setdefault(id(container), _Rows(container, [], [], recordset))
        rows.rows.append(row)
        rows.entries.append((links.position[anchor], ListItem(links.titles[anchor], url, None)))
    least = 1 if recordset else _UNDATED_MIN_ROWS
    return [rows for rows in groups.values() if len(rows.entries) >= least]


def _all_blocks(dom: Dom, fetched: date) -> list[_Rows]:
    """Every dated list of the page, static markup first, then Hanweb XML record sets (read once)."""
    if "blocks" not in dom.memo:
        blocks = _blocks_of(dom.root, dom, fetched)
        for fragment in _record_sets(dom):
            blocks += _blocks_of(fragment, dom, fetched, recordset=True)
        dom.memo["blocks"] = blocks
    return dom.memo["blocks"]


def _record_sets(dom: Dom) -> list[etree._Element]:
    """Hanweb/jpage lists serialised as XML inside a script, parsed as one HTML fragment each (once a page)."""
    if "record_sets" not in dom.memo:
        fragments = []
        for script in dom.scripts:
            records = _RECORD.findall(script) if "<record" in script.lower() else []
            if records:
                fragments.append(lxml.html.fragment_fromstring("".join(records), create_parent="div"))
        dom.memo["record_sets"] = fragments
    return dom.memo["record_sets"]


def list_items(dom: Dom, *, fetched_at: datetime) -> list[ListItem]:
    """Entries of every list on the page, in page order, static markup first, then XML record sets (a
    homepage's or a channel page's rows; a column page's own list is main_list's)."""
    items: list[ListItem] = []
    seen: set[str] = set()
    for rows in _all_blocks(dom, fetched_at.date()):
        fresh = [item for _, item in rows.entries if item.url not in seen]
        items += fresh
        seen.update(item.url for item in fresh)
    return items


@dataclass(frozen=True, slots=True)
class MainList:
    """A column page's own list: its rows (dated and undated), whether the page shows no list of its own
    (its main block is empty or missing: 暂无信息), and the signatures of every block (for recurrence)."""

    items: tuple[ListItem, ...] = ()
    empty: bool = False
    signatures: tuple[str, ...] = ()


def main_list(
    dom: Dom, *, fetched_at: datetime, column_names: tuple[str, ...] = (), side: frozenset[str] = frozenset()
) -> MainList:
    """The column's own list among the page's blocks (crawler/extract/mainlist.py); `side`: signatures of
    blocks that recur on many list pages of the site."""
    dated = _all_blocks(dom, fetched_at.date())
    known = {item.url for rows in dated for _, item in rows.entries}
    candidates = dated + _undated_blocks(dom, known)
    blocks = [rows.block() for rows in candidates]
    chosen = choose(blocks, dom, column_names=column_names, side=side)
    signatures = tuple(block.signature for block in blocks if len(block.urls) > 1)
    if chosen is None:
        return MainList((), True, signatures)
    rows = candidates[blocks.index(chosen)]
    items = tuple(item for _, item in rows.entries)
    return MainList(items, not items, signatures)


def newest_date(items: list[ListItem] | tuple[ListItem, ...]) -> date | None:
    """The newest entry date: the max over all entries (lists are not always newest-first: pins, sorts)."""
    return max((item.date for item in items if item.date), default=None)


def loads_by_script(dom: Dom) -> bool:
    """True when a script fetches the page's content (AJAX, dataproxy, Vue/Angular templates…). A library
    a template includes on every page (jquery.jpage.js) fetches nothing until a page's own script calls it;
    a script whose source is a data endpoint (dataproxy.jsp?…) does."""
    sources = " ".join(
        src for s in dom.root.iter("script") if (src := s.get("src") or "") and not _LIBRARY.search(src)
    )
    return _TEMPLATED(dom.root) or any(_loads(script) for script in (sources, *dom.scripts))


@lru_cache(maxsize=256)
def _loads(script: str) -> bool:
    """A script (or the page's non-library script URLs) that fetches content. Cached: pages share scripts."""
    return _LOADERS.search(script) is not None
