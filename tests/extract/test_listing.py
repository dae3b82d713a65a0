"""List entries in every markup: ul/li with a date span, tables, divs, Hanweb XML record sets; pins; years."""

from __future__ import annotations

from datetime import date, datetime

from crawler.extract._dom import parse
from crawler.extract.listing import list_items, loads_by_script, newest_date

LIST_URL = "https://www.example.gov.cn/zwgk/tzgg/index.html"


def items_of(html: str, fetched_at: datetime, url: str = LIST_URL):
    return list_items(parse(html, url), fetched_at=fetched_at)


def test_li_rows_with_year_less_dates_take_the_year_of_their_url(excerpt, fetched_at) -> None:
    """www.yichun.gov.cn homepage: <li><h4><a href="/ycsrmzf/zwyw/202310/…">…</a><span class="time">10-11</span>."""
    items = items_of(excerpt("yichun_home_lists.html"), fetched_at, "https://www.yichun.gov.cn/")
    news = [i for i in items if "/zwyw/" in i.url]
    assert len(news) == 10  # the headline block and nine <li> rows
    assert news[0].title == "严允：加速打造国家级新能源产业重要集聚区"
    assert (
        news[0].url == "https://www.yichun.gov.cn/ycsrmzf/zwyw/202310/02264b867b4b4b6d91a3844f29b22154.shtml"
    )
    assert [i.date for i in news[:4]] == [date(2023, 10, 11)] * 3 + [date(2023, 10, 10)]
    policies = [i for i in items if "/jxszc/" in i.url]
    assert [i.date for i in policies] == [
        date(2023, 10, 7),
        date(2023, 9, 29),
        date(2023, 9, 28),
        date(2023, 9, 28),
    ]
    assert all(i.date for i in items)


def test_year_less_dates_without_url_date_use_the_page_generation_stamp(excerpt, fetched_at) -> None:
    page = excerpt("yichun_home_lists.html").replace("/ycsrmzf/zwyw/202310/", "/ycsrmzf/zwyw/")
    news = [i for i in items_of(page, fetched_at, "https://www.yichun.gov.cn/") if "/zwyw/" in i.url]
    assert news[0].date == date(2023, 10, 11)  # 页面生成时间 2023-10-11, not the fetch year 2025


def test_table_rows(excerpt, fetched_at) -> None:
    """www.hd.gov.cn: a table with 名称/索引号/发布机构/发布日期; the 索引号 000014348/2020-35428 is no date."""
    items = items_of(excerpt("hd_list_table.html"), fetched_at, "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/")
    assert [(i.title, i.url, i.date) for i in items] == [
        (
            "邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知",
            "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html",
            date(2020, 8, 5),
        )
    ]


def test_table_rows_with_bracketed_month_day(fetched_at) -> None:
    # TRS WCM list layout (modelled on a county portal's table list): title cell, then a date cell
    rows = "".join(
        f'<tr><td><img src="dot.jpg"></td><td><a href="./2024{m:02d}/t2024{m:02d}{d:02d}_{n}.html">'
        f"<span>县政府召开第{n}次常务会议</span></a></td><td><span>[{m:02d}-{d:02d}]</span></td></tr>"
        for n, (m, d) in enumerate([(9, 30), (9, 28), (10, 2)], start=1)
    )
    items = items_of(f"<table>{rows}</table>", fetched_at)
    assert [i.date for i in items] == [date(2024, 9, 30), date(2024, 9, 28), date(2024, 10, 2)]
    assert newest_date(items) == date(2024, 10, 2)  # the max over entries, not the first row


def test_div_rows_and_a_labelled_date(fetched_at) -> None:
    html = (
        '<div class="list">'
        + "".join(
            f'<div class="item"><div class="t"><a href="/c/{n}.html">第{n}期政务公开工作简报</a></div>'
            f'<div class="d">发布时间：2024-0{n}-15</div></div>'
            for n in (1, 2, 3)
        )
        + "</div>"
    )
    assert [i.date for i in items_of(html, fetched_at)] == [
        date(2024, 1, 15),
        date(2024, 2, 15),
        date(2024, 3, 15),
    ]


def test_date_inside_the_link(fetched_at) -> None:
    html = (
        '<ul><li><a href="/a/1.html">关于开展安全生产大检查的通知<span>2024-05-06</span></a></li>'
        '<li><a href="/a/2.html">关于做好防汛工作的通知<span>2024-05-01</span></a></li></ul>'
    )
    items = items_of(html, fetched_at)
    assert [(i.title, i.date) for i in items] == [
        ("关于开展安全生产大检查的通知", date(2024, 5, 6)),
        ("关于做好防汛工作的通知", date(2024, 5, 1)),
    ]


