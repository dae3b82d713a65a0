"""homepage_entry: the homepage links to an entry of a kind (无障碍/适老化, 政务新媒体, 我为政府网站找错 …).

**Rule:** 国办秘函〔2019〕19号 扣分指标 功能设计 ("我为政府网站找错" entry); 工信部 适老化及无障碍改造 and the
seeds' 无障碍/适老化 items; DESIGN §3 site health (政务新媒体 links). One set of params per entry kind: an
entry is a homepage link whose anchor text, or whose target URL, contains one of the words.
**Params:** name (what to call the entry in messages), anchors (words looked for in the link text),
url_parts (substrings looked for in the link target).
**Unverifiable when:** the homepage was not seen (blocked, failed, or its links needed JavaScript).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.context import UNSEEN_NOTE, CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import SiteView


@dataclass(frozen=True)
class Params:
    name: str = "无障碍/适老化入口"
    anchors: tuple[str, ...] = ("无障碍", "适老化", "长者模式", "关怀版", "老年版")
    url_parts: tuple[str, ...] = ()


@check(id="homepage_entry", title="首页功能入口", params=Params)
def homepage_entry(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    target = f"entry:{p.name}"
    home = view.homepage
    if home is None or not home.seen:
        state = home.visibility.label_zh if home else "未采集"
        yield ctx.unverifiable(
            target, reason="homepage_unseen", message=f"首页{state}，{p.name}{UNSEEN_NOTE}"
        )
        return
    found = [
        link
        for link in view.links_from(home.url)
        if any(a in link.anchor for a in p.anchors) or any(u in link.to_url for u in p.url_parts)
    ]
    if not found:
        yield ctx.fail(
            target,
            measured=0,
            limit=1,
            evidence=[Evidence(url=home.url)],
            message=f"首页未发现{p.name}。请在首页显著位置设置{p.name}。",
        )
        return
    first = found[0]
    yield ctx.pass_(
        target,
        measured=len(found),
        limit=1,
        evidence=[Evidence(url=home.url, title=first.anchor or None, note=first.to_url)],
        message=f"首页设有{p.name}（“{first.anchor or first.to_url}”）。",
    )
