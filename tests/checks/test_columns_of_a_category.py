"""Several columns of one category, each judged; and which documents owe a 解读 (issue 12/13 transition)."""

from __future__ import annotations

from datetime import date, timedelta

from checkviews import run_one

from checks.owed import Issuers, not_owed, own_prefix
from storage.views import ColumnView, DocumentView, ItemView, PageView, SiteView

AS_OF = date(2026, 11, 20)


def _column(key: str, name: str, age: int) -> ColumnView:
    day = AS_OF - timedelta(days=age)
    return ColumnView(
        id="gzdt",
        name=name,
        url=f"https://www.example.gov.cn/{key}/",
        key=f"https://www.example.gov.cn/{key}/",
        category="gzdt",
        items=(ItemView(f"{name}的一条新闻标题", f"https://www.example.gov.cn/{key}/1.html", day),),
    )


def test_a_stale_sub_column_is_not_hidden_by_a_fresh_sibling_of_its_category() -> None:
    view = SiteView(
        site="示例",
        base_url="https://www.example.gov.cn/",
        columns=(
            _column("zwyw", "政务要闻", 2),
            _column("gzdt", "工作动态", 5),
            _column("xzdt", "乡镇动态", 90),
        ),
    )
    findings = run_one("freshness", view, AS_OF, {"column": "gzdt", "max_age_days": 14})
    assert [(f.target, f.label, f.status.value) for f in findings] == [
        ("https://www.example.gov.cn/zwyw/", "政务要闻", "pass"),
        ("https://www.example.gov.cn/gzdt/", "工作动态", "pass"),
        ("https://www.example.gov.cn/xzdt/", "乡镇动态", "fail"),
    ]
    stale = findings[2]
    assert "「乡镇动态」" in stale.message and stale.measured == 90
    assert [e.url for e in stale.evidence] == [stale.target, "https://www.example.gov.cn/xzdt/1.html"]


def _doc(title: str, doc_no: str, issuer: str = "", kind: str = "政策文件") -> DocumentView:
    return DocumentView(
        url=f"https://a.gov.cn/{hash(title)}.html",
        title=title,
        kind=kind,
        fields={"文号": doc_no, "发布机构": issuer},
    )


def test_only_the_sites_own_policy_documents_owe_an_interpretation() -> None:
    own = [
        _doc("青山市人民政府关于印发《青山市优化营商环境若干措施》的通知", "青政发〔2026〕3号"),
        _doc("青山市人民政府办公室关于印发《青山市突发事件总体应急预案》的通知", "青政办发〔2026〕11号"),
        _doc("青山市民政局关于开展2026年市场监管专项检查的通知", "青民〔2026〕49号"),
        _doc("青山市2025年政务公开工作要点", ""),
    ]
    law = _doc("中华人民共和国数据安全法", "中华人民共和国主席令第八十四号", "全国人民代表大会常务委员会")
    superior = _doc(
        "福建省人民政府关于加快推进森林防火工作的实施意见", "闽政发〔2026〕28号", "福建省人民政府"
    )
    prefix = own_prefix([*own, law, superior])
    assert prefix == "青"
    issuers = Issuers(prefixes=(prefix,))  # the site's own 文号 代字, as read when nothing names the site
    reasons = [not_owed(d, issuers) for d in (*own, law, superior)]
    assert reasons == [None, None, "not_policy", "not_policy", "law", "other_issuer"]
    normative = _doc("青山市市场监督管理局关于开展专项检查的通知", "青市监规〔2026〕1号", kind="规范性文件")
    assert not_owed(normative, issuers) is None  # a 规范性文件 is policy by definition


def test_a_guessed_year_never_accuses_and_a_shown_future_date_does() -> None:
    guessed = ItemView(
        "首页上的一条新闻标题", "https://www.example.gov.cn/a.html", date(2027, 3, 5), year_inferred=True
    )
    home = _column("zwyw", "政务要闻", 2)
    view = SiteView(
        site="示例",
        base_url="https://www.example.gov.cn/",
        columns=(ColumnView(id="gzdt", name="政务要闻", items=(*home.items, guessed)),),
        pages=(
            PageView(
                url="https://www.example.gov.cn/b.html", title="一份文件", implausible_date=date(2027, 1, 8)
            ),
        ),
    )
    failed = [f for f in run_one("date_plausibility", view, AS_OF) if f.status.value == "fail"]
    assert [f.target for f in failed] == ["https://www.example.gov.cn/b.html"]
