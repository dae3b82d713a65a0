"""Frontier: which URLs a sweep fetches, for every site at once (hosts, depth, seen-set, traps, page cap).

The spider asks follow() for every link of every fetched page; --resume replays the stored pages and
their links through the same rules (restore, then follow in breadth-first order), so an interrupted
sweep ends with the same pages as an uninterrupted one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

from crawler.items import Reached
from crawler.limits import CrawlLimits, SiteTarget
from crawler.traps import SELF_LINKED, TrapGuard, url_key

# Links to media and page assets are recorded as links, never fetched. Documents (pdf, doc, xls…) are
# fetched: a broken attachment is a finding, and DOWNLOAD_MAXSIZE bounds what they cost.
SKIPPED_EXTENSIONS = frozenset(
    "jpg jpeg png gif bmp svg webp ico tif tiff mp3 mp4 avi flv wmv mov mkv swf exe apk msi dmg iso "
    "css js woff woff2 ttf eot".split()
)
_QUIET = frozenset({"off-site", "asset", "seen"})  # ordinary reasons, not worth counting
PAGE_CAP = "page cap"
URL_LENGTH_LIMIT = 2083  # Scrapy's UrlLengthMiddleware would drop longer ones silently
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Seed:
    """A request to start from: a site's base URL, or on --resume a link not yet fetched, with how it was
    reached (as a list entry, with the entry's text and date, or as a link)."""

    site: str
    url: str
    depth: int
    referrer: str | None = None
    reached: Reached = Reached()


@dataclass(slots=True)
class SiteScope:
    """Where one site's pages live (host and port pairs) and how many of its URLs are scheduled."""

    target: SiteTarget
    netlocs: frozenset[tuple[str, int]]
    scheduled: int = 0
    settled: set[str] = field(default_factory=set)  # raw URLs whose answer can no longer change

    @classmethod
    def of(cls, target: SiteTarget) -> SiteScope:
        base = urlsplit(target.base_url)
        base_port = base.port or _DEFAULT_PORTS[base.scheme]
        # Standard ports are one site (http and https of the same host); a non-standard port is its own.
        ports = {80, 443} if base_port in (80, 443) else {base_port}
        return cls(target, frozenset((host, port) for host in target.hosts for port in ports))

    def owns(self, url: str) -> bool:
        parts = urlsplit(url)
        try:
            port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
        except ValueError:
            return False
        return ((parts.hostname or ""), port) in self.netlocs


@dataclass(slots=True)
class Frontier:
    """Follow rules shared by every site of a sweep; one URL is fetched once, by the first site to claim it."""

    limits: CrawlLimits
    scopes: dict[str, SiteScope]
    guard: TrapGuard
    skipped: Counter[str] = field(default_factory=Counter)
    # per site, links left unfollowed for a reason that hides pages: "page cap", "depth", "trap"
    not_followed: dict[str, Counter[str]] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)

    @classmethod
    def for_sites(cls, sites: Sequence[SiteTarget], limits: CrawlLimits) -> Frontier:
        return cls(
            limits=limits,
            scopes={site.name: SiteScope.of(site) for site in sites},
            guard=TrapGuard(limits.max_query_variants_per_path, limits.max_path_segments),
        )

    def scope_of(self, url: str) -> SiteScope | None:
        """The first site whose hosts hold `url` (for requests that carry no site, such as robots.txt)."""
        return next((scope for scope in self.scopes.values() if scope.owns(url)), None)

    def start(self, site: str) -> Seed | None:
        """The base URL of `site`, unless already claimed."""
        url = requestable(self.scopes[site].target.base_url)
        if url_key(url) in self._seen:
            return None
        self._claim(site, url)
        return Seed(site, url, 0)

    def follow(self, site: str, url: str, depth: int, parent: str | None = None) -> str | None:
        """The URL to request for a link found on page `parent` of `site` at `depth`, or None to skip it.

        The URL is requested as linked (a session id in it may be what the server needs); its url_key,
        without session ids, is what makes it "seen".
        """
        scope = self.scopes[site]
        if url in scope.settled:
            return None
        raw, url = url, requestable(url)
        if depth > self.limits.max_depth:
            if (
                url_key(url) not in self._seen
                and scope.owns(url)
                and _extension(url) not in SKIPPED_EXTENSIONS
            ):
                self._left(site, "depth")
            return None
        refusal = self._refusal(scope, url) or self.guard.admit(url, parent)
        if refusal is None or SELF_LINKED not in refusal:
            scope.settled.add(raw)  # final: the seen-set, the families and the page count only grow
        if refusal is not None:
            if refusal not in _QUIET:
                self.skipped[refusal] += 1
                if refusal != "unsupported URL":
                    self._left(site, refusal if refusal == PAGE_CAP else "trap")
            return None
        self._claim(site, url)
        return url

    def restore(self, site: str, url: str) -> None:
        """Count a page stored by an earlier run of this sweep as claimed (for --resume)."""
        self.scopes[site].settled.add(url)
        self.guard.admit(url)
        self._claim(site, url)

    def replay(
        self,
        links: Iterable[tuple[str, str, int, str] | tuple[str, str, int, str, Reached]],
        listed: Mapping[tuple[str, str], tuple[str, date | None, bool]] | None = None,
    ) -> list[Seed]:
        """Seeds for --resume: follow() over stored links (site, from_url, from_depth, to_url[, how the link
        reaches its target]) in BFS order; `listed` gives the (title, date, year inferred) of the list entry behind a link,
        by (from_url, to_url)."""
        seeds = [seed for site in self.scopes if (seed := self.start(site)) is not None]
        for site, from_url, from_depth, to_url, *how in links:
            if (
                site in self.scopes
                and (url := self.follow(site, to_url, from_depth + 1, from_url)) is not None
            ):
                entry = (listed or {}).get((from_url, to_url))
                reached = Reached("entry", *entry) if entry else (how[0] if how else Reached("link"))
                seeds.append(Seed(site, url, from_depth + 1, from_url, reached))
        return seeds

    def _left(self, site: str, reason: str) -> None:
        self.not_followed.setdefault(site, Counter())[reason] += 1

    def _claim(self, site: str, url: str) -> None:
        self._seen.add(url_key(url))
        self.scopes[site].scheduled += 1

    def _refusal(self, scope: SiteScope, url: str) -> str | None:
        if not url.startswith(("http://", "https://")) or len(url) > URL_LENGTH_LIMIT:
            return "unsupported URL"
        if not scope.owns(url):
            return "off-site"
        if _extension(url) in SKIPPED_EXTENSIONS:
            return "asset"
        if url_key(url) in self._seen:
            return "seen"
        if scope.scheduled >= self.limits.max_pages_per_site:
            return PAGE_CAP
        return None


def requestable(url: str) -> str:
    """The URL exactly as Scrapy will request it (percent-encoded), so stored and requested URLs agree."""
    return url if url.isascii() and " " not in url else safe_url_string(url)


def _extension(url: str) -> str:
    path = urlsplit(url).path
    dot = path.rfind(".")
    return path[dot + 1 :].lower() if dot > path.rfind("/") else ""
