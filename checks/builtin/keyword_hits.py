"""keyword_hits: how often keywords occur in the site's pages; the count is the measured value.

**Rule:** seed 001 (武威 2020) indicator 10 三大攻坚战信息: 10次及以上 5分, 6-10次 3-4分, 3-5次 1-2分, 2次以下
不得分. The bands belong to the rulebook's scoring; this check counts and fails only under `min_hits`.
**Params:** keywords, scope ("titles": page titles only; "pages": titles and text), min_hits.
**Unverifiable when:** no page was fetched, or scope "pages" is asked and no page text was loaded into the
view; and a count under min_hits while some pages were hidden from us (blocked, timed out: the hits
may be on them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import PageView, SiteView

TARGET = "keywords"


@dataclass(frozen=True)
class Params:
    keywords: tuple[str, ...]
    scope: Literal["titles", "pages"] = "pages"
    min_hits: int = 1


def _hits(page: PageView, p: Params) -> int:
    text = page.title if p.scope == "titles" else f"{page.title}\n{page.text or ''}"
    return sum(text.count(k) for k in p.keywords)


@check(id="keyword_hits", title="关键词信息数量", params=Params)
def keyword_hits(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    pages = [page for page in view.pages if page.ok]
    if not pages or (p.scope == "pages" and all(page.text is None for page in pages)):
        yield ctx.unverifiable(
            TARGET, reason="not_fetched", message="本次未采集到页面正文，无法统计关键词，不计为问题。"
        )
        return
    counts = sorted(((n, page) for page in pages if (n := _hits(page, p))), key=lambda x: (-x[0], x[1].url))
    total = sum(n for n, _ in counts)
    words = "、".join(f"“{k}”" for k in p.keywords)
    evidence = [Evidence.of(page, note=f"{n}次") for n, page in counts[:20]]
    said = f"全站已采集的{len(pages)}个页面中，关键词{words}共出现{total}次（{len(counts)}个页面）"
    if total >= p.min_hits:
        yield ctx.pass_(TARGET, measured=total, limit=p.min_hits, evidence=evidence, message=f"{said}。")
    elif hidden := [page for page in view.pages if page.hidden]:
        yield ctx.unverifiable(
            TARGET,
            reason="not_fetched",
            evidence=evidence,
            message=(
                f"{said}，少于{p.min_hits}次；另有{len(hidden)}个页面被拦截或超时未能采集，无法确认，不计为问题。"
            ),
        )
    else:
        yield ctx.fail(
            TARGET,
            measured=total,
            limit=p.min_hits,
            evidence=evidence,
            message=f"{said}，少于{p.min_hits}次的要求。请加强相关信息的发布。",
        )
