"""Demo-like data for the reports tests: three small portals served for real on 127.0.0.1, two sweeps of
them written through the storage writers (pages, list items, links, column trees, gzip snapshots), then
the real checks, scoring (national-2019), the 整改 workflow and the evidence capture.

示例区人民政府 (县区): 通知公告 last updated 2026-04-01 under a title holding `<script>`, 人事信息 blank,
a broken homepage link 「领导之窗」. 示例县人民政府 (县区) and 示例市统计局 (部门) are healthier; the
统计局's 通知公告 page answers 503 when the evidence is taken, so its screenshot comes from the snapshot.
"""

from __future__ import annotations

import html
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from crawler.snapshots import snapshot_ref, write_snapshot
from reports.evidence import capture_evidence
from scheduler.checking import check_sweep
from scheduler.scoring import score_sweep
from scheduler.workflow import sync_problems
from storage import open_db
from storage.models import Sweep
from storage.writer import finish_sweep, open_sweep, register_sites, write_pages

DISTRICT, COUNTY, BUREAU = "示例区人民政府", "示例县人民政府", "示例市统计局"
XSS_TITLE = "关于<script>window.__gw_xss=1</script>开展安全检查的通知"
BROKEN_ANCHOR = "领导之窗"
RULEBOOK = "national-2019"
PASSWORDS = {"ping": "evaluator-pass-1", "wang": "manager-pass-22", "li": "manager-pass-333"}
REPORT_DAY = "2026-11-25"
SWEEP_DAYS = (date(2026, 11, 6), date(2026, 11, 20))
SITES = {
    DISTRICT: ("a", "县区", "区政府办公室"),
    COUNTY: ("c", "县区", "县政府办公室"),
    BUREAU: ("b", "部门", "市统计局"),
}


@dataclass
class Portal:
    """Pages by path; `down` paths answer 503 (a site that broke after the sweep)."""

    pages: dict[str, bytes] = field(default_factory=dict)
    down: set[str] = field(default_factory=set)
    base: str = ""


@contextmanager
def serve(portal: Portal) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = portal.pages.get(self.path)
            status = 503 if self.path in portal.down else 200 if body is not None else 404
            payload = body if status == 200 and body is not None else f"<h1>{status}</h1>".encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    portal.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield portal.base
    finally:
        server.shutdown()
        server.server_close()


def _html(
    title: str, heading: str, items: list[tuple[str, str, date | None]], links: list[tuple[str, str]]
) -> bytes:
    rows = "".join(
        f'<li><a href="{url}">{html.escape(text)}</a> <span>{when or ""}</span></li>'
        for url, text, when in items
    )
    nav = "".join(f'<a href="{url}">{html.escape(text)}</a> ' for url, text in links)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body style='font-family:sans-serif'><div class='nav'>{nav}</div><h1>{html.escape(heading)}</h1>"
        f"<ul>{rows}</ul><p>版权所有：{html.escape(title)}</p></body></html>"
    ).encode()


def _columns(site: str, sweep: int) -> dict[str, tuple[str, list[tuple[str, str, date]]]]:
    fresh = SWEEP_DAYS[sweep].replace(day=SWEEP_DAYS[sweep].day - 3)
    columns = {
        "gzdt": ("工作动态", [(f"n{sweep}", f"{site}召开常务会议（第{sweep + 1}次）", fresh)]),
        "tzgg": ("通知公告", [("t1", "关于开展防汛检查的通知", date(2026, 10, 8))]),
        "zcwj": ("政策文件", [("w1", "关于加强社区治理的意见", date(2026, 9, 1))]),
        "zcjd": ("政策解读", [("j1", "《关于加强社区治理的意见》解读", date(2026, 9, 2))]),
    }
    if site == DISTRICT:
        columns["tzgg"] = ("通知公告", [("t1", XSS_TITLE, date(2026, 4, 1))])
        columns["rsxx"] = ("人事信息", [])
    if site == BUREAU and sweep == 1:
        columns["tzgg"] = ("通知公告", [("t2", "关于统计执法检查的通知", date(2026, 3, 1))])
    return columns


