"""Publication and written dates of a page: an htmldate-style cascade of named layers, surest first.

Layers, in order (the first plausible answer wins):
  1. doc_field — 发布日期 in the document's attribute table;
  2. labelled  — a date after 发布日期/发布时间/发表时间/更新时间…, the first after the title;
  3. header    — in the lines right after the title: a date after a bare 日期/时间 label, a date standing
                 alone (`( 2024-05-11)`, `2019年10月08日`), or a date beside 来源/作者/浏览/字号;
  4. link      — the date of the list entry that linked to the page;
  5. written   — 成文日期/生成日期/发文日期 in the attribute table, when nothing above names a publication date;
  6. meta      — `<meta name="PubDate">`, unless it is the CMS's page-generation stamp;
  7. url       — /t20210624_185368.html, /art/2020/12/29/, /2024/12/7/ (day precision only);
  8. stamp     — a PubDate equal to the page-generation stamp (meta "页面生成时间 …");
  9. fallback  — htmldate on the body (the head's CMS stamps already judged above), articles only.

Why the visible date outranks the PubDate meta although the national specification defines that meta:
on the labelled real pages the meta disagrees with the visible date on 5 of 29 dated articles, always
later (2009 → 2023 on miit.gov.cn after a migration; +3 days, +2 years, +3 months, +1 month elsewhere),
and on four of them it equals the meta "页面生成时间" stamp: TRS-style CMSs rewrite PubDate whenever a page
is regenerated. Evaluators, site managers and freshness rules all read the date the page shows, so the
visible date is the publication date and the meta is the fallback for pages that show none. For the same
reason a date only in the attribute table (发文日期) counts before the meta: it is the date a reader sees.

Dates inside the body, in sidebars, header clocks (今天是…) and related-link boxes are never read: the
labelled layer needs a publication label, the header layer looks only at the lines after the title.
A candidate before 1995 or after the fetch is implausible: it is recorded and the cascade goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from crawler.extract._dom import Dom, compact, lineage, squash, text_content
from crawler.extract.dates import find_dates, first_date, is_date_only, parse_loose, plausible, url_date

_STRONG = re.compile(r"(?:发布|发表|发稿|公布|上传|更新)\s*(?:日期|时间)|发布于")
_WEAK = re.compile(r"(?<![\u4e00-\u9fff])(?:日\s*期|时\s*间)")
_BYLINE = re.compile(r"来\s*源|作\s*者|浏览|点击|阅读|访问|字\s*号|编\s*辑|信息来源|文章来源")
_AFTER_LABEL = re.compile(r"\s*[:：]?\s*[\[(（【]?\s*")
_ADOPTION = re.compile(r"^[（(]\s*(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年[^（）()]{2,80}[）)]$")
_BLOCKS = frozenset({"p", "div", "li", "td", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_HINT = re.compile(r"title|biaoti|tit\b|headline", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s[-_|｜—–]+\s|[_|｜]+|--+|——")
HEADER_WINDOW = 400
BODY_PARAGRAPH = 60  # a text this long after the title is the body: header dates come before it
WRITTEN_WINDOW = 2000


@dataclass(frozen=True, slots=True)
class PubDate:
    """The chosen publication date, the layer that gave it, and the first implausible candidate seen."""

    value: date | None
    source: str | None
    implausible: date | None = None


def title_candidates(dom: Dom) -> list[str]:
    """Strings the article title may appear as: the ArticleTitle meta, then the parts of <title>."""
    site = compact(dom.meta("SiteName"))
    found = [compact(dom.meta("ArticleTitle"))]
    found += [compact(part) for part in _TITLE_SPLIT.split(dom.html_title)]
    return [c for c in dict.fromkeys(found) if len(c) >= 6 and c != site]


def _looks_like_heading(el: etree._Element) -> bool:
    return any(
        e.tag in _HEADINGS or _HEADING_HINT.search(f"{e.get('class') or ''} {e.get('id') or ''}")
        for e in lineage(el, 3)
    )


def title_anchor(dom: Dom) -> int | None:
    """Index of the chunk holding the article title (a heading preferred), else of the first <h1>, or None."""
    candidates = title_candidates(dom)
    best, best_score = None, 0
    for i, chunk in enumerate(dom.chunks):
        text = compact(chunk.text)
        if len(text) < 6:
            continue
        score = (
            max(
                (3 if text == c else 2 if len(text) >= 8 and (text in c or c in text) else 0)
                for c in candidates
            )
            if candidates
            else 0
        )
        if score and _looks_like_heading(chunk.element):
            score += 1
        if score > best_score:
            best, best_score = i, score
    if best is None:  # the title names only the site: take the first main heading
        best = next((i for i, c in enumerate(dom.chunks) if len(c.text) >= 6 and _in_h1(c.element)), None)
    return best


def _in_list_row(el: etree._Element, dom: Dom) -> bool:
    row = next((e for e in lineage(el, 3) if e.tag in ("li", "tr", "dd")), None)
    return row is not None and any(len(dom.text_of(a)) >= 6 for a in row.iter("a"))


def _in_h1(el: etree._Element) -> bool:
    return any(e.tag == "h1" for e in lineage(el, 3))


def _date_after(text: str, pos: int) -> date | None:
    """The date that follows a label ending at pos, if it starts right there."""
    start = _AFTER_LABEL.match(text, pos).end()
    window = text[start : start + 32]
    hits = find_dates(window)
    if hits and hits[0].start == 0:
        return hits[0].value
    if not hits and window[:1].isascii() and window[:1].isalpha():
        return parse_loose(window.split("\n", 1)[0])
    return None


def _labelled(dom: Dom, anchor_at: int | None) -> list[date]:
    found = [(m.start(), d) for m in _STRONG.finditer(dom.text) if (d := _date_after(dom.text, m.end()))]
    if anchor_at is None:
        return [d for _, d in found]
    after = [d for pos, d in found if pos >= anchor_at]
    before = [d for pos, d in reversed(found) if pos < anchor_at]
    return after + before


def _block_text(el: etree._Element) -> str:
    """Text of the paragraph-like block around an element (a date split over several inline tags)."""
    block = next((e for e in lineage(el, 4) if e.tag in _BLOCKS), None)
    return squash(text_content(block))[:200] if block is not None else ""


def _header_end(dom: Dom, anchor: int) -> int:
    """Where the header lines after the title stop: HEADER_WINDOW characters on, or the first paragraph of
    running text (the body), whichever comes first."""
    limit = dom.offsets[anchor] + HEADER_WINDOW
    for i in range(anchor + 1, len(dom.chunks)):
        if dom.offsets[i] >= limit:
            break
        if len(dom.chunks[i].text) >= BODY_PARAGRAPH:
            return dom.offsets[i]
    return limit


def _header(dom: Dom, anchor: int | None) -> list[date]:
    """Dates in the lines right after the title: weak-labelled, standing alone, or beside a byline word."""
    if anchor is None:
        return []
    start, end = dom.offsets[anchor], _header_end(dom, anchor)
    window = dom.text[start:end]
    found = [(m.start(), d) for m in _WEAK.finditer(window) if (d := _date_after(window, m.end()))]
    for i in range(anchor + 1, len(dom.chunks)):
        if dom.offsets[i] >= end:
            break
        text = dom.chunks[i].text
        hits = find_dates(text)
        if not hits:
            continue
        if _ADOPTION.match(text) or _ADOPTION.match(_block_text(dom.chunks[i].element)):
            continue  # （2023年4月12日）under a title is the document's own date (成文), not its publication
        if _in_list_row(dom.chunks[i].element, dom):
            continue  # the date of an entry of a list under a heading
        near_byline = _BYLINE.search(dom.text[max(0, dom.offsets[i] - 20) : dom.offsets[i] + len(text) + 20])
        if is_date_only(text) or (near_byline and len(text) <= 80):
            found.append((dom.offsets[i] - start, hits[0].value))
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def _day(text: str) -> date | None:
    return first_date(text) if text else None


def _fallback(dom: Dom) -> date | None:
    """htmldate over the body only: the head's CMS stamps were judged by the layers above."""
    import lxml.html
    from htmldate import find_date

    body = dom.root.find("body")
    if body is None:
        return None
    found = find_date(
        lxml.html.tostring(body, encoding="unicode"), original_date=True, extensive_search=False
    )
    return date.fromisoformat(found) if found else None


