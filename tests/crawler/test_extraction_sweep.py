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
from crawler.extract.columns import load_taxonomy
from crawler.extract.document import canonical_label
from crawler.render import CHROMIUM
from storage.views import Visibility

pytestmark = pytest.mark.slow
NO_BROWSER = f"{CHROMIUM} is absent: JavaScript-only lists cannot be rendered here"
BROWSER_ONLY = "script_only"  # testportal's list mode that only a browser can read


def _sites(portal: Any) -> dict[str, dict[str, Any]]:
    return portal.manifest["sites"]


def _unrenderable(column: dict[str, Any]) -> bool:
    return column["list_mode"] == BROWSER_ONLY and not Path(CHROMIUM).exists()


def test_every_column_stores_its_items_with_dates_and_pins(
    demo_portal, demo_sweep: tuple[Crawl, Stored]
) -> None:
    _, data = demo_sweep
    checked = 0
    for name, site in _sites(demo_portal).items():
        view = data.site_view(name)
        for key, column in site["columns"].items():
            seen = view.column(key)
            assert seen is not None, f"{name}/{key}: no column in the view"
            if column["visibility"] == "blocked":
                assert seen.visibility is Visibility.BLOCKED
                continue
            if _unrenderable(column):
                assert seen.visibility is Visibility.UNRENDERED  # unverifiable, never "empty"
                continue
            assert seen.visibility is Visibility.SEEN and seen.complete, (name, key, seen.reason)
            got = {item.url: (item.date and item.date.isoformat(), item.pinned) for item in seen.items}
            want = {item["url"]: (item["date"], item["pinned"]) for item in column["items"]}
            assert got == want, f"{name}/{key} ({column['list_mode']})"
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
        for key, column in site["columns"].items():
            if column["visibility"] == "blocked":
                continue
            chain = _pagination_chain(data, column["url"])
            missing = [url for url in column["list_pages"] if url not in chain]
            assert not missing, f"{name}/{key}: list pages not reached as pagination: {missing}"
            assert all(data.pages[url].outcome == "ok" for url in column["list_pages"])
            if len(column["items"]) > site["per_page"]:  # more than one page of items: paginated
                styles.add(column["list_mode"])
        reached = set().union(*(_pagination_chain(data, c["url"]) for c in site["columns"].values()))
        assert data_pages <= reached, f"{name}: XHR answers not linked as pagination: {data_pages - reached}"
    assert styles >= {"html_links", "html_script_paging", "html_table", "dataproxy", "json", "xml_embedded"}


def test_only_the_javascript_list_is_rendered(demo_portal, demo_sweep: tuple[Crawl, Stored]) -> None:
    _, data = demo_sweep
    browser_only = {
        url
        for site in _sites(demo_portal).values()
        for column in site["columns"].values()
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
    _, data = demo_sweep
    taxonomy = load_taxonomy()
    for name, site in _sites(demo_portal).items():
        view = data.site_view(name)
        for key, column in site["columns"].items():
            seen = view.column(key)
            assert seen is not None, f"{name}/{key}"
            assert (seen.name, seen.url, seen.parent or "") == (
                column["name"],
                column["url"],
                taxonomy[key].parent,
            )
            ancestors = _ancestors(key)
            assert column["group"] in ancestors or column["group"] not in taxonomy, (key, column["group"])
        platform = view.column("xxgk")
        assert platform is not None and platform.visibility is Visibility.SEEN
        assert {c.id for c in view.children("xxgk")} >= {"xxgkzn", "gkzd", "fdzdgknr", "ndbg"}


def _ancestors(column_id: str) -> list[str]:
    taxonomy, found = load_taxonomy(), []
    while taxonomy[column_id].parent:
        column_id = taxonomy[column_id].parent
        found.append(column_id)
    return found


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
            assert page.column_id == article["column"], (url, page.column_name, page.column_signal)
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
