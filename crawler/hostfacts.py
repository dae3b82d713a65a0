"""ipv6_support(urls): whether each site's host has an AAAA record, looked up once at the end of a crawl.

Checks cannot use the network, so the crawler measures this site-level fact and stores it with the
coverage. True: the name has an IPv6 address; False: it resolved without one; None: unknown (an IP
literal such as a 127.0.0.1 test portal, a resolver error, or no answer within the timeout).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

LOOKUP_TIMEOUT = 3.0  # seconds for all lookups together: a slow resolver must not hold the sweep open


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def has_aaaa(host: str) -> bool | None:
    """Whether `host` resolves to an IPv6 address (blocking); None when the lookup gives no answer."""
    if not host or _is_ip_literal(host):
        return None
    try:
        infos = socket.getaddrinfo(host, None, socket.AF_INET6)
    except OSError:
        return False if _resolves(host, socket.AF_INET) else None
    return any(info[0] == socket.AF_INET6 for info in infos)


def _resolves(host: str, family: socket.AddressFamily) -> bool:
    try:
        return bool(socket.getaddrinfo(host, None, family))
    except OSError:
        return False


def ipv6_support(base_urls: Mapping[str, str], timeout: float = LOOKUP_TIMEOUT) -> dict[str, bool | None]:
    """site → has_aaaa(host of its base URL), looked up in daemon threads; unanswered lookups are None."""
    answers: dict[str, bool | None] = {}

    def look_up(site: str, host: str) -> None:
        answers[site] = has_aaaa(host)

    threads = [
        threading.Thread(target=look_up, args=(site, urlsplit(url).hostname or ""), daemon=True)
        for site, url in base_urls.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return {site: answers.get(site) for site in base_urls}


__all__ = ["has_aaaa", "ipv6_support"]
