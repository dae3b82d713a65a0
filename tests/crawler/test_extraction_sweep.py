"""Issue 4 at the sweep level: what one crawl of the demo portal stores is what the manifest planted.

List items with their dates and pins for every column (read back through storage.siteview, as the checks
read them), every pagination style followed and linked, only the JavaScript-only list rendered, the column
tree, article dates and document fields, and the re-check of failed URLs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from crawl_helpers import Crawl, Stored

from crawler.context import RECHECKED
from crawler.extract import EXTRACTOR_VERSION
from crawler.extract.document import canonical_label
from crawler.render import CHROMIUM
from storage.columns import column_key
from storage.views import Visibility

pytestmark = pytest.mark.slow
NO_BROWSER = f"{CHROMIUM} is absent: JavaScript-only lists cannot be rendered here"
BROWSER_ONLY = "script_only"  # testportal's list mode that only a browser can read


def _sites(portal: Any) -> dict[str, dict[str, Any]]:
    return portal.manifest["sites"]


def _unrenderable(column: dict[str, Any]) -> bool:
    return column["list_mode"] == BROWSER_ONLY and not Path(CHROMIUM).exists()


def _lists(site: dict[str, Any]) -> list[dict[str, Any]]:
    """The site's columns that hold a list of their own (not channels or one-page columns)."""
    return [column for column in site["column_list"] if column["role"] == "list"]


def test_every_column_stores_its_items_with_dates_and_pins(
    demo_portal, demo_sweep: tuple[Crawl, Stored]
) -> None:
    """Every column of the generator's tree, sub-columns of one category each on its own: its own rows only
    (never a side block's), undated rows kept, pins kept, read back as the checks read them."""
    _, data = demo_sweep
    checked = 0
    for name, site in _sites(demo_portal).items():
        view = {column.key: column for column in data.site_view(name).columns}
        planted = {item["url"]: item for column in site["columns"].values() for item in column["items"]}
        for column in _lists(site):
            seen = view.get(column_key(column["list_url"]))
            assert seen is not None, f"{name}/{column['key']}: no column in the view"
            if column["visibility"] == "blocked":
                assert seen.visibility is Visibility.BLOCKED
                continue
            if _unrenderable(column):
                assert seen.visibility is Visibility.UNRENDERED  # unverifiable, never "empty"
                continue
            assert seen.visibility is Visibility.SEEN and seen.complete, (name, column["key"], seen.reason)
            assert {item.url for item in seen.items} == set(column["item_urls"]), f"{name}/{column['key']}"
            newest = seen.newest()
            assert (newest.date.isoformat() if newest else None) == column["newest_date"], column["key"]
            assert len(seen.undated) == column["undated"], f"{name}/{column['key']}"
            for item in seen.items:
                if item.url in planted:
                    assert item.pinned == planted[item.url]["pinned"], item.url
            checked += 1
    assert checked >= 50
    pinned = [
        i
        for s in _sites(demo_portal).values()
        for c in s["columns"].values()
        for i in c["items"]
        if i["pinned"]
    ]
    assert pinned, "the demo plants pinned (置顶) items"


def _pagination_chain(data: Stored, first: str) -> set[str]:
    """URLs reached from a column's first page through stored links of kind "pagination"."""
    chain, queue = {first}, [first]
    while queue:
        source = queue.pop()
        for from_url, to_url, _, kind in data.links:
            if from_url == source and kind == "pagination" and to_url not in chain and to_url in data.pages:
                chain.add(to_url)
                queue.append(to_url)
    return chain


def test_every_pagination_style_is_followed_and_linked(demo_portal, demo_sweep: tuple[Crawl, Stored]) -> None:
    """index_N links, createPageHTML(...), the legacy ?page=N table pager, Hanweb's embedded record sets and
    dataproxy.jsp calls, and JSON API pages: each column's pages are all stored, chained as pagination."""
    _, data = demo_sweep
    styles: set[str] = set()
    for name, site in _sites(demo_portal).items():
        data_pages = {url for url, page in site["pages"].items() if page["kind"] == "data"}
        for column in _lists(site):
            if column["visibility"] == "blocked":
                continue
            chain = _pagination_chain(data, column["list_url"])
            missing = [url for url in column["list_pages"] if url not in chain]
            assert not missing, f"{name}/{column['key']}: list pages not reached as pagination: {missing}"
            assert all(data.pages[url].outcome == "ok" for url in column["list_pages"])
            if column["items"] > site["per_page"]:  # more than one page of items: paginated
                styles.add(column["list_mode"])
        reached = set().union(*(_pagination_chain(data, c["list_url"]) for c in _lists(site)))
        assert data_pages <= reached, f"{name}: XHR answers not linked as pagination: {data_pages - reached}"
    assert styles >= {"html_links", "html_script_paging", "html_table", "dataproxy", "json", "xml_embedded"}


