"""What broken_links and external_links share: one finding per broken URL, and how a failure is named."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from checks.context import CheckContext
from checks.model import Evidence, Finding

MAX_EVIDENCE = 50  # pages listed as linking one URL
BROKEN_OUTCOMES = ("http_error", "dns", "connection_refused", "connection_reset", "redirect_loop", "timeout")
# Media and page assets are recorded as links and never requested (crawler/frontier.py SKIPPED_EXTENSIONS).
ASSET_EXTENSIONS = frozenset(
    "jpg jpeg png gif bmp svg webp ico tif tiff mp3 mp4 avi flv wmv mov mkv swf exe apk msi dmg iso "
    "css js woff woff2 ttf eot".split()
)
OUTCOME_ZH = {
    "http_error": "HTTP错误",
    "dns": "域名解析失败",
    "connection_refused": "连接被拒绝",
    "connection_reset": "连接被重置",
    "redirect_loop": "重定向循环",
    "timeout": "超时",
    "blocked": "被防护拦截",
    "private_address": "内网地址已拒绝",
}


def failure_zh(outcome: str | None, status: int | None) -> str:
    """「HTTP 404」, 「域名解析失败」 …: how a request failed, for a site manager."""
    return f"HTTP {status}" if status else OUTCOME_ZH.get(str(outcome), str(outcome))


def broken_url(
    ctx: CheckContext,
    url: str,
    sources: Sequence[tuple[str, str]],
    failure: str,
    where: str,
    what: str = "链接",
) -> Finding:
    """The finding about one broken URL: target the URL; evidence every (page, link text) linking it."""
    names = "、".join(dict.fromkeys(f"“{anchor}”" for _, anchor in sources if anchor)) or "（无链接文字）"
    pages = len({page for page, _ in sources})
    return ctx.fail(
        url,
        measured=pages,
        evidence=[
            Evidence(url=page, title=anchor or None, note=f"{url}（{failure}）")
            for page, anchor in sources[:MAX_EVIDENCE]
        ],
        message=f"{where}上的{what}{names}指向的 {url} 无法打开（{failure}，经复核），共{pages}个页面链接到它。"
        "请修复或删除该链接。",
    )


def is_asset(url: str) -> bool:
    path = urlsplit(url).path
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot + 1 :].lower() in ASSET_EXTENSIONS
