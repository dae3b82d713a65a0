"""search_form(dom): the page's site search form, if it has one (站内搜索, a site-health requirement).

A form counts as a search when its action, name, id or class says so (search, sousuo, jsearch, 搜索, 检索),
or when it has a text box named like a query (q, keyword, searchword …) or labelled 搜索/检索/关键词, or a
submit control reading 搜索/检索. Login and comment forms (a password box, a textarea) never count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from crawler.extract._dom import Dom, compact, text_content

_SEARCH_WORDS = re.compile(r"search|sousuo|jsearch|搜索|检索|全文检索|站内搜", re.IGNORECASE)
_QUERY_NAMES = frozenset(
    {"q", "query", "keyword", "keywords", "key", "kw", "wd", "searchword", "searchkey", "searchtext", "word"}
)
_LABEL_WORDS = re.compile(r"搜索|检索|关键词|关键字|search", re.IGNORECASE)
_TEXT_TYPES = frozenset({"", "text", "search"})


@dataclass(frozen=True, slots=True)
class SearchForm:
    """A search form: where it submits (absolute URL) and how (GET or POST)."""

    action: str
    method: str = "GET"

    def as_dict(self) -> dict[str, str]:
        return {"action": self.action, "method": self.method}


def _attrs(el: etree._Element, *names: str) -> str:
    return " ".join(el.get(name) or "" for name in names)


def _is_search(form: etree._Element) -> bool:
    controls = list(form.iter("input", "button", "textarea"))
    if any(c.tag == "textarea" or (c.get("type") or "").lower() == "password" for c in controls):
        return False
    if _SEARCH_WORDS.search(_attrs(form, "action", "name", "id", "class")):
        return True
    for control in controls:
        kind = (control.get("type") or "").lower()
        if control.tag == "input" and kind in _TEXT_TYPES:
            if (control.get("name") or "").lower() in _QUERY_NAMES:
                return True
            if _LABEL_WORDS.search(_attrs(control, "placeholder", "title", "aria-label")):
                return True
        elif kind == "submit" or control.tag == "button":
            if _LABEL_WORDS.search(compact(control.get("value") or text_content(control))):
                return True
    return False


def search_form(dom: Dom) -> SearchForm | None:
    """The first search form of the page, with its action resolved against the page, or None."""
    for form in dom.root.iter("form"):
        if not _is_search(form):
            continue
        action = dom.absolute(form.get("action") or "") or dom.base or dom.url
        return SearchForm(action=action, method=(form.get("method") or "GET").strip().upper() or "GET")
    return None


__all__ = ["SearchForm", "search_form"]
