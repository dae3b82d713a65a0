"""Every pagination style: pager links, TRS countPage and createPageHTML scripts, Hanweb jpage, page counts."""

from __future__ import annotations

from crawler.extract._dom import parse
from crawler.extract.pagination import MAX_PAGES, pagination

HD_LIST = "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html"


def test_links_written_by_the_pager(excerpt) -> None:
    """www.hd.gov.cn: 2…6, 下一页 and 尾页 links (index_1 … index_55) plus countPage=56 in the script."""
    result = pagination(parse(excerpt("hd_list_table.html"), HD_LIST))
    assert result.total_pages == 56
    assert len(result.urls) == 55
    assert result.urls[0] == "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_1.html"
    assert "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_55.html" in result.urls
    assert HD_LIST not in result.urls


def test_index_n_links_alone_give_every_page_up_to_the_last(excerpt) -> None:
    """The pager shows index_1 … index_5 and 尾页 index_55: the pages between are there too."""
    page = excerpt("hd_list_table.html")
    page = page[: page.index("<script")] + page[page.index("</script>") + len("</script>") :]
    result = pagination(parse(page, HD_LIST))
    assert result.total_pages == 56
    assert set(result.urls) == {
        f"http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_{n}.html" for n in range(1, 56)
    }


def test_trs_count_page_script_alone(excerpt) -> None:
    """The same page before its script ran: only `var countPage=56` and the index_N.html pattern."""
    page = excerpt("hd_list_table.html")
    page = page[: page.index("</script>") + len("</script>")] + "</div></body></html>"
    result = pagination(parse(page, HD_LIST))
    assert result.total_pages == 56
    assert result.urls[:2] == (
        "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_1.html",
        "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_2.html",
    )
    assert len(result.urls) == 55


def test_create_page_html_call() -> None:
    # TRS WCM list template: the pager is written by createPageHTML(count, current, name, ext)
    page = (
        '<table><tr><td><a href="./202409/t20240930_397102.html">县政府召开常务会议</a></td><td>09-30</td></tr>'
        '</table><script language="javascript">function createPageHTML(_nPageCount, _nCurrIndex, _sPageName,'
        ' _sPageExt){}</script><script>createPageHTML(21, 0, "index", "html");</script>'
    )
    result = pagination(parse(page, "http://www.example.gov.cn/xwzx/jryw/index.html"))
    assert result.total_pages == 21
    assert result.urls[0] == "http://www.example.gov.cn/xwzx/jryw/index_1.html"
    assert result.urls[-1] == "http://www.example.gov.cn/xwzx/jryw/index_20.html"


def test_create_page_html_on_a_later_page_lists_the_first() -> None:
    # the six-argument form counts pages from 1 (page 1 is index.shtml, page k index_k.shtml): on page 2
    # the others are 1, 3 and 4; the 6th argument is the record total
    page = "<script>createPageHTML('page_div', 4, 2, 'index', 'shtml', 60);</script>"
    result = pagination(parse(page, "http://www.example.gov.cn/tzgg/index_2.shtml"))
    assert result.urls == (
        "http://www.example.gov.cn/tzgg/index.shtml",
        "http://www.example.gov.cn/tzgg/index_3.shtml",
        "http://www.example.gov.cn/tzgg/index_4.shtml",
    )
    assert (result.total_pages, result.total_records) == (4, 60)


def test_hanweb_jpage_record_counts() -> None:
    # Hanweb jpage: totalRecord/perPage in the unit's script give the totals. Its later groups are
    # dataproxy.jsp calls (xhr.script_lists); ?uid=<unit>&pageNum=N is no page: jcms answers it with
    # the first group again
    page = (
        '<div id="4892867"><script type="text/xml"><datastore><totalrecord>47</totalrecord>'
        "<recordset></recordset></datastore></script></div><script>$('#4892867').jpage({totalRecord:47, "
        "perPage:15, proxyUrl:'/module/web/jpage/dataproxy.jsp', unitid:'4892867'});</script>"
    )
    result = pagination(parse(page, "https://fzggw.zj.gov.cn/col/col1229318206/index.html"))
    assert (result.total_pages, result.total_records) == (4, 47)
    assert result.urls == ()


def test_query_parameter_pages_and_next_links() -> None:
    page = (
        '<div class="pager"><a href="?page=1">1</a><a href="?page=2">2</a><a href="?page=3">3</a>'
        '<a href="?page=2">下一页</a><a href="javascript:void(0)">尾页</a></div><p>共 3 页</p>'
    )
    result = pagination(parse(page, "https://www.example.gov.cn/list.jsp?page=1"))
    assert result.urls == (
        "https://www.example.gov.cn/list.jsp?page=2",
        "https://www.example.gov.cn/list.jsp?page=3",
    )
    assert result.total_pages == 3


def test_stated_page_count_without_links() -> None:
    assert pagination(parse("<div>共 12 页 当前第 1 页</div>", "https://x.gov.cn/a/")).total_pages == 12
    assert pagination(parse("<div>第 1/7 页</div>", "https://x.gov.cn/a/")).total_pages == 7


def test_digits_that_are_not_pager_links_and_bounds() -> None:
    page = "<ul><li><a href=\"/zt/2024.html\">2024</a></li></ul><script>createPageHTML(5000, 0, 'index', 'html');</script>"
    result = pagination(parse(page, "https://x.gov.cn/a/index.html"))
    assert "https://x.gov.cn/zt/2024.html" not in result.urls
    assert result.total_pages == 5000 and len(result.urls) == MAX_PAGES


def test_article_scripts_with_page_counters_are_not_pagination() -> None:
    page = "<script>var vm = {totalPage: 3, items: []};</script>"
    assert pagination(parse(page, "https://x.gov.cn/a/1.html")).urls == ()
