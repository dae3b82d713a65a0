"""Issue 12 rule 8: dates and fields from the page itself.

An inferred-year list date never beats a full date; the TRS `var pubdata` date is read; 文号 under the title
and in a penalty table's row, 成文日期 under the signature; a column page with an empty list is a list page.
"""

from __future__ import annotations

from datetime import date

from crawler.extract._dom import parse
from crawler.extract.document import doc_fields, doc_number_line, is_doc_number
from crawler.extract.extraction import extract_page
from crawler.extract.kind import explicitly_empty
from crawler.extract.pubdate import find_written, title_anchor

NOTICE_URL = "http://www.gov.cn/zhengce/content/2018-12/25/content_5352010.htm"
TZGG = "https://www.qs.gov.cn/tzgg/202403/t20240301_1.html"
BARE = (
    "<html><head><title>关于开展春季安全检查的通知</title></head><body><h1>关于开展春季安全检查的通知</h1>"
    "<p>各单位：现将有关事项通知如下。</p></body></html>"
)


def test_an_inferred_list_date_never_beats_the_url_date(fetched_at) -> None:
    """A homepage showed 03-05 and its year was guessed 2025; the URL says 2024-03-01."""
    guessed = extract_page(
        BARE, TZGG, fetched_at=fetched_at, link_date=date(2025, 3, 5), link_date_inferred=True
    )
    assert (guessed.publish_date, guessed.publish_date_source) == (date(2024, 3, 1), "url")
    full = extract_page(BARE, TZGG, fetched_at=fetched_at, link_date=date(2024, 3, 5))
    assert (full.publish_date, full.publish_date_source) == (
        date(2024, 3, 5),
        "link",
    )  # a shown year: as before


def test_an_inferred_list_date_never_beats_a_date_the_page_shows(fetched_at) -> None:
    page = BARE.replace("<p>各单位", "<p>发布时间：2024-03-04</p><p>各单位")
    url = "https://www.qs.gov.cn/tzgg/content_1.html"
    extraction = extract_page(
        page, url, fetched_at=fetched_at, link_date=date(2025, 3, 5), link_date_inferred=True
    )
    assert (extraction.publish_date, extraction.publish_date_source) == (date(2024, 3, 4), "labelled")


def test_an_inferred_list_date_is_used_last_and_says_so(fetched_at) -> None:
    url = "https://www.qs.gov.cn/tzgg/content_1.html"
    extraction = extract_page(
        BARE, url, fetched_at=fetched_at, link_date=date(2025, 3, 5), link_date_inferred=True
    )
    assert (extraction.publish_date, extraction.publish_date_source) == (date(2025, 3, 5), "list_inferred")


def test_the_trs_script_date_is_read(fetched_at) -> None:
    """TRS WCM templates keep the date in a variable and write it: the static HTML shows no date text."""
    page = (
        "<html><head><title>全市春季农业生产工作会议召开_青山市人民政府</title></head><body>"
        "<h1>全市春季农业生产工作会议召开</h1><div class='info'>发布时间：<script>var pubdata='2020年11月27日';"
        "document.write(pubdata);</script> 来源：市农业农村局</div><p>11月26日，全市春季农业生产工作会议召开。</p>"
        "</body></html>"
    )
    url = "https://www.qs.gov.cn/xwzx/content_1.html"
    extraction = extract_page(page, url, fetched_at=fetched_at, link_date=date(2020, 11, 30))
    assert (extraction.publish_date, extraction.publish_date_source) == (date(2020, 11, 27), "script")


def test_doc_number_under_the_title_and_written_date_under_the_signature(excerpt, fetched_at) -> None:
    """www.gov.cn 国办发〔2018〕124号: no attribute block; the number stands under the three-line title and the
    notice closes with 国务院办公厅 / 2018年12月18日 before the regulation it issues."""
    extraction = extract_page(excerpt("gov_cn_issued_notice.html"), NOTICE_URL, fetched_at=fetched_at)
    assert extraction.kind == "article"
    assert (
        extraction.title
        == "国务院办公厅关于印发文化体制改革中经营性文化事业单位转制为企业和进一步支持文化企业发展两个规定的通知"
    )
    assert extraction.doc_fields == {"文号": "国办发〔2018〕124号", "成文日期": "2018年12月18日"}
    assert extraction.field_sources == {"文号": "title_line", "成文日期": "signature"}
    assert (extraction.written_date, extraction.written_date_source) == (date(2018, 12, 18), "signature")
    assert (extraction.publish_date, extraction.publish_date_source) == (date(2018, 12, 25), "url")


def test_an_attribute_block_wins_over_the_text(excerpt, fetched_at) -> None:
    """www.moe.gov.cn: 生成日期 2024-06-04 in the block, the signature says 2024年5月30日: the block's stands."""
    extraction = extract_page(
        excerpt("moe_policy.html"), "http://www.moe.gov.cn/srcsite/A12/x.html", fetched_at=fetched_at
    )
    assert (extraction.written_date, extraction.written_date_source) == (date(2024, 6, 4), "doc_field")
    assert extraction.field_sources == {}


def test_a_real_signature_date_is_the_written_date(realpage, fetched_at) -> None:
    """www.wlmq.gov.cn: <p align="right">新疆文化艺术学校</p><p align="right">2024年3月1日</p> ends the notice."""
    extraction = extract_page(
        realpage("www.wlmq.gov.cn_7c45cc62.html"), "http://www.wlmq.gov.cn/x.html", fetched_at=fetched_at
    )
    assert (extraction.written_date, extraction.written_date_source) == (date(2024, 3, 1), "signature")
    assert (extraction.publish_date, extraction.publish_date_source) == (date(2024, 3, 3), "header")


