"""build_manifest: the ground truth of a portal — reachable URLs and outcomes, columns, articles, defects.

The URL graph is explored by rendering pages with the same code the server runs, so the manifest lists
exactly the links that are served. Each URL carries its discovery level: "a" when plain <a href> links reach
it from the homepage, "script" when a page script must be read (createPageHTML, an embedded XML record
set), "ajax" when a script's XHR endpoint must be called.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from testportal.app import SiteApp, make_apps
from testportal.columns import CATEGORY, CLASS_KEYS, FDZDGKNR_ORDER, GROUP_NAMES, XWZX_ORDER
from testportal.content import DOC_KEYS, Item
from testportal.hostile import BOMB_BYTES
from testportal.markup import LINK_LEVEL, broken_target, meta_pubdate
from testportal.reply import Reply
from testportal.spec import PortalSpec, spec_to_dict
from testportal.style_base import CHANNEL_ROWS, PLATFORM_BOXES

LEVELS = ("a", "script", "ajax")
MANIFEST_VERSION = 2
TREE_ORDER = (*XWZX_ORDER, "xxgkzn", "gkzd", *FDZDGKNR_ORDER, "ndbg")


def build_manifest(spec: PortalSpec, urls: dict[str, str]) -> dict[str, Any]:
    """JSON-able ground truth; urls maps each site name to its base URL ("http://127.0.0.1:PORT/")."""
    apps = make_apps(spec, urls)
    return {
        "generator": "testportal",
        "version": MANIFEST_VERSION,
        "seed": spec.seed,
        "as_of": spec.as_of.isoformat(),
        "spec": spec_to_dict(spec),
        "sites": {name: _site(apps[name], urls[name]) for name in urls if name in apps},
    }


def explore(app: SiteApp) -> tuple[dict[str, Reply], dict[str, list[tuple[str, str]]], dict[str, int]]:
    """Every same-site path reachable from the homepage: replies, out-links and click depth.

    Pages that fail, are blocked or are traps are listed but not expanded: a crawler sees no links there.
    """
    start = app.style.home
    replies: dict[str, Reply] = {}
    graph: dict[str, list[tuple[str, str]]] = {}
    depth = {start: 0}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        reply = replies[path] = app.resolve(path)
        expand = reply.status == 200 and reply.outcome == "ok" and not reply.trap
        graph[path] = [(u, k) for u, k in reply.links if u.startswith("/")] if expand else []
        for target, _ in graph[path]:
            if target not in depth:
                depth[target] = depth[path] + 1
                queue.append(target)
    return replies, graph, depth


def discovery_levels(start: str, graph: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """The weakest link kind needed to reach each path (a bottleneck search over three levels)."""
    best = {start: 0}
    buckets: list[deque[str]] = [deque([start]), deque(), deque()]
    for level in range(3):
        while buckets[level]:
            path = buckets[level].popleft()
            if best[path] != level:
                continue
            for target, kind in graph.get(path, []):
                new = max(level, LINK_LEVEL[kind])
                if new < best.get(target, 3):
                    best[target] = new
                    buckets[new].append(target)
    return {p: LEVELS[v] for p, v in best.items()}


def _site(app: SiteApp, base: str) -> dict[str, Any]:
    root = base.rstrip("/")
    c, style = app.content, app.style
    replies, graph, depth = explore(app)
    levels = discovery_levels(style.home, graph)
    pages = {}
    for path, reply in replies.items():
        entry = {
            "outcome": reply.outcome,
            "status": reply.status,
            "kind": reply.kind,
            "depth": depth[path],
            "discovery": levels[path],
        }
        if reply.trap:
            entry["trap"] = reply.trap
        if reply.delay:
            entry["delay_seconds"] = reply.delay
        pages[root + path] = entry
    reached = set(replies)
    return {
        "base_url": base,
        "homepage": root + style.home,
        "style": app.spec.style,
        "title": c.title,
        "domain": c.domain,
        "site_code": c.site_code,
        "encoding": style.encoding,
        "meta_tags": app.spec.meta_tags,
        "per_page": c.per_page,
        "page_count": len(pages),
        "pages": pages,
        "columns": {key: _column(app, key, root, reached) for key in CLASS_KEYS},
        "column_list": column_list(app, root),
        "articles": {
            root + style.article_url(it): _article(app, it, root, reached)
            for col in c.columns
            for it in c.items(col.key)
        },
        "interpretations": [_pair(app, x, root) for x in c.interp_links],
        "defects": _defects(app, root),
        "hostile": [{"name": n, **_hostile(app, n, root, pages)} for n in app.spec.hostile],
        "traps": [
            {"kind": p["trap"], "entry": u, "prefix": re.split(r"[;?]", u)[0]}
            for u, p in pages.items()
            if "trap" in p
        ],
        "offsite_links": [u for _, u in style.siblings],
        "homepage_fail_rate": list(app.spec.defects.homepage_fail_rate or ()) or None,
        "robots_disallow": [style.search_path],
    }


def _column(app: SiteApp, key: str, root: str, reached: set[str]) -> dict[str, Any]:
    c, style = app.content, app.style
    col = c.col(key)
    items = [c.item(key, i) for i in c.listing(key)]
    list_pages = sorted({style.column_url(key, p) for p in range(c.page_count(key))})
    newest = max((it.date for it in items), default=None)
    return {
        "name": col.name,
        "class": key,
        "group": col.group,
        "kind": col.kind,
        "url": root + style.column_url(key),
        "category": CATEGORY[key],
        "list_mode": style.list_mode(key) if col.is_list else "page",
        "pager": style.pager_name(key) if col.is_list else None,
        "stated_total": style.stated_total(key) if col.is_list else None,
        "date_format": style.date_form(key),
        "visibility": "blocked" if key == app.spec.defects.blocked_column else "seen",
        "blank": col.is_list and not items,
        "stale": key == app.spec.defects.stale_column,
        "newest": newest.isoformat() if newest else None,
        "list_pages": [root + p for p in list_pages],
        "items": [
            {
                "title": it.title,
                "url": root + style.article_url(it),
                "date": it.date.isoformat(),
                "list_date": None if c.undated(key) else it.date.isoformat(),
                "pinned": it.pinned,
                "reachable": style.article_url(it) in reached,
            }
            for it in items
        ],
        **({"updated": c.guide_updated.isoformat()} if col.kind == "guide" else {}),
    }


def column_list(app: SiteApp, root: str) -> list[dict[str, Any]]:
    """One entry per column of the site's tree, channels included: what a right reading gives for each.

    items counts the column's own rows (a channel's rows are its children's); dated and undated split them
    by whether the list row shows a date; newest_date is the newest date the rows show (null when none does);
    stated_total is the record count the list's pager or script states (null when it states pages only)."""
    c, style = app.content, app.style
    d = app.spec.defects
    children = {
        "xwzx": style.channel_children(),
        "fdzdgknr": next(ch for n, ch in style.tree() if n.kind == "group"),
    }
    entries = [
        _channel(app, root, "xwzx", GROUP_NAMES["xwzx"], None, None, style.channel_url, children["xwzx"]),
        _channel(app, root, "xxgk", "政府信息公开", "xxgk", None, style.platform_url, []),
        _channel(
            app,
            root,
            "fdzdgknr",
            GROUP_NAMES["fdzdgknr"],
            "fdzdgknr",
            "xxgk",
            style.group_url,
            children["fdzdgknr"],
        ),
    ]
    entries[1]["children"] = [n.key for n, _ in style.tree()]
    entries[1]["shows"] = {
        k: [root + style.article_url(it) for it in c.page_items(k, 0)[:5]] for k in PLATFORM_BOXES
    }
    if getattr(style, "group_refresh", False):
        entries[2]["refresh_to"] = root + style.column_url(children["fdzdgknr"][0].key)
    parents = {"xwzx": "xwzx", "xxgk": "xxgk", "fdzdgknr": "fdzdgknr"}
    for col in sorted(c.columns, key=lambda x: TREE_ORDER.index(x.key)):
        key, count = col.key, c.counts[col.key]
        undated = c.undated(key)
        items = [c.item(key, i) for i in c.listing(key)]
        newest = None if undated or not items else max(it.date for it in items).isoformat()
        entries.append(
            {
                "key": key,
                "name": col.name,
                "category": CATEGORY[key],
                "parent": parents[col.group],
                "role": "list" if col.is_list else "page",
                "list_url": root + style.column_url(key),
                "items": count,
                "dated": 0 if undated else count,
                "undated": count if undated else 0,
                "newest_date": newest,
                "stated_total": style.stated_total(key) if col.is_list else None,
                "blank": col.is_list and count == 0,
                "stale": key == d.stale_column,
                "visibility": "blocked" if key == d.blocked_column else "seen",
                "list_mode": style.list_mode(key) if col.is_list else "page",
                "pager": style.pager_name(key) if col.is_list else None,
                # Hanweb pages one URL by script: its list has one page URL however many pages it shows
                "list_pages": list(
                    dict.fromkeys(root + style.column_url(key, p) for p in range(c.page_count(key)))
                ),
                "item_urls": [root + style.article_url(it) for it in items],
                "side_sources": style.side_sources(key),
            }
        )
    return entries


