"""Paged lists read to the end, or known to be partial (issue 12), on the markup real CMSs write.

Each excerpt below is cut from public pages or crawlers that read them (quoted in the docstrings):
Hanweb jcms jpage.js record groups, TRS createPageHTML in its two shapes, old ASP/JSP table pagers, and
jQuery pager plugins whose totals sit in a script or a hidden input.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from crawler.extract._dom import parse
from crawler.extract.pagination import pagination
from crawler.extract.xhr import post_form, script_lists

# --- Hanweb jcms: jpage.js ---------------------------------------------------------------------------

JCMS_URL = "http://www.example.gov.cn/col/col2087/index.html"
# jpage.js 1.3: `url: proxyUrl + "?startrecord="+gpStartRecord+"&endrecord="+gpEndRecord+"&perpage="+perPage,
# type: "POST", data: ajaxParam`; the list page embeds its first group as a <datastore>
JCMS_PAGE = """<div id="4321"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;appid=1&amp;webid=3&amp;path=/&amp;columnid=2087&amp;unitid=4321&amp;permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li class="cf"><a href="/art/2024/6/10/art_2087_58.html" target="_blank">关于公布2024年度部门预算的公告</a><span>2024-06-10</span></li>]]></record>
</recordset></datastore></script></div>
<script type="text/javascript">
var param_4321 = {col:'1', appid:'1', webid:'3', path:'/', columnid:'2087', sourceContentType:'1', unitid:'4321', webname:'某某市人民政府', permissiontype:'0'};
$(document).ready(function(){
  $('#4321').jpage({
    // dataStore is read from the embedded record set
    openCookies:false,
    totalRecord:97,
    perPage:15,
    groupSize:3,
    proxyUrl:'/module/web/jpage/dataproxy.jsp',
    ajaxParam:param_4321,
    callBack:function(){ $('#4321 li').each(function(){}); }
  });
});
</script>"""
FIELDS = [
    ("col", "1"),
    ("appid", "1"),
    ("webid", "3"),
    ("path", "/"),
    ("columnid", "2087"),
    ("sourceContentType", "1"),
    ("unitid", "4321"),
    ("webname", "某某市人民政府"),
    ("permissiontype", "0"),
]


def _lists(page: str, url: str = JCMS_URL):
    return script_lists(parse(page, url).scripts, url)


def test_jpage_calls_carry_the_ajax_param_fields_after_the_embedded_group() -> None:
    """97 records, 15 a page, 3 pages a group: the page embeds 1-45; the calls read 46-90 and 91-97,
    each with every field of `var param_4321`, in the object's order."""
    calls = _lists(JCMS_PAGE).calls
    assert [dict(parse_qsl(urlsplit(c).query))["startrecord"] for c in calls] == ["46", "91"]
    first = calls[0]
    assert first.startswith(
        "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15&"
    )
    assert parse_qsl(urlsplit(first).query)[3:] == FIELDS
    assert calls[1].split("&", 3)[:3] == [
        "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=91",
        "endrecord=97",
        "perpage=15",
    ]


def test_post_form_sends_what_jpage_sends() -> None:
    """The stored URL splits back into the proxy URL jpage.js POSTs to and the form it sends (a real
    crawler of jsgzw.jiangsu.gov.cn posts `dataproxy.jsp?startrecord=1&endrecord=58&perpage=20` with
    `col=1&appid=1&webid=39&path=%2F&columnid=61490&sourceContentType=1&unitid=247686&…`)."""
    target, form = post_form(_lists(JCMS_PAGE).calls[0]) or ("", {})
    assert (
        target
        == "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15"
    )
    assert list(form.items()) == FIELDS
    stored = (
        "http://jsgzw.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=58&perpage=20&col=1"
        "&appid=1&webid=39&path=%2F&columnid=61490&sourceContentType=1&unitid=247686"
        "&webname=%E6%B1%9F%E8%8B%8F%E7%9C%81%E5%9B%BD%E8%B5%84%E5%A7%94&permissiontype=0"
    )
    target, form = post_form(stored) or ("", {})
    assert (
        target
        == "http://jsgzw.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=58&perpage=20"
    )
    assert form["webname"] == "江苏省国资委" and form["path"] == "/" and len(form) == 9


