"""external_links: off-site links of the homepage and column pages (政务服务网, 部门/下级网站, 友情链接) open.

**Rule:** a dead link is dead for the site's visitors wherever it points; but an off-site target is not the
site's own page, so it is reported apart from broken_links and never counted in its totals. The crawler
probes these links, not crawls them (crawler/external.py): HEAD, then GET, once per sweep however many sites
link them, and a failed probe once more. A link is broken when both the probe and its re-check ended in a
DNS failure, a refused connection or an HTTP 4xx/5xx answer. A 412 or a JavaScript challenge is blocked
(unverifiable, never broken); a timeout or a reset connection says as much about our path to a far host as
about the link, and stays unverifiable by default.
**Findings:** one per broken URL (target: the URL; evidence: every homepage or column page that links it,
with the link's text), and a site-wide count (target `external`).
**Params:** max_broken, broken_outcomes, require_recheck.
**Unverifiable when:** a probe failed and was not re-checked, or off-site links were left unprobed (the
per-site bound, or a sweep without probing) while the seen part does not reach the limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.context import CheckContext
from checks.links import MAX_EVIDENCE, broken_url, failure_zh
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import ExternalLinkView, SiteView

TARGET = "external"


@dataclass(frozen=True)
class Params:
    max_broken: int = 0
    require_recheck: bool = True
    broken_outcomes: tuple[str, ...] = ("http_error", "dns", "connection_refused")


def _reason(link: ExternalLinkView) -> str:
    return failure_zh(link.outcome, link.status)


def _broken(link: ExternalLinkView, p: Params) -> bool | None:
    """True: broken (confirmed); False: opens, or failed in a way that is not counted; None: not known."""
    if link.outcome is None:
        return None
    if link.outcome not in p.broken_outcomes:
        return False
    if not p.require_recheck:
        return True
    if not link.recheck_outcome:
        return None
    return link.recheck_outcome in p.broken_outcomes


@check(id="external_links", title="外部链接可用性", params=Params)
def external_links(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    links = sorted(view.external_links, key=lambda link: not link.from_homepage)
    if not links:
        if view.homepage is not None and not view.homepage.seen:
            yield ctx.unverifiable(
                TARGET, reason="homepage_unseen", message="首页无法访问，本次无法核验外部链接，不计为问题。"
            )
        return
    verdicts = {link.url: _broken(link, p) for link in links}
    broken = [link for link in links if verdicts[link.url]]
    unknown = [link for link in links if verdicts[link.url] is None]
    for link in broken:
        yield _per_url(link, ctx)
    probed = len(links) - sum(1 for link in links if link.outcome is None)
    evidence = [
        Evidence(url=page, title=anchor or None, note=f"{link.url}（{_reason(link)}）")
        for link in broken
        for page, anchor in link.linked_from[:1]
    ][:MAX_EVIDENCE]
    if len(broken) > p.max_broken:
        yield ctx.fail(
            TARGET,
            measured=len(broken),
            limit=p.max_broken,
            evidence=evidence,
            message=f"首页和栏目页链接的外部网站中，{'至少' if unknown else ''}{len(broken)}个无法打开（经复核），如："
            + "；".join(f"“{_anchor(link)}”→{link.url}（{_reason(link)}）" for link in broken[:5])
            + "。请修复或删除失效的外部链接。",
        )
    elif unknown:
        yield ctx.unverifiable(
            TARGET,
            reason="unconfirmed" if any(link.outcome for link in unknown) else "not_probed",
            evidence=evidence,
            message=f"首页和栏目页共链接{len(links)}个外部网址，其中{len(unknown)}个未检测或首次访问失败未经复核，"
            "无法确认是否失效，本次不计为问题。",
        )
    else:
        yield ctx.pass_(
            TARGET,
            measured=len(broken),
            limit=p.max_broken,
            evidence=evidence,
            message=f"首页和栏目页链接的{probed}个外部网址已检测，无法打开的{len(broken)}个，"
            f"未超过{p.max_broken}个的限值。",
        )


def _anchor(link: ExternalLinkView) -> str:
    return next((anchor for _, anchor in link.linked_from if anchor), link.url)


def _per_url(link: ExternalLinkView, ctx: CheckContext) -> Finding:
    where = "首页" if link.from_homepage else "栏目页"
    return broken_url(ctx, link.url, link.linked_from, _reason(link), where, "外部链接")
