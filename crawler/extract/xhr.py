"""Column lists that scripts load: the XHR endpoints a list page calls, and the links in what they answer.

Hanweb-style (大汉) pages page their lists through `/module/web/jpage/dataproxy.jsp` (records startrecord..
endrecord, `groupSize` pages per call, the column's parameters in a form); other CMSs call a JSON API page
by page. The list's script states the endpoint, the record total and the page size, so every call can be
written out without running the script; the answers (XML record sets, JSON) hold the article links.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

MAX_CALLS = 200
_CALL = re.compile(r"\(\s*\{")
_PAIR = re.compile(r"""["']?([A-Za-z_]\w*)["']?\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+)""")
_TOTAL = ("total", "totalRecord", "totalrecord", "totalCount", "recordCount")
_PER = ("per", "perPage", "perpage", "pageSize", "pagesize")
_PROXY = ("proxy", "proxyUrl", "proxyurl")
_API = ("api", "apiUrl", "dataUrl", "url")
_FORM = ("form", "param", "params")
# Query names a script appends to an API URL: "&pageNo=" + n, "&pageSize=" + per
_APPENDED = re.compile(r"""["'][?&]([A-Za-z_]\w*)=["']\s*\+""")
_PAGE_NAME = re.compile(r"^(?:page|pageno|pagenum|pageindex|curpage|currentpage|p)$", re.IGNORECASE)
_SIZE_NAME = re.compile(r"^(?:pagesize|perpage|size|rows|limit|ps)$", re.IGNORECASE)
_URL_KEYS = ("url", "link", "href", "linkurl", "docpuburl", "art_url")
_TITLE_KEYS = ("title", "name", "doctitle", "text")
_DATE_KEYS = (
    "pubDate",
    "pubdate",
    "publishDate",
    "publishTime",
    "pubTime",
    "pubtime",
    "releaseDate",
    "releaseTime",
    "docreltime",
    "fbrq",
    "date",
    "time",
    "createTime",
)
_PIN_KEYS = ("top", "isTop", "istop", "zhiding", "settop", "isTopped")


@dataclass(frozen=True, slots=True)
class ScriptLists:
    """What a page's scripts say of the lists they fill: the calls they would make (absolute GET URLs),
    the endpoints they name (bare, which are not pages), and the record totals they state."""

    calls: tuple[str, ...] = ()
    endpoints: frozenset[str] = frozenset()
    totals: tuple[int, ...] = ()

    @property
    def stated_empty(self) -> bool:
        """Every list configuration says 0 records: an empty list, nothing for a browser to add."""
        return bool(self.totals) and not any(self.totals)


def script_lists(scripts: list[str], page_url: str) -> ScriptLists:
    """Read the list configurations ({total: 17, per: 15, proxy: …} passed to a call) of a page's scripts."""
    embedded = any("<recordset" in script.lower() for script in scripts)
    appended = [name for script in scripts for name in _APPENDED.findall(script)]
    urls: list[str] = []
    endpoints: set[str] = set()
    totals: list[int] = []
    for script in scripts:
        for config in _configs(script):
            urls += _calls(config, appended, page_url, embedded)
            endpoint = _first(config, _PROXY) or _first(config, _API)
            if endpoint:
                endpoints.add(urljoin(page_url, endpoint).split("?", 1)[0])
            total, per = _first(config, _TOTAL), _first(config, _PER)
            if total and per and total.isdigit() and per.isdigit():
                totals.append(int(total))
    calls = list(dict.fromkeys(urls))[:MAX_CALLS]
    endpoints |= {call.split("?", 1)[0] for call in calls}
    return ScriptLists(tuple(calls), frozenset(endpoints), tuple(totals))


def xhr_urls(scripts: list[str], page_url: str) -> list[str]:
    """The calls a list page's scripts would make to fill its lists, as absolute GET URLs."""
    return list(script_lists(scripts, page_url).calls)


@dataclass(frozen=True, slots=True)
class JsonEntry:
    """One item of a JSON list answer: absolute URL, title, its date as written, and its pin (置顶)."""

    url: str
    title: str
    when: str = ""
    pinned: bool = False


def json_entries(text: str, page_url: str) -> list[JsonEntry]:
    """The items of a JSON list answer: every object that holds a link."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found = []
    for item in _objects(data):
        target = next((item[k] for k in _URL_KEYS if isinstance(item.get(k), str) and item[k].strip()), None)
        if target:
            title = next((item[k] for k in _TITLE_KEYS if isinstance(item.get(k), str)), "")
            when = next((str(item[k]) for k in _DATE_KEYS if isinstance(item.get(k), (str, int))), "")
            pinned = any(item.get(k) in (True, 1, "1", "true") for k in _PIN_KEYS)
            found.append(JsonEntry(urljoin(page_url, target.strip()), " ".join(title.split()), when, pinned))
    return found


def json_links(text: str, page_url: str) -> list[tuple[str, str]]:
    """(absolute URL, title) of the items of a JSON list answer."""
    return [(entry.url, entry.title) for entry in json_entries(text, page_url)]


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _configs(script: str) -> Iterator[dict[str, str]]:
    """Flat key: value pairs of each object literal passed to a call: f({...}) or $(…).jpage({...})."""
    for match in _CALL.finditer(script):
        body = _balanced(script, match.end() - 1)
        if body:
            yield {key: value.strip("\"'") for key, value in _PAIR.findall(body)}


def _balanced(text: str, start: int) -> str:
    depth = 0
    for index in range(start, min(len(text), start + 20000)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
    return ""


def _first(config: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((config[name] for name in names if config.get(name)), None)


def _calls(config: dict[str, str], appended: list[str], page_url: str, embedded: bool) -> list[str]:
    total, per = _first(config, _TOTAL), _first(config, _PER)
    if not (total and per and total.isdigit() and per.isdigit() and int(per) > 0):
        return []
    total_n, per_n = int(total), int(per)
    proxy = _first(config, _PROXY)
    if proxy:
        group = per_n * int(config.get("groupSize", "3") or 3)
        form = _first(config, _FORM) or ""
        base = urljoin(page_url, proxy)
        first = group + 1 if embedded else 1
        return [
            f"{base}?startrecord={start}&endrecord={min(start + group - 1, total_n)}&perpage={per_n}"
            + (f"&{form}" if form else "")
            for start in range(first, total_n + 1, group)
        ]
    api = _first(config, _API)
    page_name = next((n for n in appended if _PAGE_NAME.match(n)), None)
    size_name = next((n for n in appended if _SIZE_NAME.match(n)), None)
    if not api or not page_name:
        return []
    base = urljoin(page_url, api)
    joiner = "&" if "?" in base else "?"
    size = f"&{size_name}={per_n}" if size_name else ""
    return [f"{base}{joiner}{page_name}={page}{size}" for page in range(1, math.ceil(total_n / per_n) + 1)]
