"""Column lists that scripts load: the XHR endpoints a list page calls, and the links in what they answer.

Hanweb (大汉) jcms pages page their lists with jpage.js: `$('#4321').jpage({totalRecord:97, perPage:15,
groupSize:3, proxyUrl:'/module/web/jpage/dataproxy.jsp', ajaxParam:param_4321, …})`, with
`var param_4321 = {col:'1', appid:'1', webid:'3', columnid:'2087', unitid:'4321', …}` elsewhere on the page.
jpage.js POSTs `proxyUrl?startrecord=A&endrecord=B&perpage=P` with the ajaxParam fields as the form body,
one call per group of `groupSize` pages; without the fields jcms answers an empty `<datastore>`. Other CMSs
call a JSON API page by page. The list's script states the endpoint, the record total and the page size,
so every call can be written out without running the script; the answers (XML record sets, JSON) hold
the article links.

A jpage call travels as ONE absolute URL, `{proxy}?startrecord=A&endrecord=B&perpage=P&<ajaxParam fields,
urlencoded, in the object's order>`: the crawler stores links as URLs only and rebuilds requests from them
(--resume, incremental sweeps). `post_form(url)` splits such a URL back into what jpage.js sends.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

MAX_CALLS = 200
_CALL = re.compile(r"\(\s*\{")
_CALLEE = re.compile(r"([A-Za-z_$][\w$]*)\s*$")
_TOTAL = ("total", "totalRecord", "totalrecord", "totalCount", "recordCount")
_PER = ("per", "perPage", "perpage", "pageSize", "pagesize")
_PROXY = ("proxy", "proxyUrl", "proxyurl")
_API = ("api", "apiUrl", "dataUrl", "url")
_FORM = ("ajaxParam", "ajaxparam", "form", "param", "params")
_RANGE = ("startrecord", "endrecord", "perpage")  # what jpage.js puts in the proxy URL's own query
_JPAGE_PER, _JPAGE_GROUP, _OTHER_GROUP = 10, 1, 3  # jpage.js defaults; other record-set scripts use 3
_SCAN_MAX = 20000  # longest object literal read
# Query names a script appends to an API URL: "&pageNo=" + n, "&pageSize=" + per
_APPENDED = re.compile(r"""["'][?&]([A-Za-z_]\w*)=["']\s*\+""")
_PAGE_NAME = re.compile(r"^(?:page|pageno|pagenum|pageindex|curpage|currentpage|p)$", re.IGNORECASE)
_SIZE_NAME = re.compile(r"^(?:pagesize|perpage|size|rows|limit|ps)$", re.IGNORECASE)
# Object-literal pieces: a key and its colon; a quoted string; a number; a name (param_4321, window.x)
_KEY = re.compile(r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([A-Za-z_$][\w$]*))\s*:""")
_STRING = re.compile(r""""((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'""", re.DOTALL)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?![\w$])")
_NAME = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))", re.DOTALL)
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
class Ref:
    """A bare name as an object value (`ajaxParam:param_4321`): resolved against the page's scripts."""

    name: str


JsValue = str | Ref | dict[str, Any]


@dataclass(frozen=True, slots=True)
class ScriptLists:
    """What a page's scripts say of the lists they fill: the calls they would make (absolute URLs; a jpage
    call carries its form fields in the query, see post_form), the endpoints they name (bare, which are
    not pages), and the record totals they state."""

    calls: tuple[str, ...] = ()
    endpoints: frozenset[str] = frozenset()
    totals: tuple[int, ...] = ()

    @property
    def stated_empty(self) -> bool:
        """Every list configuration says 0 records: an empty list, nothing for a browser to add."""
        return bool(self.totals) and not any(self.totals)


def script_lists(scripts: list[str], page_url: str) -> ScriptLists:
    """Read the list configurations ({total: 17, per: 15, proxy: …} passed to a call) of a page's scripts."""
    embedded = any("<recordset" in script or "<RECORDSET" in script for script in scripts)
    appended = [name for script in scripts for name in _APPENDED.findall(script)]
    urls: list[str] = []
    endpoints: set[str] = set()
    totals: list[int] = []
    for script in scripts:
        for callee, config in _configs(script):
            flat = _flat(config)
            urls += _calls(callee, config, flat, scripts, appended, page_url, embedded)
            endpoint = _first(flat, _PROXY) or _first(flat, _API)
            if endpoint:
                endpoints.add(urljoin(page_url, endpoint).split("?", 1)[0])
            total, per = _first(flat, _TOTAL), _first(flat, _PER)
            if total and total.isdigit() and (callee == "jpage" or (per and per.isdigit())):
                totals.append(int(total))
    calls = list(dict.fromkeys(urls))[:MAX_CALLS]
    endpoints |= {call.split("?", 1)[0] for call in calls}
    return ScriptLists(tuple(calls), frozenset(endpoints), tuple(totals))


