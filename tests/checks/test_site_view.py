"""SiteView, the read model checks see: lookups, newest item, unseen parts, built by hand."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from storage.views import (
    ColumnView,
    DocumentView,
    HomepageView,
    ItemView,
    LinkView,
    PageView,
    SiteView,
    Visibility,
    newest_item,
)

B = "https://www.example.gov.cn"
ITEMS = (
    ItemView("置顶", f"{B}/1.html", date(2024, 1, 1), pinned=True),
    ItemView("新", f"{B}/2.html", date(2026, 3, 1)),
    ItemView("无日期", f"{B}/3.html"),
    ItemView("未来", f"{B}/4.html", date(2026, 9, 1)),
)
VIEW = SiteView(
    site="示例站",
    base_url=f"{B}/",
    homepage=HomepageView(url=f"{B}/"),
    columns=(
        ColumnView("xxgk", "政府信息公开", key=f"{B}/xxgk/"),
        ColumnView("tzgg", "通知公告", parent="xxgk", parent_key=f"{B}/xxgk/", items=ITEMS),
        ColumnView("tzgg", "公示公告"),
        ColumnView("gzdt", "工作动态", visibility=Visibility.BLOCKED),
    ),
    documents=(
        DocumentView(
            f"{B}/d.html", "办法", kind="规范性文件", fields={"文号": " 示政规〔2026〕1号 ", "有效性": ""}
        ),
    ),
    links=(LinkView(f"{B}/", f"{B}/xxgk/"), LinkView(f"{B}/a.html", f"{B}/b.html")),
    pages=(
        PageView(f"{B}/"),
        PageView(f"{B}/x.html", outcome="blocked", status=412),
        PageView(f"{B}/y.html", outcome="http_error", status=404),
    ),
)


def test_lookups_by_taxonomy_id_url_and_kind() -> None:
    assert VIEW.column("tzgg").name == "通知公告"  # the first of two columns with one id
    assert VIEW.column("nope") is None
    assert [c.name for c in VIEW.children(VIEW.column("xxgk"))] == ["通知公告"]
    assert VIEW.page(f"{B}/x.html").status == 412
    assert [link.to_url for link in VIEW.links_from(f"{B}/")] == [f"{B}/xxgk/"]
    assert [d.url for d in VIEW.documents_of_kind("规范性文件")] == [f"{B}/d.html"]


def test_newest_is_by_date_not_row_and_can_ignore_future_dates() -> None:
    column = VIEW.column("tzgg")
    assert column.newest().title == "未来"
    assert column.newest(not_after=date(2026, 3, 2)).title == "新"
    assert column.oldest_date() == date(2024, 1, 1)
    assert [i.title for i in column.undated] == ["无日期"]
    assert newest_item(()) is None


def test_unseen_parts_say_so() -> None:
    assert VIEW.column("tzgg").seen and not VIEW.column("gzdt").seen
    assert VIEW.column("gzdt").visibility.label_zh == "被防护拦截"
    assert [p.url[-6:] for p in VIEW.failures] == ["x.html", "y.html"]
    assert VIEW.page(f"{B}/x.html").hidden and not VIEW.page(f"{B}/y.html").hidden  # a 404 is an answer


def test_document_fields_are_read_stripped() -> None:
    doc = VIEW.documents[0]
    assert (
        doc.doc_no == "示政规〔2026〕1号"
        and doc.field_value("有效性") == ""
        and doc.field_value("成文日期") == ""
    )


def test_views_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        VIEW.site = "其他"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        VIEW.columns[0].name = "改名"  # type: ignore[misc]
