"""The generated content and its manifest, without a server: defects, dates, sizes, determinism."""

from __future__ import annotations

import json
from datetime import date, timedelta

import chinese_calendar
import pytest

from testportal import Defects, PortalSpec, SiteSpec, bench_spec, build_manifest, demo_spec
from testportal.app import SiteApp
from testportal.content import SiteContent
from testportal.spec import spec_from_json, spec_to_json

AS_OF = date(2026, 11, 20)
URLS = {
    "qingshan": "http://127.0.0.1:1/",
    "linjiang": "http://127.0.0.1:2/",
    "yunchuan": "http://127.0.0.1:3/",
    "trap": "http://127.0.0.1:4/",
}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return build_manifest(demo_spec(), URLS)


def working_days_after(start: date, end: date) -> int:
    return sum(
        chinese_calendar.is_workday(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"style": "wordpress"},
        {"hostile": ("meteor",)},
        {"name": "Bad Name"},
        {"pages": 0},
        {"defects": "stale"},
        {"slow_seconds": -1},
    ],
)
def test_site_spec_rejects_nonsense(bad: dict) -> None:
    kwargs = {"name": "x", **bad}
    if kwargs.get("defects") == "stale":
        with pytest.raises(ValueError, match="stale_column"):
            Defects(stale_column="nosuchcolumn")
        return
    if "slow_seconds" in bad:
        with pytest.raises(ValueError, match="slow_seconds"):
            SiteSpec(**kwargs)
        return
    with pytest.raises(ValueError):
        SiteSpec(**kwargs)


def test_defects_validate_month_and_rate() -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        Defects(missing_month="2026-13")
    with pytest.raises(ValueError, match="homepage_fail_rate"):
        Defects(homepage_fail_rate=(3, 2))
    with pytest.raises(ValueError, match="duplicate"):
        PortalSpec(1, AS_OF, (SiteSpec("a"), SiteSpec("a")))


def test_spec_survives_json() -> None:
    for spec in (demo_spec(), bench_spec(sites=3, pages=50, seed=9)):
        assert spec_from_json(spec_to_json(spec)) == spec


def test_same_spec_gives_same_manifest_and_another_seed_does_not(manifest: dict) -> None:
    again = build_manifest(demo_spec(), URLS)
    assert json.dumps(again, sort_keys=True) == json.dumps(manifest, sort_keys=True)
    other = build_manifest(demo_spec(seed=8), URLS)
    assert other["sites"]["qingshan"]["articles"] != manifest["sites"]["qingshan"]["articles"]


def test_dates_are_relative_to_as_of() -> None:
    later = demo_spec(as_of=AS_OF + timedelta(days=365))
    a, b = (SiteContent(s, s.sites[0]) for s in (demo_spec(), later))
    assert b.item("gzdt", 0).date - a.item("gzdt", 0).date == timedelta(days=365)
    assert all(it.date <= AS_OF for key in a.counts for it in a.items(key))


def test_pinned_items_come_first_and_are_older_than_the_first_rows() -> None:
    site = SiteContent(demo_spec(), demo_spec().sites[0])
    rows = site.page_items("tzgg", 0)
    pinned = [it for it in rows if it.pinned]
    assert pinned and rows[: len(pinned)] == pinned
    assert all(p.date < rows[len(pinned)].date for p in pinned)


def test_stale_blank_and_blocked_columns(manifest: dict) -> None:
    static, ajax, legacy = (manifest["sites"][n] for n in ("qingshan", "linjiang", "yunchuan"))
    assert (AS_OF - date.fromisoformat(static["columns"]["tjxx"]["newest"])).days >= 400
    stale = next(c for c in legacy["column_list"] if c["key"] == "xzdt")
    assert stale["stale"] and (AS_OF - date.fromisoformat(stale["newest_date"])).days >= 400
    fresh = [c for c in legacy["column_list"] if c["category"] == stale["category"] and c is not stale]
    assert fresh and all((AS_OF - date.fromisoformat(c["newest_date"])).days <= 10 for c in fresh)
    assert (AS_OF - date.fromisoformat(static["columns"]["gzdt"]["newest"])).days <= 2
    assert ajax["columns"]["jyta"]["blank"] and ajax["columns"]["jyta"]["items"] == []
    blocked = ajax["columns"]["rsxx"]
    assert blocked["visibility"] == "blocked" and ajax["pages"][blocked["url"]]["outcome"] == "blocked"
    assert not any(item["reachable"] for item in blocked["items"])


def test_fiscal_reports_cover_months_with_a_combined_january_february(manifest: dict) -> None:
    static = manifest["sites"]["qingshan"]
    covered = [
        m for it in static["columns"]["czsz"]["items"] for m in static["articles"][it["url"]]["months"]
    ]
    assert "2026-01" in covered and "2026-02" in covered and "2026-05" not in covered
    assert any("1-2月" in it["title"] for it in static["columns"]["czsz"]["items"])
    assert {
        "kind": "missing_month",
        "column": "czsz",
        "months": ["2026-05"],
        "title": "2026年1-5月全市财政收支情况",
        "would_be_published": "2026-06-19",
    } in static["defects"]
    months = sorted(covered)
    assert months[-1] == "2026-10"  # October's report is out by 20 November