def test_post_form_leaves_other_urls_to_get() -> None:
    assert post_form("http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?page=1&columnid=2087") is None
    assert post_form("http://www.example.gov.cn/api/content/list?columnId=1&pageNo=2") is None
    assert post_form(JCMS_URL) is None


def test_jpage_ajax_param_inline_and_other_proxy_paths() -> None:
    """ajaxParam as an object literal, and proxy paths of other installs: /module/jpage/dataproxy.jsp
    (www.zj.gov.cn), /module/jslib/jquery/jpage/dataproxy.jsp (an older jcms). No embedded group here:
    the calls start at record 1; jpage.js's groupSize defaults to 1 page."""
    page = (
        "<script>$('#4767824').jpage({totalRecord:32, perPage:15, proxyUrl:'/module/jpage/dataproxy.jsp',"
        " ajaxParam:{col:1, appid:1, webid:3096, path:'/', columnid:1545733, sourceContentType:1,"
        " unitid:'4767824', webname:'浙江省人民政府门户网站', permissiontype:0}});</script>"
    )
    calls = _lists(page, "http://www.zj.gov.cn/col/col1545733/index.html").calls
    assert [urlsplit(c).query.split("&col=")[0] for c in calls] == [
        "startrecord=1&endrecord=15&perpage=15",
        "startrecord=16&endrecord=30&perpage=15",
        "startrecord=31&endrecord=32&perpage=15",
    ]
    assert all(c.startswith("http://www.zj.gov.cn/module/jpage/dataproxy.jsp?") for c in calls)
    assert dict(post_form(calls[0])[1]) == {  # type: ignore[index]
        "col": "1",
        "appid": "1",
        "webid": "3096",
        "path": "/",
        "columnid": "1545733",
        "sourceContentType": "1",
        "unitid": "4767824",
        "webname": "浙江省人民政府门户网站",
        "permissiontype": "0",
    }
    older = page.replace("/module/jpage/dataproxy.jsp", "/module/jslib/jquery/jpage/dataproxy.jsp")
    assert (
        _lists(older)
        .calls[0]
        .startswith("http://www.example.gov.cn/module/jslib/jquery/jpage/dataproxy.jsp?")
    )


def test_a_jpage_call_without_its_fields_is_not_written() -> None:
    """jcms answers a call without the ajaxParam fields with an empty <datastore>: such a call would
    read as a list with nothing more in it, so none is written (and the list stays known partial)."""
    page = JCMS_PAGE.replace("ajaxParam:param_4321,", "")
    lists = _lists(page)
    assert lists.calls == () and lists.totals == (97,)


def test_jpage_pages_are_not_invented_and_totals_are_stated() -> None:
    """No `index.html?uid=4321&pageNum=N` (jcms serves it as the first group again), no call twice via
    <nextgroup>: the record-range calls read the rest. The list states 97 records, 7 pages."""
    result = pagination(parse(JCMS_PAGE, JCMS_URL))
    assert result.urls == ()
    assert (result.total_pages, result.total_records) == (7, 97)


def test_nextgroup_is_followed_unescaped_where_no_call_covers_the_list() -> None:
    """www.cma.org.cn writes `<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;webid=1
    &amp;path=/&amp;columnid=4584&amp;unitid=325&amp;permissiontype=0"></a>]]></nextgroup>`: an HTML href,
    `&amp;` is `&`. Without a jpage configuration to write calls from, it is the way on."""
    page = JCMS_PAGE[: JCMS_PAGE.index('<script type="text/javascript">')]
    result = pagination(parse(page, JCMS_URL))
    assert result.urls == (
        "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=2087"
        "&unitid=4321&permissiontype=0",
    )


