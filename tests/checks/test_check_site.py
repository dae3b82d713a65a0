"""Document and site checks: required fields, keyword hits, broken links, implausible dates."""

from __future__ import annotations

from datetime import date

from checkviews import run_one, view_from_dict

from checks.model import Status

BASE = "https://www.example.gov.cn"
AS_OF = date(2026, 3, 2)
FULL = {"文号": "示政发〔2026〕3号", "成文日期": "2026-02-20", "发布日期": "2026-02-25", "有效性": "有效"}


def _doc(n: int, fields: dict, kind: str = "规范性文件", **extra) -> dict:
    return {"url": f"{BASE}/gfxwj/{n}.html", "title": f"文件{n}", "kind": kind, "fields": fields, **extra}


def test_fields_lists_what_each_document_lacks() -> None:
    partial = {k: v for k, v in FULL.items() if k not in ("文号", "有效性")}
    view = view_from_dict(
        {
            "documents": [
                _doc(1, FULL),
                _doc(2, partial),
                _doc(3, {**FULL, "有效性": "  "}),
                _doc(4, {}, kind="政策文件"),
            ]
        }
    )
    found = run_one("fields", view, AS_OF)
    assert [(f.target[-6:], f.status.value, f.measured) for f in found] == [
        ("1.html", "pass", 4),
        ("2.html", "fail", 2),
        ("3.html", "fail", 3),
    ]
    assert "缺少文号、有效性" in found[1].message and found[1].evidence[0].url.endswith("2.html")


def test_fields_checks_power_list_elements_by_params() -> None:
    elements = ["职权名称", "编码", "类型", "依据", "行使主体", "流程图", "监督方式"]
    shown = {name: "有" for name in elements if name != "流程图"}
    view = view_from_dict({"documents": [_doc(1, shown, kind="权责清单")]})
    [f] = run_one("fields", view, AS_OF, {"kind": "权责清单", "required": elements})
    assert f.status is Status.FAIL and f.measured == 6 and f.limit == 7 and "缺少流程图" in f.message


def test_fields_not_applicable_without_documents_and_unverifiable_behind_a_blocked_column() -> None:
    assert run_one("fields", view_from_dict({}), AS_OF)[0].status is Status.NOT_APPLICABLE
    blocked = view_from_dict({"columns": [{"id": "gfxwj", "visibility": "blocked"}]})
    assert run_one("fields", blocked, AS_OF, {"column": "gfxwj"})[0].status is Status.UNVERIFIABLE


def _pages(*texts: str | None, extra: list[dict] | None = None) -> dict:
    return {
        "pages": [{"url": f"{BASE}/{i}.html", "title": f"页面{i}", "text": t} for i, t in enumerate(texts)]
        + (extra or [])
    }


def test_keyword_hits_counts_every_occurrence_as_the_measured_value() -> None:
    view = view_from_dict(_pages("巩固脱贫攻坚成果，推进乡村振兴。脱贫攻坚", "生态环保督察", "无关内容"))
    [f] = run_one("keyword_hits", view, AS_OF, {"keywords": ["脱贫攻坚", "生态环保"], "min_hits": 3})
    assert (f.status, f.measured, f.limit) == (Status.PASS, 3, 3)
    assert [e.note for e in f.evidence] == ["2次", "1次"]
    [titles] = run_one("keyword_hits", view, AS_OF, {"keywords": ["页面"], "scope": "titles"})
    assert titles.measured == 3


def test_keyword_hits_fails_under_the_minimum_unless_pages_were_hidden_from_us() -> None:
    params = {"keywords": ["脱贫攻坚"], "min_hits": 3}
    view = view_from_dict(
        _pages("脱贫攻坚", extra=[{"url": f"{BASE}/404.html", "outcome": "http_error", "status": 404}])
    )
    assert run_one("keyword_hits", view, AS_OF, params)[0].status is Status.FAIL
    hidden = view_from_dict(
        _pages("脱贫攻坚", extra=[{"url": f"{BASE}/x.html", "outcome": "blocked", "status": 412}])
    )
    assert run_one("keyword_hits", hidden, AS_OF, params)[0].status is Status.UNVERIFIABLE
    no_text = view_from_dict(_pages(None))
    assert run_one("keyword_hits", no_text, AS_OF, params)[0].status is Status.UNVERIFIABLE


def _link(
    frm: str, to: str, outcome: str | None, recheck: str | None = None, status: int | None = None
) -> dict:
    return {
        "from_url": frm,
        "to_url": to,
        "anchor": "链接",
        "outcome": outcome,
        "recheck_outcome": recheck,
        "status": status,
    }


