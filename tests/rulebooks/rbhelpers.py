"""Small rulebooks written inline for the scoring tests, and findings keyed the way score() expects."""

from __future__ import annotations

import tomllib
from typing import Any

from checks.model import Finding, Status
from checks.rulebook import Rulebook, parse_rulebook

HEAD = """
[rulebook]
id = "test-book"
name = "测试指标"
region = "测试"
year = 2026
source = "tests"
"""


def book(indicators: str, head: str = HEAD) -> Rulebook:
    """A rulebook from TOML text (the [rulebook] table is added unless `head` says otherwise)."""
    return parse_rulebook(tomllib.loads(head + indicators))


def finding(
    check: str, status: str, target: str = "t", measured: Any = None, site: str = "site-a"
) -> Finding:
    return Finding(check=check, site=site, target=target, status=Status(status), measured=measured)


def found(rulebook: Rulebook, leaf: str, *findings: Finding, ref: int = 0) -> dict[str, list[Finding]]:
    """{check key: findings} for one of a leaf's checks."""
    return {rulebook.nodes[leaf].refs[ref]: list(findings)}


def ran_clean(rulebook: Rulebook, status: str = "pass") -> dict[str, list[Finding]]:
    """Every planned check ran and gave one finding of `status`."""
    return {key: [finding(planned.check, status)] for key, planned in rulebook.refs.items()}
