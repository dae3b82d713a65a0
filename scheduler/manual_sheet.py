"""The manual-score workbook: a template evaluators fill in (one row per site × manual leaf), and its import.

The template names the rulebook on a second sheet, so the filled file imports on its own. An import is
checked whole before anything is stored: every problem names its row and column, and a file with one
problem stores nothing.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from checks.rulebook import Node, Rulebook
from reports.cells import defuse_workbook
from reports.labels import PART_ZH
from scheduler.scoring import manual_problem

SHEET, INFO_SHEET = "人工评分", "模板信息"
SITE, UNIT, ID, NAME, PART, CRITERION, MAX, CURRENT, POINTS, NOTE, BY = (
    "站点",
    "站点责任单位",
    "指标编号",
    "指标名称",
    "类别",
    "评分标准",
    "满分",
    "已录入",
    "得分",
    "说明",
    "评分人",
)
HEADERS = (SITE, UNIT, ID, NAME, PART, CRITERION, MAX, CURRENT, POINTS, NOTE, BY)
WIDTHS = {SITE: 24, UNIT: 16, ID: 10, NAME: 24, PART: 10, CRITERION: 60, NOTE: 30, BY: 10}
RULEBOOK_KEY, SWEEP_KEY = "指标体系", "批次"


class SheetError(ValueError):
    """A workbook that cannot be imported; `errors` holds every problem, each naming its row and column."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # the row number in the sheet
    site: str
    indicator: str
    points: float
    note: str
    entered_by: str


@dataclass(frozen=True)
class Sheet:
    rulebook: str
    rows: tuple[SheetRow, ...]
    letters: Mapping[str, str]  # header → column letter

    def where(self, number: int, header: str) -> str:
        return f"row {number}, column {self.letters.get(header, '?')} ({header})"


def _max_of(node: Node) -> float | None:
    return 1.0 if node.part == "veto" else node.max_points


def _manual_leaves(rulebook: Rulebook) -> list[Node]:
    return [n for n in rulebook.leaves() if n.indicator.mode == "manual"]


def write_template(
    path: Path,
    rulebook: Rulebook,
    sites: Sequence[tuple[str, str]],
    current: Mapping[tuple[str, str], float],
    sweep_id: int | None = None,
) -> int:
    """Write the template for (site name, site unit) pairs; `current` shows entries already in force.
    Returns the number of rows to fill."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for site, unit in sites:
        for node in _manual_leaves(rulebook):
            ind = node.indicator
            sheet.append(
                (
                    site,
                    unit,
                    ind.id,
                    ind.name,
                    PART_ZH[node.part],
                    ind.criterion or ind.source_text,
                    _max_of(node),
                    current.get((site, ind.id)),
                    None,
                    None,
                    None,
                )
            )
    _style(sheet, sheet.max_row)
    info = book.create_sheet(INFO_SHEET)
    for row in (
        (RULEBOOK_KEY, rulebook.id),
        ("名称", rulebook.meta.name),
        (SWEEP_KEY, sweep_id),
        ("生成时间", datetime.now(UTC).isoformat(timespec="seconds")),
        ("填写说明", f"在“{POINTS}”列填写得分（0至满分；单项否决填1为否决、0为未否决），留空表示不录入。"),
    ):
        info.append(row)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    defuse_workbook(book).save(path)
    return sheet.max_row - 1


def _style(sheet: Any, last: int) -> None:
    letter = {h: get_column_letter(i) for i, h in enumerate(HEADERS, 1)}
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for header, width in WIDTHS.items():
        sheet.column_dimensions[letter[header]].width = width
    for cell in sheet[letter[CRITERION]][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{letter[BY]}{max(last, 1)}"
    if last < 2:
        return
    p, m, k = letter[POINTS], letter[MAX], letter[PART]
    rule = DataValidation(
        type="custom",
        formula1=f'AND(ISNUMBER({p}2),{p}2>=0,OR({m}2="",{p}2<={m}2),OR({k}2<>"{PART_ZH["veto"]}",{p}2=INT({p}2)))',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="得分超出范围",
        error="得分应为0至满分之间的数值；单项否决填1或0。",
    )
    rule.add(f"{p}2:{p}{last}")
    sheet.add_data_validation(rule)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def read_sheet(path: Path) -> Sheet:
    """The filled rows of a template (rows with a 得分), parsed; SheetError names each unreadable cell."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise SheetError(["file not found"]) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        raise SheetError([f"not an XLSX workbook ({exc})"]) from None
    if SHEET not in book.sheetnames:
        raise SheetError([f"no sheet named {SHEET!r} (write one with govwatch manual template)"])
    info = (
        {_text(r[0]): r[1] for r in book[INFO_SHEET].iter_rows(values_only=True) if r and len(r) > 1}
        if INFO_SHEET in book.sheetnames
        else {}
    )
    lines = list(book[SHEET].iter_rows(values_only=True))
    book.close()
    headers = [_text(h) for h in (lines[0] if lines else ())]
    missing = [h for h in (SITE, ID, POINTS) if h not in headers]
    if missing:
        raise SheetError([f"row 1 has no column {missing[0]!r}"])
    letters = {h: get_column_letter(i) for i, h in enumerate(headers, 1) if h}
    column = {h: i for i, h in enumerate(headers) if h}
    sheet = Sheet(_text(info.get(RULEBOOK_KEY)), (), letters)
    rows, errors = [], []
    for number, line in enumerate(lines[1:], 2):
        cell = {h: line[i] if i < len(line) else None for h, i in column.items()}
        if _text(cell[POINTS]) == "":
            continue
        points = _number(cell[POINTS])
        if points is None:
            errors.append(f"{sheet.where(number, POINTS)}: {_text(cell[POINTS])!r} is not a number")
            continue
        blank = next((h for h in (SITE, ID) if not _text(cell[h])), None)
        if blank:
            errors.append(f"{sheet.where(number, blank)}: empty, but the row has a {POINTS}")
            continue
        rows.append(
            SheetRow(
                number,
                _text(cell[SITE]),
                _text(cell[ID]),
                points,
                _text(cell.get(NOTE)),
                _text(cell.get(BY)),
            )
        )
    if errors:
        raise SheetError(errors)
    return Sheet(sheet.rulebook, tuple(rows), letters)


def sheet_problems(sheet: Sheet, rulebook: Rulebook, known_sites: Collection[str]) -> list[str]:
    """Every row that cannot be stored: unknown site or indicator, points out of range, a repeated row."""
    errors, first = [], {}
    for row in sheet.rows:
        if row.site not in known_sites:
            errors.append(f"{sheet.where(row.number, SITE)}: unknown site {row.site!r}")
            continue
        if row.indicator not in rulebook.nodes:
            errors.append(
                f"{sheet.where(row.number, ID)}: unknown indicator {row.indicator!r} in rulebook {rulebook.id}"
            )
            continue
        problem = manual_problem(rulebook, row.site, row.indicator, row.points)
        if problem:
            header = POINTS if rulebook.nodes[row.indicator].is_leaf else ID
            errors.append(f"{sheet.where(row.number, header)}: {problem}")
            continue
        key = (row.site, row.indicator)
        if key in first:
            errors.append(f"{sheet.where(row.number, ID)}: the same site and indicator as row {first[key]}")
        first.setdefault(key, row.number)
    return errors
