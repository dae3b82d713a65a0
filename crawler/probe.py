"""probe(url, timeout) and fetch(url, …): one plain GET (no Scrapy), and how it ended as a FetchOutcome.

Availability probes and re-checks make a handful of single requests, not a crawl, so they use the
standard library's urllib: no reactor, no extra dependency. Failure is data here too (DESIGN rule 2):
every request ends in a result with its outcome, status and latency, never an exception. A request
that takes longer than `timeout` in all (connect, headers and body) is a timeout, as the national
rule counts "超过15秒仍打不开".
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from crawler.extract.challenge import challenge_reason
from crawler.limits import CrawlLimits
from crawler.outcome import FetchOutcome

PROBE_READ_BYTES = 512 * 1024  # enough to see a challenge page; a probe does not need the whole page
_CHUNK = 64 * 1024
_USER_AGENT = CrawlLimits().user_agent


@dataclass(frozen=True, slots=True)
class ProbeResult:
    url: str
    at: datetime  # when the request started (UTC)
    outcome: FetchOutcome
    status: int | None
    latency_ms: int
    error: str = ""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page fetched once: how it ended and, when it came, its (decompressed) body."""

    url: str
    final_url: str
    at: datetime
    outcome: FetchOutcome
    status: int | None
    latency_ms: int
    body: bytes = b""
    content_type: str = ""
    error: str = ""

    @property
    def charset(self) -> str | None:
        _, _, rest = self.content_type.lower().partition("charset=")
        return rest.split(";", 1)[0].strip(" \"'") or None


class _Refused(Exception):
    def __init__(self, outcome: FetchOutcome, message: str):
        super().__init__(message)
        self.outcome = outcome


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects, refusing any hop to a non-public address unless private hosts are allowed."""

    max_redirections = 10

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not self.allow_private:
            _guard(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _guard(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise _Refused(FetchOutcome.DNS, f"{host}: {exc.strerror or exc}") from None
    private = sorted(a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_global)
    if private:
        raise _Refused(FetchOutcome.PRIVATE_ADDRESS, f"{host} resolves to {private[0]}, not a public address")


def fetch(
    url: str,
    *,
    timeout: float = 15.0,
    max_bytes: int = CrawlLimits().max_response_bytes,
    allow_private: bool = False,
    user_agent: str = _USER_AGENT,
    truncate: bool = False,
) -> Fetched:
    """GET `url` once. Over `max_bytes` (decompressed) is TOO_LARGE, or with truncate=True just cut."""
    at, started = datetime.now(UTC), time.monotonic()
    got = _get(url, timeout, max_bytes, allow_private, user_agent, truncate, started + timeout)
    elapsed = time.monotonic() - started
    if elapsed > timeout and got.outcome is not FetchOutcome.TIMEOUT:
        got = _Got(FetchOutcome.TIMEOUT, got.status, f"answered after {elapsed:.1f} s (limit {timeout:g} s)")
    return Fetched(
        url=url,
        final_url=got.final_url or url,
        at=at,
        outcome=got.outcome,
        status=got.status,
        latency_ms=int(elapsed * 1000),
        body=got.body if got.outcome is FetchOutcome.OK else b"",
        content_type=got.content_type,
        error=got.error[:500],
    )


@dataclass(frozen=True, slots=True)
class _Got:
    outcome: FetchOutcome
    status: int | None = None
    error: str = ""
    final_url: str = ""
    body: bytes = b""
    content_type: str = ""


def _get(
    url: str,
    timeout: float,
    max_bytes: int,
    allow_private: bool,
    user_agent: str,
    truncate: bool,
    deadline: float,
) -> _Got:
    opener = urllib.request.build_opener(_GuardedRedirects(allow_private))
    # http.client writes headers as Latin-1; the UTF-8 bytes of a Chinese User-Agent pass through intact.
    headers = {"User-Agent": user_agent.encode().decode("latin-1"), "Accept-Encoding": "gzip, deflate"}
    try:
        if not allow_private:
            _guard(url)
        with opener.open(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            body = _read(response, max_bytes, truncate, deadline)
            status, final_url = response.status, response.geturl()
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            return _Got(FetchOutcome.REDIRECT_LOOP, exc.code, str(exc.reason))
        blocked = challenge_reason(exc.code, _read(exc, max_bytes, True, deadline) if exc.fp else b"")
        outcome = FetchOutcome.BLOCKED if blocked else FetchOutcome.HTTP_ERROR
        return _Got(outcome, exc.code, blocked or f"HTTP {exc.code}", exc.geturl() or url)
    except Exception as exc:  # every other way a request ends badly is an outcome, not an exception
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        text = str(reason) if isinstance(reason, _Refused) else f"{type(reason).__name__}: {reason}"
        return _Got(_outcome_of(reason), None, text)
    blocked = challenge_reason(status, body)
    if blocked:
        return _Got(FetchOutcome.BLOCKED, status, blocked, final_url)
    return _Got(FetchOutcome.OK, status, "", final_url, body, content_type)


def probe(url: str, timeout: float = 15.0, *, allow_private: bool = False) -> ProbeResult:
    """Can the page be opened within `timeout` seconds? Reads only the start of the body."""
    got = fetch(url, timeout=timeout, max_bytes=PROBE_READ_BYTES, allow_private=allow_private, truncate=True)
    return ProbeResult(got.url, got.at, got.outcome, got.status, got.latency_ms, got.error)


def _read(response: http.client.HTTPResponse, max_bytes: int, truncate: bool, deadline: float) -> bytes:
    """The body, decompressed as its Content-Encoding says, within the size limit and the deadline."""
    encoding = (response.headers.get("Content-Encoding") or "").lower()
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "x-gzip", "deflate") else None
    body = bytearray()
    while len(body) <= max_bytes:
        if time.monotonic() > deadline:
            raise TimeoutError("body not complete within the timeout")
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        body += inflate.decompress(chunk, max_bytes + 1 - len(body)) if inflate else chunk
    if len(body) > max_bytes:
        if not truncate:
            raise _Refused(FetchOutcome.TOO_LARGE, f"body over {max_bytes} bytes")
        del body[max_bytes:]
    return bytes(body)


def _outcome_of(reason: object) -> FetchOutcome:
    return reason.outcome if isinstance(reason, _Refused) else outcome_of_error(reason)


def outcome_of_error(reason: object) -> FetchOutcome:
    """How a standard-library request that raised ended (the probes' and the off-site prober's rule)."""
    if isinstance(reason, TimeoutError | socket.timeout):
        return FetchOutcome.TIMEOUT
    if isinstance(reason, socket.gaierror):
        return FetchOutcome.DNS
    if isinstance(reason, ConnectionRefusedError):
        return FetchOutcome.CONNECTION_REFUSED
    if isinstance(reason, ConnectionError | http.client.HTTPException | ssl.SSLError | zlib.error):
        return FetchOutcome.CONNECTION_RESET
    return FetchOutcome.OTHER_ERROR
