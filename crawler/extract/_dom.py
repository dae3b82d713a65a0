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
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "textarea", "select", "option", "head", "title"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_CLASSES = frozenset({"hide", "hidden", "ng-hide", "d-none", "display-none", "sr-only"})
_SPACES = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u200b\ufeff]+")
_STAMP = re.compile(r"页面生成时间\s*(.+)")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CLEAN_PARSER = lxml.html.HTMLParser(remove_comments=False, recover=True, collect_ids=False)


def squash(text: str | None) -> str:
    """Whitespace of every kind (nbsp, ideographic space) collapsed to one space, stripped."""
    return _SPACES.sub(" ", text).strip() if text else ""


def compact(text: str | None) -> str:
    """Text with all whitespace removed: for comparing labels and titles."""
    return _SPACES.sub("", text) if text else ""


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

    def absolute(self, href: str) -> str:
        """href resolved against the page's base; '' when it is not a URL (http://[::1 and the like)."""
        known = self._joined.get(href)
        if known is None:
            try:
                known = urljoin(self.base or self.url, href.strip())
                urlsplit(known).port  # noqa: B018 - raises on a malformed host or port
            except ValueError:
                known = ""
            self._joined[href] = known
        return known


def _root(html: str) -> etree._Element:
    html = _XML_DECL.sub("", html, count=1)
    try:
        root = lxml.html.document_fromstring(html, parser=_CLEAN_PARSER) if html.strip() else None
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        return lxml.html.document_fromstring("<html><body></body></html>")
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


def _stream(root: etree._Element) -> tuple[list[Chunk], set[etree._Element]]:
    """Visible text nodes in document order, without recursion (pages nest deeply), and hidden elements."""
    chunks: list[Chunk] = []
    hidden: set[etree._Element] = set()

    def emit(text: str | None, holder: etree._Element) -> None:
        text = squash(text)
        if text:
            chunks.append(Chunk(text, holder))

    emit(root.text, root)
    stack = [(root, iter(root))]
    while stack:
        parent, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                emit(parent.tail, stack[-1][0])
            continue
        if isinstance(child.tag, str) and child.tag not in _SKIP_TAGS:
            if not is_hidden(child):
                emit(child.text, child)
                stack.append((child, iter(child)))
                continue
            hidden.update(child.iter())
        emit(child.tail, parent)
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
        html_title=squash(title_el.text_content()) if title_el is not None else "",
        scripts=scripts,
        hidden=frozenset(hidden),
        base=_join(url, base.get("href")) if base is not None else "",
    )


def _join(url: str, href: str) -> str:
    try:
        return urljoin(url, href.strip())
    except ValueError:
        return ""
