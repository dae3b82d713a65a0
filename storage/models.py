"""SQLAlchemy 2 models: the findings database that the CLI, reports and dashboards read.

Every table and column here is documented in storage/SCHEMA.md; that file is the public interface.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
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
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    breadcrumb: Mapped[str] = mapped_column(Text, default="")
    text_hash: Mapped[str] = mapped_column(String(64), default="")
    snapshot: Mapped[str] = mapped_column(String(200), default="")


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


ALL_TABLES = [Site, Sweep, SweepSite, Page, Link]
__all__ = ["Base", "Site", "Sweep", "SweepSite", "Page", "Link", "ALL_TABLES"]
