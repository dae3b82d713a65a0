"""The publication-date cascade, one layer at a time, on excerpts of real pages."""

from __future__ import annotations

from datetime import date, datetime

from crawler.extract._dom import parse
from crawler.extract.document import doc_fields
from crawler.extract.extraction import extract_page
from crawler.extract.pubdate import PubDate, find_pub_date, find_written_date, title_anchor

ARTICLE_URL = "https://www.example.gov.cn/xwdt/content/post_1.html"


def pub(
    html: str,
    fetched_at: datetime,
    *,
    url: str = ARTICLE_URL,
    link_date: date | None = None,
    allow_fallback: bool = False,
) -> PubDate:
    dom = parse(html, url)
    return find_pub_date(
        dom,
        doc_fields(dom),
        anchor=title_anchor(dom),
        fetched_at=fetched_at,
        link_date=link_date,
        allow_fallback=allow_fallback,
    )


def test_visible_label_beats_a_later_meta_pubdate(excerpt, fetched_at) -> None:
    """www.miit.gov.cn: PubDate 2023-05-12 (a migration), 发布时间：2009-09-30 on the page."""
    assert pub(excerpt("miit_meta_later.html"), fetched_at) == PubDate(date(2009, 9, 30), "labelled")


def test_byline_date_beats_the_page_generation_stamp(excerpt, fetched_at) -> None:
    """www.sc.gov.cn: PubDate = 页面生成时间 2022-10-14; the page shows 2020年09月15日 beside 来源."""
    assert pub(excerpt("sc_byline.html"), fetched_at) == PubDate(date(2020, 9, 15), "header")


def test_date_in_brackets_inside_the_title_heading(excerpt, fetched_at) -> None:
    assert pub(excerpt("wsjkw_title_date.html"), fetched_at) == PubDate(date(2024, 5, 11), "header")


def test_bare_time_label_after_the_source(excerpt, fetched_at) -> None:
    """zdb.beijing.gov.cn: 来源：北京机关党建 时间：2023年11月14日; PubDate says 2024-02-29."""
    assert pub(excerpt("zdb_weak_label.html"), fetched_at) == PubDate(date(2023, 11, 14), "header")


def test_date_standing_alone_under_the_title(excerpt, fetched_at) -> None:
    assert pub(excerpt("lf_date_alone.html"), fetched_at) == PubDate(date(2019, 10, 8), "header")


def test_publication_date_of_the_attribute_table(excerpt, fetched_at) -> None:
    assert pub(excerpt("jl_doc_table.html"), fetched_at) == PubDate(date(2022, 1, 28), "doc_field")


def test_publication_label_printed_after_the_body(excerpt, fetched_at) -> None:
    """www.moe.gov.cn: not 生成日期 2024-06-04 and not the 2024年9月15日 deadline in the text."""
    assert pub(excerpt("moe_policy.html"), fetched_at) == PubDate(date(2024, 6, 13), "labelled")


def test_issue_date_counts_when_no_publication_date_is_shown(excerpt, fetched_at) -> None:
    """www.yichun.gov.cn: only 发文日期 2023-04-18 is shown; （2023年4月12日） opens the text; PubDate is the stamp."""
    assert pub(excerpt("yichun_issued.html"), fetched_at) == PubDate(date(2023, 4, 18), "written")


def test_dates_inside_the_body_are_not_publication_dates(excerpt) -> None:
    """www.wlmq.gov.cn notice: training dates of 2024 in the text, fetched the day after publication."""
    assert pub(excerpt("wlmq_notice.html"), datetime(2024, 3, 4)) == PubDate(date(2024, 3, 3), "header")


def test_a_labelled_date_inside_the_body_is_not_the_header(fetched_at) -> None:
    page = (
        "<html><body><h1>关于举办全市政务公开业务培训班的通知</h1><p>各区县人民政府，市政府各部门：为进一步提升政务公开"
        "工作人员业务能力，经研究，决定举办全市政务公开业务培训班，现将有关事项通知如下，请各单位认真组织参训。</p>"
        "<p>一、时间：2024年5月10日</p></body></html>"
    )
    assert pub(page, fetched_at) == PubDate(None, None)


def test_title_anchor_falls_back_to_the_first_main_heading(fetched_at) -> None:
    page = (
        '<html><head><title>某某市人民政府</title><meta name="SiteName" content="某某市人民政府"></head><body>'
        "<h1>全市安全生产工作会议召开</h1><p>2024-04-02　来源：市应急局</p><p>正文。</p></body></html>"
    )
    assert pub(page, fetched_at) == PubDate(date(2024, 4, 2), "header")


def test_header_clock_and_sidebar_dates_are_ignored(excerpt, fetched_at) -> None:
    page = (
        excerpt("miit_meta_later.html")
        .replace("<body>", '<body><div class="top">今天是2025年11月20日 星期四</div>')
        .replace(
            "</body>",
            '<div class="side"><h3>相关新闻</h3><ul><li><a href="/a.html">某某会议召开</a>'
            "<span>2025-10-01</span></li><li>发布时间：2025-10-02</li></ul></div></body>",
        )
    )
    assert pub(page, fetched_at) == PubDate(date(2009, 9, 30), "labelled")


