"""解读 owed only for the site's own policy documents, paired only by what names them, judged only on
what was seen (issue 13). Hand-built views of a county bureau's site, the case the issue reports: its
「未发现政策解读」 fails were reposted laws, other levels' documents and the bureau's own work plans."""

from __future__ import annotations

from datetime import date

from checkviews import run_one, view_from_dict

from checks.matching import pair_interpretations
from checks.model import Status
from checks.owed import Issuers, issuer_of, not_owed, own_issuers

BASE = "https://www.example.gov.cn"
BUREAU = "青山县人力资源和社会保障局"
AS_OF = date(2026, 7, 1)
RULE = "青山县人力资源和社会保障局关于印发《青山县职业技能培训补贴管理办法》的通知"


def _doc(n: int, title: str, issuer: str = "", doc_no: str = "", **extra) -> dict:
    fields = {k: v for k, v in (("发布机构", issuer), ("文号", doc_no)) if v}
    return {
        "url": f"{BASE}/zcwj/{n}.html",
        "title": title,
        "publish_date": extra.pop("published", date(2026, 4, 1)),
        "kind": extra.pop("kind", "政策文件"),
        "fields": fields,
        **extra,
    }


def _view(documents: list[dict], **more) -> dict:
    return {
        "site": "青山县人社局",
        "facts": {"sponsor": BUREAU, "site_name": BUREAU},
        "documents": documents,
        **more,
    }


def _by_target(findings) -> dict:
    return {f.target.removeprefix(f"{BASE}/"): f for f in findings}


def test_only_the_bureaus_own_policy_documents_owe_a_interpretation() -> None:
    view = view_from_dict(
        _view(
            [
                _doc(
                    1, "中华人民共和国劳动法", "全国人民代表大会常务委员会", "中华人民共和国主席令第二十八号"
                ),
                _doc(2, "中华人民共和国社会保险法（2018年修正）"),
                _doc(
                    3,
                    "山东省人力资源和社会保障厅关于进一步做好稳就业工作的实施意见",
                    "",
                    "鲁人社发〔2026〕3号",
                ),
                _doc(4, "关于印发《青山县就业促进办法》的通知", "青山县人民政府", "青政发〔2026〕2号"),
                _doc(5, "青山县人力资源和社会保障局2026年工作要点", BUREAU),
                _doc(6, "青山县人力资源和社会保障局党组理论学习中心组2026年学习计划", BUREAU),
                _doc(7, RULE, BUREAU, "青人社规〔2026〕1号", kind="规范性文件"),
            ]
        )
    )
    found = _by_target(run_one("interpretation_lag", view, AS_OF))
    reasons = {t: (f.status.value, f.reason) for t, f in found.items()}
    assert reasons == {
        "zcwj/1.html": ("not_applicable", "law"),
        "zcwj/2.html": ("not_applicable", "law"),
        "zcwj/3.html": ("not_applicable", "other_issuer"),  # the province's
        "zcwj/4.html": ("not_applicable", "other_issuer"),  # the county government's, not the bureau's
        "zcwj/5.html": ("not_applicable", "not_policy"),
        "zcwj/6.html": ("not_applicable", "not_policy"),
        "zcwj/7.html": ("fail", ""),
        "ratio": ("pass", ""),
    }
    assert (
        "转载的法律法规" in found["zcwj/1.html"].message
        and "《中华人民共和国劳动法》" in found["zcwj/1.html"].message
    )
    assert "其他机关制发" in found["zcwj/3.html"].message
    assert "至今未发现对应的政策解读" in found["zcwj/7.html"].message
    assert found["ratio"].measured == 0.0 and "1份文件中0份有解读" in found["ratio"].message


def test_a_document_whose_issuer_is_unknown_is_left_out_and_counted_in_the_ratio() -> None:
    unknown = _doc(
        2, "关于印发《青山县创业担保贷款实施细则》的通知"
    )  # no 发布机构, no 文号, no issuer in its title
    view = view_from_dict(_view([_doc(1, RULE, BUREAU, kind="规范性文件"), unknown]))
    found = _by_target(run_one("interpretation_lag", view, AS_OF))
    assert set(found) == {"zcwj/1.html", "ratio"}  # no verdict on the unknown one
    ratio = found["ratio"]
    assert ratio.measured == 0.0 and "1份文件中0份有解读" in ratio.message
    assert "另有1份文件无法确定发文机关" in ratio.message
    assert [e.note for e in ratio.evidence if e.url.endswith("zcwj/2.html")] == ["无法确定发文机关，未计入"]
    alone = _by_target(run_one("interpretation_lag", view_from_dict(_view([unknown])), AS_OF))
    assert (alone["ratio"].status, alone["ratio"].reason) == (Status.UNVERIFIABLE, "unknown_issuer")


