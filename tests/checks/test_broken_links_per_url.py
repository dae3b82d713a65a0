"""broken_links and external_links on hand-built SiteViews: one finding per broken URL with every page that
links it, confirmed by a re-check; blocked is never broken; a cut-short site never passes a count."""

from __future__ import annotations

from datetime import date

from checkviews import run_one

from checks import Status
from storage.views import ExternalLinkView, HomepageView, LinkView, SiteView, Visibility

AS_OF = date(2026, 3, 2)
HOME = "http://a.gov.cn/"
GONE = "http://a.gov.cn/zt/gone.html"


def _view(*links: LinkView, external: tuple[ExternalLinkView, ...] = (), **kw) -> SiteView:
    return SiteView(
        site="甲", base_url=HOME, homepage=HomepageView(HOME), links=links, external_links=external, **kw
    )


def _broken(frm: str, to: str = GONE, anchor: str = "专题", recheck: str | None = "http_error") -> LinkView:
    return LinkView(frm, to, anchor, "http_error", 404, recheck)


def test_several_pages_linking_one_broken_url_make_one_finding_with_all_of_them() -> None:
    view = _view(
        _broken("http://a.gov.cn/p1.html", anchor="专题一"),
        _broken("http://a.gov.cn/p2.html", anchor="旧专题"),
        _broken("http://a.gov.cn/p3.html", anchor="专题一"),
        LinkView(HOME, "http://a.gov.cn/ok.html", "正常", "ok", 200),
    )
    gone, home, pages = run_one("broken_links", view, AS_OF)
    assert (gone.target, gone.status, gone.measured) == (GONE, Status.FAIL, 3)
    assert [(e.url, e.title) for e in gone.evidence] == [
        ("http://a.gov.cn/p1.html", "专题一"),
        ("http://a.gov.cn/p2.html", "旧专题"),
        ("http://a.gov.cn/p3.html", "专题一"),
    ]
    assert "“专题一”、“旧专题”" in gone.message and "HTTP 404" in gone.message and "经复核" in gone.message
    assert (home.status, pages.status, pages.measured) == (Status.PASS, Status.FAIL, 1)


def test_a_url_the_homepage_links_counts_in_the_homepage_scope_only() -> None:
    view = _view(_broken("http://a.gov.cn/p1.html"), _broken(HOME))
    gone, home, pages = run_one("broken_links", view, AS_OF)
    assert gone.evidence[0].url == HOME and gone.message.startswith("首页")
    assert (home.measured, pages.measured) == (1, 0)


def test_a_failure_without_its_recheck_is_unverifiable_and_gets_no_url_finding() -> None:
    findings = run_one("broken_links", _view(_broken("http://a.gov.cn/p1.html", recheck=None)), AS_OF)
    assert [(f.target, f.status) for f in findings] == [
        ("homepage_links", Status.PASS),
        ("page_links", Status.UNVERIFIABLE),
    ]
    assert findings[1].reason == "unconfirmed"


def test_a_412_or_challenge_is_blocked_not_broken() -> None:
    blocked = LinkView("http://a.gov.cn/p1.html", GONE, "专题", "blocked", 412, "blocked")
    findings = run_one("broken_links", _view(blocked), AS_OF)
    assert all(f.status is Status.PASS for f in findings) and len(findings) == 2


def test_derived_pagination_and_script_urls_are_never_links_of_a_page() -> None:
    view = _view(
        LinkView("http://a.gov.cn/list/", "http://a.gov.cn/list/index_7.html", "", "http_error", 404, "http_error", kind="pagination"),
        LinkView("http://a.gov.cn/list/", "http://a.gov.cn/x.jsp", "", "http_error", 404, "http_error", kind="script"),
    )  # fmt: skip
    assert [f.status for f in run_one("broken_links", view, AS_OF)] == [Status.PASS, Status.PASS]


def test_a_cut_short_site_never_passes_and_fails_only_on_what_was_seen() -> None:
    capped = {"not_followed": {"page cap": 40}}
    clean = run_one(
        "broken_links", _view(LinkView(HOME, "http://a.gov.cn/ok.html", "", "ok", 200), **capped), AS_OF
    )
    assert [(f.target, f.status, f.reason) for f in clean] == [
        ("homepage_links", Status.PASS, ""),  # every homepage link was requested
        ("page_links", Status.UNVERIFIABLE, "cut_short"),
    ]
    unrequested = _view(LinkView(HOME, "http://a.gov.cn/later.html"), **capped)
    assert run_one("broken_links", unrequested, AS_OF)[0].status is Status.UNVERIFIABLE
    seen = run_one("broken_links", _view(_broken("http://a.gov.cn/p1.html"), **capped), AS_OF)
    assert seen[-1].status is Status.FAIL and "至少1个" in seen[-1].message


def test_offsite_links_are_not_the_sites_own_and_are_judged_by_external_links() -> None:
    zwfw = "http://zwfw.example.gov.cn/"
    own = LinkView(HOME, zwfw, "政务服务网", offsite=True)
    dead = ExternalLinkView(
        zwfw, ((HOME, "政务服务网"), ("http://a.gov.cn/col/", "办事")), True, "dns", None, "dns"
    )
    view = _view(own, external=(dead,))
    assert [f.status for f in run_one("broken_links", view, AS_OF)] == [Status.PASS, Status.PASS]
    one, count = run_one("external_links", view, AS_OF)
    assert (one.target, one.status, one.measured) == (zwfw, Status.FAIL, 2)
    assert "域名解析失败" in one.message and "zwfw" not in count.target
    assert (count.target, count.status, count.measured) == ("external", Status.FAIL, 1)


def test_external_blocked_unconfirmed_and_unprobed_are_unverifiable_never_broken() -> None:
    blocked = ExternalLinkView("http://b.example/", ((HOME, "乙"),), True, "blocked", 412)
    assert [f.status for f in run_one("external_links", _view(external=(blocked,)), AS_OF)] == [Status.PASS]
    once = ExternalLinkView("http://c.example/", ((HOME, "丙"),), True, "http_error", 500)
    [f] = run_one("external_links", _view(external=(once,)), AS_OF)
    assert (f.status, f.reason) == (Status.UNVERIFIABLE, "unconfirmed")
    unprobed = ExternalLinkView("http://d.example/", ((HOME, "丁"),), True)
    [f] = run_one("external_links", _view(external=(unprobed,)), AS_OF)
    assert (f.status, f.reason) == (Status.UNVERIFIABLE, "not_probed")
    slow = ExternalLinkView("http://e.example/", ((HOME, "戊"),), True, "timeout", None, "timeout")
    assert [f.status for f in run_one("external_links", _view(external=(slow,)), AS_OF)] == [Status.PASS]


def test_messages_name_no_internal_ids() -> None:
    view = _view(_broken(HOME), _broken("http://a.gov.cn/p.html", "http://a.gov.cn/x.html"))
    for finding in run_one("broken_links", view, AS_OF):
        assert "homepage_links" not in finding.message and "page_links" not in finding.message


def test_an_unseen_homepage_leaves_the_homepage_scope_unverifiable() -> None:
    view = SiteView(site="甲", base_url=HOME, homepage=HomepageView(HOME, Visibility.FAILED))
    home, _ = run_one("broken_links", view, AS_OF)
    assert (home.status, home.reason) == (Status.UNVERIFIABLE, "homepage_unseen")
