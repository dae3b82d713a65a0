"""The default check plan (checks/default_plan.toml), validated against the registry when it loads."""

from __future__ import annotations

import tomllib
from pathlib import Path

from checks.registry import REGISTRY, load_checks
from checks.runner import PlannedCheck

DEFAULT_PLAN = Path(__file__).with_name("default_plan.toml")


def load_plan(path: Path = DEFAULT_PLAN) -> list[PlannedCheck]:
    """Read a plan file of [[check]] entries; unknown ids and bad params raise, naming the entry."""
    load_checks()
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("check", [])
    plan = []
    for index, entry in enumerate(entries):
        where = f"{path.name}: check[{index}]"
        try:
            spec = REGISTRY.get(entry["check"])
            params = spec.parse_params(entry.get("params", {}))
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{where}: {exc}") from None
        plan.append(PlannedCheck(spec.id, params))
    return plan
