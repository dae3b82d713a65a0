"""An old ASP site served in GBK: list.asp?classid=N&page=P table lists, show.asp?id=N articles."""

from __future__ import annotations

from testportal.content import Item
from testportal.markup import (
    Out,
    body_html,
    broken_target,
    esc,
    fields_table,
    fmt_date,
    meta_tags,
    source_of,
    today_text,
)
from testportal.style_base import Route
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
    date_forms = ("slash", "cn", "iso_bracket", "fullwidth")
    _PAGES = {
        "/": "home",
        "/index.asp": "home",
        "/xxgk/index.asp": "platform",
        "/xxgk/fdzdgknr.asp": "group",
        "/hdjl.asp": "hdjl",
        "/bsfw.asp": "bsfw",
        "/search.asp": "search",
    }

    def list_mode(self, key: str) -> str:
        return "html_table"

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
            f'</td><td width="110" align="right" class="date">{fmt_date(it.date, form)}</td></tr>'
            for it in items
        )
        return f'<table width="100%" border="0" cellspacing="0" cellpadding="0" class="list">{rows}</table>'

    def pager(self, out: Out, key: str, page: int) -> str:
        total = self.site.page_count(key)
        if total <= 1:
            return ""

        def url(p: int) -> str:
            return f"list.asp?classid={self.classid(key)}&page={p + 1}"

        parts = [f"共{self.site.counts[key]}条记录 页次：{page + 1}/{total}页", out.a(url(0), "首页")]
        if page > 0:
            parts.append(out.a(url(page - 1), "上一页"))
        if page < total - 1:
            parts.append(out.a(url(page + 1), "下一页"))
        parts.append(out.a(url(total - 1), "尾页"))
        return f'<table width="100%"><tr><td align="center" class="page">{" ".join(parts)}</td></tr></table>'

    def page_article(self, route: Route, out: Out) -> str:
        s, item = self.site, route.item
        assert item is not None
        col = s.col(item.column)
        fields = f"<tr><td>{fields_table(s, item, 'gk')}</td></tr>" if col.kind == "doc" else ""
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
        return self.layout(out, f"{item.title}-{s.title}", body, col.name, item)
