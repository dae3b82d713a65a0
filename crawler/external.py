"""Off-site links probed, not crawled: probe_sweep(engine, sweep_id, plan) after a sweep's crawl.

A homepage and its column pages link 政务服务网, 部门/下级网站 and 友情链接 that the crawl never requests (they
are off-site). A dead one is still a dead link for the site's visitors, so each is asked once whether it
opens: HEAD (a probe needs no body), then GET when HEAD failed with an answer or a broken connection (many
servers refuse HEAD with 405/501, some with 403/404); a URL that failed both is tried once more after every
host's first pass (the re-check that confirms a broken link). DNS failures, refused connections and timeouts
are about the host, not the method: GET is not tried after them.

Bounds and politeness: each URL once per sweep however many sites link it (a thousand county sites link the
same 政务服务网), at most `max_external_per_site` per site (the homepage's first), one request at a time per
external host with `external_delay` between two, and a handful of hosts at once. The crawl's private-address
guard applies (crawler/middlewares.py): a host resolving to a non-public address is refused before any
connection, unless it is a swept site's own host with allow_private or the sweep allows private off-site
hosts (`external_allow_private`); the connection goes to the address that was checked.

Failure is data (DESIGN rule 2): every probe ends in an ExternalResult with its FetchOutcome, never an
exception. A 412 or a JavaScript challenge is "blocked" (crawler/extract/challenge.py), not broken.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from crawler.extract.challenge import challenge_reason
from crawler.frontier import SKIPPED_EXTENSIONS, URL_LENGTH_LIMIT, SiteScope
from crawler.limits import CrawlLimits, SiteTarget
from crawler.middlewares import non_public_kind
from crawler.outcome import FetchOutcome
from crawler.probe import outcome_of_error
from storage.models import ExternalLink, Link, Page, Site

# Pages whose off-site links are probed: the homepage and the column pages (not every article's links).
SOURCE_KINDS = ("homepage", "column_index", "column_list")
LINK_KINDS = ("a", "frame")  # links a visitor follows; never URLs read out of scripts or derived pagers
HOSTS_AT_ONCE = 8  # external hosts probed side by side (each one request at a time)
MAX_REDIRECTS = 5
READ_BYTES = 64 * 1024  # enough to see a challenge page
# Outcomes that say something about the host, not the request method: no GET after a HEAD ending so.
_HOST_FAILURES = frozenset(
    {FetchOutcome.DNS, FetchOutcome.CONNECTION_REFUSED, FetchOutcome.TIMEOUT, FetchOutcome.PRIVATE_ADDRESS}
)
# Outcomes that need no re-check: they are not failures of the link (or cannot change within a sweep).
_SETTLED = frozenset({FetchOutcome.OK, FetchOutcome.BLOCKED, FetchOutcome.PRIVATE_ADDRESS})

Resolver = Callable[
    [str], Sequence[str]
]  # host name → its addresses; raises OSError when it does not resolve


def system_resolver(host: str) -> list[str]:
    return list(
        dict.fromkeys(str(info[4][0]) for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM))
    )


@dataclass(frozen=True, slots=True)
class ExternalResult:
    url: str
    outcome: FetchOutcome
    status: int | None = None
    method: str = ""
    error: str = ""
    checked_at: datetime | None = None
    elapsed_ms: int | None = None
    recheck_outcome: FetchOutcome | None = None
    recheck_status: int | None = None


class _Refused(Exception):
    def __init__(self, outcome: FetchOutcome, message: str, status: int | None = None):
        super().__init__(message)
        self.outcome, self.status = outcome, status


@dataclass
class Prober:
    """Probes URLs, one request at a time per host; `allow_private(host)` lifts the private-address guard."""

    user_agent: str = CrawlLimits().user_agent
    timeout: float = 15.0
    delay: float = 1.0
    resolve: Resolver = system_resolver
    allow_private: Callable[[str], bool] = lambda host: False
    hosts_at_once: int = HOSTS_AT_ONCE

    def __post_init__(self) -> None:
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests = 0  # HTTP requests sent (redirect hops included)

    def probe_all(self, urls: Iterable[str]) -> dict[str, ExternalResult]:
        """Every URL probed (each once), failures re-checked after the first pass over all hosts."""
        results = self._pass(list(dict.fromkeys(urls)), self._first)
        again = [url for url, r in results.items() if r.outcome not in _SETTLED]
        for url, second in self._pass(again, self._second).items():
            results[url] = replace(results[url], recheck_outcome=second.outcome, recheck_status=second.status)
        return results

    def _pass(self, urls: list[str], probe: Callable[[str], ExternalResult]) -> dict[str, ExternalResult]:
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in urls:
            by_host[_slot(url)].append(url)
        results: dict[str, ExternalResult] = {}
        if not by_host:
            return results
        with ThreadPoolExecutor(max_workers=min(self.hosts_at_once, len(by_host))) as pool:
            for found in pool.map(lambda host_urls: [probe(u) for u in host_urls], by_host.values()):
                results.update((r.url, r) for r in found)
        return results

    def _first(self, url: str) -> ExternalResult:
        head = self.request(url, "HEAD")
        if head.outcome in _SETTLED or head.outcome in _HOST_FAILURES:
            return head
        return self.request(url, "GET")

    def _second(self, url: str) -> ExternalResult:
        return self.request(url, "GET")

    def request(self, url: str, method: str) -> ExternalResult:
        """One request (redirects followed, each hop through the guard), as an outcome."""
        at, started = datetime.now(UTC), time.monotonic()
        try:
            status, body = self._follow(url, method)
        except _Refused as exc:
            return ExternalResult(url, exc.outcome, exc.status, method, str(exc)[:500], at, _ms(started))
        except Exception as exc:  # every other way a request ends badly is an outcome, not an exception
            return ExternalResult(
                url,
                outcome_of_error(exc),
                None,
                method,
                f"{type(exc).__name__}: {exc}"[:500],
                at,
                _ms(started),
            )
        blocked = challenge_reason(status, body)
        if blocked:
            return ExternalResult(url, FetchOutcome.BLOCKED, status, method, blocked, at, _ms(started))
        if status >= 400:
            return ExternalResult(
                url, FetchOutcome.HTTP_ERROR, status, method, f"HTTP {status}", at, _ms(started)
            )
        return ExternalResult(url, FetchOutcome.OK, status, method, "", at, _ms(started))

    def _follow(self, url: str, method: str) -> tuple[int, bytes]:
        seen = [url]
        for _ in range(MAX_REDIRECTS + 1):
            status, location, body = self._once(url, method)
            if status not in (301, 302, 303, 307, 308) or not location:
                return status, body
            url = urljoin(url, location)
            if not url.startswith(("http://", "https://")):
                raise _Refused(FetchOutcome.OTHER_ERROR, f"redirected to {url[:200]}", status)
            if url in seen:
                raise _Refused(FetchOutcome.REDIRECT_LOOP, f"redirect loop at {url[:300]}", status)
            seen.append(url)
        raise _Refused(FetchOutcome.REDIRECT_LOOP, f"more than {MAX_REDIRECTS} redirects", status)

    def _once(self, url: str, method: str) -> tuple[int, str, bytes]:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        address = self._address(host)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        self._wait_turn(f"{host}:{port}")
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            # Certificates are not verified, as the crawl does not (Scrapy's default): a visitor's browser
            # warns, but the page opens; the probe asks whether it opens.
            context = ssl._create_unverified_context()  # noqa: S323
            connection = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=context)
        else:
            connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        # Connect to the address the guard checked, not to a second lookup's answer (DNS rebinding).
        connection._create_connection = lambda _addr, timeout, source: socket.create_connection(  # type: ignore[attr-defined]
            (address, port), timeout, source
        )
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        deadline = time.monotonic() + self.timeout
        try:
            connection.request(
                method,
                path,
                headers={
                    "User-Agent": self.user_agent.encode().decode("latin-1"),
                    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                    "Connection": "close",
                },
            )
            response = connection.getresponse()
            body = b""
            if method == "GET":
                while len(body) < READ_BYTES and time.monotonic() < deadline:
                    chunk = response.read(min(16384, READ_BYTES - len(body)))
                    if not chunk:
                        break
                    body += chunk
            return response.status, response.getheader("Location") or "", body
        finally:
            connection.close()

    def _address(self, host: str) -> str:
        """The address to connect to, refused when it is not public and not allowed (the crawl's guard)."""
        try:
            addresses = [host.strip("[]")] if _is_ip(host.strip("[]")) else list(self.resolve(host))
        except OSError as exc:
            raise _Refused(FetchOutcome.DNS, f"{host}: {getattr(exc, 'strerror', None) or exc}") from None
        if not addresses:
            raise _Refused(FetchOutcome.DNS, f"{host}: no address")
        address = addresses[0]
        kind = non_public_kind(address.split("%")[0])
        if kind is not None and not self.allow_private(host):
            raise _Refused(
                FetchOutcome.PRIVATE_ADDRESS, f"{host} resolves to {address} ({kind}); not allowed"
            )
        return address

    def _wait_turn(self, slot: str) -> None:
        """Polite per host: `delay` seconds since the previous request to it (requests of a host are serial)."""
        with self._lock:
            last = self._last.get(slot)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        with self._lock:
            self._last[slot] = time.monotonic()
            self.requests += 1


def _slot(url: str) -> str:
    """host:port, as the crawl's download slots (crawler/downloader.py): one request at a time per slot."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = 0
    return f"{(parts.hostname or '').lower()}:{port}"


def _is_ip(text: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in text else socket.AF_INET, text)
    except OSError:
        return False
    return True


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


# --- which URLs a sweep probes, and where the results go ---------------------------------------------------


def offsite_targets(
    engine: Engine, sweep_id: int, sites: Sequence[SiteTarget], per_site: int
) -> dict[str, list[str]]:
    """Per site, the off-site URLs its homepage and column pages link (homepage first), at most `per_site`;
    URLs of the sweep's other sites are not probed (they are crawled)."""
    scopes = {site.name: SiteScope.of(site) for site in sites}
    with Session(engine) as session:
        names = dict(session.execute(select(Site.id, Site.name).where(Site.name.in_(list(scopes)))).all())
        sources = session.execute(
            select(Page.id, Page.site_id)
            .where(
                Page.sweep_id == sweep_id,
                Page.outcome == FetchOutcome.OK.value,
                (Page.kind.in_(SOURCE_KINDS)) | (Page.depth == 0),
            )
            .order_by(Page.depth, Page.id)
        ).all()
        site_of = dict(sources)
        found: dict[int, list[str]] = defaultdict(list)
        ids = [page_id for page_id, _ in sources]
        for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):  # ix_links_sweep_from
            for page_id, url in session.execute(
                select(Link.from_page_id, Link.to_url)
                .where(Link.sweep_id == sweep_id, Link.from_page_id.in_(chunk), Link.kind.in_(LINK_KINDS))
                .order_by(Link.id)
            ):
                found[page_id].append(url)
    rows = [(site_of[page_id], url) for page_id in ids for url in found.get(page_id, ())]
    targets: dict[str, dict[str, None]] = {name: {} for name in scopes}
    for site_id, url in rows:
        name = names.get(site_id)
        if name is None or len(targets[name]) >= per_site:
            continue
        # A URL of another swept site is crawled in this sweep: its page row says how it ended.
        if _probeable(url) and not any(scope.owns(url) for scope in scopes.values()):
            targets[name].setdefault(url)
    return {name: list(urls) for name, urls in targets.items() if urls}


