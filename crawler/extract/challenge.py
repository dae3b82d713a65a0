"""challenge_reason(status, body): why a response is an anti-bot wall rather than the page, or None.

A WAF answers 412 (瑞数), 521 (加速乐) or a 200 whose body is a script that sets a cookie and reloads.
Such a page says nothing about the site's content, so it must be recorded as "blocked" (DESIGN rule 2),
never parsed as an empty column.
"""

from __future__ import annotations

import re

_STATUS = {412: "HTTP 412 anti-bot challenge", 521: "HTTP 521 anti-bot challenge (加速乐)"}
# Vendor fingerprints, matched case-insensitively; they count only on a page with almost no text.
_VENDORS = (
    (b"$_ts", "瑞数 dynamic-token challenge"),
    (b"__jsl_clearance", "加速乐 cookie challenge"),
    (b"acw_sc__v2", "阿里云 WAF cookie challenge"),
    (b"cf-chl", "Cloudflare challenge"),
    (b"challenge-platform", "Cloudflare challenge"),
    (b"yunsuo_session_verify", "云锁 challenge"),
    (b"safedog", "安全狗 challenge"),
    (b"_guard/auto.js", "创宇盾 challenge"),
)
_SMALL_PAGE = 65536  # challenge pages are small; a real page carrying a vendor script is not one
_COOKIE_SET = re.compile(rb"document\.cookie\s*=", re.IGNORECASE)
_RELOAD = re.compile(rb"location\.(?:reload|replace|href\s*=)|window\.location\s*=", re.IGNORECASE)
_TAGS = re.compile(rb"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def challenge_reason(status: int, body: bytes) -> str | None:
    """A short reason when the response is a challenge or block page, else None."""
    if status in _STATUS:
        return _STATUS[status]
    if len(body) > _SMALL_PAGE:
        return None
    head = body.lower()
    reason = next((reason for marker, reason in _VENDORS if marker in head), None)
    if reason is None and _COOKIE_SET.search(head) and _RELOAD.search(head):
        reason = "JavaScript cookie challenge (sets a cookie and reloads)"
    return reason if reason and _little_text(head) else None


def _little_text(html: bytes) -> bool:
    """A challenge page shows almost nothing but its script."""
    visible = _TAGS.sub(b" ", html)
    return len(b"".join(visible.split())) < 200
