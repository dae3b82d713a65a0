"""crawler/extract/reading.py: one parse per page gives the facts, the extraction, the column tree and
whether only a browser can read the page's list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from crawler.extract.columns import NavEntry, column_tree
from crawler.extract.reading import read_document, read_json_answer

URL = "http://www.qs.gov.cn/zwgk/zcwj/index.html"
TRS_LIST = """<html><head><title>政策文件_青山市人民政府</title></head><body>
<ul class="list">
<li><a href="./202605/t20260506_1.html">关于印发青山市优化营商环境若干措施的通知</a><span>2026-05-06</span></li>
<li><a href="./202604/t20260420_2.html">关于做好2026年春季农业生产工作的通知</a><span>2026-04-20</span></li>
</ul>
<div class="page"><a href="index_1.html">下一页</a> <a href="index_2.html">尾页</a></div>
<script>createPageHTML(3, 0, "index", "html");</script>
</body></html>"""


def _read(html: str, url: str = URL):  # noqa: ANN202 - PageReading
    return read_document(html, url, fetched_at=datetime(2026, 11, 20, 12, 0))


def test_one_reading_holds_the_facts_the_entries_and_the_pages() -> None:
    reading = _read(TRS_LIST)
    # the raw <title> stays in the facts; the extraction's title is clean: a list's is its column's name
    assert (reading.facts.title, reading.extraction.title) == ("政策文件_青山市人民政府", "政策文件")
    assert reading.extraction.kind == "column_list"
    assert [(i.date, i.url.rsplit("/", 1)[-1]) for i in reading.extraction.list_items] == [
        (date(2026, 5, 6), "t20260506_1.html"),
        (date(2026, 4, 20), "t20260420_2.html"),
    ]
    pages = {link.url for link in reading.facts.links if link.kind == "pagination"}
    # the pager's own <a> links are pagination too, not only what createPageHTML adds
    assert pages == {
        "http://www.qs.gov.cn/zwgk/zcwj/index_1.html",
        "http://www.qs.gov.cn/zwgk/zcwj/index_2.html",
    }
    assert not reading.needs_render and reading.tree == ()


HANWEB_LIST = """<html><head><title>通知公告</title></head><body><div id="6149314"></div>
<script>gwList({"box": "6149314", "per": 15, "total": %d, "proxy": "/module/web/jpage/dataproxy.jsp",
"form": "col=1&appid=1&webid=250&columnid=1229449902&unitid=6149314"});</script></body></html>"""
BROWSER_ONLY = """<html><head><title>规划计划</title></head><body><div id="list"></div>
<script>fetch(["", "api", "feed", "x1"].join("/")).then(function (r) { return r.json(); })
.then(function (d) { document.getElementById("list").innerHTML = d.join(""); });</script></body></html>"""


def test_a_list_a_script_loads_is_followed_by_its_calls_not_rendered() -> None:
    reading = _read(HANWEB_LIST % 17, "http://www.lj.gov.cn/col/col1229449902/index.html")
    calls = [link.url for link in reading.facts.links if link.kind == "pagination"]
    assert calls == list(reading.xhr_calls) and len(calls) == 1 and "startrecord=1&endrecord=17" in calls[0]
    assert reading.extraction.needs_render and not reading.needs_render
    # the bare endpoint the script names is neither a page nor a link (it would answer 404)
    assert not any(link.url.endswith("dataproxy.jsp") for link in reading.facts.links)


def test_a_list_its_script_says_is_empty_needs_no_browser() -> None:
    reading = _read(HANWEB_LIST % 0, "http://www.lj.gov.cn/col/col1229449914/index.html")
    assert reading.xhr_calls == () and reading.stated_empty and not reading.needs_render


def test_only_a_list_no_call_can_reach_needs_a_browser() -> None:
    reading = _read(BROWSER_ONLY, "http://www.lj.gov.cn/col/col1229449911/index.html")
    assert reading.extraction.kind == "column_list" and reading.needs_render


def test_json_list_answers_give_entries_with_dates_and_pins() -> None:
    answer = (
        '{"total":2,"data":[{"title":"2026年1-10月全市财政收支情况","url":"/art/2026/11/16/art_1_1.html",'
        '"pubDate":"2026.11.16","top":true},{"title":"关于开展安全检查的通知","url":"/art/2026/9/3/art_1_2.html",'
        '"pubDate":"2026/9/3","top":false}]}'
    )
    reading = read_json_answer(answer, "http://www.lj.gov.cn/api/content/list?columnId=1&pageNo=1")
    items = [(i.url, i.date, i.pinned) for i in reading.extraction.list_items]
    assert items == [
        ("http://www.lj.gov.cn/art/2026/11/16/art_1_1.html", date(2026, 11, 16), True),
        ("http://www.lj.gov.cn/art/2026/9/3/art_1_2.html", date(2026, 9, 3), False),
    ]
    assert reading.extraction.kind == "column_list" and len(reading.facts.links) == 2


def test_entries_and_links_resolve_against_the_base_href() -> None:
    html = TRS_LIST.replace("<head>", '<head><base href="http://www.qs.gov.cn/zwgk/zcwj/old/">')
    reading = _read(html)
    entry_urls = {item.url for item in reading.extraction.list_items}
    link_urls = {link.url for link in reading.facts.links}
    assert entry_urls <= link_urls and all("/old/" in url for url in entry_urls)


def test_the_column_tree_of_a_real_homepage(realpage: Callable[[str], str]) -> None:
    reading = _read(realpage("www.yichun.gov.cn_22e23638.html"), "http://www.yichun.gov.cn/")
    tree = {(entry.name, entry.column_id, entry.parent_id) for entry in reading.tree}
    assert {("政务公开", "xxgk", ""), ("重点领域信息公开", "xxgk", "")} <= tree  # two columns, one category
    assert ("政府信息公开指南", "xxgkzn", "xxgk") in tree
    assert ("政策解读", "zcjd", "fdzdgknr") in tree
    named = {(name, category) for name, category, _ in tree}
    assert {("政务动态", "gzdt"), ("政务要闻", "gzdt"), ("县市区动态", "gzdt"), ("政府公告", "tzgg")} <= named
    assert "rsxx" not in {category for _, category, _ in tree}  # 市退役军人事务局 merely holds 人事
    assert len({entry.url for entry in reading.tree}) == len(reading.tree)  # one entry per column URL


def test_every_column_link_is_a_column_and_a_title_is_not() -> None:
    entries = [
        NavEntry("关于调整秋季开学有关事项的通告", "http://a.gov.cn/tzgg/t1.html", "tzgg"),  # a title
        NavEntry("在线访谈直播", "http://a.gov.cn/ztzl/ft/", "hdjl"),
        NavEntry("通知公告", "http://a.gov.cn/tzgg/", "tzgg"),
        NavEntry("互动交流", "http://a.gov.cn/hdjl/", "hdjl"),
        NavEntry("财政预决算公开", "http://a.gov.cn/czyjs/", "yjs"),
    ]
    tree = [(entry.url, entry.column_id) for entry in column_tree(entries)]
    assert tree == [
        ("http://a.gov.cn/ztzl/ft/", "hdjl"),
        ("http://a.gov.cn/tzgg/", "tzgg"),
        ("http://a.gov.cn/hdjl/", "hdjl"),
        ("http://a.gov.cn/czyjs/", "yjs"),
    ]