def _probeable(url: str) -> bool:
    if not url.startswith(("http://", "https://")) or len(url) > URL_LENGTH_LIMIT:
        return False
    path = urlsplit(url).path
    dot = path.rfind(".")
    return not (dot > path.rfind("/") and path[dot + 1 :].lower() in SKIPPED_EXTENSIONS)


def already_probed(engine: Engine, sweep_id: int) -> set[str]:
    with Session(engine) as session:
        return set(session.scalars(select(ExternalLink.url).where(ExternalLink.sweep_id == sweep_id)))


def store_results(engine: Engine, sweep_id: int, results: Iterable[ExternalResult]) -> int:
    from storage.writer import url_hash

    rows = [
        ExternalLink(
            sweep_id=sweep_id,
            url=r.url,
            url_hash=url_hash(r.url),
            host=(urlsplit(r.url).hostname or "").lower(),
            method=r.method,
            outcome=r.outcome.value,
            status=r.status,
            error=r.error,
            checked_at=r.checked_at or datetime.now(UTC),
            elapsed_ms=r.elapsed_ms,
            recheck_outcome=r.recheck_outcome.value if r.recheck_outcome else "",
            recheck_status=r.recheck_status,
        )
        for r in results
    ]
    with Session(engine) as session, session.begin():
        session.add_all(rows)
    return len(rows)


