"""What every page style shares: routes, the link targets of each page, and the choices a CMS makes per column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from testportal.columns import FDZDGKNR_ORDER, GROUP_NAMES, XWZX_ORDER, Column
from testportal.content import Item, SiteContent
from testportal.markup import Out
from testportal.rand import h
from testportal.reply import Reply

HOSTILE_TEXT = {
    "slow_page": "在线访谈直播",
    "connection_reset": "数据开放平台",
    "server_error": "网上调查",
    "gzip_bomb": "图片新闻",
    "redirect_loop": "网上信访",
    "wrong_charset": "历史资料",
    "infinite_calendar": "活动日历",
    "challenge_412": "政务服务网",
}
HOME_BLOCKS = (("zwyw", 6), ("gzdt", 8), ("tzgg", 7), ("zcwj", 6), ("zcjd", 6))
# side blocks of every list page: (title, where its rows come from, first usable source wins, date form)
SIDE_BLOCKS = (
    ("热点信息", ("gzdt", "zwyw", "xzdt"), "iso"),
    ("最新动态", ("zwyw", "tzgg", "gzdt", "xzdt"), "md_bracket"),
)
SIDE_ROWS = 5
CHANNEL_ROWS = 5  # rows of each child on the 新闻中心 channel page
# <title> forms: the bare title with the site's name, or the site's and the column's names before it
TITLE_FORMS = ("{t}_{s}", "{s} {c} {t}", "{t}--{s}")
LIST_TITLE_FORMS = ("{c}_{s}", "{s} {c}", "{c}--{s}")
SPECIAL_KEYS = ("xxgkzn", "czsz", "yjs", "qzqd", "ndbg")
PLATFORM_BOXES = ("zcwj", "gfxwj", "zcjd", "czsz")  # the 政府信息公开 page's blocks, five rows each


@dataclass(frozen=True)
class Route:
    """What a request path names."""

    kind: str  # home platform group column article data search hdjl bsfw
    key: str = ""  # column key
    page: int = 0
    item: Item | None = None
    args: tuple[tuple[str, Any], ...] = ()

    def arg(self, name: str, default: Any = None) -> Any:
        return dict(self.args).get(name, default)


class StyleBase:
    """A CMS: URL scheme, routing and templates. Subclasses fill in the URLs and the markup."""

    name = ""
    title_offset = 0  # which of TITLE_FORMS the style's first column uses
    encoding = "utf-8"
    home = "/"
    channel_url = ""  # the 新闻中心 channel page
    home_aliases: tuple[str, ...] = ()
    platform_url = ""
    group_url = ""
    hdjl_url = ""
    bsfw_url = ""
    search_path = ""
    search_param = "q"
    date_forms: tuple[str, ...] = ("iso",)

    def __init__(self, site: SiteContent) -> None:
        self.site = site
        self.siblings: list[tuple[str, str]] = []  # other sites of the portal: (title, base URL) for 友情链接

    # to be provided by each style -------------------------------------------------------------------

    def column_url(self, key: str, page: int = 0) -> str:
        raise NotImplementedError

    def article_url(self, item: Item) -> str:
        raise NotImplementedError

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        raise NotImplementedError

    def render(self, route: Route, out: Out) -> str | Reply:
        """The page's HTML (links recorded in out), or a whole Reply for data endpoints."""
        raise NotImplementedError

    def list_mode(self, key: str) -> str:
        """How the column's list reaches the browser: html_links, html_script_paging, html_table, xml_embedded…"""
        raise NotImplementedError

    def pager_name(self, key: str) -> str:
        """The list's pager: createPageHTML, createPageHTML6, links, jpage, json, script_only, count_links."""
        raise NotImplementedError

    def stated_total(self, key: str) -> int | None:
        """The record count the list's pager or script states, or None when it states pages only."""
        raise NotImplementedError

    # shared decisions -------------------------------------------------------------------------------

    def date_form(self, key: str) -> str:
        if self.site.undated(key):
            return "none"
        col = self.site.col(key)
        return self.date_forms[(col.number + h(*self.site.key, "dates")) % len(self.date_forms)]

    def nav(self) -> list[tuple[str, str]]:
        s = self.site
        return [
            (self.home_aliases[0] if self.home_aliases else self.home, "首页"),
            (self.channel_url, GROUP_NAMES["xwzx"]),
            (self.platform_url, "政府信息公开"),
            (self.column_url("gzdt"), s.col("gzdt").name),
            (self.column_url("tzgg"), s.col("tzgg").name),
            (self.column_url("zcjd"), s.col("zcjd").name),
            (self.hdjl_url, "互动交流"),
            (self.bsfw_url, "办事服务"),
        ]

    def tree(self) -> list[tuple[Column, list[Column]]]:
        """The 政府信息公开 left-hand column tree: top nodes, fdzdgknr with its children."""
        cols = self.site.columns
        top = [c for c in cols if c.group == "xxgk" and c.key != "ndbg"]
        parent = Column("fdzdgknr", 90, GROUP_NAMES["fdzdgknr"], "fdzdgknr", "xxgk", "group")
        children = [self.site.col(k) for k in FDZDGKNR_ORDER]
        return [(c, []) for c in top] + [(parent, children), (self.site.col("ndbg"), [])]

    def channel_children(self) -> list[Column]:
        """The 新闻中心 channel's children: 政务要闻, 工作动态, 乡镇动态 (three 动态 columns) and 通知公告."""
        return [self.site.col(k) for k in XWZX_ORDER]

    def node_url(self, col: Column) -> str:
        return self.group_url if col.kind == "group" else self.column_url(col.key)

    def crumbs(self, key: str = "") -> list[tuple[str, str]]:
        """当前位置 of a column's pages, or of a channel's page (key xwzx, xxgk or fdzdgknr)."""
        trail = [(self.home, "首页")]
        if not key:
            return trail
        if key == "xwzx":
            return trail + [(self.channel_url, GROUP_NAMES["xwzx"])]
        if key in ("xxgk", "fdzdgknr"):
            trail.append((self.platform_url, "政府信息公开"))
            return trail + ([(self.group_url, GROUP_NAMES["fdzdgknr"])] if key == "fdzdgknr" else [])
        col = self.site.col(key)
        if col.group == "xwzx":
            return trail + [(self.channel_url, GROUP_NAMES["xwzx"]), (self.column_url(key), col.name)]
        trail.append((self.platform_url, "政府信息公开"))
        if col.group == "fdzdgknr":
            trail.append((self.group_url, GROUP_NAMES["fdzdgknr"]))
        return trail + [(self.column_url(key), col.name)]

    def hostile_links(self) -> list[tuple[str, str]]:
        links = []
        for name in self.site.spec.hostile:
            if name == "infinite_calendar":
                links.append((f"/calendar/?month={self.site.as_of:%Y-%m}", HOSTILE_TEXT[name]))
            else:
                links.append((f"/ztzl/{name}/index.html", HOSTILE_TEXT[name]))
            if name == "server_error":
                links.append(("/ztzl/server_error/busy.html", "意见征集"))
        if self.site.spec.trap:
            links += [
                ("/ztbd/zt/", "专题报道"),
                ("/hdjl/wsxf.jsp;jsessionid=A1B2C3D4E5F6", "网上信访"),
                ("/hdjl/msg.jsp?sid=7f3a9c", "留言选登"),
            ]
        if self.site.spec.defects.broken_link > 0:
            links.append(("/wzdt/index.html", "网站地图"))
        return links

    def related(self, item: Item) -> list[tuple[str, str, str]]:
        """(label, url, title) links between a document and its 解读."""
        s = self.site
        if item.column in ("zcwj", "gfxwj"):
            link = s.interp_of_doc.get(item.aid)
            if link and link.interp and link.doc_links_interp:
                return [("相关解读", self.article_url(link.interp), link.interp.title)]
        if item.column == "zcjd":
            doc = s.doc_of_interp[item.aid].doc
            return [("原文链接", self.article_url(doc), doc.title)]
        return []

    def sidebar(self, key: str) -> list[Item]:
        """An article's 热点信息: another column's newest rows, with their own dates (not the page's date)."""
        blocks = self.side_blocks(key)
        return blocks[0][2] if blocks else []

    def side_blocks(self, key: str) -> list[tuple[str, str, list[Item]]]:
        """(title, date form, rows) of each side block a list page of column key carries: other columns'
        newest rows, never its own. They come from fresh columns, so on a stale column the side rows are
        newer than the list's own; a column that is stale, blank, blocked or script-only is never a source."""
        s, d = self.site, self.site.spec.defects
        barred = {key, d.stale_column, d.blank_column, d.blocked_column, s.spec.script_only_column}
        blocks, used = [], set()
        for title, sources, form in SIDE_BLOCKS:
            source = next((k for k in sources if k not in barred | used and s.counts[k]), None)
            if source:
                used.add(source)
                blocks.append((title, form, s.newest_rows(source, SIDE_ROWS)))
        return blocks

    def side_sources(self, key: str) -> list[str]:
        """The columns whose rows the side blocks of key's list pages show."""
        return [rows[0].column for _, _, rows in self.side_blocks(key)]

    def title_form(self, key: str) -> int:
        number = self.site.col(key).number
        return (self.title_offset + number + h(*self.site.key, "titles")) % len(TITLE_FORMS)

    def page_title(self, item: Item) -> str:
        """An article's <title>: the bare title with the site's name (and the column's); its heading and
        ArticleTitle meta hold the bare title."""
        s = self.site
        form = TITLE_FORMS[self.title_form(item.column)]
        return form.format(t=item.title, s=s.title, c=s.col(item.column).name)

    def search_results(self, query: str) -> list[Item]:
        if not query:
            return []
        found = []
        for col in self.site.columns:
            if col.is_list:
                found += [it for it in self.site.page_items(col.key, 0) if query in it.title]
        return sorted(found, key=lambda it: (it.date, it.aid), reverse=True)[:20]

    def list_title(self, key: str) -> str:
        form = LIST_TITLE_FORMS[self.title_form(key)]
        return form.format(c=self.site.col(key).name, s=self.site.title)
