"""An old ASP site served in GBK: list.asp?classid=N&page=P table lists, show.asp?id=N articles."""

from __future__ import annotations

from testportal.content import Item
from testportal.markup import (
    Out,
    body_html,
    broken_target,
    esc,
    fmt_date,
    meta_tags,
    source_of,
    today_text,
)
from testportal.style_base import CHANNEL_ROWS, Route
from testportal.style_static import StaticStyle


class LegacyStyle(StaticStyle):
    name = "legacy_gbk"
    encoding = "gbk"
    home_aliases = ("/index.asp",)
    platform_url = "/xxgk/index.asp"
    group_url = "/xxgk/fdzdgknr.asp"
    hdjl_url = "/hdjl.asp"
    bsfw_url = "/bsfw.asp"
    search_path = "/search.asp"
    search_param = "keyword"
    channel_url = "/news.asp"
    group_refresh = False
    title_offset = 2
    date_forms = ("slash", "cn", "iso_bracket", "fullwidth")
    _PAGES = {
        "/": "home",
        "/index.asp": "home",
        "/news.asp": "channel",
        "/xxgk/index.asp": "platform",
        "/xxgk/fdzdgknr.asp": "group",
        "/hdjl.asp": "hdjl",
        "/bsfw.asp": "bsfw",
        "/search.asp": "search",
    }

    def list_mode(self, key: str) -> str:
        return "html_table"

    def pager_name(self, key: str) -> str:
        return "count_links"

    def stated_total(self, key: str) -> int | None:
        """共 N 条记录: the pager of every list page states the record count."""
        return self.site.counts[key]

    def classid(self, key: str) -> int:
        return self.site.col(key).number + 1

    def column_url(self, key: str, page: int = 0) -> str:
        return f"/list.asp?classid={self.classid(key)}" + (f"&page={page + 1}" if page else "")

    def article_url(self, item: Item) -> str:
        return f"/show.asp?id={item.aid}"

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        if path in self._PAGES:
            return Route(self._PAGES[path], args=tuple(query.items()))
        try:
            if path == "/list.asp":
                number, page = int(query.get("classid", "")) - 1, int(query.get("page", "1")) - 1
                if 0 <= number < len(self.site.columns) and 0 <= page < self.site.page_count(
                    self.site.columns[number].key
                ):
                    return Route("column", self.site.columns[number].key, page)
            if path == "/show.asp":
                item = self.site.item_by_aid(int(query.get("id", "")))
                return Route("article", item.column, item=item) if item else None
        except ValueError:
            return None
        return None

    # markup -----------------------------------------------------------------------------------------

    def layout(self, out: Out, title: str, body: str, column: str = "", item: Item | None = None) -> str:
        s = self.site
        nav = "".join(f'<td align="center" class="nav">{out.a(u, t)}</td>' for u, t in self.nav())
        return (
            '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n'
            f"{meta_tags(s, column, item)}<title>{esc(title)}</title>\n"
            '<link href="/css/main.css" rel="stylesheet" type="text/css">\n</head>\n'
            '<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">\n'
            '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">'
            f'<tr><td height="28" class="top">{today_text(s.as_of)}</td><td align="right">'
            f'{out.a(self.home_aliases[0], "网站首页")} | <a href="javascript:void(0)">加入收藏</a></td></tr>'
            f'<tr><td colspan="2"><img src="/images/logo.png" width="980" height="120" alt="{esc(s.title)}"></td></tr>'
            f'</table>\n<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr>{nav}'
            f'<td><form name="search" method="get" action="{self.search_path}">'
            '<input name="keyword" type="text" size="16">'
            '<input type="submit" value="搜索"></form></td></tr></table>\n'
            f'<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td valign="top">\n'
            f"{body}\n</td></tr></table>\n"
            '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" class="footer"><tr>'
            f'<td align="center">版权所有：{esc(s.title)}　技术支持：{esc(s.place)}信息中心<br>网站标识码：{s.site_code}'
            "</td></tr></table>\n</body>\n</html>\n"
        )

    def position(self, out: Out, key: str = "") -> str:
        trail = self.crumbs(key)
        parts = [out.a(u, t) for u, t in trail]
        return f'<table width="100%"><tr><td class="position">您现在的位置：{" &gt;&gt; ".join(parts)}</td></tr></table>'

    def tree_html(self, out: Out, current: str = "") -> str:
        rows = []
        for node, children in self.tree():
            rows.append(f'<tr><td class="tree1">{out.a(self.node_url(node), node.name)}</td></tr>')
            rows += [
                f'<tr><td class="tree2">　├ {out.a(self.node_url(c), c.name)}</td></tr>' for c in children
            ]
        table = '<table width="200" border="0" cellpadding="0" cellspacing="0" class="tree" align="left">'
        return table + "".join(rows) + "</table>"

    def page_column(self, route: Route, out: Out) -> str:
        """An old table layout: a <td class="left"> with the column tree and the side blocks of other columns'
        newest rows, then the column's own list and its 共 N 条记录 pager."""
        s, key = self.site, route.key
        col = s.col(key)
        inner = self.guide(out) if col.kind == "guide" else self.list_block(out, key, route.page)
        tree = self.tree_html(out, key) if col.group != "xwzx" else ""
        body = (
            f'{self.position(out, key)}<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>'
            f'<td class="left" width="220" valign="top">{tree}{self.side_html(out, key)}</td>'
            f'<td valign="top" class="main"><table width="100%" class="lm"><tr><td class="lm-title">{esc(col.name)}'
            f"</td></tr></table>{inner}</td></tr></table>"
        )
        return self.layout(out, self.list_title(key), body, col.name)

    def side_html(self, out: Out, key: str) -> str:
        tables = []
        for title, form, rows in self.side_blocks(key):
            trs = "".join(
                f'<tr><td height="22">·{out.a(self.article_url(it), it.title, attrs=" target=_blank")}</td>'
                f'<td width="60" align="right">{fmt_date(it.date, form)}</td></tr>'
                for it in rows
            )
            tables.append(
                f'<table width="100%" border="0" cellspacing="0" cellpadding="0" class="side">'
                f'<tr><td colspan="2" class="side-title"><b>{title}</b></td></tr>{trs}</table>'
            )
        return "".join(tables)

    def page_channel(self, route: Route, out: Out) -> str:
        """新闻中心: five rows of each child column in its own table, and a 更多 link to its list."""
        s = self.site
        tables = []
        for col in self.channel_children():
            rows = self.item_list(out, s.page_items(col.key, 0)[:CHANNEL_ROWS], self.date_form(col.key))
            tables.append(
                f'<table width="100%" border="0" cellspacing="0" cellpadding="0" class="lm"><tr>'
                f'<td class="lm-title">{esc(col.name)}</td><td align="right">'
                f"{out.a(self.column_url(col.key).lstrip('/'), '更多>>')}</td></tr>"
                f'<tr><td colspan="2">{rows}</td></tr></table>'
            )
        body = f"{self.position(out, 'xwzx')}{''.join(tables)}"
        return self.layout(out, f"新闻中心-{s.title}", body, "新闻中心")

    def listing(self, out: Out, key: str, page: int) -> str:
        items = self.site.page_items(key, page)
        if not items:
            return '<table width="100%"><tr><td align="center">暂无信息</td></tr></table>'
        return self.item_list(out, items, self.date_form(key), relative=True)

    def _relative(self, item: Item) -> str:
        return self.article_url(item).lstrip("/")

    def item_list(self, out: Out, items: list[Item], form: str, relative: bool = False) -> str:
        rows = "".join(
            f'<tr><td width="12"><img src="/images/logo.png" width="5" height="5"></td>'
            f'<td height="26">{"<font color=red>[置顶]</font>" if it.pinned else ""}'
            f"{out.a(self._relative(it) if relative else self.article_url(it), it.title, attrs=' target=_blank')}"
            f"</td>{self._date_cell(it, form)}</tr>"
            for it in items
        )
        return f'<table width="100%" border="0" cellspacing="0" cellpadding="0" class="list">{rows}</table>'

    @staticmethod
    def _date_cell(item: Item, form: str) -> str:
        when = fmt_date(item.date, form)
        return f'<td width="110" align="right" class="date">{when}</td>' if when else ""

    def pager(self, out: Out, key: str, page: int) -> str:
        """共 N 条记录 页次：1/7 首页 上一页 下一页 尾页, on every list page; the words are links only where they go
        somewhere."""
        total = self.site.page_count(key)

        def url(p: int) -> str:
            return f"list.asp?classid={self.classid(key)}&page={p + 1}"

        def word(text: str, target: int, live: bool) -> str:
            return out.a(url(target), text) if live else text

        parts = [
            f"共 {self.site.counts[key]} 条记录 页次：{page + 1}/{total}",
            word("首页", 0, page > 0),
            word("上一页", page - 1, page > 0),
            word("下一页", page + 1, page < total - 1),
            word("尾页", total - 1, page < total - 1),
        ]
        return f'<table width="100%"><tr><td align="center" class="page">{" ".join(parts)}</td></tr></table>'

    def page_article(self, route: Route, out: Out) -> str:
        s, item = self.site, route.item
        assert item is not None
        col = s.col(item.column)
        fields = self.fields_html(item, "gk")
        fields = f"<tr><td>{fields}</td></tr>" if fields else ""
        related = "".join(f"<tr><td>{label}：{out.a(u, t)}</td></tr>" for label, u, t in self.related(item))
        broken = broken_target(s, item, self.article_url(item))
        attach = f"<tr><td>附件：{out.a(broken, '附件1.pdf')}</td></tr>" if broken else ""
        body = (
            f'{self.position(out, item.column)}<table width="100%" class="article">{fields}'
            f'<tr><td align="center" class="title"><b>{esc(item.title)}</b></td></tr>'
            f'<tr><td align="center" class="info">发布时间：{fmt_date(item.date, "cn")}　来源：'
            f"{esc(source_of(s, item))}　点击数：<script>document.write(Math.floor(Math.random()*1000))</script>"
            f'</td></tr><tr><td class="content">{body_html(s, item)}</td></tr>{attach}{related}</table>'
        )
        return self.layout(out, self.page_title(item), body, col.name, item)