def test_nextgroup_keeps_text_that_only_looks_like_an_entity() -> None:
    """Only entities closed by ";" are HTML: `&param=` in an attribute stays `&param=` (not `¶m=`)."""
    page = (
        '<div id="1"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
        'dataproxy.jsp?page=1&param=2&amp;columnid=9"></a>]]></nextgroup><recordset></recordset></datastore>'
        "</script></div>"
    )
    assert pagination(parse(page, JCMS_URL)).urls == (
        "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?page=1&param=2&columnid=9",
    )


def test_a_dataproxy_answer_states_its_total_and_chains_its_nextgroup() -> None:
    """jshrss.jiangsu.gov.cn answers `<datastore><totalrecord>1928</totalrecord><totalpage>20</totalpage>
    <recordset><record><![CDATA[<li class="cf">…`: the answer states the list's total too. A group reached
    by <nextgroup> links the next one (relative to the proxy); a record-range call's answer does not (its
    siblings are all written from the list page)."""
    answer = (
        '<?xml version="1.0" encoding="UTF-8"?><datastore>'
        '<nextgroup><![CDATA[<a href="./dataproxy.jsp?page=2&amp;path=/&amp;columnid=77278&amp;unitid=303271"></a>]]>'
        "</nextgroup><totalrecord>1928</totalrecord><totalpage>20</totalpage><recordset>"
        '<record><![CDATA[<li class="cf"><a target="_blank" href="/art/2026/9/16/art_77278_11830771.html">'
        "省人力资源社会保障厅关于印发…的通知</a></li>]]></record></recordset></datastore>"
    )
    base = "https://jshrss.jiangsu.gov.cn/module/web/jpage/dataproxy.jsp"
    by_group = pagination(
        parse(answer, f"{base}?page=1&appid=1&webid=67&path=/&columnid=77278&unitid=303271")
    )
    assert (by_group.total_records, by_group.total_pages) == (1928, 20)
    assert by_group.urls == (f"{base}?page=2&path=/&columnid=77278&unitid=303271",)
    by_range = pagination(parse(answer, f"{base}?startrecord=46&endrecord=90&perpage=15&columnid=77278"))
    assert by_range.urls == () and by_range.total_records == 1928


def test_jcms_page_links_in_a_rendered_pager_are_not_pages() -> None:
    page = (
        '<div class="default_pgToolbar"><a href="index.html?uid=4321&pageNum=2">2</a>'
        '<a href="index.html?uid=4321&pageNum=2">下一页</a></div>'
    )
    assert pagination(parse(page, JCMS_URL)).urls == ()


# --- TRS WCM: createPageHTML ---------------------------------------------------------------------------


def test_trs_four_argument_form_counts_from_zero() -> None:
    """www.ndrc.gov.cn: `createPageHTML(9, 0, "index", "html")`: index.html is page 0, index_8.html the last."""
    page = '<div class="page"><script>createPageHTML(9, 0, "index", "html");</script></div>'
    result = pagination(parse(page, "https://www.ndrc.gov.cn/xxgk/zcfb/tz/index.html"))
    assert result.urls == tuple(f"https://www.ndrc.gov.cn/xxgk/zcfb/tz/index_{n}.html" for n in range(1, 9))
    assert (result.total_pages, result.total_records) == (9, None)


def test_trs_four_argument_form_on_a_later_page() -> None:
    """`createPageHTML(3, 1, 'index', 'shtml')` on index_1.shtml: the others are index.shtml and index_2."""
    page = "<script>createPageHTML(3, 1, 'index', 'shtml');</script>"
    result = pagination(parse(page, "http://www.example.gov.cn/tzgg/index_1.shtml"))
    assert result.urls == (
        "http://www.example.gov.cn/tzgg/index.shtml",
        "http://www.example.gov.cn/tzgg/index_2.shtml",
    )


