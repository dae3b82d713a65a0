"""SlotLimitedDownloader: Scrapy's downloader with its per-slot concurrency limit actually enforced.

Scrapy 2.19 under the asyncio reactor counts a request as transferring only when its download task
first runs, so one pass over a slot's queue starts every queued request at once whenever the slot has
no delay (AutoThrottle off, DOWNLOAD_DELAY 0): four sites at 2 connections each could see dozens.
Counting a request from the moment it leaves the queue keeps CONCURRENT_REQUESTS_PER_DOMAIN (our
per-site politeness) a real limit.

A request without a slot of its own (robots.txt, which Scrapy's middleware requests) goes to its
site's slot, host:port, as the spider's requests do: Scrapy's default, the host name alone, put the
robots.txt of every site on one host (sites on ports of one address, a shared hosting server) in one
queue, one request per AutoThrottle delay.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot


class _CountedQueue(deque[tuple[Request, Any]]):
    """A slot's queue whose popleft() marks the request as transferring straight away."""

    def __init__(self, slot: Slot):
        super().__init__()
        self._slot = slot

    def popleft(self) -> tuple[Request, Any]:
        request, done = super().popleft()
        self._slot.transferring.add(request)  # Downloader._download() adds it again and removes it at the end
        return request, done


def slot_key(url: str) -> str:
    """The download slot of a URL: its host:port (the port only when the URL names one), so local
    portals on different ports are different "sites"."""
    netloc = url.split("/", 3)[2] if url.count("/") >= 2 else url
    return netloc.rsplit("@", 1)[-1].lower()


class SlotLimitedDownloader(Downloader):
    def get_slot_key(self, request: Request) -> str:
        if self.DOWNLOAD_SLOT in request.meta:
            return super().get_slot_key(request)
        return slot_key(request.url)

    def _get_slot(self, request: Request, spider: Any = None) -> tuple[str, Slot]:
        key, slot = super()._get_slot(request)
        if not isinstance(slot.queue, _CountedQueue):
            pending = slot.queue
            slot.queue = _CountedQueue(slot)
            slot.queue.extend(pending)
        return key, slot