def test_a_short_download_link_beside_the_title_keeps_the_row_one_entry(fetched_at) -> None:
    html = (
        '<table><tr><td><a href="/zcwj/1.html">关于印发全市数字政府建设实施方案的通知</a>'
        '<a href="/zcwj/1.pdf">下载</a> <a href="/zcjd/1.html">[解读]</a></td><td>2024-06-03</td></tr></table>'
    )
    assert [(i.url.rsplit("/", 1)[1], i.date) for i in items_of(html, fetched_at)] == [
        ("1.html", date(2024, 6, 3))
    ]


def test_a_tab_heading_does_not_take_the_date_of_its_list(fetched_at) -> None:
    html = (
        '<div class="box"><ul class="tab"><li><a href="/gwyxx/">国务院信息</a></li></ul>'
        '<ul><li><h4><a href="/gwyxx/202309/a.shtml">国务院常务会议研究部署有关工作</a></h4>'
        '<span class="time">2023-09-23</span></li></ul></div>'
    )
    assert [i.title for i in items_of(html, fetched_at)] == ["国务院常务会议研究部署有关工作"]


def test_pinned_entries_are_included_and_marked(fetched_at) -> None:
    html = (
        '<ul class="list">'
        '<li><span class="zd">[置顶]</span><a href="/a/9.html">2023年政府信息公开工作年度报告</a><span>2024-01-20</span></li>'
        '<li><a href="/a/10.html">关于公布权责清单的通知</a><span>2024-03-02</span></li></ul>'
    )
    items = items_of(html, fetched_at)
    assert [(i.pinned, i.date) for i in items] == [(True, date(2024, 1, 20)), (False, date(2024, 3, 2))]
    assert newest_date(items) == date(2024, 3, 2)


def test_hanweb_xml_record_sets(fetched_at) -> None:
    # Hanweb jpage markup: the first pages' records serialised as XML inside <script type="text/xml">
    html = """<div id="4937951"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3085&path=/&columnid=1229678763&unitid=4937951&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li class="cf"><a href="/art/2024/6/10/art_1229678763_58.html" target="_blank" title="关于公布2024年度部门预算的公告">关于公布2024年度部门预算的公告</a><span>2024-06-10</span></li>
]]></record>
<record><![CDATA[
<li class="cf"><a href="/art/2024/5/18/art_1229678763_57.html" target="_blank" title="2023年度部门决算公开">2023年度部门决算公开</a><span>2024-05-18</span></li>
]]></record>
</recordset></datastore></script></div>"""
    items = items_of(html, fetched_at, "https://ct.zj.gov.cn/col/col1229678763/index.html")
    assert [(i.title, i.url, i.date) for i in items] == [
        (
            "关于公布2024年度部门预算的公告",
            "https://ct.zj.gov.cn/art/2024/6/10/art_1229678763_58.html",
            date(2024, 6, 10),
        ),
        (
            "2023年度部门决算公开",
            "https://ct.zj.gov.cn/art/2024/5/18/art_1229678763_57.html",
            date(2024, 5, 18),
        ),
    ]


def test_undated_rows_of_a_dated_list_are_kept_and_more_links_are_not(fetched_at) -> None:
    html = (
        '<ul><li><a href="/a/1.html">市政府常务会议研究部署安全生产</a><span>2024-05-06</span></li>'
        '<li><a href="/a/2.html">市政府召开全体会议</a></li><li><a href="/list.html">更多&gt;&gt;</a></li></ul>'
    )
    items = items_of(html, fetched_at)
    assert [(i.url.rsplit("/", 1)[1], i.date) for i in items] == [
        ("1.html", date(2024, 5, 6)),
        ("2.html", None),
    ]


def test_navigation_and_hidden_lists_are_not_entries(fetched_at) -> None:
    html = (
        '<ul class="nav"><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul>'
        '<ul style="display:none"><li><a href="/a/1.html">隐藏的旧文章标题</a><span>2019-01-01</span></li></ul>'
    )
    assert items_of(html, fetched_at) == []


def test_article_pages_with_related_boxes_still_parse(realpage, fetched_at) -> None:
    """A large real article page parses without error and gives entries only where rows have dates."""
    items = items_of(realpage("www.wuhan.gov.cn_1679a7a7.html"), fetched_at)
    assert all(i.url.startswith("http") for i in items)


def test_script_loaded_lists_are_detected() -> None:
    shell = "<div id=\"list\"></div><script>$.ajax({url: '/api/list', success: function (d) {}});</script>"
    vue = '<ul><li v-for="item in items"><a :href="item.url">{{item.title}}</a></li></ul>'
    proxy = '<script src="/module/web/jpage/dataproxy.jsp?page=1&columnid=12"></script>'
    static = '<ul><li><a href="/a.html">某某通知</a></li></ul><script>var x = 1;</script>'
    assert loads_by_script(parse(shell, LIST_URL))
    assert loads_by_script(parse(vue, LIST_URL))
    assert loads_by_script(parse(proxy, LIST_URL))
    assert not loads_by_script(parse(static, LIST_URL))
