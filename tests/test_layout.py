"""The project's shape: packages resolve inside the repository, and imports point one way (DESIGN rule 7)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ROOMS = ("crawler", "checks", "storage", "scheduler", "reports")
# Which project packages each room may import.
ALLOWED = {
    "storage": set(),
    "crawler": {"storage"},
    "checks": {"storage"},
    "reports": {"storage", "checks"},
    "scheduler": {"crawler", "checks", "reports", "storage", "testportal"},
    "testportal": set(),
}
PROJECT = set(ALLOWED)


@pytest.mark.parametrize("name", ROOMS)
def test_room_resolves_inside_the_repository(name: str) -> None:
    """PyPI has packages named scheduler, storage, checks…; ours must win in our environment."""
    module = importlib.import_module(name)
    assert Path(module.__file__).resolve().is_relative_to(REPO), module.__file__


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & PROJECT


@pytest.mark.parametrize("room", sorted(ALLOWED))
def test_dependencies_point_one_way(room: str) -> None:
    for path in sorted((REPO / room).rglob("*.py")):
        bad = imported_packages(path) - ALLOWED[room] - {room}
        assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}"


def test_pure_extractors_import_nothing_from_the_project() -> None:
    for path in sorted((REPO / "crawler" / "extract").rglob("*.py")):
        assert not imported_packages(path) - {"crawler"}, path
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("crawler"):
                assert node.module.startswith("crawler.extract"), f"{path}: {node.module}"


@pytest.mark.parametrize(
    "module", ["storage.queries", "storage.operations", "scheduler.sweep", "crawler.run"]
)
def test_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """Regression: storage.models → operations → queries → models was a cycle when queries came first."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-500:]
