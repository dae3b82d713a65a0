"""URL rules that keep a sweep finite: crawler/traps.py and the Frontier's follow rules."""

from __future__ import annotations

import pytest

from crawler import CrawlLimits, SiteTarget
from crawler.frontier import Frontier
from crawler.traps import TrapGuard, url_key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("HTTP://WWW.A.GOV.CN/x/y.jsp;jsessionid=0AB12?id=3#top", "http://www.a.gov.cn/x/y.jsp?id=3"),
        ("http://a.gov.cn/msg.jsp?sid=9f&page=2", "http://a.gov.cn/msg.jsp?page=2"),
        ("http://a.gov.cn/l.asp?ASPSESSIONIDQQ=ABC&PHPSESSID=1&n=1", "http://a.gov.cn/l.asp?n=1"),
        ("http://a.gov.cn/a.html?b=2&a=1", "http://a.gov.cn/a.html?a=1&b=2"),
        ("http://a.gov.cn", "http://a.gov.cn/"),
    ],
)
def test_url_key_ignores_session_ids_fragments_and_query_order(raw: str, key: str) -> None:
    assert url_key(raw) == key


def admitted(guard: TrapGuard, urls: list[str], parent: str | None = None) -> list[str]:
    return [url for url in urls if guard.admit(url, parent) is None]


def test_query_variants_a_family_adds_to_itself_are_capped() -> None:
    """list.jsp?page=N linking page N+1 forever: capped per (path, query-key set)."""
    guard = TrapGuard(max_query_variants_per_path=5, max_path_segments=12)
    pages = [f"http://a.gov.cn/list.jsp?page={n}" for n in range(20)]
    kept = [pages[0]] if guard.admit(pages[0], "http://a.gov.cn/") is None else []
    kept += [url for parent, url in zip(pages, pages[1:], strict=False) if guard.admit(url, parent) is None]
    assert kept == pages[:5]
    assert guard.admit(pages[3], pages[9]) is None  # an admitted variant stays admitted
    other_keys = [f"http://a.gov.cn/list.jsp?col={n}&page=1" for n in range(8)]
    assert admitted(guard, other_keys, pages[0]) == other_keys  # another key set is another family
    assert guard.admit("http://a.gov.cn/plain/page.html", pages[0]) is None


def test_query_variants_linked_from_other_pages_are_not_a_trap() -> None:
    """show.asp?id=N linked from list pages: a legacy site's articles, however many."""
    guard = TrapGuard(max_query_variants_per_path=5, max_path_segments=12)
    articles = [f"http://a.gov.cn/show.asp?id={n}" for n in range(100)]
    assert admitted(guard, articles, "http://a.gov.cn/list.asp?page=2") == articles
    assert guard.admit("http://a.gov.cn/show.asp?id=500", articles[0]) is not None  # 下一篇 chains are capped


def test_calendar_values_get_a_much_tighter_cap() -> None:
    guard = TrapGuard(max_query_variants_per_path=30, max_path_segments=12)
    months = [f"http://a.gov.cn/calendar/?month={2000 + n // 12}-{n % 12 + 1:02d}" for n in range(100)]
    kept = admitted(guard, months)
    assert 2 <= len(kept) <= 10
    days = [f"http://a.gov.cn/rili/2024/{m}/{d}/" for m in range(1, 13) for d in range(1, 29)]
    assert 2 <= len(admitted(guard, days)) <= 10
    reason = guard.admit("http://a.gov.cn/calendar/?month=1990-01")
    assert reason is not None and "calendar" in reason


def test_dated_article_paths_are_not_a_calendar() -> None:
    guard = TrapGuard(max_query_variants_per_path=30, max_path_segments=12)
    articles = [
        f"http://a.gov.cn/zwgk/2021{m:02d}/t2021{m:02d}{d:02d}_{m * 100 + d}.html"
        for m in range(1, 13)
        for d in range(1, 29)
    ]
    assert admitted(guard, articles) == articles


