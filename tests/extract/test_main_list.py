"""The main list of a column page, and only it (issue 12 rule 1): side blocks of other columns' newest rows,
navigation and channel boxes never count; undated rows and explicit empty lists do."""

from __future__ import annotations

from datetime import date, datetime

from crawler.extract._dom import parse
from crawler.extract.listing import main_list, newest_date
from crawler.extract.reading import read_document

FETCHED = datetime(2026, 11, 20, 12, 0)
URL = "http://www.qs.gov.cn/zwgk/tzgg/index.html"

# TRS WCM: the list beside createPageHTML, a right-hand 热点信息 block whose rows are newer
TRS_WITH_SIDEBAR = """<html><head><title>通知公告_青山市人民政府</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="./">通知公告</a></div>
<div class="left"><div class="lm-title">通知公告</div>
<ul class="list">
<li><a href="./202503/t20250306_1.html">关于开展2025年度食品安全专项检查的通知</a><span>2025-03-06</span></li>
<li><a href="./202502/t20250211_2.html">关于调整秋季开学有关事项的通告</a><span>2025-02-11</span></li>
<li><a href="./202501/t20250105_3.html">关于征求意见稿意见的公告</a><span>2025-01-05</span></li>
</ul>
<div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div>
</div>
<div class="right"><div class="side-box"><div class="tit">热点信息</div><ul>
<li><a href="/xwzx/gzdt/202611/t20261119_9.html">我市召开消防安全工作推进会</a><span>2026-11-19</span></li>
<li><a href="/xwzx/gzdt/202611/t20261115_8.html">市政府召开森林防火工作推进会</a><span>2026-11-15</span></li>
</ul></div></div>
</body></html>"""


def _main(html: str, url: str = URL, side: frozenset[str] = frozenset()):  # noqa: ANN202 - MainList
    return main_list(parse(html, url), fetched_at=FETCHED, column_names=("通知公告",), side=side)


def test_the_list_beside_the_pager_is_the_column_and_the_sidebar_is_not() -> None:
    found = _main(TRS_WITH_SIDEBAR)
    assert [item.title[:4] for item in found.items] == ["关于开展", "关于调整", "关于征求"]
    assert newest_date(found.items) == date(2025, 3, 6)  # not the sidebar's 2026-11-19
    assert not found.empty


def test_a_crawled_column_page_stores_only_its_main_list() -> None:
    reading = read_document(TRS_WITH_SIDEBAR, URL, fetched_at=FETCHED)
    assert reading.extraction.kind == "column_list"
    assert len(reading.extraction.list_items) == 3
    assert all("gzdt" not in item.url for item in reading.extraction.list_items)


def test_an_aside_block_titled_like_a_side_block_loses_to_the_column_pattern() -> None:
    html = """<html><body><div class="main"><ul>
    <li><a href="/col/col2087/art_2087_1.html">关于印发某某管理办法的通知</a><span>2024-01-02</span></li>
    <li><a href="/col/col2087/art_2087_2.html">关于印发另一个实施意见的通知</a><span>2023-12-01</span></li>
    </ul></div>
    <aside><h3>最新动态</h3><ul>
    <li><a href="/col/col99/art_99_1.html">全市冬季供暖工作会议召开</a><span>2026-11-19</span></li>
    <li><a href="/col/col99/art_99_2.html">市政府召开第56次常务会议</a><span>2026-11-18</span></li>
    <li><a href="/col/col99/art_99_3.html">市长部署食品安全工作会议</a><span>2026-11-17</span></li>
    </ul></aside></body></html>"""
    found = _main(html, "http://www.qs.gov.cn/col/col2087/index.html")
    assert newest_date(found.items) == date(2024, 1, 2)
    assert len(found.items) == 2


def test_a_page_with_nothing_but_a_sidebar_is_an_empty_column() -> None:
    start, end = TRS_WITH_SIDEBAR.index('<ul class="list">'), TRS_WITH_SIDEBAR.index('<div class="page">')
    html = TRS_WITH_SIDEBAR[:start] + "<p>暂无信息</p>" + TRS_WITH_SIDEBAR[end:]
    found = _main(html)
    assert found.items == () and found.empty


def test_a_block_that_recurs_on_the_sites_list_pages_is_never_the_main_list() -> None:
    html = """<html><body><div class="box"><h3>要闻</h3><ul>
    <li><a href="/a/1.html">第一条很长的新闻标题内容</a><span>2026-11-19</span></li>
    <li><a href="/a/2.html">第二条很长的新闻标题内容</a><span>2026-11-18</span></li>
    <li><a href="/a/3.html">第三条很长的新闻标题内容</a><span>2026-11-17</span></li>
    </ul></div><div class="box"><h3>本栏目</h3><ul>
    <li><a href="/zwgk/tzgg/1.html">本栏目自己的第一条通知</a><span>2025-01-02</span></li>
    <li><a href="/zwgk/tzgg/2.html">本栏目自己的第二条通知</a><span>2025-01-01</span></li>
    </ul></div></body></html>"""
    url = "http://www.qs.gov.cn/list.jsp?classid=5"  # no directory of its own to tell its rows by
    unaware = _main(html, url)
    assert newest_date(unaware.items) == date(2026, 11, 19)  # on one page alone, the larger block wins
    recurring = frozenset(unaware.signatures[:1])  # what SideBlocks learns when it recurs on 3 list pages
    aware = _main(html, url, side=recurring)
    assert newest_date(aware.items) == date(2025, 1, 2)


