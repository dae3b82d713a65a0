"""The ranking as evaluators exchange it: XLSX (one sheet per site level, frozen header, filters, number
formats, vetoes in red) and CSV (UTF-8 with BOM, so Excel opens the Chinese headers)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.cells import csv_row, defuse_workbook
from reports.labels import MODE_ZH, PART_ZH
from reports.ranking import Column, Ranking, RankRow

POINTS_FORMAT = "0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
VETO_FILL = PatternFill("solid", fgColor="F8D0D0")
VETO_FONT = Font(color="B00000", bold=True)
UNIT_COLUMNS = (
    ("unit", "责任单位", False),
    ("sites", "站点数", True),
    ("auto_points", "自动得分合计", True),
    ("manual_points", "人工得分合计", True),
    ("withheld", "待核验合计", True),
    ("total", "总分合计", True),
    ("mean_total", "平均总分", True),
    ("vetoed", "单项否决站点数", True),
    ("failed", "不合格站点数", True),
)
UNIT_TOTAL_COLUMNS = (
    ("site", "站点", False),
    ("unit", "指标责任单位", False),
    ("indicators", "指标数", True),
    ("points", "得分", True),
    ("max_points", "满分", True),
    ("withheld", "待核验", True),
    ("awaiting_manual", "待人工", True),
)


def write_ranking_xlsx(ranking: Ranking, path: Path) -> Path:
    """总排名, then one ranking sheet per site level, 按责任单位, 指标说明 and 说明."""
    book = Workbook()
    sheet = book.active
    sheet.title = "总排名"
    _ranking_sheet(sheet, ranking.columns, ranking.rows)
    for level, rows in sorted(ranking.levels().items()):
        _ranking_sheet(book.create_sheet(_sheet_name(f"{level}排名")), ranking.columns, rows)
    units = [{**u, "sites": len(u["sites"]), "unit": u["unit"] or "（未指定）"} for u in ranking.units]
    _plain_sheet(book.create_sheet("按责任单位"), UNIT_COLUMNS, units)
    if ranking.unit_totals:
        _plain_sheet(book.create_sheet("指标责任单位"), UNIT_TOTAL_COLUMNS, ranking.unit_totals)
    _indicator_sheet(book.create_sheet("指标说明"), ranking)
    _about_sheet(book.create_sheet("说明"), ranking)
    book.properties.title = f"{ranking.rulebook_name} 排名（批次 {ranking.sweep_id}）"
    path.parent.mkdir(parents=True, exist_ok=True)
    defuse_workbook(book).save(path)
    return path


def write_ranking_csv(ranking: Ranking, path: Path) -> Path:
    """The overall ranking, one row per site, the same columns as the XLSX's 总排名."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(csv_row(c.header for c in ranking.columns))
        for row in ranking.rows:
            writer.writerow(
                csv_row("" if (v := row.values.get(c.key)) is None else v for c in ranking.columns)
            )
    return path


def _ranking_sheet(sheet: Worksheet, columns: Sequence[Column], rows: Sequence[RankRow]) -> None:
    _header(sheet, [c.header for c in columns])
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.values.get(column.key)
            cell = sheet.cell(row=r, column=c, value=value)
            if column.numeric and column.key != "rank":
                cell.number_format = POINTS_FORMAT
            if column.key in row.vetoed_cells:
                cell.fill = VETO_FILL
        if row.vetoed_by:
            for key in ("rank", "site", "verdict", "vetoed_by"):
                sheet.cell(row=r, column=_index(columns, key)).font = VETO_FONT
            sheet.cell(row=r, column=_index(columns, "rank"), value="否决")
    widths = {"site": 22, "unit": 16, "verdict": 14, "vetoed_by": 24}
    for c, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = widths.get(
            column.key, 12 if column.kind != "info" else 8
        )
    _finish(sheet, freeze="C2")


def _plain_sheet(
    sheet: Worksheet, columns: Sequence[tuple[str, str, bool]], rows: Sequence[dict[str, Any]]
) -> None:
    _header(sheet, [header for _, header, _ in columns])
    for r, row in enumerate(rows, start=2):
        for c, (key, _, numeric) in enumerate(columns, start=1):
            cell = sheet.cell(row=r, column=c, value=row.get(key))
            if numeric:
                cell.number_format = POINTS_FORMAT if isinstance(row.get(key), float) else "0"
    for c in range(1, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 18 if c <= 2 else 14
    _finish(sheet, freeze="B2")


def _indicator_sheet(sheet: Worksheet, ranking: Ranking) -> None:
    columns = (
        ("id", "指标"),
        ("name", "名称"),
        ("part", "类别"),
        ("mode", "评分方式"),
        ("max_points", "分值"),
        ("source_text", "原文"),
    )
    _header(sheet, [h for _, h in columns])
    for r, i in enumerate(ranking.indicators, start=2):
        values = (
            i.id,
            i.name,
            PART_ZH.get(i.part, i.part),
            MODE_ZH.get(i.mode, "（分组）"),
            i.max_points,
            i.source_text,
        )
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value).alignment = Alignment(wrap_text=c == 6, vertical="top")
        sheet.cell(row=r, column=5).number_format = POINTS_FORMAT
    for letter, width in zip("ABCDEF", (10, 28, 10, 10, 8, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    _finish(sheet, freeze="C2")


def _about_sheet(sheet: Worksheet, ranking: Ranking) -> None:
    lines = (
        ("指标体系", f"{ranking.rulebook_name}（{ranking.rulebook}）"),
        ("抓取批次", ranking.sweep_id),
        ("评价日", ranking.as_of),
        ("自动/人工", "自动得分与人工得分分列；各指标列标注〔自动〕或〔人工〕。"),
        ("待核验", "因无法访问或无法确认而暂缓计入的分值，不计为失分。"),
        ("单项否决", "触发单项否决的站点不参与排名，名次列记为“否决”，否决指标以红色标出。"),
        ("来源", "govwatch 由已存储的抓取与评分数据生成，未重新抓取。"),
    )
    for r, (key, value) in enumerate(lines, start=1):
        sheet.cell(row=r, column=1, value=key).font = Font(bold=True)
        sheet.cell(row=r, column=2, value=value)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 80


def _header(sheet: Worksheet, headers: Sequence[str]) -> None:
    for c, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=c, value=header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _finish(sheet: Worksheet, *, freeze: str) -> None:
    sheet.freeze_panes = freeze
    sheet.auto_filter.ref = sheet.dimensions


def _index(columns: Sequence[Column], key: str) -> int:
    return next(i for i, c in enumerate(columns, start=1) if c.key == key)


def _sheet_name(name: str) -> str:
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:31]