def test_the_sites_issuers_come_from_its_footer_its_name_and_config() -> None:
    untitled = "关于印发《青山县职业技能培训补贴管理办法》的通知"  # its title names no issuer
    doc = view_from_dict(_view([_doc(1, untitled, "市人社局")])).documents[0]
    nothing = view_from_dict({"site": "qingshan-hrss", "documents": [_doc(1, RULE, "政策法规股")]})
    assert own_issuers(nothing) == Issuers() and issuer_of(nothing.documents[0], Issuers()) == "unknown"
    sponsored = view_from_dict({"site": "qingshan-hrss", "facts": {"sponsor": BUREAU}})
    assert own_issuers(sponsored).names == (BUREAU,)
    assert issuer_of(nothing.documents[0], own_issuers(sponsored)) == "own"  # a unit of the bureau
    # a short name the site does not show is made the bureau's in config
    configured = view_from_dict({"site": "x", "facts": {"sponsor": BUREAU, "issuers": ["县人社局"]}})
    assert issuer_of(doc, own_issuers(sponsored)) == "other"
    assert (
        issuer_of(
            view_from_dict(_view([_doc(1, untitled, "县人社局")])).documents[0], own_issuers(configured)
        )
        == "own"
    )
    # a 文号 alone: the bureau's only when its 代字 is known (configured here)
    numbered = _view([_doc(1, "关于印发《青山县培训办法》的通知", "", "青人社发〔2026〕9号")])
    assert (
        issuer_of(view_from_dict(numbered).documents[0], own_issuers(view_from_dict(numbered))) == "unknown"
    )
    prefixed = view_from_dict({**numbered, "facts": {"sponsor": BUREAU, "doc_prefixes": ["青人社"]}})
    assert issuer_of(prefixed.documents[0], own_issuers(prefixed)) == "own"


def test_a_government_owns_its_departments_not_the_governments_above_or_below() -> None:
    own = Issuers(names=("青山市人民政府",))
    assert [own.body(b) for b in ("青山市人民政府办公室", "青山市教育局", "市政府办公室", "教育局")] == [
        True
    ] * 4
    assert [
        own.body(b) for b in ("山东省人民政府", "青山市某某区人民政府", "县人民政府", "国家发展和改革委员会")
    ] == [False] * 4
    law = _doc(1, "中华人民共和国劳动法")
    assert not_owed(view_from_dict({"documents": [law]}).documents[0], own) == "law"


NEWS = [
    "县人社局召开2026年就业工作推进会",
    "我县举办春风行动专场招聘会",
    "县领导调研人力资源市场建设",
    "全县劳动保障监察工作会议召开",
    "县人社局开展安全生产大检查",
    "青山县2026年第一季度城镇新增就业情况",
]


def test_a_side_block_headline_never_pairs_and_a_related_link_or_a_quoted_title_does() -> None:
    news = [{"url": f"{BASE}/xwdt/{i}.html", "title": t, "links": []} for i, t in enumerate(NEWS)]
    related = {"url": f"{BASE}/zcjd/1.html", "title": "图解：一图读懂", "links": []}
    quoted = {"url": f"{BASE}/zcjd/2.html", "title": "《青山县创业担保贷款实施细则》政策解读", "links": []}
    rule = _doc(1, RULE, BUREAU, kind="规范性文件", links=[n["url"] for n in news] + [related["url"]])
    loan = _doc(2, "青山县人力资源和社会保障局关于印发《青山县创业担保贷款实施细则》的通知", BUREAU)
    view = view_from_dict(_view([rule, loan], interpretations=[*news, related, quoted]))
    pairs = pair_interpretations(view.documents, view.interpretations)
    assert [(p.document.url[-11:], p.interpretation.url[-11:], p.by) for p in pairs] == [
        ("zcwj/1.html", "zcjd/1.html", "link"),  # its 相关解读 link: a 解读 that names no other document
        ("zcwj/2.html", "zcjd/2.html", "title"),  # names it in 《》
    ]
    linkage = run_one("linkage", view, AS_OF)
    # two pairs judged, not six headlines: neither links back, so each fails once
    assert sorted((f.target, f.status.value) for f in linkage) == [
        (f"{BASE}/zcwj/1.html <-> {related['url']}", "fail"),
        (f"{BASE}/zcwj/2.html <-> {quoted['url']}", "fail"),
    ]


