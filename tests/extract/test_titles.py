"""Issue 12 rule 7: clean titles, site names and levels (crawler/extract/titles.py), on real <title>s."""

from __future__ import annotations

import pytest

from crawler.extract._dom import parse
from crawler.extract.extraction import extract_page
from crawler.extract.titles import clean_title, display_name, document_title, level_of, site_name_of


@pytest.mark.parametrize(
    ("raw", "site", "columns", "clean"),
    [
        # 「标题_站点」 (wsjkw.sh.gov.cn)
        (
            "关于开展2024年“世界家庭医生日”主题宣传活动的通知__上海市卫生健康委员会",
            "上海市卫生健康委员会",
            ["基层卫生"],
            "关于开展2024年“世界家庭医生日”主题宣传活动的通知",
        ),
        # 「站点 栏目 标题」 (jnwl.jinan.gov.cn)
        (
            "济南市文化和旅游局 文旅快讯 市文化和旅游局到南部山区开展“一对一”帮包服务民营企业活动",
            "济南市文化和旅游局",
            [],
            "市文化和旅游局到南部山区开展“一对一”帮包服务民营企业活动",
        ),
        # 「站点_栏目_标题」 (whlyj.beijing.gov.cn), the column unknown: short, next to the site's name
        (
            "北京市文化和旅游局_行业传真_昌平区举办迎新春书法作品展",
            "北京市文化和旅游局",
            [],
            "昌平区举办迎新春书法作品展",
        ),
        # 「标题-栏目-站点」 with bare hyphens (fgw.beijing.gov.cn)
        (
            "【组团式帮扶】北京教育专家团赴青海玉树开展“组团式”教育援助行动-相关工作-北京市发展和改革委员会",
            "北京市发展和改革委员会",
            [],
            "【组团式帮扶】北京教育专家团赴青海玉树开展“组团式”教育援助行动",
        ),
        # 「标题 栏目 站点_站点」 (www.jinan.gov.cn: SiteName 济南政府网_济南市人民政府门户网站)
        (
            "全市城市更新和乡村振兴现场推进会到高新区历下区考察 重点关注 济南政府网_济南市人民政府门户网站",
            "济南政府网_济南市人民政府门户网站",
            [],
            "全市城市更新和乡村振兴现场推进会到高新区历下区考察",
        ),
        # a <br> typed into the title, and 「标题- 站点」 (www.sc.gov.cn)
        (
            "四川省医药健康产业供需对接活动在成都举行 <br>现场发布医药健康产业供需清单- 四川省人民政府网站",
            "四川省人民政府网站",
            [],
            "四川省医药健康产业供需对接活动在成都举行 现场发布医药健康产业供需清单",
        ),
        # a site's name cut short (乌鲁木齐市 of 乌鲁木齐市人民政府网)
        ("关于举办培训班的通知 - 乌鲁木齐市", "乌鲁木齐市人民政府网", [], "关于举办培训班的通知"),
        # 「标题--站点」, and no SiteName meta: the shape of a government's name is enough
        (
            "关于做好2026年春季农业生产工作的通知--青山市人民政府",
            "",
            [],
            "关于做好2026年春季农业生产工作的通知",
        ),
        # a column part made of breadcrumb names (www.gov.cn 国务院公报 > 2007年第23号)
        (
            "全国人民代表大会常务委员会关于批准财政部发行特别国债的决议__2007年第23号国务院公报_中国政府网",
            "",
            ["国务院公报", "2007年第23号"],
            "全国人民代表大会常务委员会关于批准财政部发行特别国债的决议",
        ),
        # hyphens and spaces inside a title stay (fgw.zj.gov.cn, www.miit.gov.cn)
        (
            "1-10月德清县固定资产投资结构趋稳趋优",
            "浙江省发展和改革委员会",
            [],
            "1-10月德清县固定资产投资结构趋稳趋优",
        ),
        (
            "北京通管局组织“三电”专项斗争大检查 确保国庆60周年电信设施安全运行",
            "中华人民共和国工业和信息化部",
            [],
            "北京通管局组织“三电”专项斗争大检查 确保国庆60周年电信设施安全运行",
        ),
        # a short headline end between spaces is no column (召开 is not one)
        ("2024年全市防汛工作会议 召开_青山市人民政府", "青山市人民政府", [], "2024年全市防汛工作会议 召开"),
        # a list page: its <title> without the site is its column's name (whlyw.cq.gov.cn)
        ("工作动态_重庆市文化和旅游发展委员会", "重庆市文化和旅游发展委员会", ["工作动态"], "工作动态"),
        # a homepage: nothing but names; the name stays
        ("青山市人民政府门户网站", "", [], "青山市人民政府门户网站"),
        ("", "青山市人民政府", [], ""),
    ],
)
def test_clean_title(raw: str, site: str, columns: list[str], clean: str) -> None:
    assert clean_title(raw, site_name=site, column_names=columns) == clean


