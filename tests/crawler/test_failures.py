"""How failures become outcomes: crawler/failures.classify, the anti-bot page detector, and the warnings
of recorded outcomes kept off the crawl's stderr."""

from __future__ import annotations

import logging

import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from crawler.extract.challenge import challenge_reason
from crawler.failures import (
    BlockedPage,
    PrivateAddressRefused,
    RedirectLoop,
    classify,
    quiet_recorded_warnings,
)
from crawler.outcome import FetchOutcome


def wrapped(outer: Exception, inner: Exception) -> Exception:
    outer.__cause__ = inner
    return outer


@pytest.mark.parametrize(
    ("exception", "outcome"),
    [
        (DownloadTimeoutError("Getting http://a/ took longer than 3 seconds."), FetchOutcome.TIMEOUT),
        (tx_error.TCPTimedOutError(), FetchOutcome.TIMEOUT),
        (CannotResolveHostError("a.gov.cn"), FetchOutcome.DNS),
        (tx_error.DNSLookupError("a.gov.cn"), FetchOutcome.DNS),
        (DownloadConnectionRefusedError("refused"), FetchOutcome.CONNECTION_REFUSED),
        (ResponseDataLossError(), FetchOutcome.CONNECTION_RESET),
        (ResponseNeverReceived([Failure(tx_error.ConnectionLost())]), FetchOutcome.CONNECTION_RESET),
        (
            wrapped(DownloadFailedError("x"), ResponseFailed([Failure(tx_error.ConnectionDone())])),
            FetchOutcome.CONNECTION_RESET,
        ),
        (DownloadCancelledError("larger than download max size"), FetchOutcome.TOO_LARGE),
        (
            IgnoreRequest("Ignored response because its body exceeded DOWNLOAD_MAXSIZE"),
            FetchOutcome.TOO_LARGE,
        ),
        (IgnoreRequest("Forbidden by robots.txt"), FetchOutcome.ROBOTS),
        (IgnoreRequest("max redirections reached"), FetchOutcome.REDIRECT_LOOP),
        (RedirectLoop("redirect loop: /a -> /b -> /a", status=302), FetchOutcome.REDIRECT_LOOP),
        (BlockedPage("HTTP 412 anti-bot challenge", status=412), FetchOutcome.BLOCKED),
        (PrivateAddressRefused("10.0.0.1 (private)"), FetchOutcome.PRIVATE_ADDRESS),
        (ValueError("something else"), FetchOutcome.OTHER_ERROR),
    ],
)
def test_classify(exception: Exception, outcome: FetchOutcome) -> None:
    found, _, text = classify(Failure(exception))
    assert found is outcome
    assert text.startswith(type(exception).__name__)


def test_http_errors_keep_their_status() -> None:
    response = HtmlResponse("http://a.gov.cn/x", status=503, body=b"busy")
    assert classify(Failure(HttpError(response))) == (FetchOutcome.HTTP_ERROR, 503, "HTTP 503")


CHALLENGE = (
    b'<html><head><script>$_ts=window["$_ts"];document.cookie="a=1";location.reload();</script>'
    b"</head><body></body></html>"
)
COOKIE_RELOAD = b"<html><script>document.cookie='k=v';window.location='/x';</script><p>loading</p></html>"
ARTICLE = (
    "<html><body><script>$_ts={};</script>" + "<p>" + "本机关依法公开政府信息。" * 100 + "</p></body></html>"
)


@pytest.mark.parametrize(
    ("status", "body", "blocked"),
    [
        (412, b"", True),
        (521, b"<script>document.cookie=1</script>", True),
        (200, CHALLENGE, True),
        (200, COOKIE_RELOAD, True),
        (503, b"<title>Just a moment...</title><div id='cf-chl-widget'></div>", True),
        (200, ARTICLE.encode(), False),  # a real page that carries a vendor script is not a challenge
        (200, b"<html><body><p>short page</p></body></html>", False),
        (404, b"<html>not found</html>", False),
    ],
)
def test_challenge_pages(status: int, body: bytes, blocked: bool) -> None:
    assert (challenge_reason(status, body) is not None) is blocked


def test_a_recorded_too_large_is_no_warning_but_other_warnings_stay(caplog: pytest.LogCaptureFixture) -> None:
    """The gzip bomb is stored as "too_large"; Scrapy's warning about it is lowered to DEBUG."""
    quiet_recorded_warnings()
    compression = logging.getLogger("scrapy.downloadermiddlewares.httpcompression")
    with caplog.at_level(logging.DEBUG):
        compression.warning("Ignored response <200 http://a/> … exceeded DOWNLOAD_MAXSIZE (10485760 B) …")
        compression.warning("something else a user should act on")
    levels = [(record.levelname, record.getMessage()[:16]) for record in caplog.records]
    assert levels == [("DEBUG", "Ignored response"), ("WARNING", "something else a")]
