"""One parse of a page: the lxml tree, its meta tags and its visible text as an ordered stream of chunks.

Every extractor of this package reads this one view, so a page is parsed and walked once.
Hidden elements (display:none, the hidden attribute, hide/ng-hide classes), scripts, styles and
comments contribute no text: what a reader cannot see is not the page's date or field.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "textarea", "select", "option", "head", "title"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_CLASSES = frozenset({"hide", "hidden", "ng-hide", "d-none", "display-none", "sr-only"})
_SPACES = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u200b\ufeff]+")
_ZERO_WIDTH, _BOM = "\u200b", "\ufeff"  # the only characters of _SPACES that str.split() keeps
_STAMP = re.compile(r"页面生成时间\s*(.+)")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_ROOTED: dict[tuple[str, str, str], str] = {}  # (base scheme, base host, rooted href) → absolute URL
_ROOTED_MAX = 50_000
# lxml.etree's own HTML parser, not lxml.html's: that one looks up a Python element class for every
# element the extractors touch, a cost paid on every page for methods this package does not use.
_CLEAN_PARSER = etree.HTMLParser(remove_comments=False, recover=True, collect_ids=False)
_STRING = etree.XPath("string()", smart_strings=False)


def squash(text: str | None) -> str:
    """Whitespace of every kind (nbsp, ideographic space) collapsed to one space, stripped."""
    if not text:
        return ""
    if _ZERO_WIDTH in text or _BOM in text:
        return _SPACES.sub(" ", text).strip()
    return " ".join(text.split())  # the same without the regex: split() breaks on the rest of _SPACES


def compact(text: str | None) -> str:
    """Text with all whitespace removed: for comparing labels and titles."""
    if not text:
        return ""
    if _ZERO_WIDTH in text or _BOM in text:
        return _SPACES.sub("", text)
    return "".join(text.split())


def text_content(el: etree._Element) -> str:
    """All the text under an element, as lxml.html's HtmlElement.text_content reads it (XPath string())."""
    return _STRING(el)


def is_hidden(el: etree._Element) -> bool:
    """An element a browser would not show without script."""
    attrib = el.attrib
    if not attrib:
        return False
    if "hidden" in attrib:
        return True
    style = attrib.get("style")
    if style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
        return True
    classes = attrib.get("class")
    return (
        bool(classes)
        and ("hide" in classes or "hidden" in classes or "none" in classes or "only" in classes)
        and not _HIDDEN_CLASSES.isdisjoint(classes.split())
    )


def lineage(el: etree._Element | None, depth: int) -> Iterator[etree._Element]:
    """The element and its ancestors, at most depth elements in all."""
    while el is not None and depth > 0:
        yield el
        el = el.getparent()
        depth -= 1


@dataclass(frozen=True, slots=True)
class Chunk:
    """One visible text node: its squashed text and the element that holds it."""

    text: str
    element: etree._Element


@dataclass(slots=True)
class Dom:
    """The parsed page. `text` is the chunks joined by newlines; `offsets[i]` is chunk i's start in it."""

    url: str
    root: etree._Element
    metas: dict[str, str]
    chunks: list[Chunk]
    text: str
    offsets: list[int]
    html_title: str
    scripts: list[str] = field(default_factory=list)
    hidden: frozenset[etree._Element] = frozenset()  # every element inside a hidden subtree
    base: str = ""  # the <base href> links resolve against; the page URL when there is none
    _joined: dict[str, str] = field(default_factory=dict)  # href → absolute(href): links repeat
    _texts: dict[etree._Element, str] = field(default_factory=dict)  # element → text_of(element)
    memo: dict[str, Any] = field(default_factory=dict)  # what an extractor reads of the page more than once

    def chunk_at(self, offset: int) -> int:
        """Index of the chunk that contains a position of `text`."""
        return max(0, bisect.bisect_right(self.offsets, offset) - 1)

    def meta(self, *names: str) -> str:
        """The first non-empty meta content among names (case-insensitive)."""
        for name in names:
            value = self.metas.get(name.lower(), "")
            if value:
                return value
        return ""

    def generation_stamp(self) -> str:
        """The CMS's "页面生成时间 …" stamp (meta name="others"), or ''."""
        match = _STAMP.search(self.meta("others"))
        return match.group(1).strip() if match else ""

    def text_of(self, el: etree._Element) -> str:
        """squash(text_content(el)), memoised: the list, pager, navigation and kind extractors all read
        the text of the same links."""
        text = self._texts.get(el)
        if text is None:
            text = self._texts[el] = squash(text_content(el))
        return text

    def absolute(self, href: str) -> str:
        """href resolved against the page's base; '' when it is not a URL (http://[::1 and the like)."""
        known = self._joined.get(href)
        if known is None:
            known = self._joined[href] = _absolute(self.base or self.url, href.strip())
        return known