@pytest.mark.parametrize(
    ("name", "display"),
    [
        ("青山市人民政府门户网站", "青山市人民政府"),
        ("广州市白云区人民政府门户网站", "广州市白云区人民政府"),
        ("中华人民共和国教育部政府门户网站", "中华人民共和国教育部"),
        ("四川省人民政府网站", "四川省人民政府"),
        ("乌鲁木齐市人民政府网", "乌鲁木齐市人民政府"),
        ("深圳市文化广电旅游体育局网站", "深圳市文化广电旅游体育局"),
        ("北京市教育委员会门户网站", "北京市教育委员会"),
        ("中国载人航天官方网站", "中国载人航天官方网站"),  # no body's name left: the brand is the name
        ("济南政府网", "济南政府网"),
        ("中国宜春", "中国宜春"),
    ],
)
def test_display_name(name: str, display: str) -> None:
    assert display_name(name) == display


def test_site_name_from_the_meta_part_that_names_a_body() -> None:
    dom = parse(
        '<html><head><meta name="SiteName" content="济南政府网_济南市人民政府门户网站"></head></html>',
        "http://x/",
    )
    assert site_name_of(dom) == "济南市人民政府"


def test_site_name_from_a_homepage_title_and_not_from_a_column_meta() -> None:
    home = parse("<html><head><title>青山市人民政府门户网站</title></head></html>", "https://www.qs.gov.cn/")
    assert site_name_of(home) == "青山市人民政府"
    # xxgk.jl.gov.cn stamps SiteName 信息公开专栏 (a column) and its <title> is the document's: no site name
    jl = parse(
        '<html><head><meta name="SiteName" content="信息公开专栏"><title>吉林省人民政府关于禁止在吉林省嫩江干流补充治理'
        "工程建设征占地范围内新增建设项目和迁入人口的通告</title></head></html>",
        "http://xxgk.jl.gov.cn/szf/gkml/202201/t20220128_8384848.html",
    )
    assert site_name_of(jl) == ""
    article = parse(
        "<html><head><title>潘志军主持召开互联网医疗座谈会-广州市白云区人民政府门户网站</title></head></html>",
        "http://x/",
    )
    assert site_name_of(article) == "广州市白云区人民政府"


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("四川省人民政府", "省"),
        ("新疆维吾尔自治区人民政府", "省"),
        ("北京市人民政府", "省"),  # 直辖市
        ("重庆市人民政府门户网站", "省"),
        ("青山市人民政府门户网站", "市"),
        ("石家庄市人民政府", "市"),
        ("延边朝鲜族自治州人民政府", "市"),
        ("广州市白云区人民政府门户网站", "县区"),
        ("北京市西城区人民政府", "县区"),
        ("长阳土家族自治县人民政府", "县区"),
        ("达拉特旗人民政府", "县区"),
        ("浙江省文化广电和旅游厅", "部门"),
        ("北京市教育委员会门户网站", "部门"),
        ("武汉市商务局", "部门"),
        ("青山市人民政府办公室", "部门"),
        ("中华人民共和国教育部政府门户网站", "部门"),
        ("中国宜春", None),
        ("济南政府网", None),
        ("城关镇人民政府", None),
        ("", None),
    ],
)
def test_level_of(name: str, level: str | None) -> None:
    assert level_of(name) == level