def _site_pages(site: str, base: str, sweep: int, portal: Portal, snapshots: Path) -> list[dict[str, Any]]:
    prefix = SITES[site][0]
    home_url = f"{base}/{prefix}/"
    fetched = datetime.combine(SWEEP_DAYS[sweep], datetime.min.time(), UTC).replace(hour=2)
    columns = _columns(site, sweep)
    nav = [(f"{home_url}{cid}/", name) for cid, (name, _) in columns.items()]
    broken = f"{home_url}ldzc/" if site == DISTRICT else None
    pages = []

    def page(url: str, kind: str, title: str, body: bytes, **extra: Any) -> dict[str, Any]:
        portal.pages[url.removeprefix(base)] = body
        ref = snapshot_ref(body)
        write_snapshot(snapshots, ref, body)
        row = {
            "site": site,
            "url": url,
            "final_url": url,
            "depth": 1,
            "status": 200,
            "outcome": "ok",
            "fetched_at": fetched,
            "kind": kind,
            "title": title,
            "snapshot": ref,
            "encoding": "utf-8",
            "size": len(body),
        }
        return row | extra

    slug, title, when = columns["gzdt"][1][0]
    newest = [(f"{home_url}gzdt/{slug}.html", title, when)]
    links = [{"to_url": url, "anchor": name, "kind": "a"} for url, name in nav]
    if broken:
        links.append({"to_url": broken, "anchor": BROKEN_ANCHOR, "kind": "a"})
    home_links = nav + ([(broken, BROKEN_ANCHOR)] if broken else [])
    pages.append(
        page(
            home_url,
            "homepage",
            site,
            _html(site, site, newest, home_links),
            depth=0,
            list_items=[{"position": 0, "title": t, "url": u, "date": d} for u, t, d in newest],
            links=links,
            columns=[
                {"column_id": cid, "name": name, "url": url}
                for (url, name), cid in zip(nav, columns, strict=True)
            ],
        )
    )
    for cid, (name, items) in columns.items():
        listed = [(f"{home_url}{cid}/{slug}.html", title, when) for slug, title, when in items]
        pages.append(
            page(
                f"{home_url}{cid}/",
                "column_list",
                f"{name}_{site}",
                _html(site, name, listed, nav),
                column_id=cid,
                list_items=[
                    {"position": i, "title": t, "url": u, "date": d} for i, (u, t, d) in enumerate(listed)
                ],
            )
        )
    if broken:
        pages.append(
            {
                "site": site,
                "url": broken,
                "final_url": broken,
                "depth": 1,
                "status": 404,
                "outcome": "http_error",
                "fetched_at": fetched,
                "error": "HTTP 404",
                "recheck_outcome": "http_error",
                "recheck_status": 404,
            }
        )
    return pages


@dataclass(frozen=True)
class ReportData:
    db_url: str
    sweeps: tuple[int, ...]
    site_ids: dict[str, int]
    portal_base: str
    snapshots: Path
    evidence: list[Any]


def build(tmp: Path, db_url: str | None = None) -> ReportData:
    """Write both sweeps, judge and score them, follow problems, and capture the second sweep's evidence
    (into a SQLite file in `tmp` unless `db_url` names another database)."""
    db_url = db_url or f"sqlite:///{tmp / 'govwatch.db'}"
    engine = open_db(db_url)
    portal = Portal()
    snapshots = tmp / "snapshots"
    with serve(portal) as base:
        specs = [
            {"name": name, "base_url": f"{base}/{prefix}/", "level": level, "unit": unit}
            for name, (prefix, level, unit) in SITES.items()
        ]
        ids = register_sites(engine, specs)
        sweeps = []
        for index, day in enumerate(SWEEP_DAYS):
            plan = {"sites": specs, "snapshot_dir": str(snapshots), "limits": {"user_agent": "govwatch-test"}}
            sweep_id = open_sweep(engine, plan)
            with Session(engine) as session, session.begin():
                started = datetime.combine(day, datetime.min.time(), UTC).replace(hour=1)
                session.execute(update(Sweep).where(Sweep.id == sweep_id).values(started_at=started))
            pages = [p for name in SITES for p in _site_pages(name, base, index, portal, snapshots)]
            write_pages(engine, sweep_id, ids, pages)
            finish_sweep(engine, sweep_id, {}, complete=True)
            check_sweep(engine, sweep_id, as_of=day)
            score_sweep(engine, sweep_id, RULEBOOK, day)
            sync_problems(engine, sweep_id)
            sweeps.append(sweep_id)
        portal.down.add("/b/tzgg/")
        evidence = capture_evidence(engine, sweeps[-1], max_per_site=6)
    engine.dispose()
    return ReportData(db_url, tuple(sweeps), ids, base, snapshots, evidence)


def govwatch(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real CLI in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "scheduler.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
