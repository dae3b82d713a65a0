"""search_form(dom) finds a homepage's site search and nothing else; has_aaaa never looks up an IP literal."""

from __future__ import annotations

import pytest

from crawler.extract._dom import parse
from crawler.extract.search import SearchForm, search_form
from crawler.hostfacts import has_aaaa, ipv6_support

URL = "http://127.0.0.1:8000/"


def _form(html: str) -> SearchForm | None:
    return search_form(parse(f"<html><body>{html}</body></html>", URL))


@pytest.mark.parametrize(
    "html",
    [
        '<form action="/jsearchfront/search.do" method="get"><input name="websiteid" type="hidden"></form>',
        '<form action="/s"><input type="text" name="q" id="q"><input type="submit" value="搜 索"></form>',
        '<form name="search" action="/x"><input name="keyword"></form>',
        '<form action="/x"><input type="text" name="w" placeholder="请输入关键词"></form>',
        '<form action="/x"><input type="text" name="w"><button type="submit">检索</button></form>',
    ],
)
def test_search_forms_are_found(html: str) -> None:
    form = _form(html)
    assert form is not None and form.action.startswith(URL)


def test_the_action_is_absolute_and_the_method_upper_case() -> None:
    form = _form('<form class="search" action="search/index.html" method="post"><input name="q"></form>')
    assert form == SearchForm(action=URL + "search/index.html", method="POST")


@pytest.mark.parametrize(
    "html",
    [
        "",
        '<form action="/login"><input name="user"><input type="password" name="q"></form>',
        '<form action="/search/comment"><textarea name="body"></textarea><input name="q"></form>',
        '<form action="/vote"><input type="radio" name="q"><input type="submit" value="投票"></form>',
    ],
)
def test_other_forms_are_not_search(html: str) -> None:
    assert _form(html) is None


def test_ip_literal_hosts_are_unknown_without_a_lookup() -> None:
    assert has_aaaa("127.0.0.1") is None and has_aaaa("::1") is None and has_aaaa("") is None
    assert ipv6_support({"甲": "http://127.0.0.1:8000/", "乙": "http://[::1]:80/"}) == {
        "甲": None,
        "乙": None,
    }
