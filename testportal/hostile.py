"""Hostile resources and traps: slow, reset, 5xx, gzip bomb, redirect loop, wrong charset, calendar, 412, traps."""

from __future__ import annotations

import re
import threading
import zlib
from datetime import date
from functools import cache

from testportal.markup import Out, esc
from testportal.rand import h
from testportal.reply import Reply, html_reply

BOMB_BYTES = 210 * 1024 * 1024  # inflated size, over the 200 MB a crawler must refuse
CHALLENGE_COOKIE = "FSSBBIl1UgzbN7N80T"
_bomb_lock = threading.Lock()
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SESSION = re.compile(r"^/hdjl/wsxf\.jsp;jsessionid=([0-9A-F]{1,64})$")


@cache
def _bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(b"<!DOCTYPE html><html><body>")]
    parts += [packer.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))]
    return b"".join(parts) + packer.flush()


def gzip_bomb_body() -> bytes:
    """The gzip bomb, compressed once per process (about 0.6 s) and kept."""
    with _bomb_lock:
        return _bomb()


def _simple_page(title: str, text: str, out: Out, home: str, extra: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(title)}</title></head><body>'
        f"<h1>{esc(title)}</h1><p>{esc(text)}</p>{extra}<p>{out.a(home, '返回首页')}</p></body></html>\n"
    )


def challenge_token(seed: int, site: str) -> str:
    return f"{h(seed, site, 'challenge'):016x}"


def challenge_412(token: str) -> Reply:
    """A WAF-style 412 whose script sets a cookie and reloads, like the real ones in front of gov portals."""
    cd = "".join(f"{h(token, i):016x}" for i in range(12))
    body = (
        '<!DOCTYPE html>\n<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        '<meta http-equiv="Pragma" content="no-cache"><meta http-equiv="Expires" content="0">\n'
        f'<meta id="{CHALLENGE_COOKIE}" content="{cd}" r="m">\n'
        f'<script type="text/javascript" r="m">$_ts=window[\'$_ts\'];if(!$_ts)$_ts={{}};$_ts.nsd={int(token[:6], 16)};'
        f'$_ts.cd="{cd[:64]}";</script>\n<script type="text/javascript" r="m">(function(){{document.cookie='
        f'"{CHALLENGE_COOKIE}={token};path=/;max-age=3600";location.replace(location.href);}})();</script>\n'
        "</head><body></body></html>\n"
    )
    return Reply(
        412,
        body.encode(),
        headers=[("Set-Cookie", f"{CHALLENGE_COOKIE[:-1]}S={token[:8]}; Path=/; HttpOnly")],
        outcome="blocked",
        kind="challenge",
    )


def hostile_reply(
    path: str, query: dict[str, str], *, home: str, slow_seconds: float, challenge_passed: bool, token: str
) -> Reply | None:
    """The reply for a /ztzl/<name>/… or /calendar/ path, or None when the path is not hostile."""
    out = Out(path)
    if path == "/ztzl/slow_page/index.html":
        page = _simple_page("在线访谈直播", "访谈正在进行中。", out, home)
        return html_reply(200, page, delay=slow_seconds, outcome="timeout", kind="hostile", links=out.links)
    if path == "/ztzl/connection_reset/index.html":
        return Reply(200, reset=True, outcome="connection_reset", kind="hostile")
    if path == "/ztzl/server_error/index.html":
        return html_reply(
            500,
            _simple_page("500 Internal Server Error", "服务器内部错误。", out, home),
            outcome="http_error",
            kind="hostile",
        )
    if path == "/ztzl/server_error/busy.html":
        return html_reply(
            503,
            _simple_page("503 Service Unavailable", "系统繁忙，请稍后再试。", out, home),
            headers=[("Retry-After", "120")],
            outcome="http_error",
            kind="hostile",
        )
    if path == "/ztzl/gzip_bomb/index.html":
        return Reply(
            200, gzip_bomb_body, headers=[("Content-Encoding", "gzip")], outcome="too_large", kind="hostile"
        )
    if path in ("/ztzl/redirect_loop/index.html", "/ztzl/redirect_loop/next.html"):
        target = "next.html" if path.endswith("index.html") else "index.html"
        return Reply(
            302,
            b"",
            headers=[("Location", f"/ztzl/redirect_loop/{target}")],
            outcome="redirect_loop",
            kind="hostile",
        )
    if path == "/ztzl/wrong_charset/index.html":
        page = _simple_page("历史资料", "本栏目收录本机关历年发布的历史资料，供查阅参考。", out, home)
        page = page.replace(
            '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        )
        return Reply(
            200, page.encode("gbk"), "text/html; charset=utf-8", outcome="ok", kind="hostile", links=out.links
        )
    if path == "/ztzl/challenge_412/index.html":
        if not challenge_passed:
            return challenge_412(token)
        return html_reply(
            200, _simple_page("政务服务网", "验证通过。", out, home), kind="hostile", links=out.links
        )
    if path == "/calendar/":
        return calendar(query.get("month", ""), out)
    return None


def calendar(month: str, out: Out) -> Reply | None:
    """活动日历: every month links the previous and the next one, forever."""
    m = _MONTH.match(month)
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
        return None
    year, mon = int(m.group(1)), int(m.group(2))
    prev_m = f"{year - (mon == 1):04d}-{12 if mon == 1 else mon - 1:02d}"
    next_m = f"{year + (mon == 12):04d}-{1 if mon == 12 else mon + 1:02d}"
    first = date(year, mon, 1)
    days = "".join(f"<td>{d}</td>" for d in range(1, 29))
    page = (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>活动日历 {year}年{mon}月</title></head><body>'
        f'<h1>活动日历</h1><div class="cal-nav">{out.a(f"?month={prev_m}", "上一月")} '
        f"<span>{year}年{mon}月（{first:%Y-%m-%d}起）</span> {out.a(f'?month={next_m}', '下一月')}</div>"
        f"<table><tr>{days}</tr></table></body></html>\n"
    )
    return html_reply(200, page, kind="trap", links=out.links, trap="infinite_calendar")


def trap_reply(path: str, query: dict[str, str]) -> Reply | None:
    """Traps of the trap site: /ztbd/zt/zt/… (relative link), ;jsessionid=… and ?sid=… (new id each page)."""
    out = Out(path + (f"?sid={query['sid']}" if "sid" in query else ""))
    if re.fullmatch(r"/ztbd/(zt/)+", path):
        page = _simple_page("专题报道", f"第{path.count('zt/')}层。", out, "/", out.a("zt/", "更多专题"))
        return html_reply(200, page, kind="trap", links=out.links, trap="path_trap")
    m = _SESSION.match(path)
    if m:
        page = _simple_page(
            "网上信访",
            "请登录后提交。",
            out,
            "/",
            out.a(f"wsxf.jsp;jsessionid={h('jsession', m.group(1)):016X}", "刷新"),
        )
        return html_reply(200, page, kind="trap", links=out.links, trap="session_id")
    if path == "/hdjl/msg.jsp" and "sid" in query:
        page = _simple_page(
            "留言选登", "暂无留言。", out, "/", out.a(f"msg.jsp?sid={h('sid', query['sid']):x}", "下一页")
        )
        return html_reply(200, page, kind="trap", links=out.links, trap="session_id")
    return None
