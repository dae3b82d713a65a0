"""ipv6: the site's host has an IPv6 address (an AAAA record), as the crawler resolved it at crawl time.

**Rule:** 《推进互联网协议第六版（IPv6）规模部署行动计划》(中办、国办, 2017: government sites to support IPv6);
DESIGN §3 site health. Certainty: a national deployment goal, not a quoted 19号 扣分 item. Checks cannot use the network: the crawler resolves the host
once at the end of the crawl and stores `facts["ipv6"]` (storage.views.SiteView.facts). An AAAA record
shows the site is announced over IPv6, not that it answers there.
**Params:** none.
**Unverifiable when:** the lookup gave no answer (an IP-address host such as a test portal, a resolver
error or timeout) or the sweep did not measure it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from checks.context import UNSEEN_NOTE, CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import SiteView


@dataclass(frozen=True)
class Params:
    pass


@check(id="ipv6", title="IPv6支持", params=Params)
def ipv6(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    host = urlsplit(view.base_url).hostname or view.base_url
    answer = view.facts.get("ipv6")
    if answer is None:
        yield ctx.unverifiable(
            "site", reason="not_measured", message=f"未能查询域名{host}的IPv6地址（AAAA记录），{UNSEEN_NOTE}"
        )
        return
    evidence = [Evidence(url=view.base_url, note=f"AAAA记录：{'有' if answer else '无'}")]
    if answer:
        yield ctx.pass_(
            "site", measured=1, limit=1, evidence=evidence, message=f"域名{host}已配置IPv6地址（AAAA记录）。"
        )
        return
    yield ctx.fail(
        "site",
        measured=0,
        limit=1,
        evidence=evidence,
        message=f"域名{host}没有IPv6地址（AAAA记录）。请为网站开通IPv6访问并配置AAAA记录。",
    )
