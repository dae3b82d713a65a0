"""Report files from stored data: per site the 整改通知 (HTML and PDF) and trend page, per rulebook the
ranking (XLSX and CSV); write_all_reports writes them all for one sweep (what `govwatch demo` ends with)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reports.browser import CHROMIUM, chromium, print_pdf
from reports.data import build_site_report
from reports.html import render_notice, render_trend
from reports.ranking import build_ranking
from reports.tables import write_ranking_csv, write_ranking_xlsx
from reports.trends import build_trend
from storage.models import Site, SiteScore, Sweep

NOTICE_FORMATS = ("html", "pdf")
RANKING_FORMATS = ("xlsx", "csv")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True, slots=True)
class Written:
    what: str  # 整改通知, 趋势, 排名
    subject: str  # the site or the rulebook
    path: Path


def file_stem(name: str) -> str:
    """A file name from a site or rulebook name: Chinese kept, path and shell characters replaced. A name
    that had to change gets a short hash of itself, so two sites never share a file (127.0.0.1:8771 and
    127.0.0.1:8772, a/b and a:b)."""
    safe = _UNSAFE.sub("_", name).strip("_") or "site"
    return safe if safe == name else f"{safe}_{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"


def write_notice(
    engine: Engine,
    site: str,
    out_dir: Path,
    *,
    today: date,
    sweep_id: int | None = None,
    formats: Sequence[str] = NOTICE_FORMATS,
    browser: Browser | None = None,
    reason_labels: Mapping[str, str] | None = None,
) -> list[Written]:
    """整改通知_<site>.html and .pdf (printed from the same HTML by Chromium)."""
    html = render_notice(build_site_report(engine, site, today=today, sweep_id=sweep_id), reason_labels)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"整改通知_{file_stem(site)}"  # never Path.with_suffix: a site named 127.0.0.1 has dots
    html_path, pdf_path = out_dir / f"{stem}.html", out_dir / f"{stem}.pdf"
    written = []
    if "html" in formats:
        html_path.write_text(html, encoding="utf-8")
        written.append(Written("整改通知", site, html_path))
    if "pdf" in formats:
        if browser is None:
            with chromium() as own:
                print_pdf(own, html, pdf_path)
        else:
            print_pdf(browser, html, pdf_path)
        written.append(Written("整改通知", site, pdf_path))
    return written


def write_trend(engine: Engine, site: str, out_dir: Path, rulebook: str | None = None) -> Written:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"趋势_{file_stem(site)}.html"
    path.write_text(render_trend(build_trend(engine, site, rulebook)), encoding="utf-8")
    return Written("趋势", site, path)


def write_ranking(
    engine: Engine,
    rulebook: str,
    out_dir: Path,
    *,
    sweep_id: int | None = None,
    formats: Sequence[str] = RANKING_FORMATS,
) -> list[Written]:
    """排名_<rulebook>_批次<N>.xlsx and .csv."""
    ranking = build_ranking(engine, rulebook, sweep_id)
    stem = f"排名_{file_stem(rulebook)}_批次{ranking.sweep_id}"
    writers = {"xlsx": write_ranking_xlsx, "csv": write_ranking_csv}
    return [Written("排名", rulebook, writers[f](ranking, out_dir / f"{stem}.{f}")) for f in formats]


def write_all_reports(
    engine: Engine,
    sweep_id: int,
    out_dir: Path,
    *,
    today: date,
    rulebooks: Iterable[str] | None = None,
    pdf: bool = True,
    reason_labels: Mapping[str, str] | None = None,
    executable: str = CHROMIUM,
) -> list[Written]:
    """Every site's 整改通知 and trend, and the ranking under every rulebook that scored the sweep."""
    with Session(engine) as session:
        sweep = session.get(Sweep, sweep_id)
        if sweep is None:
            raise LookupError(f"sweep {sweep_id} does not exist in this database")
        names = [s["name"] for s in sweep.plan.get("sites", [])]
        sites = session.scalars(select(Site.name).where(Site.name.in_(names)).order_by(Site.name)).all()
        scored = session.scalars(
            select(SiteScore.rulebook)
            .where(SiteScore.sweep_id == sweep_id)
            .distinct()
            .order_by(SiteScore.rulebook)
        ).all()
    books = list(rulebooks) if rulebooks is not None else list(scored)
    written: list[Written] = []
    formats = NOTICE_FORMATS if pdf else ("html",)
    with chromium(executable) as browser:
        for site in sites:
            written += write_notice(
                engine,
                site,
                out_dir,
                today=today,
                sweep_id=sweep_id,
                formats=formats,
                browser=browser,
                reason_labels=reason_labels,
            )
            written.append(write_trend(engine, site, out_dir, books[0] if books else None))
    for book in books:
        written += write_ranking(engine, book, out_dir, sweep_id=sweep_id)
    return written
