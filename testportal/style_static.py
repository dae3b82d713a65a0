"""TRS-like static CMS: /col/…/index_1.html pagination (plain or createPageHTML) and t20210624_185368.html articles."""

from __future__ import annotations

import re

from testportal.content import Item
from testportal.markup import (
    Out,
    body_html,
    broken_target,
    esc,
    fields_table,
    fmt_date,
    meta_tags,
    paper_fields,
    source_of,
    today_text,
)
from testportal.rand import h
from testportal.reply import Reply
from testportal.style_base import CHANNEL_ROWS, HOME_BLOCKS, PLATFORM_BOXES, SPECIAL_KEYS, Route, StyleBase

_LIST = re.compile(r"^(/.+/)(?:index(?:_(\d+))?\.html)?$")
_LIST1 = re.compile(r"^(/.+/)news_list_1(?:_(\d+))?\.shtml$")  # the six-argument createPageHTML pages
_ARTICLE = re.compile(r"^(/.+/)(\d{6})/t(\d{8})_(\d+)\.html$")
_LOGO, _MORE = ' class="logo"', ' class="more"'
_PAGES = {
    "/": "home",
    "/index.html": "home",
    "/zwgk/": "platform",
    "/zwgk/index.html": "platform",
    "/zwgk/fdzdgknr/": "group",
    "/zwgk/fdzdgknr/index.html": "group",
    "/xwzx/": "channel",
    "/xwzx/index.html": "channel",
    "/hdjl/": "hdjl",
    "/bsfw/": "bsfw",
    "/search/": "search",
}


def _page_file(page: int) -> str:
    """The file of list page N: index.html, index_1.html, index_2.html…"""
    return "index.html" if page == 0 else f"index_{page}.html"


def _page_file_1(page: int) -> str:
    """The file of list page N (0-based) of a column whose base name ends in _1: news_list_1.shtml is the
    first page, news_list_1_2.shtml the second (createPageHTML's six-argument form counts from 1)."""
    return "news_list_1.shtml" if page == 0 else f"news_list_1_{page + 1}.shtml"


# per-column pagers the TRS style forces, so every seed has each: 0-based createPageHTML(n, i, "index",
# "html"), plain links, and the six-argument createPageHTML('page_div', n, i, 'news_list_1', 'shtml', total)
FORCED_PAGERS = {"gzdt": "script6", "tzgg": "script", "czsz": "links"}