@pytest.mark.parametrize(
    "url",
    [
        "http://a.gov.cn/ztbd/zt/zt/zt/zt/",
        "http://a.gov.cn/a/b/a/b/a/b/",
        "http://a.gov.cn/" + "/".join(f"d{n}" for n in range(13)) + "/",
    ],
)
def test_ever_deeper_and_cycling_paths_are_refused(url: str) -> None:
    assert TrapGuard(30, 12).admit(url) is not None


def test_frontier_follow_rules() -> None:
    sites = [
        SiteTarget(name="a", base_url="http://127.0.0.1:8001/"),
        SiteTarget(name="b", base_url="http://127.0.0.1:8002/"),
    ]
    frontier = Frontier.for_sites(sites, CrawlLimits(max_depth=2, max_pages_per_site=4))
    assert frontier.start("a").url == "http://127.0.0.1:8001/"
    assert frontier.follow("a", "http://127.0.0.1:8001/x.html", 1) == "http://127.0.0.1:8001/x.html"
    assert frontier.follow("a", "http://127.0.0.1:8001/x.html", 1) is None  # seen
    assert frontier.follow("a", "http://127.0.0.1:8001/x.html;jsessionid=1", 1) is None  # same page
    assert frontier.follow("a", "http://127.0.0.1:8002/y.html", 1) is None  # another port is another site
    assert frontier.follow("a", "http://127.0.0.1:8001/logo.png", 1) is None  # media, not a page
    assert frontier.follow("a", "http://127.0.0.1:8001/deep.html", 3) is None  # deeper than max_depth
    assert frontier.follow("a", "http://127.0.0.1:8001/deep.html", 2) is not None  # found shallower later
    assert frontier.follow("a", "http://127.0.0.1:8001/z.html", 1) is not None
    assert frontier.follow("a", "http://127.0.0.1:8001/over.html", 1) is None  # 4 pages: the cap
    assert frontier.skipped["page cap"] == 1
    assert frontier.follow("b", "http://127.0.0.1:8002/y.html", 1) is not None


def test_standard_ports_are_one_site() -> None:
    frontier = Frontier.for_sites([SiteTarget(name="a", base_url="http://www.a.gov.cn/")], CrawlLimits())
    assert frontier.follow("a", "https://www.a.gov.cn/x.html", 1) == "https://www.a.gov.cn/x.html"
    assert frontier.follow("a", "http://www.a.gov.cn:8080/x.html", 1) is None


def test_replay_rebuilds_the_same_frontier() -> None:
    """--resume: restored pages are not fetched again; their unfetched links become the seeds."""
    site = SiteTarget(name="a", base_url="http://127.0.0.1:8001/")
    limits = CrawlLimits(max_depth=3)
    frontier = Frontier.for_sites([site], limits)
    frontier.restore("a", "http://127.0.0.1:8001/")
    frontier.restore("a", "http://127.0.0.1:8001/x.html")
    seeds = frontier.replay(
        [
            ("a", "http://127.0.0.1:8001/", 0, "http://127.0.0.1:8001/x.html"),
            ("a", "http://127.0.0.1:8001/", 0, "http://127.0.0.1:8001/y.html"),
            ("a", "http://127.0.0.1:8001/x.html", 1, "http://127.0.0.1:8001/y.html"),
            ("a", "http://127.0.0.1:8001/x.html", 1, "http://127.0.0.1:8001/z.html"),
        ]
    )
    assert [(s.url, s.depth, s.referrer) for s in seeds] == [
        ("http://127.0.0.1:8001/y.html", 1, "http://127.0.0.1:8001/"),
        ("http://127.0.0.1:8001/z.html", 2, "http://127.0.0.1:8001/x.html"),
    ]


def test_numeric_ids_that_look_like_months_are_not_a_calendar() -> None:
    """Regression: show.asp?id=200001 read as January 2000 capped a legacy site's articles."""
    guard = TrapGuard(max_query_variants_per_path=30, max_path_segments=12)
    articles = [f"http://a.gov.cn/show.asp?id={200001 + n}" for n in range(40)]
    assert admitted(guard, articles, "http://a.gov.cn/list.asp?classid=1") == articles
