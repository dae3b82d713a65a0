"""run_checks: findings carry check and site, a crashing check is unverifiable, no fail on unseen pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from checkviews import CALENDAR

from checks.context import CheckContext
from checks.model import Evidence, Finding, Status
from checks.params import ParamsError
from checks.registry import Registry, UnknownCheckError
from checks.runner import EvidenceError, PlannedCheck, plan_from_mapping, run_checks
from storage.views import PageView, SiteView

DOC = "Rule: r.\nParams: url.\nUnverifiable when: never.\n"


@dataclass(frozen=True)
class UrlParams:
    url: str = "https://www.example.gov.cn/a.html"


def _registry() -> Registry:
    reg = Registry()

    def failing(view, p, ctx):
        yield ctx.fail("page", message="页面有问题。", evidence=[Evidence(url=p.url)])

    def crashing(view, p, ctx):
        yield ctx.pass_("first", message="先产生一条。")
        raise ZeroDivisionError("boom")

    def provisional(view, p, ctx):
        yield ctx.fail("doc", message="解读超时。", provisional_years=[2027])

    for fn in (failing, crashing, provisional):
        fn.__doc__ = DOC
        reg.check(id=fn.__name__, title="测试", params=UrlParams)(fn)
    return reg


VIEW = SiteView(
    site="示例站",
    base_url="https://www.example.gov.cn/",
    pages=(
        PageView(url="https://www.example.gov.cn/a.html"),
        PageView(url="https://www.example.gov.cn/blocked.html", outcome="blocked", status=412),
    ),
)
CTX = CheckContext(as_of=date(2026, 3, 2), calendar=CALENDAR, site="示例站")


def test_findings_carry_the_check_id_site_and_a_stable_key() -> None:
    [finding] = run_checks(VIEW, [PlannedCheck("failing")], CTX, registry=_registry())
    assert (finding.check, finding.site, finding.status) == ("failing", "示例站", Status.FAIL)
    assert finding.key == ("示例站", "failing", "page")
    assert finding.as_dict()["status"] == "fail" and finding.as_dict()["evidence"][0]["url"].endswith(
        "a.html"
    )


def test_a_crashing_check_becomes_one_unverifiable_finding_and_the_rest_still_run() -> None:
    plan = [PlannedCheck("crashing"), PlannedCheck("failing")]
    findings = run_checks(VIEW, plan, CTX, registry=_registry())
    assert [(f.check, f.status, f.reason) for f in findings] == [
        ("crashing", Status.UNVERIFIABLE, "check_error"),
        ("failing", Status.FAIL, ""),
    ]
    assert "ZeroDivisionError" in findings[0].message and "不计为问题" in findings[0].message


def test_strict_mode_re_raises_the_crash() -> None:
    with pytest.raises(ZeroDivisionError):
        run_checks(VIEW, [PlannedCheck("crashing")], CTX, strict=True, registry=_registry())


def test_a_fail_resting_on_a_page_that_was_not_fetched_is_turned_unverifiable() -> None:
    plan = [PlannedCheck("failing", {"url": "https://www.example.gov.cn/blocked.html"})]
    [finding] = run_checks(VIEW, plan, CTX, registry=_registry())
    assert finding.status is Status.UNVERIFIABLE and finding.reason == "not_fetched"
    with pytest.raises(EvidenceError, match="blocked.html"):
        run_checks(VIEW, plan, CTX, strict=True, registry=_registry())


def test_provisional_results_are_flagged_and_say_so_in_the_message() -> None:
    [finding] = run_checks(VIEW, [PlannedCheck("provisional")], CTX, registry=_registry())
    assert finding.provisional
    assert "2027年国务院办公厅节假日安排尚未发布" in finding.message and "临时" in finding.message


def test_plans_name_known_checks_with_valid_params() -> None:
    with pytest.raises(UnknownCheckError):
        run_checks(VIEW, [PlannedCheck("nope")], CTX, registry=_registry())
    with pytest.raises(ParamsError, match=r"failing\.url"):
        run_checks(
            VIEW, plan_from_mapping([{"check": "failing", "params": {"url": 3}}]), CTX, registry=_registry()
        )


def test_ctx_helpers_cover_every_status() -> None:
    ctx = CTX.for_check("demo")
    made: list[Finding] = [
        ctx.pass_("t", message="m"),
        ctx.fail("t", message="m"),
        ctx.warn("t", message="m"),
        ctx.unverifiable("t", reason="blocked"),
        ctx.not_applicable("t", reason="absent", message="m"),
    ]
    assert [f.status.value for f in made] == ["pass", "fail", "warn", "unverifiable", "not_applicable"]
    assert all(f.check == "demo" and f.site == "示例站" for f in made)
    assert made[3].message == "页面被防护拦截，本项本次无法核验，不计为问题。"
