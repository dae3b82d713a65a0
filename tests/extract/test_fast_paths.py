"""The extractors' fast paths read exactly what the slow readings they stand in for read.

Each shortcut (split() for the whitespace regex, a cache of root-relative joins, substring tests before
a regex, the ArticleTitle rule decided before the lists are read) must not change any output: these
tests hold each one against the reading it replaces.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from crawler.extract._dom import _SPACES, compact, parse, squash, text_content
from crawler.extract.dates import find_dates, is_date_only, partial_date
from crawler.extract.kind import KindSignals, page_kind, titled_document
from crawler.extract.listing import _PINNED, _pinned
from crawler.extract.page import clean_text

# every character str.split() or the regexes treat specially, and some that they do not
_ODD = [chr(c) for c in range(0x3000)] + ["\u3000", "\u200b", "\ufeff", "\u2028", "\u2029", "\u205f"]


def _slow_join(base: str, href: str) -> str:
    try:
        joined = urljoin(base, href)
        urlsplit(joined).port  # noqa: B018 - raises on a malformed host or port
    except ValueError:
        return ""
    return joined


def test_whitespace_helpers_match_their_regexes() -> None:
    for char in _ODD:
        for text in (char, f"a{char}b", f"{char}{char}x\x00{char}", f" {char}y "):
            assert squash(text) == _SPACES.sub(" ", text).strip(), repr(char)
            assert compact(text) == _SPACES.sub("", text), repr(char)
            assert clean_text(text) == re.sub(r"\s+", " ", text.replace("\x00", "")).strip(), repr(char)


@pytest.mark.parametrize(
    "base",
    [
        "http://127.0.0.1:8000/xwzx/gzdt/index_3.html?x=1#top",
        "https://www.gov.cn/zhengce/",
        "HTTP://Example.gov.cn:80/a/b/c.html;p?q",
        "https://[::1]:8080/x/",
        "http://[::1/broken",
        "http://host:99999/",
        "ftp://files.gov.cn/pub/",
    ],
)
def test_site_root_joins_are_the_same_on_every_page(base: str) -> None:
    hrefs = ["/", "/a/b.html", "/a/../b/./c", "/a?x#y", "/;p", "//other/x", "/\t/other", "/\n/x", "/%2e%2e/x"]
    for href in hrefs:
        other = base.replace("/xwzx", "/else").replace("/a/b", "/z") + "deeper/"
        for page in (base, other):
            dom = parse("<html><body></body></html>", page)
            assert dom.absolute(href) == _slow_join(page, href.strip()), (page, href)


def test_text_content_reads_as_lxml_html_does() -> None:
    html = "<div>a<!-- note -->b<span>c<b>d</b></span>e<script>f</script></div>"
    root = parse(f"<html><body>{html}</body></html>", "http://x/").root
    assert text_content(root.find(".//div")) == lxml.html.fromstring(html).text_content()


@pytest.mark.parametrize("text", ["标题", "no digits here", "发布时间：", ""])
def test_texts_without_digits_hold_no_date(text: str) -> None:
    assert find_dates(text) == [] and not is_date_only(text) and partial_date(text) is None


@pytest.mark.parametrize("text", ["二〇二六年三月五日", "２０２６年３月５日", "[２０２６-03-05]", "2026.3.5"])
def test_dates_of_every_width_are_still_read(text: str) -> None:
    assert find_dates(text) and is_date_only(text)


@pytest.mark.parametrize("text", ["[03-05]", "３月５日"])
def test_year_less_cells_are_still_read(text: str) -> None:
    assert partial_date(text) and is_date_only(text)


@pytest.mark.parametrize(
    "markup",
    [
        '<li class="is-top">',
        "<li>【置顶】",
        '<img src="TOP.GIF">',
        "<li>ZhiDing",
        "<li>zhİding",
        "<li>SetTop</li>",
        "<li>stop</li>",
        "<li>2026-03-05</li>",
        "<li class='desktop'>",
    ],
)
def test_pinned_substring_test_agrees_with_the_regex(markup: str) -> None:
    assert _pinned(markup) == bool(_PINNED.search(markup))


@pytest.mark.parametrize(
    "metas",
    [
        '<meta name="ArticleTitle" content="关于做好安全生产工作的通知">',
        '<meta name="SiteName" content="青山市"><meta name="ArticleTitle" content="青山市">',
        '<meta name="ColumnName" content="工作动态"><meta name="ArticleTitle" content="工作动态">',
        "",
    ],
)
@pytest.mark.parametrize("url", ["http://x/xwzx/t20260305_1.html", "http://x/search/?q=a", "http://x/"])
def test_a_titled_document_is_one_whatever_its_lists_say(metas: str, url: str) -> None:
    dom = parse(f"<html><head>{metas}<title>t</title></head><body><p>x</p></body></html>", url)
    assert titled_document(dom) == ("通知" in metas and "search" not in url)
    if titled_document(dom):
        for dated, pages, scripted in ((0, False, False), (40, True, True), (3, False, True)):
            signals = KindSignals(dated, pages, False, False, False, scripted)
            assert page_kind(dom, signals) == "article"
