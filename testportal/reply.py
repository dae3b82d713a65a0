"""Reply: what the server sends for one request, and what a crawler is expected to make of it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

HTML_UTF8 = "text/html; charset=utf-8"


@dataclass
class Reply:
    status: int
    body: bytes | Callable[[], bytes] = b""  # a callable for bodies built once and cached (the gzip bomb)
    content_type: str = HTML_UTF8
    headers: list[tuple[str, str]] = field(default_factory=list)
    outcome: str = (
        "ok"  # expected crawl outcome: ok http_error timeout connection_reset too_large redirect_loop blocked
    )
    kind: str = ""  # page kind for the manifest: home list article data hostile trap asset …
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute path or URL, kind a|script|ajax)
    delay: float = 0.0  # seconds to wait before answering
    reset: bool = False  # answer with a TCP reset instead
    trap: str = ""  # set on pages of an infinite URL space

    def payload(self) -> bytes:
        return self.body() if callable(self.body) else self.body


def html_reply(status: int, text: str, encoding: str = "utf-8", **kw: Any) -> Reply:
    """An HTML reply; GBK pages are labelled gb2312, as old CMSs do."""
    charset = "gb2312" if encoding == "gbk" else encoding
    return Reply(status, text.encode(encoding, "xmlcharrefreplace"), f"text/html; charset={charset}", **kw)


def validators(payload: bytes, as_of: date) -> tuple[str, datetime]:
    """(ETag, Last-Modified) of a page: a strong tag of its bytes, and the portal's as_of day (every date it
    shows is at most that day), so the same spec answers with the same validators."""
    modified = datetime.combine(as_of, time(), UTC)
    return f'"{hashlib.sha1(payload).hexdigest()[:20]}"', modified


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def not_modified(headers: dict[str, str], etag: str, modified: datetime) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when sent; If-Modified-Since only without it."""
    if "if-none-match" in headers:
        return etag in (tag.strip() for tag in headers["if-none-match"].split(","))
    try:
        since = parsedate_to_datetime(headers.get("if-modified-since", ""))
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and since >= modified