def private_allowance(sites: Sequence[SiteTarget], limits: CrawlLimits) -> Callable[[str], bool]:
    """The crawl's rule for private addresses: allowed for the hosts of swept sites that allow them (and
    for every host when the sweep allows private off-site hosts)."""
    allowed = frozenset(host for site in sites if site.allow_private for host in site.hosts)
    return lambda host: limits.external_allow_private or host in allowed


def probe_sweep(
    engine: Engine,
    sweep_id: int,
    sites: Sequence[SiteTarget],
    limits: CrawlLimits,
    *,
    resolve: Resolver = system_resolver,
) -> Mapping[str, int]:
    """Probe the sweep's off-site links not yet probed (a resumed sweep keeps what it probed); returns
    counts {"urls": probed now, "requests": HTTP requests sent, "sites": sites with off-site links}."""
    if not limits.external_links or limits.max_external_per_site == 0:
        return {"urls": 0, "requests": 0, "sites": 0}
    targets = offsite_targets(engine, sweep_id, sites, limits.max_external_per_site)
    done = already_probed(engine, sweep_id)
    urls = [u for u in dict.fromkeys(u for urls in targets.values() for u in urls) if u not in done]
    prober = Prober(
        user_agent=limits.user_agent,
        timeout=limits.external_timeout,
        delay=limits.external_delay,
        resolve=resolve,
        allow_private=private_allowance(sites, limits),
    )
    results = prober.probe_all(urls)
    store_results(engine, sweep_id, results.values())
    return {"urls": len(results), "requests": prober.requests, "sites": len(targets)}


__all__ = ["ExternalResult", "Prober", "offsite_targets", "probe_sweep", "store_results", "system_resolver"]
