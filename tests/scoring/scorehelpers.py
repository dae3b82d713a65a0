"""A stored sweep written straight through storage.writer (no crawl), and the CLI run in-process.

The site 示例区人民政府 has, as of 2026-11-20: a fresh homepage; 工作动态, 通知公告 and 互动交流 up to date;
政策文件 last updated 2026-04-01 (stale: > 180 days); 人事信息 blank; two policy documents of which only
one is interpreted (解读比例 50 %); no 我为政府网站找错 entry. 示例市统计局 is healthy in the same ways
except that it has no blank column and no policy documents.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from scheduler.cli import main
from storage import open_db
from storage.writer import finish_sweep, open_sweep, register_sites, write_pages

AS_OF = "2026-11-20"
DISTRICT, BUREAU = "示例区人民政府", "示例市统计局"
SITES = [
    {"name": DISTRICT, "base_url": "http://district.example/", "level": "县区", "unit": "区政府办公室"},
    {"name": BUREAU, "base_url": "http://bureau.example/", "level": "部门", "unit": "市统计局"},
]
FETCHED = datetime(2026, 11, 20, 8, tzinfo=UTC)
ISSUED = {"发布机构": "示例区人民政府办公室"}  # the district's own documents: they owe a 解读


def _page(site: str, url: str, kind: str, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "site": site,
        "url": url,
        "final_url": url,
        "depth": 1,
        "status": 200,
        "outcome": "ok",
        "fetched_at": FETCHED,
        "kind": kind,
        "title": title,
        **extra,
    }


def _column_page(site: str, base: str, cid: str, name: str, *items: tuple[str, str, date]) -> dict[str, Any]:
    listed = [
        {"position": i, "title": title, "url": f"{base}{cid}/{slug}.html", "date": when}
        for i, (slug, title, when) in enumerate(items)
    ]
    return _page(site, f"{base}{cid}/", "column_list", name, column_id=cid, list_items=listed)


def _site_pages(site: str, base: str, documents: bool) -> list[dict[str, Any]]:
    columns = {
        "gzdt": ("工作动态", [("n1", "区政府召开常务会议", date(2026, 11, 15))]),
        "tzgg": ("通知公告", [("t1", "关于开展安全检查的通知", date(2026, 10, 1))]),
        "hdjl": ("互动交流", [("m1", "关于小区停车的留言答复", date(2026, 11, 1))]),
        "zcjd": ("政策解读", [("j1", "《关于加强社区治理的意见》解读", date(2026, 4, 2))]),
        "zcwj": (
            "政策文件",
            [
                ("a", "关于加强社区治理的意见", date(2026, 4, 1)),
                ("b", "关于推进老旧小区改造的实施方案", date(2026, 3, 20)),
            ],
        ),
    }
    if documents:
        columns["rsxx"] = ("人事信息", [])
    else:
        columns["zcwj"] = ("政策文件", [("c", "关于统计执法检查的通知", date(2026, 9, 1))])
        columns["zcjd"] = ("政策解读", [("j2", "统计工作答记者问", date(2026, 9, 2))])
    home = _page(
        site,
        base,
        "homepage",
        site,
        depth=0,
        list_items=[
            {
                "position": 0,
                "title": "区政府召开常务会议",
                "url": f"{base}gzdt/n1.html",
                "date": date(2026, 11, 18),
            }
        ],
        links=[
            {"to_url": f"{base}{cid}/", "anchor": name, "kind": "a"} for cid, (name, _) in columns.items()
        ],
        columns=[
            {"column_id": cid, "name": name, "url": f"{base}{cid}/"} for cid, (name, _) in columns.items()
        ],
    )
    pages = [home, *(_column_page(site, base, cid, name, *items) for cid, (name, items) in columns.items())]
    if documents:
        doc_a, doc_b, interp = f"{base}zcwj/a.html", f"{base}zcwj/b.html", f"{base}zcjd/j1.html"
        pages += [
            _page(
                site,
                doc_a,
                "article",
                "关于加强社区治理的意见",
                publish_date=date(2026, 4, 1),
                column_id="zcwj",
                links=[{"to_url": interp, "anchor": "政策解读", "kind": "a"}],
                doc_fields=ISSUED,
            ),
            _page(
                site,
                doc_b,
                "article",
                "关于推进老旧小区改造的实施方案",
                publish_date=date(2026, 3, 20),
                column_id="zcwj",
                doc_fields=ISSUED,
            ),
            _page(
                site,
                interp,
                "article",
                "《关于加强社区治理的意见》解读",
                publish_date=date(2026, 4, 2),
                column_id="zcjd",
                links=[{"to_url": doc_a, "anchor": "原文", "kind": "a"}],
            ),
        ]
    return pages


def plant_sweep(db_url: str) -> int:
    """Write the two sites' pages, list items and column trees as a finished sweep; returns its id."""
    engine = open_db(db_url)
    ids = register_sites(engine, SITES)
    sweep_id = open_sweep(engine, {"sites": SITES})
    pages = _site_pages(DISTRICT, SITES[0]["base_url"], True) + _site_pages(
        BUREAU, SITES[1]["base_url"], False
    )
    write_pages(engine, sweep_id, ids, pages)
    coverage = {
        i: {"pages_tried": 9, "pages_fetched": 9, "failed_by_reason": {}, "seconds": 1.0}
        for i in ids.values()
    }
    finish_sweep(engine, sweep_id, coverage, complete=True)
    engine.dispose()
    return sweep_id


def govwatch(capsys: pytest.CaptureFixture[str], db_url: str, *args: str) -> tuple[int, str, str]:
    """Run the CLI in this process against `db_url`; (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([*args, "--db", db_url])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def scores_json(capsys: pytest.CaptureFixture[str], db_url: str, rulebook: str, *extra: str) -> Any:
    code, out, err = govwatch(capsys, db_url, "scores", "--rulebook", rulebook, "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def by_indicator(rows: list[dict[str, Any]], site: str) -> dict[str, dict[str, Any]]:
    return {r["indicator"]["id"]: r for r in rows if r["site"] == site}
