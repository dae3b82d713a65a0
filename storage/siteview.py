"""build_site_view(engine, sweep_id, site_id) -> SiteView: one site in one sweep, read from the database.

Checks read only this frozen view (DESIGN rule 6). Whatever the crawler did not see stays marked as
unseen here — a column whose page was blocked is BLOCKED, not empty (DESIGN rule 2).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.columns import DEFAULT_DOCUMENTS, StoredSite, read_columns, visibility_of
from storage.models import ExternalLink, Link, ListItem, Page, Site, SiteColumn, Sweep, SweepSite
from storage.views import (
    ColumnView,
    DocumentView,
    ExternalLinkView,
    HomepageView,
    InterpretationView,
    ItemView,
    LinkView,
    PageView,
    SiteView,
)
from storage.writer import url_hash

INTERPRETATION_COLUMN = "zcjd"  # 政策解读


def _load(session: Session, sweep_id: int, site: Site) -> StoredSite:
    pages = session.scalars(
        select(Page).where(Page.sweep_id == sweep_id, Page.site_id == site.id).order_by(Page.id)
    ).all()
    page_ids = [p.id for p in pages]
    items: dict[int, list[ItemView]] = defaultdict(list)
    links: dict[int, list[Link]] = defaultdict(list)
    for chunk in _chunks(page_ids):
        for row in session.scalars(
            select(ListItem).where(ListItem.page_id.in_(chunk)).order_by(ListItem.position)
        ):
            items[row.page_id].append(
                ItemView(
                    title=row.title,
                    url=row.url,
                    date=row.date,
                    pinned=row.pinned,
                    year_inferred=row.year_inferred,
                )
            )
        for link in session.scalars(select(Link).where(Link.from_page_id.in_(chunk)).order_by(Link.id)):
            links[link.from_page_id].append(link)
    by_url: dict[str, Page] = {}
    for page in pages:
        by_url.setdefault(page.url, page)
        by_url.setdefault(page.final_url, page)
    not_followed = session.scalar(
        select(SweepSite.not_followed).where(SweepSite.sweep_id == sweep_id, SweepSite.site_id == site.id)
    )
    return StoredSite(by_url, items, links, site.base_url, dict(not_followed or {}))


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _columns(session: Session, stored: StoredSite, sweep_id: int, site_id: int) -> tuple[ColumnView, ...]:
    tree = session.scalars(
        select(SiteColumn)
        .where(SiteColumn.sweep_id == sweep_id, SiteColumn.site_id == site_id)
        .order_by(SiteColumn.id)
    ).all()
    return read_columns(stored, tree)


def _out_links(stored: StoredSite, page: Page | None) -> tuple[str, ...]:
    return tuple(link.to_url for link in stored.links.get(page.id, ())) if page else ()


def _documents(
    stored: StoredSite, columns: tuple[ColumnView, ...], kind_of_column: Mapping[str, str]
) -> tuple[DocumentView, ...]:
    listed_in = {item.url: column.id for column in columns for item in column.items if item.url}
    documents = []
    for page in {id(p): p for p in stored.pages.values()}.values():
        if page.outcome != "ok" or page.kind != "article":
            continue
        column = listed_in.get(page.url) or page.column_id or None
        documents.append(
            DocumentView(
                url=page.url,
                title=page.title,
                publish_date=page.publish_date,
                written_date=page.written_date,
                fields=dict(page.doc_fields or {}),
                kind=kind_of_column.get(column or "", ""),
                column=column,
                links=_out_links(stored, page),
            )
        )
    return tuple(sorted(documents, key=lambda d: d.url))


def _interpretations(stored: StoredSite, columns: tuple[ColumnView, ...]) -> tuple[InterpretationView, ...]:
    """Every 解读 the crawl reached: the rows of the 政策解读 columns, and any fetched page whose own column is
    政策解读 (breadcrumb, ColumnName), however it was reached (a document's 相关解读 link)."""
    views: dict[str, InterpretationView] = {}
    rows = [
        item
        for column in columns
        if INTERPRETATION_COLUMN in (column.id, column.parent)
        for item in column.items
    ]
    reached = [
        ItemView(page.title, page.url, page.publish_date)
        for page in {id(p): p for p in stored.pages.values()}.values()
        if page.outcome == "ok" and page.kind == "article" and page.column_id == INTERPRETATION_COLUMN
    ]
    for item in (*rows, *reached):
        if item.url:
            page = stored.pages.get(item.url)
            seen = page is not None and page.outcome == "ok"
            views.setdefault(
                item.url,
                InterpretationView(
                    url=item.url,
                    title=page.title if seen and page.title else item.title,
                    publish_date=(page.publish_date if seen and page.publish_date else item.date),
                    links=_out_links(stored, page) if seen else (),
                    page_seen=seen,
                ),
            )
    return tuple(views.values())


def _links(stored: StoredSite, pages: list[Page], owns: Callable[[str], bool]) -> tuple[LinkView, ...]:
    views = []
    for page in pages:
        for link in stored.links.get(page.id, ()):
            target = stored.pages.get(link.to_url)
            views.append(
                LinkView(
                    from_url=page.url,
                    to_url=link.to_url,
                    anchor=link.anchor,
                    outcome=target.outcome if target else None,
                    status=target.status if target else None,
                    recheck_outcome=(target.recheck_outcome or None) if target else None,
                    kind=link.kind,
                    offsite=not owns(link.to_url),
                )
            )
    return tuple(views)


_DEFAULT_PORTS = {"http": 80, "https": 443}
# Off-site links probed at the end of a sweep (crawler/external.py): those of these pages, of these kinds.
EXTERNAL_SOURCE_KINDS = ("homepage", "column_index", "column_list")
EXTERNAL_LINK_KINDS = ("a", "frame")


def site_owns(site: Site) -> Callable[[str], bool]:
    """Whether a URL is on the site's hosts, by the crawl's rule (crawler/frontier.py SiteScope): its host
    names, on the standard ports together, or on the base URL's own non-standard port."""
    base = urlsplit(site.base_url)
    hosts = {h.lower() for h in (site.hosts or ())} | {(base.hostname or "").lower()}
    base_port = base.port or _DEFAULT_PORTS.get(base.scheme, 0)
    ports = {80, 443} if base_port in (80, 443) else {base_port}

    def owns(url: str) -> bool:
        parts = urlsplit(url)
        try:
            port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
        except ValueError:
            return False
        return (parts.hostname or "").lower() in hosts and port in ports

    return owns


def _external_links(
    session: Session, sweep_id: int, stored: StoredSite, pages: list[Page], owns: Callable[[str], bool]
) -> tuple[ExternalLinkView, ...]:
    """The off-site links of the homepage and column pages, with their probe results (external_links)."""
    linked: dict[str, list[tuple[str, str]]] = {}
    from_home: set[str] = set()
    for page in pages:
        if page.outcome != "ok" or not (page.kind in EXTERNAL_SOURCE_KINDS or page.depth == 0):
            continue
        for link in stored.links.get(page.id, ()):
            url = link.to_url
            if (
                link.kind not in EXTERNAL_LINK_KINDS
                or not url.startswith(("http://", "https://"))
                or owns(url)
            ):
                continue
            linked.setdefault(url, [])
            if (page.url, link.anchor) not in linked[url]:
                linked[url].append((page.url, link.anchor))
            if page.depth == 0:
                from_home.add(url)
    # (outcome, status, re-check outcome, re-check status, error) by URL: probed, or, for a URL of another
    # site of the sweep, crawled (its page row says how it ended).
    probed: dict[str, tuple[str, int | None, str, int | None, str]] = {}
    hashes = [url_hash(url) for url in linked]
    for chunk in [hashes[i : i + 900] for i in range(0, len(hashes), 900)]:
        for model in (ExternalLink, Page):
            for row in session.scalars(
                select(model).where(model.sweep_id == sweep_id, model.url_hash.in_(chunk))  # type: ignore[attr-defined]
            ):
                found = (row.outcome, row.status, row.recheck_outcome, row.recheck_status, row.error)
                probed.setdefault(row.url, found)
    views = []
    for url, sources in linked.items():
        outcome, status, recheck, recheck_status, error = probed.get(url, (None, None, "", None, ""))
        views.append(
            ExternalLinkView(
                url=url,
                linked_from=tuple(sources),
                from_homepage=url in from_home,
                outcome=outcome,
                status=status,
                recheck_outcome=recheck or None,
                recheck_status=recheck_status,
                error=error,
            )
        )
    return tuple(views)


def homepage_aliases(base_url: str, pages: Mapping[str, Page]) -> tuple[str, ...]:
    """Stored URLs that are the homepage under its default document name (/index.html, /default.htm …)."""
    names = DEFAULT_DOCUMENTS if base_url.endswith("/") else ()
    return tuple(base_url + name for name in names if base_url + name in pages)


def _facts(session: Session, sweep_id: int, site_id: int) -> dict[str, Any]:
    """The site-level facts the crawler measured (AAAA record, search form); empty before it wrote them."""
    facts = session.scalar(
        select(SweepSite.facts).where(SweepSite.sweep_id == sweep_id, SweepSite.site_id == site_id)
    )
    return dict(facts or {})


def _configured_issuers(session: Session, sweep_id: int, name: str) -> dict[str, Any]:
    """The site's own issuers as configured ([[site]] issuers, doc_prefixes) in the sweep's plan: facts the
    checks read beside those the crawl measured (checks/owed.py: whose documents owe a 解读)."""
    plan = session.scalar(select(Sweep.plan).where(Sweep.id == sweep_id)) or {}
    entry = next((s for s in plan.get("sites", []) if s.get("name") == name), {})
    return {key: list(entry[key]) for key in ("issuers", "doc_prefixes") if entry.get(key)}


def build_site_view(
    engine: Engine, sweep_id: int, site_id: int, kind_of_column: Mapping[str, str] | None = None
) -> SiteView:
    """Read one site of one sweep. `kind_of_column` maps taxonomy ids to document kinds (gfxwj → 规范性文件)."""
    with Session(engine) as session:
        site = session.get(Site, site_id)
        if site is None:
            raise LookupError(f"site {site_id} does not exist")
        stored = _load(session, sweep_id, site)
        columns = _columns(session, stored, sweep_id, site_id)
        facts = _facts(session, sweep_id, site_id) | _configured_issuers(session, sweep_id, site.name)
        owns = site_owns(site)
        external = _external_links(
            session, sweep_id, stored, list({id(p): p for p in stored.pages.values()}.values()), owns
        )
    pages = list({id(p): p for p in stored.pages.values()}.values())
    home = stored.pages.get(site.base_url)
    home_visibility, home_reason = visibility_of(home)
    return SiteView(
        site=site.name,
        base_url=site.base_url,
        homepage=HomepageView(
            url=site.base_url,
            visibility=home_visibility,
            items=tuple(stored.items.get(home.id, ())) if home else (),
            reason=home_reason,
            aliases=homepage_aliases(site.base_url, stored.pages),
            final_url=home.final_url if home else "",
        ),
        columns=columns,
        documents=_documents(stored, columns, kind_of_column or {}),
        interpretations=_interpretations(stored, columns),
        links=_links(stored, pages, owns),
        pages=tuple(
            PageView(
                url=p.url,
                outcome=p.outcome,
                status=p.status,
                title=p.title,
                publish_date=p.publish_date,
                reason=p.error,
                implausible_date=p.implausible_date,
            )
            for p in pages
        ),
        sweep_id=sweep_id,
        facts=facts,
        level="" if site.level in ("", "其他") else site.level,
        not_followed=dict(stored.not_followed),
        external_links=external,
        category_names=dict(kind_of_column or {}),
    )
