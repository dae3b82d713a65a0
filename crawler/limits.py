"""Typed crawl configuration owned by the crawler room: CrawlLimits and SiteTarget.

scheduler/config.py composes these into the whole Config; the crawler never imports scheduler.
"""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator


class RobotsPolicy(StrEnum):
    OBEY = "obey"  # skip what robots.txt disallows, recorded with outcome "robots"
    IGNORE = "ignore"  # an evaluator may have the site owner's mandate to check everything


class CrawlLimits(BaseModel):
    """Bounds and politeness of one sweep, the same for every site in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_depth: int = Field(default=8, ge=0, le=50)
    max_pages_per_site: int = Field(default=5000, ge=1, le=1_000_000)
    concurrency_per_site: int = Field(default=4, ge=1, le=64)
    concurrency_total: int = Field(default=64, ge=1, le=1024)
    download_delay: float = Field(default=0.0, ge=0, le=60)
    download_timeout: float = Field(default=30.0, gt=0, le=600)
    max_response_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    retries: int = Field(default=2, ge=0, le=10)
    autothrottle: bool = True
    robots: RobotsPolicy = RobotsPolicy.OBEY
    user_agent: str = Field(
        default="Mozilla/5.0 (compatible; govwatch/0.1; 政务公开监测; +https://github.com/govwatch/govwatch)",
        min_length=8,
    )
    max_query_variants_per_path: int = Field(default=30, ge=1)
    max_path_segments: int = Field(default=12, ge=1)
    # Re-sweeps build on the site's last finished sweep: conditional requests, and what an unchanged
    # list shows is carried over unrequested (crawler/incremental.py). False: fetch everything again.
    incremental: bool = True
    # Off-site links of homepages and column pages (政务服务网, 部门/下级网站, 友情链接) are probed after the crawl,
    # not crawled (crawler/external.py): HEAD, then GET; each URL once per sweep, one request at a time per host.
    external_links: bool = True
    max_external_per_site: int = Field(default=50, ge=0, le=10_000)
    external_delay: float = Field(default=1.0, ge=0, le=60)  # seconds between two requests to one host
    external_timeout: float = Field(default=15.0, gt=0, le=120)
    # Probe off-site hosts that resolve to private addresses (an intranet deployment): off by default.
    external_allow_private: bool = False

    @field_validator("user_agent")
    @classmethod
    def _names_govwatch(cls, value: str) -> str:
        if "govwatch" not in value.lower():
            raise ValueError("must name govwatch, so site owners know who is crawling")
        return value


class SiteTarget(BaseModel):
    """One portal to sweep: where it starts and which hosts belong to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    base_url: str
    level: str = "其他"  # 省/市/县区/部门/其他
    unit: str = ""  # 责任单位
    # The organisation's own issuers beyond what its site shows (the footer's 主办单位, its documents'
    # 发布机构): body names (青山市人力资源和社会保障局) and 文号 机关代字 (青人社). A 解读 is owed only for
    # the organisation's own policy documents (checks/owed.py); the crawl only carries them to the checks.
    issuers: tuple[str, ...] = ()
    doc_prefixes: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    allow_private: bool = False

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("not an http(s) URL")
        return value

    @property
    def hosts(self) -> frozenset[str]:
        """Host names (lowercase, no port) whose pages belong to this site."""
        own = urlsplit(self.base_url).hostname or ""
        return frozenset(h.lower() for h in (own, *self.extra_hosts))
