"""Page kinds from layered signals."""

from __future__ import annotations

from datetime import date, datetime

from crawler.extract.extraction import extract_page


def kind(html: str, url: str, fetched_at) -> str:
    return extract_page(html, url, fetched_at=fetched_at).kind


def _block(name: str, n: int) -> str:
    rows = "".join(
        f'<li><a href="/{name}/2024{n:02d}/t202410{d:02d}_{d}.html">{name}栏目第{d}条信息标题</a>'
        f"<span>2024-10-{d:02d}</span></li>"
        for d in range(1, n + 1)
    )
    return f'<div class="box"><h3>{name}</h3><a href="/{name}/">更多</a><ul>{rows}</ul></div>'


def test_article_by_the_national_meta_even_with_a_root_url(realpage, fetched_at) -> None:
    """xxgk.jl.gov.cn states its own URL as the site root; it is still an article."""
    assert kind(realpage("xxgk.jl.gov.cn_7f8127f9.html"), "http://xxgk.jl.gov.cn/", fetched_at) == "article"


def test_article_without_meta_by_date_and_prose(excerpt, fetched_at) -> None:
    assert (
        kind(excerpt("gov_cn_gongbao.html"), "https://www.gov.cn/gongbao/content/2007/x.htm", fetched_at)
        == "article"
    )


def test_homepage_by_root_url(fetched_at) -> None:
    assert (
        kind("<html><body>" + _block("tzgg", 6) + "</body></html>", "https://www.x.gov.cn/", fetched_at)
        == "homepage"
    )
    assert (
        kind(
            "<html><body>" + _block("tzgg", 6) + "</body></html>",
            "https://www.x.gov.cn/index.html",
            fetched_at,
        )
        == "homepage"
    )


def test_homepage_by_its_title_being_the_site_name(excerpt, fetched_at) -> None:
    """www.yichun.gov.cn saved as stat.php: title 中国宜春 = SiteName, lists of dated news."""
    assert (
        kind(excerpt("yichun_home_lists.html"), "https://www.yichun.gov.cn/stat.php", fetched_at)
        == "homepage"
    )


def test_column_list(excerpt, fetched_at) -> None:
    assert (
        kind(excerpt("hd_list_table.html"), "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html", fetched_at)
        == "column_list"
    )


def test_column_index(fetched_at) -> None:
    page = (
        "<html><head><title>政府信息公开</title></head><body>"
        + _block("tzgg", 3)
        + _block("zcjd", 3)
        + _block("czyjs", 3)
        + "</body></html>"
    )
    assert kind(page, "https://www.x.gov.cn/zwgk/index.html", fetched_at) == "column_index"


def test_search(fetched_at) -> None:
    assert (
        kind("<html><body><p>x</p></body></html>", "https://www.x.gov.cn/search?q=预算", fetched_at)
        == "search"
    )
    assert (
        kind(
            "<html><head><title>站内搜索-搜索结果</title></head><body></body></html>",
            "https://www.x.gov.cn/s.html",
            fetched_at,
        )
        == "search"
    )


def test_other(realpage, fetched_at) -> None:
    """www.hd.gov.cn 政府信息公开指南 frame page: menus, no dates, no list."""
    assert (
        kind(realpage("www.hd.gov.cn_2c5af338.html"), "http://www.hd.gov.cn/affairs/gkzn", fetched_at)
        == "other"
    )


def test_the_page_of_a_one_page_column_is_other(fetched_at) -> None:
    page = (
        '<html><head><title>政府信息公开指南_青山市人民政府</title></head><body><div class="position">当前位置：'
        '<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 政府信息公开指南</div>'
        '<h1>青山市人民政府政府信息公开指南</h1><p class="update">更新日期：2025-04-26</p>'
        "<p>为了保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。</p></body></html>"
    )
    extraction = extract_page(page, "https://www.x.gov.cn/zwgk/xxgkzn/", fetched_at=fetched_at)
    assert (extraction.kind, extraction.column.id, extraction.publish_date) == (
        "other",
        "xxgkzn",
        date(2025, 4, 26),
    )


def test_an_empty_column_is_still_a_column_list(fetched_at) -> None:
    page = (
        '<html><head><title>人事任免_白河市人民政府</title></head><body><div class="position">当前位置：'
        '<a href="/">首页</a> &gt; <a href="/zwgk/fdzdgknr/">法定主动公开内容</a> &gt; 人事任免</div>'
        '<div class="list-title"><h2>人事任免</h2></div><div class="no-data">暂无信息</div></body></html>'
    )
    extraction = extract_page(page, "https://www.x.gov.cn/zwgk/fdzdgknr/rsrm/", fetched_at=fetched_at)
    assert (extraction.kind, extraction.column.id, extraction.list_items) == ("column_list", "rsxx", ())


def test_a_channel_of_one_row_per_child_is_a_column_index() -> None:
    """A small site's 新闻中心: a box per child column, one row each and a 更多 link; not a list of its own."""
    boxes = "".join(
        f'<div class="lm-box"><div class="hd"><h2>{name}</h2><a href="/xwzx/{key}/" class="more">更多&gt;&gt;</a></div>'
        f'<ul class="list"><li><a href="/xwzx/{key}/202611/t1.html">{name}的一条很长的信息标题</a>'
        f'<span class="date">2026-11-1{n}</span></li></ul></div>'
        for n, (key, name) in enumerate(
            (("jryw", "今日要闻"), ("gzdt", "工作动态"), ("qxdt", "区县动态"), ("tzgg", "通知公告"))
        )
    )
    html = f"<html><head><title>新闻中心</title></head><body><div class='channel'>{boxes}</div></body></html>"
    page = extract_page(html, "http://www.qs.gov.cn/xwzx/", fetched_at=datetime(2026, 11, 20))
    assert page.kind == "column_index"