def test_no_signature_is_read_from_a_byline_or_a_mobile_copy(realpage, fetched_at) -> None:
    """www.sc.gov.cn: the page comes twice (desktop, mobile); the second title line and its byline
    (2024年12月07日 08时01分) are no signature."""
    extraction = extract_page(
        realpage("www.sc.gov.cn_457747a6.html"), "http://www.sc.gov.cn/x.shtml", fetched_at=fetched_at
    )
    assert extraction.written_date is None and "成文日期" not in extraction.doc_fields


def test_signature_on_one_line_and_dates_in_the_body_are_not_it(fetched_at) -> None:
    body = (
        "<p>为进一步做好春季安全检查工作，现将有关事项通知如下，请各单位于2024年3月20日前报送检查情况。</p>"
    )
    page = f"<html><body><h1>关于开展春季安全检查的通知</h1>{body}<p>青山市应急管理局　　2024年3月5日</p></body></html>"
    dom = parse(page, "http://x/")
    written = find_written(dom, {}, anchor=title_anchor(dom))
    assert (written.value, written.source, written.text) == (date(2024, 3, 5), "signature", "2024年3月5日")
    unsigned = parse(page.replace("<p>青山市应急管理局　　2024年3月5日</p>", ""), "http://x/")
    assert find_written(unsigned, {}, anchor=title_anchor(unsigned)).value is None


def test_a_penalty_table_row_gives_the_doc_number(excerpt) -> None:
    """www.cbrc.gov.cn: 行政处罚决定书文号 | 津银监罚决字〔2018〕35号, the other rows name no field of ours;
    the number is spread over spans."""
    dom = parse(excerpt("cbrc_penalty_rows.html"), "http://www.cbrc.gov.cn/chinese/home/docView/x.html")
    assert doc_fields(dom) == {"文号": "津银监罚决字〔2018〕35号"}


def test_doc_number_lines() -> None:
    assert is_doc_number("川卫函〔2025〕46号") and is_doc_number("（国办发〔2018〕123号）")
    assert is_doc_number("国务院令第735号")
    assert not is_doc_number("根据国发〔2018〕43号") and not is_doc_number("2018年第3号")
    page = (
        "<html><head><title>关于印发卫生健康工作要点的通知</title></head><body><h1>关于印发卫生健康工作要点的通知</h1>"
        "<p>发文字号：川卫函〔2025〕46号</p><p>各市（州）卫生健康委：现将工作要点印发给你们，请结合实际认真贯彻落实。"
        "各地要按照要点安排，细化工作措施，确保各项任务落地见效。</p><p>（国办发〔2018〕123号）</p></body></html>"
    )
    dom = parse(page, "http://x/")
    assert doc_number_line(dom, title_anchor(dom)) == "川卫函〔2025〕46号"
    quoted = parse(page.replace("<p>发文字号：川卫函〔2025〕46号</p>", ""), "http://x/")
    assert doc_number_line(quoted, title_anchor(quoted)) is None  # after the body began: another document's


EMPTY_COLUMN = (
    '<html><head><title>人事任免_白河市人民政府</title></head><body><div class="position">当前位置：'
    '<a href="/">首页</a> &gt; <a href="/zwgk/fdzdgknr/">法定主动公开内容</a> &gt; 人事任免</div>'
    '<div class="list-title"><h2>人事任免</h2></div>{list}'
    '<div class="footer"><p>主办：白河市人民政府办公室，承办：白河市大数据中心；地址：白河市人民路1号，邮编：100000；'
    "联系电话：0000-1234567，网站标识码：1234000000；为确保最佳浏览效果，建议您使用1366×768分辨率，推荐使用谷歌、火狐等浏览器。</p>"
    "<p>版权所有：白河市人民政府，未经许可，任何单位和个人不得转载、摘编本网站所登载的信息内容，违者必究，特此声明。</p></div>"
    "</body></html>"
)
EMPTY_URL = "https://www.x.gov.cn/zwgk/fdzdgknr/rsrm/"


def test_an_empty_column_with_a_long_footer_is_a_list_page(fetched_at) -> None:
    """The footer's sentences gave the page prose and made it "other" before."""
    page = EMPTY_COLUMN.format(list='<div class="no-data">暂无信息</div>')
    extraction = extract_page(page, EMPTY_URL, fetched_at=fetched_at)
    assert (extraction.kind, extraction.title, extraction.list_items) == ("column_list", "人事任免", ())
    assert explicitly_empty(parse(page, EMPTY_URL))


def test_an_empty_column_saying_so_by_its_pager_is_a_list_page(fetched_at) -> None:
    page = EMPTY_COLUMN.format(
        list='<ul class="list"></ul><div class="page">共0条记录 首页 上一页 下一页 尾页</div>'
    )
    assert extract_page(page, EMPTY_URL, fetched_at=fetched_at).kind == "column_list"


def test_an_empty_list_filled_by_no_script_needs_no_browser(fetched_at) -> None:
    page = EMPTY_COLUMN.format(
        list="<ul id='list'></ul><div class='no-data'>暂无数据</div><script>$.ajax({url: '/api/list'});</script>"
    )
    extraction = extract_page(page, EMPTY_URL, fetched_at=fetched_at)
    assert (extraction.kind, extraction.needs_render) == ("column_list", False)


def test_what_is_not_an_empty_list() -> None:
    assert not explicitly_empty(parse("<html><body><p>共10条记录</p></body></html>", "http://x/"))
    linked = '<html><body><a href="/x">暂无信息</a><p>经查，该单位没有相关记录，特此说明，请予以知悉并转告有关人员。</p></body></html>'
    assert not explicitly_empty(parse(linked, "http://x/"))
