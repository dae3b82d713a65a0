"""Checks: one plugin per rule, turning a SiteView into findings with evidence (DESIGN §3, STYLE §1.3)."""

from checks.context import CheckContext
from checks.model import CheckSpec, Evidence, Finding, Status
from checks.registry import REGISTRY, DuplicateCheckError, RegistrationError, check, get, load_checks
from checks.runner import PlannedCheck, run_checks
from checks.workdays import WorkdayCalendar

__all__ = [
    "REGISTRY",
    "CheckContext",
    "CheckSpec",
    "DuplicateCheckError",
    "Evidence",
    "Finding",
    "PlannedCheck",
    "RegistrationError",
    "Status",
    "WorkdayCalendar",
    "check",
    "get",
    "load_checks",
    "run_checks",
]