def _channel(
    app: SiteApp,
    root: str,
    key: str,
    name: str,
    category: str | None,
    parent: str | None,
    url: str,
    children: list[Any],
) -> dict[str, Any]:
    """A channel (栏目 with sub-columns): its page shows its children's rows or leads to them, none its own."""
    c, style = app.content, app.style
    return {
        "key": key,
        "name": name,
        "category": category,
        "parent": parent,
        "role": "channel",
        "list_url": root + url,
        "items": 0,
        "dated": 0,
        "undated": 0,
        "newest_date": None,
        "stated_total": None,
        "blank": False,
        "stale": False,
        "visibility": "seen",
        "list_mode": "channel",
        "pager": None,
        "list_pages": [root + url],
        "item_urls": [],
        "side_sources": [],
        "children": [ch.key for ch in children],
        "shows": {
            ch.key: [root + style.article_url(it) for it in c.page_items(ch.key, 0)[:CHANNEL_ROWS]]
            for ch in children
            if key == "xwzx"
        },
    }


def _article(app: SiteApp, it: Item, root: str, reached: set[str]) -> dict[str, Any]:
    c, style = app.content, app.style
    entry: dict[str, Any] = {
        "title": it.title,
        "html_title": style.page_title(it),
        "owes_interpretation": it.column in DOC_KEYS,
        "column": it.column,
        "kind": c.col(it.column).kind,
        "pub_date": it.date.isoformat(),
        "pub_time": it.time,
        "pinned": it.pinned,
        "reachable": style.article_url(it) in reached,
        "meta_pubdate": meta_pubdate(c, it) if app.spec.meta_tags else None,
    }
    if it.column in DOC_KEYS:
        info = c.doc_info(it)
        link = c.interp_of_doc[it.aid]
        entry |= {
            "written_date": info.written.isoformat(),
            "doc_number": info.doc_number,
            "index_number": info.index_number,
            "issuer": info.issuer,
            "validity": info.validity,
            "fields": dict(c.doc_fields(it)),
            "interpretation": root + style.article_url(link.interp) if link.interp else None,
            "links_to_interpretation": link.doc_links_interp,
        }
    if c.col(it.column).kind in ("law", "deptdoc"):
        info = c.paper_info(it)
        entry |= {"doc_type": info.doc_type, "issuer": info.issuer, "doc_number": info.doc_number}
    if it.column == "zcjd":
        doc = c.doc_of_interp[it.aid].doc
        entry |= {"interprets": root + style.article_url(doc), "links_to_document": True}
    entry |= {k: v for k, v in it.extra.items() if k != "doc_aid"}
    return entry


