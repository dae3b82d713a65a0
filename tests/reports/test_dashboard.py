"""The dashboard served by `govwatch web`, driven in Chromium: every page renders the stored numbers, a
manager sees only his own sites, crawled text stays text, and marking fixed needs the CSRF token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from portaldata import BUREAU, DISTRICT, PASSWORDS, RULEBOOK, XSS_TITLE, ReportData
from sqlalchemy import select
from sqlalchemy.orm import Session

from reports.labels import points
from storage import open_db
from storage.dbviews import EvidencePage
from storage.models import Finding
from storage.operations import ACTIVE_STATES, list_problems
from storage.scores import list_site_scores

PNG = b"\x89PNG\r\n\x1a\n"


def login(browser: Browser, base: str, name: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(base + "login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_url(base)
    return context, page


@pytest.fixture
def evaluator(browser: Browser, dashboard: str) -> Iterator[Page]:
    context, page = login(browser, dashboard, "ping")
    yield page
    context.close()


@pytest.fixture
def manager(browser: Browser, dashboard: str) -> Iterator[Page]:
    context, page = login(browser, dashboard, "wang")  # 示例区人民政府 only
    yield page
    context.close()


def shoot(page: Page, tmp_path: Path, name: str) -> None:
    image = page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert image.startswith(PNG) and len(image) > 5_000


def problem(data: ReportData, site: str, check: str) -> dict:
    return next(
        p for p in list_problems(open_db(data.db_url), sites=[site], states=()) if p["check"] == check
    )


def test_pages_need_a_login(browser: Browser, dashboard: str) -> None:
    page = browser.new_page()
    page.goto(dashboard + "sweeps")
    assert page.url == dashboard + "login"
    page.fill("input[name=name]", "ping")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.locator("#message").inner_text()
    page.close()


def test_overview_shows_every_site_with_score_and_open_problems(
    data: ReportData, evaluator: Page, dashboard: str, tmp_path: Path
) -> None:
    evaluator.goto(dashboard + f"?rulebook={RULEBOOK}")
    engine = open_db(data.db_url)
    totals = {t["site"]: t for t in list_site_scores(engine, data.sweeps[-1], RULEBOOK)}
    open_counts = {s: len(list_problems(engine, sites=[s], states=ACTIVE_STATES)) for s in totals}
    rows = evaluator.locator("#sites tr[data-site]")
    assert rows.count() == len(totals) == 3
    for i in range(rows.count()):
        row = rows.nth(i)
        site = row.get_attribute("data-site")
        assert (
            row.locator("td.total").inner_text()
            == f"{points(totals[site]['total'])}/{points(totals[site]['max_points'])}"
        )
        assert row.locator("td.open").inner_text() == str(open_counts[site])
        assert row.locator("svg.spark").count() == 1
    shoot(evaluator, tmp_path, "overview")


def test_site_page_shows_indicator_tree_problems_and_coverage(
    data: ReportData, evaluator: Page, dashboard: str, tmp_path: Path
) -> None:
    response = evaluator.goto(dashboard + f"sites/{data.site_ids[DISTRICT]}?rulebook={RULEBOOK}")
    assert response is not None and response.status == 200
    total = list_site_scores(open_db(data.db_url), data.sweeps[-1], RULEBOOK, [DISTRICT])[0]
    assert (
        f"总分 {points(total['total'])}/{points(total['max_points'])}"
        in evaluator.locator("#score-total").inner_text()
    )
    assert evaluator.locator("#tree tr[data-indicator='K.1.5']").count() == 1
    lost = [t for t in evaluator.locator("#tree td.lost").all_inner_texts() if t.strip()]
    assert lost, "points lost are shown"
    # homepage, 5 columns and the broken link's target: 7 tried, 6 fetched, 1 failed (HTTP 404)
    assert evaluator.locator("#coverage").inner_text() == "尝试 7 页，成功 6 页，失败 1 页。"
    assert "HTTP错误" in evaluator.locator("body").inner_text()
    assert evaluator.locator("svg.chart").count() == 2
    assert evaluator.get_by_text("待整改（").count() == 1
    shoot(evaluator, tmp_path, "site")


def test_problem_page_shows_evidence_screenshot_and_history_with_titles_as_text(
    data: ReportData, evaluator: Page, dashboard: str, tmp_path: Path
) -> None:
    stale = problem(data, DISTRICT, "freshness")
    evaluator.goto(dashboard + f"problems/{stale['id']}")
    text = evaluator.locator("body").inner_text()
    assert XSS_TITLE in text and evaluator.evaluate("() => window.__gw_xss") is None
    widths = evaluator.evaluate("() => [...document.images].map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths)
    history = evaluator.locator("#history tr").all_inner_texts()[1:]
    assert len(history) == len(stale["history"]) >= 1 and "批次 1" in history[0]
    assert evaluator.locator("form.mark").count() == 0  # evaluators verify; managers mark
    shoot(evaluator, tmp_path, "problem")
    snapshot = evaluator.request.get(
        dashboard + evaluator.locator("a[href$='/snapshot']").first.get_attribute("href")[1:]
    )
    assert (
        snapshot.headers["content-type"].startswith("text/plain")
        and "sandbox" in snapshot.headers["content-security-policy"]
    )


def test_sweep_list_shows_coverage_per_site(
    data: ReportData, evaluator: Page, dashboard: str, tmp_path: Path
) -> None:
    evaluator.goto(dashboard + "sweeps")
    text = evaluator.locator("#sweeps").inner_text()
    assert all(name in text for name in (DISTRICT, BUREAU)) and "HTTP错误 1" in text
    assert evaluator.locator("#sweeps tr").count() == 1 + 3 * len(data.sweeps)
    shoot(evaluator, tmp_path, "sweeps")


def test_manager_sees_only_own_sites(data: ReportData, manager: Page, dashboard: str, tmp_path: Path) -> None:
    assert manager.locator("#sites tr[data-site]").all_inner_texts()[0].startswith(DISTRICT)
    assert manager.locator("#sites tr[data-site]").count() == 1
    response = manager.goto(dashboard + f"sites/{data.site_ids[BUREAU]}")
    assert response is not None and response.status == 403
    shoot(manager, tmp_path, "forbidden")
    other = problem(data, BUREAU, "freshness")
    assert manager.request.get(dashboard + f"problems/{other['id']}").status == 403
    with Session(open_db(data.db_url)) as session:
        shot = session.scalar(select(EvidencePage.id).where(EvidencePage.site_id == data.site_ids[BUREAU]))
    assert manager.request.get(dashboard + f"evidence/{shot}/image").status == 403
    assert manager.goto(dashboard + f"sites/{data.site_ids[DISTRICT]}").status == 200


def test_marking_fixed_needs_the_csrf_token_and_the_site_manager(
    data: ReportData, manager: Page, browser: Browser, dashboard: str, tmp_path: Path
) -> None:
    blank = problem(data, DISTRICT, "blank_column")
    url = dashboard + f"problems/{blank['id']}"
    refused = manager.request.post(url + "/fixed", form={"note": "已补充人事信息"})
    assert refused.status == 403 and "CSRF 校验失败" in refused.text()
    forged = manager.request.post(url + "/fixed", form={"note": "已补充人事信息", "csrf": "guessed"})
    assert forged.status == 403
    assert problem(data, DISTRICT, "blank_column")["state"] == "open"
    other_context, other = login(browser, dashboard, "li")  # manages 示例市统计局 only
    assert other.goto(url).status == 403
    other_context.close()
    manager.goto(url)
    token = manager.locator("form.mark input[name=csrf]").get_attribute("value")
    assert manager.request.post(url + "/fixed", form={"note": "  ", "csrf": token}).status == 400
    assert problem(data, DISTRICT, "blank_column")["state"] == "open"
    manager.fill("form.mark textarea[name=note]", "已在人事信息栏目发布任免信息")
    manager.click("#mark-fixed")
    assert manager.locator("#state").inner_text() == "已整改待核实"
    shoot(manager, tmp_path, "marked")
    marked = problem(data, DISTRICT, "blank_column")
    assert marked["state"] == "fixed" and marked["history"][-1]["by"] == "wang"


def test_finding_page_shows_a_finding_not_followed_as_a_problem(
    data: ReportData, evaluator: Page, dashboard: str, tmp_path: Path
) -> None:
    with Session(open_db(data.db_url)) as session:
        finding = session.scalars(
            select(Finding).where(
                Finding.sweep_id == data.sweeps[-1],
                Finding.site_id == data.site_ids[BUREAU],
                Finding.check == "freshness",
                Finding.status == "fail",
            )
        ).one()
    evaluator.goto(dashboard + f"findings/{finding.id}")
    assert finding.message.split("。")[0] in evaluator.locator(".said").inner_text()
    assert "由抓取时保存的页面快照生成" in evaluator.locator("figcaption").inner_text()
    shoot(evaluator, tmp_path, "finding")