def test_document_title_prefers_the_whole_title_over_a_line_of_the_heading() -> None:
    """A heading split over <br> lines: the anchor holds one line, the <title> the whole."""
    title = document_title(
        meta_title="",
        heading="全国人民代表大会常务委员会",
        raw_title="全国人民代表大会常务委员会关于批准财政部发行特别国债的决议__2007年第23号国务院公报",
        column_names=["国务院公报", "2007年第23号"],
    )
    assert title == "全国人民代表大会常务委员会关于批准财政部发行特别国债的决议"


def test_document_title_is_the_heading_when_the_title_names_only_the_site_or_column() -> None:
    assert (
        document_title(
            meta_title="",
            heading="工作动态标题",
            raw_title="北京市西城区人民政府",
            site_name="北京市西城区人民政府",
        )
        == "工作动态标题"
    )
    heading = "重庆文旅之窗成功首秀举办第五届意大利全球设计日"
    raw = "工作动态_重庆市文化和旅游发展委员会"
    assert document_title(meta_title="", heading=heading, raw_title=raw, column_names=["工作动态"]) == heading


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (
            "www.foshan.gov.cn_8f5915d3.html",
            "顺德容桂首届规范汉字现场书写大赛收官",
        ),  # <title> is the site's name
        (
            "whlyw.cq.gov.cn_d1cf54a4.html",
            "重庆文旅之窗成功首秀举办第五届意大利全球设计日",
        ),  # <title> is the column's
        (
            "www.gov.cn_26b09fbc.html",  # heading over <br> lines; the breadcrumb's 2007年第23号 is a link
            "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007 年末国债余额限额的决议",
        ),
        ("www.jinan.gov.cn_46f4605a.html", "全市城市更新和乡村振兴现场推进会到高新区历下区考察"),
    ],
)
def test_real_documents_get_their_own_title(realpage, fetched_at, page: str, title: str) -> None:
    extraction = extract_page(realpage(page), f"https://example.gov.cn/{page}", fetched_at=fetched_at)
    assert (extraction.kind, extraction.title) == ("article", title)


def test_a_homepage_title_is_its_site_name(realpage, fetched_at) -> None:
    extraction = extract_page(
        realpage("www.yichun.gov.cn_22e23638.html"), "http://www.yichun.gov.cn/", fetched_at=fetched_at
    )
    assert (extraction.kind, extraction.title, extraction.site_name) == ("homepage", "中国宜春", "中国宜春")


def test_a_list_title_is_its_column_name(fetched_at) -> None:
    page = (
        '<html><head><title>{}</title></head><body><div class="position">当前位置：<a href="/">首页</a> &gt; '
        '<a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div><ul class="list">'
        '<li><a href="/zwgk/tzgg/202605/t20260506_1.html">关于做好2026年春季农业生产工作的通知</a><span>2026-05-06</span></li>'
        '<li><a href="/zwgk/tzgg/202604/t20260420_2.html">关于开展春季安全检查的通知</a><span>2026-04-20</span></li>'
        '</ul><div class="page"><a href="index_1.html">下一页</a></div></body></html>'
    )
    url = "https://www.qs.gov.cn/zwgk/tzgg/index.html"
    titled = extract_page(page.format("通知公告_青山市人民政府门户网站"), url, fetched_at=fetched_at)
    assert (titled.kind, titled.title, titled.site_name) == ("column_list", "通知公告", "")
    site_only = extract_page(page.format("青山市人民政府门户网站"), url, fetched_at=fetched_at)
    assert site_only.title == "通知公告"  # the <title> names only the site: the column's own name