def xhr_urls(scripts: list[str], page_url: str) -> list[str]:
    """The calls a list page's scripts would make to fill its lists, as absolute URLs."""
    return list(script_lists(scripts, page_url).calls)


def post_form(url: str) -> tuple[str, dict[str, str]] | None:
    """What jpage.js sends for a call URL written by script_lists: the URL to POST to (the proxy with only
    startrecord/endrecord/perpage in its query) and the other fields as the form body. None for a URL that
    is no record-range call (startrecord and endrecord both in its query): send it as a GET."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    names = {name.lower() for name, _ in pairs}
    if "startrecord" not in names or "endrecord" not in names:
        return None
    query = urlencode([(name, value) for name, value in pairs if name.lower() in _RANGE])
    form = {name: value for name, value in pairs if name.lower() not in _RANGE}
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")), form


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


def _configs(script: str) -> Iterator[tuple[str, dict[str, JsValue]]]:
    """(callee, object) for each object literal passed to a call: f({...}) or $(…).jpage({...})."""
    for match in _CALL.finditer(script):
        parsed = _object(script, match.end() - 1)
        if parsed:
            callee = _CALLEE.search(script, max(0, match.start() - 40), match.start())
            yield (callee.group(1) if callee else ""), parsed[0]


def _object(text: str, start: int) -> tuple[dict[str, JsValue], int] | None:
    """The object literal whose "{" is at start, as key → value (string, number text, Ref or nested
    object), in the object's order, and the index after its "}". Values of other kinds (functions,
    arrays, expressions) are skipped: what a script computes at run time is not read."""
    found: dict[str, JsValue] = {}
    pos, end = start + 1, min(len(text), start + _SCAN_MAX)
    while pos < end:
        pos = _SPACE.match(text, pos).end()
        if pos >= end:
            return None
        if text[pos] == "}":
            return found, pos + 1
        if text[pos] == ",":
            pos += 1
            continue
        key = _KEY.match(text, pos)
        if not key:
            pos = _skip(text, pos, end)
            continue
        pos = _SPACE.match(text, key.end()).end()
        value, pos = _value(text, pos, end)
        name = next(group for group in key.groups() if group is not None)
        if value is not None:
            found[_unescape(name)] = value
        pos = _skip(text, pos, end)
    return None


def _value(text: str, pos: int, end: int) -> tuple[JsValue | None, int]:
    """One value at pos: a string, a number, a nested object or a bare name; None for anything else."""
    char = text[pos : pos + 1]
    if char in ("'", '"'):
        match = _STRING.match(text, pos)
        if match:
            raw = match.group(1) if match.group(1) is not None else match.group(2)
            return _unescape(raw), match.end()
    elif char == "{":
        nested = _object(text, pos)
        if nested:
            return nested
    elif match := _NUMBER.match(text, pos):
        return match.group(), match.end()
    elif match := _NAME.match(text, pos):
        after = _SPACE.match(text, match.end()).end()
        if text[after : after + 1] not in ("(", "[", "+", "?"):  # a call or an expression: run-time
            return Ref(match.group()), match.end()
    return None, pos


def _skip(text: str, pos: int, end: int) -> int:
    """The index of the next "," or "}" at this object's level: skips functions, arrays and strings."""
    depth = 0
    while pos < end:
        char = text[pos]
        if char in ("'", '"'):
            match = _STRING.match(text, pos)
            pos = match.end() if match else pos + 1
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return pos
            depth -= 1
        elif char == "," and depth == 0:
            return pos
        pos += 1
    return end


def _unescape(raw: str) -> str:
    r"""A JavaScript string literal's text: \uXXXX and backslash escapes resolved."""
    if "\\" not in raw:
        return raw
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), raw)


