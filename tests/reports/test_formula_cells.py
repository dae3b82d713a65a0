"""Issue 14.5: text that starts like a formula stays text in every XLSX and CSV we write."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from checks.rulebook import get_rulebook
from reports.cells import csv_row
from scheduler.manual_sheet import write_template

HOSTILE = '=HYPERLINK("http://evil.example/","点击")'


def test_a_site_named_like_a_formula_is_text_in_the_manual_sheet(tmp_path: Path) -> None:
    path = tmp_path / "manual.xlsx"
    rows = write_template(
        path, get_rulebook("national-2019"), [(HOSTILE, "-单位"), ("青山市人民政府", "办公室")], {}
    )
    assert rows
    sheet = load_workbook(path).worksheets[0]
    site, unit = sheet.cell(row=2, column=1), sheet.cell(row=2, column=2)
    assert (site.value, site.data_type, site.quotePrefix) == (HOSTILE, "s", True)
    assert (unit.value, unit.quotePrefix) == ("-单位", True)
    plain = next(c for c in sheet["A"] if c.value == "青山市人民政府")
    assert not plain.quotePrefix


def test_a_csv_field_that_starts_like_a_formula_gets_an_apostrophe() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row([HOSTILE, "+1", "@SUM(A1)", "\tx", "通知公告", -3, 2.5]))
    [fields] = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert fields == ["'" + HOSTILE, "'+1", "'@SUM(A1)", "'\tx", "通知公告", "-3", "2.5"]