def test_undated_rows_of_the_main_list_are_kept() -> None:
    html = """<html><body><div class="position">当前位置：<a href="/">首页</a> &gt; 公开制度</div>
    <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>
    <ul class="list">
    <li><a href="/zwgk/gkzd/t1.html">青山市政府信息公开工作制度</a></li>
    <li><a href="/zwgk/gkzd/t2.html">青山市政府信息公开保密审查制度</a></li>
    <li><a href="/zwgk/gkzd/t3.html">青山市政府信息公开社会评议制度</a></li>
    </ul><div class="page">共 3 条记录 页次：1/1</div></body></html>"""
    found = _main(html, "http://www.qs.gov.cn/zwgk/gkzd/index.html")
    assert len(found.items) == 3 and all(item.date is None for item in found.items)


def test_a_year_less_date_is_marked_inferred() -> None:
    html = """<html><body><ul class="list">
    <li><a href="/zwgk/tzgg/t1.html">关于做好冬季供暖工作的通知</a><span>[11-05]</span></li>
    <li><a href="/zwgk/tzgg/202610/t2.html">关于做好秋季开学工作的通知</a><span>[10-05]</span></li>
    </ul><a href="index_1.html">下一页</a></body></html>"""
    found = _main(html)
    inferred = {item.url.rsplit("/", 1)[-1]: item.year_inferred for item in found.items}
    assert inferred == {"t1.html": True, "t2.html": False}  # the URL's /202610/ gives the second its year


def test_a_list_drawn_as_a_run_of_five_row_groups_is_one_list() -> None:
    """TRS templates (平潭) write one list as several <ul> of five rows, each in a bare wrapper <div>."""
    groups = "".join(
        f'<div ms-visible="$showStatic({g})"><ul>'
        + "".join(
            f'<li><a href="./2025{g:02d}/t{g}{r}.htm">第{g}组第{r}条工作进展情况</a><span>2025-{g:02d}-{r + 10}</span></li>'
            for r in range(5)
        )
        + '</ul><div class="border_b_dashed"></div></div>'
        for g in range(1, 4)
    )
    html = f'<html><body><div ms-visible="showStatic">{groups}</div></body></html>'
    found = _main(html, "http://www.pingtan.gov.cn/zwgk/ghxx/gzjzqk/")
    assert len(found.items) == 15


# An old ASP site's empty column: two side tables stacked in the left cell (their titles are rows inside
# each table, not headings before it), and a main cell saying 暂无信息 / 共 0 条记录.
ASP_EMPTY_WITH_STACKED_SIDE_BOXES = """<html><head><title>通知公告</title></head><body>
<table><tr><td class="position">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/list.asp?classid=2">通知公告</a></td></tr></table>
<table><tr><td class="left" width="220" valign="top">
<table class="side"><tr><td colspan="2" class="side-title"><b>热点信息</b></td></tr>
<tr><td>·<a href="/show.asp?id=100000">县长召开营商环境联席会议</a></td><td>2026-11-20</td></tr>
<tr><td>·<a href="/show.asp?id=100001">县政府党组召开困难群众帮扶联席会议</a></td><td>2026-09-26</td></tr>
<tr><td>·<a href="/show.asp?id=100002">我县召开疫苗接种联席会议</a></td><td>2026-08-24</td></tr></table>
<table class="side"><tr><td colspan="2" class="side-title"><b>最新动态</b></td></tr>
<tr><td>·<a href="/show.asp?id=420000">新华街道扎实推进耕地保护工作</a></td><td>[11-18]</td></tr>
<tr><td>·<a href="/show.asp?id=420001">新华街道开展防汛抗旱宣传活动</a></td><td>[09-13]</td></tr>
<tr><td>·<a href="/show.asp?id=420002">马桥镇召开乡村振兴工作部署会</a></td><td>[04-16]</td></tr></table>
</td><td valign="top" class="main"><table class="lm"><tr><td class="lm-title">通知公告</td></tr></table>
<table><tr><td align="center">暂无信息</td></tr></table>
<table><tr><td class="page">共 0 条记录 页次：1/1 首页 上一页 下一页 尾页</td></tr></table></td></tr></table>
</body></html>"""


def test_stacked_side_boxes_are_not_joined_into_an_empty_columns_list() -> None:
    """Two side tables of one class side by side are two side boxes, not one list drawn in groups: the
    empty column stays empty (a blank 通知公告 was read as ten meeting headlines)."""
    found = _main(ASP_EMPTY_WITH_STACKED_SIDE_BOXES, "http://www.dh.gov.cn/list.asp?classid=2")
    assert found.items == () and found.empty
