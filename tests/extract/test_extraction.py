"""extract_page end to end, and the `govwatch extract --json` object."""

from __future__ import annotations

import json
from datetime import date

from crawler.extract.extraction import PageExtraction, extract_page, navigation_entries

JSON_KEYS = {
    "kind",
    "title",
    "publish_date",
    "written_date",
    "doc_fields",
    "column",
    "list_items",
    "pagination",
    "needs_render",
}


def test_policy_document_end_to_end(realpage, fetched_at) -> None:
    extraction = extract_page(
        realpage("www.moe.gov.cn_d435b35a.html"),
        "http://www.moe.gov.cn/srcsite/A12/x.html",
        fetched_at=fetched_at,
    )
    assert extraction.kind == "article"
    assert extraction.title == "教育部办公厅关于举办2024年高校“礼敬中华优秀传统文化”宣传教育活动的通知"
    assert (extraction.publish_date, extraction.publish_date_source) == (date(2024, 6, 13), "labelled")
    assert extraction.written_date == date(2024, 6, 4)
    assert extraction.doc_fields["文号"] == "教思政厅函〔2024〕10号"
    assert not extraction.publish_date_implausible
    assert extraction.list_items == () and extraction.pagination.urls == ()


def test_to_json_has_exactly_the_issue_keys(excerpt, fetched_at) -> None:
    extraction = extract_page(
        excerpt("hd_list_table.html"),
        "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html",
        fetched_at=fetched_at,
    )
    data = extraction.to_json()
    assert set(data) == JSON_KEYS
    assert data["kind"] == "column_list"
    assert data["column"] == {"id": "xxgk", "name": "邯郸市政府信息公开"}
    assert data["list_items"] == [
        {
            "title": "邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知",
            "url": "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html",
            "date": "2020-08-05",
        }
    ]
    assert len(data["pagination"]) == 55
    assert data["needs_render"] is False
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_article_json_dates_are_iso(excerpt, fetched_at) -> None:
    data = extract_page(
        excerpt("jl_doc_table.html"),
        "http://xxgk.jl.gov.cn/szf/gkml/202201/t20220128_8384848.html",
        fetched_at=fetched_at,
    ).to_json()
    assert (data["publish_date"], data["written_date"]) == ("2022-01-28", "2022-01-27")
    assert data["doc_fields"]["发布机构"] == "吉林省人民政府"


def test_script_loaded_list_needs_rendering(fetched_at) -> None:
    shell = (
        '<html><head><meta name="ColumnName" content="通知公告"><title>通知公告</title></head><body>'
        '<ul id="list"></ul><div id="page"></div><script>$.ajax({url: \'/api/tzgg/list\', data: {page: 1},'
        " success: function (d) { render(d); }});</script></body></html>"
    )
    extraction = extract_page(shell, "https://www.x.gov.cn/tzgg/index.html", fetched_at=fetched_at)
    assert (extraction.kind, extraction.needs_render) == ("column_list", True)
    assert extraction.column.id == "tzgg"


def test_static_list_does_not_need_rendering_even_with_scripts(excerpt, fetched_at) -> None:
    page = excerpt("hd_list_table.html").replace(
        "</body>", "<script>$.ajax({url: '/count'});</script></body>"
    )
    extraction = extract_page(
        page, "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html", fetched_at=fetched_at
    )
    assert extraction.needs_render is False


def test_article_with_ajax_widgets_does_not_need_rendering(realpage, fetched_at) -> None:
    extraction = extract_page(
        realpage("whlyw.cq.gov.cn_d1cf54a4.html"),
        "http://whlyw.cq.gov.cn/zwxx_221/bmdt/gzdt/202107/t20210713_9468077.html",
        fetched_at=fetched_at,
    )
    assert (extraction.kind, extraction.needs_render) == ("article", False)


def test_link_context_is_used(fetched_at) -> None:
    page = (
        "<html><head><title>关于开展春季安全检查的通知</title></head><body><h1>关于开展春季安全检查的通知</h1>"
        "<p>各单位：现将有关事项通知如下，请认真贯彻落实，确保各项工作落到实处。</p></body></html>"
    )
    extraction = extract_page(
        page,
        "https://www.x.gov.cn/a/1.html",
        fetched_at=fetched_at,
        link_anchor="通知公告",
        link_date=date(2024, 3, 1),
    )
    assert extraction.publish_date == date(2024, 3, 1) and extraction.publish_date_source == "link"
    assert extraction.column.id == "tzgg"


def test_empty_and_broken_input(fetched_at) -> None:
    for html in (
        "",
        "   ",
        '<?xml version="1.0" encoding="gbk"?><html><body><p>x</p></body></html>',
        "<<<>>>",
    ):
        assert isinstance(
            extract_page(html, "https://www.x.gov.cn/a.html", fetched_at=fetched_at), PageExtraction
        )


def test_navigation_entries(realpage) -> None:
    entries = navigation_entries(realpage("www.hd.gov.cn_2c5af338.html"), "http://www.hd.gov.cn/")
    assert {"yjs", "zcjd", "xxgkzn"} <= {e.taxonomy_id for e in entries}
