"""run_checks: run a plan of (check, params) over one SiteView; one bad check never stops the others.

A check that raises becomes one `unverifiable` finding with reason "check_error" (strict=True, used by
tests, re-raises instead). An unknown check id or bad params do raise: plans are validated when the
rulebook or config loads, before any sweep is judged. The runner also holds the house invariant that
no `fail` rests on a page we could not fetch: such a finding is turned into `unverifiable` (strict=True
raises EvidenceError).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from checks.context import REASONS_ZH, UNSEEN_NOTE, CheckContext
from checks.model import Finding, Status
from checks.registry import REGISTRY, Registry
from storage.views import SiteView


@dataclass(frozen=True, slots=True)
class PlannedCheck:
    """One check to run and its parameters: a Params instance, or a mapping parsed against it."""

    check: str
    params: Any = None


class EvidenceError(AssertionError):
    """A `fail` finding whose evidence cites a page that was not fetched (strict mode only)."""


def run_checks(
    view: SiteView,
    plan: Iterable[PlannedCheck],
    ctx: CheckContext,
    strict: bool = False,
    registry: Registry = REGISTRY,
) -> list[Finding]:
    """Every finding of every planned check, in plan order."""
    findings: list[Finding] = []
    for planned in plan:
        spec = registry.get(planned.check)
        params = spec.parse_params(planned.params if planned.params is not None else {})
        bound = ctx.for_check(spec.id)
        try:
            produced = list(spec.fn(view, params, bound))
        except Exception as exc:
            if strict:
                raise
            produced = [
                bound.unverifiable(
                    target="*",
                    reason="check_error",
                    message=f"{REASONS_ZH['check_error']}（{type(exc).__name__}: {exc}），{UNSEEN_NOTE}",
                )
            ]
        findings.extend(_guard_evidence(f, view, strict) for f in produced)
    return findings


def unseen_evidence(finding: Finding, view: SiteView) -> list[str]:
    """URLs a finding cites as evidence whose page was requested in the sweep and not fetched."""
    return [e.url for e in finding.evidence if (page := view.page(e.url)) is not None and not page.ok]


def _guard_evidence(finding: Finding, view: SiteView, strict: bool) -> Finding:
    if finding.status is not Status.FAIL:
        return finding
    unseen = unseen_evidence(finding, view)
    if not unseen:
        return finding
    if strict:
        raise EvidenceError(
            f"{finding.check} fails {finding.target} on pages not fetched: {', '.join(unseen)}"
        )
    return dataclasses.replace(
        finding,
        status=Status.UNVERIFIABLE,
        reason="not_fetched",
        message=f"{REASONS_ZH['not_fetched']}（{unseen[0]}），{UNSEEN_NOTE}",
    )


_SEVERITY = {Status.NOT_APPLICABLE: 0, Status.PASS: 1, Status.UNVERIFIABLE: 2, Status.WARN: 3, Status.FAIL: 4}


def strictest(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (check, target), the strictest where a plan ran one check twice with other limits
    on one target (a 14-day and a 30-day freshness): one problem, not two, and a fail is never hidden by
    a pass. Order is kept (each at its first place)."""
    kept: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        key = (finding.check, finding.target)
        if key not in kept or _SEVERITY[finding.status] > _SEVERITY[kept[key].status]:
            kept[key] = finding
    return list(kept.values())


def plan_from_mapping(entries: Iterable[Mapping[str, Any]]) -> list[PlannedCheck]:
    """A plan from `[{check = "...", params = {...}}]`, the shape rulebooks and config use."""
    return [PlannedCheck(check=str(e["check"]), params=e.get("params") or {}) for e in entries]
