"""The real patterns of issue 12 rule 9, in every style they belong to and at every seed.

Side blocks of other columns' newest rows on every list page; sub-columns that share a category under a
channel page; a column whose rows have no dates; Hanweb jcms lists longer than one datastore group with
ajaxParam in a variable; TRS 0-based createPageHTML and the six-argument form with a `_1` base name; a
parent channel that moves on by <meta http-equiv="Refresh">; titles with site and column names; reposted
法律 and 上级文件 in a 政策法规 column; the legacy 「共 N 条记录 页次」 pager. The manifest's column_list says what
a right reading gives for each column, and these tests read the served pages to hold it to that.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html
import pytest

from testportal import PortalSpec, SiteSpec, bench_spec, build_manifest, demo_spec
from testportal.app import SiteApp, make_apps

AS_OF = date(2026, 11, 20)
SEEDS = (1, 2, 3, 4, 5)
CASES = (*(f"seed{s}" for s in SEEDS), "demo", "bench")
PROXY = "/module/web/jpage/dataproxy.jsp"
DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}|[０-９]{4}－|\[\d\d-\d\d\]")
SIDE = {
    "static": "//div[@class='right']",
    "ajax": "//div[@class='sidebar']",
    "legacy_gbk": "//td[@class='left']",
}
MAIN = {"static": "//div[@class='list-right']", "legacy_gbk": "//td[@class='main']"}
COLUMN_FIELDS = {
    "key",
    "name",
    "category",
    "parent",
    "list_url",
    "items",
    "dated",
    "undated",
    "newest_date",
    "stated_total",
    "blank",
}


def _spec(case: str) -> PortalSpec:
    if case == "demo":
        return demo_spec()
    if case == "bench":
        return bench_spec(sites=10, pages=300)  # sites 8 and 9 are the ajax and legacy ones
    seed = int(case.removeprefix("seed"))
    sites = tuple(
        SiteSpec(name, style=style, pages=300)
        for name, style in (("trs", "static"), ("hanweb", "ajax"), ("asp", "legacy_gbk"))
    )
    return PortalSpec(seed, AS_OF, sites)


@cache
def portal(case: str) -> tuple[dict[str, SiteApp], dict[str, Any]]:
    spec = _spec(case)
    urls = {s.name: f"http://127.0.0.1:{18000 + i}/" for i, s in enumerate(spec.sites)}
    return make_apps(spec, urls), build_manifest(spec, urls)["sites"]


def sites(case: str) -> list[tuple[SiteApp, dict[str, Any]]]:
    apps, manifest = portal(case)
    return [(apps[name], manifest[name]) for name in manifest if name != "trap"]


def page(app: SiteApp, url: str) -> str:
    reply = app.resolve("/" + url.split("/", 3)[3])
    assert reply.status == 200, (url, reply.status)
    return reply.payload().decode(app.style.encoding)


def columns(site: dict[str, Any], role: str | None = "list") -> list[dict[str, Any]]:
    return [c for c in site["column_list"] if role is None or c["role"] == role]


def column(site: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for c in site["column_list"] if c["key"] == key)


def main_rows(app: SiteApp, site: dict[str, Any], col: dict[str, Any]) -> list[tuple[str, str]]:
    """(article URL, row text) of the rows of a column's first list page, as a right reading sees them:
    the main list's rows of a static page, the records the Hanweb list's script loads."""
    style, root = site["style"], site["base_url"].rstrip("/")
    if style == "ajax":
        key = col["key"]
        if col["list_mode"] == "json":
            answer = json.loads(page(app, root + app.style.api_url(key, 1)))
            return [(root + r["url"], f"{r['title']} {r.get('pubDate', '')}") for r in answer["data"]]
        text = page(app, col["list_url"])
        if col["list_mode"] == "dataproxy":
            text = page(app, root + app.style.proxy_url(key, 1))
        records = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", text, re.S)[:15]
        rows = []
        for record in records:
            li = lxml.html.fromstring(record)
            rows.append((urljoin(root + "/", li.xpath("//a/@href")[0]), li.text_content()))
        return rows
    doc = lxml.html.fromstring(page(app, col["list_url"]))
    rows = []
    for a in doc.xpath(MAIN[style] + "//a[@href]"):
        url = urljoin(col["list_url"], a.get("href"))
        if url in col["item_urls"]:
            row = next(p for p in a.iterancestors() if p.tag in ("li", "tr"))
            rows.append((url, row.text_content()))
    return rows


@pytest.mark.parametrize("case", CASES)
def test_column_list_says_what_a_right_reading_gives(case: str) -> None:
    for _app, site in sites(case):
        entries = site["column_list"]
        keys = [c["key"] for c in entries]
        assert len(keys) == len(set(keys)) and all(COLUMN_FIELDS <= set(c) for c in entries)
        assert all(c["parent"] in (None, *keys) for c in entries)
        assert {c["key"] for c in entries} >= set(site["columns"])  # every class column is in the tree
        for c in columns(site):
            urls = c["item_urls"]
            assert c["items"] == len(urls) == c["dated"] + c["undated"]
            assert c["blank"] == (c["items"] == 0)
            dates = [site["articles"][u]["pub_date"] for u in urls]
            assert c["newest_date"] == (max(dates) if dates and c["dated"] else None), c["key"]
            assert c["list_url"] == c["list_pages"][0] and c["list_url"].startswith(site["base_url"])
            assert len(set(c["list_pages"])) == len(c["list_pages"])
        for c in columns(site, "channel"):
            assert (c["items"], c["newest_date"], c["blank"]) == (0, None, False)


@pytest.mark.parametrize("case", CASES)
def test_sub_columns_share_a_category_and_the_channel_shows_five_rows_of_each(case: str) -> None:
    for app, site in sites(case):
        by_category = Counter(c["category"] for c in columns(site))
        assert by_category["gzdt"] == 3 and by_category["yjs"] == 2 and by_category["zcwj"] == 3, by_category
        for category in ("gzdt", "yjs", "zcwj"):
            family = [c for c in columns(site) if c["category"] == category]
            assert len({c["list_url"] for c in family}) == len(family)
            owned = [set(c["item_urls"]) for c in family]
            assert all(not (a & b) for i, a in enumerate(owned) for b in owned[i + 1 :])
        channel = column(site, "xwzx")
        children = [column(site, k) for k in channel["children"]]
        assert {c["category"] for c in children} >= {"gzdt"} and channel["items"] == 0
        doc = lxml.html.fromstring(page(app, channel["list_url"]))
        shown = {urljoin(channel["list_url"], h) for h in doc.xpath("//a/@href")}
        for child in children:
            rows = channel["shows"][child["key"]]
            assert rows == child["item_urls"][: len(rows)]  # its first rows, in display order
            assert len(rows) == min(5, child["items"]) and set(rows) <= shown
            assert child["list_url"] in shown and child["parent"] == "xwzx"


@pytest.mark.parametrize("case", CASES)
def test_a_column_whose_rows_have_no_dates(case: str) -> None:
    for app, site in sites(case):
        undated = [c for c in columns(site) if c["undated"]]
        assert undated, site["base_url"]
        for c in undated:
            assert c["dated"] == 0 and c["newest_date"] is None and c["items"] > 0
            rows = main_rows(app, site, c)
            assert [u for u, _ in rows] == c["item_urls"][:15]
            assert not any(DATE.search(text) for _, text in rows), rows
        dated = next(c for c in columns(site) if c["key"] == "tzgg")
        rows = main_rows(app, site, dated)
        assert rows and all(DATE.search(text) for _, text in rows)


@pytest.mark.parametrize("case", CASES)
def test_every_list_page_carries_side_blocks_of_other_columns_newest_rows(case: str) -> None:
    for app, site in sites(case):
        owner = {u: a["column"] for u, a in site["articles"].items()}
        for c in columns(site, None):
            if c["role"] == "channel" or c["visibility"] == "blocked":
                continue
            doc = lxml.html.fromstring(page(app, c["list_url"]))
            [side] = doc.xpath(SIDE[site["style"]])
            links = [urljoin(c["list_url"], h) for h in side.xpath(".//a/@href")]
            rows = [u for u in links if u in owner]
            assert len(rows) >= 5, (c["key"], links)
            assert all(owner[u] != c["key"] and u not in c["item_urls"] for u in rows)
            assert {owner[u] for u in rows} == set(c["side_sources"])
            side_dates = [date.fromisoformat(d) for d in re.findall(r"\d{4}-\d\d-\d\d", side.text_content())]
            assert len(side_dates) >= 5, c["key"]  # 热点信息 shows full dates
            if c["stale"]:
                assert max(side_dates) > date.fromisoformat(c["newest_date"]), c["key"]


def test_stale_sub_column_has_fresh_siblings_and_newer_side_rows() -> None:
    _, manifest = portal("demo")
    stale = [(name, c) for name, s in manifest.items() for c in s["column_list"] if c["stale"]]
    sub = [
        (name, c)
        for name, c in stale
        if any(
            o["category"] == c["category"] and o["key"] != c["key"] and not o["stale"]
            for o in manifest[name]["column_list"]
        )
    ]
    assert sub, stale
    for name, c in sub:
        siblings = [o for o in columns(manifest[name]) if o["category"] == c["category"] and o is not c]
        assert all((AS_OF - date.fromisoformat(o["newest_date"])).days <= 10 for o in siblings)
        assert (AS_OF - date.fromisoformat(c["newest_date"])).days >= 400


@pytest.mark.parametrize("case", CASES)
def test_hanweb_lists_are_written_as_jcms_writes_them(case: str) -> None:
    hanweb = [(app, site) for app, site in sites(case) if site["style"] == "ajax"]
    assert hanweb
    for app, site in hanweb:
        for key in ("zcwj", "zcjd"):
            c = column(site, key)
            assert c["items"] > 45 and c["list_mode"] == "xml_embedded" and c["stated_total"] == c["items"]
            text = page(app, c["list_url"])
            unit = app.style.unitid(key)
            param = re.search(rf"var param_{unit} = \{{(.*?)\}};", text)
            assert param, key
            fields = dict(re.findall(r"(\w+):'([^']*)'", param.group(1)))
            assert list(fields) == [
                "col",
                "appid",
                "webid",
                "path",
                "columnid",
                "sourceContentType",
                "unitid",
                "webname",
                "permissiontype",
            ]
            assert fields["unitid"] == str(unit) and fields["webname"] == site["title"]
            call = re.search(rf"\$\('#{unit}'\)\.jpage\(\{{(.*?)\}}\);", text, re.S).group(1)
            assert f"totalRecord:{c['items']}, perPage:15, groupSize:3" in call
            assert f"proxyUrl:'{PROXY}'" in call and call.endswith(f"ajaxParam:param_{unit}")
            store = re.search(
                rf'<div id="{unit}"><script type="text/xml"><datastore>(.*?)</datastore>', text, re.S
            )
            assert store and store.group(1).startswith(
                f'<nextgroup><![CDATA[<a href="{PROXY}?page=1&amp;appid=1&amp;webid={fields["webid"]}&amp;path=/'
                f"&amp;columnid={fields['columnid']}&amp;unitid={unit}&amp;webname="
            )
            assert store.group(1).count("<record>") == 45
            later = [u for u, p in site["pages"].items() if p["kind"] == "data" and f"unitid={unit}" in u]
            assert later and all(site["pages"][u]["discovery"] == "ajax" for u in later)


def test_the_proxy_answers_posted_fields_and_an_empty_datastore_without_them(
    demo, demo_manifest, get
) -> None:
    """Over HTTP, as jpage.js calls it: startrecord, endrecord and perpage in the query string, ajaxParam's
    fields in the form body. Without the fields (a bare GET, or a POST without a body) the datastore is empty."""
    site = demo_manifest["sites"]["linjiang"]
    base = site["base_url"].rstrip("/")
    app = SiteApp(demo_spec(), demo_spec().site("linjiang"))
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}
    for key in ("zcwj", "zcjd"):
        c = column(site, key)
        query = f"{base}{PROXY}?startrecord=46&endrecord=90&perpage=15"
        posted = get(
            query, method="POST", body=urlencode(app.style.proxy_fields(key)).encode(), headers=form_type
        )
        assert posted.status == 200 and posted.headers["content-type"].startswith("text/xml")
        text = posted.text()
        assert f"<datastore><totalrecord>{c['items']}</totalrecord>" in text
        shown = [urljoin(base + "/", h) for h in re.findall(r'href="([^"]+)"', text)]
        assert shown == c["item_urls"][45:90]
        for bare in (get(query), get(query, method="POST", headers=form_type)):
            assert (
                bare.status == 200
                and "<recordset></recordset>" in bare.text()
                and b"<record>" not in bare.body
            )
        wrong = dict(app.style.proxy_fields(key), unitid="1")
        assert (
            b"<record>"
            not in get(query, method="POST", body=urlencode(wrong).encode(), headers=form_type).body
        )
        nextgroup = re.search(r'<nextgroup><!\[CDATA\[<a href="([^"]+)"', get(c["list_url"]).text()).group(1)
        first = get(base + nextgroup.replace("&amp;", "&")).text()
        assert re.findall(r'href="([^"]+)"', first)[0] == c["item_urls"][0].removeprefix(base)


@pytest.mark.parametrize("case", CASES)
def test_trs_pagers_count_from_zero_and_from_one_with_a_1_base_name(case: str) -> None:
    trs = [(app, site) for app, site in sites(case) if site["style"] == "static"]
    assert trs
    for app, site in trs:
        six = [c for c in columns(site) if c["pager"] == "createPageHTML6"]
        four = [c for c in columns(site) if c["pager"] == "createPageHTML"]
        assert six and four and any(c["pager"] == "links" for c in columns(site))
        for c in six:
            assert c["list_url"].endswith("/news_list_1.shtml") and c["stated_total"] == c["items"]
            pages = len(c["list_pages"])
            for number, url in enumerate(c["list_pages"], start=1):
                assert url.endswith("news_list_1.shtml" if number == 1 else f"news_list_1_{number}.shtml")
                text = page(app, url)
                call = f"createPageHTML('page_div', {pages}, {number}, 'news_list_1', 'shtml', {c['items']});"
                assert call in text
                assert [u for u, _ in main_rows_at(app, site, c, url)] == c["item_urls"][(number - 1) * 15 :][
                    :15
                ]
            assert app.resolve(urlsplit(c["list_url"]).path.replace(".shtml", "_1.shtml")).status == 404
        paged = [c for c in four if len(c["list_pages"]) > 1]
        assert paged, [c["key"] for c in four]
        for c in paged:
            pages = len(c["list_pages"])
            for index, url in enumerate(c["list_pages"]):
                assert url.endswith("/" if index == 0 else f"/index_{index}.html")
                assert f'createPageHTML({pages}, {index}, "index", "html");' in page(app, url)
                assert [u for u, _ in main_rows_at(app, site, c, url)] == c["item_urls"][index * 15 :][:15]


def main_rows_at(app: SiteApp, site: dict[str, Any], col: dict[str, Any], url: str) -> list[tuple[str, str]]:
    return main_rows(app, site, {**col, "list_url": url})


@pytest.mark.parametrize("case", CASES)
def test_a_trs_parent_channel_moves_on_by_meta_refresh(case: str) -> None:
    for app, site in sites(case):
        parent = column(site, "fdzdgknr")
        if site["style"] != "static":
            assert "refresh_to" not in parent
            continue
        text = page(app, parent["list_url"])
        target = re.search(r'<meta http-equiv="Refresh" content="0; url=([^"]+)">', text).group(1)
        first = column(site, parent["children"][0])
        assert urljoin(parent["list_url"], target) == parent["refresh_to"] == first["list_url"]
        assert "<a " not in text and parent["list_url"] in site["pages"]


@pytest.mark.parametrize("case", CASES)
def test_titles_carry_the_site_and_column_names_around_the_bare_title(case: str) -> None:
    for app, site in sites(case):
        forms = Counter()
        for url, article in list(site["articles"].items())[::7]:
            if not article["reachable"]:
                continue
            title, name, bare = article["html_title"], site["title"], article["title"]
            column_name = column(site, article["column"])["name"]
            forms[
                "_"
                if title == f"{bare}_{name}"
                else "--"
                if title == f"{bare}--{name}"
                else " "
                if title == f"{name} {column_name} {bare}"
                else "?"
            ] += 1
            text = page(app, url)
            assert f"<title>{lxml.html.fromstring(text).findtext('.//title')}</title>" in text
            doc = lxml.html.fromstring(text)
            assert doc.findtext(".//title") == title
            heading = doc.xpath("//h1/text()") or doc.xpath("//td[@class='title']/b/text()")
            assert heading == [bare]
            if site["meta_tags"]:
                assert doc.xpath("//meta[@name='ArticleTitle']/@content") == [bare]
        assert set(forms) == {"_", "--", " "}, forms


@pytest.mark.parametrize("case", CASES)
def test_a_policy_column_reposts_laws_and_superior_documents_owed_no_interpretation(case: str) -> None:
    for app, site in sites(case):
        c = column(site, "zcfg")
        assert c["category"] == "zcwj" and c["items"] >= 6
        papers = [site["articles"][u] for u in c["item_urls"]]
        kinds = Counter(p["doc_type"] for p in papers)
        assert kinds["law"] >= 2 and kinds["superior"] >= 2 and kinds["work_paper"] >= 2
        assert not any(p["owes_interpretation"] for p in papers)
        for p in papers:
            if p["doc_type"] == "law":
                assert p["title"].startswith("中华人民共和国") and p["issuer"] == "全国人民代表大会常务委员会"
                assert re.fullmatch(r"中华人民共和国主席令第.+号", p["doc_number"])
            if p["doc_type"] == "superior":
                assert re.fullmatch(r"[浙苏鲁豫川湘皖闽]政(办)?发〔\d{4}〕\d+号", p["doc_number"])
                assert p["issuer"].endswith(("省人民政府", "省人民政府办公厅"))
                assert not p["issuer"].startswith(site["title"][:2])
            if p["doc_type"] == "work_paper":
                assert p["title"].endswith(("工作要点", "学习计划")) and p["doc_number"] is None
        law = next(u for u, p in zip(c["item_urls"], papers, strict=True) if p["doc_type"] == "law")
        assert "全国人民代表大会常务委员会" in page(app, law)
        documents = {x["document"] for x in site["interpretations"]}
        assert not documents & set(c["item_urls"]) and not documents & set(column(site, "bmwj")["item_urls"])
        owed = {u for u, a in site["articles"].items() if a["owes_interpretation"]}
        assert owed == documents


@pytest.mark.parametrize("case", CASES)
def test_legacy_lists_state_their_record_count(case: str) -> None:
    legacy = [(app, site) for app, site in sites(case) if site["style"] == "legacy_gbk"]
    assert legacy
    for app, site in legacy:
        for c in columns(site):
            if c["visibility"] == "blocked":
                continue
            text = lxml.html.fromstring(page(app, c["list_url"])).text_content()
            pages = len(c["list_pages"])
            assert f"共 {c['items']} 条记录 页次：1/{pages} 首页 上一页 下一页 尾页" in text, c["key"]
            assert c["stated_total"] == c["items"]


def test_pattern_columns_are_in_every_style_of_the_bench() -> None:
    _, manifest = portal("bench")
    styles = {s["style"] for s in manifest.values()}
    assert styles == {"static", "ajax", "legacy_gbk"}


@pytest.mark.parametrize("case", CASES)
def test_every_pager_runs_past_one_page_somewhere_at_every_seed(case: str) -> None:
    """Each style's pagers and list modes each hold a list longer than one page: a reader must follow them."""
    want = {
        "static": {"createPageHTML", "createPageHTML6", "links"},
        "ajax": {"xml_embedded", "dataproxy", "json"},
        "legacy_gbk": {"count_links"},
    }
    for _app, site in sites(case):
        style = site["style"]
        long = [c for c in columns(site) if c["items"] > site["per_page"]]
        paged = {c["list_mode"] if style == "ajax" else c["pager"] for c in long}
        assert want[style] <= paged, (site["base_url"], paged)
