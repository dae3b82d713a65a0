"""The AJAX site in a real browser: each list mode's script fills the empty container with the manifest's items."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from testportal import PortalSpec, SiteSpec
from testportal.server import running_portal

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_ON_PAGE = """([pageText, firstUrl]) => {
  const pager = document.querySelector(".default_pgContainer + div");
  const first = document.querySelector(".default_pgContainer a");
  return pager && pager.innerText.includes(pageText) && first && first.href === firstUrl;
}"""


@pytest.fixture(scope="module")
def browser_page():  # noqa: ANN201 - a Playwright page
    if CHROMIUM is None:
        pytest.skip("no chromium executable on PATH")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def _shown(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(".default_pgContainer a", "els => els.map(e => e.href)")


def test_every_list_mode_renders_the_manifest_items_page_by_page(browser_page) -> None:
    spec = PortalSpec(5, date(2026, 11, 20), (SiteSpec("hw", style="ajax", pages=900),))
    with running_portal(spec) as portal:
        site = portal.manifest["sites"]["hw"]
        errors: list[str] = []
        browser_page.on("pageerror", lambda e: errors.append(str(e)))
        tried = set()
        for column in site["columns"].values():
            if column["list_mode"] == "page" or len(column["items"]) <= 45 or column["list_mode"] in tried:
                continue
            tried.add(column["list_mode"])
            browser_page.goto(column["url"])
            browser_page.wait_for_load_state("networkidle")
            assert _shown(browser_page) == [i["url"] for i in column["items"][:15]], column["list_mode"]
            for number in (
                2,
                3,
                4,
            ):  # to page 4: past the first 45 records, so a second dataproxy group is fetched
                browser_page.click(".default_pgContainer + div a:has-text('下一页')")
                browser_page.wait_for_function(
                    _ON_PAGE, arg=[f" {number}/", column["items"][(number - 1) * 15]["url"]]
                )
            assert _shown(browser_page) == [i["url"] for i in column["items"][45:60]], column["list_mode"]
        assert tried == {"xml_embedded", "dataproxy", "json"} and errors == []
