"""Spreadsheet cells that stay text: a page title, a config name or a user's note that starts like a
formula (=, +, -, @, tab, CR) must never run as one when an evaluator opens our XLSX or CSV (OWASP CSV
injection). Every workbook we save and every CSV row we write passes through here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def defuse_workbook(book: Workbook) -> Workbook:
    """Every text cell that starts like a formula is stored as text, shown as written (a quote prefix:
    Excel and WPS neither evaluate it nor print the quote)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return book


def csv_value(value: Any) -> Any:
    """A CSV field that starts like a formula gets a leading apostrophe, as OWASP advises."""
    return f"'{value}" if formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_value(v) for v in values]


def csv_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: csv_value(v) for k, v in row.items()}
