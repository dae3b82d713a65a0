"""The typed results of checks: Status, Evidence, Finding, and the CheckSpec a registration produces."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from checks.params import parse_params

if TYPE_CHECKING:
    from checks.context import CheckContext
    from storage.views import SiteView

Measure = int | float | str | None


class Status(StrEnum):
    """The verdict of one finding. `warn` is an early warning before a limit; `unverifiable` means we
    could not see what the rule needs and is never counted against the site (DESIGN rule 2)."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    UNVERIFIABLE = "unverifiable"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing a finding rests on: a URL and what was read there."""

    url: str
    title: str | None = None
    date: date | None = None
    doc_no: str | None = None  # 文号
    note: str | None = None

    @classmethod
    def of(cls, thing: Any, note: str | None = None) -> Evidence:
        """Evidence from any view object with a url and a title (items, documents, pages)."""
        when = getattr(thing, "date", None) or getattr(thing, "publish_date", None)
        doc_no = getattr(thing, "doc_no", None) or None
        return cls(
            url=thing.url, title=getattr(thing, "title", None) or None, date=when, doc_no=doc_no, note=note
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "doc_no": self.doc_no,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """What one check found about one target (a column, a page, a document) of one site."""

    check: str
    site: str
    target: str
    status: Status
    measured: Measure = None
    limit: Measure = None
    evidence: tuple[Evidence, ...] = ()
    message: str = ""  # Chinese, for a site manager: what is wrong and what would fix it
    provisional: bool = False  # rests on a year whose official holiday schedule is not out yet
    reason: str = ""  # why unverifiable / not applicable (blocked, check_error, absent …)
    label: str = ""  # the target as the site names it: a column's own name (通知公告, 乡镇动态)
    category: str = ""  # the taxonomy id of the column judged ('' for none): rulebooks select by it

    @property
    def key(self) -> tuple[str, str, str]:
        """Stable across sweeps: the same problem found again has the same key."""
        return (self.site, self.check, self.target)

    def about(self, names: tuple[str, ...]) -> bool:
        """Whether a rulebook's target list names this finding: its target or its column's category."""
        return self.target in names or bool(self.category and self.category in names)

    def as_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "check": self.check,
            "target": self.target,
            "status": self.status.value,
            "measured": self.measured,
            "limit": self.limit,
            "evidence": [e.as_dict() for e in self.evidence],
            "message": self.message,
            "provisional": self.provisional,
            "reason": self.reason,
            "label": self.label,
            "category": self.category,
        }


CheckFunction = Callable[["SiteView", Any, "CheckContext"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check: its id, Chinese title, Params dataclass, function and documentation."""

    id: str
    title: str
    params: type
    fn: CheckFunction
    doc: str
    module: str

    def parse_params(self, raw: Any) -> Any:
        """Params from a mapping (a rulebook leaf, config) or an instance; errors name the key."""
        return raw if isinstance(raw, self.params) else parse_params(self.params, raw, where=self.id)
