"""SiteView: a frozen, in-memory read model of one site in one sweep, the only thing checks read.

It is built from the database later (pages, links, list items, documents) and by hand in tests; checks
never touch the database (DESIGN rule 6). Every part that may not have been seen says so (`visibility`,
`outcome`), so a check can tell "empty" from "unseen" (DESIGN rule 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

OK_OUTCOME = "ok"
# Failures that are an answer (the page is broken or does not exist), as opposed to failures that hide a
# page which may well be there (blocked, timeout, robots …): only the latter are "unknown" (DESIGN rule 2).
ANSWERED_FAILURES = frozenset({"http_error", "dns", "connection_refused", "redirect_loop"})


class Visibility(StrEnum):
    """Whether the crawler saw a column (or the homepage) and, if not, why."""

    SEEN = "seen"
    BLOCKED = "blocked"  # a 412 or JavaScript challenge stood in front of it
    FAILED = "failed"  # fetched with an error: timeout, 5xx, DNS …
    UNRENDERED = "unrendered"  # the page came but its list needed JavaScript we could not run
    ABSENT = "absent"  # not found on a site whose navigation was seen

    @property
    def label_zh(self) -> str:
        return _VISIBILITY_ZH[self]


_VISIBILITY_ZH = {
    Visibility.SEEN: "已采集",
    Visibility.BLOCKED: "被防护拦截",
    Visibility.FAILED: "访问失败",
    Visibility.UNRENDERED: "列表无法渲染",
    Visibility.ABSENT: "未找到",
}


@dataclass(frozen=True, slots=True)
class ItemView:
    """One row of a list (a column page or the homepage): its title, link, date and pinned mark."""

    title: str
    url: str = ""
    date: date | None = None
    pinned: bool = False  # 置顶: shown first whatever its date
    year_inferred: bool = False  # a year-less date (03-05) given a year by us: never an accusation


def newest_item(items: tuple[ItemView, ...], not_after: date | None = None) -> ItemView | None:
    """The item with the latest date (not the first row: pinned items come first), ignoring dates after
    `not_after` (future dates are date_plausibility's business, never proof of freshness)."""
    dated = [i for i in items if i.date is not None and (not_after is None or i.date <= not_after)]
    return max(dated, key=lambda i: i.date) if dated else None  # type: ignore[arg-type, return-value]


@dataclass(frozen=True, slots=True)
class ColumnView:
    """A column (栏目) of the site as seen in one sweep: its own list URL and name, and its category.

    `id` is its category (a taxonomy id such as "tzgg"; '' when it has none): several columns of a site
    may share one (政务要闻, 工作动态, 乡镇动态), and `key` tells them apart."""

    id: str
    name: str  # the site's own name, e.g. 通知公告 or 公示公告
    url: str = ""
    parent: str | None = None  # category of the enclosing column, e.g. "xxgk"
    visibility: Visibility = Visibility.SEEN
    items: tuple[ItemView, ...] = ()
    complete: bool = True  # False when only part of the list was read: older items may exist unseen
    reason: str = ""  # why it was not seen, or why only partly (outcome, status, 「列表称共97条，读到45条」)
    key: str = ""  # the column's own key: its list URL without default document ('' → url)
    category: str | None = None  # taxonomy id, None for a column the taxonomy does not name
    parent_key: str | None = None  # key of the enclosing column
    role: str = "list"  # list: a list of its own; channel: a parent page of children; page: one page
    stated_total: int | None = None  # records the list says it holds
    stated_pages: int | None = None  # pages its pager says it has
    pages_read: int = 0  # list pages (and list calls) read
    empty: bool = False  # its page says it holds nothing (暂无信息) or shows no list of its own

    @property
    def seen(self) -> bool:
        return self.visibility is Visibility.SEEN

    @property
    def undated(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.date is None)

    def newest(self, not_after: date | None = None) -> ItemView | None:
        return newest_item(self.items, not_after)

    def oldest_date(self) -> date | None:
        dates = [i.date for i in self.items if i.date is not None]
        return min(dates) if dates else None


@dataclass(frozen=True, slots=True)
class HomepageView:
    """The homepage: whether it was seen and the dated items it shows."""

    url: str
    visibility: Visibility = Visibility.SEEN
    items: tuple[ItemView, ...] = ()
    reason: str = ""
    aliases: tuple[str, ...] = ()  # the same homepage under another URL: /index.html, /default.htm …
    final_url: str = ""  # where the homepage request ended after redirects; '' when unknown

    @property
    def seen(self) -> bool:
        return self.visibility is Visibility.SEEN

    @property
    def urls(self) -> frozenset[str]:
        return frozenset((self.url, *self.aliases))


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document page (政策文件, 规范性文件, 权责清单 …) with the fields it shows, keyed by their Chinese
    labels: 索引号, 发布机构, 文号, 成文日期, 发布日期, 有效性, 主题分类, or 权责清单 elements."""

    url: str
    title: str
    publish_date: date | None = None
    written_date: date | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    kind: str = ""  # e.g. 规范性文件, 政策文件, 权责清单
    column: str | None = None  # taxonomy id of the column it was listed in
    links: tuple[str, ...] = ()  # absolute URLs it links to

    def field_value(self, label: str) -> str:
        return (self.fields.get(label) or "").strip()

    @property
    def doc_no(self) -> str:
        return self.field_value("文号")


@dataclass(frozen=True, slots=True)
class InterpretationView:
    """A page in the 政策解读 column: its title, date and links (empty when its page was not fetched)."""

    url: str
    title: str
    publish_date: date | None = None
    links: tuple[str, ...] = ()
    page_seen: bool = True  # False when only the list row was seen, not the page itself


@dataclass(frozen=True, slots=True)
class LinkView:
    """A link between pages and how its target ended (None: the target was not requested)."""

    from_url: str
    to_url: str
    anchor: str = ""
    outcome: str | None = None
    status: int | None = None
    recheck_outcome: str | None = None  # a second request later in the sweep, to confirm a failure
    kind: str = "a"  # a, frame, refresh; script and pagination: URLs the crawler derived, not links
    offsite: bool = False  # its target is not on the site's hosts (probed, not crawled: external_links)


@dataclass(frozen=True, slots=True)
class ExternalLinkView:
    """An off-site URL linked from the homepage or a column page, and how its probe ended (outcome None:
    not probed: over the per-site bound, or the sweep did not probe)."""

    url: str
    linked_from: tuple[tuple[str, str], ...] = ()  # (page URL, anchor text) of every page linking it
    from_homepage: bool = False
    outcome: str | None = None
    status: int | None = None
    recheck_outcome: str | None = None  # the re-check of a failed probe ('' or None: not re-checked)
    recheck_status: int | None = None
    error: str = ""


@dataclass(frozen=True, slots=True)
class PageView:
    """One URL requested in the sweep: how it ended, its title and date, and its text when loaded."""

    url: str
    outcome: str = OK_OUTCOME
    status: int | None = None
    title: str = ""
    publish_date: date | None = None
    reason: str = ""
    text: str | None = None  # visible text; None when not loaded into the view
    implausible_date: date | None = None  # a date the page shows that was not trusted (after the fetch)

    @property
    def ok(self) -> bool:
        return self.outcome == OK_OUTCOME

    @property
    def hidden(self) -> bool:
        """Not fetched for a reason that says nothing about the page itself (blocked, timeout …)."""
        return not self.ok and self.outcome not in ANSWERED_FAILURES


@dataclass(frozen=True, slots=True)
class SiteView:
    """One site in one sweep, as the crawler saw it."""

    site: str
    base_url: str
    homepage: HomepageView | None = None
    columns: tuple[ColumnView, ...] = ()
    documents: tuple[DocumentView, ...] = ()
    interpretations: tuple[InterpretationView, ...] = ()
    links: tuple[LinkView, ...] = ()
    pages: tuple[PageView, ...] = ()
    sweep_id: int | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)  # site-level facts measured at crawl time
    level: str = ""  # 省级/市级/县级/部门 … as configured or read from its name; '' when unknown
    not_followed: Mapping[str, int] = field(default_factory=dict)  # links left unfetched, by reason
    external_links: tuple[ExternalLinkView, ...] = ()  # off-site links of the homepage and column pages
    category_names: Mapping[str, str] = field(default_factory=dict)  # taxonomy id → 通知公告 …
    _columns_by_id: dict[str, ColumnView] = field(init=False, repr=False, compare=False)
    _pages_by_url: dict[str, PageView] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, ColumnView] = {}
        lists_first = sorted(self.columns, key=lambda c: c.role != "list")  # stable: tree order kept
        for column in lists_first:
            if column.id:
                by_id.setdefault(column.id, column)
        object.__setattr__(self, "_columns_by_id", by_id)
        object.__setattr__(self, "_pages_by_url", {p.url: p for p in self.pages})

    def column(self, taxonomy_id: str) -> ColumnView | None:
        """The column of this taxonomy id (the first one listed when the site has several)."""
        return self._columns_by_id.get(taxonomy_id)

    def columns_of(self, category: str) -> tuple[ColumnView, ...]:
        """Every column of a category (a site may have several 政策文件 lists), in tree order."""
        return tuple(c for c in self.columns if c.id == category)

    def children(self, column: ColumnView) -> tuple[ColumnView, ...]:
        """The columns directly under a column (by its key: two 政策文件 lists have children of their own)."""
        return tuple(c for c in self.columns if c.parent_key == column.key and c.key != column.key)

    def category_name(self, category: str) -> str:
        """The Chinese name of a category ('' when unknown): messages name categories, never ids."""
        return self.category_names.get(category, "")

    @property
    def cut_short(self) -> bool:
        """The crawl left links unfetched at the page cap: site-wide counts saw only part of the site."""
        return bool(self.not_followed.get("page cap"))

    def page(self, url: str) -> PageView | None:
        return self._pages_by_url.get(url)

    @property
    def failures(self) -> tuple[PageView, ...]:
        """Pages that were requested and not fetched, each with its outcome and reason."""
        return tuple(p for p in self.pages if not p.ok)

    def links_from(self, url: str) -> tuple[LinkView, ...]:
        return tuple(link for link in self.links if link.from_url == url)

    def documents_of_kind(self, kind: str) -> tuple[DocumentView, ...]:
        return tuple(d for d in self.documents if not kind or d.kind == kind)
