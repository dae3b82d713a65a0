"""The other pages of a column list, and the totals the list states (pages and records).

Pages come from pager links (下一页/尾页 and numbered links, filled in up to the stated last page), TRS
`createPageHTML(...)` calls in both shapes, TRS `countPage` scripts, and Hanweb `<nextgroup>` links where no
record-range call covers the list (those calls are xhr.script_lists'). Totals come from the same scripts,
jQuery pager configurations (`total: 3417, pageSize: 15`), hidden inputs, Hanweb record sets
(`<totalrecord>`), and the pager's text (共 N 条记录 页次：1/7, 共N条 每页M条 当前第1/7页, 共 N 页).

URLs are absolute and exclude the current page; at most MAX_PAGES are listed (the spider bounds the crawl).
A page past the stated last one is never listed: old table CMSs answer it with the last page again.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from crawler.extract._dom import Dom
from crawler.extract.xhr import script_lists

MAX_PAGES = 200
_PAGER_WORD = re.compile(r"^(?:下一?页|下页|后页|尾页|末页|最后一?页|next|last|›|»|>>?)$", re.IGNORECASE)
_LAST_WORD = re.compile(r"^(?:尾页|末页|最后一?页|last|»|>>)$", re.IGNORECASE)
# The page number in a pager link: index_3.html, ?page=3, &pageNo=3
_PAGE_HREF = re.compile(
    r"(?:_|[?&](?:page|pagenum|pageno|pageindex|curpage|currentpage|p)=)(\d{1,5})(?:\.\w+)?(?:$|[&#])",
    re.IGNORECASE,
)
_QUERY_PAGE = re.compile(
    r"[?&](?:page|pagenum|pageno|pageindex|curpage|currentpage|p)=(\d{1,5})(?=$|[&#])", re.IGNORECASE
)
_NUMBERED_PATH = re.compile(r"_(\d{1,5})\.(?:s?html?|jsp|php|aspx?)$", re.IGNORECASE)
# jcms's own page links (?uid=4321&pageNum=2): jpage.js reads them in a browser; fetched, they answer
# the first group again
_JCMS_PAGE = re.compile(r"[?&]uid=\d+&pagenum=\d+", re.IGNORECASE)
_CREATE_PAGE = re.compile(r"(function\s+)?\bcreatePage(?:HTML)?\s*\(([^()]*)\)")
_COUNT_PAGE = re.compile(
    r"\b(?:countPage|pageCount|totalPage|totalPages|page_count)\s*[=:]\s*['\"]?(\d{1,5})", re.I
)
_CURRENT_PAGE = re.compile(r"\b(?:currentPage|curPage|pageIndex|nCurrIndex)\s*[=:]\s*['\"]?(\d{1,5})", re.I)
_INDEX_CONCAT = re.compile(r"index[\"']?\s*\+?\s*[\"']?_")
_CONCAT_EXT = re.compile(r"\.\"?\s*\+?\s*\"?(s?html?)\b")
_PAGE_FILE = re.compile(r"/([\w-]+?)(?:_\d{1,5})?\.(s?html?|jsp|php|aspx?)$", re.IGNORECASE)
# jQuery pager configurations and jpage: a record total and a page size in one script
_CONF_RECORDS = re.compile(
    r"""["']?\b(totalRecords?|totalCounts?|totalData|recordCount|totalNum|totalRows|total|count)["']?"""
    r"""\s*:\s*["']?(\d{1,7})\b""",
    re.IGNORECASE,
)
_CONF_PER = re.compile(
    r"""["']?\b(pageSize|perPage|prePage|per_page|items_per_page|showData|numPerPage|limit|per)["']?\s*:\s*["']?"""
    r"""(\d{1,4})\b""",
    re.IGNORECASE,
)
_CONF_PAGES = re.compile(
    r"""["']?\b(?:totalPages?|pageCount|countPage|page_count)["']?\s*:\s*["']?(\d{1,5})\b""", re.I
)
_CONF_WORDS = (
    "pagesize",
    "perpage",
    "per_page",
    "showdata",
    "numperpage",
    "limit",
    '"per"',
    "per:",
    "totalrecord",
    "prepage",
)
# TRS templates state the record total in a variable: `var countnum= 6348;` beside `var countPage=56`
_VAR_RECORDS = re.compile(
    r"\bvar\s+(?:countnum|recordCount|totalCount|totalRecord)\s*=\s*['\"]?(\d{1,7})", re.I
)
_RECORDS_PRIORITY = (
    "totalrecords",
    "totalrecord",
    "totalcounts",
    "totalcount",
    "totaldata",
    "recordcount",
    "totalnum",
    "totalrows",
    "total",
    "count",
)
# jquery.pagination(3417, {items_per_page: 15})
_PAGINATION_ARG = re.compile(r"\.pagination\(\s*(\d{1,7})\s*,")
_XML_RECORDS = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.IGNORECASE)
_XML_PAGES = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>", re.IGNORECASE)
_NEXTGROUP = re.compile(r"<nextgroup>(.*?)</nextgroup>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:amp|quot|lt|gt|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_HIDDEN_RECORDS = frozenset({"totalcount", "totalrecord", "totalrecords", "recordcount", "totalnum", "total"})
_HIDDEN_PER = frozenset({"pagesize", "perpage"})
_HIDDEN_PAGES = frozenset({"totalpage", "totalpages", "pagecount", "totalpagecount", "countpage"})
# The pager's text: 页次：1/7, 当前第1/7页, 第 1/7 页, 1/7页, 共 7 页
_TEXT_PAGES = re.compile(
    r"(?:页次|当前第|第)\s*[：:]?\s*(\d{1,5})\s*/\s*(\d{1,5})|(\d{1,5})\s*/\s*(\d{1,5})\s*页|共\s*(\d{1,5})\s*页"
)
_TEXT_PAGER = re.compile(r"下一?页|尾页|末页|每页")
_TEXT_RECORDS = re.compile(
    r"共\s*有?\s*(\d{1,7})\s*条|(?:总记录数?|记录数?|总条数|总数|文章数|信息数)\s*[：:]?\s*(\d{1,7})"
)
_TEXT_PER = re.compile(r"每页\s*(?:显示)?\s*[：:]?\s*(\d{1,4})|(\d{1,4})\s*条(?:记录)?\s*/\s*页")
_JPAGE_PER = 10  # jpage.js's page size when a configuration names none
_CONF_REACH = 300  # how far apart a configuration's record total and page size may sit
_TEXT_REACH = 120  # how far from the page statement (or pager words) record totals are read


@dataclass(frozen=True, slots=True)
class Pagination:
    """Absolute URLs of the list's other pages, and the totals the page states: pages, and records
    (共 N 条记录, totalRecord, the 6th createPageHTML argument, total:)."""

    urls: tuple[str, ...] = ()
    total_pages: int | None = None
    total_records: int | None = None


@dataclass(slots=True)
class _Stated:
    """What the page says of its list. The first statement of each wins: scripts are read first, then
    hidden inputs, then the pager's text."""

    pages: int | None = None
    records: int | None = None
    per: int | None = None

    def add(self, pages: int | None = None, records: int | None = None, per: int | None = None) -> None:
        self.pages = self.pages if self.pages is not None else pages
        self.records = self.records if self.records is not None else records
        self.per = self.per if self.per else per

    def page_count(self) -> int | None:
        """Pages as stated, or from stated records and page size."""
        if self.pages is not None:
            return self.pages
        return math.ceil(self.records / self.per) if self.records is not None and self.per else None


@dataclass(frozen=True, slots=True)
class _Link:
    url: str
    text: str


def pagination(dom: Dom) -> Pagination:
    """Other pages of this list and its stated totals, from every style the page carries."""
    stated, weak = _Stated(), _Stated()
    links, hidden = _scan(dom)
    urls: list[str] = []
    for script in dom.scripts:
        urls += _script_pages(dom, script, links, stated, weak)
    urls += _answer(dom, stated)
    if hidden:
        _hidden_totals(hidden, stated)
    if "页" in dom.text:
        _text_totals(dom.text, stated)
    stated.add(pages=weak.pages, records=weak.records, per=weak.per)
    found, family_pages = _families(links, stated.page_count())
    current = _bare(dom.url)
    unique = [u for u in dict.fromkeys(_bare(u) for u in [*found, *urls]) if u != current]
    total = stated.page_count()
    return Pagination(tuple(unique[:MAX_PAGES]), total if total is not None else family_pages, stated.records)


def _bare(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _scan(dom: Dom) -> tuple[list[_Link], dict[str, int]]:
    """Pager links (下一页/尾页 words, or a number whose href carries a page number), and the numbers hidden
    inputs hold by id or name, in one walk of the tree."""
    found = []
    hidden: dict[str, int] = {}
    for el in dom.root.iter("a", "input"):
        if el.tag == "input":
            if (el.get("type") or "").lower() == "hidden":
                name, value = (el.get("id") or el.get("name") or "").lower(), (el.get("value") or "").strip()
                if value.isdigit() and name not in hidden:
                    hidden[name] = int(value)
            continue
        text = dom.text_of(el)
        if len(text) > 5 or not (text.isdigit() or _PAGER_WORD.match(text)):
            continue  # most links: read no further
        href = (el.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        if not text.isdigit() or _PAGE_HREF.search(href):
            url = dom.absolute(href)
            if url and not _JCMS_PAGE.search(url):
                found.append(_Link(url, text))
    return found, hidden


def _hidden_totals(hidden: dict[str, int], stated: _Stated) -> None:
    """A script pager's totals kept in hidden inputs: `<input type="hidden" id="totalCount" value="3417">`."""
    stated.add(
        pages=next((v for k, v in hidden.items() if k in _HIDDEN_PAGES), None),
        records=next((v for k, v in hidden.items() if k in _HIDDEN_RECORDS), None),
        per=next((v for k, v in hidden.items() if k in _HIDDEN_PER and v), None),
    )


def _script_pages(dom: Dom, script: str, links: list[_Link], stated: _Stated, weak: _Stated) -> list[str]:
    """Pages and totals one script states: createPageHTML, a countPage pager, a pager configuration,
    a Hanweb record set."""
    low = script.lower()
    if "page" not in low and "record" not in low and "total" not in low:
        return []
    urls: list[str] = []
    if "createpage" in low:
        urls += _create_page(dom, script, links, stated)
    if "countpage" in low or "pagecount" in low or "totalpage" in low or "page_count" in low:
        urls += _count_page(dom, script, links, stated)
    if any(word in low for word in _CONF_WORDS):
        _configured(script, stated, weak)
    if "<datastore" in low:
        urls += _embedded(dom, script, stated)
    if "var" in low and (records := _VAR_RECORDS.search(script)):
        stated.add(records=int(records.group(1)))
    return urls


def _create_page(dom: Dom, script: str, links: list[_Link], stated: _Stated) -> list[str]:
    """TRS `createPageHTML(countPage, currentPage, prefix, suffix)` (current page 0-based: index.html is
    0, index_1.html is 1) and `createPageHTML('page_div', 7, 1, 'news_list_1', 'shtml', 132)` (current
    page 1-based, 6th argument the record total: page 1 is news_list_1.shtml, page k news_list_1_k.shtml)."""
    for match in _CREATE_PAGE.finditer(script):
        if match.group(1):
            continue  # the function's definition
        args = [_argument(script, a.strip()) for a in match.group(2).split(",")]
        one_based = bool(args) and isinstance(args[0], str)
        count, current, name, ext, records = ((args[1:] if one_based else args) + [None] * 5)[:5]
        if not isinstance(count, int):
            continue
        current = current if isinstance(current, int) else (1 if one_based else 0)
        stated.add(pages=count, records=records if isinstance(records, int) else None)
        named = _page_name(dom.url) if not (isinstance(name, str) and isinstance(ext, str)) else (name, ext)
        if not named:
            return []
        base = _base_for(named[0], links, dom.url)
        return _numbered(base, named[0], named[1], count, current, one_based)
    return []


def _argument(script: str, arg: str) -> int | str | None:
    """A createPageHTML argument: a number, a quoted string, or a variable the script sets to a number."""
    if arg.isdigit():
        return int(arg)
    if arg[:1] in "'\"" and arg[-1:] == arg[:1] and len(arg) >= 2:
        return arg[1:-1]
    if re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
        value = re.search(rf"(?<![\w$.]){re.escape(arg)}\s*=\s*['\"]?(\d{{1,7}})\b", script)
        return int(value.group(1)) if value else None
    return None


def _page_name(url: str) -> tuple[str, str] | None:
    """The page's own file name and extension (list_2.shtml → list, shtml): where a script names none."""
    match = _PAGE_FILE.search(urlsplit(url).path)
    return (match.group(1), match.group(2)) if match else None


def _numbered(base: str, name: str, ext: str, count: int, current: int, one_based: bool) -> list[str]:
    """TRS static pages. 0-based: page 0 is name.ext, page i is name_i.ext (i < count). 1-based: page 1 is
    name.ext, page k is name_k.ext (k ≤ count). The current page is left out."""
    first = 1 if one_based else 0
    last = min(count - 1 + first, first + MAX_PAGES)
    return [
        urljoin(base, f"{name}.{ext}" if i == first else f"{name}_{i}.{ext}")
        for i in range(first, last + 1)
        if i != current
    ]


def _base_for(name: str, links: list[_Link], fallback: str) -> str:
    """Where numbered pages live: next to a pager link of the same name if there is one (the page URL may
    be a redirect or an alias), else next to the page."""
    for link in links:
        match = _PAGE_FILE.search(urlsplit(link.url).path)
        if match and match.group(1) == name:
            return link.url
    return fallback


def _count_page(dom: Dom, script: str, links: list[_Link], stated: _Stated) -> list[str]:
    """A TRS pager written out in script: `var countPage=56; var currentPage=0` and "index"+"_"+n links."""
    count = _COUNT_PAGE.search(script)
    if not count or not _INDEX_CONCAT.search(script):
        return []
    current_match = _CURRENT_PAGE.search(script)
    current = int(current_match.group(1)) if current_match else 0
    ext = _CONCAT_EXT.search(script)
    stated.add(pages=int(count.group(1)))
    base = _base_for("index", links, dom.url)
    return _numbered(base, "index", ext.group(1) if ext else "html", int(count.group(1)), current, False)


def _configured(script: str, stated: _Stated, weak: _Stated) -> None:
    """A pager configuration's totals: jpage `totalRecord:97, perPage:15` (jpage.js shows 10 a page when
    perPage is absent), laypage `count:3417, limit:15`, `$('#page').pagination({total: 3417, pageSize: 15})`.
    A record total counts only beside a page size. A bare `total`/`count` beside a bare `limit` counts
    only in a script about pages; either counts after what the pager's text says (`weak`): it is the
    vaguest statement a page makes."""
    jpage = ".jpage(" in script
    found: dict[str, tuple[int, int, str, int]] = {}  # key → (records, per page, its key, where)
    for match in _CONF_RECORDS.finditer(script):
        key = match.group(1).lower()
        if key not in found:
            per = _CONF_PER.search(script, max(0, match.start() - _CONF_REACH), match.end() + _CONF_REACH)
            if per or jpage:
                size, name = (int(per.group(2)), per.group(1).lower()) if per else (_JPAGE_PER, "perpage")
                found[key] = (int(match.group(2)), size, name, match.start())
    argument = _PAGINATION_ARG.search(script)
    if argument and "total" not in found:
        per = _CONF_PER.search(script, argument.end(), argument.end() + _CONF_REACH)
        if per:
            found["total"] = (int(argument.group(1)), int(per.group(2)), "pagesize", argument.start())
    key = next((key for key in _RECORDS_PRIORITY if key in found), None)
    if key is None:
        return
    records, size, per_key, where = found[key]
    vague = key in ("total", "count")
    if not size or (vague and per_key == "limit" and "pag" not in script.lower()):
        return
    pages = _CONF_PAGES.search(script, max(0, where - _CONF_REACH), where + _CONF_REACH)
    (weak if vague else stated).add(pages=int(pages.group(1)) if pages else None, records=records, per=size)


def _embedded(dom: Dom, script: str, stated: _Stated) -> list[str]:
    """A Hanweb record set a list page embeds (<script type="text/xml"><datastore>): its totals, and its
    <nextgroup> link when no record-range call reads the rest of the list."""
    records, pages = _XML_RECORDS.search(script), _XML_PAGES.search(script)
    stated.add(
        pages=int(pages.group(1)) if pages else None, records=int(records.group(1)) if records else None
    )
    group = _NEXTGROUP.search(script)
    href = _nextgroup_href(group.group(1)) if group else None
    if not href:
        return []
    lists = script_lists(dom.scripts, dom.url)
    if any("startrecord=" in call.lower() for call in lists.calls):
        return []  # the calls read every group after the embedded one
    held = script.count("<record>") + script.count("<record ") + script.count("<RECORD")
    total = stated.records if stated.records is not None else max(lists.totals, default=None)
    if total is not None and total <= held:
        return []  # every record is embedded
    url = dom.absolute(href)
    return [url] if url else []


def _answer(dom: Dom, stated: _Stated) -> list[str]:
    """What a dataproxy answer (a bare <datastore>) states: <totalrecord>, <totalpage>, and its <nextgroup>
    link, followed only on the nextgroup chain (a record-range call's groups are all written already)."""
    store = dom.root.find("body/datastore")
    if store is None:
        return []
    records, pages = (
        (store.findtext("totalrecord") or "").strip(),
        (store.findtext("totalpage") or "").strip(),
    )
    stated.add(
        pages=int(pages) if pages.isdigit() else None, records=int(records) if records.isdigit() else None
    )
    group = store.find("nextgroup")
    if group is None or "startrecord=" in dom.url.lower():
        return []
    href = _nextgroup_href(etree.tostring(group, encoding="unicode"))
    url = dom.absolute(href) if href else ""
    return [url] if url else []


def _nextgroup_href(fragment: str) -> str | None:
    """The href of the <a> a <nextgroup> CDATA holds. It is HTML: `&amp;` stands for `&`. Only entities
    closed by ";" are decoded: in an attribute `&param=` is text, not `¶m=`."""
    match = _HREF.search(fragment)
    if not match:
        return None
    href = _ENTITY.sub(lambda m: html.unescape(m.group()), match.group(1).strip())
    return href or None


def _text_totals(text: str, stated: _Stated) -> None:
    """The pager's own words: 页次：1/7, 当前第1/7页, 共 7 页; 共 N 条记录, 记录：18条; 每页 15 条.
    Record totals and page sizes are read only near the page statement or the pager's words, so that
    "共5条措施" in a title is not a total."""
    pages = _TEXT_PAGES.search(text)
    anchor = pages or _TEXT_PAGER.search(text)
    if not anchor:
        return
    if pages:
        stated.add(pages=int(pages.group(2) or pages.group(4) or pages.group(5)))
    window = text[max(0, anchor.start() - _TEXT_REACH) : anchor.end() + _TEXT_REACH]
    records, per = _TEXT_RECORDS.search(window), _TEXT_PER.search(window)
    stated.add(
        records=int(records.group(1) or records.group(2)) if records else None,
        per=int(per.group(1) or per.group(2)) if per else None,
    )


def _families(links: list[_Link], count: int | None) -> tuple[list[str], int | None]:
    """Pager links grouped by their URL with the page number taken out (index_{}.html, list.asp?page={}):
    each family's pages after the first up to the last page, and the page count the links show. With a
    stated count, links past it are dropped and the pages between are filled in."""
    families: dict[tuple[str, str, bool], list[tuple[int, str]]] = {}
    plain: list[str] = []
    for link in links:
        match = _family_match(link.url)
        if not match:
            plain.append(link.url)
            continue
        start, end, number = match
        key = (link.url[:start], link.url[end:], link.url[start] == "_")
        families.setdefault(key, []).append((number, link.text))
    urls, shown = list(plain), None
    for (head, tail, underscore), numbered in families.items():
        offset = _offset(numbered, count, underscore)
        top = max(n for n, _ in numbered)
        last = count - offset if count is not None else top
        if top > last + 1:
            last = top  # links well past the stated count: that count is another list's
        first = 2 - offset  # the first page is the list's own URL, reached already
        stop = min(last, first + MAX_PAGES - 1)
        urls += [f"{head}_{n}{tail}" if underscore else f"{head}{n}{tail}" for n in range(first, stop + 1)]
        shown = max(shown or 0, top + offset)
    return urls, shown


def _family_match(url: str) -> tuple[int, int, int] | None:
    """Where a pager link's page number sits: (start, end, number); start is at "_" for a numbered
    file name (index_3.html), at the number for a query (?page=3)."""
    path_end = len(url.split("?", 1)[0].split("#", 1)[0])
    numbered = _NUMBERED_PATH.search(url, 0, path_end)
    if numbered:
        return numbered.start(), numbered.end(1), int(numbered.group(1))
    query = _QUERY_PAGE.search(url, path_end)
    return (query.start(1), query.end(1), int(query.group(1))) if query else None


def _offset(numbered: list[tuple[int, str]], count: int | None, underscore: bool) -> int:
    """The shown page number minus the URL's: 1 where the first page is 0 (TRS index_1.html is page 2;
    ?page=0 is page 1), 0 where URLs count from 1 (list_2.shtml is page 2). Read from numbered links'
    texts; else from a 0 in the URLs, or from the 尾页 link (or the highest) against the stated count;
    else TRS for names and 1-based for queries."""
    votes = Counter(int(text) - n for n, text in numbered if text.isdigit() and int(text) - n in (0, 1))
    if votes:
        return votes.most_common(1)[0][0]
    numbers = {n for n, _ in numbered}
    if 0 in numbers:
        return 1
    last_link = next((n for n, text in numbered if _LAST_WORD.match(text)), None)
    if count is not None and last_link in (count, count - 1):
        return count - last_link
    if count is not None and max(numbers) == count:
        return 0
    return 1 if underscore else 0
