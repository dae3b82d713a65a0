"""crawler/extract/page.py: title, national meta tags, breadcrumb, links and text hash from one parse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract.encoding import decode
from crawler.extract.page import read_html

REALPAGES = Path(__file__).resolve().parents[1] / "data" / "realpages"
LABELS = {p["file"]: p for p in json.loads((REALPAGES / "labels.json").read_text(encoding="utf-8"))["pages"]}

ARTICLE = """<?xml version="1.0" encoding="utf-8"?>
<html><head><title> 关于印发\n《办法》的通知 </title>
<meta name="SiteName" content="青山市人民政府"><meta name="columnname" content="政策文件">
<meta name="PubDate" content="2026-05-06 10:00"><meta name="viewport" content="width=device-width">
<base href="http://www.qs.gov.cn/zwgk/"></head>
<body><div class="top"><a href="/">网站首页</a></div>
<div class="pos">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <span>政策文件</span></div>
<ul><li><a href="zcwj/t1.html#top">第一篇</a></li><li><a href="javascript:void(0)">打印</a></li>
<li><a href="mailto:a@b.cn">邮件</a></li><li><a href="http://other.gov.cn/x.html" title="外站"></a></li>
<li><a href="/img.html"><img src="i.png" alt="图片新闻"></a></li></ul>
<iframe src="/frame.html" title="侧栏"></iframe>
<script>var u = "/zwgk/ajax/list.jsp?col=1"; location.href='../next.html';</script>
<script>createPageHTML(3, 0, "index", "html");</script>
<style>.x{}</style><p>正文 内容</p></body></html>"""


@pytest.fixture(scope="module")
def article():
    return read_html(ARTICLE, "http://www.qs.gov.cn/zwgk/zcwj/index.html")


def test_title_is_whitespace_collapsed(article) -> None:
    assert article.title == "关于印发 《办法》的通知"


def test_only_national_spec_meta_tags_with_canonical_names(article) -> None:
    assert article.meta == {
        "SiteName": "青山市人民政府",
        "ColumnName": "政策文件",
        "PubDate": "2026-05-06 10:00",
    }


def test_breadcrumb_drops_the_label_and_joins_with_arrows(article) -> None:
    assert article.breadcrumb == "首页 > 政务公开 > 政策文件"


def test_links_resolve_against_base_and_keep_anchor_text(article) -> None:
    links = {(link.url, link.anchor, link.kind) for link in article.links}
    assert ("http://www.qs.gov.cn/zwgk/zcwj/t1.html", "第一篇", "a") in links  # fragment dropped
    assert ("http://other.gov.cn/x.html", "外站", "a") in links  # title when no text
    assert ("http://www.qs.gov.cn/img.html", "图片新闻", "a") in links  # image alt
    assert ("http://www.qs.gov.cn/frame.html", "侧栏", "frame") in links
    assert ("http://www.qs.gov.cn/zwgk/ajax/list.jsp?col=1", "", "script") in links
    assert ("http://www.qs.gov.cn/next.html", "", "script") in links
    assert not any(link.url.startswith(("javascript", "mailto")) for link in article.links)


def test_script_pagination_is_followed(article) -> None:
    pages = {link.url for link in article.links if link.kind == "pagination"}
    assert pages == {
        "http://www.qs.gov.cn/zwgk/zcwj/index_1.html",
        "http://www.qs.gov.cn/zwgk/zcwj/index_2.html",
    }


def test_text_hash_ignores_markup_and_scripts_but_not_text(article) -> None:
    same = ARTICLE.replace("<p>正文 内容</p>", "<div>正文\n\n内容</div>").replace("var u", "var v")
    changed = ARTICLE.replace("正文 内容", "正文 内容改")
    url = "http://www.qs.gov.cn/zwgk/zcwj/index.html"
    assert read_html(same, url).text_hash == article.text_hash
    assert read_html(changed, url).text_hash != article.text_hash
    assert len(article.text_hash) == 64


def test_empty_and_broken_documents_do_not_raise() -> None:
    assert read_html("", "http://a.gov.cn/").title == ""
    title = read_html("\x00<html><title>x\x00y</title>", "http://a.gov.cn/").title
    assert title.startswith("x") and title.endswith("y") and "\x00" not in title  # PostgreSQL refuses NUL


@pytest.mark.parametrize(
    ("file", "breadcrumb"),
    [
        ("ct.zj.gov.cn_69a3fbc4.html", "首页 > 政务公开 > 法定主动公开内容 > 政策文件及解读 > 重要公告"),
        ("wsjkw.sh.gov.cn_ab30365b.html", "首页 > 政务公开 > 政府信息公开目录 > 业务类 > 基层卫生"),
        ("www.lf.gov.cn_f2b6fe34.html", "首页 > 今日廊坊 > 本市动态"),
        ("www.miit.gov.cn_cc018137.html", "首页 > 新闻动态 > 工信动态 > 地方工作"),
        ("www.xa.gov.cn_f73d1bec.html", "首页 > 新闻 > 政务资讯 > 区县热点 > 正文"),
    ],
)
def test_real_breadcrumbs(file: str, breadcrumb: str) -> None:
    text, _ = decode((REALPAGES / file).read_bytes())
    assert read_html(text, "http://x.gov.cn/a/b.html").breadcrumb == breadcrumb


@pytest.mark.parametrize("file", sorted(LABELS))
def test_real_pages_title_and_column_meta(file: str) -> None:
    label = LABELS[file]
    text, _ = decode((REALPAGES / file).read_bytes())
    facts = read_html(text, label.get("original_url") or f"http://{label['site']}/")
    assert " ".join(facts.title.split()) == " ".join((label["html_title"] or "").split())
    if label.get("meta_column"):
        assert facts.meta["ColumnName"] == label["meta_column"]