class StaticStyle(StyleBase):
    name = "static"
    platform_url = "/zwgk/"
    group_url = "/zwgk/fdzdgknr/"
    hdjl_url = "/hdjl/"
    bsfw_url = "/bsfw/"
    search_path = "/search/"
    channel_url = "/xwzx/"
    group_refresh = (
        True  # the 法定主动公开内容 channel moves on to its first child by <meta http-equiv="Refresh">
    )
    date_forms = ("iso", "iso", "iso_bracket", "cn0", "iso", "dot")

    def __init__(self, site) -> None:  # noqa: ANN001 - SiteContent, typed in StyleBase
        super().__init__(site)
        self._bases = {self._base(c.key): c.key for c in site.columns}

    def _base(self, key: str) -> str:
        col = self.site.col(key)
        prefix = {"xwzx": "/xwzx/", "xxgk": "/zwgk/", "fdzdgknr": "/zwgk/fdzdgknr/"}[col.group]
        return f"{prefix}{col.slug}/"

    def column_url(self, key: str, page: int = 0) -> str:
        if self.pager_kind(key) == "script6":
            return self._base(key) + _page_file_1(page)
        return self._base(key) + (f"index_{page}.html" if page else "")

    def article_url(self, item: Item) -> str:
        d = item.date
        return f"{self._base(item.column)}{d:%Y%m}/t{d:%Y%m%d}_{item.aid}.html"

    def pager_kind(self, key: str) -> str:
        """script (createPageHTML, 4 arguments, 0-based), script6 (6 arguments, 1-based) or links."""
        forced = FORCED_PAGERS.get(key)
        if forced:
            return forced
        return "script" if h(*self.site.key, "paging", key) % 2 == 0 else "links"

    def script_paging(self, key: str) -> bool:
        return self.pager_kind(key) != "links"

    def list_mode(self, key: str) -> str:
        return "html_script_paging" if self.script_paging(key) else "html_links"

    def pager_name(self, key: str) -> str:
        return {"script": "createPageHTML", "script6": "createPageHTML6", "links": "links"}[
            self.pager_kind(key)
        ]

    def stated_total(self, key: str) -> int | None:
        """The record count the list's pager states: only the six-argument createPageHTML names it."""
        return self.site.counts[key] if self.pager_kind(key) == "script6" else None

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        if path in _PAGES:
            return Route(_PAGES[path], args=tuple(query.items()))
        m = _LIST1.match(path)
        if m and self._bases.get(m.group(1)) and self.pager_kind(self._bases[m.group(1)]) == "script6":
            key, number = self._bases[m.group(1)], int(m.group(2) or 1)
            ok = m.group(2) is None or (
                m.group(2) == str(number) and 2 <= number <= self.site.page_count(key)
            )
            return Route("column", key, number - 1) if ok else None
        m = _LIST.match(path)
        if m and m.group(1) in self._bases and self.pager_kind(self._bases[m.group(1)]) != "script6":
            key, page = self._bases[m.group(1)], int(m.group(2) or 0)
            ok = page == 0 or (m.group(2) == str(page) and page < self.site.page_count(key))
            return Route("column", key, page) if ok else None
        m = _ARTICLE.match(path)
        if m:
            item = self.site.item_by_aid(int(m.group(4)))
            if item and self.article_url(item) == path:
                return Route("article", item.column, item=item)
        return None

    # layout -----------------------------------------------------------------------------------------

    def layout(self, out: Out, title: str, body: str, column: str = "", item: Item | None = None) -> str:
        s = self.site
        nav = "".join(f"<li>{out.a(u, t)}</li>" for u, t in self.nav())
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">\n'
            f"{meta_tags(s, column, item)}<title>{esc(title)}</title>\n"
            '<link rel="stylesheet" href="/css/main.css">\n<script src="/js/common.js"></script>\n</head>\n<body>\n'
            f'<div class="top-bar"><div class="w1200"><span class="today">{today_text(s.as_of)}</span>'
            '<span class="tools"><a href="javascript:void(0)" id="toolbarSwitch">无障碍</a>'
            '<a href="javascript:void(0)" id="careSwitch">关怀版</a></span></div></div>\n'
            f'<div class="header"><div class="w1200">{out.a(self.home, s.title, attrs=_LOGO)}'
            f'<form class="search" action="{self.search_path}" method="get" name="searchform">'
            '<input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form>'
            f'</div></div>\n<div class="nav"><ul>{nav}</ul></div>\n<div class="main w1200">\n{body}\n</div>\n'
            f'<div class="footer"><p>主办单位：{esc(s.title)}办公室　承办单位：{esc(s.place)}大数据发展中心</p>'
            f"<p>网站标识码：{s.site_code}　ICP备案号：{esc(s.city)}ICP备{s.site_code[-8:]}号</p></div>\n"
            "</body>\n</html>\n"
        )

    def position(self, out: Out, key: str = "") -> str:
        trail = self.crumbs(key)
        parts = [out.a(u, t) for u, t in trail[:-1]] + [esc(trail[-1][1])]
        return f'<div class="position">当前位置：{" &gt; ".join(parts)}</div>'

    def tree_html(self, out: Out, current: str = "") -> str:
        items = []
        for node, children in self.tree():
            sub = "".join(
                f"<li{' class=on' if c.key == current else ''}>{out.a(self.node_url(c), c.name)}</li>"
                for c in children
            )
            items.append(
                f"<li>{out.a(self.node_url(node), node.name)}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>"
            )
        return f'<div class="xxgk-left"><h3>信息公开目录</h3><ul class="tree">{"".join(items)}</ul></div>'

    # pages ------------------------------------------------------------------------------------------

    def render(self, route: Route, out: Out) -> str | Reply:
        return getattr(self, f"page_{route.kind}")(route, out)

    def page_home(self, route: Route, out: Out) -> str:
        s = self.site
        blocks = []
        for key, n in HOME_BLOCKS:
            form = "md_bracket" if key in ("gzdt", "tzgg") else "iso"
            rows = self.item_list(out, s.page_items(key, 0)[:n], form)
            blocks.append(
                f'<div class="box box-{key}"><div class="hd"><h2>{esc(s.col(key).name)}</h2>'
                f"{out.a(self.column_url(key), '更多>>', attrs=_MORE)}</div>{rows}</div>"
            )
        special = "".join(f"<li>{out.a(self.column_url(k), s.col(k).name)}</li>" for k in SPECIAL_KEYS)
        zt = "".join(f"<li>{out.a(u, t)}</li>" for u, t in self.hostile_links())
        friends = "".join(f"<li>{out.a(u, t)}</li>" for t, u in self.siblings)
        body = (
            f'<div class="row">{"".join(blocks)}</div>\n<div class="zdly"><h2>重点领域信息公开</h2><ul>{special}</ul></div>\n'
            f'<div class="ztzl"><h2>专题专栏</h2><ul>{zt}</ul></div>\n'
            f'<div class="friend-links"><h2>友情链接</h2><ul>{friends}</ul></div>'
        )
        return self.layout(out, s.title, body)

    def page_platform(self, route: Route, out: Out) -> str:
        s = self.site
        boxes = []
        for key in PLATFORM_BOXES:
            rows = self.item_list(out, s.page_items(key, 0)[:5], "iso")
            boxes.append(
                f'<div class="box"><div class="hd"><h2>{esc(s.col(key).name)}</h2>'
                f"{out.a(self.column_url(key), '更多')}</div>{rows}</div>"
            )
        body = (
            f'{self.position(out, "xxgk")}<div class="xxgk">{self.tree_html(out)}'
            f'<div class="xxgk-right"><h2>政府信息公开</h2>{"".join(boxes)}</div></div>'
        )
        return self.layout(out, f"政府信息公开_{s.title}", body, "政府信息公开")

    def page_group(self, route: Route, out: Out) -> str:
        children = next(ch for node, ch in self.tree() if node.kind == "group")
        if self.group_refresh:
            return self.refresh_page(out, "法定主动公开内容", f"./{children[0].slug}/")
        lis = "".join(f"<li>{out.a(self.column_url(c.key), c.name)}</li>" for c in children)
        body = (
            f'{self.position(out, "fdzdgknr")}<div class="xxgk">{self.tree_html(out)}'
            f'<div class="xxgk-right"><h2>法定主动公开内容</h2><ul class="sub-cols">{lis}</ul></div></div>'
        )
        return self.layout(out, f"法定主动公开内容_{self.site.title}", body, "法定主动公开内容")

    def refresh_page(self, out: Out, title: str, target: str) -> str:
        """A parent channel that answers only a small page moving on to its first child, as TRS writes it."""
        out.note(target)
        return (
            '<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            f'<meta http-equiv="Refresh" content="0; url={esc(target)}">\n<title>{esc(title)}</title>\n'
            "</head>\n<body>\n</body>\n</html>\n"
        )

    def page_channel(self, route: Route, out: Out) -> str:
        """新闻中心: five rows of each child column and a 更多 link to its list; none of them is its own."""
        s = self.site
        boxes = []
        for col in self.channel_children():
            rows = self.item_list(out, s.page_items(col.key, 0)[:CHANNEL_ROWS], self.date_form(col.key))
            boxes.append(
                f'<div class="lm-box" id="lm-{col.slug}"><div class="hd"><h2>{esc(col.name)}</h2>'
                f"{out.a(self.column_url(col.key), '更多>>', attrs=_MORE)}</div>{rows}</div>"
            )
        body = f'{self.position(out, "xwzx")}<div class="channel"><h2>新闻中心</h2>{"".join(boxes)}</div>'
        return self.layout(out, f"新闻中心_{s.title}", body, "新闻中心")

    def page_column(self, route: Route, out: Out) -> str:
        s, key = self.site, route.key
        col = s.col(key)
        if col.kind == "guide":
            inner = self.guide(out)
        else:
            inner = self.list_block(out, key, route.page)
        left = self.tree_html(out, key) if col.group != "xwzx" else ""
        body = (
            f'{self.position(out, key)}<div class="xxgk">{left}<div class="list-right">'
            f'<div class="list-title"><h2>{esc(col.name)}</h2></div>{inner}</div>'
            f"{self.side_html(out, key)}</div>"
        )
        return self.layout(out, self.list_title(key), body, col.name)

    def side_html(self, out: Out, key: str) -> str:
        """TRS: a <div class="right"> of blocks, each an <ul> of other columns' newest rows."""
        return f'<div class="right">{self.side_blocks_html(out, key)}</div>'

    def side_blocks_html(self, out: Out, key: str) -> str:
        blocks = []
        for title, form, rows in self.side_blocks(key):
            lis = "".join(
                f"<li>{out.a(self.article_url(it), it.title, attrs=f' title={chr(34)}{esc(it.title)}{chr(34)}')}"
                f"<span>{fmt_date(it.date, form)}</span></li>"
                for it in rows
            )
            blocks.append(f'<div class="side-box"><h3>{title}</h3><ul>{lis}</ul></div>')
        return "".join(blocks)

    def guide(self, out: Out) -> str:
        s = self.site
        return (
            f'<div class="guide"><h1>{esc(s.title)}政府信息公开指南</h1><p class="update">更新日期：'
            f"{s.guide_updated:%Y-%m-%d}</p><p>为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国"
            "政府信息公开条例》，编制本指南。</p><h3>一、主动公开</h3><p>（一）公开的主要内容……</p>"
            "<h3>二、依申请公开</h3><p>（一）受理机构……</p></div>"
        )

    def list_block(self, out: Out, key: str, page: int) -> str:
        return self.listing(out, key, page) + self.pager(out, key, page)

    def listing(self, out: Out, key: str, page: int) -> str:
        items = self.site.page_items(key, page)
        if not items:
            return '<div class="no-data">暂无信息</div>'
        form = self.date_form(key)
        if self.site.col(key).kind == "doc":
            rows = "".join(
                f"<tr><td>{i + 1}</td><td>{out.a(self._relative(it), it.title, attrs=' target=_blank')}</td>"
                f"<td>{esc(self.site.doc_info(it).doc_number or '')}</td><td>{fmt_date(it.date, form)}</td></tr>"
                for i, it in enumerate(items)
            )
            return f'<table class="xxgk-list"><tr><th>序号</th><th>标题</th><th>文号</th><th>发布日期</th></tr>{rows}</table>'
        return self.item_list(out, items, form, relative=True)

    def item_list(self, out: Out, items: list[Item], form: str, relative: bool = False) -> str:
        """Dated links to articles, pinned ones marked, dates printed in the given form."""
        lis = "".join(
            out.li(
                self._relative(it) if relative else self.article_url(it),
                it.title,
                fmt_date(it.date, form),
                pinned=it.pinned,
            )
            for it in items
        )
        return f'<ul class="list">{lis}</ul>'

    def _relative(self, item: Item) -> str:
        """TRS writes list links relative to the column: ./202106/t20210624_185368.html."""
        return "./" + self.article_url(item).removeprefix(self._base(item.column))

    def pager(self, out: Out, key: str, page: int) -> str:
        total = self.site.page_count(key)
        kind = self.pager_kind(key)
        # TRS writes the script on every list page, a single one too; with one page it writes no link
        if kind == "script6":
            for p in range(total if total > 1 else 0):
                out.note(_page_file_1(p), "script")
            call = f"createPageHTML('page_div', {total}, {page + 1}, 'news_list_1', 'shtml', {self.site.counts[key]});"
            return f'<div class="page" id="page_div"></div><script type="text/javascript">{call}</script>'
        if kind == "script" and self.site.counts[key]:
            for p in range(total if total > 1 else 0):
                out.note(_page_file(p), "script")
            call = f'createPageHTML({total}, {page}, "index", "html");'
            return f'<div class="page"><script type="text/javascript">{call}</script></div>'
        if total <= 1:
            return ""
        parts = [f"共{total}页", out.a(_page_file(0), "首页")]
        if page > 0:
            parts.append(out.a(_page_file(page - 1), "上一页"))
        if page < total - 1:
            parts.append(out.a(_page_file(page + 1), "下一页"))
        parts.append(out.a(_page_file(total - 1), "尾页"))
        return f'<div class="page">{" ".join(parts)}</div>'

    def page_article(self, route: Route, out: Out) -> str:
        s, item = self.site, route.item
        assert item is not None
        col = s.col(item.column)
        fields = self.fields_html(item)
        related = "".join(
            f'<div class="related"><span>{label}：</span>{out.a(u, t)}</div>'
            for label, u, t in self.related(item)
        )
        broken = broken_target(s, item, self.article_url(item))
        attach = f'<div class="attach">附件：{out.a(broken, "附件1.pdf")}</div>' if broken else ""
        side = self.item_list(out, self.sidebar(item.column), "iso")
        body = (
            f'{self.position(out, item.column)}<div class="article">{fields}<h1>{esc(item.title)}</h1>'
            f'{self.article_info(item)}<div class="TRS_Editor" id="zoom">{body_html(s, item)}</div>'
            f'{attach}{related}</div><div class="sidebar"><h3>热点信息</h3>{side}</div>'
        )
        return self.layout(out, self.page_title(item), body, col.name, item)

    def fields_html(self, item: Item, cls: str = "xxgk-table") -> str:
        """The 信息公开 fields of a document, or the 发布机构 and 文号 of a 政策法规 or 部门文件 paper."""
        kind = self.site.col(item.column).kind
        if kind == "doc":
            return fields_table(self.site, item, cls)
        if kind in ("law", "deptdoc"):
            return paper_fields(self.site, item, cls)
        return ""

    def article_info(self, item: Item) -> str:
        return (
            f'<div class="info"><span>发布时间：{item.date:%Y-%m-%d} {item.time}</span>'
            f"<span>来源：{esc(source_of(self.site, item))}</span><span>【字体：大 中 小】</span></div>"
        )

    def page_hdjl(self, route: Route, out: Out) -> str:
        return self._entries(out, "互动交流", ("领导信箱", "在线咨询", "征集调查", "12345热线", "网上信访"))

    def page_bsfw(self, route: Route, out: Out) -> str:
        return self._entries(out, "办事服务", ("个人办事", "法人办事", "部门服务", "便民服务", "办事指南"))

    def _entries(self, out: Out, title: str, entries: tuple[str, ...]) -> str:
        lis = "".join(f'<li><a href="javascript:void(0)">{e}</a></li>' for e in entries)
        body = f'{self.position(out)}<div class="entries"><h2>{title}</h2><ul>{lis}</ul></div>'
        return self.layout(out, f"{title}_{self.site.title}", body)

    def page_search(self, route: Route, out: Out) -> str:
        query = route.arg(self.search_param, "")
        found = self.search_results(query)
        rows = self.item_list(out, found, "iso")
        body = f'<div class="search-result"><p>搜索“{esc(query)}”，共找到{len(found)}条结果</p>{rows}</div>'
        return self.layout(out, f"搜索结果_{self.site.title}", body)
