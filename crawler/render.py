"""Rendering, the exception: a list page only a browser can read goes once more through Chromium.

A page is rendered when its static HTML shows no entry of a list that its script fills and no XHR call of
that script could be followed (extract.reading.PageReading.needs_render). The request is re-sent with
scrapy-playwright's meta (`playwright=True`); every other request keeps Scrapy's own HTTP handler.
Playwright itself starts with the first such request (LazyBrowserProvider), so a sweep with nothing to
render never starts a browser or its driver. Debian's chromium is used; without it nothing is rendered
and such pages keep needs_render=True, rendered=False (their columns are "unrendered", never "empty").
"""

from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.settings import Settings
from scrapy_playwright.provider import PlaywrightBrowserProvider

from crawler.extract.reading import PageReading

if TYPE_CHECKING:
    from playwright.async_api import Browser
    from playwright.async_api import Request as BrowserRequest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAX_RENDERS_PER_SITE = 50  # a site whose every list needs a browser is read in part, not browsed whole
# What the render request carries from the page's request (a render is the same page, same depth).
_CARRIED = ("site", "page_url", "referrer", "depth", "download_slot", "reached")
# What a list never needs: the browser is told not to fetch it.
_SKIPPED_RESOURCES = frozenset(
    {"image", "media", "font", "stylesheet", "texttrack", "eventsource", "manifest"}
)


def browser_available(path: str = CHROMIUM) -> bool:
    """Chromium is installed where the launch options point."""
    return os.access(path, os.X_OK)


def skip_resource(request: BrowserRequest) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: images, fonts, styles… are not fetched while rendering a list."""
    return request.resource_type in _SKIPPED_RESOURCES or not request.url.startswith(("http://", "https://"))


class Renderer:
    """Decides which pages are rendered (at most MAX_RENDERS_PER_SITE per site) and builds their requests."""

    def __init__(self, enabled: bool, per_site: int = MAX_RENDERS_PER_SITE):
        self.enabled = enabled
        self.per_site = per_site
        self.started: Counter[str] = Counter()

    def wants(self, site: str, reading: PageReading | None) -> bool:
        if not (self.enabled and reading is not None and reading.needs_render):
            return False
        if self.started[site] >= self.per_site:
            return False
        self.started[site] += 1
        return True

    @staticmethod
    def request(
        meta: dict[str, Any], static: tuple[Any, PageReading], callback: Any, errback: Any, settings: Settings
    ) -> Request:
        """The page once more, through Chromium: scrapy-playwright's meta (render, and wait until the list's
        calls have answered), what the page's request carried, and its static fetch and reading, stored
        instead should the browser fail."""
        fetched, _ = static
        timeout_ms = settings.getfloat("DOWNLOAD_TIMEOUT") * 1000
        carried = {key: meta.get(key) for key in _CARRIED}
        return Request(
            fetched.final_url,
            callback=callback,
            errback=errback,
            meta=carried
            | {
                "playwright": True,
                "playwright_page_goto_kwargs": {"wait_until": "networkidle", "timeout": timeout_ms},
                "static": static,
            },
            dont_filter=True,
            priority=-carried["depth"],
        )


class LazyBrowserProvider(PlaywrightBrowserProvider):  # type: ignore[misc]
    """scrapy-playwright's browser provider (PLAYWRIGHT_BROWSER_PROVIDER), started when the first browser
    is launched rather than when the crawl starts."""

    async def start(self) -> None:
        """Nothing at engine start: most sweeps render nothing."""

    async def launch_browser(self) -> Browser:
        if self.browser_type is None:
            await super().start()
        return await super().launch_browser()
