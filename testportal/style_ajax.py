"""Hanweb-like CMS: /col/colN/index.html with a list filled by script from dataproxy.jsp or a JSON API.

Each column uses one of three list modes: xml_embedded (a <script type="text/xml"> datastore holds the first
records, later ones come from dataproxy.jsp), dataproxy (the list is empty until the script POSTs to
dataproxy.jsp) and json (the script fetches /api/content/list). The column named by
SiteSpec.script_only_column is "script_only": its script assembles the feed URL at run time, so only a
browser sees its items.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlencode

from testportal.content import Item
from testportal.markup import Out, esc, fmt_date, meta_tags, source_of
from testportal.rand import h
from testportal.reply import Reply
from testportal.style_base import Route
from testportal.style_static import StaticStyle

MODES = ("xml_embedded", "dataproxy", "json")
# modes some columns always use, so every seed has each on a list longer than a page: 政策文件 and 政策解读 are
# jpage lists with their first group embedded, 工作动态 a jpage list without one, 财政收支 a JSON list
FORCED_MODES = {"zcwj": "xml_embedded", "zcjd": "xml_embedded", "gzdt": "dataproxy", "czsz": "json"}
PROXY = "/module/web/jpage/dataproxy.jsp"
GROUP_SIZE = 3  # jpage pages per dataproxy.jsp call
NEXTGROUP_SKIP = ("col", "sourceContentType")  # the nextgroup link names the other fields
EMPTY_DATASTORE = (
    '<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>0</totalrecord><totalpage>0</totalpage>'
    "<recordset></recordset></datastore>"
)
API = "/api/content/list"
FEED = re.compile(r"^/api/feed/([0-9a-z]+)$")  # the script_only column's feed; its id in base 36
_COL = re.compile(r"^/col/col(\d+)/index\.html$")
_ART = re.compile(r"^/art/\d{4}/\d{1,2}/\d{1,2}/art_(\d+)_(\d+)\.html$")
_LIST_JS = """<script type="text/javascript">
function gwEsc(s){return String(s).replace(/[&<>"]/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});}
function gwList(o){
  var box=document.getElementById(o.box),pager=document.getElementById(o.box+"_pager"),recs=[];
  function fetchGroup(start,done){
    var x=new XMLHttpRequest();x.open("GET",o.api+"&pageNo="+(Math.floor(start/o.per)+1)+"&pageSize="+o.per);
    x.onload=function(){var d=JSON.parse(x.responseText);for(var i=0;i<d.data.length;i++){var r=d.data[i];
      recs[start+i]='<li><a href="'+gwEsc(r.url)+'" target="_blank" title="'+gwEsc(r.title)+'">'+gwEsc(r.title)+'</a>'
        +(r.pubDate?'<span>'+gwEsc(r.pubDate)+'</span>':'')+'</li>';}done();};
    x.send();}
  function show(p){var from=(p-1)*o.per;if(o.total>0&&!recs[from]){fetchGroup(from,function(){show(p);});return;}
    box.innerHTML=o.total?"<ul>"+recs.slice(from,from+o.per).join("")+"</ul>":"<p>暂无信息</p>";
    var n=Math.max(1,Math.ceil(o.total/o.per)),h="共"+o.total+"条 "+p+"/"+n+"页 ";
    if(p>1){h+='<a href="javascript:void(0)" data-p="'+(p-1)+'">上一页</a> ';}
    if(p<n){h+='<a href="javascript:void(0)" data-p="'+(p+1)+'">下一页</a>';}
    pager.innerHTML=h;var l=pager.getElementsByTagName("a");
    for(var i=0;i<l.length;i++){l[i].onclick=function(){show(parseInt(this.getAttribute("data-p"),10));};}}
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
    group_refresh = False
    title_offset = 1
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
        self.channel_url = f"/col/col{self.cid0 + 95}/index.html"
        self._pages = {
            "/": "home",
            "/index.html": "home",
            self.channel_url: "channel",
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
        if key in FORCED_MODES:
            return FORCED_MODES[key]
        return MODES[(self.site.col(key).number + h(*self.site.key, "modes")) % len(MODES)]

    def column_url(self, key: str, page: int = 0) -> str:
        return f"/col/col{self.cid(key)}/index.html"

    def article_url(self, item: Item) -> str:
        d = item.date
        return f"/art/{d.year}/{d.month}/{d.day}/art_{self.cid(item.column)}_{item.aid}.html"

    def proxy_form(self, key: str) -> str:
        """ajaxParam's fields as a form body: what jpage.js posts."""
        return urlencode(self.proxy_fields(key))

    def pager_name(self, key: str) -> str:
        mode = self.list_mode(key)
        return "jpage" if mode in ("xml_embedded", "dataproxy") else mode

    def stated_total(self, key: str) -> int | None:
        """The record count the list states: jpage's totalRecord, or the JSON list's total."""
        return None if self.list_mode(key) == "script_only" else self.site.counts[key]

    def proxy_url(self, key: str, start: int) -> str:
        """The GET form of a dataproxy.jsp call for records start.. (1-based), 3 pages per call."""
        end = min(start + GROUP_SIZE * self.site.per_page - 1, self.site.counts[key])
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
            if path == PROXY:
                return self._proxy_route(query)
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

    def _proxy_route(self, query: dict[str, str]) -> Route:
        """dataproxy.jsp: the records startrecord..endrecord (or group page=N) of the column the fields name;
        a call without the column's fields (columnid and unitid) gets an empty datastore, as on real sites."""
        cid, unit = query.get("columnid", ""), query.get("unitid", "")
        key = self._cids.get(int(cid)) if cid.isdigit() else None
        if key is None or unit != str(self.unitid(key)):
            return Route("data", args=(("format", "empty"),))
        group = GROUP_SIZE * self.site.per_page
        if "startrecord" not in query and query.get("page", "").isdigit():
            start = (int(query["page"]) - 1) * group + 1
            return Route(
                "data", key, args=(("format", "xml"), ("start", max(1, start)), ("end", start + group - 1))
            )
        start, end = int(query.get("startrecord", 1)), int(query.get("endrecord", self.site.per_page))
        return Route("data", key, args=(("format", "xml"), ("start", max(1, start)), ("end", end)))

    # markup -----------------------------------------------------------------------------------------

    def layout(self, out: Out, title: str, body: str, column: str = "", item: Item | None = None) -> str:
        s = self.site
        nav = "".join(f"<li>{out.a(u, t)}</li>" for u, t in self.nav())
        return (
            '<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            f"{meta_tags(s, column, item)}<title>{esc(title)}</title>\n"
            '<link rel="stylesheet" href="/css/main.css">\n'
            '<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>\n'
            '<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>\n'
            '</head>\n<body>\n<div class="head-top"><span id="today">'
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

    def side_html(self, out: Out, key: str) -> str:
        """Hanweb: a second, jpage-less <div class="sidebar"> beside the list's container."""
        return f'<div class="sidebar">{self.side_blocks_html(out, key)}</div>'

    def list_block(self, out: Out, key: str, page: int) -> str:
        mode, total, box = self.list_mode(key), self.site.counts[key], str(self.unitid(key))
        if mode == "script_only":
            for it in self._feed(key):
                out.note(self.article_url(it), "ajax")
            call = json.dumps({"box": box, "c": _base36(self.cid(key))})
            return f'<div id="{box}" class="default_pgContainer"></div>{_FEED_JS}<script>gwFeed({call});</script>'
        if mode == "json":
            opts = {
                "box": box,
                "per": self.site.per_page,
                "total": total,
                "api": f"{API}?columnId={self.cid(key)}",
            }
            for p in range(1, self.site.page_count(key) + 1):
                out.note(self.api_url(key, p), "ajax")
            script = (
                f'<script type="text/javascript">gwList({json.dumps(opts, ensure_ascii=False)});</script>'
            )
            container = f'<div id="{box}" class="default_pgContainer"></div><div id="{box}_pager"></div>'
            return container + _LIST_JS + script
        return self.jpage_list(out, key)

    def jpage_list(self, out: Out, key: str) -> str:
        """The list as Hanweb jcms writes it: the column's parameters in a variable, the first group of records
        in an XML datastore inside the container (xml_embedded) or none (dataproxy), and a jpage call that
        posts ajaxParam's fields to dataproxy.jsp for the others."""
        mode, total, unit = self.list_mode(key), self.site.counts[key], self.unitid(key)
        group = GROUP_SIZE * self.site.per_page
        first = group + 1 if mode == "xml_embedded" else 1
        for start in range(first, total + 1, group):
            out.note(self.proxy_url(key, start), "ajax")
        embedded = self.datastore(out, key, 1, group, "script") if mode == "xml_embedded" else ""
        param = ", ".join(f"{k}:'{esc(str(v))}'" for k, v in self.proxy_fields(key))
        call = (
            f"$('#{unit}').jpage({{themeName:'default', showMode:'full', "
            f"dataStore:$('#{unit}').find('script[type=\"text/xml\"]').text(), openCookies:false, "
            f"dataBefore:'<ul class=\"list\">', dataAfter:'</ul>', totalRecord:{total}, "
            f"perPage:{self.site.per_page}, groupSize:{GROUP_SIZE}, proxyUrl:'{PROXY}', barPosition:'bottom', "
            f"ajaxParam:param_{unit}}});"
        )
        return (
            f'<div id="{unit}">{embedded}</div>\n<script type="text/javascript">\n'
            f"var param_{unit} = {{{param}}};\n{call}\n</script>"
        )

    def proxy_fields(self, key: str) -> list[tuple[str, object]]:
        """ajaxParam: what jpage.js posts in the form body of every dataproxy.jsp call, in its order."""
        return [
            ("col", 1),
            ("appid", 1),
            ("webid", self.webid),
            ("path", "/"),
            ("columnid", self.cid(key)),
            ("sourceContentType", 1),
            ("unitid", self.unitid(key)),
            ("webname", self.site.title),
            ("permissiontype", 0),
        ]

    def datastore(self, out: Out, key: str, start: int, end: int, kind: str) -> str:
        """Hanweb's XML record set for records start..end (1-based); the embedded one (kind "script") opens with
        a nextgroup link to the proxy, the proxy's answer (kind "a") with the record total."""
        items = [self.site.item(key, i) for i in self.site.listing(key)[start - 1 : end]]
        form = self.date_form(key)
        records = "".join(
            f"<record><![CDATA[{out.li(self.article_url(it), it.title, fmt_date(it.date, form), kind=kind, pinned=it.pinned)}]]></record>"
            for it in items
        )
        total = self.site.counts[key]
        if kind == "script":
            fields = "&amp;".join(
                f"{k}={quote(str(v), safe='/')}" for k, v in self.proxy_fields(key) if k not in NEXTGROUP_SKIP
            )
            head = f'<nextgroup><![CDATA[<a href="{PROXY}?page=1&amp;{fields}"></a>]]></nextgroup>'
            return f'<script type="text/xml"><datastore>{head}<recordset>{records}</recordset></datastore></script>'
        pages = max(1, -(-total // self.site.per_page))
        return (
            f"<datastore><totalrecord>{total}</totalrecord><totalpage>{pages}</totalpage>"
            f"<recordset>{records}</recordset></datastore>"
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
        if route.arg("format") == "empty":
            body = EMPTY_DATASTORE
            return Reply(200, body.encode(), "text/xml;charset=UTF-8", kind="data")
        if route.arg("format") == "xml":
            body = '<?xml version="1.0" encoding="UTF-8"?>' + self.datastore(out, key, start, end, "a")
            return Reply(200, body.encode(), "text/xml;charset=UTF-8", kind="data", links=out.links)
        form = self.date_form(key)
        items = [self.site.item(key, i) for i in self.site.listing(key)[start - 1 : end]]
        data = []
        for it in items:
            out.note(self.article_url(it))
            entry = {
                "id": it.aid,
                "title": it.title,
                "url": self.article_url(it),
                "pubDate": fmt_date(it.date, form),
            }
            if not entry["pubDate"]:
                del entry["pubDate"]  # an undated column's records carry no date
            data.append({**entry, "source": source_of(self.site, it), "top": it.pinned})
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
