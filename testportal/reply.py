"""Reply: what the server sends for one request, and what a crawler is expected to make of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
