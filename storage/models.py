"""SQLAlchemy 2 models: the findings database that the CLI, reports and dashboards read.

Every table and column here is documented in storage/SCHEMA.md; that file is the public interface.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Site(Base):
    """A portal under watch; one row per site name, shared by all sweeps."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    base_url: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(20), default="其他")
    unit: Mapped[str] = mapped_column(String(200), default="")
    display_name: Mapped[str] = mapped_column(Text, default="")  # as the site names itself (SiteName, title)
    hosts: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Sweep(Base):
    """One crawl of one or many sites.

    `state` stays "unfinished" until the crawl completes, so a crash or SIGKILL needs no clean-up to be
    seen as unfinished; `pid` tells a running crawl from a dead one.
    """

    __tablename__ = "sweeps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="unfinished")  # unfinished | finished
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)  # crawler process while it runs
    plan: Mapped[dict] = mapped_column(JSON)  # the targets and limits, so --resume needs only the id
    resumed_count: Mapped[int] = mapped_column(Integer, default=0)


class SweepSite(Base):
    """Coverage of one site in one sweep: pages tried, fetched, failed by reason (DESIGN rule 2)."""

    __tablename__ = "sweep_sites"
    __table_args__ = (UniqueConstraint("sweep_id", "site_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    pages_tried: Mapped[int] = mapped_column(Integer, default=0)
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    failed_by_reason: Mapped[dict] = mapped_column(JSON, default=dict)
    seconds: Mapped[float] = mapped_column(default=0.0)
    facts: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")  # ipv6, search_form …
    not_followed: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")  # page cap, depth …


class Page(Base):
    """One URL requested in a sweep and how it ended; a failure is a row too, with its reason."""

    __tablename__ = "pages"
    __table_args__ = (
        UniqueConstraint("sweep_id", "url_hash"),
        Index("ix_pages_sweep_site", "sweep_id", "site_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(40))  # sha1 of url: long URLs cannot be btree keys
    final_url: Mapped[str] = mapped_column(Text)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    referrer: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str] = mapped_column(String(32))
    error: Mapped[str] = mapped_column(Text, default="")
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    encoding: Mapped[str] = mapped_column(String(40), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    raw_title: Mapped[str] = mapped_column(Text, default="")  # the <title> as served
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    breadcrumb: Mapped[str] = mapped_column(Text, default="")
    text_hash: Mapped[str] = mapped_column(String(64), default="")
    snapshot: Mapped[str] = mapped_column(String(200), default="")
    # The response's validators, sent back by the next sweep as If-None-Match / If-Modified-Since.
    etag: Mapped[str] = mapped_column(String(200), default="")
    last_modified: Mapped[str] = mapped_column(String(64), default="")
    # What the extractors read (crawler/extract); EXTRACTOR_VERSION tells which code read it.
    extractor_version: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="")  # homepage, column_list, article…
    publish_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    publish_date_source: Mapped[str] = mapped_column(String(40), default="")
    implausible_date: Mapped[date | None] = mapped_column(
        Date, nullable=True
    )  # not trusted: future or pre-1995
    written_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # 成文日期
    doc_fields: Mapped[dict] = mapped_column(JSON, default=dict)  # 索引号, 文号, 有效性… as shown
    column_id: Mapped[str] = mapped_column(String(40), default="")  # taxonomy id of the column (栏目)
    column_name: Mapped[str] = mapped_column(Text, default="")  # the site's own name for it
    column_signal: Mapped[str] = mapped_column(String(20), default="")  # meta, breadcrumb, anchor, url
    needs_render: Mapped[bool] = mapped_column(Boolean, default=False)
    rendered: Mapped[bool] = mapped_column(Boolean, default=False)  # fetched through Chromium
    stated_total: Mapped[int | None] = mapped_column(Integer, nullable=True)  # records its list states
    stated_pages: Mapped[int | None] = mapped_column(Integer, nullable=True)  # pages its pager states
    list_empty: Mapped[bool] = mapped_column(Boolean, default=False)  # a column page with no list of its own
    # A failed URL is requested once more at the end of the sweep; a broken link counts only if this fails too.
    recheck_outcome: Mapped[str] = mapped_column(String(32), default="")
    recheck_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # How the crawl reached the page from its referrer: "entry" of a list, "next" page of a list, "link"
    # (anything else), "" for a start page; with the list entry's text and date, or the link's text.
    reached_as: Mapped[str] = mapped_column(String(12), default="")
    link_anchor: Mapped[str] = mapped_column(Text, default="")
    link_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Incremental sweeps: "not_modified" (requested, answered 304) or "carried" (not requested: under an
    # unchanged list) when the row's content is that of an earlier sweep's row, reused_page_id.
    reuse: Mapped[str] = mapped_column(String(16), default="")
    reused_page_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), nullable=True
    )


class Link(Base):
    """A link from a fetched page: to where, with which anchor text, and of which kind."""

    __tablename__ = "links"
    __table_args__ = (Index("ix_links_sweep_from", "sweep_id", "from_page_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    from_page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    to_url: Mapped[str] = mapped_column(Text)
    anchor: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="a")


class ExternalLink(Base):
    """An off-site URL linked from a homepage or a column page, probed (not crawled) at the end of a sweep:
    one row per URL per sweep however many sites link it; the sites that link it are in `links`."""

    __tablename__ = "external_links"
    __table_args__ = (UniqueConstraint("sweep_id", "url_hash", name="uq_external_links_sweep_url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(40))  # sha1 of url
    host: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(8), default="")  # HEAD, or GET when HEAD failed
    outcome: Mapped[str] = mapped_column(String(32))  # the status words of pages.outcome
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A failed probe is tried once more; a broken external link counts only if this fails too.
    recheck_outcome: Mapped[str] = mapped_column(String(32), default="")
    recheck_status: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ListItem(Base):
    """One entry of a column list page (列表条目): title, URL and date as the list shows them."""

    __tablename__ = "list_items"
    __table_args__ = (Index("ix_list_items_sweep_page", "sweep_id", "page_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # 置顶
    year_inferred: Mapped[bool] = mapped_column(Boolean, default=False)  # 03-05: the year was guessed


class SiteColumn(Base):
    """A column (栏目) of a site's tree as its navigation shows it, mapped onto the taxonomy."""

    __tablename__ = "site_columns"
    __table_args__ = (Index("ix_site_columns_sweep_site", "sweep_id", "site_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    column_id: Mapped[str] = mapped_column(String(40))  # its category: a taxonomy id, '' for none
    name: Mapped[str] = mapped_column(Text)  # the site's own name
    url: Mapped[str] = mapped_column(Text)
    parent_column_id: Mapped[str] = mapped_column(String(40), default="")
    source_page_id: Mapped[int | None] = mapped_column(
        ForeignKey("pages.id", ondelete="CASCADE"), nullable=True
    )


class SweepColumn(Base):
    """A column (栏目) of a site as one sweep read it: the site's own list (its URL, its name, its parent),
    its category, what its list states and what was read of it (DESIGN rule 2: complete or partial)."""

    __tablename__ = "sweep_columns"
    __table_args__ = (Index("ix_sweep_columns_sweep_site", "sweep_id", "site_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    column_key: Mapped[str] = mapped_column(Text)  # the list URL without its default document name
    url: Mapped[str] = mapped_column(Text)  # the list's first page as linked
    name: Mapped[str] = mapped_column(Text, default="")  # as the site shows it
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)  # taxonomy id, NULL for none
    parent_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    role: Mapped[str] = mapped_column(String(12), default="list")  # list | channel | page
    visibility: Mapped[str] = mapped_column(String(16), default="seen")
    items_read: Mapped[int] = mapped_column(Integer, default=0)
    undated_read: Mapped[int] = mapped_column(Integer, default=0)
    pages_read: Mapped[int] = mapped_column(Integer, default=0)
    newest_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    stated_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stated_pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    empty: Mapped[bool] = mapped_column(Boolean, default=False)  # its page shows no list (暂无信息)
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
    unseen_reason: Mapped[str] = mapped_column(Text, default="")  # why partial or not seen, in Chinese


class Finding(Base):
    """What one check found about one target of one site in one sweep (DESIGN rule 3)."""

    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint("sweep_id", "site_id", "check", "target_hash"),
        Index("ix_findings_key", "site_id", "check", "target_hash"),
        Index("ix_findings_problem_key", "site_id", "problem_key"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    check: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(Text)
    target_hash: Mapped[str] = mapped_column(
        String(40)
    )  # sha1 of target: the stable key is (site, check, target)
    status: Mapped[str] = mapped_column(String(20))  # pass, fail, warn, unverifiable, not_applicable
    measured: Mapped[object] = mapped_column(JSON, nullable=True)
    limit_value: Mapped[object] = mapped_column(JSON, nullable=True)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(32), default="")
    as_of: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(Text, default="")  # the target as the site names it (通知公告)
    category: Mapped[str] = mapped_column(String(40), default="")  # the judged column's taxonomy id
    problem_key: Mapped[str] = mapped_column(String(40), default="")  # storage.findings.problem_key


class Score(Base):
    """The points one site got for one leaf indicator of a rulebook in one sweep, and what decided them.

    Auto and manual parts are told apart by `mode`; points that could not be decided (unverifiable) are
    `withheld`, never lost. A re-scoring of the same sweep and rulebook replaces the rows.
    """

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("sweep_id", "rulebook", "site_id", "indicator"),
        Index("ix_scores_rulebook_site", "rulebook", "site_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    rulebook: Mapped[str] = mapped_column(String(64))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    indicator: Mapped[str] = mapped_column(String(64))  # dotted leaf id, e.g. "K.1.4"
    name: Mapped[str] = mapped_column(Text, default="")
    part: Mapped[str] = mapped_column(String(10), default="score")  # score | veto | deduction | bonus
    # Signed contribution (a deduction is negative); None when not scored (awaiting manual, left after a veto, exempt).
    points: Mapped[float | None] = mapped_column(nullable=True)
    max_points: Mapped[float | None] = mapped_column(nullable=True)
    withheld: Mapped[float] = mapped_column(default=0.0)  # undecided points (unverifiable), pending review
    mode: Mapped[str] = mapped_column(String(10))  # auto | manual
    status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)  # note, review, units (责任单位)
    findings: Mapped[list] = mapped_column(JSON, default=list)  # the findings that decided it, with evidence
    scored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SiteScore(Base):
    """A site's total under a rulebook in one sweep: auto and manual points apart, deductions, bonus, verdict."""

    __tablename__ = "site_scores"
    __table_args__ = (UniqueConstraint("sweep_id", "rulebook", "site_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    rulebook: Mapped[str] = mapped_column(String(64))
    rulebook_hash: Mapped[str] = mapped_column(String(40), default="")  # sha1 of the rulebook file
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    as_of: Mapped[date] = mapped_column(Date)
    flags: Mapped[list] = mapped_column(JSON, default=list)  # site flags given, e.g. ["no_services"]
    auto_points: Mapped[float] = mapped_column(default=0.0)
    manual_points: Mapped[float] = mapped_column(default=0.0)
    withheld: Mapped[float] = mapped_column(default=0.0)
    awaiting_manual: Mapped[float] = mapped_column(default=0.0)
    max_points: Mapped[float] = mapped_column(default=0.0)
    scale: Mapped[float] = mapped_column(default=1.0)  # e.g. 4/3 when an exempt subtree is rescaled
    score: Mapped[float | None] = mapped_column(nullable=True)  # the score part; None when vetoed
    deductions: Mapped[float] = mapped_column(default=0.0)  # ≤ 0
    bonus: Mapped[float] = mapped_column(default=0.0)
    bonus_counted: Mapped[bool] = mapped_column(Boolean, default=False)
    total: Mapped[float | None] = mapped_column(nullable=True)  # None when vetoed
    verdict: Mapped[str] = mapped_column(String(10), default="")  # 合格 | 不合格 | ""
    vetoed_by: Mapped[list] = mapped_column(JSON, default=list)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    nodes: Mapped[dict] = mapped_column(JSON, default=dict)  # subtotal per branch indicator
    unit_totals: Mapped[list] = mapped_column(JSON, default=list)  # per 责任单位 named by the indicators
    scored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ManualScore(Base):
    """A score an evaluator gave by hand (phone tests, written applications…), kept apart from auto scores.

    A new entry for the same (rulebook, site, indicator) supersedes the current one, which stays as history.
    """

    __tablename__ = "manual_scores"
    __table_args__ = (
        Index(
            "ux_manual_scores_current",
            "rulebook",
            "site_id",
            "indicator",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rulebook: Mapped[str] = mapped_column(String(64))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    indicator: Mapped[str] = mapped_column(String(64))
    points: Mapped[float]
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


ALL_TABLES = [
    Site,
    Sweep,
    SweepSite,
    Page,
    Link,
    ListItem,
    SiteColumn,
    Finding,
    Score,
    SiteScore,
    ManualScore,
]
__all__ = [
    "Base",
    "Site",
    "Sweep",
    "SweepSite",
    "Page",
    "Link",
    "ListItem",
    "SiteColumn",
    "Finding",
    "ALL_TABLES",
]

# Operations tables (probes, problems and their history, rechecks, alerts, notifications) live in their own
# module; importing it here puts them in Base.metadata for Alembic and for readers of this module.
from storage import operations as _operations  # noqa: E402,F401
