"""SiteApp: one site's request handling, from path to Reply, with defects and hostile resources applied."""

from __future__ import annotations

from collections import OrderedDict
from urllib.parse import parse_qsl, urlsplit

from testportal.assets import ASSETS
from testportal.content import SiteContent
from testportal.hostile import CHALLENGE_COOKIE, challenge_412, challenge_token, hostile_reply, trap_reply
from testportal.markup import Out
from testportal.reply import Reply, html_reply
from testportal.spec import PortalSpec, SiteSpec
from testportal.style_ajax import AjaxStyle
from testportal.style_base import StyleBase
from testportal.style_legacy import LegacyStyle
from testportal.style_static import StaticStyle

STYLE_CLASSES: dict[str, type[StyleBase]] = {
    "static": StaticStyle,
    "ajax": AjaxStyle,
    "legacy_gbk": LegacyStyle,
}
_CACHE_SIZE = 2048


class SiteApp:
    """Answers requests for one site. resolve() is pure; handle() adds the per-process homepage counter."""

    def __init__(
        self, portal: PortalSpec, site: SiteSpec, siblings: list[tuple[str, str]] | None = None
    ) -> None:
        self.spec = site
        self.content = SiteContent(portal, site)
        self.style = STYLE_CLASSES[site.style](self.content)
        self.style.siblings = list(siblings or [])
        self.token = challenge_token(portal.seed, site.name)
        self.homepage_requests = 0
        self._cache: OrderedDict[str, Reply] = OrderedDict()

    def handle(self, method: str, target: str, body: bytes = b"", cookie: str = "") -> Reply:
        """Answer one request: the homepage_fail_rate counter, the challenge cookie, POST forms, a cache."""
        path = urlsplit(target).path
        if path == self.style.home and self.spec.defects.homepage_fail_rate:
            failure = self._homepage_failure(*self.spec.defects.homepage_fail_rate)
            if failure:
                return failure
        passed = f"{CHALLENGE_COOKIE}={self.token}" in cookie
        if method == "POST" and body:
            extra = "&".join(p for p in (urlsplit(target).query, body.decode("latin-1")) if p)
            return self.resolve(f"{path}?{extra}", passed)
        return self.resolve(target, passed) if passed else self._cached(target)

    def _homepage_failure(self, k: int, n: int) -> Reply | None:
        self.homepage_requests += 1
        if (self.homepage_requests - 1) % n < n - k:
            return None
        page = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"
        return html_reply(503, page, outcome="http_error", kind="home")

    def _cached(self, target: str) -> Reply:
        reply = self._cache.get(target)
        if reply is not None:
            self._cache.move_to_end(target)
            return reply
        reply = self.resolve(target)
        if reply.kind not in ("hostile", "challenge"):
            self._cache[target] = reply
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return reply

    def resolve(self, target: str, challenge_passed: bool = False) -> Reply:
        """The reply for a GET of target (path and query), without side effects."""
        parts = urlsplit(target)
        path = parts.path
        query = dict(parse_qsl(parts.query, keep_blank_values=True, encoding=self.style.encoding))
        fixed = self._fixed(path, query, challenge_passed)
        if fixed is not None:
            return fixed
        route = self.style.route(path, query)
        if route is None:
            return self.not_found()
        if route.key and route.key == self.spec.defects.blocked_column and not challenge_passed:
            return challenge_412(self.token)
        out = Out(target)
        page = self.style.render(route, out)
        if isinstance(page, Reply):
            return page
        return html_reply(200, page, self.style.encoding, kind=route.kind, links=out.links)

    def _fixed(self, path: str, query: dict[str, str], passed: bool) -> Reply | None:
        if path == "/robots.txt":
            return Reply(
                200,
                f"User-agent: *\nDisallow: {self.style.search_path}\n".encode(),
                "text/plain",
                kind="asset",
            )
        asset = ASSETS.get(path)
        if asset:
            return Reply(200, asset[0], asset[1], kind="asset")
        name = path.split("/")[2] if path.startswith("/ztzl/") and path.count("/") >= 3 else ""
        if name in self.spec.hostile or (path == "/calendar/" and "infinite_calendar" in self.spec.hostile):
            return hostile_reply(
                path,
                query,
                home=self.style.home,
                slow_seconds=self.spec.slow_seconds,
                challenge_passed=passed,
                token=self.token,
            )
        if self.spec.trap:
            return trap_reply(path, query)
        return None

    def not_found(self) -> Reply:
        page = (
            f"<!DOCTYPE html><html><head><title>404 页面不存在</title></head><body><h1>404</h1>"
            f'<p>您访问的页面不存在或已被删除。</p><p><a href="{self.style.home}">返回首页</a></p></body></html>'
        )
        return html_reply(
            404,
            page,
            self.style.encoding,
            outcome="http_error",
            kind="not_found",
            links=[(self.style.home, "a")],
        )


def make_apps(portal: PortalSpec, urls: dict[str, str]) -> dict[str, SiteApp]:
    """One SiteApp per site; each links the others (友情链接) by their base URLs."""
    titles = {s.name: SiteContent(portal, s).title for s in portal.sites}
    return {
        s.name: SiteApp(
            portal, s, [(titles[o], urls[o]) for o in sorted(urls) if o != s.name and o in titles]
        )
        for s in portal.sites
    }
