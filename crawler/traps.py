"""URL rules that keep a sweep finite: session ids ignored, query and calendar variants capped, paths bounded.

Calendars, search pages and session ids make infinite URL spaces on real portals. A trap is a page that
links to new variants of itself, so a query family (same path, same query keys) is capped only in what
its own pages add: show.asp?id=N linked from list pages is a site's articles, not a trap. Calendar-like
families (a date, month or year in the query or path) are capped much tighter, whoever links them.
TrapGuard decides per URL before it is scheduled and is replayed over stored pages on --resume, so its
answers depend only on the URLs it was shown, in order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import parse_qsl, urlsplit, urlunsplit

SESSION_KEYS = frozenset(
    {
        "jsessionid",
        "phpsessid",
        "sid",
        "sessionid",
        "session_id",
        "sessid",
        "cfid",
        "cftoken",
        "zenid",
        "oscsid",
        "wsessionid",
    }
)
_PATH_SESSION = re.compile(r";(?:jsessionid|sessionid|sid|phpsessid)=[^/?#]*", re.IGNORECASE)
_ASP_SESSION = re.compile(r"^aspsessionid[a-z]*$", re.IGNORECASE)
# A date, a month or a year as a whole path segment (2024, 2024-05, 202405, 20240501) or query value
# (written with separators: 2024-05, 2024/5/1; bare digits count only under a key such as month=).
_CALENDAR_VALUE = re.compile(
    r"^(?:19|20)\d{2}(?:[-_./]?(?:0?[1-9]|1[0-2])(?:[-_./]?(?:0?[1-9]|[12]\d|3[01]))?)?$"
)
_SEPARATED_DATE = re.compile(r"^(?:19|20)\d{2}[-_./](?:0?[1-9]|1[0-2])(?:[-_./](?:0?[1-9]|[12]\d|3[01]))?$")
_CALENDAR_KEYS = frozenset(
    {"year", "month", "day", "date", "ym", "ymd", "cal", "calendar", "week", "y", "m", "d"}
)
_SMALL_NUMBER = re.compile(r"^\d{1,2}$")
_CALENDAR_SHARE = 3  # calendar-like variants get a third of the query-variant cap (at least 2)
_MAX_SEGMENT_REPEATS = 3

Family = tuple[str, str, str]  # netloc, path shape, sorted query keys
# The one refusal that depends on where a URL was found, so the same URL may be admitted from elsewhere.
SELF_LINKED = "self-linked query variants"


def url_key(url: str) -> str:
    """Identity of a page for "already seen": no fragment, no session id, host lowercased, query sorted."""
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path) if ";" in parts.path else parts.path
    query = parts.query
    if query:
        pairs = [p for p in query.split("&") if p and not _is_session_key(p.split("=", 1)[0])]
        query = "&".join(sorted(pairs))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path or "/", query, ""))


def _is_session_key(key: str) -> bool:
    lowered = key.lower()
    return lowered in SESSION_KEYS or bool(_ASP_SESSION.match(lowered))


class TrapGuard:
    """Admits URLs until a family is full, or refuses a path that is too deep or repeats itself."""

    def __init__(self, max_query_variants_per_path: int, max_path_segments: int):
        self._query_cap = max_query_variants_per_path
        self._calendar_cap = max(2, max_query_variants_per_path // _CALENDAR_SHARE)
        self._max_segments = max_path_segments
        self._variants: dict[Family, set[str]] = defaultdict(set)
        self._parent: tuple[str | None, Family | None] = (None, None)

    def admit(self, url: str, parent: str | None = None) -> str | None:
        """Record `url` (found on page `parent`); None if it may be fetched, else why it is a trap."""
        key = url_key(url)
        parts = urlsplit(key)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > self._max_segments:
            return f"path deeper than {self._max_segments} segments"
        if _cycles(segments):
            return "repeating path segments"
        family, calendar = _family(parts.netloc, segments, parts.query)
        if family is None:
            return None
        variants = self._variants[family]
        if key in variants:
            return None
        if calendar and len(variants) >= self._calendar_cap:
            return f"more than {self._calendar_cap} calendar variants of {parts.path}"
        if not calendar and len(variants) >= self._query_cap and self._family_of(parent) == family:
            return f"more than {self._query_cap} {SELF_LINKED} of {parts.path}"
        variants.add(key)
        return None

    def _family_of(self, url: str | None) -> Family | None:
        """Family of the page a link was found on (cached: a page's links arrive together)."""
        if url != self._parent[0]:
            family = None
            if url is not None:
                parts = urlsplit(url_key(url))
                family = _family(parts.netloc, [s for s in parts.path.split("/") if s], parts.query)[0]
            self._parent = (url, family)
        return self._parent[1]


def _family(netloc: str, segments: list[str], query: str) -> tuple[Family | None, bool]:
    """The variant family of a URL (same path shape and query keys) and whether it is calendar-like.

    A URL with neither a query nor a date-like path segment belongs to no family and is never capped.
    """
    shape = []
    calendar = after_year = False
    for segment in segments:
        if _CALENDAR_VALUE.match(segment) or (after_year and _SMALL_NUMBER.match(segment)):
            shape.append("{date}")
            calendar = after_year = True
        else:
            shape.append(segment)
            after_year = False
    pairs = parse_qsl(query, keep_blank_values=True) if query else []
    if any(_SEPARATED_DATE.match(v) or (k.lower() in _CALENDAR_KEYS and v.isdigit()) for k, v in pairs):
        calendar = True
    if not pairs and not calendar:
        return None, False
    return (netloc, "/".join(shape), ",".join(sorted({k for k, _ in pairs}))), calendar


def _cycles(segments: list[str]) -> bool:
    """/a/b/a/b/a/b or /x/x/x/x: a block of segments repeated back to back, or one segment too often."""
    counts: dict[str, int] = defaultdict(int)
    for segment in segments:
        counts[segment] += 1
        if counts[segment] > _MAX_SEGMENT_REPEATS:
            return True
    n = len(segments)
    for size in range(1, n // 3 + 1):
        block = segments[n - size :]
        if segments[n - 2 * size : n - size] == block and segments[n - 3 * size : n - 2 * size] == block:
            return True
    return False