def test_trs_six_argument_form_counts_from_one_and_states_records() -> None:
    """`createPageHTML('page_div', 7, 1, 'news_list_1', 'shtml', 132)`: page 1 is news_list_1.shtml, page k
    news_list_1_k.shtml; there is no news_list_1_1.shtml. 132 records."""
    page = "<div id=\"page_div\"></div><script>createPageHTML('page_div', 7, 1, 'news_list_1', 'shtml', 132);</script>"
    result = pagination(parse(page, "http://www.example.gov.cn/xwzx/news_list_1.shtml"))
    assert result.urls == tuple(f"http://www.example.gov.cn/xwzx/news_list_1_{k}.shtml" for k in range(2, 8))
    assert (result.total_pages, result.total_records) == (7, 132)


def test_trs_six_argument_form_with_spaces_as_written() -> None:
    """www.csrc.gov.cn: `createPageHTML('page_div',5, 1,'fg','shtml',89)` (共 5 页 / 89 条), read on page 3."""
    page = "<script>createPageHTML('page_div',5, 3,'fg','shtml',89);</script>"
    result = pagination(parse(page, "http://www.csrc.gov.cn/csrc/c106256/fg_3.shtml"))
    assert result.urls == tuple(
        f"http://www.csrc.gov.cn/csrc/c106256/{name}.shtml" for name in ("fg", "fg_2", "fg_4", "fg_5")
    )
    assert (result.total_pages, result.total_records) == (5, 89)


def test_trs_function_definition_is_not_a_call() -> None:
    page = (
        "<script>function createPageHTML(divName,_nPageCount, _nCurrIndex, _sPageName, _sPageExt,_nPageSum){"
        " var con_text = '';}</script><script>createPageHTML('page_div',22,1,'common_list','shtml',325);</script>"
    )
    result = pagination(parse(page, "http://www.ks.gov.cn/kss/cjgg/common_list.shtml"))
    assert len(result.urls) == 21 and result.urls[0].endswith("/common_list_2.shtml")
    assert (result.total_pages, result.total_records) == (22, 325)


# --- table pagers of older CMSs ------------------------------------------------------------------------


def test_table_pager_with_record_total_fills_every_page() -> None:
    """「共 N 条记录 页次：1/7 首页 上一页 下一页 尾页」: pages 2…7 from the 下一页/尾页 links' pattern."""
    page = (
        '<table><tr><td align="center" class="page">共97条记录 页次：1/7页 <a href="list.asp?classid=3&page=1">'
        '首页</a> <a href="list.asp?classid=3&page=2">下一页</a> <a href="list.asp?classid=3&page=7">尾页</a>'
        "</td></tr></table>"
    )
    result = pagination(parse(page, "http://www.example.gov.cn/list.asp?classid=3"))
    assert result.urls == tuple(f"http://www.example.gov.cn/list.asp?classid=3&page={n}" for n in range(2, 8))
    assert (result.total_pages, result.total_records) == (7, 97)


def test_table_pager_never_goes_past_the_stated_last_page() -> None:
    """On page 7/7 the 下一页 link says page=8, which the CMS answers with page 7 again: not a page."""
    page = (
        '<td class="page">共97条记录 页次：7/7页 <a href="list.asp?classid=3&page=6">上一页</a> '
        '<a href="list.asp?classid=3&page=8">下一页</a> <a href="list.asp?classid=3&page=7">尾页</a></td>'
    )
    result = pagination(parse(page, "http://www.example.gov.cn/list.asp?classid=3&page=7"))
    assert "http://www.example.gov.cn/list.asp?classid=3&page=8" not in result.urls
    assert "http://www.example.gov.cn/list.asp?classid=3&page=7" not in result.urls
    assert len(result.urls) == 5


