"""The crawler room: sweep Chinese government portals into the findings database.

Public API: CrawlLimits and SiteTarget (a sweep's bounds and targets), FetchOutcome (how each request
ended) and make_plan (the plan a sweep row holds). The crawl itself runs as `python -m crawler.run`
in its own process, so importing this package does not import Scrapy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from crawler.limits import CrawlLimits, RobotsPolicy, SiteTarget
from crawler.outcome import FetchOutcome


def make_plan(
    sites: Sequence[SiteTarget],
    limits: CrawlLimits,
    snapshot_dir: Path | str,
    bases: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The JSON plan stored on the sweep row: everything `python -m crawler.run --sweep ID` needs.
    `bases`: per site, the earlier sweep an incremental sweep builds on."""
    names = [site.name for site in sites]
    if len(set(names)) != len(names):
        raise ValueError(f"site names must be unique in a sweep: {names}")
    return {
        "sites": [site.model_dump(mode="json") for site in sites],
        "limits": limits.model_dump(mode="json"),
        "snapshot_dir": str(Path(snapshot_dir).resolve()),
        "base_sweeps": dict(bases or {}),
    }


__all__ = ["CrawlLimits", "FetchOutcome", "RobotsPolicy", "SiteTarget", "make_plan"]
