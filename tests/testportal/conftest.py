"""Fixtures for the test-portal tests: the demo portal served once per session, and a raw HTTP client."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from testportal import demo_spec
from testportal.server import RunningPortal, running_portal


@dataclass
class Got:
    status: int
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        """The body decoded by its header charset, or as GB18030 where that label is wrong (wrong_charset)."""
        charset = self.headers.get("content-type", "").partition("charset=")[2] or "utf-8"
        try:
            return self.body.decode("gb18030" if charset.lower() in ("gb2312", "gbk") else charset)
        except UnicodeDecodeError:
            return self.body.decode("gb18030")


def fetch(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Got:
    """One request over a fresh connection; redirects are not followed and gzip is not decoded."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(
            method,
            (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
            body=body,
            headers=headers or {},
        )
        response = conn.getresponse()
        return Got(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


@pytest.fixture(scope="session")
def demo() -> Iterator[RunningPortal]:
    with running_portal(demo_spec()) as portal:
        yield portal


@pytest.fixture(scope="session")
def demo_manifest(demo: RunningPortal) -> dict:
    return demo.manifest


@pytest.fixture
def get():  # noqa: ANN201 - returns fetch
    """fetch(url, method=, body=, headers=, timeout=) -> Got, as a fixture (conftest is not importable)."""
    return fetch
