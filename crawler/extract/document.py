"""Fields of a policy document's attribute table (索引号, 发布机构, 文号, 成文日期, 发布日期, 有效性, 主题分类).

Sites lay the table out three ways, all read here: label and value cells side by side, a row of labels over
a row of values, and label elements (`<label>索 引 号：</label><div>…</div>`, `发文字号：…`) outside tables.
Keys are the canonical Chinese names; a site's synonym (发文机关, 发文字号, 索取号, 生成日期…) maps onto them.

Where no attribute block gives the 文号, the document's own text may: a line of its own under the title
(国办发〔2018〕123号, as the official format sets it) — doc_number_line. A table whose only field is a
文号 (a penalty table's 行政处罚决定书文号 row) counts when its value is a document number in full.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from crawler.extract._dom import Dom, compact, lineage, squash
from crawler.extract.dates import find_dates

FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "索引号": ("索引号", "索取号", "信息索引", "索引编号", "信息索取号"),
    "发布机构": ("发布机构", "发文机关", "发文机构", "发文单位", "发布单位", "制发机关", "办文部门"),
    "文号": ("文号", "发文字号", "文件编号", "发文编号", "文件字号", "发文文号"),
    "成文日期": ("成文日期", "生成日期", "发文日期", "成文时间", "印发日期"),
    "发布日期": ("发布日期", "发布时间", "公开日期", "公布日期"),
    "有效性": ("有效性", "时效性", "效力状态", "是否有效", "有效状态"),
    "主题分类": ("主题分类", "主题类别", "分类", "信息分类", "公开分类"),
}
_CANONICAL = {synonym: key for key, synonyms in FIELD_SYNONYMS.items() for synonym in synonyms}
# other labels of such tables: a value cell that reads like one of them is an empty value, not a value
_OTHER_LABELS = frozenset(
    {
        "主题词",
        "关键词",
        "公开方式",
        "公开时限",
        "公开范围",
        "公开形式",
        "备注",
        "标题",
        "名称",
        "信息名称",
        "内容概述",
        "体裁",
        "体裁分类",
        "组配分类",
        "来源",
        "信息来源",
        "公文名称",
        "所属机构",
        "服务对象",
        "信息类别",
        "文种",
    }
)
_EMPTY_VALUES = frozenset({"无", "/", "-", "—", "——", "暂无", "null", "空"})
_INLINE_LABEL = re.compile(
    r"(?:^|(?<=[\s，,;；|]))((?:[\u4e00-\u9fff]\s){1,5}[\u4e00-\u9fff]|[\u4e00-\u9fff]{2,10})\s*[:：]\s*"
)
_NEXT_LABEL = re.compile(r"\s+[\u4e00-\u9fff]{2,6}\s*[:：]")
_DOC_NUMBER = re.compile(r"号|[〔\[(（［]\s*(?:19|20)\d{2}\s*[〕\])）］]")
# a document number standing alone: 机关代字〔年份〕序号号 (川卫函〔2025〕46号), or an order's 第N号 (国务院令第735号)
_DOC_NUMBER_FULL = re.compile(
    r"^(?:[\u4e00-\u9fffA-Za-z]{1,20}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号"
    r"|[\u4e00-\u9fff]{2,20}令\s*(?:〔\s*(?:19|20)\d{2}\s*〕\s*)?第\s*\d{1,5}\s*号)$"
)
_CITING = ("根据", "依据", "按照", "参照", "详见", "见", "依照")  # a sentence citing another document
_LINE_LABEL = re.compile(r"^(?:发文字号|发文文号|文号|文件编号)\s*[:：]\s*")
DOC_NUMBER_LINES = 12  # lines after the title a 文号 line may stand in (a title split over lines, a byline)
DOC_NUMBER_BEFORE = 3  # or just before it (the official format puts it above the title)
_DATE_FIELDS = ("成文日期", "发布日期")
HEADER_CELL_MAX = 12
ATTRIBUTE_BLOCK_DEPTH = 3


@lru_cache(maxsize=4096)
def canonical_label(text: str) -> str | None:
    """The canonical field a label names (索 引 号： → 索引号; 行政处罚决定书文号 → 文号), or None.
    Cached: every short text of every page is asked, and a site's pages share most of them."""
    label = compact(text).strip(":：【】[]")
    if label in _CANONICAL:
        return _CANONICAL[label]
    if 2 < len(label) <= 10 and label.endswith("文号"):
        return "文号"
    return None


def _is_label(text: str) -> bool:
    label = compact(text)
    bare = label.strip(":：【】[]")
    return bool(bare) and (
        canonical_label(bare) is not None or bare in _OTHER_LABELS or (label[-1] in ":：" and len(bare) <= 8)
    )


def _clean(key: str, value: str) -> str | None:
    value = squash(_NEXT_LABEL.split(value, maxsplit=1)[0])
    if not value or value in _EMPTY_VALUES:
        return None
    if key == "文号" and not _DOC_NUMBER.search(value):
        return None  # an index code or a note in the 文号 cell is not a document number
    if key == "文号" and " " in value and is_doc_number(value):
        return compact(value)  # one number spread over spans (字〔 2018 〕 35 号): spaces the cell added
    if key in _DATE_FIELDS:
        hits = find_dates(value)
        return value[: hits[0].end].strip() if hits else None
    return value


def _put(fields: dict[str, str], key: str | None, value: str) -> None:
    if key and key not in fields:
        cleaned = _clean(key, value)
        if cleaned:
            fields[key] = cleaned


def _labelled_tables(dom: Dom) -> list[etree._Element]:
    """Visible tables that hold a field label in a cell of their own (not only in a nested table)."""
    tables: dict[etree._Element, None] = {}
    for chunk in dom.chunks:
        if len(chunk.text) <= HEADER_CELL_MAX + 2 and canonical_label(chunk.text):
            table = next(chunk.element.iterancestors("table"), None)
            if table is not None and table not in dom.hidden:
                tables.setdefault(table)
    return list(tables)


