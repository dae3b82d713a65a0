"""Site facts measured at crawl time reach the SiteView: written with the coverage, merged on resume."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import open_db
from storage.siteview import build_site_view
from storage.writer import PageBatchWriter, finish_sweep, open_sweep, register_sites

SITE = {"name": "示例市", "base_url": "http://a.example/", "level": "市", "unit": "", "hosts": ["a.example"]}


def _coverage(**facts: object) -> dict:
    return {"pages_tried": 1, "pages_fetched": 1, "failed_by_reason": {}, "seconds": 1.0, "facts": facts}


def test_facts_and_the_homepage_final_url_reach_the_view(db_url: str) -> None:
    engine = open_db(db_url)
    site_id = register_sites(engine, [SITE])["示例市"]
    sweep_id = open_sweep(engine, {})
    writer = PageBatchWriter(engine, sweep_id, {"示例市": site_id})
    writer.add(
        {
            "site": "示例市",
            "url": "http://a.example/",
            "final_url": "https://a.example/index.html",
            "outcome": "ok",
            "fetched_at": datetime(2026, 11, 20, 8, tzinfo=UTC),
        }
    )
    writer.flush()
    assert build_site_view(engine, sweep_id, site_id).facts == {}  # nothing measured yet
    form = {"action": "https://a.example/search", "method": "GET"}
    finish_sweep(engine, sweep_id, {site_id: _coverage(search_form=form, ipv6=None)}, complete=False)
    finish_sweep(engine, sweep_id, {site_id: _coverage(ipv6=True)}, complete=True)  # a resumed run
    view = build_site_view(engine, sweep_id, site_id)
    assert view.facts == {"search_form": form, "ipv6": True}
    assert view.homepage is not None and view.homepage.final_url == "https://a.example/index.html"


def test_coverage_without_facts_keeps_the_stored_ones(db_url: str) -> None:
    engine = open_db(db_url)
    site_id = register_sites(engine, [SITE])["示例市"]
    sweep_id = open_sweep(engine, {})
    finish_sweep(engine, sweep_id, {site_id: _coverage(ipv6=False)}, complete=False)
    plain = {k: v for k, v in _coverage().items() if k != "facts"}
    finish_sweep(engine, sweep_id, {site_id: plain}, complete=True)
    assert build_site_view(engine, sweep_id, site_id).facts == {"ipv6": False}
