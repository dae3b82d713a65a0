"""Hanweb-like CMS: /col/colN/index.html with an empty list filled by script from dataproxy.jsp or a JSON API.

Each column uses one of three list modes: xml_embedded (a <script type="text/xml"> datastore holds the first
records, later ones come from dataproxy.jsp), dataproxy (the list is empty until the script POSTs to
dataproxy.jsp) and json (the script fetches /api/content/list). The column named by
SiteSpec.script_only_column is "script_only": its script assembles the feed URL at run time, so only a
browser sees its items.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from testportal.content import Item
from testportal.markup import Out, esc, fmt_date, meta_tags, source_of
from testportal.rand import h
from testportal.reply import Reply
from testportal.style_base import Route
from testportal.style_static import StaticStyle

MODES = ("xml_embedded", "dataproxy", "json")
PROXY = "/module/web/jpage/dataproxy.jsp"
API = "/api/content/list"
FEED = re.compile(r"^/api/feed/([0-9a-z]+)$")  # the script_only column's feed; its id in base 36
_COL = re.compile(r"^/col/col(\d+)/index\.html$")
_ART = re.compile(r"^/art/\d{4}/\d{1,2}/\d{1,2}/art_(\d+)_(\d+)\.html$")
_LIST_JS = """<script type="text/javascript">
function gwEsc(s){return String(s).replace(/[&<>"]/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});}
function gwList(o){
  var box=document.getElementById(o.box),pager=document.getElementById(o.box+"_pager"),recs=[],group=o.per*3;
  function parse(t){var d=new DOMParser().parseFromString(t,"text/xml"),r=d.getElementsByTagName("record"),a=[];
    for(var i=0;i<r.length;i++){a.push(r[i].textContent);}return a;}
  function fetchGroup(start,done){
    if(o.api){var x=new XMLHttpRequest();x.open("GET",o.api+"&pageNo="+(Math.floor(start/o.per)+1)+"&pageSize="+o.per);
      x.onload=function(){var d=JSON.parse(x.responseText);for(var i=0;i<d.data.length;i++){var r=d.data[i];
        recs[start+i]='<li><a href="'+gwEsc(r.url)+'" target="_blank" title="'+gwEsc(r.title)+'">'+gwEsc(r.title)+'</a><span>'+gwEsc(r.pubDate)+'</span></li>';}done();};
      x.send();return;}
    var y=new XMLHttpRequest();y.open("POST",o.proxy+"?startrecord="+(start+1)+"&endrecord="+Math.min(start+group,o.total)+"&perpage="+o.per);
    y.setRequestHeader("Content-Type","application/x-www-form-urlencoded");
    y.onload=function(){var a=parse(y.responseText);for(var i=0;i<a.length;i++){recs[start+i]=a[i];}done();};y.send(o.form);}
  function show(p){var from=(p-1)*o.per;if(o.total>0&&!recs[from]){fetchGroup(from,function(){show(p);});return;}
    box.innerHTML=o.total?"<ul>"+recs.slice(from,from+o.per).join("")+"</ul>":"<p>暂无信息</p>";
    var n=Math.max(1,Math.ceil(o.total/o.per)),h="共"+o.total+"条 "+p+"/"+n+"页 ";
    if(p>1){h+='<a href="javascript:void(0)" data-p="'+(p-1)+'">上一页</a> ';}
    if(p<n){h+='<a href="javascript:void(0)" data-p="'+(p+1)+'">下一页</a>';}
    pager.innerHTML=h;var l=pager.getElementsByTagName("a");
    for(var i=0;i<l.length;i++){l[i].onclick=function(){show(parseInt(this.getAttribute("data-p"),10));};}}
  var emb=box.getElementsByTagName("script");if(emb.length){recs=parse(emb[0].text||emb[0].innerHTML);}
  show(1);}
</script>
"""


_FEED_JS = """<script type="text/javascript">
function gwFeed(o){
  var box=document.getElementById(o.box),e=function(s){return String(s).replace(/[&<>"]/g,function(c){
    return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});};
  fetch(["","api","feed",o.c].join("/")).then(function(r){return r.json();}).then(function(d){
    box.innerHTML=d.length?"<ul>"+d.map(function(r){return "<li>"+(r.top?'<i class="zd">置顶</i>':"")+'<a href="'
      +e(r.url)+'" target="_blank" title="'+e(r.title)+'">'+e(r.title)+'</a><span class="date">'+e(r.pubDate)
      +"</span></li>";}).join("")+"</ul>":"<p>暂无信息</p>";});}
</script>
"""


class AjaxStyle(StaticStyle):
    name = "ajax"
    home_aliases = ("/index.html",)
    search_path = "/jsearchfront/search.do"
    date_forms = ("iso", "iso", "dot", "slash")

    def __init__(self, site) -> None:  # noqa: ANN001 - SiteContent
        super().__init__(site)
        self.cid0 = 1229_000_000 + h(*site.key, "cid") % 9000 * 100
        self.webid = 1 + h(*site.key, "webid") % 300
        self._cids = {self.cid(c.key): c.key for c in site.columns}
        self.platform_url, self.group_url = (
            f"/col/col{self.cid0 + 91}/index.html",
            f"/col/col{self.cid0 + 92}/index.html",
        )
        self.hdjl_url, self.bsfw_url = (
            f"/col/col{self.cid0 + 93}/index.html",
            f"/col/col{self.cid0 + 94}/index.html",
        )
        self._pages = {
            "/": "home",
            "/index.html": "home",
            self.platform_url: "platform",
            self.group_url: "group",
            self.hdjl_url: "hdjl",
            self.bsfw_url: "bsfw",
            self.search_path: "search",
        }

    def cid(self, key: str) -> int:
        return self.cid0 + self.site.col(key).number + 1

    def unitid(self, key: str) -> int:
        return self.cid(key) * 7 % 10_000_000

    def list_mode(self, key: str) -> str:
        if key == self.site.spec.script_only_column:
            return "script_only"
        return MODES[(self.site.col(key).number + h(*self.site.key, "modes")) % len(MODES)]

    def column_url(self, key: str, page: int = 0) -> str:
        return f"/col/col{self.cid(key)}/index.html"

    def article_url(self, item: Item) -> str:
        d = item.date
        return f"/art/{d.year}/{d.month}/{d.day}/art_{self.cid(item.column)}_{item.aid}.html"

    def proxy_form(self, key: str) -> str:
        return urlencode(
            {
                "col": 1,
                "appid": 1,
                "webid": self.webid,
                "path": "/",
                "columnid": self.cid(key),
                "sourceContentType": 1,
                "unitid": self.unitid(key),
                "permissiontype": 0,
            }
        )

    def proxy_url(self, key: str, start: int) -> str:
        """The GET form of a dataproxy.jsp call for records start.. (1-based), 3 pages per call."""
        end = min(start + 3 * self.site.per_page - 1, self.site.counts[key])
        return (
            f"{PROXY}?startrecord={start}&endrecord={end}&perpage={self.site.per_page}&{self.proxy_form(key)}"
        )

    def api_url(self, key: str, page: int) -> str:
        return f"{API}?columnId={self.cid(key)}&pageNo={page}&pageSize={self.site.per_page}"

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        if path in self._pages:
            return Route(self._pages[path], args=tuple(query.items()))
        m = _COL.match(path)
        if m and int(m.group(1)) in self._cids:
            return Route("column", self._cids[int(m.group(1))])
        m = _ART.match(path)
        if m:
            item = self.site.item_by_aid(int(m.group(2)))
            if item and self.article_url(item) == path:
                return Route("article", item.column, item=item)
        return self._data_route(path, query)

    def _data_route(self, path: str, query: dict[str, str]) -> Route | None:
        feed = FEED.match(path)
        if feed and self._cids.get(int(feed.group(1), 36)) == self.site.spec.script_only_column:
            return Route("data", self._cids[int(feed.group(1), 36)], args=(("format", "feed"),))
        try:
            if path == PROXY and int(query.get("columnid", 0)) in self._cids:
                key = self._cids[int(query["columnid"])]
                start, end = int(query.get("startrecord", 1)), int(query.get("endrecord", self.site.per_page))
                return Route("data", key, args=(("format", "xml"), ("start", max(1, start)), ("end", end)))
            if path == API and int(query.get("columnId", 0)) in self._cids:
                key = self._cids[int(query["columnId"])]
                page, size = int(query.get("pageNo", 1)), int(query.get("pageSize", self.site.per_page))
                return Route(
                    "data",
                    key,
                    args=(
                        ("format", "json"),
                        ("start", (page - 1) * size + 1),
                        ("end", page * size),
                        ("page", page),
                    ),
                )
        except ValueError:
            return None
        return None

    # markup -----------------------------------------------------------------------------------------

    def layout(self, out: Out, title: str, body: str, column: str = "", item: Item | None = None) -> str:
        s = self.site
        nav = "".join(f"<li>{out.a(u, t)}</li>" for u, t in self.nav())
        return (
            '<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            f"{meta_tags(s, column, item)}<title>{esc(title)}</title>\n"
            '<link rel="stylesheet" href="/css/main.css">\n</head>\n<body>\n<div class="head-top"><span id="today">'
            '</span><script>var d=new Date();document.getElementById("today").innerHTML="今天是"+d.getFullYear()+"年"'
            '+(d.getMonth()+1)+"月"+d.getDate()+"日";</script></div>\n'
            f'<div class="head"><div class="logo"><img src="/images/logo.png" alt="{esc(s.title)}"></div>'
            f'<form action="{self.search_path}" method="get" target="_blank"><input type="hidden" name="websiteid" '
            f'value="{self.webid}"><input type="text" name="q" id="q"><input type="submit" value="搜 索"></form></div>\n'
            f'<div class="menu"><ul>{nav}</ul></div>\n<div class="container">\n{body}\n</div>\n'
            f'<div class="foot">主办：{esc(s.title)}办公室　网站标识码：{s.site_code}</div>\n</body>\n</html>\n'
        )

    def position(self, out: Out, key: str = "") -> str:
        trail = self.crumbs(key)
        parts = [out.a(u, t) for u, t in trail]
        return f'<div class="bt-position">您当前的位置：{" &gt; ".join(parts)}</div>'

    def list_block(self, out: Out, key: str, page: int) -> str:
        mode, total, box = self.list_mode(key), self.site.counts[key], str(self.unitid(key))
        if mode == "script_only":
            for it in self._feed(key):
                out.note(self.article_url(it), "ajax")
            call = json.dumps({"box": box, "c": _base36(self.cid(key))})
            return f'<div id="{box}" class="default_pgContainer"></div>{_FEED_JS}<script>gwFeed({call});</script>'
        opts = {"box": box, "per": self.site.per_page, "total": total}
        embedded = ""
        if mode == "json":
            opts["api"] = f"{API}?columnId={self.cid(key)}"
            for p in range(1, self.site.page_count(key) + 1):
                out.note(self.api_url(key, p), "ajax")
        else:
            opts |= {"proxy": PROXY, "form": self.proxy_form(key)}
            group = 3 * self.site.per_page
            first = group + 1 if mode == "xml_embedded" else 1
            for start in range(first, total + 1, group):
                out.note(self.proxy_url(key, start), "ajax")
            if mode == "xml_embedded":
                embedded = self.datastore(out, key, 1, group, "script")
        script = f'<script type="text/javascript">gwList({json.dumps(opts, ensure_ascii=False)});</script>'
        container = (
            f'<div id="{box}" class="default_pgContainer">{embedded}</div><div id="{box}_pager"></div>'
        )
        return container + _LIST_JS + script

    def datastore(self, out: Out, key: str, start: int, end: int, kind: str) -> str:
        """Hanweb's XML record set for records start..end (1-based)."""
        items = [self.site.item(key, i) for i in self.site.listing(key)[start - 1 : end]]
        form = self.date_form(key)
        records = "".join(
            f"<record><![CDATA[{out.li(self.article_url(it), it.title, fmt_date(it.date, form), kind=kind, pinned=it.pinned)}]]></record>"
            for it in items
        )
        total = self.site.counts[key]
        pages = max(1, -(-total // self.site.per_page))
        return (
            f'<script type="text/xml"><datastore><nextgroup><![CDATA[]]></nextgroup><totalrecord>{total}'
            f"</totalrecord><totalpage>{pages}</totalpage><recordset>{records}</recordset></datastore></script>"
        )

    def _feed(self, key: str) -> list[Item]:
        return [self.site.item(key, i) for i in self.site.listing(key)]

    def page_data(self, route: Route, out: Out) -> Reply:
        key, start, end = route.key, route.arg("start"), route.arg("end")
        if route.arg("format") == "feed":
            form = self.date_form(key)
            feed = [
                {
                    "url": self.article_url(it),
                    "title": it.title,
                    "pubDate": fmt_date(it.date, form),
                    "top": it.pinned,
                }
                for it in self._feed(key)
            ]
            body = json.dumps(feed, ensure_ascii=False, separators=(",", ":")).encode()
            return Reply(200, body, "application/json;charset=UTF-8", kind="data")
        if route.arg("format") == "xml":
            xml = self.datastore(out, key, start, end, "a").removeprefix('<script type="text/xml">')
            body = '<?xml version="1.0" encoding="UTF-8"?>' + xml.removesuffix("</script>")
            return Reply(200, body.encode(), "text/xml;charset=UTF-8", kind="data", links=out.links)
        form = self.date_form(key)
        items = [self.site.item(key, i) for i in self.site.listing(key)[start - 1 : end]]
        data = []
        for it in items:
            out.note(self.article_url(it))
            data.append(
                {
                    "id": it.aid,
                    "title": it.title,
                    "url": self.article_url(it),
                    "pubDate": fmt_date(it.date, form),
                    "source": source_of(self.site, it),
                    "top": it.pinned,
                }
            )
        total = self.site.counts[key]
        doc = {
            "code": 200,
            "total": total,
            "pageNo": route.arg("page"),
            "pageSize": self.site.per_page,
            "totalPage": max(1, -(-total // self.site.per_page)),
            "data": data,
        }
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
        return Reply(200, body, "application/json;charset=UTF-8", kind="data", links=out.links)

    def article_info(self, item: Item) -> str:
        return (
            f'<div class="info">发布日期：{item.date:%Y-%m-%d} {item.time}:00　信息来源：{esc(source_of(self.site, item))}'
            '　浏览次数：<span id="hits"></span></div>'
        )


def _base36(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
    return digits or "0"
