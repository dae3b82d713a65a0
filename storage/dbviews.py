"""What migration 0006 adds for reports and dashboards: evidence of failing findings (screenshots and the
HTML as fetched), the dashboard's users, and the names of the stable SQL views documented in SCHEMA.md.

Screenshots are kept in the database, bounded in number per site and in bytes, so a dashboard or a
report on another machine needs only the database URL; evidence is keyed like findings by
(sweep, site, check, target_hash), so re-checking a sweep keeps it attached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base, Site

_BIG_ID = BigInteger().with_variant(Integer, "sqlite")
ROLES = ("evaluator", "manager")
# name → what it answers; the SQL is in migrations/versions/0006_views.py, the columns in SCHEMA.md.
VIEWS = {
    "v_latest_site_scores": "每个站点在每套指标体系下最近一次评分",
    "v_open_problems": "尚未关闭的整改问题（待整改、重新出现、已整改待核实）",
    "v_probe_availability_daily": "每个站点每天（北京时间）的可用性监测结果",
    "v_sweep_coverage": "每个批次每个站点的抓取覆盖：尝试、成功、失败页面数",
}


class EvidencePage(Base):
    """A page shown as evidence in one sweep: its screenshot and the HTML the crawler fetched."""

    __tablename__ = "evidence_pages"
    __table_args__ = (UniqueConstraint("sweep_id", "site_id", "url_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(40))
    page_id: Mapped[int | None] = mapped_column(
        _BIG_ID, ForeignKey("pages.id", ondelete="SET NULL"), nullable=True
    )
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # live: the page loaded again after the checks; snapshot: the stored HTML rendered (the live page
    # failed); "": no screenshot (see error).
    source: Mapped[str] = mapped_column(String(20), default="")
    image: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    mime: Mapped[str] = mapped_column(String(40), default="")
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    snapshot_gz: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # gzip of the body
    encoding: Mapped[str] = mapped_column(String(40), default="")
    error: Mapped[str] = mapped_column(Text, default="")


class FindingEvidence(Base):
    """Which evidence page shows which finding, and for a broken link the link on it."""

    __tablename__ = "finding_evidence"
    __table_args__ = (Index("ix_finding_evidence_key", "sweep_id", "site_id", "check", "target_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("sweeps.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    check: Mapped[str] = mapped_column(String(64))
    target_hash: Mapped[str] = mapped_column(String(40))
    evidence_page_id: Mapped[int] = mapped_column(ForeignKey("evidence_pages.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20), default="page")  # page | parent (of a broken link)
    link_text: Mapped[str] = mapped_column(Text, default="")
    link_url: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class User(Base):
    """A dashboard user: an evaluator sees every site; a manager sees the sites of user_sites."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # evaluator | manager
    password_hash: Mapped[str] = mapped_column(Text)  # argon2id, never shown to dashboards
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserSite(Base):
    """A site a manager is responsible for."""

    __tablename__ = "user_sites"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)


def replace_evidence(
    engine: Engine,
    sweep_id: int,
    site_id: int,
    pages: Sequence[Mapping[str, Any]],
    links: Iterable[Mapping[str, Any]],
) -> None:
    """Store one site's evidence of a sweep, replacing what an earlier capture stored.

    `pages` are EvidencePage fields; `links` are FindingEvidence fields whose `url` names the page."""
    with Session(engine) as session, session.begin():
        session.execute(
            delete(EvidencePage).where(EvidencePage.sweep_id == sweep_id, EvidencePage.site_id == site_id)
        )
        ids: dict[str, int] = {}
        for values in pages:
            row = EvidencePage(sweep_id=sweep_id, site_id=site_id, **values)
            session.add(row)
            session.flush()
            ids[row.url] = row.id
        for link in links:
            fields = {k: v for k, v in link.items() if k != "url"}
            session.add(
                FindingEvidence(
                    sweep_id=sweep_id, site_id=site_id, evidence_page_id=ids[link["url"]], **fields
                )
            )


def save_user(engine: Engine, name: str, role: str, password_hash: str, sites: Sequence[str]) -> bool:
    """Create or replace a user (role, password, sites); True when the user is new.

    Raises LookupError naming a site the database does not know."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        site_ids = dict(session.execute(select(Site.name, Site.id).where(Site.name.in_(list(sites)))).all())
        missing = [s for s in sites if s not in site_ids]
        if missing:
            raise LookupError(f"unknown site {missing[0]!r}")
        user = session.scalar(select(User).where(User.name == name))
        created = user is None
        if user is None:
            user = User(name=name, created_at=now)
            session.add(user)
        user.role, user.password_hash, user.updated_at = role, password_hash, now
        session.flush()
        session.execute(delete(UserSite).where(UserSite.user_id == user.id))
        session.add_all(UserSite(user_id=user.id, site_id=site_ids[s]) for s in dict.fromkeys(sites))
    return created


def list_users(engine: Engine) -> list[dict[str, Any]]:
    """Users with their role and site names (no password hashes)."""
    with Session(engine) as session:
        users = session.scalars(select(User).order_by(User.name)).all()
        sites = session.execute(
            select(UserSite.user_id, Site.name).join(Site, Site.id == UserSite.site_id).order_by(Site.name)
        ).all()
    names: dict[int, list[str]] = {}
    for user_id, site in sites:
        names.setdefault(user_id, []).append(site)
    return [{"id": u.id, "name": u.name, "role": u.role, "sites": names.get(u.id, [])} for u in users]


def delete_user(engine: Engine, name: str) -> bool:
    with Session(engine) as session, session.begin():
        return bool(session.execute(delete(User).where(User.name == name)).rowcount)


REPORT_TABLES = [EvidencePage, FindingEvidence, User, UserSite]
