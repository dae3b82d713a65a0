"""`govwatch rulebooks list|show|validate` through the real entry point, in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The entry point with the rulebooks command registered (a no-op once scheduler/commands lists it).
ENTRY = (
    "import sys, scheduler.commands as c, scheduler.commands.rulebooks as r\n"
    "c.MODULES = c.MODULES if r in c.MODULES else (*c.MODULES, r)\n"
    "from scheduler.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
BAD = """
[rulebook]
id = "bad"
name = "坏的指标体系"
region = "测试"
year = 2026
source = "tests"

[[indicator]]
id = "1"
name = "三大攻坚战信息"
points = 5
mode = "auto"
source_text = "检索结果第一页出现10次及以上,得5分"
checks = [{ check = "keyword_hits", params = { keywords = ["脱贫攻坚"] } }]
rule = { kind = "bands", bands = [{ min = 10, points = 5 }, { min = 6, max = 10, points = [3, 4] }] }
"""


def govwatch(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def test_validate_refuses_a_bad_file_with_exit_2_and_one_line_naming_the_node(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    result = govwatch("rulebooks", "validate", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "indicator[0] (1).rule.bands[1]: overlaps bands[0]" in lines[0]


def test_validate_accepts_a_shipped_rulebook(tmp_path: Path) -> None:
    result = govwatch("rulebooks", "validate", str(REPO / "checks/rulebooks/wuwei-2020.toml"), cwd=tmp_path)
    assert result.returncode == 0 and "有效" in result.stdout and "自动评分占比 16.5%" in result.stdout


def test_show_prints_the_tree_and_the_automatic_share(tmp_path: Path) -> None:
    result = govwatch("rulebooks", "show", "national-2019", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "自动评分占比 43.0%" in result.stdout
    assert (
        "  K.1 发布解读 31分" in result.stdout
        and "V.2 首页不更新 · 自动（veto：homepage_freshness）" in result.stdout
    )


def test_list_names_the_six_rulebooks_and_show_refuses_an_unknown_id(tmp_path: Path) -> None:
    listed = govwatch("rulebooks", "list", cwd=tmp_path)
    assert listed.returncode == 0
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [
        "beilun-2019",
        "district-2021",
        "national-2019",
        "panjin-2017",
        "taian-2017",
        "wuwei-2020",
    ]
    unknown = govwatch("rulebooks", "show", "nowhere-2030", cwd=tmp_path)
    assert unknown.returncode == 2 and "no rulebook with id 'nowhere-2030'" in unknown.stderr


def test_an_extra_directory_adds_rulebooks(tmp_path: Path) -> None:
    extra = tmp_path / "books"
    extra.mkdir()
    (extra / "local-2026.toml").write_text(
        BAD.replace('id = "bad"', 'id = "local-2026"').replace("min = 6, max = 10", "min = 6, max = 9"),
        encoding="utf-8",
    )
    result = govwatch("rulebooks", "show", "local-2026", "--dir", str(extra), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "自动评分占比 100.0%" in result.stdout
