"""The manual-score XLSX template: written, filled with openpyxl, imported whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from scorehelpers import AS_OF, BUREAU, DISTRICT, by_indicator, govwatch, plant_sweep, scores_json
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checks.rulebook import find_rulebooks, get_rulebook
from storage import open_db
from storage.models import ManualScore

NATIONAL = "national-2019"


@pytest.fixture
def template(db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    plant_sweep(db_url)
    assert govwatch(capsys, db_url, "score", "--rulebook", NATIONAL, "--as-of", AS_OF)[0] == 0
    path = tmp_path / "人工评分.xlsx"
    code, _, err = govwatch(capsys, db_url, "manual", "template", "--rulebook", NATIONAL, "--out", str(path))
    assert code == 0, err
    return path


def fill(
    path: Path, values: dict[tuple[str, str], object], note: str = "电话测试"
) -> dict[tuple[str, str], int]:
    """Write points into the 得分 column of the rows for (site, indicator); returns their row numbers."""
    book = load_workbook(path)
    sheet = book["人工评分"]
    headers = [c.value for c in sheet[1]]
    col = {h: headers.index(h) + 1 for h in headers}
    rows = {}
    for r in range(2, sheet.max_row + 1):
        key = (sheet.cell(r, col["站点"]).value, sheet.cell(r, col["指标编号"]).value)
        if key in values:
            sheet.cell(r, col["得分"]).value = values[key]
            sheet.cell(r, col["说明"]).value = note
            rows[key] = r
    book.save(path)
    assert set(rows) == set(values)
    return rows


def manual_count(db_url: str) -> int:
    with Session(open_db(db_url)) as session:
        return session.scalar(select(func.count()).select_from(ManualScore))


def test_the_template_lists_every_site_and_manual_leaf_with_limits(template: Path) -> None:
    rulebook = get_rulebook(NATIONAL)
    manual = [n for n in rulebook.leaves() if n.indicator.mode == "manual"]
    sheet = load_workbook(template)["人工评分"]
    headers = [c.value for c in sheet[1]]
    assert headers[:9] == [
        "站点",
        "站点责任单位",
        "指标编号",
        "指标名称",
        "类别",
        "评分标准",
        "满分",
        "已录入",
        "得分",
    ]
    assert sheet.max_row - 1 == 2 * len(manual)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    row = next(
        r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == DISTRICT and r[2] == "K.2.1"
    )
    assert row[6] == 5 and row[8] is None and row[5]  # 满分, an empty 得分, the criterion text
    veto = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == "V.1")
    assert (veto[4], veto[6]) == ("单项否决", 1) and "录入1为否决" in veto[5]
    (rule,) = sheet.data_validations.dataValidation
    assert str(rule.sqref) == f"I2:I{sheet.max_row}" and "I2<=G2" in rule.formula1
    assert load_workbook(template)["模板信息"]["B1"].value == NATIONAL


def test_a_filled_template_imports_and_the_scores_change(
    template: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(
        template, {(DISTRICT, "K.1.1"): 2, (DISTRICT, "K.2.1"): 3.5, (BUREAU, "V.1"): 0, (BUREAU, "J.2"): 10}
    )
    code, out, err = govwatch(capsys, db_url, "manual", "import", str(template), "--by", "评估组")
    assert code == 0, err
    assert "已导入 4 项" in out and manual_count(db_url) == 4
    rows = scores_json(capsys, db_url, NATIONAL)
    district, bureau = by_indicator(rows, DISTRICT), by_indicator(rows, BUREAU)
    assert (district["K.2.1"]["mode"], district["K.2.1"]["points"], district["K.2.1"]["note"]) == (
        "manual",
        3.5,
        "电话测试",
    )
    assert bureau["V.1"]["status"] == "scored" and bureau["J.2"]["points"] == 10
    totals = {t["site"]: t for t in scores_json(capsys, db_url, NATIONAL, "--totals")["sites"]}
    assert (totals[DISTRICT]["auto_points"], totals[DISTRICT]["manual_points"]) == (34, 5.5)
    assert totals[BUREAU]["bonus"] == 0 and not totals[BUREAU]["bonus_counted"]  # 41 is not above 80
    code, _, err = govwatch(
        capsys, db_url, "manual", "template", "--rulebook", NATIONAL, "--out", str(template)
    )
    assert code == 0, err
    current = {
        (r[0], r[2]): r[7] for r in load_workbook(template)["人工评分"].iter_rows(min_row=2, values_only=True)
    }
    assert current[(DISTRICT, "K.2.1")] == 3.5  # the 已录入 column shows what is in force


@pytest.mark.parametrize(
    ("values", "column", "problem"),
    [
        ({(DISTRICT, "K.1.1"): 9}, "I (得分)", "outside 0-2"),
        ({(DISTRICT, "K.1.1"): "两分"}, "I (得分)", "not a number"),
        ({(DISTRICT, "V.4"): 2}, "I (得分)", "veto item"),
    ],
)
def test_a_bad_row_imports_nothing_and_is_named(
    template: Path, db_url: str, capsys: pytest.CaptureFixture[str], values: dict, column: str, problem: str
) -> None:
    rows = fill(template, {(BUREAU, "K.1.2"): 1, **values})  # one good row, one bad
    bad = rows[next(iter(values))]
    code, _, err = govwatch(capsys, db_url, "manual", "import", str(template))
    assert code == 2 and f"row {bad}, column {column}" in err and problem in err
    assert "nothing was imported" in err and err.count("\n") == 1
    assert manual_count(db_url) == 0


def test_unknown_sites_and_indicators_are_named_by_row(
    template: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    book = load_workbook(template)
    sheet = book["人工评分"]
    sheet["A3"], sheet["I3"] = "不存在的站点", 1
    sheet["C5"], sheet["I5"] = "K.9.9", 1
    book.save(template)
    code, _, err = govwatch(capsys, db_url, "manual", "import", str(template))
    assert (
        code == 2 and "row 3, column A (站点): unknown site '不存在的站点'" in err and "(and 1 more)" in err
    )
    assert manual_count(db_url) == 0


def test_every_shipped_rulebook_scores_the_stored_sweep(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plant_sweep(sqlite_url)
    found = find_rulebooks()
    assert len(found) == 6
    for rulebook_id in found:
        code, _, err = govwatch(capsys, sqlite_url, "score", "--rulebook", rulebook_id, "--as-of", AS_OF)
        assert code == 0, f"{rulebook_id}: {err}"
        rows = scores_json(capsys, sqlite_url, rulebook_id)
        assert len(rows) == 2 * len(get_rulebook(rulebook_id).leaves()), rulebook_id
        auto = [r for r in rows if r["mode"] == "auto"]
        assert auto and all(r["status"] != "awaiting_manual" for r in auto), rulebook_id
        totals = scores_json(capsys, sqlite_url, rulebook_id, "--totals")["sites"]
        assert {t["site"] for t in totals} == {DISTRICT, BUREAU}, rulebook_id


def test_a_file_that_is_not_a_workbook_is_one_line(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plant_sweep(sqlite_url)
    fake = tmp_path / "scores.xlsx"
    fake.write_text("站点,指标编号,得分\n", encoding="utf-8")
    code, _, err = govwatch(capsys, sqlite_url, "manual", "import", str(fake), "--rulebook", NATIONAL)
    assert code == 2 and "not an XLSX workbook" in err and err.count("\n") == 1