def test_a_link_from_several_documents_is_a_side_block_and_pairs_none_of_them() -> None:
    newest = {"url": f"{BASE}/zcjd/9.html", "title": "政策问答", "links": []}
    docs = [
        _doc(n, f"{BUREAU}关于印发《青山县第{n}项补贴办法》的通知", BUREAU, links=[newest["url"]])
        for n in (1, 2)
    ]
    view = view_from_dict(_view(docs, interpretations=[newest]))
    assert pair_interpretations(view.documents, view.interpretations) == []


def _partial_view(complete: bool) -> dict:
    read = [date(2026, 6, 1), date(2026, 5, 2), date(2026, 4, 1)]  # newest first; 4月1日 the oldest read
    column = {
        "id": "zcjd",
        "name": "政策解读",
        "complete": complete,
        "reason": "" if complete else "列表称共97条，读到45条",
        "items": [
            {"title": f"解读{i}", "url": f"{BASE}/zcjd/{i}.html", "date": d} for i, d in enumerate(read)
        ],
    }
    interps = [
        {"url": f"{BASE}/zcjd/{i}.html", "title": f"《青山县第{i}号其他办法》解读", "publish_date": d}
        for i, d in enumerate(read)
    ]
    older = _doc(1, RULE, BUREAU, kind="规范性文件", published=date(2026, 3, 2))
    newer = _doc(2, f"{BUREAU}关于印发《青山县技能人才评价办法》的通知", BUREAU, published=date(2026, 5, 6))
    return _view([older, newer], columns=[column], interpretations=interps)


def test_on_a_partial_interpretation_list_only_what_was_seen_accuses() -> None:
    found = _by_target(run_one("interpretation_lag", view_from_dict(_partial_view(complete=False)), AS_OF))
    older, newer = found["zcwj/1.html"], found["zcwj/2.html"]
    assert (older.status, older.reason) == (Status.UNVERIFIABLE, "incomplete")
    assert (
        "已读取的最早一篇解读发布于2026年04月01日" in older.message
        and "列表称共97条，读到45条" in older.message
    )
    assert newer.status is Status.FAIL  # its 解读 would be dated after 4月1日: within what was read
    whole = _by_target(run_one("interpretation_lag", view_from_dict(_partial_view(complete=True)), AS_OF))
    assert whole["zcwj/1.html"].status is Status.FAIL  # the whole list was read: nothing hides it


def test_messages_name_no_taxonomy_id() -> None:
    views = [
        _partial_view(False),
        _partial_view(True),
        _view([_doc(1, "中华人民共和国劳动法"), _doc(2, RULE, BUREAU)]),
    ]
    blocked = _view([_doc(1, RULE, BUREAU)], columns=[{"id": "zcjd", "name": "", "visibility": "blocked"}])
    for d in (*views, blocked):
        for check in ("interpretation_lag", "linkage"):
            for f in run_one(check, view_from_dict(d), AS_OF):
                assert "zcjd" not in f.message and "zcwj" not in f.message, f.message


def test_a_normative_number_makes_a_paper_policy_but_a_planning_bureaus_code_does_not() -> None:
    own = Issuers(names=("青山市人民政府",), prefixes=("青",))
    normative = _doc(1, "青山市市场监督管理局关于开展专项检查的通知", "", "青市监规〔2026〕1号")
    planning = _doc(
        2, "青山市自然资源和规划局关于开展2026年防汛抗旱专项检查的通知", "", "青自然资规〔2026〕13号"
    )
    docs = view_from_dict({"documents": [normative, planning]}).documents
    assert [not_owed(d, own) for d in docs] == [None, "not_policy"]
