"""The report files `govwatch report all` writes, opened as people open them: the 整改通知 in Chromium and
as PDF text, the ranking in openpyxl and as CSV (equal to `govwatch scores --format json`), the trend page."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser
from portaldata import BROKEN_ANCHOR, COUNTY, DISTRICT, RULEBOOK, XSS_TITLE, ReportData
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.charts import line_chart, sparkline
from scheduler.cli import main
from storage import open_db
from storage.models import Finding

PNG = b"\x89PNG\r\n\x1a\n"


def _fails(data: ReportData, site: str, sweep_id: int) -> list[Finding]:
    with Session(open_db(data.db_url)) as session:
        return list(
            session.scalars(
                select(Finding).where(
                    Finding.sweep_id == sweep_id,
                    Finding.site_id == data.site_ids[site],
                    Finding.status == "fail",
                )
            )
        )


def _squash(text: str) -> str:
    """PDF text without line breaks and spaces, in NFKC (so a glyph read back as a radical compares equal)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _scores_json(capsys: pytest.CaptureFixture[str], db_url: str, *extra: str) -> object:
    capsys.readouterr()
    assert main(["scores", "--rulebook", RULEBOOK, "--format", "json", *extra, "--db", db_url]) == 0
    return json.loads(capsys.readouterr().out)


def test_notice_in_chromium_lists_every_problem_with_its_evidence(
    data: ReportData, report_dir: Path, browser: Browser, tmp_path: Path
) -> None:
    fails = _fails(data, DISTRICT, data.sweeps[-1])
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto((report_dir / f"整改通知_{DISTRICT}.html").as_uri())
    assert page.locator("#problem-count").inner_text() == str(len(fails))
    assert page.locator("section.item:not(.warn-item)").count() == len(fails)
    text = page.locator("body").inner_text()
    for finding in fails:
        assert finding.message.split("。")[0] in text
    assert XSS_TITLE in text  # the crawled title is shown as text …
    assert page.evaluate("() => window.__gw_xss") is None  # … and never ran
    assert f"链接文字「{BROKEN_ANCHOR}」" in text and "发现日期" in text and "整改建议" in text
    assert "国办秘函〔2019〕19号" in text and "已持续" in text
    loaded = page.evaluate("() => [...document.images].map(i => i.naturalWidth)")
    assert loaded and all(width > 0 for width in loaded)
    shot = page.screenshot(path=str(tmp_path / "notice.png"), full_page=True)
    assert shot.startswith(PNG) and len(shot) > 10_000
    page.close()


def test_notice_pdf_has_pages_and_the_problems(data: ReportData, report_dir: Path) -> None:
    reader = PdfReader(report_dir / f"整改通知_{DISTRICT}.pdf")
    assert len(reader.pages) >= 1
    text = _squash("".join(p.extract_text() for p in reader.pages))
    assert _squash(f"「{DISTRICT}」政务公开网站问题整改通知") in text
    for finding in _fails(data, DISTRICT, data.sweeps[-1]):
        assert _squash(finding.message.split("。")[0])[:40] in text, finding.message


def test_xlsx_ranking_matches_scores_json(
    data: ReportData, report_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    totals = {t["site"]: t for t in _scores_json(capsys, data.db_url, "--totals")["sites"]}  # type: ignore[index]
    leaves = _scores_json(capsys, data.db_url)
    book = load_workbook(report_dir / f"排名_{RULEBOOK}_批次{data.sweeps[-1]}.xlsx")
    sheet = book["总排名"]
    header = [c.value for c in sheet[1]]
    rows = {
        r[header.index("站点")]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert set(rows) == set(totals)
    for site, total in totals.items():
        row = rows[site]
        for key, title in (
            ("total", "总分"),
            ("auto_points", "自动得分"),
            ("manual_points", "人工得分"),
            ("withheld", "待核验"),
            ("awaiting_manual", "待人工"),
            ("max_points", "满分"),
        ):
            assert row[title] == total[key], (site, title)
    leaf_columns = {h.split(" ")[0]: h for h in header if "〔" in h}
    for leaf in leaves:  # type: ignore[union-attr]
        assert rows[leaf["site"]][leaf_columns[leaf["indicator"]["id"]]] == leaf["points"], leaf
    assert {"〔自动" in h for h in leaf_columns.values()} == {True, False}  # auto and manual apart
    ranked = sorted((r["名次"], s) for s, r in rows.items() if isinstance(r["名次"], int))
    assert ranked[0][0] == 1 and [totals[s]["total"] for _, s in ranked] == sorted(
        (totals[s]["total"] for _, s in ranked), reverse=True
    )
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref
    assert sheet.cell(row=2, column=header.index("总分") + 1).number_format == "0.00"
    county = book["县区排名"]
    assert sorted(r[1] for r in county.iter_rows(min_row=2, values_only=True)) == sorted([DISTRICT, COUNTY])
    assert "部门排名" in book.sheetnames and "按责任单位" in book.sheetnames and "指标说明" in book.sheetnames


def test_csv_ranking_is_the_overall_sheet(data: ReportData, report_dir: Path) -> None:
    book = load_workbook(report_dir / f"排名_{RULEBOOK}_批次{data.sweeps[-1]}.xlsx")
    expected = [["" if v is None else v for v in row] for row in book["总排名"].iter_rows(values_only=True)]
    with (report_dir / f"排名_{RULEBOOK}_批次{data.sweeps[-1]}.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == expected[0]
    assert [r[1] for r in rows[1:]] == [r[1] for r in expected[1:]]
    column = rows[0].index("总分")
    assert [float(r[column]) for r in rows[1:]] == [float(r[column]) for r in expected[1:]]


def test_trend_page_charts_score_and_problems_over_sweeps(
    data: ReportData, report_dir: Path, browser: Browser, tmp_path: Path
) -> None:
    page = browser.new_page()
    page.goto((report_dir / f"趋势_{DISTRICT}.html").as_uri())
    assert page.locator("svg.chart").count() == 2
    cells = page.locator("table.trend tr").all_inner_texts()[1:]
    assert [c.split("\t")[0] for c in cells] == [str(s) for s in data.sweeps]
    with Session(open_db(data.db_url)) as session:
        for sweep_id, row in zip(data.sweeps, cells, strict=True):
            fails = session.scalar(
                select(func.count()).where(
                    Finding.sweep_id == sweep_id,
                    Finding.site_id == data.site_ids[DISTRICT],
                    Finding.status == "fail",
                )
            )
            assert row.split("\t")[3] == str(fails)
    assert page.screenshot(path=str(tmp_path / "trend.png")).startswith(PNG)
    page.close()


def test_charts_escape_labels_and_mark_gaps() -> None:
    svg = str(line_chart([("<b>11-06</b>", 30.0), ("11-20", None), ("12-04", 40.0)], title="总分<x>"))
    assert "<b>" not in svg and "&lt;b&gt;11-06" in svg and "总分&lt;x&gt;" in svg
    assert svg.count("<circle") == 2 and ">×<" in svg  # the vetoed sweep is a gap, not a 0
    assert "<polyline" not in svg  # no line is drawn across the gap
    assert str(sparkline([31.0, 31.0])).count("14.0") == 3  # a flat series sits mid-height
