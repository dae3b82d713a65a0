"""The footer's 主办单位 and 承办单位, on real pages (tests/data/realpages) and on the forms they take."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crawler.extract._dom import parse
from crawler.extract.sponsor import Sponsor, sponsor_of

# every real page here whose footer names its 主办单位, and the pages whose footer names none
REAL = {
    "fgw.beijing.gov.cn_f449ae3d.html": ("北京市发展和改革委员会", "北京市经济信息中心"),
    "jw.beijing.gov.cn_302f5e1d.html": ("北京市教育委员会", "北京市数字教育中心"),
    "whlyj.beijing.gov.cn_9dadbaf2.html": ("北京市文化和旅游局", "宣传中心"),
    "whlyw.cq.gov.cn_d1cf54a4.html": ("重庆市文化和旅游发展委员会", ""),
    "wtl.sz.gov.cn_e8bf578d.html": ("深圳市文化广电旅游体育局", ""),
    "www.bjxch.gov.cn_fa7397d7.html": ("北京市西城区人民政府办公室", "北京市西城区政务服务管理局"),
    "www.by.gov.cn_46963696.html": ("广州市白云区人民政府办公室", "广州市白云区政务服务和数据管理局"),
    "www.cmse.gov.cn_dba7e5a9.html": ("中国载人航天工程办公室", ""),
    "www.gov.cn_26b09fbc.html": ("国务院办公厅", ""),
    "www.hd.gov.cn_2c5af338.html": ("邯郸市人民政府办公室", ""),
    "www.lf.gov.cn_f2b6fe34.html": ("廊坊市人民政府办公室", "廊坊市发展和改革委员会"),
    "www.nfra.gov.cn_1ed1a055.html": ("国家金融监督管理总局", ""),
    "www.sc.gov.cn_457747a6.html": ("四川省人民政府办公厅", ""),
    "www.sjz.gov.cn_daec8c36.html": ("石家庄市人民政府办公室", "石家庄市电子政务中心"),
    "www.wlmq.gov.cn_7c45cc62.html": ("乌鲁木齐市人民政府办公室", "乌鲁木齐市人民政府电子政务中心"),
    "www.wuhan.gov.cn_1679a7a7.html": ("武汉市人民政府", "武汉市数据局"),
    "www.xa.gov.cn_f73d1bec.html": ("西安市人民政府办公厅", ""),
    "www.yichun.gov.cn_22e23638.html": ("宜春市人民政府", "宜春市人民政府办公室"),
    "zdb.beijing.gov.cn_109d6b90.html": (
        "北京市重大项目建设指挥部办公室",
        "北京市重大项目建设指挥部办公室秘书行政处",
    ),
    # no 主办 in the footer; the moe article's contest notice names its own 主办单位, the others none
    "www.moe.gov.cn_d435b35a.html": ("", ""),
    "www.foshan.gov.cn_8f5915d3.html": ("", ""),
    "ct.zj.gov.cn_69a3fbc4.html": ("", ""),
    "xxgk.jl.gov.cn_7f8127f9.html": ("", ""),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_the_footer_sponsor_of_real_pages(name: str, realpage: Callable[[str], str]) -> None:
    text = parse(realpage(name), "https://example.gov.cn/").text
    assert sponsor_of(text) == Sponsor(*REAL[name])


@pytest.mark.parametrize(
    "footer, host, operator",
    [
        (
            "网站地图\n主办单位：青山市人民政府办公室　承办单位：青山市大数据发展中心\n网站标识码：3301000001",
            "青山市人民政府办公室",
            "青山市大数据发展中心",
        ),
        ("主办：青山市人民政府办公室　网站标识码：3301000001", "青山市人民政府办公室", ""),
        (
            "联系我们\n青山市人民政府办公室主办 青山市电子政务中心承办\n浙ICP备05000001号",
            "青山市人民政府办公室",
            "青山市电子政务中心",
        ),
    ],
)
def test_the_forms_a_footer_states_its_sponsor_in(footer: str, host: str, operator: str) -> None:
    assert sponsor_of(f"正文\n{footer}") == Sponsor(host, operator)


def test_an_article_naming_an_event_organiser_names_no_sponsor() -> None:
    text = "活动由青山市文联主办，青山市书法家协会承办。\n" + "正文" * 300 + "\n浙ICP备05000001号"
    assert sponsor_of(text) == Sponsor()
    labelled_far = "二、组织单位\n主办单位：教育部思想政治工作司\n" + "正文" * 300 + "\n版权所有"
    assert sponsor_of(labelled_far).host == ""
