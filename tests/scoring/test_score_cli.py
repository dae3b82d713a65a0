"""`govwatch score` / `scores` / `manual set` on a stored sweep (no crawl), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from scorehelpers import AS_OF, BUREAU, DISTRICT, by_indicator, govwatch, plant_sweep, scores_json
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checks.rulebook import get_rulebook
from storage import open_db
from storage.models import Base, ManualScore, Score, SiteScore

NATIONAL = "national-2019"


@pytest.fixture
def scored(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    plant_sweep(db_url)
    code, _, err = govwatch(capsys, db_url, "score", "--rulebook", NATIONAL, "--as-of", AS_OF)
    assert code == 0, err
    return db_url


def totals_of(capsys: pytest.CaptureFixture[str], db_url: str) -> dict[str, dict]:
    data = scores_json(capsys, db_url, NATIONAL, "--totals")
    return {t["site"]: t for t in data["sites"]}


def test_planted_stale_blank_and_uninterpreted_lose_their_points(
    scored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = scores_json(capsys, scored, NATIONAL)
    district, bureau = by_indicator(rows, DISTRICT), by_indicator(rows, BUREAU)
    stale = district["K.1.5"]  # 政策文件 last updated 2026-04-01
    assert (stale["points"], stale["max_points"], stale["mode"], stale["status"]) == (0, 5, "auto", "scored")
    assert [(f["check"], f["target"], f["status"]) for f in stale["findings"]] == [
        ("freshness", "http://district.example/zcwj/", "fail")  # the column's own list (issue 13)
    ]
    assert "未更新" in stale["findings"][0]["message"] and stale["findings"][0]["evidence"]
    blank = district["K.1.7"]  # 人事信息 blank: −1 of 8
    assert blank["points"] == 7 and [f["target"] for f in blank["findings"]] == [
        "http://district.example/rsxx/"
    ]
    ratio = district["K.1.8"]  # one of two policy documents interpreted
    assert ratio["points"] == 0 and ratio["findings"][0]["measured"] == 0.5
    assert (bureau["K.1.5"]["points"], bureau["K.1.7"]["points"], bureau["K.1.8"]["points"]) == (5, 8, 1)
    waiting = district["K.1.1"]
    assert (waiting["mode"], waiting["status"], waiting["points"]) == ("manual", "awaiting_manual", None)
    assert district["V.2"]["status"] == "scored" and district["V.2"]["indicator"]["name"] == "首页不更新"
    totals = totals_of(capsys, scored)
    assert (totals[DISTRICT]["auto_points"], totals[DISTRICT]["manual_points"]) == (34, 0)
    assert (totals[DISTRICT]["verdict"], totals[DISTRICT]["provisional"]) == ("不合格", True)
    assert totals[BUREAU]["auto_points"] == 41 and totals[BUREAU]["awaiting_manual"] == 57


def test_a_manual_score_is_merged_into_the_total_but_kept_apart(
    scored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = govwatch(
        capsys, scored, "manual", "set", DISTRICT, "K.1.1", "1.5", "--note", "概况信息不全", "--by", "张三",
        "--rulebook", NATIONAL,
    )  # fmt: skip
    assert code == 0, err
    assert "35.5" in out  # the site is scored again at once
    row = by_indicator(scores_json(capsys, scored, NATIONAL), DISTRICT)["K.1.1"]
    assert (row["mode"], row["status"], row["points"], row["note"]) == (
        "manual",
        "scored",
        1.5,
        "概况信息不全",
    )
    total = totals_of(capsys, scored)[DISTRICT]
    assert (total["auto_points"], total["manual_points"], total["total"]) == (34, 1.5, 35.5)
    assert total["awaiting_manual"] == 55
    code, _, _ = govwatch(
        capsys,
        scored,
        "manual",
        "set",
        DISTRICT,
        "K.1.1",
        "2",
        "--note",
        "复核后补足",
        "--rulebook",
        NATIONAL,
    )
    assert code == 0 and totals_of(capsys, scored)[DISTRICT]["manual_points"] == 2
    with Session(open_db(scored)) as session:  # the first entry stays as history
        entries = session.execute(select(ManualScore.points, ManualScore.superseded_at)).all()
    assert sorted((p, s is None) for p, s in entries) == [(1.5, False), (2.0, True)]


@pytest.mark.parametrize(
    ("site", "indicator", "points", "problem"),
    [
        (DISTRICT, "K.1.1", "3", "outside 0-2"),
        (DISTRICT, "K.1", "1", "not a leaf"),
        (DISTRICT, "V.1", "0.5", "veto item"),
        ("无此站", "K.1.1", "1", "unknown site"),
    ],
)
def test_manual_set_refuses_bad_entries_in_one_line(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], site: str, indicator: str, points: str, problem: str
) -> None:
    plant_sweep(sqlite_url)
    code, _, err = govwatch(
        capsys, sqlite_url, "manual", "set", site, indicator, points, "--note", "x", "--rulebook", NATIONAL
    )
    assert code == 2 and problem in err and err.count("\n") == 1
    with Session(open_db(sqlite_url)) as session:
        assert session.scalar(select(func.count()).select_from(ManualScore)) == 0


def test_scoring_the_same_sweep_again_replaces_its_scores(
    scored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    leaves = len(get_rulebook(NATIONAL).leaves())
    engine = open_db(scored)

    def counts() -> tuple[int, int]:
        with Session(engine) as session:
            return (
                session.scalar(select(func.count()).select_from(Score)),
                session.scalar(select(func.count()).select_from(SiteScore)),
            )

    assert counts() == (2 * leaves, 2)
    for extra in ((), ("--site", BUREAU)):
        code, _, err = govwatch(capsys, scored, "score", "--rulebook", NATIONAL, "--as-of", AS_OF, *extra)
        assert code == 0, err
        assert counts() == (2 * leaves, 2)
    assert len(scores_json(capsys, scored, NATIONAL)) == 2 * leaves


def test_a_department_without_services_is_scored_out_of_75_rescaled(
    scored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = govwatch(
        capsys, scored, "score", "--rulebook", NATIONAL, "--as-of", AS_OF, "--flag", f"{BUREAU}=no_services"
    )
    assert code == 0, err
    bureau = totals_of(capsys, scored)[BUREAU]
    assert bureau["flags"] == ["no_services"] and bureau["scale"] == pytest.approx(4 / 3)
    assert by_indicator(scores_json(capsys, scored, NATIONAL), BUREAU)["K.2.1"]["status"] == "exempt"
    code, _, err = govwatch(
        capsys, scored, "score", "--rulebook", NATIONAL, "--flag", f"{BUREAU}=no_such_flag"
    )
    assert code == 2 and "no_services" in err


def test_scores_table_and_csv_show_totals_per_site_and_unit(
    scored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = govwatch(capsys, scored, "scores", "--rulebook", NATIONAL)
    assert code == 0
    assert "按责任单位汇总" in out and "区政府办公室" in out and "市统计局" in out
    units = {u["unit"]: u for u in scores_json(capsys, scored, NATIONAL, "--totals")["units"]}
    assert units["区政府办公室"]["sites"] == [DISTRICT] and units["区政府办公室"]["total"] == 34
    code, out, _ = govwatch(
        capsys, scored, "scores", "--rulebook", NATIONAL, "--format", "csv", "--site", DISTRICT
    )
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (
        rows["K.1.7"]["points"] == "7.0"
        and rows["K.1.7"]["findings"] == "blank_column:http://district.example/rsxx/:fail"
    )
    code, _, err = govwatch(capsys, scored, "scores", "--rulebook", "wuwei-2020")
    assert code == 2 and "govwatch score --rulebook wuwei-2020" in err


def test_the_score_tables_match_their_migration(db_url: str) -> None:
    engine = open_db(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if "scores" in str(d)] == []  # scores, site_scores, manual_scores
