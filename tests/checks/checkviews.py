"""Hand-built SiteViews for check tests: from plain dicts (as the TOML cases write them), with defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

from checks.context import CheckContext
from checks.model import Finding
from checks.registry import load_checks
from checks.runner import PlannedCheck, run_checks
from checks.workdays import WorkdayCalendar
from storage.views import (
    ColumnView,
    DocumentView,
    HomepageView,
    InterpretationView,
    ItemView,
    LinkView,
    PageView,
    SiteView,
    Visibility,
)

BASE = "https://www.example.gov.cn"
CALENDAR = WorkdayCalendar.default()


def item(d: dict[str, Any]) -> ItemView:
    return ItemView(
        title=d.get("title", "信息"), url=d.get("url", ""), date=d.get("date"), pinned=d.get("pinned", False)
    )


def column(d: dict[str, Any]) -> ColumnView:
    """A column; its URL (and key) default to BASE/<id>/, its parent_key to its parent category's."""
    cid = d["id"]
    url = d.get("url", f"{BASE}/{cid}/")
    parent = d.get("parent")
    return ColumnView(
        id=cid,
        name=d.get("name", cid),
        url=url,
        key=d.get("key", url),
        category=cid or None,
        parent=parent,
        parent_key=d.get("parent_key", f"{BASE}/{parent}/" if parent else None),
        role=d.get("role", "list"),
        visibility=Visibility(d.get("visibility", "seen")),
        items=tuple(item(i) for i in d.get("items", [])),
        complete=d.get("complete", True),
        reason=d.get("reason", ""),
        stated_total=d.get("stated_total"),
        empty=d.get("empty", False),
    )


def homepage(d: dict[str, Any]) -> HomepageView:
    return HomepageView(
        url=d.get("url", f"{BASE}/"),
        visibility=Visibility(d.get("visibility", "seen")),
        items=tuple(item(i) for i in d.get("items", [])),
        reason=d.get("reason", ""),
        aliases=tuple(d.get("aliases", ())),
        final_url=d.get("final_url", ""),
    )


def document(d: dict[str, Any]) -> DocumentView:
    return DocumentView(
        url=d["url"],
        title=d.get("title", "文件"),
        publish_date=d.get("publish_date"),
        written_date=d.get("written_date"),
        fields=dict(d.get("fields", {})),
        kind=d.get("kind", ""),
        column=d.get("column"),
        links=tuple(d.get("links", [])),
    )


def interpretation(d: dict[str, Any]) -> InterpretationView:
    return InterpretationView(
        url=d["url"],
        title=d.get("title", "解读"),
        publish_date=d.get("publish_date"),
        links=tuple(d.get("links", [])),
        page_seen=d.get("page_seen", True),
    )


def view_from_dict(d: dict[str, Any]) -> SiteView:
    """A SiteView from the dict shape of tests/checks/cases/*.toml; every part optional."""
    home = d.get("homepage")
    return SiteView(
        site=d.get("site", "示例市人民政府"),
        base_url=d.get("base_url", f"{BASE}/"),
        homepage=homepage(home) if home is not None else None,
        columns=tuple(column(c) for c in d.get("columns", [])),
        documents=tuple(document(x) for x in d.get("documents", [])),
        interpretations=tuple(interpretation(x) for x in d.get("interpretations", [])),
        links=tuple(LinkView(**x) for x in d.get("links", [])),
        pages=tuple(PageView(**x) for x in d.get("pages", [])),
        facts=dict(d.get("facts", {})),
        level=d.get("level", ""),
        not_followed=dict(d.get("not_followed", {})),
    )


def run_one(
    check_id: str, view: SiteView, as_of: date, params: Any = None, previous: SiteView | None = None
) -> list[Finding]:
    """Run one check through the real runner (strict: a crash or an unseen-evidence fail raises)."""
    load_checks()
    ctx = CheckContext(as_of=as_of, calendar=CALENDAR, site=view.site, previous=previous)
    return run_checks(view, [PlannedCheck(check_id, params or {})], ctx, strict=True)
