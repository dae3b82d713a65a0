"""Config is refused at start with a message naming the key path and the reason."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from scheduler.config import Config, ConfigError, load_config

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[crawl]\nmax_depht = 3\n", "crawl.max_depht: unknown key"),
        ("[crawl]\nmax_depth = -1\n", "crawl.max_depth: Input should be greater than or equal to 0"),
        ("[crawl]\nrobots = 'sometimes'\n", "crawl.robots: Input should be 'obey' or 'ignore'"),
        (
            "[[site]]\nname = 'a'\nbase_url = 'http://a.gov.cn/'\n[[site]]\nname = 'b'\nbase_url = 'ftp://b'\n",
            "site[1].base_url: not an http(s) URL",
        ),
        ("[[site]]\nbase_url = 'http://a.gov.cn/'\n", "site[0].name: required key is missing"),
        (
            "[[site]]\nname = 'a'\nbase_url = 'http://a.gov.cn/'\n[[site]]\nname = 'a'\nbase_url = 'http://b.gov.cn/'\n",
            "duplicate site name 'a'",
        ),
        ("[storage]\ndatabase = 'x'\n", "storage.database: unknown key"),
        ("[crawl]\nuser_agent = 'Mozilla/5.0 anonymous'\n", "crawl.user_agent: must name govwatch"),
        ("[crawl\n", "not valid TOML"),
    ],
)
def test_bad_config_is_refused_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert message in str(info.value)


def test_example_config_is_valid_and_lists_every_key() -> None:
    """config.toml documents every Config field (the example is the reference)."""
    config = load_config(REPO / "config.toml")
    assert config.site[0].level == "市"
    data = tomllib.loads((REPO / "config.toml").read_text(encoding="utf-8"))
    for section, model in (("storage", config.storage), ("crawl", config.crawl)):
        assert set(data[section]) == set(type(model).model_fields), section
    assert set(data["site"][0]) == set(type(config.site[0]).model_fields)
    text = (REPO / "config.toml").read_text(encoding="utf-8")
    for field in Config.model_fields:  # [[contact]] is shown commented out: it needs real addresses
        assert field in data or f"[[{field}]]" in text, field


def test_relative_paths_are_taken_from_the_config_folder(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, "[storage]\ndatabase_url = 'sqlite:///data/x.db'\nsnapshot_dir = 'snaps'\n")
    )
    assert config.storage.database_url == f"sqlite:///{tmp_path / 'data/x.db'}"
    assert config.storage.snapshot_dir == tmp_path / "snaps"


def test_defaults_need_no_file() -> None:
    assert Config().crawl.concurrency_per_site == 4


def test_cli_exits_nonzero_with_one_line_naming_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[crawl]\nconcurrency_per_site = 'many'\n")
    result = subprocess.run(
        [sys.executable, "-m", "scheduler.cli", "sweeps", "--config", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("govwatch: error: crawl.concurrency_per_site:")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sweep", "ftp://x"], "not an http(s) URL"),
        (["sweep", "--resume", "99"], "sweep 99 does not exist"),
        (["pages", "--sweep", "7"], "sweep 7 does not exist"),
        (["findings"], "no sweep yet"),
        (["sweeps", "--db", "nosuchdriver://x"], "database_url"),
        (["sweeps", "--format", "xml"], "invalid choice"),
        (["sweep"], "no sites to sweep"),
    ],
)
def test_cli_bad_input_is_one_line(tmp_path: Path, argv: list[str], message: str) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'g.db'}"] if "--db" not in argv else []
    result = subprocess.run(
        [sys.executable, "-m", "scheduler.cli", *argv, *db],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