def _cell_text(cell: etree._Element) -> str:
    return squash(
        " ".join(t for t in cell.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))
    )


def _rows(table: etree._Element) -> list[list[etree._Element]]:
    """The table's own rows (not a nested table's), wherever thead/tbody put them."""
    return [
        tr.xpath("./td|./th") for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table
    ]


def _is_header_row(texts: list[str]) -> bool:
    """A row of column headings over a row of values: short non-date texts, at least one a known field."""
    labels = [t for t in texts if t]
    return (
        len(labels) >= 2
        and all(len(compact(t)) <= HEADER_CELL_MAX and not find_dates(t) for t in labels)
        and any(canonical_label(t) for t in labels)
    )


def _table_fields(table: etree._Element) -> tuple[dict[str, str], bool]:
    """Fields of one table (a heading row over a value row, or label cells followed by value cells), and
    whether a heading row was found."""
    fields: dict[str, str] = {}
    headed = False
    rows = _rows(table)
    texts = [[_cell_text(c) for c in cells] for cells in rows]
    for r, cells in enumerate(rows):
        below = rows[r + 1] if r + 1 < len(rows) else []
        if (
            _is_header_row(texts[r])
            and len(below) == len(cells)
            and not any(_is_label(t) for t in texts[r + 1])
            and not any(c.xpath(".//a[@href]") for c in below)
        ):
            for text, value in zip(texts[r], texts[r + 1], strict=True):
                _put(fields, canonical_label(text), value)
            headed = True
            continue
        for i, text in enumerate(texts[r][:-1]):
            if _is_label(text) and not _is_label(texts[r][i + 1]):
                _put(fields, canonical_label(text), texts[r][i + 1])
    return fields, headed


def _inline_pairs(text: str) -> list[tuple[str, str]]:
    """`label：value` pairs of one text, several to a line (索引号：…　发布机构：…)."""
    marks = list(_INLINE_LABEL.finditer(text))
    pairs = []
    for n, mark in enumerate(marks):
        key = canonical_label(mark.group(1))
        end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
        if key:
            pairs.append((key, text[mark.end() : end]))
    return pairs


def _stream_fields(dom: Dom) -> dict[str, str]:
    """Label elements and inline `label：value` texts, kept only where two different fields share a block:
    a lone 发布时间：… byline or 分类： menu is not an attribute table."""
    found: list[tuple[str, str, etree._Element]] = []
    chunks = dom.chunks
    for i, chunk in enumerate(chunks):
        if ":" not in chunk.text and "：" not in chunk.text:
            continue  # both readings below need a colon: most chunks have none
        pairs = [(key, value) for key, value in _inline_pairs(chunk.text) if value.strip()]
        if pairs:
            found += [(key, value, chunk.element) for key, value in pairs]
            continue
        label = compact(chunk.text)
        key = canonical_label(label) if label[-1:] in (":", "：") else None
        if key and i + 1 < len(chunks) and not _is_label(chunks[i + 1].text):
            found.append((key, chunks[i + 1].text, chunk.element))
    blocks = [set(lineage(el, ATTRIBUTE_BLOCK_DEPTH + 1)) for _, _, el in found]
    fields: dict[str, str] = {}
    for n, (key, value, _) in enumerate(found):
        if any(found[m][0] != key and blocks[n] & blocks[m] for m in range(len(found))):
            _put(fields, key, value)
    return fields


def is_doc_number(text: str) -> bool:
    """True when text is a document number and nothing else (川卫函〔2025〕46号, （国办发〔2018〕123号）)."""
    bare = compact(text).strip("（）()")
    return (
        5 <= len(bare) <= 40
        and bare[-1] == "号"
        and not bare.startswith(_CITING)
        and _DOC_NUMBER_FULL.match(bare) is not None
    )


def doc_number_line(dom: Dom, anchor: int | None) -> str | None:
    """The 文号 on a line of its own by the title (国办发〔2018〕123号 under it, or 发文字号：… alone), read
    before the body starts; None when there is none. Links are passed over: a related document's number."""
    if anchor is None:
        return None
    chunks = dom.chunks
    for i in range(max(0, anchor - DOC_NUMBER_BEFORE), min(len(chunks), anchor + DOC_NUMBER_LINES + 1)):
        text = chunks[i].text
        if i > anchor and len(text) >= 60:
            break  # the body has begun: a number quoted in it is another document's
        if "号" not in text or len(text) > 50:
            continue
        number = _LINE_LABEL.sub("", text)
        if is_doc_number(number) and not any(e.tag == "a" for e in lineage(chunks[i].element, 3)):
            return compact(number).strip("（）()")
    return None


def doc_fields(dom: Dom) -> dict[str, str]:
    """The attribute-table fields a page shows with a value, keyed by canonical name; first occurrence wins.
    A table counts when it is a heading-over-values table or gives two fields or more, or a full 文号."""
    fields: dict[str, str] = {}
    for table in _labelled_tables(dom):
        found, headed = _table_fields(table)
        if len(found) >= 2 or headed or _lone_doc_number(found):
            for key, value in found.items():
                fields.setdefault(key, value)
    for key, value in _stream_fields(dom).items():
        fields.setdefault(key, value)
    return fields


def _lone_doc_number(found: dict[str, str]) -> bool:
    """A table whose one known field is a full document number: a penalty table's 行政处罚决定书文号 row
    among 被处罚当事人, 主要违法违规事实… rows, which name no other field of ours."""
    return len(found) == 1 and is_doc_number(found.get("文号", ""))
