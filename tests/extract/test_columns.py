"""Column identity from ColumnName, breadcrumb, link text and URL, mapped onto taxonomy.toml."""

from __future__ import annotations

import pytest

from crawler.extract._dom import parse
from crawler.extract.columns import (
    Column,
    breadcrumb,
    children_of,
    classify,
    classify_url,
    column_of,
    load_taxonomy,
    navigation,
)

REQUIRED = {
    "政府信息公开": "",
    "公开指南": "政府信息公开",
    "公开制度": "政府信息公开",
    "法定主动公开内容": "政府信息公开",
    "年度报告": "政府信息公开",
    "预决算": None,
    "政策解读": None,
    "权责清单": None,
    "政策文件": None,
    "规范性文件": None,
    "通知公告": None,
    "工作动态": None,
    "人事信息": None,
    "规划计划": None,
    "财政收支": None,
    "统计信息": None,
    "建议提案办理": None,
    "互动交流": None,
    "办事服务": None,
}


def test_taxonomy_has_every_required_column_with_parents_that_exist() -> None:
    taxonomy = load_taxonomy()
    by_name = {c.name: c for c in taxonomy.values()}
    for name, parent in REQUIRED.items():
        assert name in by_name, name
        if parent is not None:
            assert (taxonomy[by_name[name].parent].name if by_name[name].parent else "") == parent
    assert all(c.parent in taxonomy or c.parent == "" for c in taxonomy.values())
    assert set(children_of("xxgk")) == {"xxgkzn", "gkzd", "fdzdgknr", "ndbg"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("财政预决算", "yjs"),
        ("预决算公开", "yjs"),
        ("部门预决算", "yjs"),
        ("预算决算", "yjs"),
        ("2024年部门预算", "yjs"),
        ("政府信息公开指南", "xxgkzn"),
        ("政府信息公开年度报告", "ndbg"),
        ("政务要闻", "gzdt"),
        ("武汉动态", "gzdt"),
        ("政策解读", "zcjd"),
        ("权力清单", "qzqd"),
        ("行政规范性文件", "gfxwj"),
        ("统计公报", "tjxx"),
        ("政民互动", "hdjl"),
        ("邯郸市政府信息公开", "xxgk"),
        ("重要公告", "tzgg"),
        ("顺德区", None),
        ("", None),
    ],
)
def test_site_names_map_onto_the_taxonomy(name: str, expected: str | None) -> None:
    assert classify(name) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.x.gov.cn/zwgk/czyjs/index.html", "yjs"),
        ("https://www.x.gov.cn/xxgk/xxgkzn/", "xxgkzn"),
        ("https://www.x.gov.cn/xxgk/xxgknb/index_2.html", "ndbg"),
        ("https://www.x.gov.cn/zcjd/", "zcjd"),
        ("https://www.x.gov.cn/zwgk/qzqd/list.html", "qzqd"),
        ("https://www.x.gov.cn/a/b/c.html", None),
    ],
)
def test_url_pinyin_initials(url: str, expected: str | None) -> None:
    assert classify_url(url) == expected


def test_breadcrumb_parts(excerpt) -> None:
    assert breadcrumb(parse(excerpt("miit_meta_later.html"), "https://www.miit.gov.cn/")) == [
        "新闻动态",
        "工信动态",
        "地方工作",
    ]
    assert breadcrumb(parse(excerpt("wsjkw_title_date.html"), "https://x/")) == [
        "政务公开",
        "政府信息公开目录",
        "业务类",
        "基层卫生",
    ]
    assert breadcrumb(parse(excerpt("ct_zj_attr_table.html"), "https://x/")) == [
        "政务公开",
        "法定主动公开内容",
        "政策文件及解读",
        "重要公告",
    ]
    assert breadcrumb(parse(excerpt("gov_cn_gongbao.html"), "https://x/")) == ["国务院公报", "2007年第23号"]


def test_meta_column_name_is_the_name_and_the_breadcrumb_gives_the_id(excerpt) -> None:
    """www.miit.gov.cn: ColumnName 地方工作 maps nowhere; the breadcrumb's 工信动态 does."""
    dom = parse(excerpt("miit_meta_later.html"), "https://www.miit.gov.cn/xwdt/gxdt/dfgz/art/2020/art_1.html")
    assert column_of(
        dom, title="北京通管局组织“三电”专项斗争大检查 确保国庆60周年电信设施安全运行"
    ) == Column("gzdt", "地方工作", "breadcrumb")


def test_meta_column_name_decides_when_it_maps(excerpt) -> None:
    dom = parse(
        excerpt("ct_zj_attr_table.html"), "http://ct.zj.gov.cn/art/2020/12/29/art_1229678763_4982889.html"
    )
    assert column_of(dom) == Column("tzgg", "重要公告", "meta")


def test_column_name_equal_to_the_title_or_a_year_is_not_a_column() -> None:
    html = (
        '<html><head><meta name="ColumnName" content="武钢云谷·606产业园开园招商推介会举办"></head><body>'
        '<div class="crumb"><a href="/">首页</a>＞<a href="/xwdt/">新闻动态</a>＞<a href="/xwdt/gzdt/">工作动态</a></div>'
        "</body></html>"
    )
    assert column_of(parse(html, "https://x/"), title="武钢云谷·606产业园开园招商推介会举办") == Column(
        "gzdt", "工作动态", "breadcrumb"
    )


def test_link_anchor_then_url() -> None:
    bare = parse(
        "<html><body><p>正文</p></body></html>", "https://www.x.gov.cn/zwgk/czyjs/202401/t20240105_1.html"
    )
    assert column_of(bare, link_anchor="部门预决算") == Column("yjs", "部门预决算", "anchor")
    assert column_of(bare) == Column("yjs", None, "url")
    assert column_of(parse("<p>x</p>", "https://www.x.gov.cn/a/b.html")) == Column(None, None, None)


def test_navigation_entries_of_a_homepage(realpage) -> None:
    entries = navigation(parse(realpage("www.hd.gov.cn_2c5af338.html"), "http://www.hd.gov.cn/"))
    by_name = {e.name: e for e in entries}
    assert by_name["财政预决算"].taxonomy_id == "yjs"
    assert by_name["政策解读"].taxonomy_id == "zcjd"
    assert all(e.url.startswith("http") for e in entries)
    assert len({e.url for e in entries}) == len(entries)
