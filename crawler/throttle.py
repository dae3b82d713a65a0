"""AutoThrottle that counts a 304 answer as a full one.

Scrapy's AutoThrottle never lowers a site's delay on a non-200 answer (error pages are small and fast,
and would talk it into speeding up). An incremental sweep's answers are mostly 304 Not Modified: under
that rule every site stays at the start delay for the whole re-sweep. A 304 is the server's real
answer to a real request, and its latency is as good a measure of the server's load as a 200's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.extensions.throttle import AutoThrottle

if TYPE_CHECKING:
    from scrapy.core.downloader import Slot
    from scrapy.http import Response


class RevalidationAwareAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)