def find_pub_date(
    dom: Dom,
    fields: dict[str, str],
    *,
    anchor: int | None,
    fetched_at: datetime,
    link_date: date | None = None,
    allow_fallback: bool = True,
) -> PubDate:
    """Run the cascade; see the module docstring for the order and why."""
    anchor_at = dom.offsets[anchor] if anchor is not None else None
    meta = dom.meta("PubDate", "pubdate")
    stamp = compact(dom.generation_stamp())[:15]
    meta_is_stamp = bool(meta and stamp and compact(meta)[:15] == stamp)
    layers = (
        ("doc_field", lambda: [_day(fields.get("发布日期", ""))]),
        ("labelled", lambda: _labelled(dom, anchor_at)),
        ("header", lambda: _header(dom, anchor)),
        ("link", lambda: [link_date]),
        ("written", lambda: [_day(fields.get("成文日期", ""))]),
        ("meta", lambda: [None if meta_is_stamp else _day(meta)]),
        ("url", lambda: [url_date(dom.url)[0]]),
        ("stamp", lambda: [_day(meta) if meta_is_stamp else None]),
        ("fallback", lambda: [_fallback(dom)] if allow_fallback else []),
    )
    implausible = None
    for source, layer in layers:
        for value in layer():
            if value is None:
                continue
            if plausible(value, fetched_at):
                return PubDate(value, source, implausible)
            implausible = implausible or value
    return PubDate(None, None, implausible)


def find_written_date(dom: Dom, fields: dict[str, str], *, anchor: int | None) -> date | None:
    """成文日期: the attribute table's, else a standalone （2007年6月29日…通过） line at the top of the text."""
    written = _day(fields.get("成文日期", ""))
    if written:
        return written
    start = dom.offsets[anchor] if anchor is not None else 0
    last = dom.chunk_at(start + WRITTEN_WINDOW)
    for chunk in dom.chunks[(anchor or 0) : last + 1]:
        if _ADOPTION.match(chunk.text):
            return first_date(chunk.text)
    return None
