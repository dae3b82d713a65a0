"""search_box: the homepage has a site search form (站内搜索).

**Rule:** 国办秘函〔2019〕19号 功能设计 (站内搜索 among the functions a site offers, after 政府网站发展指引
国办发〔2017〕47号). Certainty: a function the 指引 describes; a 19号 扣分 for its absence is our reading. The crawler reads the homepage's forms and stores the first that looks like a search
(its action, name or inputs say 搜索/检索/search/keyword/q) as `facts["search_form"]`. Only the form's
presence is judged: whether the search answers a query ("answering") is not yet measured.
**Params:** none.
**Unverifiable when:** the homepage was not seen (blocked, failed, or needed JavaScript), or the sweep did
not read its forms (e.g. a resumed sweep whose homepage a crashed earlier run fetched).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checks.context import UNSEEN_NOTE, CheckContext
from checks.model import Evidence, Finding
from checks.registry import check
from storage.views import SiteView

FACT = "search_form"


@dataclass(frozen=True)
class Params:
    pass


@check(id="search_box", title="站内搜索", params=Params)
def search_box(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    home = view.homepage
    if home is None or not home.seen:
        state = home.visibility.label_zh if home else "未采集"
        yield ctx.unverifiable(
            "homepage", reason="homepage_unseen", message=f"首页{state}，站内搜索{UNSEEN_NOTE}"
        )
        return
    if FACT not in view.facts:
        yield ctx.unverifiable(
            "homepage", reason="not_measured", message=f"本次未读取首页的搜索框，站内搜索{UNSEEN_NOTE}"
        )
        return
    form = view.facts[FACT]
    if not form:
        yield ctx.fail(
            "homepage",
            measured=0,
            limit=1,
            evidence=[Evidence(url=home.url)],
            message="首页未发现站内搜索框。请在首页显著位置提供站内搜索功能。",
        )
        return
    action = str(form.get("action") or "")
    yield ctx.pass_(
        "homepage",
        measured=action,
        evidence=[Evidence(url=home.url, note=f"{form.get('method', 'GET')} {action}")],
        message=f"首页设有站内搜索框（提交至{action}）。",
    )