def _pair(app: SiteApp, link: Any, root: str) -> dict[str, Any]:
    style = app.style
    return {
        "document": root + style.article_url(link.doc),
        "document_date": link.doc.date.isoformat(),
        "interpretation": root + style.article_url(link.interp) if link.interp else None,
        "interpretation_date": link.interp.date.isoformat() if link.interp else None,
        "lag_days": (link.interp.date - link.doc.date).days if link.interp else None,
        "status": link.status,
        "document_links_interpretation": link.doc_links_interp,
        "interpretation_links_document": link.interp is not None,
    }


def _defects(app: SiteApp, root: str) -> list[dict[str, Any]]:
    c, style, d = app.content, app.style, app.spec.defects
    found: list[dict[str, Any]] = []
    for kind in ("stale_column", "blank_column", "blocked_column"):
        key = getattr(d, kind)
        if key:
            found.append({"kind": kind, "column": key, "url": root + style.column_url(key)})
    for key, (title, when, extra) in c.withheld:
        found.append(
            {
                "kind": "missing_month",
                "column": key,
                "months": extra["months"],
                "title": title,
                "would_be_published": when.isoformat(),
            }
        )
    for x in c.interp_links:
        status = x.status if x.status != "ok" else ("unlinked" if not x.doc_links_interp and x.interp else "")
        if status:
            found.append(
                {
                    "kind": f"{status}_interpretation",
                    "document": root + style.article_url(x.doc),
                    "interpretation": root + style.article_url(x.interp) if x.interp else None,
                }
            )
    for aid in sorted(c.missing_doc_numbers):
        item = c.item_by_aid(aid)
        assert item is not None
        found.append({"kind": "missing_doc_number", "url": root + style.article_url(item)})
    found += _broken_links(app, root)
    if d.late_annual_report:
        late = [it for it in c.items("ndbg") if it.extra.get("late")]
        found += [
            {
                "kind": "late_annual_report",
                "url": root + style.article_url(it),
                "year": it.extra["year"],
                "published": it.date.isoformat(),
                "deadline": it.extra["deadline"],
            }
            for it in late
        ]
    if d.homepage_fail_rate:
        k, n = d.homepage_fail_rate
        found.append(
            {"kind": "homepage_fail_rate", "url": root + style.home, "fail": k, "every": n, "status": 503}
        )
    return found