def test_table_pager_text_variants() -> None:
    """Wordings seen on real pagers: 共N条 每页M条 当前第1/7页; 页次：1/3页 记录：18条; 页次：1/212 每页40 文章数8448;
    首页 上一页 下一页 尾页 页次：1/1页 共有8条; 页次：1/1页 每页显示：30条 记录数：5条."""
    cases = {
        "共97条 每页15条 当前第1/7页 <a href='?page=2'>下一页</a>": (7, 97),
        "页次：1/3页 记录：18条 <a href='#'>首页</a>": (3, 18),
        "页次：1/212 每页40 文章数8448 首页 上一页 <a href='list_97_2.htm'>下一页</a>": (212, 8448),
        "首页 上一页 下一页 尾页 页次：1/1页 共有8条 转到": (1, 8),
        "页次：1/1页 &nbsp;每页显示：30条 &nbsp;记录数：5条": (1, 5),
        "共 3417 条 每页 15 条 <a href='?page=2'>下一页</a>": (228, 3417),
    }
    for text, totals in cases.items():
        result = pagination(
            parse(f"<div class='page'>{text}</div>", "http://www.example.gov.cn/news/list.asp")
        )
        assert (result.total_pages, result.total_records) == totals, text


def test_records_far_from_the_pager_are_not_its_total() -> None:
    page = (
        "<h2>关于印发稳经济一揽子政策措施共33条的通知</h2>"
        + "<p>正文</p>" * 80
        + "<div class='page'>页次：1/4页 "
        "<a href='?page=2'>下一页</a></div>"
    )
    result = pagination(parse(page, "http://www.example.gov.cn/zcwj/list.asp"))
    assert (result.total_pages, result.total_records) == (4, None)


# --- jQuery pager plugins: totals in a script or a hidden input -----------------------------------------


def test_pager_plugin_totals_in_a_script() -> None:
    """`$('#pagination').pagination({total: 3417, pageSize: 15, …})` and layui's
    `laypage.render({elem: 'pages', count: 3417, limit: 15, curr: 1, jump: …})`."""
    for script in (
        "$('#pagination').pagination({ total: 3417, pageSize: 15, current: 1, callback: function (p) {} });",
        "laypage.render({elem: 'pages', count: 3417, limit: 15, curr: 1, layout: ['count', 'prev', 'page',"
        " 'next'], jump: function (obj, first) { if (!first) { location.href = '?page=' + obj.curr; } }});",
    ):
        result = pagination(parse(f"<div id='pages'></div><script>{script}</script>", "http://x.gov.cn/a/"))
        assert (result.total_pages, result.total_records) == (228, 3417), script


def test_pager_plugin_total_as_first_argument() -> None:
    """jquery.pagination 1.x: `$("#Pagination").pagination(3417, {items_per_page: 15, callback: …})`."""
    page = '<script>$("#Pagination").pagination(3417, {items_per_page: 15, callback: pageselect});</script>'
    result = pagination(parse(page, "http://x.gov.cn/a/"))
    assert (result.total_pages, result.total_records) == (228, 3417)


def test_pager_plugin_totals_in_hidden_inputs() -> None:
    page = (
        '<input type="hidden" id="totalCount" value="3417"><input type="hidden" id="pageSize" value="15">'
        '<input type="hidden" id="pageIndex" value="1"><ul id="list"></ul><div id="pager"></div>'
    )
    result = pagination(parse(page, "http://x.gov.cn/a/"))
    assert (result.total_pages, result.total_records) == (228, 3417)


def test_a_vague_count_is_no_total_and_yields_to_the_pager_text() -> None:
    """`count`/`total` beside `limit` are a pager's only in a script about pages, and the pager's own
    words come first."""
    banner = "<script>var banner = new Swiper('.banner', {count: 5, limit: 3, autoplay: true});</script>"
    assert pagination(parse(banner, "http://x.gov.cn/")).total_records is None
    loaded = "<script>loadPage({count: 5, limit: 3});</script><div>共 40 条 页次：1/4页</div>"
    result = pagination(parse(loaded, "http://x.gov.cn/a/list.asp"))
    assert (result.total_pages, result.total_records) == (4, 40)
