"""Fields of the attribute table of policy documents, in each layout sites use."""

from __future__ import annotations

from crawler.extract._dom import parse
from crawler.extract.document import canonical_label, doc_fields

URL = "https://www.example.gov.cn/art/2024/1/1/art_1_1.html"


def fields_of(html: str) -> dict[str, str]:
    return doc_fields(parse(html, URL))


def test_label_cells_beside_value_cells_and_an_empty_doc_number(excerpt) -> None:
    """ct.zj.gov.cn: 索 引 号 | 002482330/2020-10091 …; the 文　　号 cell is empty, so 文号 is absent."""
    assert fields_of(excerpt("ct_zj_attr_table.html")) == {
        "索引号": "002482330/2020-10091",
        "发布机构": "省文化和旅游厅",
        "成文日期": "2020-12-29",
    }


def test_row_of_labels_over_a_row_of_values(excerpt) -> None:
    """wsjkw.sh.gov.cn: 索取号/发布时间/发布机构/文件编号/备注 over the values; 发布时间 is empty there."""
    assert fields_of(excerpt("wsjkw_title_date.html")) == {
        "索引号": "076478684Q/2024-00112",
        "发布机构": "上海市卫生健康委员会",
        "文号": "沪卫基层〔2024〕5号",
    }


def test_labels_ending_in_a_colon_and_synonyms(excerpt) -> None:
    """xxgk.jl.gov.cn: 发文机关 → 发布机构, 发文字号 → 文号; 分类 → 主题分类."""
    assert fields_of(excerpt("jl_doc_table.html")) == {
        "索引号": "11220000013544357T/2022-00426",
        "主题分类": "环境监测、保护与治理;通告",
        "发布机构": "吉林省人民政府",
        "成文日期": "2022年01月27日",
        "文号": "吉政明电〔2022〕1号",
        "发布日期": "2022年01月28日",
    }


def test_generation_date_is_the_written_date(excerpt) -> None:
    """www.moe.gov.cn: 信息索引 → 索引号, 生成日期 → 成文日期, 发文机构 → 发布机构; 发布日期 after the body is a byline."""
    assert fields_of(excerpt("moe_policy.html")) == {
        "索引号": "360A12-07-2024-0008-1",
        "成文日期": "2024-06-04",
        "发布机构": "教育部办公厅",
        "文号": "教思政厅函〔2024〕10号",
    }


def test_label_elements_in_a_definition_list(excerpt) -> None:
    """www.yichun.gov.cn: <dd><label>索 引 号：</label><div>…</div></dd>; 发文日期 → 成文日期."""
    assert fields_of(excerpt("yichun_issued.html")) == {
        "索引号": "014717475N/2023-0040295",
        "发布机构": "宜春市统计局",
        "成文日期": "2023-04-18",
        "主题分类": "统计公报",
    }


def test_a_heading_that_ends_in_doc_number(excerpt) -> None:
    """www.nfra.gov.cn: the penalty table's heading 行政处罚决定书文号 names the 文号."""
    assert fields_of(excerpt("nfra_penalty_table.html")) == {"文号": "浙金罚决字〔2024〕52号"}


def test_a_byline_alone_is_not_an_attribute_table(excerpt) -> None:
    assert fields_of(excerpt("miit_meta_later.html")) == {}


def test_a_list_table_is_not_an_attribute_table(excerpt) -> None:
    """www.hd.gov.cn: 名称/索引号/发布机构/发布日期 over rows of linked documents is a list."""
    assert fields_of(excerpt("hd_list_table.html")) == {}


def test_inline_label_value_pairs_sharing_a_block() -> None:
    html = (
        '<div class="xxgk"><p>索引号：11330000002482330/2024-00012</p><p>发文字号：浙政办发〔2024〕3号</p>'
        "<p>有效性：有效</p><p>主题分类：综合政务</p></div>"
    )
    assert fields_of(html) == {
        "索引号": "11330000002482330/2024-00012",
        "文号": "浙政办发〔2024〕3号",
        "有效性": "有效",
        "主题分类": "综合政务",
    }


def test_several_pairs_in_one_line() -> None:
    html = (
        '<div class="info"><p>索引号：000014348/2020-35428　　发布机构：邯郸市教育局</p>'
        "<p>青山市人民政府 文号：青政发〔2024〕3号　成文日期：2024年3月5日</p></div>"
    )
    assert fields_of(html) == {
        "索引号": "000014348/2020-35428",
        "发布机构": "邯郸市教育局",
        "文号": "青政发〔2024〕3号",
        "成文日期": "2024年3月5日",
    }


def test_none_and_index_codes_are_not_document_numbers() -> None:
    none = "<table><tr><td>索引号</td><td>123/2024-1</td><td>文号</td><td>无</td></tr></table>"
    code = "<table><tr><td>索引号</td><td>123/2024-1</td><td>发文字号</td><td>696785044/2026-00017</td></tr></table>"
    assert "文号" not in fields_of(none)
    assert "文号" not in fields_of(code)


def test_hidden_tables_are_not_read() -> None:
    html = (
        '<table style="display:none"><tr><td>索引号</td><td>111/2024-1</td><td>文号</td><td>甲〔2024〕1号</td></tr>'
        "</table><table><tr><td>索引号</td><td>222/2024-2</td><td>文号</td><td>乙〔2024〕2号</td></tr></table>"
    )
    assert fields_of(html) == {"索引号": "222/2024-2", "文号": "乙〔2024〕2号"}


def test_canonical_labels() -> None:
    assert canonical_label("索 引 号：") == "索引号"
    assert canonical_label("发文机关") == "发布机构"
    assert canonical_label("行政处罚决定书文号") == "文号"
    assert canonical_label("字号") is None  # the font-size switch, not a document number
    assert canonical_label("来源") is None