def _broken_links(app: SiteApp, root: str) -> list[dict[str, Any]]:
    c, style = app.content, app.style
    if app.spec.defects.broken_link <= 0:
        return []
    found = [{"kind": "broken_link", "url": root + "/wzdt/index.html", "linked_from": root + style.home}]
    for it in c.items("gzdt"):
        target = broken_target(c, it, style.article_url(it))
        if target:
            found.append(
                {"kind": "broken_link", "url": root + target, "linked_from": root + style.article_url(it)}
            )
    return found


def _hostile(app: SiteApp, name: str, root: str, pages: dict[str, dict[str, Any]]) -> dict[str, Any]:
    path = (
        f"/calendar/?month={app.content.as_of:%Y-%m}"
        if name == "infinite_calendar"
        else f"/ztzl/{name}/index.html"
    )
    entry = dict(pages.get(root + path, {}))
    entry["url"] = root + path
    if name == "slow_page":
        entry["sleep_seconds"] = app.spec.slow_seconds
    if name == "server_error":
        entry["also"] = [root + "/ztzl/server_error/busy.html"]
    if name == "redirect_loop":
        entry["loop"] = [root + path, root + "/ztzl/redirect_loop/next.html"]
    if name == "wrong_charset":
        entry |= {
            "true_encoding": "gbk",
            "header_charset": "utf-8",
            "meta_charset": "gb2312",
            "title": "历史资料",
        }
    if name == "gzip_bomb":
        entry["inflated_bytes"] = BOMB_BYTES
    return entry


__all__ = ["build_manifest", "discovery_levels", "explore"]
