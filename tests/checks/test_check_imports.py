"""Checks are pure: check modules import only checks.* and storage.views, never the database (STYLE §1.1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT = ("checks", "storage", "crawler", "scheduler", "reports", "testportal")


def _project_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n for n in names if n.split(".")[0] in PROJECT}


@pytest.mark.parametrize(
    "path", sorted((REPO / "checks").rglob("*.py")), ids=lambda p: str(p.relative_to(REPO))
)
def test_checks_read_only_the_view_model_of_storage(path: Path) -> None:
    bad = {
        n
        for n in _project_imports(path)
        if not (n == "checks" or n.startswith("checks.") or n == "storage.views")
    }
    assert bad == set()


def test_the_view_model_imports_nothing_from_the_project() -> None:
    assert _project_imports(REPO / "storage" / "views.py") == set()
