"""broken_links: the site's own links open; one finding per broken URL, and per scope a count.

**Rule:** 国办秘函〔2019〕19号 扣分指标 功能设计 可用性 (2015 普查 logic, unverified for 2019: homepage links
−1 each, other pages −0.1 each; NATIONAL-RULES §1.2). Broken: the target failed with an error answer and
a re-check later in the sweep failed again. Only links a visitor follows count (a, frame, refresh): never
URLs read from scripts or derived from pagers; off-site targets are judged apart (external_links). The
homepage's aliases (/index.html …) count as the homepage.
**Findings:** one per broken URL (target the URL, evidence every linking page with its text); the counts
`homepage_links` (URLs the homepage links) and `page_links` (the others), which rulebooks score.
**Params:** max_homepage, max_other, require_recheck, broken_outcomes.
**Unverifiable when:** the homepage was not seen (homepage scope), unconfirmed failures could reach the
limit, or the crawl was cut short by the page cap and the seen part does not decide (never `pass` then).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.context import CheckContext
from checks.links import BROKEN_OUTCOMES, MAX_EVIDENCE, broken_url, failure_zh, is_asset
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import LinkView, SiteView

SCOPES = {"homepage_links": "首页", "page_links": "其他页面"}
LINK_KINDS = frozenset({"a", "frame", "refresh"})  # never "script" or "pagination": URLs we derived


@dataclass(frozen=True)
class Params:
    max_homepage: int = 0
    max_other: int = 0
    require_recheck: bool = True
    broken_outcomes: tuple[str, ...] = BROKEN_OUTCOMES


def _reason(link: LinkView) -> str:
    return failure_zh(link.outcome, link.status)


def own_links(view: SiteView) -> list[LinkView]:
    """The site's own links a visitor follows (not off-site, not derived from scripts or pagers)."""
    return [link for link in view.links if link.kind in LINK_KINDS and not link.offsite]


@check(id="broken_links", title="链接可用性", params=Params)
def broken_links(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    home_urls = view.homepage.urls if view.homepage else frozenset({view.base_url})
    home_seen = view.homepage is not None and view.homepage.seen
    links = sorted(own_links(view), key=lambda link: link.from_url not in home_urls)  # the homepage first
    found = _classify(links, p)
    on_home = {link.to_url for link in links if link.from_url in home_urls}
    yield from _per_url(links, found[0], on_home, ctx)
    for target, limit in (("homepage_links", p.max_homepage), ("page_links", p.max_other)):
        if target == "homepage_links" and not home_seen:
            yield ctx.unverifiable(
                target, reason="homepage_unseen", message="首页无法访问，本次无法核验首页链接，不计为问题。"
            )
            continue
        home = target == "homepage_links"
        in_scope = [link for link in links if (link.to_url in on_home) == home]
        yield _judge(target, in_scope, found, limit, view, ctx)


def _classify(links: list[LinkView], p: Params) -> tuple[dict[str, LinkView], dict[str, LinkView]]:
    """Broken target URLs confirmed by the re-check, and those failed once and not re-checked yet."""
    confirmed: dict[str, LinkView] = {}
    unconfirmed: dict[str, LinkView] = {}
    for link in links:
        if link.outcome not in p.broken_outcomes:
            continue
        if not p.require_recheck or link.recheck_outcome in p.broken_outcomes:
            confirmed.setdefault(link.to_url, link)
        elif link.recheck_outcome is None:
            unconfirmed.setdefault(link.to_url, link)
    return confirmed, unconfirmed


def _per_url(
    links: list[LinkView], confirmed: dict[str, LinkView], on_home: set[str], ctx: CheckContext
) -> Iterator[Finding]:
    """One finding per confirmed broken URL, with every page (and its link text) that links it."""
    sources: dict[str, dict[tuple[str, str], None]] = {url: {} for url in confirmed}
    for link in links:
        if link.to_url in sources:
            sources[link.to_url].setdefault((link.from_url, link.anchor))
    for url, first in confirmed.items():
        yield broken_url(ctx, url, list(sources[url]), _reason(first), "首页" if url in on_home else "页面")


def _judge(
    target: str,
    links: list[LinkView],
    found: tuple[dict, dict],
    limit: int,
    view: SiteView,
    ctx: CheckContext,
) -> Finding:
    urls = {link.to_url for link in links}
    confirmed = {u: link for u, link in found[0].items() if u in urls}
    unconfirmed = {u: link for u, link in found[1].items() if u in urls}
    where, n = SCOPES[target], len(confirmed)
    evidence = [
        Evidence(url=link.from_url, title=link.anchor or None, note=f"{link.to_url}（{_reason(link)}）")
        for link in list(confirmed.values())[:MAX_EVIDENCE]
    ]
    # Under the page cap some of the site's links were never requested: the count seen is a lower bound.
    unseen = view.cut_short and (
        target == "page_links" or any(link.outcome is None and not is_asset(link.to_url) for link in links)
    )
    if n > limit:
        listed = "；".join(
            f"“{x.anchor or x.to_url}”→{x.to_url}（{_reason(x)}）" for x in list(confirmed.values())[:5]
        )
        more = "（抓取达到页面上限，部分页面未检测，实际数量可能更多。）" if unseen else ""
        return ctx.fail(
            target,
            measured=n,
            limit=limit,
            evidence=evidence,
            message=f"{where}发现{'至少' if unseen else ''}{n}个无法打开的链接（经复核），如：{listed}。"
            f"请修复或删除失效链接。{more}",
        )
    if n + len(unconfirmed) > limit:
        text = f"{where}有{len(unconfirmed)}个链接首次访问失败但未经复核，无法确认是否失效，不计为问题。"
        return ctx.unverifiable(target, reason="unconfirmed", evidence=evidence, message=text)
    if unseen:
        text = (
            f"抓取达到每站页面上限，{where}部分链接未检测；已检测的链接中失效{n}个，未超过{limit}个的限值，"
            "但不能据此判定合格，本次不计为问题。"
        )
        return ctx.unverifiable(target, reason="cut_short", evidence=evidence, message=text)
    return ctx.pass_(
        target,
        measured=n,
        limit=limit,
        evidence=evidence,
        message=f"{where}已检测{len(urls)}个链接，失效{n}个，未超过{limit}个的限值。",
    )
