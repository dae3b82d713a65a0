"""presence: a column or page kind exists, where the rules put it and under the name they require.

**Rule:** 国办公开办函〔2019〕61号: a 政府信息公开 专栏 under that unified name, holding 政府信息公开指南,
政府信息公开制度, 法定主动公开内容 and 政府信息公开年报; DESIGN §3 (预决算, 政策解读, 权责清单
columns); seed presence items such as 建议提案办理结果 and 乡村振兴 专栏. One set of params per column.
**Params:** column (taxonomy id), name (what to call it in messages), within (taxonomy id of the column that
must hold it; "" for anywhere), on_homepage (linked from the homepage), required_name (the name it must
carry; "" for any).
**Unverifiable when:** the column is not found and the page where it should be (the `within` column, or
the homepage) was not seen, or on_homepage is asked and the homepage was not seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.context import CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import ColumnView, SiteView, Visibility


@dataclass(frozen=True)
class Params:
    column: str
    name: str = ""
    within: str = ""
    on_homepage: bool = False
    required_name: str = ""


@check(id="presence", title="栏目设置", params=Params)
def presence(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    label = f"「{p.name or p.required_name or p.column}」"
    column = view.column(p.column)
    if column is None or column.visibility is Visibility.ABSENT:
        yield _absent(view, p, label, ctx)
        return
    problems = []
    if p.within and column.parent != p.within:
        holder = view.column(p.within)
        problems.append(f"未设置在「{holder.name if holder else p.within}」下")
    if p.on_homepage:
        if view.homepage is None or not view.homepage.seen:
            yield ctx.unverifiable(
                p.column,
                reason="homepage_unseen",
                message=f"首页无法访问，无法核验首页是否设有{label}入口，不计为问题。",
            )
            return
        if column.url not in {link.to_url for url in view.homepage.urls for link in view.links_from(url)}:
            problems.append("首页未设置入口")
    if p.required_name and column.name != p.required_name:
        problems.append(f"名称为「{column.name}」，应统一为「{p.required_name}」")
    evidence = [Evidence(url=column.url, title=column.name)]
    if problems:
        yield ctx.fail(
            p.column,
            measured=column.name,
            limit=p.required_name or None,
            evidence=evidence,
            message=f"{label}栏目{'；'.join(problems)}。请按要求调整栏目设置。",
        )
    else:
        yield ctx.pass_(
            p.column,
            measured=column.name,
            evidence=evidence,
            message=f"已设置{label}栏目（「{column.name}」）。",
        )


def _absent(view: SiteView, p: Params, label: str, ctx: CheckContext) -> Finding:
    holder: ColumnView | None = view.column(p.within) if p.within else None
    if holder is not None and holder.visibility is not Visibility.ABSENT:
        seen, where, url = holder.seen, f"「{holder.name}」", holder.url
    else:
        home = view.homepage
        seen, where, url = home is not None and home.seen, "网站", home.url if home else view.base_url
    if not seen:
        return ctx.unverifiable(
            p.column,
            reason="not_fetched",
            message=f"应设置{label}的页面未能访问，无法确认该栏目是否存在，不计为问题。",
        )
    return ctx.fail(
        p.column,
        measured=None,
        limit=p.name or p.column,
        evidence=[Evidence(url=url)],
        message=f"{where}未设置{label}栏目。请按要求开设该栏目并发布相应内容。",
    )