HOME = f"{BASE}/"


def test_broken_links_count_homepage_and_other_pages_apart_and_only_confirmed() -> None:
    view = view_from_dict(
        {
            "homepage": {"url": HOME},
            "links": [
                _link(HOME, f"{BASE}/gone.html", "http_error", "http_error", 404),
                _link(f"{BASE}/a.html", f"{BASE}/gone.html", "http_error", "http_error", 404),
                _link(f"{BASE}/b.html", f"{BASE}/gone.html", "http_error", "http_error", 404),
                _link(f"{BASE}/a.html", f"{BASE}/flaky.html", "timeout", "ok"),
                _link(f"{BASE}/a.html", f"{BASE}/waf.html", "blocked", "blocked"),
                _link(HOME, f"{BASE}/ok.html", "ok"),
            ],
        }
    )
    gone, home, pages = run_one("broken_links", view, AS_OF)
    assert (gone.target, gone.status, gone.measured) == (f"{BASE}/gone.html", Status.FAIL, 3)
    assert (home.target, home.status, home.measured) == ("homepage_links", Status.FAIL, 1)
    # gone.html is linked from the homepage: it counts there, once, not again among the other pages
    assert (pages.target, pages.status, pages.measured) == ("page_links", Status.PASS, 0)
    assert "HTTP 404" in home.message and home.evidence[0].url == HOME
    view = view_from_dict(
        {
            "homepage": {"url": HOME},
            "links": [_link(f"{BASE}/a.html", f"{BASE}/gone.html", "http_error", "http_error", 404)],
        }
    )
    assert run_one("broken_links", view, AS_OF)[-1].status is Status.FAIL
    assert run_one("broken_links", view, AS_OF, {"max_other": 1})[-1].status is Status.PASS


def test_broken_links_not_yet_rechecked_are_unverifiable_and_a_blocked_homepage_too() -> None:
    view = view_from_dict(
        {"homepage": {"url": HOME}, "links": [_link(HOME, f"{BASE}/x.html", "http_error", None, 404)]}
    )
    home, pages = run_one("broken_links", view, AS_OF)
    assert home.status is Status.UNVERIFIABLE and pages.status is Status.PASS
    assert run_one("broken_links", view, AS_OF, {"require_recheck": False})[0].status is Status.FAIL
    blocked = view_from_dict({"homepage": {"url": HOME, "visibility": "blocked"}})
    assert run_one("broken_links", blocked, AS_OF)[0].status is Status.UNVERIFIABLE


def test_date_plausibility_flags_future_dates() -> None:
    view = view_from_dict(
        {
            "columns": [
                {
                    "id": "tzgg",
                    "items": [
                        {"title": "未来的通知", "url": f"{BASE}/tzgg/1.html", "date": date(2026, 3, 9)},
                        {"title": "今天的通知", "url": f"{BASE}/tzgg/2.html", "date": AS_OF},
                    ],
                }
            ]
        }
    )
    [f] = run_one("date_plausibility", view, AS_OF)
    assert f.status is Status.FAIL and f.target.endswith("/tzgg/1.html") and "晚于检测日" in f.message
    assert run_one("date_plausibility", view, AS_OF, {"future_grace_days": 7})[0].status is Status.PASS


def test_date_plausibility_flags_dates_changed_since_the_previous_sweep() -> None:
    def docs(published: date) -> object:
        return view_from_dict(
            {"documents": [{"url": f"{BASE}/zcwj/1.html", "title": "某文件", "publish_date": published}]}
        )

    [f] = run_one("date_plausibility", docs(date(2026, 2, 20)), AS_OF, previous=docs(date(2026, 1, 5)))
    assert f.status is Status.WARN and "日期由2026年01月05日变为2026年02月20日" in f.message
    strict = run_one(
        "date_plausibility",
        docs(date(2026, 2, 20)),
        AS_OF,
        {"changed_status": "fail"},
        previous=docs(date(2026, 1, 5)),
    )
    assert strict[0].status is Status.FAIL
    [same] = run_one("date_plausibility", docs(date(2026, 2, 20)), AS_OF, previous=docs(date(2026, 2, 20)))
    assert same.status is Status.PASS and "比对无变化" in same.message


def test_date_plausibility_without_dates_is_unverifiable() -> None:
    assert run_one("date_plausibility", view_from_dict({}), AS_OF)[0].status is Status.UNVERIFIABLE
