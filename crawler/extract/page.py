"""read_html(text, url): title, national-spec meta tags, breadcrumb, links and a visible-text hash.

One lxml parse per page (the package's shared Dom) feeds every extractor; everything here walks that
tree in C (iter with tag filters, compiled XPath) because it runs once per fetched page on the hot path.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urldefrag

from lxml import etree

from crawler.extract._dom import Dom
from crawler.extract._dom import parse as parse_dom
from crawler.extract.pagination import Pagination, pagination
from crawler.extract.xhr import ScriptLists, json_links, script_lists

# The national web-page specification's meta names (政府网站网页设计规范), canonical spelling.
SPEC_META = (
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Image",
    "Url",
)
_META_BY_LOWER = {name.lower(): name for name in SPEC_META}
_SCRIPTS = etree.XPath("//script[not(@src)]/text()")
# A Hanweb datastore's <nextgroup> names the proxy call for the next records: pagination reads it, with
# its fields (crawler/extract/xhr.py); as a bare link it would be requested without them.
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";\s]+)", re.IGNORECASE)
_NEXTGROUP = re.compile(r"<nextgroup>.*?</nextgroup>", re.IGNORECASE | re.DOTALL)
_LABEL_NODES = etree.XPath("//body//text()[contains(., '位置') and string-length(normalize-space(.)) < 24]")
_CRUMB_CLASS = etree.XPath(
    "//body//*[contains(@class, 'bread') or contains(@class, 'crumb') or contains(@class, 'position')"
    " or contains(@class, 'dqwz') or contains(@class, 'currpos') or contains(@class, 'location')"
    " or contains(@id, 'bread') or contains(@id, 'crumb') or contains(@id, 'position')]"
)
# An unlabelled trail: a 首页 link whose tail is an arrow, as in <a>首页</a> > <a>新闻动态</a>
_HOME_THEN_ARROW = etree.XPath(
    "//body//a[normalize-space(.)='首页' or normalize-space(.)='网站首页' or normalize-space(.)='主页']"
    "[starts-with(normalize-space(following-sibling::node()[1]), '>')"
    " or starts-with(normalize-space(following-sibling::node()[1]), '＞')"
    " or starts-with(normalize-space(following-sibling::node()[1]), '»')]"
)
_CRUMB_LABEL = re.compile(r"^.*?(?:当前|所在|现在|你的|您的)[^：:]{0,6}位置\s*[：:]?")
_CRUMB_SEPARATORS = re.compile(r"\s*(?:>>|>|＞|»|›|→|/|\\|\|)\s*")
_CRUMB_MAX_CHARS = 400
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "#", "vbscript:", "sms:")
# URLs of pages quoted inside inline scripts: location.href = "...", window.open('...'), ajax url: "..."
_SCRIPT_URL = re.compile(
    r"""["']((?:https?://[^"'\s<>]+|\.{0,2}/?[\w\-./]*?\.(?:s?html?|jsp|php|aspx?|do|action))"""
    r"""(?:\?[^"'\s<>]*)?)["']"""
)
_ANCHOR_MAX = 300


@dataclass(frozen=True, slots=True)
class FoundLink:
    """A link as found on the page: absolute URL without fragment, anchor text, kind (a|frame|script)."""

    url: str
    anchor: str = ""
    kind: str = "a"


@dataclass(frozen=True, slots=True)
class PageFacts:
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    breadcrumb: str = ""
    text_hash: str = ""
    links: tuple[FoundLink, ...] = ()


def read_html(text: str, url: str) -> PageFacts:
    """Parse decoded HTML once and read it (see read_dom)."""
    dom = parse_dom(text, url)
    return read_dom(dom, pagination(dom), script_lists(dom.scripts, url))


def read_dom(dom: Dom, pages: Pagination, lists: ScriptLists) -> PageFacts:
    """A parsed page's facts, with the list pages a script would load: its pagination and the XHR calls
    its list scripts would make (dataproxy.jsp, JSON APIs), as links of kind "pagination". A bare endpoint
    that a script names is no page and no link."""
    facts = read_page(dom, text_hash(dom.text))
    links = [link for link in facts.links if link.kind != "script" or link.url not in lists.endpoints]
    links += [FoundLink(page, "", "pagination") for page in dict.fromkeys((*pages.urls, *lists.calls))]
    return dataclasses.replace(facts, links=tuple(links))


def read_json(text: str, url: str) -> PageFacts:
    """A JSON list answer: its item links (kind "a", the item title as anchor) and a hash of its text."""
    found = {
        FoundLink(target, clean_text(title)[:_ANCHOR_MAX], "a"): None
        for target, title in json_links(text, url)
        if "\x00" not in target
    }
    return PageFacts(text_hash=text_hash(text), links=tuple(found))


