"""How a failed request ended, as a FetchOutcome with its status and reason text (failure is data).

The exceptions defined here are raised by govwatch's middlewares; classify() also maps Scrapy's and
Twisted's download errors, so every errback can store the failure as a page row.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from crawler.outcome import FetchOutcome

_ERROR_MAX = 500


class GovwatchRefusal(IgnoreRequest):
    """A request govwatch itself stops; `outcome` says why. IgnoreRequest, so it is never retried."""

    outcome = FetchOutcome.OTHER_ERROR

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class BlockedPage(GovwatchRefusal):
    outcome = FetchOutcome.BLOCKED


class PrivateAddressRefused(GovwatchRefusal):
    outcome = FetchOutcome.PRIVATE_ADDRESS


class RedirectLoop(GovwatchRefusal):
    outcome = FetchOutcome.REDIRECT_LOOP


class OffsiteRedirect(GovwatchRefusal):
    outcome = FetchOutcome.OTHER_ERROR


_BY_TYPE: tuple[tuple[tuple[type[BaseException], ...], FetchOutcome], ...] = (
    ((DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError), FetchOutcome.TIMEOUT),
    ((CannotResolveHostError, tx_error.DNSLookupError), FetchOutcome.DNS),
    ((DownloadConnectionRefusedError, tx_error.ConnectionRefusedError), FetchOutcome.CONNECTION_REFUSED),
    ((DownloadCancelledError,), FetchOutcome.TOO_LARGE),  # the handler cancels only over DOWNLOAD_MAXSIZE
    (
        (
            ResponseDataLossError,
            tx_error.ConnectionLost,
            tx_error.ConnectionDone,
            tx_error.ConnectionAborted,
            ResponseNeverReceived,
            ConnectionResetError,
        ),
        FetchOutcome.CONNECTION_RESET,
    ),
)
# Plain IgnoreRequest messages raised by Scrapy's own middlewares.
_BY_MESSAGE = (
    ("Forbidden by robots.txt", FetchOutcome.ROBOTS),
    ("DOWNLOAD_MAXSIZE", FetchOutcome.TOO_LARGE),
    ("max redirections reached", FetchOutcome.REDIRECT_LOOP),
)


def classify(failure: Failure) -> tuple[FetchOutcome, int | None, str]:
    """(outcome, HTTP status if one was received, reason text) for a request's failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return FetchOutcome.HTTP_ERROR, status, f"HTTP {status}"
    if isinstance(exc, GovwatchRefusal):
        return exc.outcome, exc.status, _text(exc)
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        outcome = next((o for text, o in _BY_MESSAGE if text in message), FetchOutcome.OTHER_ERROR)
        return outcome, None, _text(exc)
    return _by_type(exc), None, _text(exc)


def _by_type(exc: BaseException) -> FetchOutcome:
    for candidate in _causes(exc):
        for types, outcome in _BY_TYPE:
            if isinstance(candidate, types):
                return outcome
    if isinstance(exc, (DownloadFailedError, ResponseFailed)):
        return FetchOutcome.CONNECTION_RESET
    return FetchOutcome.OTHER_ERROR


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, what it wraps (Twisted's reasons lists, __cause__), depth-first."""
    found: list[BaseException] = []
    stack: list[BaseException] = [exc]
    while stack and len(found) < 20:
        current = stack.pop()
        found.append(current)
        for reason in getattr(current, "reasons", None) or ():
            stack.append(reason.value if isinstance(reason, Failure) else reason)
        if current.__cause__ is not None:
            stack.append(current.__cause__)
    return found


def _text(exc: BaseException) -> str:
    message = str(exc).strip()
    for cause in _causes(exc)[1:]:
        if str(cause).strip() and str(cause) not in message:
            message = f"{message} ({type(cause).__name__}: {cause})" if message else str(cause)
            break
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text[:_ERROR_MAX]


# Scrapy's warnings about what a sweep records as an outcome (too_large): data, not something to act on.
_RECORDED_WARNINGS = (
    ("scrapy.downloadermiddlewares.httpcompression", "DOWNLOAD_MAXSIZE"),
    ("scrapy.core.downloader.handlers.http11", "download max size"),
)


class RecordedOutcomeFilter(logging.Filter):
    """Lowers to DEBUG the warnings of a condition stored as a page's outcome (a gzip bomb over the size
    limit is the page's "too_large"), so the crawl's stderr keeps only warnings a user should act on."""

    def __init__(self, needle: str):
        super().__init__()
        self.needle = needle

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and self.needle in str(record.msg):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"  # handlers filter by this level
        return True


def quiet_recorded_warnings() -> None:
    """Install RecordedOutcomeFilter on the loggers that warn about recorded outcomes."""
    for name, needle in _RECORDED_WARNINGS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RecordedOutcomeFilter) for f in logger.filters):
            logger.addFilter(RecordedOutcomeFilter(needle))