def test_only_the_javascript_list_is_rendered(demo_portal, demo_sweep: tuple[Crawl, Stored]) -> None:
    _, data = demo_sweep
    browser_only = {
        url
        for site in _sites(demo_portal).values()
        for column in site["column_list"]
        if column["list_mode"] == BROWSER_ONLY
        for url in column["list_pages"]
    }
    assert browser_only, "the demo portal must hold a list only a browser can read"
    assert {url for url, page in data.pages.items() if page.needs_render} == browser_only
    if not Path(CHROMIUM).exists():
        pytest.skip(NO_BROWSER)
    assert {url for url, page in data.pages.items() if page.rendered} == browser_only


def test_the_column_tree_names_every_column_with_its_url_and_parent(
    demo_portal, demo_sweep: tuple[Crawl, Stored]
) -> None:
    """Every column of the site's own tree, one by one: its list URL, its name as the site shows it, its
    category (several columns share one; a column may have none) and its parent column."""
    _, data = demo_sweep
    for name, site in _sites(demo_portal).items():
        view = data.site_view(name)
        by_key = {column.key: column for column in view.columns}
        url_of = {column["key"]: column["list_url"] for column in site["column_list"]}
        for column in site["column_list"]:
            seen = by_key.get(column_key(column["list_url"]))
            assert seen is not None, f"{name}/{column['key']}"
            assert seen.name == column["name"], column["key"]
            if column["role"] != "channel":  # a channel's name may hold a category's synonym (新闻中心)
                assert seen.category == column["category"], column["key"]
            if column["parent"] in url_of and column["visibility"] == "seen":
                assert seen.parent_key == column_key(url_of[column["parent"]]), (name, column["key"])
        platform = view.column("xxgk")
        assert platform is not None and platform.visibility is Visibility.SEEN
        categories = {column.id for column in view.columns}
        assert categories >= {"xxgkzn", "gkzd", "fdzdgknr", "ndbg", "zcwj", "gzdt", "yjs"}
        assert len(view.columns_of("gzdt")) >= 2  # 政务要闻, 工作动态 … each a column of its own


def test_article_dates_and_document_fields_equal_the_manifest(
    demo_portal, demo_sweep: tuple[Crawl, Stored]
) -> None:
    """The same extractors as on real pages, exact on the portal's planted variants. Field labels are the
    canonical ones (发文机关 → 发布机构); an empty cell (a missing 文号) is an absent field."""
    _, data = demo_sweep
    compared = 0
    for site in _sites(demo_portal).values():
        for url, article in site["articles"].items():
            page = data.pages.get(url)
            if page is None or page.outcome != "ok":
                continue
            compared += 1
            assert (page.kind, page.extractor_version) == ("article", EXTRACTOR_VERSION), url
            assert page.publish_date and page.publish_date.isoformat() == article["pub_date"], url
            category = next(c["category"] for c in site["column_list"] if c["key"] == article["column"])
            assert page.column_id == category, (url, page.column_name, page.column_signal)
            if "fields" in article:
                assert page.written_date and page.written_date.isoformat() == article["written_date"], url
                shown = {canonical_label(label) or label: value for label, value in article["fields"].items()}
                assert page.doc_fields == {label: value for label, value in shown.items() if value}, url
    assert compared >= 500


def test_failed_urls_are_requested_once_more(demo_portal, demo_sweep: tuple[Crawl, Stored]) -> None:
    _, data = demo_sweep
    failed = {
        url: page
        for site in _sites(demo_portal).values()
        for url, page in site["pages"].items()
        if page["outcome"] != "ok"
    }
    broken = [
        d["url"] for s in _sites(demo_portal).values() for d in s["defects"] if d["kind"] == "broken_link"
    ]
    assert broken and all(url in failed for url in broken)
    for url, expected in failed.items():
        page = data.pages[url]
        if page.outcome in RECHECKED:  # still failing the second time, the same way
            status = expected["status"] if expected["outcome"] == "http_error" else None
            assert (page.recheck_outcome, page.recheck_status) == (expected["outcome"], status), url
        else:  # blocked, too large, a redirect loop: not something a second request changes
            assert page.recheck_outcome == "", url
    assert all(p.recheck_outcome == "" for p in data.pages.values() if p.outcome == "ok")
