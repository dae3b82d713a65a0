"""Edge cases of the site-fact checks that TOML cannot write: a null fact (TOML has no null)."""

from __future__ import annotations

from datetime import date

from checkviews import run_one

from storage.views import HomepageView, SiteView

AS_OF = date(2026, 3, 2)


def _view(**facts: object) -> SiteView:
    return SiteView(
        site="甲",
        base_url="http://127.0.0.1:8000/",
        homepage=HomepageView(url="http://127.0.0.1:8000/"),
        facts=facts,
    )


def test_no_search_form_measured_as_null_fails() -> None:
    [finding] = run_one("search_box", _view(search_form=None), AS_OF)
    assert finding.status.value == "fail" and finding.measured == 0


def test_an_unanswered_aaaa_lookup_is_unverifiable_not_a_failure() -> None:
    [finding] = run_one("ipv6", _view(ipv6=None), AS_OF)
    assert finding.status.value == "unverifiable" and finding.reason == "not_measured"
