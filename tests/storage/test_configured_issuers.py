"""A site's configured issuers ([[site]] issuers, doc_prefixes) travel in the sweep's plan to the SiteView's
facts, beside the footer's 主办单位 the crawl measured: checks/owed.py reads both."""

from __future__ import annotations

from pathlib import Path

from crawler import make_plan
from crawler.limits import CrawlLimits
from scheduler.config import parse_config
from storage import open_db
from storage.siteview import build_site_view
from storage.writer import finish_sweep, open_sweep, register_sites

CONFIG = {
    "site": [
        {
            "name": "青山县人社局",
            "base_url": "http://a.example/",
            "issuers": ["青山县人力资源和社会保障局", "县人社局"],
            "doc_prefixes": ["青人社"],
        },
        {"name": "青山县人民政府", "base_url": "http://b.example/"},
    ]
}


def test_configured_issuers_reach_the_view_as_facts(db_url: str) -> None:
    sites = parse_config(CONFIG, Path(".")).site
    assert sites[0].issuers == ("青山县人力资源和社会保障局", "县人社局") and sites[1].issuers == ()
    engine = open_db(db_url)
    ids = register_sites(engine, [s.model_dump() | {"hosts": sorted(s.hosts)} for s in sites])
    sweep_id = open_sweep(engine, make_plan(sites, CrawlLimits(), "snaps"))
    coverage = {"pages_tried": 1, "pages_fetched": 1, "failed_by_reason": {}, "seconds": 1.0}
    measured = {**coverage, "facts": {"sponsor": "青山县人力资源和社会保障局"}}
    finish_sweep(
        engine, sweep_id, {ids["青山县人社局"]: measured, ids["青山县人民政府"]: coverage}, complete=True
    )
    assert build_site_view(engine, sweep_id, ids["青山县人社局"]).facts == {
        "sponsor": "青山县人力资源和社会保障局",
        "issuers": ["青山县人力资源和社会保障局", "县人社局"],
        "doc_prefixes": ["青人社"],
    }
    assert build_site_view(engine, sweep_id, ids["青山县人民政府"]).facts == {}