def test_link_date_when_the_page_shows_none(fetched_at) -> None:
    page = (
        "<html><head><title>关于开展春季安全检查的通知</title></head><body><h1>关于开展春季安全检查的通知</h1>"
        "<p>各单位：现将有关事项通知如下。</p></body></html>"
    )
    assert pub(page, fetched_at, link_date=date(2024, 3, 1)) == PubDate(date(2024, 3, 1), "link")


def test_meta_pubdate_when_nothing_is_visible(fetched_at) -> None:
    page = (
        '<html><head><meta name="PubDate" content="2024-03-01 09:00"></head><body><h1>标题标题标题</h1>'
        "<p>正文。</p></body></html>"
    )
    assert pub(page, fetched_at, link_date=None) == PubDate(date(2024, 3, 1), "meta")


def test_url_date_when_nothing_else_is_there(fetched_at) -> None:
    page = "<html><body><h1>标题标题标题</h1><p>正文。</p></body></html>"
    url = "http://whlyj.beijing.gov.cn/zwgk/xwzx/hycz/201901/t20190110_1735605.html"
    assert pub(page, fetched_at, url=url) == PubDate(date(2019, 1, 10), "url")


def test_generation_stamp_pubdate_comes_after_the_url(fetched_at) -> None:
    page = (
        '<html><head><meta name="PubDate" content="2024-12-10 08:23:48">'
        '<meta name="others" content="页面生成时间 2024-12-10 08:23:48"></head><body><p>正文。</p></body></html>'
    )
    url = "http://www.sc.gov.cn/10462/14721/14724/14745/2024/12/7/5436e58583914e50b4aefd3c20affa38.shtml"
    assert pub(page, fetched_at, url=url) == PubDate(date(2024, 12, 7), "url")
    assert pub(page, fetched_at) == PubDate(date(2024, 12, 10), "stamp")


def test_htmldate_is_the_last_resort(fetched_at) -> None:
    page = (
        '<html><body><div class="info"><span class="date">2021-03-04</span></div><p>正文。</p></body></html>'
    )
    assert pub(page, fetched_at).value is None
    assert pub(page, fetched_at, allow_fallback=True) == PubDate(date(2021, 3, 4), "fallback")


def test_a_shown_future_date_is_kept_and_no_guess_replaces_it(fetched_at) -> None:
    """Issue 12 rule 8: 发布时间 after the fetch is what date_plausibility judges (伪造发稿日期); the meta,
    the URL or the linking entry's date must not stand in for it (they did before: the meta won here)."""
    page = (
        '<html><head><meta name="PubDate" content="2024-03-01"></head><body><h1>关于某某工作的通知</h1>'
        "<p>发布时间：2027-01-01</p><p>正文。</p></body></html>"
    )
    url = "https://www.example.gov.cn/tzgg/202403/t20240301_1.html"
    shown = PubDate(None, None, implausible=date(2027, 1, 1), implausible_source="labelled")
    assert pub(page, fetched_at, url=url, link_date=date(2024, 3, 1)) == shown
    alone = page.replace('<meta name="PubDate" content="2024-03-01">', "")
    assert pub(alone, fetched_at) == shown
    extraction = extract_page(page, url, fetched_at=fetched_at)
    assert (extraction.publish_date, extraction.implausible_date) == (None, date(2027, 1, 1))
    assert extraction.implausible_source == "labelled" and extraction.publish_date_implausible


def test_a_future_meta_is_implausible_and_the_url_date_stands(fetched_at) -> None:
    """Only a date the page shows stops the cascade: a PubDate meta after the fetch (a regenerated page)
    is recorded, and the next layer gives the date."""
    page = '<html><head><meta name="PubDate" content="2027-01-01"></head><body><p>正文。</p></body></html>'
    url = "https://www.example.gov.cn/tzgg/202403/t20240301_1.html"
    assert pub(page, fetched_at, url=url) == PubDate(date(2024, 3, 1), "url", date(2027, 1, 1), "meta")


def test_dates_before_1995_are_implausible(fetched_at) -> None:
    page = "<html><body><h1>关于某某工作的通知</h1><p>发布日期：1990-12-31</p></body></html>"
    assert pub(page, fetched_at).implausible == date(1990, 12, 31)


def test_gazette_text_has_a_written_date_and_no_publication_date(excerpt, fetched_at) -> None:
    """www.gov.cn 国务院公报: only （2007年6月29日…通过） is shown, and that is when it was adopted."""
    extraction = extract_page(
        excerpt("gov_cn_gongbao.html"), "https://www.gov.cn/gongbao/content/2007/x.htm", fetched_at=fetched_at
    )
    assert extraction.kind == "article"
    assert extraction.publish_date is None
    assert extraction.written_date == date(2007, 6, 29)


def test_written_date_of_the_attribute_table_wins_over_the_text(excerpt) -> None:
    dom = parse(excerpt("yichun_issued.html"), ARTICLE_URL)
    assert find_written_date(dom, doc_fields(dom), anchor=title_anchor(dom)) == date(2023, 4, 18)


def test_title_anchor_prefers_the_heading(excerpt) -> None:
    dom = parse(excerpt("sc_byline.html"), ARTICLE_URL)
    anchor = title_anchor(dom)
    assert anchor is not None and dom.chunks[anchor].text == "绵阳开展“服务企业活动月”系列活动"
