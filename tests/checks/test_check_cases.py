"""Data-driven check cases: every tests/checks/cases/<check_id>.toml becomes parametrized tests.

A case gives `as_of`, `params`, a hand-written `view` (and optionally `previous`) and the findings it
expects, in order: each expected table lists only the keys it cares about (status, target, measured,
limit, reason, provisional, message, message_contains). This is sqlfluff's yaml_test_cases_test.py, in TOML.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from checkviews import run_one, view_from_dict

from checks.model import Finding
from checks.registry import load_checks

CASES = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["check"] == path.stem, f"{path.name}: check must be {path.stem!r}"
        found += [(data["check"], case) for case in data["case"]]
    return found


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        cases = _load()
        metafunc.parametrize(("check_id", "case"), cases, ids=[f"{c}:{case['name']}" for c, case in cases])


def _matches(finding: Finding, expected: dict[str, Any]) -> list[str]:
    wrong = []
    for key, want in expected.items():
        if key == "message_contains":
            wrong += [
                f"message lacks {w!r}"
                for w in ([want] if isinstance(want, str) else want)
                if w not in finding.message
            ]
            continue
        got = getattr(finding, key)
        if (got.value if key == "status" else got) != want:
            wrong.append(f"{key}: {got!r} != {want!r}")
    return wrong


def test_case(check_id: str, case: dict[str, Any]) -> None:
    previous = view_from_dict(case["previous"]) if "previous" in case else None
    findings = run_one(
        check_id, view_from_dict(case.get("view", {})), case["as_of"], case.get("params"), previous
    )
    expected = case["expect"]
    assert len(findings) == len(expected), [f"{f.target}:{f.status.value}" for f in findings]
    problems = {
        i: w for i, (f, e) in enumerate(zip(findings, expected, strict=True)) if (w := _matches(f, e))
    }
    assert problems == {}, [findings[i].message for i in problems]


def test_every_builtin_check_has_a_case_file() -> None:
    builtin = {s.id for s in load_checks().values() if s.module.startswith("checks.builtin.")}
    assert builtin - {p.stem for p in CASES.glob("*.toml")} == set()
