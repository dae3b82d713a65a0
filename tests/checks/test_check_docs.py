"""Every registered check is documented: docs/checks.md has its section, title, params and unverifiable rule."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from checks.registry import REGISTRY, load_checks

DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks.md"
load_checks()
BUILTIN = [spec for spec in REGISTRY if spec.module.startswith("checks.builtin.")]


def _section(check_id: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(rf"^## `{re.escape(check_id)}` — (.+?)$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/checks.md has no section '## `{check_id}` — <title>'"
    return match.group(1) + match.group(2)


@pytest.mark.parametrize("spec", BUILTIN, ids=[s.id for s in BUILTIN])
def test_every_check_has_a_section_with_its_title_params_and_unverifiable_rule(spec) -> None:
    section = _section(spec.id)
    assert section.startswith(spec.title)
    assert "**Rule.**" in section and "**Unverifiable when**" in section
    undocumented = [f.name for f in dataclasses.fields(spec.params) if f"| `{f.name}` |" not in section]
    assert undocumented == []
