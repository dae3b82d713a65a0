"""broken_links: links on the homepage and on other pages open; the two are counted apart.

**Rule:** 国办秘函〔2019〕19号 扣分指标 功能设计 可用性 (2015 普查 logic, unverified for 2019: homepage links
−1 each, other pages −0.1 each; NATIONAL-RULES §1.2). A link counts as broken only when its target failed
with an error answer and a re-check later in the sweep failed again; each target URL counts once per scope. The homepage's aliases
(/index.html …) count as the homepage.
**Params:** max_homepage, max_other, require_recheck, broken_outcomes.
**Unverifiable when:** the homepage was not seen (homepage scope), or failures not yet confirmed by a
re-check could take the count over the limit. Targets that were blocked or never requested are unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import LinkView, SiteView

SCOPES = {"homepage_links": "首页", "page_links": "其他页面"}


@dataclass(frozen=True)
class Params:
    max_homepage: int = 0
    max_other: int = 0
    require_recheck: bool = True
    broken_outcomes: tuple[str, ...] = (
        "http_error",
        "dns",
        "connection_refused",
        "connection_reset",
        "redirect_loop",
        "timeout",
    )


def _reason(link: LinkView) -> str:
    return f"HTTP {link.status}" if link.status else str(link.outcome)


@check(id="broken_links", title="链接可用性", params=Params)
def broken_links(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    home_urls = view.homepage.urls if view.homepage else frozenset({view.base_url})
    home_seen = view.homepage is not None and view.homepage.seen
    for target, limit in (("homepage_links", p.max_homepage), ("page_links", p.max_other)):
        if target == "homepage_links" and not home_seen:
            yield ctx.unverifiable(
                target, reason="homepage_unseen", message="首页无法访问，本次无法核验首页链接，不计为问题。"
            )
            continue
        links = [link for link in view.links if (link.from_url in home_urls) == (target == "homepage_links")]
        yield _judge(target, links, limit, p, ctx)


def _judge(target: str, links: list[LinkView], limit: int, p: Params, ctx: CheckContext) -> Finding:
    confirmed: dict[str, LinkView] = {}
    unconfirmed: dict[str, LinkView] = {}
    for link in links:
        if link.outcome not in p.broken_outcomes:
            continue
        if not p.require_recheck or link.recheck_outcome in p.broken_outcomes:
            confirmed.setdefault(link.to_url, link)
        elif link.recheck_outcome is None:
            unconfirmed.setdefault(link.to_url, link)
    where = SCOPES[target]
    evidence = [
        Evidence(url=link.from_url, title=link.anchor or None, note=f"{link.to_url}（{_reason(link)}）")
        for link in list(confirmed.values())[:50]
    ]
    if len(confirmed) > limit:
        listed = "；".join(
            f"“{link.anchor or link.to_url}”→{link.to_url}（{_reason(link)}）"
            for link in list(confirmed.values())[:5]
        )
        return ctx.fail(
            target,
            measured=len(confirmed),
            limit=limit,
            evidence=evidence,
            message=f"{where}发现{len(confirmed)}个无法打开的链接（经复核），如：{listed}。"
            "请修复或删除失效链接。",
        )
    if len(confirmed) + len(unconfirmed) > limit:
        return ctx.unverifiable(
            target,
            reason="unconfirmed",
            evidence=evidence,
            message=(
                f"{where}有{len(unconfirmed)}个链接首次访问失败但未经复核，无法确认是否失效，不计为问题。"
            ),
        )
    return ctx.pass_(
        target,
        measured=len(confirmed),
        limit=limit,
        evidence=evidence,
        message=f"{where}已检测{len({link.to_url for link in links})}个链接，失效{len(confirmed)}个，"
        f"未超过{limit}个的限值。",
    )
