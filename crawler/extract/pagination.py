"""The other pages of a column list: from pager links, TRS `createPageHTML(...)`/`countPage` scripts,
Hanweb jpage record sets (`?uid=…&pageNum=N`), and `index_N.html` patterns; plus the total page count.

URLs are absolute and exclude the current page; at most MAX_PAGES are listed (the spider bounds the crawl).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from crawler.extract._dom import Dom

MAX_PAGES = 200
_PAGER_WORD = re.compile(r"^(?:下一?页|下页|后页|尾页|末页|最后一?页|next|last|›|»|>>?)$", re.IGNORECASE)
_PAGE_HREF = re.compile(
    r"(?:_|[?&](?:page|pagenum|pageno|pageindex|curpage|currentpage|p)=)(\d{1,5})(?:\.\w+)?(?:$|[&#])",
    re.IGNORECASE,
)
_CREATE_PAGE = re.compile(r"createPage(?:HTML)?\s*\(([^()]*)\)")
_COUNT_PAGE = re.compile(
    r"\b(?:countPage|pageCount|totalPage|totalPages|page_count)\s*[=:]\s*['\"]?(\d{1,5})", re.I
)
_CURRENT_PAGE = re.compile(r"\b(?:currentPage|curPage|pageIndex|nCurrIndex)\s*[=:]\s*['\"]?(\d{1,5})", re.I)
_JPAGE_TOTAL = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>", re.IGNORECASE)
_JPAGE_RECORDS = re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_JPAGE_PER = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_JPAGE_XML_RECORDS = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.IGNORECASE)
_UNITID = re.compile(r"unitid\s*[=:]\s*['\"]?(\d+)", re.IGNORECASE)
_TEXT_TOTAL = re.compile(r"共\s*(\d{1,5})\s*页|第\s*\d+\s*/\s*(\d{1,5})\s*页|\d+\s*/\s*(\d{1,5})\s*页")
_INDEX_CONCAT = re.compile(r"index[\"']?\s*\+?\s*[\"']?_")
_INDEX_N = re.compile(r"/([\w-]+)_(\d{1,5})\.(s?html?|jsp|php|aspx?)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Pagination:
    """Absolute URLs of the list's other pages, and the total page count when the page states it."""

    urls: tuple[str, ...] = ()
    total_pages: int | None = None


def _bare(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _link_pages(dom: Dom) -> list[str]:
    found = []
    for a in dom.root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        text = dom.text_of(a)
        if _PAGER_WORD.match(text) or (text.isdigit() and _PAGE_HREF.search(href)):
            found.append(dom.absolute(href))
    return [url for url in found if url]


def _numbered(base: str, name: str, ext: str, count: int, current: int) -> list[str]:
    """TRS static pages: page 0 is name.ext, page i is name_i.ext."""
    pages = [
        f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}"
        for i in range(min(count, MAX_PAGES + 1))
        if i != current
    ]
    return [urljoin(base, page) for page in pages]


def _create_page(script: str) -> tuple[int, int, str, str] | None:
    for match in _CREATE_PAGE.finditer(script):
        args = [a.strip() for a in match.group(1).split(",")]
        numbers = [int(a) for a in args if a.isdigit()]
        strings = [a.strip("'\"") for a in args if a[:1] in "'\"" and a[-1:] in "'\""]
        if numbers:
            name, ext = strings[-2:] if len(strings) >= 2 else ("index", "html")
            return numbers[0], numbers[1] if len(numbers) > 1 else 0, name, ext
    return None


def _count_page(script: str) -> tuple[int, int, str, str] | None:
    count = _COUNT_PAGE.search(script)
    if not count or not _INDEX_CONCAT.search(script):
        return None
    current = _CURRENT_PAGE.search(script)
    ext = re.search(r"\.\"?\s*\+?\s*\"?(s?html?)\b", script)
    return (
        int(count.group(1)),
        int(current.group(1)) if current else 0,
        "index",
        ext.group(1) if ext else "html",
    )


def _jpage(dom: Dom, script: str, unit: str | None) -> tuple[list[str], int | None]:
    total = _JPAGE_TOTAL.search(script)
    records = _JPAGE_XML_RECORDS.search(script) or _JPAGE_RECORDS.search(script)
    per = _JPAGE_PER.search(script)
    pages = (
        int(total.group(1))
        if total
        else (
            math.ceil(int(records.group(1)) / int(per.group(1)))
            if records and per and int(per.group(1))
            else None
        )
    )
    unit_match = _UNITID.search(script)
    unit = unit_match.group(1) if unit_match else unit
    if not pages or not unit:
        return [], pages
    base = _bare(dom.url).split("?", 1)[0]
    return [f"{base}?uid={unit}&pageNum={n}" for n in range(2, min(pages, MAX_PAGES) + 1)], pages


def _base_for(generated_name: str, links: list[str], fallback: str) -> str:
    """Where numbered pages live: next to a pager link of the same name if there is one (the page URL may be
    a redirect or an alias), else next to the page."""
    for link in links:
        match = _INDEX_N.search(urlsplit(link).path)
        if match and match.group(1) == generated_name:
            return link
    return fallback


def _index_series(links: list[str]) -> tuple[list[str], int | None]:
    """index_1 … index_N links (a pager shows a few and 尾页): every page up to the highest, and the count."""
    highest: dict[tuple[str, str, str], int] = {}
    for link in links:
        match = _INDEX_N.search(urlsplit(link).path)
        if match:
            key = (urljoin(link, "."), match.group(1), match.group(3))
            highest[key] = max(highest.get(key, 0), int(match.group(2)))
    if not highest:
        return [], None
    (base, name, ext), top = max(highest.items(), key=lambda pair: pair[1])
    return [f"{base}{name}_{n}.{ext}" for n in range(1, min(top, MAX_PAGES) + 1)], top + 1


def pagination(dom: Dom) -> Pagination:
    """Other pages of this list and the total page count, from every style the page carries."""
    links = _link_pages(dom)
    series, total = _index_series(links)
    urls = links + series
    for script_el in dom.root.iter("script"):
        script = script_el.text or ""
        trs = _create_page(script) or _count_page(script)
        if trs:
            count, current, name, ext = trs
            urls += _numbered(_base_for(name, links, dom.url), name, ext, count, current)
            total = total or count
        if "<recordset" in script.lower() or "jpage" in script.lower():
            parent = script_el.getparent()
            found, pages = _jpage(dom, script, parent.get("id") if parent is not None else None)
            urls += found
            total = total or pages
    if total is None:
        match = _TEXT_TOTAL.search(dom.text)
        total = int(next(g for g in match.groups() if g)) if match else None
    current = _bare(dom.url)
    unique = [u for u in dict.fromkeys(_bare(u) for u in urls) if u != current]
    return Pagination(tuple(unique[:MAX_PAGES]), total)
