"""`govwatch extract FILE --url URL --json` prints the issue's keys, decoding the bytes as the crawler does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REALPAGES = Path(__file__).resolve().parents[1] / "data" / "realpages"
KEYS = {
    "kind",
    "title",
    "publish_date",
    "written_date",
    "doc_fields",
    "column",
    "list_items",
    "pagination",
    "needs_render",
}


def extract(path: Path, url: str, *extra: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "scheduler.cli", "extract", str(path), "--url", url, "--json", *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_real_document_page(tmp_path: Path) -> None:
    data = extract(
        REALPAGES / "www.moe.gov.cn_d435b35a.html", "http://www.moe.gov.cn/srcsite/A12/t20240613.html"
    )
    assert set(data) == KEYS
    assert data["kind"] == "article" and data["publish_date"] == "2024-06-13"
    assert data["doc_fields"]["文号"] == "教思政厅函〔2024〕10号" and data["written_date"] == "2024-06-04"


def test_gbk_bytes_behind_a_utf8_label(tmp_path: Path) -> None:
    """A GBK page whose server says charset=utf-8: the bytes win."""
    page = (
        "<html><head><title>关于印发规划的通知</title></head><body><h1>关于印发规划的通知</h1>"
        "<div>发布日期：2026年3月5日</div><div class='content'><p>正文内容。</p></div></body></html>"
    )
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gbk"))
    data = extract(path, "http://www.example.gov.cn/art/t20260305_1.html", "--charset", "utf-8")
    assert data["title"] == "关于印发规划的通知" and data["publish_date"] == "2026-03-05"


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scheduler.cli", "extract", str(tmp_path / "none.html"), "--url", "http://a/"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "none.html" in result.stderr
