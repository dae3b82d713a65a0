"""The portal over real HTTP: manifest consistency, determinism, encodings, defects, the server itself."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import zlib
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
import pytest

from testportal import Defects, PortalSpec, SiteSpec, bench_spec, demo_spec
from testportal.app import SiteApp
from testportal.server import running_portal

AS_OF = demo_spec().as_of
SKIP_OUTCOMES = ("timeout", "connection_reset", "too_large")  # each has its own test


def anchors(url: str, got) -> list[str]:  # noqa: ANN001 - Got from conftest
    doc = lxml.html.fromstring(got.text())
    hrefs = [h.strip() for h in doc.xpath("//a/@href")]
    return [urldefrag(urljoin(url, h))[0] for h in hrefs if not h.startswith(("javascript:", "#", "mailto:"))]


def test_every_manifest_url_is_served_as_stated_and_every_link_is_listed(demo, demo_manifest, get) -> None:
    for site in demo_manifest["sites"].values():
        netloc = urlsplit(site["base_url"]).netloc
        for url, page in site["pages"].items():
            if page["outcome"] in SKIP_OUTCOMES:
                continue
            got = get(url)
            assert got.status == page["status"], (url, page)
            if page["outcome"] != "ok" or page.get("trap") or "html" not in got.headers["content-type"]:
                continue
            for link in anchors(url, got):
                if urlsplit(link).netloc == netloc:
                    assert link in site["pages"], f"{url} links {link}, missing from the manifest"
                else:
                    assert link in site["offsite_links"], f"{url} links {link} off-site"


def test_same_spec_serves_the_same_bytes(demo, demo_manifest, get) -> None:
    def normalised(body: bytes, urls: dict[str, str]) -> bytes:
        for name, base in urls.items():
            body = body.replace(base.encode(), f"http://{name}.test/".encode())
        return body

    with running_portal(demo_spec()) as second:
        for name, site in demo_manifest["sites"].items():
            for url, page in list(site["pages"].items())[::3]:
                if page["outcome"] != "ok" or page.get("delay_seconds") or url == site["homepage"]:
                    continue
                other = url.replace(demo.urls[name], second.urls[name])
                assert normalised(get(url).body, demo.urls) == normalised(get(other).body, second.urls), url


def test_gbk_site_is_gbk_and_national_meta_tags_only_where_configured(demo, get) -> None:
    legacy = get(demo.urls["yunchuan"] + "index.asp")
    assert legacy.headers["content-type"] == "text/html; charset=gb2312"
    with pytest.raises(UnicodeDecodeError):
        legacy.body.decode("utf-8")
    text = legacy.body.decode("gbk")
    assert "云川县人民政府" in text and "<table" in text and 'name="SiteName"' not in text
    static = get(demo.urls["qingshan"]).text()
    assert '<meta name="SiteName" content="青山市人民政府">' in static and "今天是：2026年11月20日" in static


def test_realistic_variants_are_present(demo, demo_manifest, get) -> None:
    static, ajax, legacy = (demo_manifest["sites"][n] for n in ("qingshan", "linjiang", "yunchuan"))
    home = get(static["homepage"]).text()
    assert re.search(r"\[\d\d-\d\d\]", home) and "置顶" in home and "/ztzl/" in home
    script_col = next(
        c for c in static["columns"].values() if c["pager"] == "createPageHTML" and len(c["items"]) > 15
    )
    assert re.search(r'createPageHTML\(\d+, 0, "index", "html"\)', get(script_col["url"]).text())
    article = next(u for u, a in static["articles"].items() if a["column"] == "zcwj" and a["reachable"])
    page = get(article).text()
    assert "当前位置：" in page and "成文日期" in page and re.search(r"/\d{6}/t\d{8}_\d+\.html$", article)
    embedded = next(c for c in ajax["columns"].values() if c["list_mode"] == "xml_embedded" and c["items"])
    assert '<script type="text/xml"><datastore>' in get(embedded["url"]).text()
    empty = next(c for c in ajax["columns"].values() if c["list_mode"] == "dataproxy" and c["items"])
    assert empty["items"][0]["url"].split("/", 3)[3] not in get(empty["url"]).text()
    search = get(static["base_url"] + "search/?q=%E8%B4%A2%E6%94%BF%E6%94%B6%E6%94%AF").text()  # 财政收支
    assert "共找到" in search and static["columns"]["czsz"]["items"][0]["title"] in search
    full_width = next(c for c in legacy["columns"].values() if c["date_format"] == "fullwidth" and c["items"])
    assert re.search("[０-９]{4}－[０-９]{2}－[０-９]{2}", get(full_width["url"]).text())


def test_ajax_endpoints_answer_get_and_post(demo, demo_manifest, get) -> None:
    ajax = demo_manifest["sites"]["linjiang"]
    col = next(c for c in ajax["columns"].values() if c["list_mode"] == "dataproxy" and c["items"])
    proxy = next(
        u
        for u, p in ajax["pages"].items()
        if p["kind"] == "data"
        and "dataproxy" in u
        and "columnid=" + col["url"].split("/col/col")[1].split("/")[0] in u
    )
    base, _, form = proxy.partition("&col=")
    posted = get(
        base,
        method="POST",
        body=("col=" + form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert posted.status == 200 and posted.body == get(proxy).body
    assert posted.body.count(b"<record>") == min(45, len(col["items"]))
    assert col["items"][0]["url"].split("/", 3)[3] in posted.text()
    api = next(u for u, p in ajax["pages"].items() if p["kind"] == "data" and "/api/" in u)
    assert get(api).headers["content-type"].startswith("application/json")


def test_slow_page_does_not_hold_up_other_requests(get) -> None:
    spec = PortalSpec(3, AS_OF, (SiteSpec("s", pages=20, hostile=("slow_page",), slow_seconds=2.0),))
    with running_portal(spec) as portal:
        slow = portal.urls["s"] + "ztzl/slow_page/index.html"
        with pytest.raises(TimeoutError):
            get(slow, timeout=0.5)
        began = time.perf_counter()
        assert get(portal.urls["s"], timeout=1).status == 200
        assert time.perf_counter() - began < 0.5
        began = time.perf_counter()
        assert get(slow, timeout=5).status == 200 and time.perf_counter() - began >= 2.0


def test_connection_reset_gzip_bomb_and_errors(demo, get) -> None:
    with pytest.raises(ConnectionResetError):
        get(demo.urls["linjiang"] + "ztzl/connection_reset/index.html")
    bomb = get(demo.urls["linjiang"] + "ztzl/gzip_bomb/index.html")
    assert bomb.status == 200 and bomb.headers["content-encoding"] == "gzip" and len(bomb.body) < 1 << 20
    inflater, size = zlib.decompressobj(31), 0
    for i in range(0, len(bomb.body), 4096):
        size += len(inflater.decompress(bomb.body[i : i + 4096]))
    assert size >= 200 * 1024 * 1024
    assert get(demo.urls["qingshan"] + "ztzl/server_error/index.html").status == 500
    busy = get(demo.urls["qingshan"] + "ztzl/server_error/busy.html")
    assert busy.status == 503 and busy.headers["retry-after"] == "120"
    assert get(demo.urls["qingshan"] + "no/such/page.html").status == 404


def test_redirect_loop_wrong_charset_and_calendar(demo, get) -> None:
    first = get(demo.urls["qingshan"] + "ztzl/redirect_loop/index.html")
    second = get(urljoin(demo.urls["qingshan"], first.headers["location"]))
    assert first.status == second.status == 302
    assert urljoin(demo.urls["qingshan"], second.headers["location"]).endswith(
        "/ztzl/redirect_loop/index.html"
    )
    wrong = get(demo.urls["yunchuan"] + "ztzl/wrong_charset/index.html")
    assert wrong.headers["content-type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        wrong.body.decode("utf-8")
    assert "历史资料" in wrong.body.decode("gbk")
    url, seen = demo.urls["qingshan"] + "calendar/?month=2026-11", set()
    for _ in range(30):
        got = get(url)
        assert got.status == 200 and url not in seen
        seen.add(url)
        url = urljoin(url, re.search(r'href="([^"]+)">下一月', got.text()).group(1))
    assert url.endswith("?month=2029-05")


def test_challenge_412_sets_a_cookie_and_the_cookie_passes(demo, demo_manifest, get) -> None:
    url = demo.urls["linjiang"] + "ztzl/challenge_412/index.html"
    blocked = get(url)
    assert (
        blocked.status == 412 and b"document.cookie" in blocked.body and b"location.replace" in blocked.body
    )
    cookie = re.search(rb'"(FSSBBIl1UgzbN7N80T=[0-9a-f]+);', blocked.body).group(1).decode()
    assert get(url, headers={"Cookie": cookie}).status == 200
    column = demo_manifest["sites"]["linjiang"]["columns"]["rsxx"]["url"]
    assert get(column).status == 412 and get(column, headers={"Cookie": cookie}).status == 200


def test_homepage_fails_the_last_request_in_every_five(get) -> None:
    spec = PortalSpec(
        1, AS_OF, (SiteSpec("s", style="legacy_gbk", pages=10, defects=Defects(homepage_fail_rate=(1, 5))),)
    )
    with running_portal(spec) as portal:
        statuses = [get(portal.urls["s"]).status for _ in range(10)]
        assert get(portal.urls["s"] + "index.asp").status == 200  # an alias page is not the probed base URL
        manifest = portal.manifest["sites"]["s"]
    assert statuses == [200, 200, 200, 200, 503] * 2
    assert manifest["homepage_fail_rate"] == [1, 5]
    assert {
        "kind": "homepage_fail_rate",
        "url": portal.urls["s"],
        "fail": 1,
        "every": 5,
        "status": 503,
    } in manifest["defects"]


def test_traps_never_end(demo, demo_manifest, get) -> None:
    base = demo.urls["trap"]
    prefixes = [t["prefix"] for t in demo_manifest["sites"]["trap"]["traps"]]
    assert sorted(prefixes) == sorted(base + p for p in ("ztbd/zt/", "hdjl/wsxf.jsp", "hdjl/msg.jsp"))
    url = base + "ztbd/zt/"
    for _ in range(24):
        got = get(url)
        assert got.status == 200
        url = next(u for u in anchors(url, got) if u.endswith("zt/") and len(u) > len(url))
    assert url.count("zt/") == 25
    for start in ("hdjl/wsxf.jsp;jsessionid=A1B2C3D4E5F6", "hdjl/msg.jsp?sid=7f3a9c"):
        url, seen = base + start, set()
        for _ in range(10):
            seen.add(url)
            got = get(url)
            assert got.status == 200
            url = next(u for u in anchors(url, got) if ("jsessionid" in u or "sid=" in u))
            assert url not in seen


def test_hits_are_counted_per_path(demo, get) -> None:
    demo.hits(reset=True)
    target = demo.urls["qingshan"] + "zwgk/"
    get(target)
    get(target)
    assert demo.hits()["qingshan"] == {"/zwgk/": 2}


def test_keep_alive_and_a_deep_accept_queue(demo) -> None:
    port = urlsplit(demo.urls["qingshan"]).port
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(300)]
    try:
        for sock in sockets:
            sock.sendall(b"GET /zwgk/ HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        for sock in sockets:
            data = b""
            while data.count(b"HTTP/1.1 200 OK") < 2 or not data.endswith(b"/search/\n"):
                chunk = sock.recv(65536)
                assert chunk, data[:200]
                data += chunk
            assert b"Content-Length: " in data and b"Connection: keep-alive" in data
    finally:
        for sock in sockets:
            sock.close()


@pytest.mark.skipif(shutil.which("ss") is None, reason="needs ss (iproute2) to read the listen backlog")
def test_listen_backlog_is_deep(demo) -> None:
    """Regression: asyncio re-listens with backlog 100 unless start_server is given the backlog too."""
    for url in demo.urls.values():
        port = urlsplit(url).port
        line = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True)
        assert int(line.stdout.split()[2]) >= 1024, line.stdout


def test_ten_thousand_page_portal_starts_fast_and_serves_its_last_page(get) -> None:
    spec = bench_spec(sites=1, pages=10_000)
    began = time.perf_counter()
    with running_portal(spec) as portal:
        assert time.perf_counter() - began < 2.0
        style = SiteApp(spec, spec.sites[0]).style
        content = style.site
        oldest = content.item("gzdt", content.counts["gzdt"] - 1)
        base = portal.urls["site000"].rstrip("/")
        assert content.counts["gzdt"] > 1500
        assert get(base + style.column_url("gzdt", content.page_count("gzdt") - 1)).status == 200
        assert get(base + style.article_url(oldest)).status == 200


def test_subprocess_stops_on_eof_and_on_sigterm() -> None:
    spec = PortalSpec(1, AS_OF, (SiteSpec("s", pages=10),))
    with running_portal(spec) as portal:
        port = urlsplit(portal.urls["s"]).port
    assert portal.process.returncode == 0
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)
    with running_portal(spec) as portal:
        portal.process.terminate()
        assert portal.process.wait(timeout=10) == 0


def test_cli_prints_manifest_and_spec() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "testportal", "spec", "--preset", "bench", "--sites", "2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert '"site001"' in done.stdout
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "testportal",
            "manifest",
            "--preset",
            "bench",
            "--sites",
            "1",
            "--pages",
            "50",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert '"site000"' in done.stdout and '"pages"' in done.stdout