def clean_text(value: str) -> str:
    """Collapse whitespace and drop NUL characters (PostgreSQL text refuses them). split() breaks on what
    a regex's \\s matches, and runs faster than one."""
    return " ".join(value.replace("\x00", "").split())


def read_page(dom: Dom, digest: str) -> PageFacts:
    """Everything the pages and links tables keep of one parsed page."""
    return PageFacts(
        title=title_of(dom.root),
        meta=spec_meta(dom.root),
        breadcrumb=breadcrumb_of(dom.root),
        text_hash=digest,
        links=links_of(dom),
    )


def title_of(root: etree._Element) -> str:
    title = root.find(".//title")
    return clean_text("".join(title.itertext())) if title is not None else ""


def spec_meta(root: etree._Element) -> dict[str, str]:
    """The national-spec <meta name=… content=…> tags present, first value of each name."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = _META_BY_LOWER.get((meta.get("name") or "").strip().lower())
        if name and name not in found:
            found[name] = clean_text(meta.get("content") or "")
    return found


def text_hash(text: str) -> str:
    """sha256 of a page's visible text, whitespace collapsed: the same text hashes the same across sweeps."""
    return hashlib.sha256(clean_text(text).encode("utf-8", "surrogatepass")).hexdigest()


def links_of(dom: Dom) -> tuple[FoundLink, ...]:
    """<a>/<area> hrefs, <frame>/<iframe> srcs and page URLs quoted in inline scripts, deduplicated."""
    seen: set[tuple[str, str, str]] = set()
    found: list[FoundLink] = []

    def add(raw: str | None, anchor: str, kind: str) -> None:
        target = _absolute(dom, raw)
        if target and (target, anchor, kind) not in seen:
            seen.add((target, anchor, kind))
            found.append(FoundLink(target, anchor, kind))

    for element in dom.root.iter("a", "area", "frame", "iframe"):
        if element.tag in ("a", "area"):
            add(element.get("href"), _anchor_text(element), "a")
        else:
            add(element.get("src"), clean_text(element.get("title") or element.get("name") or ""), "frame")
    for meta in dom.root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            target = _REFRESH_URL.search(meta.get("content") or "")
            add(target.group(1) if target else None, "", "refresh")
    for script in _SCRIPTS(dom.root):
        datastore = "<datastore" in script[:4000].lower()
        text = _NEXTGROUP.sub("", script) if datastore else script
        for match in _SCRIPT_URL.finditer(text):
            add(html.unescape(match.group(1)) if datastore else match.group(1), "", "script")
    return tuple(found)


def _absolute(dom: Dom, raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip().replace("\x00", "")
    if not raw or raw.lower().startswith(_SKIP_SCHEMES):
        return None
    return _page_url(dom.absolute(raw))


@lru_cache(maxsize=8192)
def _page_url(url: str) -> str | None:
    """An absolute URL without its fragment, None unless http(s). Cached: a site's pages share links."""
    target = urldefrag(url)[0]
    return target if target.startswith(("http://", "https://")) else None


def _anchor_text(element: etree._Element) -> str:
    text = clean_text("".join(element.itertext()))
    if not text:
        text = clean_text(element.get("title") or "")
    if not text:
        image = element.find(".//img[@alt]")
        text = clean_text(image.get("alt")) if image is not None else ""
    return text[:_ANCHOR_MAX]


def breadcrumb_of(root: etree._Element) -> str:
    """当前位置：首页 > 政府信息公开 > … as "首页 > 政府信息公开 > …" (label dropped), or ""."""
    for node in _LABEL_NODES(root):
        if _CRUMB_LABEL.search(clean_text(node)):
            trail = _labelled_trail(node.getparent())
            if trail:
                return trail
    for element in _CRUMB_CLASS(root):
        if _few_links(element, minimum=2):
            trail = _crumb_parts(element)
            if len(trail) >= 2:
                return " > ".join(trail)
    for home in _HOME_THEN_ARROW(root):
        trail = _labelled_trail(home.getparent())
        if trail:
            return trail
    return ""


def _labelled_trail(element: etree._Element | None) -> str:
    """From the label up to the nearest ancestor that holds a link and at least two trail items."""
    while element is not None and element.tag not in ("body", "html"):
        if _few_links(element, minimum=1):
            trail = _crumb_parts(element)
            if len(trail) >= 2:
                return " > ".join(trail)
        element = element.getparent()
    return ""


def _few_links(element: etree._Element, minimum: int) -> bool:
    links = sum(1 for _ in element.iter("a"))
    return minimum <= links <= 15


def _crumb_parts(element: etree._Element) -> list[str]:
    parts: list[str] = []
    length = 0
    for piece in element.itertext():
        for token in _CRUMB_SEPARATORS.split(clean_text(piece)):
            token = _CRUMB_LABEL.sub("", token).strip()
            if token:
                parts.append(token)
                length += len(token)
        if length > _CRUMB_MAX_CHARS:
            return []
    return parts