def test_interpretations_follow_documents_within_three_working_days_unless_planted(manifest: dict) -> None:
    static = manifest["sites"]["qingshan"]
    statuses = {}
    for pair in static["interpretations"]:
        statuses[pair["status"]] = statuses.get(pair["status"], 0) + 1
        doc_date = date.fromisoformat(pair["document_date"])
        if pair["status"] == "missing":
            assert pair["interpretation"] is None
            continue
        lag = working_days_after(doc_date, date.fromisoformat(pair["interpretation_date"]))
        assert (lag <= 3) == (pair["status"] == "ok"), pair
        assert pair["interpretation_links_document"]
        article = static["articles"][pair["interpretation"]]
        assert article["interprets"] == pair["document"]
    assert statuses["missing"] == 1 and statuses["late"] == 1
    unlinked = [
        p for p in static["interpretations"] if not p["document_links_interpretation"] and p["interpretation"]
    ]
    assert len(unlinked) == 1


def test_documents_carry_their_fields(manifest: dict) -> None:
    static = manifest["sites"]["qingshan"]
    docs = [a for a in static["articles"].values() if a["column"] in ("zcwj", "gfxwj")]
    assert docs
    for doc in docs:
        assert set(doc["fields"]) == {
            "索引号",
            "主题分类",
            "发文机关",
            "成文日期",
            "文号",
            "发布日期",
            "有效性",
        }
        assert doc["written_date"] < doc["pub_date"]
        assert doc["fields"]["发布日期"] == doc["pub_date"]
    missing = [d for d in docs if d["doc_number"] is None]
    assert len(missing) == 1 and missing[0]["column"] == "gfxwj" and missing[0]["fields"]["文号"] == ""


def test_annual_reports_and_late_one(manifest: dict) -> None:
    for name in ("qingshan", "linjiang"):
        site = manifest["sites"][name]
        reports = [site["articles"][it["url"]] for it in site["columns"]["ndbg"]["items"]]
        latest = max(reports, key=lambda r: r["year"])
        assert latest["year"] == 2025 and latest["title"].endswith("2025年政府信息公开工作年度报告")
        assert (latest["pub_date"] > latest["deadline"]) == (name == "linjiang")


def test_every_planted_defect_is_listed(manifest: dict) -> None:
    kinds = {n: sorted({d["kind"] for d in s["defects"]}) for n, s in manifest["sites"].items()}
    assert kinds["qingshan"] == [
        "broken_link",
        "late_interpretation",
        "missing_doc_number",
        "missing_interpretation",
        "missing_month",
        "stale_column",
        "unlinked_interpretation",
    ]
    assert kinds["linjiang"] == ["blank_column", "blocked_column", "late_annual_report"]
    assert kinds["yunchuan"] == ["missing_interpretation", "stale_column"]
    broken = [d for d in manifest["sites"]["qingshan"]["defects"] if d["kind"] == "broken_link"]
    pages = manifest["sites"]["qingshan"]["pages"]
    assert len(broken) == 2 and all(pages[d["url"]]["status"] == 404 for d in broken)


def test_three_discovery_levels_and_three_list_modes(manifest: dict) -> None:
    ajax = manifest["sites"]["linjiang"]
    modes = {c["list_mode"] for c in ajax["columns"].values()}
    assert {"xml_embedded", "dataproxy", "json"} <= modes
    levels = {p["discovery"] for p in ajax["pages"].values()}
    assert levels == {"a", "script", "ajax"}
    static = manifest["sites"]["qingshan"]
    assert {c["list_mode"] for c in static["columns"].values()} >= {"html_links", "html_script_paging"}


def test_manifest_is_json_and_lists_everything_reachable(manifest: dict) -> None:
    json.dumps(manifest)
    for site in manifest["sites"].values():
        reachable = [u for u, a in site["articles"].items() if a["reachable"]]
        assert all(u in site["pages"] for u in reachable)
        assert site["page_count"] == len(site["pages"])


@pytest.mark.parametrize("pages", [10, 300, 3000])
def test_size_is_a_parameter(pages: int) -> None:
    spec = PortalSpec(1, AS_OF, (SiteSpec("s", pages=pages),))
    served = build_manifest(spec, {"s": "http://127.0.0.1:1/"})["sites"]["s"]["page_count"]
    # the smallest site still has every column of the tree, each with an item, and a few rule-based ones
    assert pages * 0.8 <= served <= max(pages * 1.2, 120)


def test_ten_thousand_pages_cost_nothing_until_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """No page is rendered before it is asked for: a 10,000-page site renders its homepage alone when the
    homepage is requested (counted, not timed: a timing fails on a loaded machine)."""
    spec = PortalSpec(1, AS_OF, (SiteSpec("big", pages=10_000),))
    app = SiteApp(spec, spec.sites[0])
    rendered: list[str] = []
    render = app.style.render
    monkeypatch.setattr(
        app.style, "render", lambda route, out: rendered.append(route.kind) or render(route, out)
    )
    reply = app.resolve("/")
    assert reply.status == 200 and len(rendered) == 1
    assert sum(app.content.counts.values()) > 8000