def _flat(config: dict[str, JsValue]) -> dict[str, str]:
    """The object's strings and numbers, nested objects' ones included (a key of the outer level wins):
    list settings sit at any depth ({pager: {total: 17, per: 15}})."""
    flat: dict[str, str] = {}
    stack = [config]
    while stack:
        node = stack.pop(0)
        for key, value in node.items():
            if isinstance(value, str):
                flat.setdefault(key, value)
            elif isinstance(value, dict):
                stack.append(value)
    return flat


def _first(config: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((config[name] for name in names if config.get(name)), None)


def _calls(
    callee: str,
    config: dict[str, JsValue],
    flat: dict[str, str],
    scripts: list[str],
    appended: list[str],
    page_url: str,
    embedded: bool,
) -> list[str]:
    """The calls one list configuration makes: dataproxy record ranges, or API pages."""
    if _first(flat, _PROXY):
        return _record_calls(callee, config, flat, scripts, page_url, embedded)
    total, per = _first(flat, _TOTAL), _first(flat, _PER)
    if not (total and per and total.isdigit() and per.isdigit() and int(per) > 0):
        return []
    total_n, per_n = int(total), int(per)
    api = _first(flat, _API)
    page_name = next((n for n in appended if _PAGE_NAME.match(n)), None)
    size_name = next((n for n in appended if _SIZE_NAME.match(n)), None)
    if not api or not page_name:
        return []
    base = urljoin(page_url, api)
    joiner = "&" if "?" in base else "?"
    size = f"&{size_name}={per_n}" if size_name else ""
    return [f"{base}{joiner}{page_name}={page}{size}" for page in range(1, math.ceil(total_n / per_n) + 1)]


def _record_calls(
    callee: str,
    config: dict[str, JsValue],
    flat: dict[str, str],
    scripts: list[str],
    page_url: str,
    embedded: bool,
) -> list[str]:
    """jpage's group calls, startrecord..endrecord of `groupSize` pages each, after the group the page
    embeds, with the form fields in the URL (see post_form). No fields, no call: jcms answers a call
    without them with an empty record set, which would read as a list with nothing more in it."""
    jpage = callee == "jpage"
    total = _first(flat, _TOTAL)
    per = _first(flat, _PER) or (str(_JPAGE_PER) if jpage else None)
    form = _form(config, scripts)
    if not (total and per and total.isdigit() and per.isdigit() and int(per) > 0 and form):
        return []
    total_n, per_n = int(total), int(per)
    size = flat.get("groupSize") or flat.get("groupsize") or ""
    group = per_n * (
        int(size) if size.isdigit() and int(size) > 0 else _JPAGE_GROUP if jpage else _OTHER_GROUP
    )
    base = urljoin(page_url, _first(flat, _PROXY) or "")
    joiner = "&" if "?" in base else "?"
    first = group + 1 if embedded else 1
    return [
        f"{base}{joiner}startrecord={start}&endrecord={min(start + group - 1, total_n)}&perpage={per_n}&{form}"
        for start in range(first, total_n + 1, group)
    ][:MAX_CALLS]


def _form(config: dict[str, JsValue], scripts: list[str]) -> str:
    """The form fields a list call sends, urlencoded in the object's order: `ajaxParam` as an inline
    object, a name of an object defined elsewhere on the page (`var param_4321 = {…}`), or a ready string."""
    value = next((config[name] for name in _FORM if name in config), None)
    if isinstance(value, Ref):
        value = _defined(value.name, scripts)
    if isinstance(value, str):
        return value.lstrip("?&")
    if isinstance(value, dict):
        return urlencode([(key, field) for key, field in _fields(value)])
    return ""


def _fields(params: dict[str, JsValue]) -> Iterator[tuple[str, str]]:
    """The name=value pairs jQuery's $.param sends for a flat object: true/false as words, null as ''."""
    for key, value in params.items():
        if isinstance(value, str):
            yield key, value
        elif isinstance(value, Ref) and value.name in ("true", "false"):
            yield key, value.name
        elif isinstance(value, Ref) and value.name in ("null", "undefined"):
            yield key, ""


def _defined(name: str, scripts: list[str]) -> JsValue | None:
    """The object or string a page's scripts assign to a name: `var param_4321 = {…};`."""
    pattern = re.compile(rf"(?<![\w$.]){re.escape(name)}\s*=(?!=)\s*")
    for script in scripts:
        if name not in script:
            continue
        for match in pattern.finditer(script):
            value, _ = _value(script, match.end(), min(len(script), match.end() + _SCAN_MAX))
            if isinstance(value, (str, dict)):
                return value
    return None
