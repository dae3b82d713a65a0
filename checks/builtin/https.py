"""https: the homepage is served over HTTPS (where its request ended after redirects has scheme https).

**Rule:** 国办秘函〔2019〕19号 功能设计, carrying 政府网站发展指引（国办发〔2017〕47号）'s call for HTTPS on
government sites. Certainty: the HTTPS requirement is 47号's; that 19号 scores its absence is our reading,
not a quoted 扣分 item (unverified, like NATIONAL-RULES' other inferred items). An http base URL that
redirects to https passes.
**Params:** none.
**Unverifiable when:** the homepage was not seen, or where its request ended was not recorded.
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


@check(id="https", title="HTTPS访问", params=Params)
def https(view: SiteView, p: Params, ctx: CheckContext) -> Iterator[Finding]:
    home = view.homepage
    if home is None or not home.seen:
        state = home.visibility.label_zh if home else "未采集"
        yield ctx.unverifiable(
            "homepage", reason="homepage_unseen", message=f"首页{state}，HTTPS访问{UNSEEN_NOTE}"
        )
        return
    if not home.final_url:
        yield ctx.unverifiable(
            "homepage", reason="not_measured", message=f"未记录首页的最终访问地址，HTTPS访问{UNSEEN_NOTE}"
        )
        return
    evidence = [Evidence(url=home.url, note=home.final_url)]
    if urlsplit(home.final_url).scheme.lower() == "https":
        yield ctx.pass_(
            "homepage",
            measured=home.final_url,
            evidence=evidence,
            message=f"首页通过HTTPS访问（{home.final_url}）。",
        )
        return
    yield ctx.fail(
        "homepage",
        measured=home.final_url,
        evidence=evidence,
        message=f"首页未使用HTTPS（访问地址为{home.final_url}）。请部署HTTPS证书，并将HTTP访问跳转至HTTPS。",
    )
