"""Publication and written dates of a page: an htmldate-style cascade of named layers, surest first.

Layers, in order (the first plausible answer wins):
  1. doc_field — 发布日期 in the document's attribute table;
  2. labelled  — a date after 发布日期/发布时间/发表时间/更新时间…, the first after the title;
  3. script    — the date a TRS template writes with script (`var pubdata='2020年11月27日'`);
  4. header    — in the lines right after the title: a date after a bare 日期/时间 label, a date standing
                 alone (`( 2024-05-11)`, `2019年10月08日`), or a date beside 来源/作者/浏览/字号;
  5. link      — the date of the list entry that linked to the page, when the list showed its year;
  6. written   — 成文日期/生成日期/发文日期 in the attribute table, when nothing above names a publication date;
  7. meta      — `<meta name="PubDate">`, unless it is the CMS's page-generation stamp;
  8. url       — /t20210624_185368.html, /art/2020/12/29/, /2024/12/7/ (day precision only);
  9. stamp     — a PubDate equal to the page-generation stamp (meta "页面生成时间 …");
 10. list_inferred — the linking entry's date whose year the list reader inferred (`03-05` on a homepage):
                 a guess at the year, so it never beats a full date of the page or its URL;
 11. fallback  — htmldate on the body (the head's CMS stamps already judged above), articles only.

Why the visible date outranks the PubDate meta although the national specification defines that meta:
on the labelled real pages the meta disagrees with the visible date on 5 of 29 dated articles, always
later (2009 → 2023 on miit.gov.cn after a migration; +3 days, +2 years, +3 months, +1 month elsewhere),
and on four of them it equals the meta "页面生成时间" stamp: TRS-style CMSs rewrite PubDate whenever a page
is regenerated. Evaluators, site managers and freshness rules all read the date the page shows, so the
visible date is the publication date and the meta is the fallback for pages that show none. For the same
reason a date only in the attribute table (发文日期) counts before the meta: it is the date a reader sees.

Dates inside the body, in sidebars, header clocks (今天是…) and related-link boxes are never read: the
labelled layer needs a publication label, the header layer looks only at the lines after the title.
A candidate before 1995 or after the fetch is implausible and recorded (with its layer). A date before 1995
is a CMS placeholder and the cascade goes on; a date the page shows (layers 1-6) after the fetch ends it
with no publication date: that date is what date_plausibility must judge (伪造发稿日期), and a meta, URL or
guessed date put in its place would hide it.

成文日期 (find_written): the attribute table's, else a （2007年6月29日…通过） line at the top of the text,
else the date under the signature that closes the body (国务院办公厅 / 2018年12月7日).
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
# a date a TRS-style template keeps in a script variable and writes with document.write
_SCRIPT_DATE = re.compile(
    r"\b(?:pub_?dat[ae]|pub_?time|publish_?(?:date|time)|fbsj|fbrq|doc_?rel_?time|rel_?time)\s*=\s*"
    r"([\"'])([^\"'\n]{6,40})\1",
    re.IGNORECASE,
)
_SCRIPT_HINTS = ("pub", "Pub", "PUB", "fbsj", "fbrq", "reltime", "RelTime", "RELTIME", "rel_time")
# a signature line closing a document: a body's name, Han characters only (国务院办公厅, 新疆文化艺术学校)
_SIGNER = re.compile(r"^[\u4e00-\u9fff（）()·\s]{2,40}$")
_SIGNER_AND_DATE = re.compile(r"^([\u4e00-\u9fff（）()·]{2,40})\s+(\S.{5,20})$")
_TIME_OF_DAY = re.compile(r"\d{1,2}\s*(?::|：|时)\s*\d{1,2}")
VISIBLE = frozenset({"doc_field", "labelled", "script", "header", "link", "written"})
HEADER_WINDOW = 400
BODY_PARAGRAPH = 60  # a text this long after the title is the body: header dates come before it
WRITTEN_WINDOW = 2000


@dataclass(frozen=True, slots=True)
class PubDate:
    """The chosen publication date, the layer that gave it, and the first implausible candidate seen with
    its layer."""

    value: date | None
    source: str | None
    implausible: date | None = None
    implausible_source: str | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """成文日期: the date, where it was read (doc_field, adoption, signature) and the text as shown."""

    value: date | None = None
    source: str | None = None
    text: str = ""


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
        if score and _in_link(chunk.element):
            score -= 1  # a breadcrumb's last item or a related link, not the page's own heading
        if score > best_score:
            best, best_score = i, score
    if best is None:  # the title names only the site: take the first main heading
        best = next((i for i, c in enumerate(dom.chunks) if len(c.text) >= 6 and _in_h1(c.element)), None)
    return best


def _in_link(el: etree._Element) -> bool:
    return any(e.tag == "a" for e in lineage(el, 3))


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


def script_dates(dom: Dom) -> list[date]:
    """Dates TRS-style templates keep in a script variable (`var pubdata='2020年11月27日'`) and write into
    the page: what the reader sees there. Scripts without a hint of such a name are not searched."""
    found = []
    for script in dom.scripts:
        if any(hint in script for hint in _SCRIPT_HINTS):
            found += [d for m in _SCRIPT_DATE.finditer(script) if (d := first_date(m.group(2)))]
    return found


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
    link_date_inferred: bool = False,
    allow_fallback: bool = True,
) -> PubDate:
    """Run the cascade; see the module docstring for the order and why. `link_date_inferred`: the linking
    entry showed no year (03-05) and the list reader inferred it."""
    anchor_at = dom.offsets[anchor] if anchor is not None else None
    meta = dom.meta("PubDate", "pubdate")
    stamp = compact(dom.generation_stamp())[:15]
    meta_is_stamp = bool(meta and stamp and compact(meta)[:15] == stamp)
    listed = None if link_date_inferred else link_date
    guessed = link_date if link_date_inferred else None
    layers = (
        ("doc_field", lambda: [_day(fields.get("发布日期", ""))]),
        ("labelled", lambda: _labelled(dom, anchor_at)),
        ("script", lambda: script_dates(dom)),
        ("header", lambda: _header(dom, anchor)),
        ("link", lambda: [listed]),
        ("written", lambda: [_day(fields.get("成文日期", ""))]),
        ("meta", lambda: [None if meta_is_stamp else _day(meta)]),
        ("url", lambda: [url_date(dom.url)[0]]),
        ("stamp", lambda: [_day(meta) if meta_is_stamp else None]),
        ("list_inferred", lambda: [guessed]),
        ("fallback", lambda: [_fallback(dom)] if allow_fallback else []),
    )
    implausible: tuple[date, str] | None = None
    for source, layer in layers:
        for value in layer():
            if value is None:
                continue
            if plausible(value, fetched_at):
                return PubDate(value, source, *(implausible or (None, None)))
            implausible = implausible or (value, source)
            if source in VISIBLE and value > fetched_at.date():
                return PubDate(
                    None, None, *implausible
                )  # shown and later than the fetch: no guess replaces it
    return PubDate(None, None, *(implausible or (None, None)))


def find_written_date(dom: Dom, fields: dict[str, str], *, anchor: int | None) -> date | None:
    """成文日期 from the attribute table or a （2007年6月29日…通过） line at the top of the text (not the
    signature: see find_written)."""
    return find_written(dom, fields, anchor=anchor, signature=False).value


def find_written(dom: Dom, fields: dict[str, str], *, anchor: int | None, signature: bool = True) -> Written:
    """成文日期: the attribute table's, else a standalone （2007年6月29日…通过） line at the top of the text,
    else (when `signature`) the date under the signature that closes the body."""
    shown = fields.get("成文日期", "")
    written = _day(shown)
    if written:
        return Written(written, "doc_field", shown)
    start = dom.offsets[anchor] if anchor is not None else 0
    last = dom.chunk_at(start + WRITTEN_WINDOW)
    for chunk in dom.chunks[(anchor or 0) : last + 1]:
        if _ADOPTION.match(chunk.text):
            return Written(first_date(chunk.text), "adoption", chunk.text)
    return _signed(dom, anchor) if signature and anchor is not None else Written()


def _signed(dom: Dom, anchor: int) -> Written:
    """The date under the signature after the body (国务院办公厅 / 2018年12月18日, or both on one line): the
    first such pair after a paragraph of running text, outside list rows and links. The first, not the
    last: a notice that issues a regulation (印发) signs before the attached text. A date with a time is a
    byline, not a signature; the page's title coming again (a mobile copy of the page) ends the search."""
    chunks = dom.chunks
    title = chunks[anchor].text
    prose = False
    for i in range(anchor + 1, len(chunks)):
        text = chunks[i].text
        if text == title:
            break
        if not prose:
            prose = len(text) >= BODY_PARAGRAPH or "。" in text
            continue
        if len(text) > 62 or not ("年" in text or "-" in text or "/" in text or "." in text):
            continue  # a signature date line is short and has a date's separator: most lines are neither
        signer_and_date = _SIGNER_AND_DATE.match(text)
        if signer_and_date and is_date_only(signer_and_date.group(2)):
            shown = signer_and_date.group(2)
        elif is_date_only(text) and _signer(chunks[i - 1].text, title):
            shown = text
        else:
            continue
        value = first_date(shown)
        if value and not _TIME_OF_DAY.search(shown) and not _in_link(chunks[i].element):
            if not _in_list_row(chunks[i].element, dom):
                return Written(value, "signature", squash(shown))
    return Written()


def _signer(text: str, title: str) -> bool:
    """A line that may sign a document: a short name in Han characters, not a label (日期, 发布时间) and not
    the title's line."""
    if not _SIGNER.match(text) or compact(text) == compact(title):
        return False
    return not ((_WEAK.search(text) or _STRONG.search(text)) and len(text) <= 8)
