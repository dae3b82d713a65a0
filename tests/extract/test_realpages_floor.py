"""Regression floor: the extractors' accuracy on the labelled real pages (benchmarks/eval_extract.py)."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {
    "publish_date": 0.98,
    "kind": 0.95,
    "list_newest_date": 0.95,
    "list_dated_items": 0.95,
    "doc_number": 0.95,
    "index_number": 0.95,
    "written_date": 0.95,
}


@functools.cache
def _script() -> ModuleType:
    """benchmarks/eval_extract.py, imported from its path (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("eval_extract", ROOT / "benchmarks" / "eval_extract.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict:
    return _script().evaluate()


def test_every_labelled_page_is_in_the_repository() -> None:
    pages = ROOT / "tests" / "data" / "realpages"
    labels = json.loads((pages / "labels.json").read_text(encoding="utf-8"))["pages"]
    assert len(labels) == 32
    assert all((pages / label["file"]).is_file() for label in labels)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_accuracy_floor(scores, field: str) -> None:
    score = scores[field]
    assert score.total > 0
    assert score.accuracy >= FLOORS[field], "\n".join(score.misses)


def test_corrections_are_few_and_carry_evidence() -> None:
    corrections = _script().LABEL_CORRECTIONS
    assert sum(len(fixes) for fixes in corrections.values()) <= 2
    assert all(len(evidence) > 80 for fixes in corrections.values() for _, evidence in fixes.values())
