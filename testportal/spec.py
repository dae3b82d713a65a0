"""What a test portal holds: PortalSpec, SiteSpec, Defects, the demo and bench presets, and their JSON form."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from testportal.columns import COLUMN_KEYS, LIST_COLUMN_KEYS
from testportal.vocab import CITIES

STYLES = ("static", "ajax", "legacy_gbk")
HOSTILE = (
    "slow_page",
    "connection_reset",
    "server_error",
    "gzip_bomb",
    "redirect_loop",
    "wrong_charset",
    "infinite_calendar",
    "challenge_412",
)
DEMO_AS_OF = date(2026, 11, 20)
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")
_DISTRICTS = "东西南北中新江河山湖"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Defects:
    """Faults planted in one site; every one is recorded in the manifest. All off by default."""

    stale_column: str | None = None  # column key whose newest item is over a year old
    blank_column: str | None = None  # column key with no item at all (空白栏目)
    missing_month: str | None = None  # "YYYY-MM": the 财政收支 report that adds this month is not published
    late_interpretation: int = 0  # documents whose 解读 comes 3 weeks later
    missing_interpretation: int = 0  # documents without any 解读
    unlinked_interpretation: int = 0  # document pages that do not link to their 解读 (the 解读 links back)
    broken_link: int = 0  # links to pages that answer 404
    missing_doc_number: int = 0  # 规范性文件 whose 文号 cell is empty
    late_annual_report: bool = False  # last year's 年度报告 published after 3月31日 (late at every level)
    homepage_fail_rate: tuple[int, int] | None = None  # (k, n): last k of every n GETs of "/" get 503
    blocked_column: str | None = None  # column key whose pages all answer a 412 challenge

    def __post_init__(self) -> None:
        for name in ("stale_column", "blank_column", "blocked_column"):
            value = getattr(self, name)
            if value is not None and value not in LIST_COLUMN_KEYS:
                raise ValueError(f"Defects.{name}: unknown list column {value!r}; one of {LIST_COLUMN_KEYS}")
        if self.missing_month is not None and not _MONTH.match(self.missing_month):
            raise ValueError(f"Defects.missing_month: {self.missing_month!r} is not YYYY-MM")
        if self.homepage_fail_rate is not None:
            k, n = self.homepage_fail_rate
            if not 0 <= k <= n or n < 1:
                raise ValueError(f"Defects.homepage_fail_rate: need 0 <= k <= n, n >= 1, got {k}, {n}")
            object.__setattr__(self, "homepage_fail_rate", (int(k), int(n)))


@dataclass(frozen=True)
class SiteSpec:
    """One generated portal site, served on its own port."""

    name: str  # identifier: key of urls and manifest
    style: str = "static"  # static (TRS-like) | ajax (Hanweb-like) | legacy_gbk (old ASP, GBK, tables)
    pages: int = 200  # about how many pages the site has
    meta_tags: bool = True  # national SiteName/ColumnName/PubDate… meta tags
    defects: Defects = field(default_factory=Defects)
    hostile: tuple[str, ...] = ()  # names from HOSTILE, linked from the homepage's 专题专栏 block
    title: str = ""  # 青山市人民政府; derived from the seed and name when empty
    domain: str = ""  # declared SiteDomain, e.g. www.qingshan.gov.cn; derived when empty
    slow_seconds: float = 20.0  # how long slow_page sleeps before answering
    trap: bool = False  # add an ever-deeper path trap and session-id traps
    script_only_column: str | None = None  # ajax style: a list column whose items only a browser sees

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"SiteSpec.name {self.name!r}: lowercase letters, digits, - and _ only")
        if self.style not in STYLES:
            raise ValueError(f"SiteSpec.style {self.style!r}: one of {STYLES}")
        if not 1 <= self.pages <= 100_000:
            raise ValueError(f"SiteSpec.pages {self.pages}: between 1 and 100000")
        if not 0 < self.slow_seconds <= 3600:
            raise ValueError(f"SiteSpec.slow_seconds {self.slow_seconds}: between 0 and 3600")
        unknown = [h for h in self.hostile if h not in HOSTILE]
        if unknown:
            raise ValueError(f"SiteSpec.hostile: unknown {unknown}; one of {HOSTILE}")
        object.__setattr__(self, "hostile", tuple(self.hostile))
        if self.script_only_column is not None and (
            self.style != "ajax" or self.script_only_column not in LIST_COLUMN_KEYS
        ):
            raise ValueError(
                f"SiteSpec.script_only_column {self.script_only_column!r}: an ajax site's list column, "
                f"one of {LIST_COLUMN_KEYS}"
            )


@dataclass(frozen=True)
class PortalSpec:
    """A set of sites generated from one seed; every content date is relative to as_of."""

    seed: int
    as_of: date
    sites: tuple[SiteSpec, ...]

    def __post_init__(self) -> None:
        names = [s.name for s in self.sites]
        if len(set(names)) != len(names):
            raise ValueError(f"PortalSpec.sites: duplicate names in {names}")
        object.__setattr__(self, "sites", tuple(self.sites))

    def site(self, name: str) -> SiteSpec:
        return next(s for s in self.sites if s.name == name)


def demo_spec(seed: int = 7, as_of: date = DEMO_AS_OF) -> PortalSpec:
    """Three sites (one per style) with defects and every hostile resource, plus a small trap site."""
    return PortalSpec(
        seed=seed,
        as_of=as_of,
        sites=(
            SiteSpec(
                name="qingshan",
                style="static",
                pages=300,
                meta_tags=True,
                title="青山市人民政府",
                domain="www.qingshan.gov.cn",
                slow_seconds=8.0,
                hostile=("slow_page", "server_error", "redirect_loop", "infinite_calendar"),
                defects=Defects(
                    missing_month=f"{as_of.year}-05",
                    late_interpretation=1,
                    missing_interpretation=1,
                    unlinked_interpretation=1,
                    broken_link=2,
                    missing_doc_number=1,
                    stale_column="tjxx",
                ),
            ),
            SiteSpec(
                name="linjiang",
                style="ajax",
                pages=200,
                meta_tags=True,
                title="临江市人民政府",
                domain="www.linjiang.gov.cn",
                hostile=("connection_reset", "gzip_bomb", "challenge_412"),
                defects=Defects(blank_column="jyta", blocked_column="rsxx", late_annual_report=True),
                script_only_column="ghjh",
            ),
            SiteSpec(
                name="yunchuan",
                style="legacy_gbk",
                pages=220,  # 工作动态 runs past one table page of 20
                meta_tags=False,
                title="云川县人民政府",
                domain="www.yunchuan.gov.cn",
                hostile=("wrong_charset",),
                # 乡镇动态 is stale while 政务要闻 and 工作动态, two 动态 columns as well, are fresh
                defects=Defects(stale_column="xzdt", missing_interpretation=1),
            ),
            SiteSpec(
                name="trap",
                style="static",
                pages=30,
                meta_tags=False,
                title="白河市人民政府",
                domain="www.baihe.gov.cn",
                trap=True,
            ),
        ),
    )


def bench_spec(sites: int = 20, pages: int = 500, seed: int = 1, as_of: date = DEMO_AS_OF) -> PortalSpec:
    """N clean sites of M pages each, mostly static style; no hostile resources, no defects."""
    styles = ("static",) * 8 + ("ajax", "legacy_gbk")
    return PortalSpec(
        seed=seed,
        as_of=as_of,
        sites=tuple(
            SiteSpec(
                name=f"site{i:03d}",
                style=styles[i % len(styles)],
                pages=pages,
                meta_tags=i % 3 != 2,
                title=_bench_title(i, styles[i % len(styles)]),
                domain=f"www.site{i:03d}.gov.cn",
            )
            for i in range(sites)
        ),
    )


def _bench_title(i: int, style: str) -> str:
    city = CITIES[i % len(CITIES)][0]
    if i >= len(CITIES):
        return f"{city}市{_DISTRICTS[i // len(CITIES) % len(_DISTRICTS)]}区人民政府"
    return f"{city}{'县' if style == 'legacy_gbk' else '市'}人民政府"


def spec_to_dict(spec: PortalSpec) -> dict[str, Any]:
    data = dataclasses.asdict(spec)
    data["as_of"] = spec.as_of.isoformat()
    return data


def spec_from_dict(data: dict[str, Any]) -> PortalSpec:
    sites = []
    for raw in data["sites"]:
        raw = dict(raw)
        defects = dict(raw.pop("defects", {}) or {})
        if defects.get("homepage_fail_rate") is not None:
            defects["homepage_fail_rate"] = tuple(defects["homepage_fail_rate"])
        sites.append(SiteSpec(**raw, defects=Defects(**defects)))
    return PortalSpec(seed=int(data["seed"]), as_of=date.fromisoformat(data["as_of"]), sites=tuple(sites))


def spec_to_json(spec: PortalSpec) -> str:
    return json.dumps(spec_to_dict(spec), ensure_ascii=False, sort_keys=True)


def spec_from_json(text: str) -> PortalSpec:
    return spec_from_dict(json.loads(text))


__all__ = ["COLUMN_KEYS", "HOSTILE", "STYLES", "Defects", "PortalSpec", "SiteSpec", "bench_spec", "demo_spec"]