def _absolute(base: str, href: str) -> str:
    """urljoin, checked. A path from the site root (/a/b.html, most links of a site) resolves the same on
    every page of the site (urljoin reads only the base's scheme and host for it): cached across pages."""
    if not base or not _rooted(href):
        return _checked_join(base, href)
    try:
        scheme, host = urlsplit(base)[:2]
    except ValueError:
        return ""
    key = (scheme, host, href)
    known = _ROOTED.get(key)
    if known is None:
        if len(_ROOTED) >= _ROOTED_MAX:
            _ROOTED.clear()
        known = _ROOTED[key] = _checked_join(base, href)
    return known


def _rooted(href: str) -> bool:
    """A path from the site root: a slash not followed by another ("//host" names a host; urlsplit drops
    tabs and newlines, so "/<tab>/host" does too)."""
    return href[:1] == "/" and href[1:2] not in ("/", "\t", "\n", "\r")


def _checked_join(base: str, href: str) -> str:
    try:
        known = urljoin(base, href)
        urlsplit(known).port  # noqa: B018 - raises on a malformed host or port
    except ValueError:
        return ""
    return known


def _root(html: str) -> etree._Element:
    html = _XML_DECL.sub("", html, count=1)
    try:
        root = etree.fromstring(html, _CLEAN_PARSER) if html.strip() else None
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        return etree.fromstring("<html><body></body></html>", _CLEAN_PARSER)
    # pages glued from templates can hold a second <html> after the first: keep it in the one tree
    extras = [sibling for sibling in root.itersiblings() if isinstance(sibling.tag, str)]
    if extras:
        body = root.find("body")
        for sibling in extras:
            (body if body is not None else root).append(sibling)
    return root


def _metas(root: etree._Element) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name and name not in metas:
            metas[name] = squash(meta.get("content"))
    return metas


def _emit(chunks: list[Chunk], text: str, holder: etree._Element) -> None:
    if not text.isspace():  # most text nodes are indentation
        text = squash(text)
        if text:
            chunks.append(Chunk(text, holder))


def _stream(root: etree._Element) -> tuple[list[Chunk], set[etree._Element]]:
    """Visible text nodes in document order, without recursion (pages nest deeply), and hidden elements."""
    chunks: list[Chunk] = []
    hidden: set[etree._Element] = set()
    if root.text:
        _emit(chunks, root.text, root)
    stack = [(root, iter(root))]
    while stack:
        parent, children = stack[-1]
        for child in children:  # resumed where it stopped when the walk comes back up to parent
            if isinstance(child.tag, str) and child.tag not in _SKIP_TAGS:
                if not is_hidden(child):
                    if text := child.text:
                        _emit(chunks, text, child)
                    stack.append((child, iter(child)))
                    break
                hidden.update(child.iter())
            if tail := child.tail:
                _emit(chunks, tail, parent)
        else:
            stack.pop()
            if stack and (tail := parent.tail):
                _emit(chunks, tail, stack[-1][0])
    return chunks, hidden


def parse(html: str, url: str) -> Dom:
    """Parse a decoded page once."""
    root = _root(html)
    chunks, hidden = _stream(root)
    offsets, position = [], 0
    for chunk in chunks:
        offsets.append(position)
        position += len(chunk.text) + 1
    title_el = root.find(".//title")
    scripts = [s.text for s in root.iter("script") if s.text and s.text.strip()]
    base = root.find(".//base[@href]")
    return Dom(
        url=url,
        root=root,
        metas=_metas(root),
        chunks=chunks,
        text="\n".join(c.text for c in chunks),
        offsets=offsets,
        html_title=squash(text_content(title_el)) if title_el is not None else "",
        scripts=scripts,
        hidden=frozenset(hidden),
        base=_join(url, base.get("href")) if base is not None else "",
    )


def _join(url: str, href: str) -> str:
    try:
        return urljoin(url, href.strip())
    except ValueError:
        return ""
