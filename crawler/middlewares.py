"""Downloader middlewares: private-address guard, anti-bot detection, loop-aware redirects, retry backoff.

Each turns a condition into a GovwatchRefusal that the spider's errback stores as a page with its
outcome. Settings read: DOWNLOAD_MAXSIZE via Scrapy, GOVWATCH_RETRY_BACKOFF_BASE/_MAX, REDIRECT_MAX_TIMES.
"""

from __future__ import annotations

import asyncio
import ipaddress
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares import cookies as _scrapy_cookies
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import CannotResolveHostError
from scrapy.http import HtmlResponse
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import get_meta_refresh
from tldextract import TLDExtract
from twisted.internet.error import DNSLookupError

from crawler.extract.challenge import challenge_reason
from crawler.failures import BlockedPage, OffsiteRedirect, PrivateAddressRefused, RedirectLoop

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawler.frontier import SiteScope

# Scrapy's cookie middleware downloads the public-suffix list on the first cookie it sees; use the copy
# that ships with tldextract instead, so a crawl contacts nothing but the sites it sweeps.
_scrapy_cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
_META_REFRESH_SCAN = 4096  # Scrapy looks for <meta http-equiv="refresh"> in the first 4096 characters


def _scope(crawler: Crawler, request: Request) -> SiteScope | None:
    """The site a request belongs to: its own meta, else the site whose hosts hold the URL (robots.txt)."""
    frontier = crawler.spider.frontier  # type: ignore[union-attr]
    site = request.meta.get("site")
    return frontier.scopes.get(site) if site else frontier.scope_of(request.url)


def allowed_private(scope: SiteScope | None, host: str) -> bool:
    return scope is not None and scope.target.allow_private and host in scope.target.hosts


def non_public_kind(address: str) -> str | None:
    """Why an IP address must not be fetched without permission (loopback, private…), or None if public."""
    ip = ipaddress.ip_address(address)
    for kind in ("loopback", "private", "link_local", "reserved", "multicast", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-global"


def _literal_kind(host: str) -> str | None:
    """non_public_kind of a host written as an IP address; None for names and public addresses."""
    try:
        return non_public_kind(host.strip("[]"))
    except ValueError:
        return None


class PrivateAddressMiddleware:
    """Refuse hosts that resolve to loopback, private, link-local or reserved addresses before connecting.

    SiteTarget.allow_private lifts the guard for the hosts the site's config names (base_url and
    extra_hosts), and only for them: a redirect or a link to any other non-public address is refused.
    Names resolve through the reactor's caching resolver, the one the connection then uses, so the
    address checked is the address connected to.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        if allowed_private(_scope(self.crawler, request), host):
            return
        address = await self._resolve(host)
        kind = non_public_kind(address)
        if kind is not None:
            raise PrivateAddressRefused(
                f"{host} resolves to {address} ({kind}); the site's config does not allow it"
            )

    async def _resolve(self, host: str) -> str:
        try:
            return str(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            pass
        from twisted.internet import reactor

        try:
            return await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[attr-defined]
        except DNSLookupError as exc:
            raise CannotResolveHostError(str(exc)) from exc


class BlockedPageMiddleware:
    """A 412, or a JavaScript challenge page in place of content, ends the request as "blocked"."""

    def process_response(self, request: Request, response: Response) -> Response:
        reason = challenge_reason(response.status, response.body)
        if reason is not None:
            raise BlockedPage(reason, status=response.status)
        return response


class _LoopAware:
    """Redirects stop at the first repeated URL (a loop) and never leave the site's hosts."""

    crawler: Crawler
    max_redirect_times: int

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise RedirectLoop(
                f"redirect loop: {' -> '.join([*chain, redirected.url])}"[:500], status=_status(reason)
            )
        if len(chain) > self.max_redirect_times:
            raise RedirectLoop(
                f"more than {self.max_redirect_times} redirects from {chain[0]}", status=_status(reason)
            )
        scope = _scope(self.crawler, request)
        host = urlparse_cached(redirected).hostname or ""
        if _literal_kind(host) and not allowed_private(scope, host):
            raise PrivateAddressRefused(
                f"redirected to {host} ({_literal_kind(host)})", status=_status(reason)
            )
        if scope is not None and not scope.owns(redirected.url):
            raise OffsiteRedirect(
                f"redirected off the site to {redirected.url}"[:500], status=_status(reason)
            )
        return super()._redirect(redirected, request, reason)  # type: ignore[misc]


def _status(reason: Any) -> int | None:
    return reason if isinstance(reason, int) else None


class LoopAwareRedirectMiddleware(_LoopAware, RedirectMiddleware):
    pass


class LoopAwareMetaRefreshMiddleware(_LoopAware, MetaRefreshMiddleware):
    """Meta refresh as Scrapy follows it, minus its full-body decode on pages without one (most pages),
    and minus self-refreshes (a page that reloads itself is that page, not a loop)."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if b"refresh" not in response.body[:_META_REFRESH_SCAN].lower():
            return response
        if isinstance(response, HtmlResponse):
            _, url = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            if url == request.url:
                return response
        return super().process_response(request, response)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, each one waiting base·2ⁿ seconds first (capped), so a struggling site gets air."""

    def __init__(self, settings: Any):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("GOVWATCH_RETRY_BACKOFF_BASE", 0.5)
        self.backoff_max = settings.getfloat("GOVWATCH_RETRY_BACKOFF_MAX", 30.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        return await self._after_backoff(super().process_response(request, response))

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        return await self._after_backoff(super().process_exception(request, exception))

    async def _after_backoff(self, result: Any) -> Any:
        from scrapy import Request

        if isinstance(result, Request):
            attempt = result.meta.get("retry_times", 1)
            await asyncio.sleep(min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1)))
        return result
