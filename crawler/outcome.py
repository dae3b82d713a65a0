"""FetchOutcome: how every request of a sweep ended, success or failure, as data."""

from __future__ import annotations

from enum import StrEnum


class FetchOutcome(StrEnum):
    """The end of one request. Failures are values, never exceptions (DESIGN rule 2)."""

    OK = "ok"
    HTTP_ERROR = "http_error"  # 4xx/5xx; the status code says which
    TIMEOUT = "timeout"
    DNS = "dns"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_RESET = "connection_reset"
    TOO_LARGE = "too_large"  # body (or its decompressed form) over max_response_bytes
    REDIRECT_LOOP = "redirect_loop"
    BLOCKED = "blocked"  # anti-bot: 412 or a JavaScript challenge page
    ROBOTS = "robots"  # disallowed by robots.txt under the "obey" policy
    PRIVATE_ADDRESS = "private_address"  # resolved to loopback/private/link-local, not allowed
    OTHER_ERROR = "other_error"

    @property
    def is_failure(self) -> bool:
        return self is not FetchOutcome.OK

    @property
    def label_zh(self) -> str:
        return _LABELS_ZH[self]


_LABELS_ZH = {
    FetchOutcome.OK: "正常",
    FetchOutcome.HTTP_ERROR: "HTTP错误",
    FetchOutcome.TIMEOUT: "超时",
    FetchOutcome.DNS: "域名解析失败",
    FetchOutcome.CONNECTION_REFUSED: "连接被拒绝",
    FetchOutcome.CONNECTION_RESET: "连接被重置",
    FetchOutcome.TOO_LARGE: "响应过大",
    FetchOutcome.REDIRECT_LOOP: "重定向循环",
    FetchOutcome.BLOCKED: "被防护拦截",
    FetchOutcome.ROBOTS: "robots禁止",
    FetchOutcome.PRIVATE_ADDRESS: "内网地址已拒绝",
    FetchOutcome.OTHER_ERROR: "其他错误",
}
